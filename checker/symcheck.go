package checker

import (
	"errors"
	"fmt"
	"slices"
	"strings"
)

// ErrAsymmetric is wrapped by the error Check returns when Options.Symmetry
// is set but renaming is not a symmetry of the model.
var ErrAsymmetric = errors.New("the model is not symmetric")

// symmetrySample is how many states, breadth-first from the initial ones,
// Check examines before a symmetry-reduced search.
const symmetrySample = 2000

// sampled is a state of the sample and the labels of the path to it.
type sampled[S any] struct {
	s    S
	path []string
}

// checkSymmetry confirms on a sample of states that every renaming maps the
// model to itself: a renamed state has the same canonical fingerprint, the
// same verdict for every state property and, up to renaming, the same
// successors. The type rules of RSL guarantee most of this; what they cannot
// see (a loop over a symmetric domain whose effect depends on its order) this
// catches as soon as it shows near the initial states.
func checkSymmetry[S any, A any](m Model[S, A], sym Symmetric[S]) error {
	props := m.Properties()
	seen := map[uint64]bool{}
	var queue []sampled[S]
	for _, s := range m.Init() {
		queue = append(queue, sampled[S]{s: s, path: []string{InitLabel}})
	}
	var acts []A
	for n := 0; n < len(queue) && n < symmetrySample; n++ {
		st := &queue[n]
		if fp := m.Fingerprint(&st.s); seen[fp] {
			continue
		} else {
			seen[fp] = true
		}
		if err := checkRenamings(m, sym, props, &st.s); err != nil {
			return fmt.Errorf("%w: %v, in the state reached by %s (a loop over a symmetric domain whose effect depends on its order does this; check without symmetry reduction, or drop `symmetric`)",
				ErrAsymmetric, err, strings.Join(st.path, ", "))
		}
		acts = m.Actions(&st.s, acts[:0])
		for _, a := range acts {
			var d S
			if out, err := m.Next(&st.s, a, &d); err == nil && out == Enabled {
				queue = append(queue, sampled[S]{s: d, path: append(slices.Clip(st.path), m.Label(&st.s, a))})
			}
		}
	}
	return nil
}

// checkRenamings compares s with each of its renamings.
func checkRenamings[S any, A any](m Model[S, A], sym Symmetric[S], props []Property[S], s *S) error {
	want := canonicalSuccessors(m, sym, s)
	var r S
	for i := 1; i < sym.Renamings(); i++ {
		sym.Rename(s, i, &r)
		name := sym.DescribeRenaming(i)
		if sym.CanonicalFingerprint(&r) != sym.CanonicalFingerprint(s) {
			return fmt.Errorf("renaming %s changes the canonical fingerprint", name)
		}
		for _, p := range props {
			if p.State != nil && p.State(&r) != p.State(s) {
				return fmt.Errorf("renaming %s changes the verdict of %s %s", name, p.Kind, p.Name)
			}
		}
		if !slices.Equal(canonicalSuccessors(m, sym, &r), want) {
			return fmt.Errorf("renaming %s changes what the actions do", name)
		}
	}
	return nil
}

// canonicalSuccessors returns the sorted canonical fingerprints of the
// enabled successors of s, and of the outcome of every other action.
func canonicalSuccessors[S any, A any](m Model[S, A], sym Symmetric[S], s *S) []uint64 {
	var out []uint64
	var d S
	for _, a := range m.Actions(s, nil) {
		o, err := m.Next(s, a, &d)
		switch {
		case err != nil:
			out = append(out, 1) // a fault
		case o == Enabled:
			out = append(out, sym.CanonicalFingerprint(&d))
		case o == Pruned:
			out = append(out, 2)
		}
	}
	slices.Sort(out)
	return out
}
