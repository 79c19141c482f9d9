package checker_test

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rspec/rspec/checker"
	"github.com/rspec/rspec/checker/internal/toy"
)

// symCounters is Counters whose counters are interchangeable: a state is
// identified with every permutation of its counters.
type symCounters struct{ toy.Counters }

func (m *symCounters) CanonicalFingerprint(s *toy.CounterState) uint64 {
	c := *s
	slices.Sort(c.C[:m.N])
	return m.Fingerprint(&c)
}

// perms3 lists the permutations of three counters, the identity first.
var perms3 = [][3]int{{0, 1, 2}, {0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}}

func (m *symCounters) Renamings() int { return len(perms3) }

func (m *symCounters) Rename(s *toy.CounterState, i int, dst *toy.CounterState) {
	*dst = *s
	for k, to := range perms3[i] {
		dst.C[to] = s.C[k]
	}
}

func (m *symCounters) DescribeRenaming(i int) string { return fmt.Sprint(perms3[i]) }

// lopsided is symCounters whose first counter stops one short: renaming is
// not a symmetry of it.
type lopsided struct{ symCounters }

func (m *lopsided) Next(s *toy.CounterState, a uint8, dst *toy.CounterState) (checker.Outcome, error) {
	if a == 0 && int(s.C[0]) == m.Max-1 {
		return checker.Disabled, nil
	}
	return m.symCounters.Next(s, a, dst)
}

func TestSymmetry(t *testing.T) {
	sumIs := func(n int) checker.Property[toy.CounterState] {
		return checker.Property[toy.CounterState]{Name: "SumBelow", Kind: checker.KindInvariant,
			State: func(s *toy.CounterState) bool { return int(s.C[0])+int(s.C[1])+int(s.C[2]) < n }}
	}
	m := &symCounters{toy.Counters{N: 3, Max: 3, Props: []checker.Property[toy.CounterState]{sumIs(100)}}}
	full := check(t, m, checker.Options{})
	assert.Equal(t, uint64(64), full.Unique, "4^3 states")
	sym := check(t, m, checker.Options{Symmetry: true})
	assert.Equal(t, uint64(20), sym.Unique, "multisets of 3 values in 0..3")
	assert.True(t, sym.Symmetry)
	assert.True(t, sym.Exhaustive)

	m.Props = []checker.Property[toy.CounterState]{sumIs(5)}
	v := check(t, m, checker.Options{Symmetry: true})
	p := v.Property("SumBelow")
	require.Equal(t, checker.Violated, p.Status)
	require.Len(t, p.Trace.Steps, 6, "init and the five increments of a shortest path")
	last := p.Trace.Steps[len(p.Trace.Steps)-1]
	assert.NotEmpty(t, last.Label, "the trace replays concrete actions")
}

func TestSymmetryRefusesAsymmetricModel(t *testing.T) {
	m := &lopsided{symCounters{toy.Counters{N: 3, Max: 3}}}
	_, err := checker.Check(context.Background(), m, checker.Options{Symmetry: true})
	require.ErrorIs(t, err, checker.ErrAsymmetric)
	assert.Contains(t, err.Error(), "changes what the actions do, in the state reached by Init, ")
	_, err = checker.Check(context.Background(), m, checker.Options{})
	assert.NoError(t, err, "without symmetry the model is fine")
}

func TestSymmetryNeedsSymmetricModel(t *testing.T) {
	m := &toy.Counters{N: 2, Max: 1}
	_, err := checker.Check(context.Background(), m, checker.Options{Symmetry: true})
	assert.ErrorIs(t, err, checker.ErrBadOptions)
}
