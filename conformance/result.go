package conformance

import (
	"fmt"
	"os"
	"runtime"
	"strings"
	"time"

	"github.com/rspec/rspec/generated/raftspec"
)

// DefaultFileStorageEvery is the default Options.FileStorageEvery.
const DefaultFileStorageEvery = 100

// Options configures a conformance run. The zero value is usable.
type Options struct {
	// Workers is the number of goroutines that replay; 0 means GOMAXPROCS.
	// The figures and the divergence reported do not depend on it.
	Workers int
	// FileStorageEvery chooses how restarts are replayed: each worker sends
	// its first restart and every FileStorageEvery-th after it through a
	// real FileStorage (written, closed, reopened from its files), the
	// others through MemStorage.Crash. 0 means DefaultFileStorageEvery; 1
	// sends every restart through FileStorage; negative never does.
	FileStorageEvery int
	// TempDir is the directory under which FileStorage restarts write;
	// "" means os.TempDir().
	TempDir string
}

func (o *Options) workers() int {
	if o.Workers > 0 {
		return o.Workers
	}
	return runtime.GOMAXPROCS(0)
}

func (o *Options) fileEvery() int {
	switch {
	case o.FileStorageEvery == 0:
		return DefaultFileStorageEvery
	case o.FileStorageEvery < 0:
		return 0
	}
	return o.FileStorageEvery
}

// newSteppers makes one stepper per worker, with a fresh directory for its
// FileStorage restarts under a new temporary directory; cleanup removes it.
func (o *Options) newSteppers(n int) (_ []*stepper, cleanup func(), err error) {
	base, err := os.MkdirTemp(o.TempDir, "rspec-conform-")
	if err != nil {
		return nil, nil, fmt.Errorf("temporary directory: %w", err)
	}
	xs := make([]*stepper, n)
	for w := range xs {
		xs[w] = &stepper{fileEvery: o.fileEvery(), dir: fmt.Sprintf("%s/w%d", base, w)}
	}
	return xs, func() { os.RemoveAll(base) }, nil
}

// Counts are the steps a run replayed, by spec action, and how restarts
// were replayed.
type Counts struct {
	Actions      [raftspec.ActionCrash + 1]uint64 // by raftspec.ActionKind
	FileRestarts uint64                           // Crash through FileStorage
	MemRestarts  uint64                           // Crash through MemStorage.Crash
	// Disabled counts the events checked in states where the spec does not
	// enable them (a timeout at a leader, a heartbeat or a proposal at a
	// non-leader): the runtime must ignore or refuse them.
	Disabled uint64
}

func (c *Counts) add(k raftspec.ActionKind) {
	if int(k) < len(c.Actions) {
		c.Actions[k]++
	}
}

func (c *Counts) merge(d *Counts) {
	for k := range c.Actions {
		c.Actions[k] += d.Actions[k]
	}
	c.FileRestarts += d.FileRestarts
	c.MemRestarts += d.MemRestarts
	c.Disabled += d.Disabled
}

// Steps returns the number of steps counted.
func (c *Counts) Steps() uint64 {
	var n uint64
	for _, v := range c.Actions {
		n += v
	}
	return n
}

// actionNames are the names of the spec's action kinds in figures.
var actionNames = [...]string{
	raftspec.ActionTimeout:           "Timeout",
	raftspec.ActionOnPreVoteRequest:  "Deliver PreVoteRequest",
	raftspec.ActionOnPreVoteResponse: "Deliver PreVoteResponse",
	raftspec.ActionOnVoteRequest:     "Deliver VoteRequest",
	raftspec.ActionOnVoteResponse:    "Deliver VoteResponse",
	raftspec.ActionClientRequest:     "ClientRequest",
	raftspec.ActionHeartbeat:         "Heartbeat",
	raftspec.ActionOnLogRequest:      "Deliver LogRequest",
	raftspec.ActionOnLogResponse:     "Deliver LogResponse",
	raftspec.ActionCheckQuorum:       "CheckQuorum",
	raftspec.ActionCrash:             "Crash",
}

// ActionName returns the name of action kind k in figures.
func ActionName(k raftspec.ActionKind) string {
	if int(k) < len(actionNames) && actionNames[k] != "" {
		return actionNames[k]
	}
	return fmt.Sprintf("Action(%d)", k)
}

// Result is the outcome of a conformance run and its figures.
type Result struct {
	// Mode describes the run: "exhaustive to depth 10", "100 random walks
	// of up to 50 steps (seed 1)", "5 traces from t.jsonl".
	Mode string
	// Traces is the number of traces or walks replayed; 0 for an
	// exhaustive run, which replays the state graph instead.
	Traces int
	// Steps is the number of runtime steps replayed (Counts.Steps).
	Steps uint64
	// States and Transitions are the distinct spec states reached and the
	// distinct spec transitions replayed. An exhaustive run to depth D
	// covers every state within depth D (initial states at depth 1) and
	// every transition out of states of depth below D.
	States      uint64
	Transitions uint64
	// Pruned counts spec transitions that the spec's own bounds prune (a
	// send to a full network): they are not in the state graph and are not
	// replayed.
	Pruned   uint64
	Counts   Counts
	Duration time.Duration
	// Divergence is the first step where the runtime and the spec
	// disagree; nil when they agree on every step replayed.
	Divergence *Divergence
}

// OK reports whether no divergence was found.
func (r *Result) OK() bool { return r.Divergence == nil }

// StepsPerSec returns the replay rate.
func (r *Result) StepsPerSec() float64 {
	if r.Duration <= 0 {
		return 0
	}
	return float64(r.Steps) / r.Duration.Seconds()
}

// Divergence is a step where the runtime did not do what the spec did.
type Divergence struct {
	// Trace holds the labels of the spec path, "Init" first and the
	// diverging action last.
	Trace []string
	// Reason says what went wrong: the runtime refused the event, had no
	// such message in flight, or reached a different state.
	Reason string
	// Diff lists the differences field by field.
	Diff []string
}

// Action returns the label of the diverging action.
func (d *Divergence) Action() string { return d.Trace[len(d.Trace)-1] }

// Error describes the divergence on one line.
func (d *Divergence) Error() string {
	s := fmt.Sprintf("divergence at step %d, %s: %s", len(d.Trace)-1, d.Action(), d.Reason)
	if len(d.Diff) > 0 {
		s += ": " + strings.Join(d.Diff, "; ")
	}
	return s
}

// Report writes the divergence as the CLI prints it: the trace up to the
// step, the action, and the field-by-field diff.
func (d *Divergence) Report() string {
	var b strings.Builder
	fmt.Fprintf(&b, "DIVERGENCE at step %d: %s\n", len(d.Trace)-1, d.Action())
	b.WriteString("trace:\n")
	for i, l := range d.Trace {
		mark := ""
		if i == len(d.Trace)-1 {
			mark = "   <- diverges"
		}
		fmt.Fprintf(&b, "  %3d  %s%s\n", i, l, mark)
	}
	fmt.Fprintf(&b, "%s\n", d.Reason)
	for _, l := range d.Diff {
		fmt.Fprintf(&b, "  %s\n", l)
	}
	return b.String()
}

// Summary writes the figures of the run, one per line.
func (r *Result) Summary() string {
	var b strings.Builder
	fmt.Fprintf(&b, "mode          %s\n", r.Mode)
	if r.Traces > 0 {
		fmt.Fprintf(&b, "traces        %d\n", r.Traces)
	}
	fmt.Fprintf(&b, "steps         %d\n", r.Steps)
	fmt.Fprintf(&b, "spec states   %d distinct\n", r.States)
	fmt.Fprintf(&b, "transitions   %d distinct", r.Transitions)
	if r.Pruned > 0 {
		fmt.Fprintf(&b, " (%d more pruned by the spec's network bound, not replayed)", r.Pruned)
	}
	b.WriteString("\nactions      ")
	for k := raftspec.ActionTimeout; int(k) < len(r.Counts.Actions); k++ {
		fmt.Fprintf(&b, " %s %d", ActionName(k), r.Counts.Actions[k])
		if k < raftspec.ActionCrash {
			b.WriteByte(',')
		}
	}
	fmt.Fprintf(&b, "\nrestarts      %d through FileStorage, %d through MemStorage.Crash\n", r.Counts.FileRestarts, r.Counts.MemRestarts)
	fmt.Fprintf(&b, "disabled      %d events the spec does not enable, ignored or refused\n", r.Counts.Disabled)
	fmt.Fprintf(&b, "time          %.2fs, %.0f steps/s\n", r.Duration.Seconds(), r.StepsPerSec())
	return b.String()
}
