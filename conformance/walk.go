package conformance

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"time"

	"github.com/rspec/rspec/checker"
	"github.com/rspec/rspec/generated/raftspec"
)

// transition names a spec transition: the state it leaves and the action.
type transition struct {
	fp uint64
	a  raftspec.Action
}

// coverage is the set of spec states and transitions a worker replayed.
type coverage struct {
	states      map[uint64]struct{}
	transitions map[transition]struct{}
}

func newCoverage() *coverage {
	return &coverage{states: map[uint64]struct{}{}, transitions: map[transition]struct{}{}}
}

func (c *coverage) merge(d *coverage) {
	for k := range d.states {
		c.states[k] = struct{}{}
	}
	for k := range d.transitions {
		c.transitions[k] = struct{}{}
	}
}

// Walks replays random walks of the spec against the runtime: walk k starts
// at the initial state and takes up to steps actions, each chosen uniformly
// among the enabled ones (transitions the spec prunes are not taken) by a
// generator seeded with (seed, k), so a run is reproducible whatever the
// number of workers. A walk ends early in a state with no enabled action.
// It stops at the first divergence, the one of the least walk.
func Walks(ctx context.Context, walks, steps int, seed uint64, opts Options) (*Result, error) {
	if walks < 1 || steps < 1 {
		return nil, fmt.Errorf("walks %d, steps %d: both must be at least 1", walks, steps)
	}
	res := &Result{Mode: fmt.Sprintf("%d random walks of up to %d steps (seed %d)", walks, steps, seed), Traces: walks}
	run := func(m *raftspec.Model, x *stepper, k int, cov *coverage) (*Divergence, error) {
		rng := rand.New(rand.NewPCG(seed, uint64(k)))
		return walk(m, x, rng, steps, cov)
	}
	return replayAll(ctx, res, walks, opts, run)
}

// replayAll runs n replays (walks or traces) on the workers, each replay k
// by run, and fills in res. It keeps the divergence of the least replay.
func replayAll(ctx context.Context, res *Result, n int, opts Options,
	run func(m *raftspec.Model, x *stepper, k int, cov *coverage) (*Divergence, error)) (*Result, error) {
	start := time.Now()
	m := raftspec.New()
	w := min(opts.workers(), n)
	xs, cleanup, err := opts.newSteppers(w)
	if err != nil {
		return nil, err
	}
	defer cleanup()
	var (
		next  atomic.Int64
		stop  atomic.Int64 // least replay that diverged or failed
		mu    sync.Mutex
		first = n
		div   *Divergence
		ferr  error
		covs  = make([]*coverage, w)
		wg    sync.WaitGroup
	)
	stop.Store(int64(n))
	for i := range w {
		covs[i] = newCoverage()
		wg.Go(func() {
			for {
				k := int(next.Add(1) - 1)
				if k >= n || int64(k) > stop.Load() || ctx.Err() != nil {
					return
				}
				d, err := run(m, xs[i], k, covs[i])
				if d == nil && err == nil {
					continue
				}
				lower(&stop, int64(k))
				mu.Lock()
				if k < first {
					first, div, ferr = k, d, err
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	cov := newCoverage()
	for i := range w {
		cov.merge(covs[i])
		res.Counts.merge(&xs[i].counts)
	}
	res.States, res.Transitions = uint64(len(cov.states)), uint64(len(cov.transitions))
	res.Steps = res.Counts.Steps()
	res.Divergence = div
	if div != nil || ferr != nil {
		res.Traces = first + 1 // every earlier replay ran
	}
	res.Duration = time.Since(start)
	if ferr == nil {
		ferr = ctx.Err()
	}
	return res, ferr
}

// walk replays one random walk and records what it covers.
func walk(m *raftspec.Model, x *stepper, rng *rand.Rand, steps int, cov *coverage) (*Divergence, error) {
	nodes, div, err := initialNodes(m)
	if err != nil || div != nil {
		return div, err
	}
	cur := nodes[0]
	cov.states[cur.fp] = struct{}{}
	var (
		acts    []raftspec.Action
		enabled []raftspec.Action
		succs   []raftspec.State
		done    []raftspec.Action
		nx      raftspec.State
	)
	for range steps {
		if label, f := x.disabled(m, cur.c, &cur.st); f != nil {
			return &Divergence{Trace: append(labels(m, done), label), Reason: f.reason, Diff: f.diff}, nil
		}
		acts = m.Actions(&cur.st, acts[:0])
		enabled, succs = enabled[:0], succs[:0]
		for _, a := range acts {
			o, err := m.Next(&cur.st, a, &nx)
			if err != nil {
				return nil, fmt.Errorf("spec fault after %v: %w", m.Label(&cur.st, a), err)
			}
			if o == checker.Enabled {
				enabled, succs = append(enabled, a), append(succs, nx)
			}
		}
		if len(enabled) == 0 {
			break
		}
		k := rng.IntN(len(enabled))
		a, nx := enabled[k], succs[k]
		done = append(done, a)
		c, f := x.step(cur.c, &cur.st, a, &nx)
		if f != nil {
			return &Divergence{Trace: labels(m, done), Reason: f.reason, Diff: f.diff}, nil
		}
		cov.transitions[transition{fp: cur.fp, a: a}] = struct{}{}
		cur = node{st: nx, fp: m.Fingerprint(&nx), c: c}
		cov.states[cur.fp] = struct{}{}
	}
	return nil, nil
}
