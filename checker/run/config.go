package run

import (
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/spf13/pflag"
)

// Config holds the options of a check run, as set by the flags.
type Config struct {
	Depth      int
	Workers    int
	Format     string // "text" or "json"
	KeepGoing  bool
	Deadlock   bool
	Symmetry   bool
	MaxStates  uint64
	MaxMemory  string // bytes with an optional KiB/MiB/GiB suffix, or a percentage of RAM
	FullState  bool
	NoExamples bool
	Quiet      bool // no progress lines
	TraceOut   string
	Diagram    string // a sequence diagram of one trace: FILE.svg or FILE.mmd
	DiagramOf  string // the property or goal whose trace --diagram draws

	Simulate bool
	Walks    int
	Steps    int
	Seed     uint64
}

// DepthHelp states the depth convention for --help texts.
const DepthHelp = "depth bound: initial states are at depth 1, so --depth 10 explores paths of up to 9 actions (as Stateright counts); 0 explores until no new state appears"

// AddFlags registers the check flags on fs.
func (c *Config) AddFlags(fs *pflag.FlagSet) {
	fs.IntVar(&c.Depth, "depth", 0, DepthHelp)
	fs.IntVar(&c.Workers, "workers", 0, "goroutines expanding states (0: GOMAXPROCS); results do not depend on it")
	fs.StringVar(&c.Format, "format", "text", "output format: text or json")
	fs.BoolVar(&c.KeepGoing, "keep-going", false, "keep checking after a violation; report one counterexample per property")
	fs.BoolVar(&c.Deadlock, "deadlock", false, "report states in which no action is enabled")
	fs.BoolVar(&c.Symmetry, "symmetry", false, "explore one state per class of states that differ only by renaming a symmetric domain (up to n! fewer for n servers)")
	fs.Uint64Var(&c.MaxStates, "max-states", 0, "stop after this many unique states (0: no limit)")
	fs.StringVar(&c.MaxMemory, "max-memory", "75%", "stop cleanly when memory use exceeds this: bytes (e.g. 8GiB) or a percentage of RAM; 0 disables")
	fs.BoolVar(&c.FullState, "full-state", false, "print every variable at every step of a trace, not only those that changed")
	fs.BoolVar(&c.NoExamples, "no-examples", false, "do not print the example paths of reached goals")
	fs.BoolVarP(&c.Quiet, "quiet", "q", false, "no progress lines on stderr")
	fs.StringVar(&c.TraceOut, "trace-out", "", "write every counterexample and example to FILE as JSON lines")
	fs.StringVar(&c.Diagram, "diagram", "", "draw the first counterexample (or, with none, the first goal's example) as a sequence diagram: FILE.svg, or FILE.mmd for Mermaid")
	fs.StringVar(&c.DiagramOf, "diagram-of", "", "with --diagram: the property whose counterexample, or goal whose example, to draw")
	fs.BoolVar(&c.Simulate, "simulate", false, "run random walks instead of breadth-first search")
	fs.IntVar(&c.Walks, "walks", 1000, "with --simulate: number of random walks")
	fs.IntVar(&c.Steps, "steps", 100, "with --simulate: most actions per walk")
	fs.Uint64Var(&c.Seed, "seed", 1, "with --simulate: seed; the same seed gives the same walks")
}

// Validate rejects inconsistent options.
func (c *Config) Validate() error {
	if c.Format != "text" && c.Format != "json" {
		return fmt.Errorf("invalid --format %q: want text or json", c.Format)
	}
	if c.Depth < 0 {
		return fmt.Errorf("invalid --depth %d: must be at least 0", c.Depth)
	}
	if c.Symmetry && c.Simulate {
		return fmt.Errorf("--symmetry applies to breadth-first search, not to --simulate, whose walks never merge states")
	}
	if _, err := parseMemory(c.MaxMemory, totalMemory); err != nil {
		return err
	}
	if c.DiagramOf != "" && c.Diagram == "" {
		return fmt.Errorf("--diagram-of needs --diagram")
	}
	if c.Diagram != "" {
		if _, err := diagramRenderer(c.Diagram); err != nil {
			return err
		}
	}
	return nil
}

// parseMemory reads a byte count ("512MiB", "8GiB", "1000000") or a
// percentage of total memory ("75%"). 0 means no limit.
func parseMemory(s string, total func() uint64) (uint64, error) {
	s = strings.TrimSpace(s)
	if s == "" || s == "0" {
		return 0, nil
	}
	if p, ok := strings.CutSuffix(s, "%"); ok {
		f, err := strconv.ParseFloat(p, 64)
		if err != nil || f <= 0 || f > 100 {
			return 0, fmt.Errorf("invalid --max-memory %q: want a percentage in (0, 100]", s)
		}
		return uint64(float64(total()) * f / 100), nil
	}
	mult := uint64(1)
	for _, u := range []struct {
		suffix string
		mult   uint64
	}{{"KiB", 1 << 10}, {"MiB", 1 << 20}, {"GiB", 1 << 30}, {"TiB", 1 << 40}, {"B", 1}} {
		if v, ok := strings.CutSuffix(s, u.suffix); ok {
			s, mult = v, u.mult
			break
		}
	}
	n, err := strconv.ParseUint(strings.TrimSpace(s), 10, 64)
	if err != nil {
		return 0, fmt.Errorf("invalid --max-memory %q: want bytes with an optional KiB, MiB, GiB or TiB suffix, or a percentage", s)
	}
	return n * mult, nil
}

// totalMemory returns the machine's physical memory in bytes, or 0 when it
// cannot be read (a percentage limit then disables the guard).
func totalMemory() uint64 {
	b, err := os.ReadFile("/proc/meminfo")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "MemTotal:"); ok {
			f := strings.Fields(rest)
			if len(f) >= 1 {
				kb, err := strconv.ParseUint(f[0], 10, 64)
				if err == nil {
					return kb << 10
				}
			}
		}
	}
	return 0
}
