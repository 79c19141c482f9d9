package conformance

import (
	"context"
	"errors"
	"fmt"

	"github.com/rspec/rspec/checker"
	"github.com/rspec/rspec/generated/raftspec"
)

// ErrBadTrace is wrapped by the error of a trace that does not replay on
// the spec: it was written by another spec, or edited.
var ErrBadTrace = errors.New("trace does not replay on the spec")

// Traces replays traces written by the model checker (rspec check
// --trace-out, checker.WriteTraces) against the runtime. Each trace is
// first followed through the spec by its labels, as checker.Replay does; a
// trace whose last step faulted in the spec is replayed up to that step.
// It stops at the first divergence, the one of the least trace.
func Traces(ctx context.Context, traces []*checker.Trace, opts Options) (*Result, error) {
	if len(traces) == 0 {
		return nil, fmt.Errorf("no traces to replay")
	}
	m := raftspec.New()
	paths := make([][]raftspec.Action, len(traces))
	for k, t := range traces {
		acts, err := traceActions(m, t)
		if err != nil {
			return nil, fmt.Errorf("trace %d (%s %s): %w", k+1, t.Kind, t.Property, err)
		}
		paths[k] = acts
	}
	res := &Result{Mode: fmt.Sprintf("%d traces", len(traces)), Traces: len(traces)}
	run := func(m *raftspec.Model, x *stepper, k int, cov *coverage) (*Divergence, error) {
		return replayPath(m, x, paths[k], cov)
	}
	return replayAll(ctx, res, len(traces), opts, run)
}

// traceActions returns the spec actions a trace takes, found by their labels
// in the states checker.Replay visits.
func traceActions(m *raftspec.Model, t *checker.Trace) ([]raftspec.Action, error) {
	states, err := checker.Replay(m, t)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrBadTrace, err)
	}
	var acts []raftspec.Action
	var nx raftspec.State
	for i := 0; i+1 < len(states); i++ {
		label := t.Steps[i+1].Label
		found := false
		for _, a := range m.Actions(&states[i], nil) {
			if m.Label(&states[i], a) != label {
				continue
			}
			if o, err := m.Next(&states[i], a, &nx); err == nil && o == checker.Enabled && nx == states[i+1] {
				acts, found = append(acts, a), true
				break
			}
		}
		if !found {
			return nil, fmt.Errorf("%w: step %d: no action labelled %s", ErrBadTrace, i+2, label)
		}
	}
	return acts, nil
}

// replayPath replays a spec path from the initial state and records what it
// covers.
func replayPath(m *raftspec.Model, x *stepper, acts []raftspec.Action, cov *coverage) (*Divergence, error) {
	nodes, div, err := initialNodes(m)
	if err != nil || div != nil {
		return div, err
	}
	cur := nodes[0]
	cov.states[cur.fp] = struct{}{}
	var nx raftspec.State
	for i, a := range acts {
		if label, f := x.disabled(m, cur.c, &cur.st); f != nil {
			return &Divergence{Trace: append(labels(m, acts[:i]), label), Reason: f.reason, Diff: f.diff}, nil
		}
		if _, err := m.Next(&cur.st, a, &nx); err != nil {
			return nil, fmt.Errorf("spec fault: %w", err)
		}
		c, f := x.step(cur.c, &cur.st, a, &nx)
		if f != nil {
			return &Divergence{Trace: labels(m, acts[:i+1]), Reason: f.reason, Diff: f.diff}, nil
		}
		cov.transitions[transition{fp: cur.fp, a: a}] = struct{}{}
		cur = node{st: nx, fp: m.Fingerprint(&nx), c: c}
		cov.states[cur.fp] = struct{}{}
	}
	return nil, nil
}
