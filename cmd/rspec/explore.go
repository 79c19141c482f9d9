package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/rspec/rspec/checker"
	"github.com/rspec/rspec/explore"
	"github.com/rspec/rspec/generated/raftspec"
)

func newExploreCmd() *cobra.Command {
	var (
		addr   string
		traces string
	)
	cmd := &cobra.Command{
		Use:   "explore",
		Short: "Step through the Raft model in a web page, with a sequence diagram of the messages",
		Long: `explore serves the Explorer on a local address: a page on which you take the
model's actions one at a time (a timeout, the delivery of a message, a
crash), see every node's state and the messages in flight, which invariants
hold and which goals the path has reached, and a sequence diagram of the
path so far. The path is kept in the URL, so reload, back and forward work
and a URL can be shared.

The page can jump to counterexamples and examples: those in a trace file
written by rspec check --trace-out (--traces), or those of a check it runs on
demand at a small depth.

It serves the Raft model compiled into rspec (spec/raft.rsl with its default
constants); other specs and -D constants are not supported yet.

The server listens on loopback addresses only.`,
		Example: `  rspec explore
  rspec check --depth 10 --trace-out traces.jsonl; rspec explore --traces traces.jsonl
  rspec explore --addr 127.0.0.1:8080`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			if code := runExplore(ctx, addr, traces, cmd.OutOrStdout(), cmd.ErrOrStderr()); code != exitOK {
				return &exitError{code: code}
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&addr, "addr", "127.0.0.1:3000", "loopback address to listen on (port 0 picks a free port)")
	cmd.Flags().StringVar(&traces, "traces", "", "offer the counterexamples and examples of this trace file (from rspec check --trace-out)")
	return cmd
}

// runExplore serves the Explorer until ctx is done.
func runExplore(ctx context.Context, addr, tracePath string, stdout, stderr io.Writer) int {
	opts := explore.Options{Name: raftspec.SpecName, Source: raftspec.SpecSource}
	if tracePath != "" {
		ts, err := readExploreTraces(tracePath)
		if err != nil {
			fmt.Fprintf(stderr, "rspec explore: %v\n", err)
			return exitUsage
		}
		opts.Traces = ts
	}
	ln, err := listenLoopback(addr)
	if err != nil {
		fmt.Fprintf(stderr, "rspec explore: %v\n", err)
		return exitUsage
	}
	srv := &http.Server{Handler: explore.New(raftspec.New(), opts).Handler(), ReadHeaderTimeout: 10 * time.Second}
	fmt.Fprintf(stdout, "Explorer for %s at http://%s/ (Ctrl-C to stop)\n", raftspec.SpecSource, ln.Addr())
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case err := <-done:
		fmt.Fprintf(stderr, "rspec explore: %v\n", err)
		return exitUsage
	case <-ctx.Done():
	}
	shut, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	_ = srv.Shutdown(shut)
	return exitOK
}

// listenLoopback listens on addr, which must name a loopback host.
func listenLoopback(addr string) (net.Listener, error) {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, fmt.Errorf("invalid --addr %q: %w", addr, err)
	}
	ip := net.ParseIP(host)
	if host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return nil, fmt.Errorf("invalid --addr %q: the Explorer listens on loopback addresses only (127.0.0.1, ::1, localhost)", addr)
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("listen on %s: %w", addr, err)
	}
	return ln, nil
}

// readExploreTraces reads a trace file written by rspec check --trace-out.
func readExploreTraces(path string) ([]*checker.Trace, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read traces: %w", err)
	}
	defer f.Close()
	ts, err := checker.ReadTraces(f)
	if err != nil {
		return nil, fmt.Errorf("read traces %s: %w", path, err)
	}
	if len(ts) == 0 {
		return nil, errors.New("read traces " + path + ": no traces in the file")
	}
	return ts, nil
}
