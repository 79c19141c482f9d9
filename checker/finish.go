package checker

import "time"

// result assembles the figures and verdicts; traces are added by addTraces.
func (r *run[S, A]) result(violated bool) *Result {
	res := &Result{
		States:         r.states.Load(),
		Unique:         r.unique.Load(),
		Pruned:         r.pruned.Load(),
		Depth:          int(r.deepest.Load()),
		MaxDepth:       r.opts.Depth,
		DepthBounded:   r.bounded.Load(),
		Symmetry:       r.opts.Symmetry,
		Workers:        r.opts.Workers,
		Duration:       time.Since(r.start),
		TableBytes:     r.table.bytes(),
		FrontierBytes:  uint64(r.peakFrontier),
		ParentLogBytes: uint64(r.log.size),
	}
	_, res.HeapBytes = newMemory().read()
	res.StatesPerSec = perSecond(res.States, res.Duration)
	switch r.halted.Load() {
	case haltInterrupted:
		res.Status, res.Interrupted = StatusInterrupted, true
	case haltMaxStates:
		res.Status = StatusMaxStates
	case haltMaxMemory:
		res.Status = StatusMaxMemory
	case haltIO:
		res.Status = StatusIOError
	default:
		res.Status = StatusComplete
	}
	if violated && !r.opts.KeepGoing {
		res.Status = StatusViolation
	}
	if res.Status != StatusViolation {
		res.Message = r.haltMsg
	}
	res.Exhaustive = res.Status == StatusComplete && !res.DepthBounded
	for i := range r.props.checks {
		p := &r.props.checks[i]
		c := &r.found[i]
		if p.Kind == KindFault && !c.ok {
			continue
		}
		pr := PropertyResult{Name: p.Name, Kind: p.Kind, Status: Holds}
		switch {
		case p.Kind == KindReachable && c.ok:
			pr.Status, pr.Depth = Reached, c.depth
		case p.Kind == KindReachable:
			pr.Status = Unreached
			res.Warnings = append(res.Warnings, unreachedWarning(p.Name, r.opts.Depth, res.Exhaustive))
		case c.ok:
			pr.Status, pr.Depth = Violated, c.depth
		}
		res.Properties = append(res.Properties, pr)
	}
	return res
}

// addTraces rebuilds the trace of every kept candidate.
func (r *run[S, A]) addTraces(res *Result) error {
	if res.Status == StatusIOError {
		return nil // the parent links are incomplete
	}
	var prs []*PropertyResult
	var cands []*candidate
	var targets []linkTarget
	for i := range res.Properties {
		pr := &res.Properties[i]
		if pr.Status != Violated && pr.Status != Reached {
			continue
		}
		c := &r.found[r.checkIndex(pr.Name, pr.Kind)]
		d := c.depth
		if c.action >= 0 {
			d-- // a step: the path leads to the state it starts from
		}
		prs, cands = append(prs, pr), append(cands, c)
		targets = append(targets, linkTarget{fp: c.fp, depth: d})
	}
	if len(targets) == 0 {
		return nil
	}
	chains, err := r.log.chains(targets)
	if err != nil {
		return err
	}
	tb := newTracer(r.m, &r.props)
	for i, pr := range prs {
		t, err := tb.trace(cands[i], pr, chains[i])
		if err != nil {
			return err
		}
		pr.Trace = t
	}
	return nil
}

// checkIndex returns the index of the check with the given name and kind.
func (r *run[S, A]) checkIndex(name string, kind Kind) int {
	for i := range r.props.checks {
		if r.props.checks[i].Name == name && r.props.checks[i].Kind == kind {
			return i
		}
	}
	return -1
}
