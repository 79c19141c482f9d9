package checker

import "fmt"

// worker expands frontier states. Its buffers are reused from state to state
// and level to level, so expanding a state allocates nothing once they have
// grown to size.
type worker[S any, A any] struct {
	r    *run[S, A]
	m    Model[S, A]
	ps   *propSet[S]
	acts []A
	succ S

	links *linkWriter // parent links of the states this worker finds

	pk  *packer // the frontier's packer, or nil
	dec []byte  // packed: the state being decoded, padded
	st  S       // packed: the decoded state being expanded

	// next receives the new states of the level being generated, in blocks
	// that become tasks when that level is expanded.
	next frontier[S]

	found []candidate // per check, the least candidate of this level

	// Counts not yet added to the run's totals.
	states, unique, pruned uint64

	_ [128]byte // keep workers written on every state off shared cache lines
}

func newWorker[S any, A any](r *run[S, A]) *worker[S, A] {
	w := &worker[S, A]{r: r, m: r.m, ps: &r.props, found: make([]candidate, r.props.len()), pk: r.pk, links: newLinkWriter(r.log)}
	w.next = newFrontier[S](r.pk)
	if r.pk != nil {
		w.dec = make([]byte, r.pk.padded())
	}
	return w
}

// expandTask expands the states of task t, a chunk of a block.
func (w *worker[S, A]) expandTask(t task[S], depth int) {
	if w.pk == nil {
		for i := t.lo; i < t.hi; i++ {
			w.expand(&t.b.states[i], t.b.fps[i], depth)
		}
		return
	}
	clear(w.dec)
	off := int(t.b.starts[t.lo/chunk])
	st := stateBytes(&w.st, w.pk.size)
	for i := t.lo; i < t.hi; i++ {
		off = w.pk.decode(t.b.data, off, w.dec)
		copy(st, w.dec)
		w.expand(&w.st, t.b.fps[i], depth)
	}
}

// expand generates the successors of s, a state at the given depth with
// fingerprint fp.
func (w *worker[S, A]) expand(s *S, fp uint64, depth int) {
	r, ps := w.r, w.ps
	w.acts = w.m.Actions(s, w.acts[:0])
	enabled := false
	for ai, a := range w.acts {
		out, err := w.m.Next(s, a, &w.succ)
		if err != nil {
			enabled = true
			w.stepFault(fp, depth, ai, err)
			continue
		}
		switch out {
		case Disabled:
			continue
		case Pruned:
			enabled = true
			w.pruned++
			continue
		}
		enabled = true
		in, err := ps.within(&w.succ)
		if err != nil {
			w.stepFault(fp, depth, ai, err)
			continue
		}
		if !in {
			w.pruned++
			continue
		}
		w.states++
		for _, i := range ps.transitions {
			if !r.active[i] {
				continue
			}
			if ok, err := ps.checks[i].EvalStep(s, &w.succ); err != nil {
				w.stepFault(fp, depth, ai, err)
			} else if !ok {
				keep(&w.found[i], candidate{ok: true, depth: depth + 1, fp: fp, action: ai})
			}
		}
		sfp := canon(w.m.Fingerprint(&w.succ))
		added, fresh := r.table.insert(sfp)
		if fresh {
			w.links.add(sfp, fp)
		}
		if added {
			w.unique++
			w.visit(&w.succ, sfp, depth+1)
		}
	}
	if !enabled && ps.deadlock >= 0 && r.active[ps.deadlock] {
		keep(&w.found[ps.deadlock], candidate{ok: true, depth: depth, fp: fp, action: -1})
	}
}

// stepFault records a model fault in action ai of the state fp at depth:
// in Next, or in a constraint or transition property of its successor.
func (w *worker[S, A]) stepFault(fp uint64, depth, ai int, err error) {
	if f := w.ps.fault; w.r.active[f] {
		keep(&w.found[f], candidate{ok: true, depth: depth + 1, fp: fp, action: ai, err: err})
	}
}

// visit checks a state seen for the first time and queues it for expansion
// unless it lies at the depth bound. A predicate that faults is a model
// fault at the state.
func (w *worker[S, A]) visit(s *S, fp uint64, depth int) {
	r, ps := w.r, w.ps
	for _, i := range ps.invariants {
		if !r.active[i] {
			continue
		}
		if ok, err := ps.checks[i].Eval(s); err != nil {
			w.stateFault(fp, depth, err)
		} else if !ok {
			keep(&w.found[i], candidate{ok: true, depth: depth, fp: fp, action: -1})
		}
	}
	for _, i := range ps.goals {
		if !r.active[i] {
			continue
		}
		if ok, err := ps.checks[i].Eval(s); err != nil {
			w.stateFault(fp, depth, err)
		} else if ok {
			keep(&w.found[i], candidate{ok: true, depth: depth, fp: fp, action: -1})
		}
	}
	if r.opts.Depth > 0 && depth >= r.opts.Depth {
		if !r.bounded.Load() {
			r.bounded.Store(true)
		}
		return
	}
	w.next.push(s, fp)
}

// stateFault records a model fault in a predicate of the state fp.
func (w *worker[S, A]) stateFault(fp uint64, depth int, err error) {
	if f := w.ps.fault; w.r.active[f] {
		keep(&w.found[f], candidate{ok: true, depth: depth, fp: fp, action: -1, err: err})
	}
}

// flush adds the worker's counts to the run's totals; depth is the depth of
// the states it has been generating. It enforces Options.MaxStates.
func (w *worker[S, A]) flush(depth int) {
	r := w.r
	if w.unique > 0 {
		for d := r.deepest.Load(); d < int64(depth) && !r.deepest.CompareAndSwap(d, int64(depth)); d = r.deepest.Load() {
		}
	}
	r.states.Add(w.states)
	r.pruned.Add(w.pruned)
	u := r.unique.Add(w.unique)
	w.states, w.unique, w.pruned = 0, 0, 0
	if limit := r.opts.MaxStates; limit > 0 && u >= limit {
		r.halt(haltMaxStates, fmt.Sprintf("stopped at the state limit: %d unique states (limit %d)", u, limit))
	}
}
