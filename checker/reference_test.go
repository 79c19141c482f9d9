package checker_test

import "github.com/rspec/rspec/checker"

// refCounts are the figures of refBFS.
type refCounts struct {
	states, unique, pruned uint64
	depth                  int
}

// refBFS is a breadth-first search written the plainest way: a map of seen
// fingerprints and a FIFO queue of (state, depth). It is the independent
// reference for Check's counting convention: initial states at depth 1,
// states at the bound checked but not expanded, every generated state within
// the constraints counted, pruned and out-of-constraint successors counted
// apart.
func refBFS[S any, A any](m checker.Model[S, A], maxDepth int) refCounts {
	var constraints []func(*S) bool
	for _, p := range m.Properties() {
		if p.Kind == checker.KindConstraint {
			constraints = append(constraints, p.State)
		}
	}
	within := func(s *S) bool {
		for _, c := range constraints {
			if !c(s) {
				return false
			}
		}
		return true
	}
	type item struct {
		s S
		d int
	}
	var c refCounts
	seen := map[uint64]bool{}
	var queue []item
	add := func(s S, d int) {
		c.states++
		fp := m.Fingerprint(&s)
		if !seen[fp] {
			seen[fp] = true
			c.unique++
			c.depth = max(c.depth, d)
			queue = append(queue, item{s, d})
		}
	}
	for _, s := range m.Init() {
		if within(&s) {
			add(s, 1)
		} else {
			c.pruned++
		}
	}
	for len(queue) > 0 {
		it := queue[0]
		queue = queue[1:]
		if maxDepth > 0 && it.d >= maxDepth {
			continue
		}
		for _, a := range m.Actions(&it.s, nil) {
			var n S
			out, err := m.Next(&it.s, a, &n)
			switch {
			case err != nil || out == checker.Disabled:
			case out == checker.Pruned || !within(&n):
				c.pruned++
			default:
				add(n, it.d+1)
			}
		}
	}
	return c
}
