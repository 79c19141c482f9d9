package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/rspec/rspec/explore"
	"github.com/rspec/rspec/generated/raftspec"
)

func newExploreCmd() *cobra.Command {
	var (
		flags explore.Flags
		defs  []string
	)
	cmd := &cobra.Command{
		Use:   "explore [SPEC.rsl]",
		Short: "Step through a model in a web page, with a sequence diagram of the messages",
		Long: `explore serves the Explorer on a local address: a page on which you take the
model's actions one at a time (a timeout, the delivery of a message, a
crash), see every node's state and the messages in flight, which invariants
hold and which goals the path has reached, and a sequence diagram of the
path so far. The path is kept in the URL, so reload, back and forward work
and a URL can be shared.

The page can jump to counterexamples and examples: those in a trace file
written by rspec check --trace-out (--traces), or those of a check it runs on
demand at a small depth.

With no SPEC, or with spec/raft.rsl unchanged, it serves the Raft model
compiled into rspec. With another spec or -D constants it generates and
builds that model in a cache directory, as rspec check does, and serves it.

The server listens on loopback addresses only.`,
		Example: `  rspec explore
  rspec check --depth 10 --trace-out traces.jsonl; rspec explore --traces traces.jsonl
  rspec explore -D N=5 --addr 127.0.0.1:8080
  rspec explore my.rsl`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			stdout, stderr := cmd.OutOrStdout(), cmd.ErrOrStderr()
			spec, code := specToBuild(stderr, "explore", args, defs)
			switch {
			case code != exitOK:
			case spec == nil:
				code = runExplore(ctx, flags, stdout, stderr)
			default:
				code = runBuiltCommand(ctx, "explore", spec, append([]string{"explore"}, forwardedFlags(cmd.Flags())...), stdout, stderr)
			}
			if code != exitOK {
				return &exitError{code: code}
			}
			return nil
		},
	}
	flags.AddFlags(cmd.Flags())
	addDefineFlag(cmd, &defs)
	return cmd
}

// runExplore serves the Explorer for the compiled-in model until ctx is done.
func runExplore(ctx context.Context, flags explore.Flags, stdout, stderr io.Writer) int {
	opts := explore.Options{Name: raftspec.SpecName, Source: raftspec.SpecSource}
	if err := explore.Run(ctx, raftspec.New(), opts, flags, stdout); err != nil {
		fmt.Fprintf(stderr, "rspec explore: %v\n", err)
		return exitUsage
	}
	return exitOK
}
