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

// sampled is a state of the sample, with the state it was reached from
// (parent -1 for an initial state) and the action that reached it.
type sampled[S any, A any] struct {
	s      S
	parent int
	action A
}

// CheckSymmetry confirms on the first states distinct states, breadth-first
// from the initial ones, that every renaming maps the model m to itself: a
// renamed state has the same canonical fingerprint, the same verdict for
// every state property and, up to renaming, the same successors. Check runs
// it on symmetrySample states before a search with Options.Symmetry; tests
// of generated models run it on more. The type rules of RSL guarantee most
// of this; what they cannot see (a loop over a symmetric domain whose effect
// depends on its order) this catches where it shows in the sample. The
// error wraps ErrAsymmetric, or ErrBadOptions when m is not Symmetric.
func CheckSymmetry[S any, A any](m Model[S, A], states int) error {
	sym, ok := m.(Symmetric[S])
	if !ok {
		return errorf(ErrBadOptions, "this model cannot reduce by symmetry: a generated model can when its spec declares a symmetric domain with at most 5040 renamings (7 values)")
	}
	return checkSymmetry(m, sym, states)
}

func checkSymmetry[S any, A any](m Model[S, A], sym Symmetric[S], states int) error {
	props := m.Properties()
	seen := map[uint64]bool{}
	var queue []sampled[S, A]
	enqueue := func(s *S, parent int, a A) {
		if fp := m.Fingerprint(s); !seen[fp] && len(queue) < states {
			seen[fp] = true
			queue = append(queue, sampled[S, A]{s: *s, parent: parent, action: a})
		}
	}
	var none A
	for _, s := range m.Init() {
		enqueue(&s, -1, none)
	}
	var acts []A
	var d S
	for n := 0; n < len(queue); n++ {
		st := &queue[n].s
		if err := checkRenamings(m, sym, props, st); err != nil {
			return fmt.Errorf("%w: %v, in the state reached by %s (a loop over a symmetric domain whose effect depends on its order does this; check without symmetry reduction, or drop `symmetric`)",
				ErrAsymmetric, err, samplePath(m, queue, n))
		}
		acts = m.Actions(st, acts[:0])
		for _, a := range acts {
			if out, err := m.Next(st, a, &d); err == nil && out == Enabled {
				enqueue(&d, n, a)
			}
		}
	}
	return nil
}

// samplePath renders the path to queue[n] as action labels.
func samplePath[S any, A any](m Model[S, A], queue []sampled[S, A], n int) string {
	var labels []string
	for ; queue[n].parent >= 0; n = queue[n].parent {
		p := queue[n].parent
		labels = append(labels, m.Label(&queue[p].s, queue[n].action))
	}
	labels = append(labels, InitLabel)
	slices.Reverse(labels)
	return strings.Join(labels, ", ")
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
			if p.State == nil {
				continue
			}
			ok1, err1 := p.Eval(&r)
			ok2, err2 := p.Eval(s)
			if ok1 != ok2 || (err1 == nil) != (err2 == nil) {
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
