package ir

import "strings"

// checkGraphs rejects recursion among functions and among procedures, then
// checks the calls whose legality depends on what the callee reads.
func (c *checker) checkGraphs() {
	c.funcCycles()
	c.procCycles()
	for _, s := range c.callSites {
		g, st := c.reads(s.fn)
		switch {
		case !s.stateOK && st != nil:
			c.errorf(s.pos, "initial value cannot read state variable %s (through %s)", st.Name, s.fn.Name)
		case !s.ghostOK && g != nil:
			c.errorf(s.pos, "ghost variable %s read outside a property (through %s)", g.Name, s.fn.Name)
		}
	}
}

// reads returns a ghost and a state variable f reads, directly or through
// the functions it calls.
func (c *checker) reads(f *Func) (ghost, state *Var) {
	fi := c.funcs[f]
	if fi == nil {
		return nil, nil
	}
	if !fi.transitive {
		fi.transitive = true // set first: recursion is reported elsewhere
		for _, g := range fi.calls {
			gg, gs := c.reads(g)
			if fi.ghostRead == nil {
				fi.ghostRead = gg
			}
			if fi.stateRead == nil {
				fi.stateRead = gs
			}
		}
	}
	return fi.ghostRead, fi.stateRead
}

// cycles reports each cycle of a call graph once, at the first node of the
// cycle in declaration order.
func cycles[N comparable](nodes []N, edges func(N) []N, report func(path []N)) {
	state := map[N]int{}
	var stack []N
	var visit func(n N)
	visit = func(n N) {
		state[n] = 1
		stack = append(stack, n)
		seen := map[N]bool{}
		for _, m := range edges(n) {
			if seen[m] {
				continue
			}
			seen[m] = true
			switch state[m] {
			case 0:
				visit(m)
			case 1:
				for i, s := range stack {
					if s == m {
						report(append(append([]N(nil), stack[i:]...), m))
					}
				}
			}
		}
		stack = stack[:len(stack)-1]
		state[n] = 2
	}
	for _, n := range nodes {
		if state[n] == 0 {
			visit(n)
		}
	}
}

func (c *checker) funcCycles() {
	cycles(c.spec.Funcs, func(f *Func) []*Func {
		if fi := c.funcs[f]; fi != nil {
			return fi.calls
		}
		return nil
	}, func(path []*Func) {
		names := make([]string, len(path))
		for i, f := range path {
			names[i] = f.Name
		}
		c.errorf(path[0].Pos, "recursive call: %s", strings.Join(names, " calls "))
	})
}

func (c *checker) procCycles() {
	cycles(c.spec.Procs, func(p *Proc) []*Proc {
		if pi := c.procs[p]; pi != nil {
			return pi.calls
		}
		return nil
	}, func(path []*Proc) {
		names := make([]string, len(path))
		for i, p := range path {
			names[i] = p.Name
		}
		c.errorf(path[0].Pos, "recursive call: %s", strings.Join(names, " calls "))
	})
}
