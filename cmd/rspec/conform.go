package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/rspec/rspec/checker"
	"github.com/rspec/rspec/conformance"
	"github.com/rspec/rspec/generated/raftspec"
)

// conformFlags are the flags of rspec conform.
type conformFlags struct {
	depth, walks, steps int
	seed                uint64
	trace               string
	workers             int
	fileEvery           int
	tempDir             string
}

func newConformCmd() *cobra.Command {
	var f conformFlags
	cmd := &cobra.Command{
		Use:   "conform (--depth N | --walks K [--steps L] [--seed S] | --trace FILE)",
		Short: "Replay the Raft spec's behaviours against the runtime and report the first divergence",
		Long: `conform holds the hand-written Raft runtime (runtime/core, runtime/storage) to
the compiled spec (generated/raftspec, from spec/raft.rsl). It replays spec
behaviours against real cores, step by step: after every step the runtime must
have accepted the event, sent exactly the messages the spec sent, persisted
what its core holds, returned a Ready that asks for exactly the step's changes,
and reached a state that abstracts to the spec's. In every state it must also
ignore or refuse the events the spec does not enable (a timeout at a leader, a
heartbeat or a proposal at a non-leader).

Behaviours come from one of:
  --depth N    every transition of the spec's state graph up to depth N
               (initial state at depth 1), shared prefixes replayed once
  --walks K    K random walks of up to --steps actions, reproducible by --seed
  --trace F    traces written by rspec check --trace-out

On the first divergence it prints the trace up to that step, the action and
the field-by-field difference, and exits with status 1. It exits 0 when the
runtime agrees on every step and 2 on usage errors.`,
		Example: `  rspec conform --depth 10
  rspec conform --walks 1000 --steps 40 --seed 7
  rspec check --depth 8 --trace-out t.jsonl && rspec conform --trace t.jsonl`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			if code := runConform(ctx, cmd, f); code != exitOK {
				return &exitError{code: code}
			}
			return nil
		},
	}
	fl := cmd.Flags()
	fl.IntVar(&f.depth, "depth", 0, "replay every transition up to this depth")
	fl.IntVar(&f.walks, "walks", 0, "replay this many random walks")
	fl.IntVar(&f.steps, "steps", 50, "actions per random walk at most")
	fl.Uint64Var(&f.seed, "seed", 1, "seed of the random walks")
	fl.StringVar(&f.trace, "trace", "", "replay the traces in this JSON-lines file")
	fl.IntVar(&f.workers, "workers", 0, "goroutines that replay (default GOMAXPROCS)")
	fl.IntVar(&f.fileEvery, "file-storage-every", conformance.DefaultFileStorageEvery,
		"restart every K-th crash (and each worker's first) through a real FileStorage; 1: all, negative: none")
	fl.StringVar(&f.tempDir, "temp-dir", "", "directory for FileStorage restarts (default the system's)")
	return cmd
}

// runConform runs one conformance replay and returns the exit code.
func runConform(ctx context.Context, cmd *cobra.Command, f conformFlags) int {
	stdout, stderr := cmd.OutOrStdout(), cmd.ErrOrStderr()
	modes := 0
	for _, set := range []bool{cmd.Flags().Changed("depth"), cmd.Flags().Changed("walks"), f.trace != ""} {
		if set {
			modes++
		}
	}
	if modes != 1 {
		fmt.Fprintln(stderr, "rspec conform: give exactly one of --depth, --walks and --trace")
		return exitUsage
	}
	if f.workers < 0 {
		fmt.Fprintf(stderr, "rspec conform: --workers %d: must not be negative\n", f.workers)
		return exitUsage
	}
	if f.fileEvery == 0 {
		fmt.Fprintln(stderr, "rspec conform: --file-storage-every 0: give a positive K, or a negative one for none")
		return exitUsage
	}
	opts := conformance.Options{Workers: f.workers, FileStorageEvery: f.fileEvery, TempDir: f.tempDir}
	fmt.Fprintf(stdout, "rspec conform: %s (%s, N=%d) against runtime/core\n", raftspec.SpecSource, raftspec.SpecName, raftspec.N)
	var res *conformance.Result
	var err error
	switch {
	case f.trace != "":
		traces, rerr := checker.ReadTraceFile(f.trace)
		if rerr != nil {
			fmt.Fprintf(stderr, "rspec conform: %v\n", rerr)
			return exitUsage
		}
		res, err = conformance.Traces(ctx, traces, opts)
	case cmd.Flags().Changed("walks"):
		res, err = conformance.Walks(ctx, f.walks, f.steps, f.seed, opts)
	default:
		res, err = conformance.Exhaustive(ctx, f.depth, opts)
	}
	return reportConform(stdout, stderr, res, err)
}

// reportConform prints the divergence, if any, and the figures, and
// returns the exit code.
func reportConform(stdout, stderr io.Writer, res *conformance.Result, err error) int {
	if res == nil {
		fmt.Fprintf(stderr, "rspec conform: %v\n", err)
		return exitUsage
	}
	if res.Divergence != nil {
		fmt.Fprint(stdout, res.Divergence.Report())
	}
	fmt.Fprint(stdout, res.Summary())
	switch {
	case err != nil:
		fmt.Fprintf(stderr, "rspec conform: %v\n", err)
		return exitUsage
	case res.Divergence != nil:
		fmt.Fprintln(stdout, "FAIL: the runtime diverges from the spec")
		return exitViolation
	}
	fmt.Fprintln(stdout, "OK: the runtime agrees with the spec on every step replayed")
	return exitOK
}
