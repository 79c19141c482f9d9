package checker

import (
	"context"
	"fmt"
	"reflect"
	"sync"
	"sync/atomic"
	"time"
)

// Check explores the model breadth-first and verifies its properties.
//
// For a given model and options the Result is deterministic, whatever
// Options.Workers is: the same counts, verdicts and traces (timings aside),
// unless the run is stopped by MaxStates, MaxMemoryBytes or ctx. When ctx is cancelled, Check returns the figures reached so far
// with Interrupted set and a nil error. The error is non-nil only for invalid
// options or properties and for a model that cannot be replayed to rebuild a
// trace (ErrNondeterministic); the Result is still returned in that case.
func Check[S any, A any](ctx context.Context, m Model[S, A], opts Options) (*Result, error) {
	r, err := newRun(m, opts)
	if err != nil {
		return nil, err
	}
	return r.run(ctx)
}

// halt reasons, in run.halted.
const (
	haltNone int32 = iota
	haltInterrupted
	haltMaxStates
	haltMaxMemory
	haltIO
)

// run is the state of one Check call.
type run[S any, A any] struct {
	m     Model[S, A]
	opts  Options
	props propSet[S]
	table *fpSet
	log   *parentLog

	pk           *packer // packs frontier states; nil when S has pointers
	stateSize    int
	peakFrontier int // most bytes the frontier blocks held at once

	// active[i] is false once check i no longer needs evaluating (a goal
	// reached, a property with its counterexample under KeepGoing). Workers
	// only read it, during a level.
	active []bool
	found  []candidate // per check, the kept candidate

	workers []*worker[S, A]
	tasks   []task[S]

	// Totals, written once per chunk, apart from the fields read on every
	// state above.
	_                      [64]byte
	states, unique, pruned atomic.Uint64
	deepest                atomic.Int64
	bounded                atomic.Bool
	halted                 atomic.Int32
	haltMu                 sync.Mutex
	haltMsg                string

	start time.Time
}

// task is a chunk of the frontier: states [lo, hi) of a block.
type task[S any] struct {
	b      *block[S]
	lo, hi int
}

// chunk is the number of frontier states a worker takes at a time.
const chunk = 128

func newRun[S any, A any](m Model[S, A], opts Options) (*run[S, A], error) {
	opts, err := opts.withDefaults()
	if err != nil {
		return nil, err
	}
	if m, err = withSymmetry(m, opts); err != nil {
		return nil, err
	}
	ps, err := newPropSet(m.Properties(), opts.Deadlock)
	if err != nil {
		return nil, err
	}
	log, err := newParentLog()
	if err != nil {
		return nil, err
	}
	r := &run[S, A]{m: m, opts: opts, props: ps, table: newFPSet(opts.ExpectedStates), log: log,
		pk: newPacker[S](), stateSize: int(reflect.TypeFor[S]().Size())}
	r.active = make([]bool, ps.len())
	for i := range r.active {
		r.active[i] = true
	}
	r.found = make([]candidate, ps.len())
	r.workers = make([]*worker[S, A], opts.Workers)
	for i := range r.workers {
		r.workers[i] = newWorker(r)
	}
	return r, nil
}

// halt stops the search for the given reason; the first reason wins.
func (r *run[S, A]) halt(reason int32, msg string) {
	r.haltMu.Lock()
	defer r.haltMu.Unlock()
	if r.halted.Load() == haltNone {
		r.haltMsg = msg
		r.halted.Store(reason)
	}
}

func (r *run[S, A]) run(ctx context.Context) (*Result, error) {
	defer r.log.close()
	r.start = time.Now()
	rep := newReporter(&r.opts, r.start)
	stopMonitor := r.monitor(ctx, rep)
	violated := r.search()
	stopMonitor()
	res := r.result(violated)
	if rep.active() {
		rep.report(res.States, res.Unique, res.Depth, true)
	}
	err := r.addTraces(res)
	return res, err
}

// search runs the BFS level by level and reports whether it stopped at a
// violation.
func (r *run[S, A]) search() bool {
	r.log.beginLevel(1)
	r.initLevel()
	r.endLevel()
	for depth := 1; ; depth++ {
		if r.merge() && !r.opts.KeepGoing {
			return true
		}
		if r.halted.Load() != haltNone || r.frontierLen() == 0 {
			return false
		}
		r.table.endLevel()
		r.log.beginLevel(depth + 1)
		r.expandLevel(depth)
		r.endLevel()
	}
}

// endLevel writes the parent links of the level just generated, and stops
// the search if they could not be written.
func (r *run[S, A]) endLevel() {
	for _, w := range r.workers {
		w.links.endLevel()
	}
	if err := r.log.failed(); err != nil {
		r.halt(haltIO, err.Error())
	}
}

// initLevel checks the initial states and queues them as the first level.
func (r *run[S, A]) initLevel() {
	w := r.workers[0]
	for _, s := range r.m.Init() {
		in, err := r.props.within(&s)
		fp := canon(r.m.Fingerprint(&s))
		if err != nil {
			w.stateFault(fp, 1, err)
			if added, _ := r.table.insert(fp); added {
				w.links.add(fp, fp)
			}
			continue
		}
		if !in {
			w.pruned++
			continue
		}
		w.states++
		if added, _ := r.table.insert(fp); added {
			w.links.add(fp, fp)
			w.unique++
			w.visit(&s, fp, 1)
		}
	}
	w.flush(1)
	r.notePeakFrontier()
}

// frontierLen returns the number of states queued for the next level.
func (r *run[S, A]) frontierLen() int {
	n := 0
	for _, w := range r.workers {
		n += w.next.len()
	}
	return n
}

// expandLevel expands every queued state of the given depth in parallel.
func (r *run[S, A]) expandLevel(depth int) {
	// The queued states become this level's tasks. A block goes to the free
	// list of the worker that expands its last chunk, to be filled again by
	// the next level, so that the two levels share memory.
	r.tasks = r.tasks[:0]
	for _, w := range r.workers {
		for _, b := range w.next.blocks {
			b.pending.Store(int32((b.n + chunk - 1) / chunk))
			for lo := 0; lo < b.n; lo += chunk {
				r.tasks = append(r.tasks, task[S]{b: b, lo: lo, hi: min(lo+chunk, b.n)})
			}
		}
		clear(w.next.blocks)
		w.next.blocks = w.next.blocks[:0]
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for _, w := range r.workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for r.halted.Load() == haltNone {
				k := int(next.Add(1) - 1)
				if k >= len(r.tasks) {
					return
				}
				t := r.tasks[k]
				w.expandTask(t, depth)
				if t.b.pending.Add(-1) == 0 {
					w.next.release(t.b)
				}
				w.flush(depth + 1)
			}
		}()
	}
	wg.Wait()
	r.notePeakFrontier()
}

// notePeakFrontier records the memory the frontier blocks hold now, at the
// end of a level, when the level just expanded and the next are both held.
func (r *run[S, A]) notePeakFrontier() {
	n := 0
	for _, w := range r.workers {
		n += w.next.bytes(r.stateSize)
	}
	r.peakFrontier = max(r.peakFrontier, n)
}

// merge takes the workers' candidates of the level just done into r.found
// and reports whether a violation is among them. Without KeepGoing it keeps
// only the least violation by (depth, check, fingerprint, action).
func (r *run[S, A]) merge() bool {
	violation := false
	for i := range r.found {
		if !r.active[i] {
			continue
		}
		for _, w := range r.workers {
			if w.found[i].ok {
				keep(&r.found[i], w.found[i])
				w.found[i] = candidate{}
			}
		}
		if r.found[i].ok {
			r.active[i] = false
			violation = violation || r.props.kind(i) != KindReachable
		}
	}
	if violation && !r.opts.KeepGoing {
		r.keepFirstViolation()
	}
	return violation
}

// keepFirstViolation drops every violation but the least.
func (r *run[S, A]) keepFirstViolation() {
	best := -1
	for i := range r.found {
		if !r.found[i].ok || r.props.kind(i) == KindReachable {
			continue
		}
		if best < 0 || r.found[i].depth < r.found[best].depth {
			best = i
		}
	}
	for i := range r.found {
		if i != best && r.props.kind(i) != KindReachable {
			r.found[i] = candidate{}
		}
	}
}

// monitor starts the goroutine that reports progress and watches ctx and
// memory; the returned function stops it.
func (r *run[S, A]) monitor(ctx context.Context, rep *reporter) func() {
	done := make(chan struct{})
	finished := make(chan struct{})
	tick := r.opts.ProgressInterval
	if r.opts.MaxMemoryBytes > 0 {
		tick = min(tick, r.opts.MemoryInterval)
	}
	go func() {
		defer close(finished)
		t := time.NewTicker(tick)
		defer t.Stop()
		mem := newMemory()
		lastReport := time.Now()
		for {
			select {
			case <-done:
				return
			case <-ctx.Done():
				r.halt(haltInterrupted, "interrupted: "+context.Cause(ctx).Error())
				return
			case now := <-t.C:
				if limit := r.opts.MaxMemoryBytes; limit > 0 {
					if held, _ := mem.read(); held > limit {
						r.halt(haltMaxMemory, fmt.Sprintf("memory limit reached: %s in use exceeds the limit of %s",
							formatBytes(held), formatBytes(limit)))
					}
				}
				if rep.active() && now.Sub(lastReport) >= r.opts.ProgressInterval-tick/2 {
					lastReport = now
					rep.report(r.states.Load(), r.unique.Load(), int(r.deepest.Load()), false)
				}
			}
		}
	}()
	return func() {
		close(done)
		<-finished
	}
}
