package checker

import "math/rand/v2"

// walker runs random walks. A walk is a pure function of the model, the seed
// and the walk's index, so any walk can be run again to rebuild its trace.
type walker[S any, A any] struct {
	m     Model[S, A]
	ps    *propSet[S]
	inits []S
	pcg   *rand.PCG
	rng   *rand.Rand
	acts  []A
	order []int
	cur   S
	succ  S
}

// walkEnd is what happened in one walk.
type walkEnd struct {
	states, steps, pruned uint32
	check                 int // the violated check, or -1
	step                  int // the number of actions before the violation
	action                int // the action of a step violation, or -1
	err                   error
	goals                 []int // goals[i]: first step where goal i held, or -1
}

func newWalker[S any, A any](m Model[S, A], ps *propSet[S], inits []S) *walker[S, A] {
	pcg := rand.NewPCG(0, 0)
	return &walker[S, A]{m: m, ps: ps, inits: inits, pcg: pcg, rng: rand.New(pcg)}
}

// walkSeed derives the generator seed of walk number walk (from 0).
func walkSeed(seed uint64, walk int) (uint64, uint64) {
	a := splitmix(seed + uint64(walk)*0x9e3779b97f4a7c15)
	return a, splitmix(a ^ seed)
}

func splitmix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// walk runs walk number idx for at most maxSteps actions into e. The walk
// ends at its first violation, at a state with no step to take, or after
// maxSteps actions. With b set, it records the walk's steps.
func (w *walker[S, A]) walk(seed uint64, idx, maxSteps int, e *walkEnd, b *traceBuilder[S, A]) {
	*e = walkEnd{check: -1, action: -1, goals: e.goals[:0]}
	for range w.ps.goals {
		e.goals = append(e.goals, -1)
	}
	if len(w.inits) == 0 {
		return
	}
	w.pcg.Seed(walkSeed(seed, idx))
	w.cur = w.inits[w.rng.IntN(len(w.inits))]
	in, err := w.ps.within(&w.cur)
	if b != nil && (in || err != nil) {
		b.add(InitLabel, &w.cur)
	}
	if err != nil {
		w.fault(e, -1, err, b)
		return
	}
	if !in {
		e.pruned++
		return
	}
	e.states++
	if w.checkState(&w.cur, e, b) {
		return
	}
	for e.step = 1; e.step <= maxSteps; e.step++ {
		if !w.step(e, b) {
			return
		}
	}
	e.step = maxSteps
}

// step takes one random enabled action and reports whether the walk goes on.
func (w *walker[S, A]) step(e *walkEnd, b *traceBuilder[S, A]) bool {
	w.acts = w.m.Actions(&w.cur, w.acts[:0])
	w.order = w.order[:0]
	for i := range w.acts {
		w.order = append(w.order, i)
	}
	w.rng.Shuffle(len(w.order), func(i, j int) { w.order[i], w.order[j] = w.order[j], w.order[i] })
	enabled := false
	for _, ai := range w.order {
		out, err := w.m.Next(&w.cur, w.acts[ai], &w.succ)
		if err != nil {
			if b != nil {
				b.add(w.m.Label(&w.cur, w.acts[ai]), nil)
			}
			w.fault(e, ai, err, b)
			return false
		}
		if out == Disabled {
			continue
		}
		enabled = true
		in := out != Pruned
		if in {
			if in, err = w.ps.within(&w.succ); err != nil {
				w.stepFault(e, ai, err, b)
				return false
			}
		}
		if !in {
			e.pruned++
			continue
		}
		e.steps++
		e.states++
		if b != nil {
			b.add(w.m.Label(&w.cur, w.acts[ai]), &w.succ)
		}
		for _, i := range w.ps.transitions {
			ok, err := w.ps.checks[i].EvalStep(&w.cur, &w.succ)
			if err != nil {
				w.fault(e, ai, err, b)
				return false
			}
			if !ok {
				e.check, e.action = i, ai
				return false
			}
		}
		w.cur = w.succ
		return !w.checkState(&w.cur, e, b)
	}
	if !enabled && w.ps.deadlock >= 0 {
		e.check, e.step = w.ps.deadlock, e.step-1
		if b != nil {
			b.t.Deadlock = true
		}
	}
	return false
}

// checkState checks invariants and goals on the state reached after e.step
// actions and reports whether an invariant failed or a predicate faulted.
func (w *walker[S, A]) checkState(s *S, e *walkEnd, b *traceBuilder[S, A]) bool {
	for gi, i := range w.ps.goals {
		if e.goals[gi] >= 0 {
			continue
		}
		ok, err := w.ps.checks[i].Eval(s)
		if err != nil {
			w.fault(e, -1, err, b)
			return true
		}
		if ok {
			e.goals[gi] = e.step
		}
	}
	for _, i := range w.ps.invariants {
		ok, err := w.ps.checks[i].Eval(s)
		if err != nil {
			w.fault(e, -1, err, b)
			return true
		}
		if !ok {
			e.check = i
			return true
		}
	}
	return false
}

// fault ends the walk at a model fault of action ai (in Next or in a
// transition property), or of the current state's predicates when ai is -1.
func (w *walker[S, A]) fault(e *walkEnd, ai int, err error, b *traceBuilder[S, A]) {
	e.check, e.action, e.err = w.ps.fault, ai, err
	if b != nil {
		b.t.Fault = err.Error()
	}
}

// stepFault is fault for a constraint that faults on the successor of
// action ai, which the trace then shows.
func (w *walker[S, A]) stepFault(e *walkEnd, ai int, err error, b *traceBuilder[S, A]) {
	if b != nil {
		b.add(w.m.Label(&w.cur, w.acts[ai]), &w.succ)
	}
	w.fault(e, ai, err, b)
}
