package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"syscall"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	checkrun "github.com/rspec/rspec/checker/run"
	"github.com/rspec/rspec/generated/raftspec"
	"github.com/rspec/rspec/ir"
)

// defaultSpec is the spec compiled into this binary, relative to the
// repository root.
const defaultSpec = "spec/raft.rsl"

func newCheckCmd() *cobra.Command {
	var (
		cfg  checkrun.Config
		defs []string
	)
	cmd := &cobra.Command{
		Use:   "check [SPEC.rsl]",
		Short: "Model-check a spec: every reachable state up to a depth, all properties",
		Long: `check explores the state space of a spec breadth-first and checks every
invariant, transition property and reachable goal, printing the shortest
counterexample of a violated property and an example path for each goal.

With no SPEC (or with spec/raft.rsl unchanged and no -D) it checks the Raft
model compiled into rspec, and warns if spec/raft.rsl has changed since. For
any other spec or constants it generates the model into a cache directory
(RSPEC_CACHE, default the user cache dir), builds it with the Go toolchain
and runs it with the same flags.

Depth: ` + checkrun.DepthHelp + `.

Exit status: 0 when every property holds (unreached goals only warn), 1 on a
violation or model fault, 2 on usage or spec errors.`,
		Example: `  rspec check --depth 10
  rspec check --depth 12 -D MaxCrashes=0
  rspec check --depth 14 --symmetry
  rspec check -D Lossy=true -D MaxInFlight=3 --symmetry --depth 20
  rspec check --simulate --walks 10000 --steps 60 --seed 7
  rspec check my.rsl --depth 8 --trace-out traces.jsonl`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			code := runCheck(ctx, cmd, args, cfg, defs)
			if code != exitOK {
				return &exitError{code: code}
			}
			return nil
		},
	}
	cfg.AddFlags(cmd.Flags())
	addDefineFlag(cmd, &defs)
	return cmd
}

// runCheck decides which model to check and checks it.
func runCheck(ctx context.Context, cmd *cobra.Command, args []string, cfg checkrun.Config, defs []string) int {
	stdout, stderr := cmd.OutOrStdout(), cmd.ErrOrStderr()
	if err := cfg.Validate(); err != nil {
		fmt.Fprintf(stderr, "rspec check: %v\n", err)
		return exitUsage
	}
	spec, code := specToBuild(stderr, "check", args, defs)
	switch {
	case code != exitOK:
		return code
	case spec == nil:
		return checkrun.Run(ctx, raftspec.New(), cfg, stdout, stderr)
	}
	return runBuiltCommand(ctx, "check", spec, forwardedFlags(cmd.Flags()), stdout, stderr)
}

// specToBuild decides which model a command works on: it returns a nil spec
// for the model compiled into rspec (no SPEC argument and no -D, or a spec
// identical to it), or the checked spec to build. With no SPEC and no -D
// it uses the compiled-in model even when spec/raft.rsl has changed, with a
// warning. A non-zero code is an error already printed.
func specToBuild(stderr io.Writer, name string, args, defs []string) (*ir.Spec, int) {
	consts, err := parseDefines(defs)
	if err != nil {
		fmt.Fprintf(stderr, "rspec %s: %v\n", name, err)
		return nil, exitUsage
	}
	path, explicit := defaultSpec, len(args) == 1
	if explicit {
		path = args[0]
	}
	if !explicit && len(consts) == 0 {
		if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
			return nil, exitOK // outside the repository: nothing to compare
		}
	}
	spec, err := loadSpec(stderr, path, consts)
	if err != nil {
		fmt.Fprintf(stderr, "rspec %s: %v\n", name, err)
		return nil, exitUsage
	}
	switch {
	case spec == nil:
		return nil, exitUsage
	case spec.Hash == raftspec.SpecHash:
		return nil, exitOK
	case !explicit && len(consts) == 0:
		fmt.Fprintf(stderr, "rspec %s: warning: the compiled-in model is stale against %s; run `go generate ./...` (using the compiled-in model)\n", name, path)
		return nil, exitOK
	}
	return spec, exitOK
}

// runBuiltCommand builds a checker binary for spec and runs it with argv:
// check flags, or "explore" and explore flags.
func runBuiltCommand(ctx context.Context, name string, spec *ir.Spec, argv []string, stdout, stderr io.Writer) int {
	b, err := newCheckerBuild(spec, stderr)
	if err != nil {
		fmt.Fprintf(stderr, "rspec %s: %v\n", name, err)
		return exitUsage
	}
	fmt.Fprintf(stderr, "building a checker for %s in %s\n", spec.File, b.dir)
	bin, err := b.build(ctx)
	if err != nil {
		fmt.Fprintf(stderr, "rspec %s: %v\n", name, err)
		return exitUsage
	}
	c := exec.CommandContext(ctx, bin, argv...)
	c.Stdout, c.Stderr = stdout, stderr
	c.Cancel = func() error { return c.Process.Signal(os.Interrupt) } // let it print the figures so far
	if err := c.Run(); err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) && ee.ExitCode() >= 0 {
			return ee.ExitCode()
		}
		if ctx.Err() != nil && c.ProcessState != nil && c.ProcessState.ExitCode() >= 0 {
			return c.ProcessState.ExitCode() // interrupted, and it stopped cleanly
		}
		fmt.Fprintf(stderr, "rspec %s: run %s: %v\n", name, bin, err)
		return exitUsage
	}
	return exitOK
}

// forwardedFlags renders the check flags the user set, for a built checker.
func forwardedFlags(fs *pflag.FlagSet) []string {
	var out []string
	fs.Visit(func(f *pflag.Flag) {
		if f.Name == "define" || f.Name == "help" {
			return
		}
		out = append(out, "--"+f.Name+"="+f.Value.String())
	})
	return out
}
