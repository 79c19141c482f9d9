package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime"
	"runtime/pprof"
	"strings"
	"time"
)

// options are the command's flags.
type options struct {
	inflight int
	duration time.Duration
	count    int
	warmup   time.Duration
	payload  int
	rounds   int
	systems  []string
	dir      string
	cpuprof  string
	catchup  int
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	o, err := parseFlags(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintln(stderr, "bench:", err)
		return 2
	}
	if o.cpuprof != "" {
		f, err := os.Create(o.cpuprof)
		if err != nil {
			fmt.Fprintln(stderr, "bench:", err)
			return 1
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			fmt.Fprintln(stderr, "bench:", err)
			return 1
		}
		defer pprof.StopCPUProfile()
	}
	if err := bench(ctx, o, stdout, stderr); err != nil {
		fmt.Fprintln(stderr, "bench:", err)
		return 1
	}
	return 0
}

func parseFlags(args []string, stderr io.Writer) (options, error) {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var o options
	var systems string
	fs.IntVar(&o.inflight, "inflight", 256, "proposals in flight (closed-loop clients)")
	fs.DurationVar(&o.duration, "duration", 10*time.Second, "measured time per system and round, after the warm-up")
	fs.IntVar(&o.count, "count", 0, "measure this many proposals per system and round instead of a duration")
	fs.DurationVar(&o.warmup, "warmup", 2*time.Second, "load before measuring, not counted")
	fs.IntVar(&o.payload, "payload", 64, "bytes of data in each proposal")
	fs.IntVar(&o.rounds, "rounds", 1, "times to run every system, in turn")
	fs.StringVar(&systems, "systems", strings.Join(systemNames(), ","), "comma-separated systems to run")
	fs.StringVar(&o.dir, "dir", "", "parent of the nodes' data directories (default: the system's temporary directory)")
	fs.StringVar(&o.cpuprof, "cpuprofile", "", "write a CPU profile of the whole run to this file")
	fs.IntVar(&o.catchup, "catchup", 1_000_000, "entries a follower is behind in the catch-up run (0: no catch-up run)")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if fs.NArg() > 0 {
		return o, fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	switch {
	case o.inflight < 1:
		return o, errors.New("-inflight must be at least 1")
	case o.count < 0:
		return o, errors.New("-count must not be negative")
	case o.count == 0 && o.duration <= 0:
		return o, errors.New("-duration must be positive")
	case o.warmup < 0:
		return o, errors.New("-warmup must not be negative")
	case o.payload < 0:
		return o, errors.New("-payload must not be negative")
	case o.rounds < 1:
		return o, errors.New("-rounds must be at least 1")
	case o.catchup < 0:
		return o, errors.New("-catchup must not be negative")
	}
	for _, s := range strings.Split(systems, ",") {
		s = strings.TrimSpace(s)
		if s == "" {
			continue
		}
		if findSystem(s) == nil {
			return o, fmt.Errorf("unknown system %q (have %s)", s, strings.Join(systemNames(), ", "))
		}
		o.systems = append(o.systems, s)
	}
	if len(o.systems) == 0 {
		return o, errors.New("no systems to run")
	}
	return o, nil
}

// bench runs every system o.rounds times and prints the figures.
func bench(ctx context.Context, o options, stdout, stderr io.Writer) error {
	load := fmt.Sprintf("%s measured after %s warm-up", o.duration, o.warmup)
	if o.count > 0 {
		load = fmt.Sprintf("%d proposals measured after %s warm-up", o.count, o.warmup)
	}
	fmt.Fprintf(stdout, "3-node clusters on loopback TCP, fsync on; %d proposals in flight, %d-byte payloads; %s\n",
		o.inflight, o.payload, load)
	fmt.Fprintf(stdout, "%s %s/%s, GOMAXPROCS %d\n\n", runtime.Version(), runtime.GOOS, runtime.GOARCH, runtime.GOMAXPROCS(0))
	all := map[string][]result{}
	for round := 1; round <= o.rounds; round++ {
		var rs []result
		for _, name := range o.systems {
			fmt.Fprintf(stderr, "round %d: %s...\n", round, name)
			r, err := runSystem(ctx, findSystem(name), o)
			if err != nil {
				return fmt.Errorf("round %d: %s: %w", round, name, err)
			}
			rs = append(rs, r)
			all[name] = append(all[name], r)
		}
		if o.rounds > 1 {
			fmt.Fprintf(stdout, "round %d\n", round)
		}
		report(stdout, rs)
	}
	if o.rounds > 1 {
		var rs []result
		for _, name := range o.systems {
			rs = append(rs, merge(all[name]))
		}
		fmt.Fprintf(stdout, "all %d rounds\n", o.rounds)
		report(stdout, rs)
	}
	if o.catchup > 0 {
		fmt.Fprintf(stderr, "catch-up of %d entries...\n", o.catchup)
		if err := catchUp(ctx, o, stdout); err != nil {
			return err
		}
	}
	return nil
}

// report prints one line per result, then rspec's ratios to the others.
func report(w io.Writer, rs []result) {
	fmt.Fprintf(w, "%-20s %12s %9s %9s %10s %7s\n", "system", "committed/s", "p50", "p99", "proposals", "errors")
	var ours *result
	for i, r := range rs {
		fmt.Fprintf(w, "%-20s %12.0f %9s %9s %10d %7d\n",
			r.name, r.throughput(), ms(r.percentile(50)), ms(r.percentile(99)), len(r.lat), r.errors)
		if r.name == nameRspec {
			ours = &rs[i]
		}
	}
	for _, r := range rs {
		if ours == nil || r.name == nameRspec {
			continue
		}
		fmt.Fprintf(w, "rspec / %-20s throughput %.2fx, p50 %.2fx, p99 %.2fx\n", r.name+":",
			ours.throughput()/r.throughput(),
			float64(ours.percentile(50))/float64(r.percentile(50)),
			float64(ours.percentile(99))/float64(r.percentile(99)))
	}
	fmt.Fprintln(w)
}

func ms(d time.Duration) string {
	return fmt.Sprintf("%.1fms", float64(d)/float64(time.Millisecond))
}
