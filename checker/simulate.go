package checker

import (
	"context"
	"runtime"
	"sync"
	"sync/atomic"
	"time"
)

// SimOptions configure Simulate.
type SimOptions struct {
	// Walks is the number of random walks; 0 means 1000.
	Walks int
	// Steps is the most actions a walk takes; 0 means 100.
	Steps int
	// Seed selects the walks. Walk i draws from a generator seeded from Seed
	// and i alone, so a result is reproducible from (Seed, Walks, Steps)
	// whatever Workers is, and ReplayWalk rebuilds any single walk.
	Seed uint64
	// Workers is the number of goroutines running walks; 0 means GOMAXPROCS.
	Workers int
	// KeepGoing runs every walk and keeps one counterexample per property
	// (from the walk with the smallest index). By default the simulation
	// stops at the walk with the smallest index that finds a violation.
	KeepGoing bool
	// Deadlock reports a walk that reaches a state with no enabled action.
	Deadlock bool
}

// SimResult holds the figures and verdicts of a simulation.
type SimResult struct {
	Status      Status `json:"status"`
	Message     string `json:"message,omitempty"`
	Interrupted bool   `json:"interrupted"`
	Seed        uint64 `json:"seed"`
	// Walks counts the walks run.
	Walks int `json:"walks"`
	// Steps counts the actions taken; States counts the states visited,
	// initial ones included, repeats included.
	Steps  uint64 `json:"steps"`
	States uint64 `json:"states"`
	// Pruned counts steps not taken because they were pruned or left a
	// constraint.
	Pruned       uint64        `json:"pruned"`
	Workers      int           `json:"workers"`
	Duration     time.Duration `json:"duration_ns"`
	StatesPerSec float64       `json:"states_per_sec"`
	// Properties lists verdicts as in Result; a property's Depth is the number
	// of states on its trace.
	Properties []PropertyResult `json:"properties"`
	Warnings   []string         `json:"warnings,omitempty"`
}

// OK reports whether no property was violated and no fault occurred.
func (r *SimResult) OK() bool { return (&Result{Properties: r.Properties}).OK() }

// Property returns the result for the named property, or nil.
func (r *SimResult) Property(name string) *PropertyResult { return findProperty(r.Properties, name) }

// Traces returns the counterexamples and examples in property order.
func (r *SimResult) Traces() []*Trace { return tracesOf(r.Properties) }

// simBatch is the number of walks run between two merges of the results.
const simBatch = 1024

func (o SimOptions) withDefaults() (SimOptions, error) {
	if o.Walks < 0 || o.Steps < 0 || o.Workers < 0 {
		return o, errorf(ErrBadOptions, "negative walks, steps or workers")
	}
	if o.Walks == 0 {
		o.Walks = 1000
	}
	if o.Steps == 0 {
		o.Steps = 100
	}
	if o.Workers == 0 {
		o.Workers = runtime.GOMAXPROCS(0)
	}
	return o, nil
}

// hit is where a walk violated or reached a check: the smaller, the better.
type hit struct {
	ok         bool
	walk, step int
	action     int
}

func (h hit) less(g hit) bool {
	return !g.ok || h.walk < g.walk || h.walk == g.walk && h.step < g.step
}

// Simulate runs random walks through the model, checking invariants and
// transitions at every step and noting goals. Each walk starts from a random
// initial state and takes random enabled actions until it has taken
// opts.Steps actions, violates a property, or has no action to take. The
// result is deterministic for given options unless ctx is cancelled, in
// which case it holds the figures so far with Interrupted set.
func Simulate[S any, A any](ctx context.Context, m Model[S, A], opts SimOptions) (*SimResult, error) {
	opts, err := opts.withDefaults()
	if err != nil {
		return nil, err
	}
	ps, err := newPropSet(m.Properties(), opts.Deadlock)
	if err != nil {
		return nil, err
	}
	start := time.Now()
	s := &sim[S, A]{m: m, ps: &ps, opts: opts, inits: m.Init()}
	s.best = make([]hit, ps.len())
	s.goalBest = make([]hit, len(ps.goals))
	res := &SimResult{Seed: opts.Seed, Workers: opts.Workers, Status: StatusComplete}
	for lo := 0; lo < opts.Walks; lo += simBatch {
		if ctx.Err() != nil {
			res.Status, res.Interrupted = StatusInterrupted, true
			res.Message = "interrupted: " + context.Cause(ctx).Error()
			break
		}
		if s.batch(ctx, lo, min(lo+simBatch, opts.Walks), res) && !opts.KeepGoing {
			res.Status = StatusViolation
			break
		}
	}
	res.Duration = time.Since(start)
	res.StatesPerSec = perSecond(res.States, res.Duration)
	s.verdicts(res)
	return res, nil
}

// sim is the state of one Simulate call.
type sim[S any, A any] struct {
	m        Model[S, A]
	ps       *propSet[S]
	opts     SimOptions
	inits    []S
	ends     [simBatch]walkEnd
	done     [simBatch]bool
	best     []hit // per check: the first violation
	goalBest []hit // per goal: the first state reaching it
}

// batch runs walks [lo, hi), adds their figures and hits to res and s, and
// reports whether a violation was found. Without KeepGoing, walks after the
// first violating one are dropped so the figures do not depend on timing.
func (s *sim[S, A]) batch(ctx context.Context, lo, hi int, res *SimResult) bool {
	clear(s.done[:])
	var next atomic.Int64
	next.Store(int64(lo))
	var stopAt atomic.Int64 // walks at or after it are not needed
	stopAt.Store(int64(hi))
	var wg sync.WaitGroup
	for range s.opts.Workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w := newWalker(s.m, s.ps, s.inits)
			for ctx.Err() == nil {
				i := int(next.Add(1) - 1)
				if i >= int(stopAt.Load()) {
					return
				}
				e := &s.ends[i-lo]
				w.walk(s.opts.Seed, i, s.opts.Steps, e, nil)
				s.done[i-lo] = true
				if e.check >= 0 && !s.opts.KeepGoing {
					for v := stopAt.Load(); int64(i+1) < v && !stopAt.CompareAndSwap(v, int64(i+1)); v = stopAt.Load() {
					}
				}
			}
		}()
	}
	wg.Wait()
	violated := false
	for i := lo; i < int(stopAt.Load()); i++ {
		if !s.done[i-lo] {
			continue
		}
		e := &s.ends[i-lo]
		res.Walks++
		res.States += uint64(e.states)
		res.Steps += uint64(e.steps)
		res.Pruned += uint64(e.pruned)
		for gi, step := range e.goals {
			if h := (hit{ok: true, walk: i, step: step}); step >= 0 && h.less(s.goalBest[gi]) {
				s.goalBest[gi] = h
			}
		}
		if e.check >= 0 {
			violated = true
			if h := (hit{ok: true, walk: i, step: e.step, action: e.action}); h.less(s.best[e.check]) {
				s.best[e.check] = h
			}
		}
	}
	return violated
}

// verdicts fills res.Properties, rebuilding the trace of every hit by
// running its walk again.
func (s *sim[S, A]) verdicts(res *SimResult) {
	goalIdx := make(map[int]int, len(s.ps.goals))
	for gi, i := range s.ps.goals {
		goalIdx[i] = gi
	}
	firstViolation := -1
	for i := range s.best {
		if s.best[i].ok && (firstViolation < 0 || s.best[i].less(s.best[firstViolation])) {
			firstViolation = i
		}
	}
	w := newWalker(s.m, s.ps, s.inits)
	var e walkEnd
	for i := range s.ps.checks {
		p := &s.ps.checks[i]
		h := s.best[i]
		if gi, ok := goalIdx[i]; ok {
			h = s.goalBest[gi]
		} else if !s.opts.KeepGoing && i != firstViolation {
			h = hit{}
		}
		if p.Kind == KindFault && !h.ok {
			continue
		}
		pr := PropertyResult{Name: p.Name, Kind: p.Kind, Status: Holds}
		switch {
		case p.Kind == KindReachable && !h.ok:
			pr.Status = Unreached
			res.Warnings = append(res.Warnings, "reachable "+p.Name+": not reached by the random walks")
		case h.ok:
			pr.Status = Violated
			kind := Counterexample
			if p.Kind == KindReachable {
				pr.Status, kind = Reached, Example
			}
			b := newTraceBuilder(s.m, kind, p.Name)
			w.walk(s.opts.Seed, h.walk, h.step, &e, b)
			b.t.Deadlock = p.Kind == KindDeadlock
			pr.Trace = b.t
			pr.Depth = len(b.t.Steps)
		}
		res.Properties = append(res.Properties, pr)
	}
}

// ReplayWalk runs walk number walk (from 0) of a simulation with the given
// options again and returns its trace. When the walk ends at a violation the
// trace is a counterexample for that property; otherwise it is an example
// with an empty property name.
func ReplayWalk[S any, A any](m Model[S, A], opts SimOptions, walk int) (*Trace, error) {
	opts, err := opts.withDefaults()
	if err != nil {
		return nil, err
	}
	ps, err := newPropSet(m.Properties(), opts.Deadlock)
	if err != nil {
		return nil, err
	}
	w := newWalker(m, &ps, m.Init())
	b := newTraceBuilder(m, Example, "")
	var e walkEnd
	w.walk(opts.Seed, walk, opts.Steps, &e, b)
	if e.check >= 0 {
		b.t.Kind, b.t.Property = Counterexample, ps.checks[e.check].Name
	}
	return b.t, nil
}
