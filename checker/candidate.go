package checker

// A candidate is a violation or goal state found during a level. Each worker
// keeps the least candidate per check; at the end of the level the least of
// those is kept, so the choice does not depend on scheduling.
//
// For a state check (invariant, goal, deadlock) fp is the state and action
// is -1. For a step check (transition, fault) fp is the state the step starts
// from and action is the index of the action in that state's Actions list.
type candidate struct {
	ok     bool
	depth  int
	fp     uint64
	action int
	err    error // the fault
}

// less orders candidates by depth, then fingerprint, then action index.
func (c *candidate) less(d *candidate) bool {
	if c.depth != d.depth {
		return c.depth < d.depth
	}
	if c.fp != d.fp {
		return c.fp < d.fp
	}
	return c.action < d.action
}

// keep replaces *dst with c when dst is empty or c is less.
func keep(dst *candidate, c candidate) {
	if !dst.ok || c.less(dst) {
		*dst = c
	}
}
