package checker

// tracer rebuilds traces: given the fingerprints from an initial state to
// a state (from the parent links), it replays the model forward, at each
// step taking the first action whose successor has the recorded
// fingerprint.
type tracer[S any, A any] struct {
	m    Model[S, A]
	ps   *propSet[S]
	acts []A
}

func newTracer[S any, A any](m Model[S, A], ps *propSet[S]) *tracer[S, A] {
	return &tracer[S, A]{m: m, ps: ps}
}

// trace builds the trace of candidate c of the property pr along fps.
func (t *tracer[S, A]) trace(c *candidate, pr *PropertyResult, fps []uint64) (*Trace, error) {
	kind := Counterexample
	if pr.Kind == KindReachable {
		kind = Example
	}
	b := newTraceBuilder(t.m, kind, pr.Name)
	cur, err := t.replay(fps, b)
	if err != nil {
		return nil, err
	}
	switch {
	case pr.Kind == KindDeadlock:
		b.t.Deadlock = true
	case c.action >= 0:
		if err := t.lastStep(&cur, c, b); err != nil {
			return nil, err
		}
	}
	if c.err != nil && b.t.Fault == "" { // a predicate that faulted
		b.t.Fault = c.err.Error()
	}
	return b.t, nil
}

// replay walks the model along fps, adding a step per state, and returns the
// last state.
func (t *tracer[S, A]) replay(fps []uint64, b *traceBuilder[S, A]) (S, error) {
	var cur, succ S
	found := false
	for _, s := range t.m.Init() {
		if canon(t.m.Fingerprint(&s)) == fps[0] {
			cur, found = s, true
			break
		}
	}
	if !found {
		return cur, errorf(ErrNondeterministic, "no initial state has fingerprint %#x", fps[0])
	}
	b.add(InitLabel, &cur)
	for _, want := range fps[1:] {
		t.acts = t.m.Actions(&cur, t.acts[:0])
		found = false
		for _, a := range t.acts {
			out, err := t.m.Next(&cur, a, &succ)
			if err != nil || out != Enabled || canon(t.m.Fingerprint(&succ)) != want {
				continue
			}
			b.add(t.m.Label(&cur, a), &succ)
			cur, found = succ, true
			break
		}
		if !found {
			return cur, errorf(ErrNondeterministic, "no action leads to fingerprint %#x at step %d", want, len(b.t.Steps))
		}
	}
	return cur, nil
}

// lastStep adds the step of a step candidate (transition or fault): action
// number c.action of cur.
func (t *tracer[S, A]) lastStep(cur *S, c *candidate, b *traceBuilder[S, A]) error {
	t.acts = t.m.Actions(cur, t.acts[:0])
	if c.action >= len(t.acts) {
		return errorf(ErrNondeterministic, "action %d missing at step %d", c.action, len(b.t.Steps))
	}
	a := t.acts[c.action]
	var succ S
	out, err := t.m.Next(cur, a, &succ)
	label := t.m.Label(cur, a)
	switch {
	case err != nil:
		b.add(label, nil)
		b.t.Fault = err.Error()
	case out == Enabled:
		b.add(label, &succ)
	default:
		return errorf(ErrNondeterministic, "action %s is %v when replayed", label, out)
	}
	return nil
}
