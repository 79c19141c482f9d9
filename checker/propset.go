package checker

// propSet splits a model's properties by kind. Checks are numbered: the
// declared properties other than constraints in declaration order, then
// deadlock (when enabled), then fault.
type propSet[S any] struct {
	checks      []Property[S] // declared checks, then the deadlock and fault entries
	constraints []Property[S]
	invariants  []int
	goals       []int
	transitions []int
	deadlock    int // check index, or -1 when not enabled
	fault       int // check index
}

// Names of the engine's own checks in results.
const (
	deadlockName = "deadlock"
	faultName    = "fault"
)

func newPropSet[S any](props []Property[S], deadlock bool) (propSet[S], error) {
	ps := propSet[S]{deadlock: -1}
	for i := range props {
		p := props[i]
		if err := p.validate(); err != nil {
			return ps, err
		}
		switch p.Kind {
		case KindConstraint:
			ps.constraints = append(ps.constraints, p)
			continue
		case KindInvariant:
			ps.invariants = append(ps.invariants, len(ps.checks))
		case KindReachable:
			ps.goals = append(ps.goals, len(ps.checks))
		case KindTransition:
			ps.transitions = append(ps.transitions, len(ps.checks))
		}
		ps.checks = append(ps.checks, p)
	}
	if deadlock {
		ps.deadlock = len(ps.checks)
		ps.checks = append(ps.checks, Property[S]{Name: deadlockName, Kind: KindDeadlock})
	}
	ps.fault = len(ps.checks)
	ps.checks = append(ps.checks, Property[S]{Name: faultName, Kind: KindFault})
	return ps, nil
}

func (ps *propSet[S]) len() int { return len(ps.checks) }

func (ps *propSet[S]) kind(i int) Kind { return ps.checks[i].Kind }

// within reports whether s satisfies every constraint; a constraint that
// faults returns the fault.
func (ps *propSet[S]) within(s *S) (bool, error) {
	for i := range ps.constraints {
		if ok, err := ps.constraints[i].Eval(s); !ok || err != nil {
			return false, err
		}
	}
	return true, nil
}
