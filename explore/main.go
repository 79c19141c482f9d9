package explore

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/spf13/pflag"

	"github.com/rspec/rspec/checker"
)

// Flags are the command-line options of an Explorer: rspec explore's, and
// those of the checker binaries rspec builds for other specs.
type Flags struct {
	Addr   string // loopback address to listen on
	Traces string // a trace file written by rspec check --trace-out
}

// AddFlags registers the Explorer flags on fs.
func (f *Flags) AddFlags(fs *pflag.FlagSet) {
	fs.StringVar(&f.Addr, "addr", "127.0.0.1:3000", "loopback address to listen on (port 0 picks a free port)")
	fs.StringVar(&f.Traces, "traces", "", "offer the counterexamples and examples of this trace file (from rspec check --trace-out)")
}

// Main parses args as Explorer flags and serves the Explorer for m until
// SIGINT or SIGTERM. It returns 0, or 2 on bad flags or a failure to serve.
// It is the "explore" entry of checker binaries built for a spec.
func Main[S any, A any](m checker.Model[S, A], opts Options, args []string) int {
	var f Flags
	fs := pflag.NewFlagSet("explore", pflag.ContinueOnError)
	f.AddFlags(fs)
	if err := fs.Parse(args); err != nil {
		fmt.Fprintf(os.Stderr, "rspec explore: %v\n", err)
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := Run(ctx, m, opts, f, os.Stdout); err != nil {
		fmt.Fprintf(os.Stderr, "rspec explore: %v\n", err)
		return 2
	}
	return 0
}

// Run serves the Explorer for m as f says until ctx is done. It prints the
// page's URL on stdout.
func Run[S any, A any](ctx context.Context, m checker.Model[S, A], opts Options, f Flags, stdout io.Writer) error {
	if f.Traces != "" {
		ts, err := checker.ReadTraceFile(f.Traces)
		if err != nil {
			return err
		}
		opts.Traces = ts
	}
	ln, err := ListenLoopback(f.Addr)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: New(m, opts).Handler(), ReadHeaderTimeout: 10 * time.Second}
	fmt.Fprintf(stdout, "Explorer for %s at http://%s/ (Ctrl-C to stop)\n", opts.Source, ln.Addr())
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	shut, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	_ = srv.Shutdown(shut)
	return nil
}

// ListenLoopback listens on addr, which must name a loopback host.
func ListenLoopback(addr string) (net.Listener, error) {
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
