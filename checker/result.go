package checker

import (
	"fmt"
	"time"
)

// Status says why a run ended.
type Status string

const (
	// StatusComplete: every state within the bounds was explored.
	StatusComplete Status = "complete"
	// StatusViolation: the run stopped at a violation (Options.KeepGoing off).
	StatusViolation Status = "violation"
	// StatusMaxStates: Options.MaxStates was reached.
	StatusMaxStates Status = "max-states"
	// StatusMaxMemory: Options.MaxMemoryBytes was exceeded.
	StatusMaxMemory Status = "max-memory"
	// StatusInterrupted: the context was cancelled.
	StatusInterrupted Status = "interrupted"
	// StatusIOError: the parent links could not be written to disk; Message
	// says why. No trace can be rebuilt.
	StatusIOError Status = "io-error"
)

// PropertyStatus is the verdict on one property.
type PropertyStatus string

const (
	// Holds: no violation in the explored states (exhaustive only when
	// Result.Exhaustive is true).
	Holds PropertyStatus = "holds"
	// Violated: a counterexample was found.
	Violated PropertyStatus = "violated"
	// Reached: a reachable goal was reached; the example is its first path.
	Reached PropertyStatus = "reached"
	// Unreached: a reachable goal was not reached in the explored states.
	Unreached PropertyStatus = "unreached"
)

// PropertyResult is the verdict on one property, with its trace when there
// is one: a counterexample when violated, an example when reached.
type PropertyResult struct {
	Name   string         `json:"name"`
	Kind   Kind           `json:"kind"`
	Status PropertyStatus `json:"status"`
	// Depth is the depth of the violating or goal state (the number of states
	// on the trace); 0 when there is no trace.
	Depth int    `json:"depth,omitempty"`
	Trace *Trace `json:"trace,omitempty"`
}

// Result holds the figures and verdicts of a Check run.
type Result struct {
	Status Status `json:"status"`
	// Message explains a stop other than completion, e.g. the memory figures.
	Message string `json:"message,omitempty"`
	// Interrupted is set when the context was cancelled; the figures are the
	// ones reached so far.
	Interrupted bool `json:"interrupted"`

	// States counts every generated state within the constraints: initial
	// states and every successor, already seen or not (Stateright's count).
	States uint64 `json:"states"`
	// Unique counts distinct fingerprints.
	Unique uint64 `json:"unique"`
	// Pruned counts successors not explored because Next returned Pruned or
	// they lie outside a constraint (initial states included).
	Pruned uint64 `json:"pruned"`
	// Depth is the greatest depth of a state found; initial states are at
	// depth 1.
	Depth int `json:"depth"`
	// MaxDepth is the depth bound (Options.Depth); 0 when unbounded.
	MaxDepth int `json:"max_depth"`
	// DepthBounded is set when states at the depth bound were left
	// unexpanded, so the search was not exhaustive.
	DepthBounded bool `json:"depth_bounded"`
	// Exhaustive is set when the run completed without a depth bound cutting
	// it short: a property that holds, holds in every reachable state.
	Exhaustive bool `json:"exhaustive"`

	// Symmetry is set when states were identified up to a renaming of the
	// symmetric domains (Options.Symmetry): Unique then counts classes.
	Symmetry bool `json:"symmetry"`

	Workers      int           `json:"workers"`
	Duration     time.Duration `json:"duration_ns"`
	StatesPerSec float64       `json:"states_per_sec"`

	// TableBytes is the memory of the fingerprint table at the end.
	TableBytes uint64 `json:"table_bytes"`
	// FrontierBytes is the most memory the queued states of the BFS held at
	// once (two levels, packed unless the state type holds pointers). With
	// TableBytes it is the checker's own memory.
	FrontierBytes uint64 `json:"frontier_bytes"`
	// ParentLogBytes is the size the file of parent links reached on disk
	// (in the temporary directory; removed when Check returns).
	ParentLogBytes uint64 `json:"parent_log_bytes"`
	// HeapBytes is the Go heap in use at the end of the run (live and not yet
	// collected objects, the checker's and the model's).
	HeapBytes uint64 `json:"heap_bytes"`

	// Properties lists the checked properties in declaration order, then
	// deadlock (when Options.Deadlock is set) and fault (when one occurred).
	// Constraints are not listed.
	Properties []PropertyResult `json:"properties"`
	// Warnings are remarks that do not fail the run, such as goals never
	// reached.
	Warnings []string `json:"warnings,omitempty"`
}

// OK reports whether no property was violated and no fault occurred.
// Unreached goals do not count against it.
func (r *Result) OK() bool {
	if r.Status == StatusIOError {
		return false
	}
	for i := range r.Properties {
		if r.Properties[i].Status == Violated {
			return false
		}
	}
	return true
}

// Property returns the result for the named property, or nil.
func (r *Result) Property(name string) *PropertyResult {
	return findProperty(r.Properties, name)
}

// Traces returns the counterexamples and examples in property order.
func (r *Result) Traces() []*Trace { return tracesOf(r.Properties) }

// Summary returns the final progress line of the run:
// "Done. states=924710, unique=259150, depth=10, sec=3".
func (r *Result) Summary() string {
	return Snapshot{States: r.States, Unique: r.Unique, Depth: r.Depth, Elapsed: r.Duration, Done: true}.String()
}

func findProperty(ps []PropertyResult, name string) *PropertyResult {
	for i := range ps {
		if ps[i].Name == name {
			return &ps[i]
		}
	}
	return nil
}

func tracesOf(ps []PropertyResult) []*Trace {
	var out []*Trace
	for i := range ps {
		if ps[i].Trace != nil {
			out = append(out, ps[i].Trace)
		}
	}
	return out
}

// unreachedWarning is the warning for a goal never reached.
func unreachedWarning(name string, maxDepth int, exhaustive bool) string {
	switch {
	case exhaustive:
		return fmt.Sprintf("reachable %s: never reached (every reachable state explored)", name)
	case maxDepth > 0:
		return fmt.Sprintf("reachable %s: not reached within depth %d", name, maxDepth)
	}
	return fmt.Sprintf("reachable %s: not reached in the explored states", name)
}
