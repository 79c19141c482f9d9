package conformance

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/rspec/rspec/checker"
	"github.com/rspec/rspec/generated/raftspec"
)

// path is a spec path from the initial state, as a persistent list of
// actions shared between the states of a breadth-first search.
type path struct {
	parent *path
	act    raftspec.Action
}

// actions returns the actions of p, first first.
func (p *path) actions() []raftspec.Action {
	var out []raftspec.Action
	for ; p != nil; p = p.parent {
		out = append(out, p.act)
	}
	slices.Reverse(out)
	return out
}

// node is a spec state of the search with the runtime cluster that reached
// it and the path that leads to it.
type node struct {
	st raftspec.State
	fp uint64
	c  *Cluster
	p  *path
}

// Exhaustive replays every transition of the spec's state graph up to the
// given depth (the checker's convention: initial states are at depth 1, so
// paths have up to depth-1 actions) against the runtime. It walks the graph
// breadth first keeping a runtime cluster beside each spec state, so that a
// prefix shared by many paths is replayed once: every reachable state
// within the depth is expanded once, at its least depth, and every
// transition out of it is replayed once, on a clone of its cluster. It stops
// at the first divergence, the one with the least path in the order of the
// search.
func Exhaustive(ctx context.Context, depth int, opts Options) (*Result, error) {
	if depth < 1 {
		return nil, fmt.Errorf("depth %d: must be at least 1", depth)
	}
	start := time.Now()
	m := raftspec.New()
	res := &Result{Mode: fmt.Sprintf("exhaustive to depth %d", depth)}
	xs, cleanup, err := opts.newSteppers(opts.workers())
	if err != nil {
		return nil, err
	}
	defer cleanup()

	frontier, div, err := initialNodes(m)
	if err != nil || div != nil {
		res.Divergence = div
		return res, err
	}
	visited := make(map[uint64]struct{}, 1024)
	for _, n := range frontier {
		visited[n.fp] = struct{}{}
	}
	for d := 1; d < depth && len(frontier) > 0; d++ {
		if err := ctx.Err(); err != nil {
			return res, err
		}
		leaf := d+1 == depth // successors lie at the bound: not expanded
		outs := expandLevel(m, frontier, visited, xs, leaf)
		var next []node
		for _, o := range outs {
			res.Transitions += o.transitions
			res.Pruned += o.pruned
			if o.err != nil {
				return res, o.err
			}
			for _, n := range o.found {
				if _, ok := visited[n.fp]; ok {
					continue
				}
				visited[n.fp] = struct{}{}
				if !leaf {
					next = append(next, n)
				}
			}
		}
		if f := firstFailure(outs); f != nil {
			res.Divergence = divergenceAt(m, f)
			break
		}
		frontier = next
	}
	res.States = uint64(len(visited))
	for _, x := range xs {
		res.Counts.merge(&x.counts)
	}
	res.Steps = res.Counts.Steps()
	res.Duration = time.Since(start)
	return res, nil
}

// initialNodes returns the spec's initial states, each with a fresh cluster
// that must abstract to it.
func initialNodes(m *raftspec.Model) ([]node, *Divergence, error) {
	var out []node
	for _, st := range m.Init() {
		c, err := NewCluster()
		if err != nil {
			return nil, nil, err
		}
		if diff := Diff(&st, c); len(diff) > 0 {
			return nil, &Divergence{Trace: []string{checker.InitLabel}, Reason: "the initial runtime state differs from the spec", Diff: diff}, nil
		}
		out = append(out, node{st: st, fp: m.Fingerprint(&st), c: c})
	}
	return out, nil, nil
}

// levelOut is what one worker found expanding its share of a level.
type levelOut struct {
	found       []node // successors not seen before the level, first reached first
	transitions uint64
	pruned      uint64
	fail        *failAt
	err         error
}

// failAt is a failed step: the path to the state it was taken in, the
// action, and what went wrong.
type failAt struct {
	index int // position of the state in the level
	act   int // position of the action among the state's actions; -1 for a disabled event
	p     *path
	a     raftspec.Action
	label string // the disabled event's label, when act is -1
	f     *failure
}

// expandLevel expands the states of one level, split among the workers in
// contiguous shares, and returns each share's findings in order.
func expandLevel(m *raftspec.Model, level []node, visited map[uint64]struct{}, xs []*stepper, leaf bool) []levelOut {
	w := min(len(xs), len(level))
	outs := make([]levelOut, w)
	var stop atomic.Int64 // least level position with a failure
	stop.Store(int64(len(level)))
	var wg sync.WaitGroup
	for k := range w {
		lo, hi := k*len(level)/w, (k+1)*len(level)/w
		wg.Go(func() {
			outs[k] = expandShare(m, level, lo, hi, visited, xs[k], leaf, &stop)
		})
	}
	wg.Wait()
	return outs
}

// expandShare expands level[lo:hi]. visited is only read. A worker stops
// past the least failing position found so far, so that the failure kept
// is the first in level order whatever the number of workers.
func expandShare(m *raftspec.Model, level []node, lo, hi int, visited map[uint64]struct{}, x *stepper, leaf bool, stop *atomic.Int64) levelOut {
	var out levelOut
	seen := map[uint64]struct{}{}
	var acts []raftspec.Action
	var nx raftspec.State
	for i := lo; i < hi && int64(i) <= stop.Load(); i++ {
		n := &level[i]
		if label, f := x.disabled(m, n.c, &n.st); f != nil {
			out.fail = &failAt{index: i, act: -1, p: n.p, label: label, f: f}
			lower(stop, int64(i))
			return out
		}
		acts = m.Actions(&n.st, acts[:0])
		for ai, a := range acts {
			o, err := m.Next(&n.st, a, &nx)
			if err != nil {
				out.err = fmt.Errorf("spec fault after %v: %w", m.Label(&n.st, a), err)
				return out
			}
			switch o {
			case checker.Disabled:
				continue
			case checker.Pruned:
				out.pruned++
				continue
			}
			out.transitions++
			c, f := x.step(n.c, &n.st, a, &nx)
			if f != nil {
				out.fail = &failAt{index: i, act: ai, p: n.p, a: a, f: f}
				lower(stop, int64(i))
				return out
			}
			fp := m.Fingerprint(&nx)
			if _, ok := visited[fp]; ok {
				continue
			}
			if _, ok := seen[fp]; ok {
				continue
			}
			seen[fp] = struct{}{}
			if leaf {
				c = nil
			}
			out.found = append(out.found, node{st: nx, fp: fp, c: c, p: &path{parent: n.p, act: a}})
		}
	}
	return out
}

// lower sets v to x if x is smaller.
func lower(v *atomic.Int64, x int64) {
	for old := v.Load(); x < old && !v.CompareAndSwap(old, x); old = v.Load() {
	}
}

// firstFailure returns the failure with the least (state, action) position.
func firstFailure(outs []levelOut) *failAt {
	var best *failAt
	for _, o := range outs {
		if f := o.fail; f != nil && (best == nil || f.index < best.index || (f.index == best.index && f.act < best.act)) {
			best = f
		}
	}
	return best
}

// divergenceAt rebuilds the labels of a failed step's path.
func divergenceAt(m *raftspec.Model, f *failAt) *Divergence {
	if f.act < 0 {
		return &Divergence{Trace: append(labels(m, f.p.actions()), f.label), Reason: f.f.reason, Diff: f.f.diff}
	}
	acts := append(f.p.actions(), f.a)
	return &Divergence{Trace: labels(m, acts), Reason: f.f.reason, Diff: f.f.diff}
}

// labels replays acts from the initial state and returns their labels,
// "Init" first.
func labels(m *raftspec.Model, acts []raftspec.Action) []string {
	out := []string{checker.InitLabel}
	s := m.Init()[0]
	var nx raftspec.State
	for _, a := range acts {
		out = append(out, m.Label(&s, a))
		if o, err := m.Next(&s, a, &nx); err != nil || o == checker.Disabled {
			break
		}
		s = nx
	}
	return out
}
