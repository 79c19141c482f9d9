package run

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/rspec/rspec/checker"
	"github.com/spf13/pflag"
)

// Exit codes of a check run.
const (
	ExitOK        = 0 // every property holds (unreached goals only warn)
	ExitViolation = 1 // a property was violated or the model faulted
	ExitUsage     = 2 // bad flags or options
)

// Main parses args as check flags, runs the check until done or interrupted
// (SIGINT/SIGTERM stop it cleanly with the figures so far) and returns the
// exit code. It is the main of checker binaries built for a spec.
func Main[S any, A any](m checker.Model[S, A], args []string) int {
	var c Config
	fs := pflag.NewFlagSet("check", pflag.ContinueOnError)
	c.AddFlags(fs)
	if err := fs.Parse(args); err != nil {
		fmt.Fprintf(os.Stderr, "rspec check: %v\n", err)
		return ExitUsage
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return Run(ctx, m, c, os.Stdout, os.Stderr)
}

// Run checks m as c says, printing progress on stderr and the result on
// stdout, and returns the exit code.
func Run[S any, A any](ctx context.Context, m checker.Model[S, A], c Config, stdout, stderr io.Writer) int {
	if err := c.Validate(); err != nil {
		fmt.Fprintf(stderr, "rspec check: %v\n", err)
		return ExitUsage
	}
	if c.Simulate {
		return simulate(ctx, m, c, stdout, stderr)
	}
	maxMem, _ := parseMemory(c.MaxMemory, totalMemory)
	opts := checker.Options{
		Depth:          c.Depth,
		Workers:        c.Workers,
		KeepGoing:      c.KeepGoing,
		Deadlock:       c.Deadlock,
		Symmetry:       c.Symmetry,
		MaxStates:      c.MaxStates,
		MaxMemoryBytes: maxMem,
	}
	if !c.Quiet {
		// Progress lines go to stderr; the final "Done." line goes to stdout
		// with the report.
		opts.OnProgress = func(p checker.Snapshot) {
			if !p.Done {
				fmt.Fprintln(stderr, p.String())
			}
		}
	}
	res, err := checker.Check(ctx, m, opts)
	if err != nil && res == nil {
		fmt.Fprintf(stderr, "rspec check: %v\n", err)
		return ExitUsage
	}
	if err != nil {
		fmt.Fprintf(stderr, "rspec check: %v\n", err)
	}
	if code := writeTraces(c.TraceOut, res.Traces(), stderr); code != ExitOK {
		return code
	}
	if c.Format == "json" {
		return withDiagram(m, c, res.Traces(), finish(writeJSON(stdout, res), res.OK(), stderr), stderr)
	}
	fmt.Fprintln(stdout, res.Summary())
	code := finish(checker.WriteReport(stdout, res, reportOptions(c)), res.OK(), stderr)
	return withDiagram(m, c, res.Traces(), code, stderr)
}

func simulate[S any, A any](ctx context.Context, m checker.Model[S, A], c Config, stdout, stderr io.Writer) int {
	res, err := checker.Simulate(ctx, m, checker.SimOptions{
		Walks: c.Walks, Steps: c.Steps, Seed: c.Seed, Workers: c.Workers,
		KeepGoing: c.KeepGoing, Deadlock: c.Deadlock,
	})
	if err != nil && res == nil {
		fmt.Fprintf(stderr, "rspec check: %v\n", err)
		return ExitUsage
	}
	if err != nil {
		fmt.Fprintf(stderr, "rspec check: %v\n", err)
	}
	if code := writeTraces(c.TraceOut, res.Traces(), stderr); code != ExitOK {
		return code
	}
	if c.Format == "json" {
		return withDiagram(m, c, res.Traces(), finish(writeJSON(stdout, res), res.OK(), stderr), stderr)
	}
	fmt.Fprintf(stdout, "Done. walks=%d, steps=%d, states=%d, pruned=%d, seed=%d, sec=%d\n",
		res.Walks, res.Steps, res.States, res.Pruned, res.Seed, int(res.Duration.Seconds()))
	if res.Message != "" {
		fmt.Fprintf(stdout, "stopped: %s\n", res.Message)
	}
	r := &checker.Result{Properties: res.Properties, Warnings: res.Warnings, Status: res.Status,
		States: res.States, Pruned: res.Pruned}
	code := finish(writeSimReport(stdout, r, reportOptions(c)), res.OK(), stderr)
	return withDiagram(m, c, res.Traces(), code, stderr)
}

// writeSimReport prints the verdicts of a simulation, which has no depth
// figures of its own.
func writeSimReport(w io.Writer, r *checker.Result, opts checker.ReportOptions) error {
	for i := range r.Properties {
		p := &r.Properties[i]
		fmt.Fprintf(w, "%s %s: %s\n", p.Kind, p.Name, p.Status)
		if p.Trace != nil && (p.Status == checker.Violated || !opts.NoExamples) {
			if err := checker.WriteTraceText(w, p.Trace, opts); err != nil {
				return err
			}
		}
	}
	for _, s := range r.Warnings {
		fmt.Fprintf(w, "warning: %s\n", s)
	}
	return nil
}

func reportOptions(c Config) checker.ReportOptions {
	return checker.ReportOptions{FullState: c.FullState, NoExamples: c.NoExamples}
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// writeTraces writes the traces to path as JSON lines when path is set.
func writeTraces(path string, traces []*checker.Trace, stderr io.Writer) int {
	if path == "" {
		return ExitOK
	}
	f, err := os.Create(path)
	if err != nil {
		fmt.Fprintf(stderr, "rspec check: write traces: %v\n", err)
		return ExitUsage
	}
	err = checker.WriteTraces(f, traces)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		fmt.Fprintf(stderr, "rspec check: write traces to %s: %v\n", path, err)
		return ExitUsage
	}
	return ExitOK
}

func finish(err error, ok bool, stderr io.Writer) int {
	if err != nil {
		fmt.Fprintf(stderr, "rspec check: write result: %v\n", err)
		return ExitUsage
	}
	if !ok {
		return ExitViolation
	}
	return ExitOK
}
