package checker_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rspec/rspec/checker"
	"github.com/rspec/rspec/checker/internal/toy"
)

func check[S any, A any](t *testing.T, m checker.Model[S, A], opts checker.Options) *checker.Result {
	t.Helper()
	res, err := checker.Check(context.Background(), m, opts)
	require.NoError(t, err)
	return res
}

// requireReplays checks that every trace of res replays through m by label.
func requireReplays[S any, A any](t *testing.T, m checker.Model[S, A], traces []*checker.Trace) {
	t.Helper()
	for _, tr := range traces {
		states, err := checker.Replay(m, tr)
		require.NoError(t, err, "replay %s", tr.Property)
		want := len(tr.Steps)
		if tr.Fault != "" {
			want--
		}
		assert.Len(t, states, want, "replayed states of %s", tr.Property)
	}
}

func TestMutexCounterexample(t *testing.T) {
	m := &toy.Mutex{}
	res := check(t, m, checker.Options{Workers: 2})
	assert.Equal(t, checker.StatusViolation, res.Status)
	assert.False(t, res.OK())

	p := res.Property("MutualExclusion")
	require.NotNil(t, p)
	assert.Equal(t, checker.Violated, p.Status)
	assert.Equal(t, 5, p.Depth)
	require.NotNil(t, p.Trace)
	tr := p.Trace
	assert.Equal(t, checker.Counterexample, tr.Kind)
	assert.Equal(t, 4, tr.Len())
	labels := tr.Labels()
	assert.Equal(t, checker.InitLabel, labels[0])
	assert.ElementsMatch(t, []string{"Check(p0)", "Check(p1)"}, labels[1:3])
	assert.ElementsMatch(t, []string{"Enter(p0)", "Enter(p1)"}, labels[3:5])
	last := tr.Steps[4]
	v0, _ := last.Vars.Get("pc[p0]")
	v1, _ := last.Vars.Get("pc[p1]")
	assert.Equal(t, []string{"Critical", "Critical"}, []string{v0, v1})
	assert.NotEmpty(t, last.Changed)
	assert.Len(t, tr.Steps[0].Changed, 0, "the initial step changes nothing")
	requireReplays(t, m, res.Traces())
}

func TestMutexFixedHolds(t *testing.T) {
	res := check(t, &toy.Mutex{Fixed: true}, checker.Options{Workers: 2})
	assert.Equal(t, checker.StatusComplete, res.Status)
	assert.True(t, res.OK())
	assert.True(t, res.Exhaustive)
	assert.Equal(t, checker.Holds, res.Property("MutualExclusion").Status)
}

func TestGoals(t *testing.T) {
	m := &toy.Mutex{Fixed: true}
	res := check(t, m, checker.Options{})
	reached := res.Property("SomeoneCritical")
	require.NotNil(t, reached)
	assert.Equal(t, checker.Reached, reached.Status)
	assert.Equal(t, 3, reached.Depth)
	require.NotNil(t, reached.Trace)
	assert.Equal(t, checker.Example, reached.Trace.Kind)
	assert.Equal(t, []string{"Init", "Check(p0)", "Enter(p0)"}, reached.Trace.Labels())

	never := res.Property("ThreeCritical")
	require.NotNil(t, never)
	assert.Equal(t, checker.Unreached, never.Status)
	assert.Nil(t, never.Trace)
	assert.True(t, res.OK(), "an unreached goal is not a failure")
	assert.Equal(t, []string{"reachable ThreeCritical: never reached (every reachable state explored)"}, res.Warnings)

	bounded := check(t, m, checker.Options{Depth: 2})
	assert.Equal(t, checker.Unreached, bounded.Property("SomeoneCritical").Status)
	assert.Contains(t, bounded.Warnings, "reachable SomeoneCritical: not reached within depth 2")
	requireReplays(t, m, res.Traces())
}

func TestTransitionProperty(t *testing.T) {
	m := &toy.Counters{N: 2, Max: 2, Overflow: toy.Wrap, Props: []checker.Property[toy.CounterState]{
		checker.Transition("Monotonic", func(old, new *toy.CounterState) bool { return new.Sum() >= old.Sum() }),
	}}
	res := check(t, m, checker.Options{Workers: 3})
	p := res.Property("Monotonic")
	require.NotNil(t, p)
	assert.Equal(t, checker.Violated, p.Status)
	assert.Equal(t, 4, p.Depth)
	// (2,0) and (0,2) both wrap at depth 4; (2,0) has the smaller
	// fingerprint.
	assert.Equal(t, []string{"Init", "Inc(c0)", "Inc(c0)", "Inc(c0)"}, p.Trace.Labels())
	assert.Equal(t, []string{"c[0]"}, p.Trace.Steps[3].Changed)
	requireReplays(t, m, res.Traces())
}

func TestFault(t *testing.T) {
	m := &toy.Counters{N: 2, Max: 1, Overflow: toy.Fault}
	res := check(t, m, checker.Options{Workers: 2})
	assert.Equal(t, checker.StatusViolation, res.Status)
	p := res.Property("fault")
	require.NotNil(t, p)
	assert.Equal(t, checker.KindFault, p.Kind)
	assert.Equal(t, checker.Violated, p.Status)
	assert.Equal(t, 3, p.Depth)
	tr := p.Trace
	assert.Equal(t, []string{"Init", "Inc(c0)", "Inc(c0)"}, tr.Labels())
	assert.Equal(t, "c[0] = 2 out of range 0..1", tr.Fault)
	assert.Nil(t, tr.Steps[2].Vars, "a faulting step has no state")
	requireReplays(t, m, res.Traces())

	ok := check(t, &toy.Counters{N: 2, Max: 1}, checker.Options{})
	assert.Nil(t, ok.Property("fault"), "fault is listed only when one occurred")
}

func TestDeadlock(t *testing.T) {
	m := &toy.Counters{N: 2, Max: 2}
	res := check(t, m, checker.Options{Deadlock: true, Workers: 2})
	p := res.Property("deadlock")
	require.NotNil(t, p)
	assert.Equal(t, checker.Violated, p.Status)
	assert.Equal(t, 5, p.Depth)
	assert.True(t, p.Trace.Deadlock)
	last, _ := p.Trace.Steps[4].Vars.Get("c[1]")
	assert.Equal(t, "2", last)
	requireReplays(t, m, res.Traces())

	assert.True(t, check(t, m, checker.Options{}).OK(), "deadlock is off by default")
	// Pruned steps count as enabled: the state at the bound is not stuck.
	assert.True(t, check(t, &toy.Counters{N: 2, Max: 2, Overflow: toy.Prune}, checker.Options{Deadlock: true}).OK())
}

func TestConstraintPrecedesInvariants(t *testing.T) {
	m := &toy.Counters{N: 3, Max: 3, Props: []checker.Property[toy.CounterState]{
		sumAtMost(2),
		checker.Invariant("SumAtMost2", func(s *toy.CounterState) bool { return s.Sum() <= 2 }),
	}}
	res := check(t, m, checker.Options{})
	assert.True(t, res.OK(), "states outside the constraint are not checked")
	assert.Equal(t, uint64(10), res.Unique, "sums 0..2 of 3 counters")
	assert.Equal(t, uint64(6*3), res.Pruned, "each of the 6 states with sum 2 has 3 pruned successors")
	require.Len(t, res.Properties, 1, "constraints are not listed")
}

func TestInitialStateViolation(t *testing.T) {
	m := &toy.Counters{N: 1, Max: 1, Props: []checker.Property[toy.CounterState]{
		checker.Invariant("Positive", func(s *toy.CounterState) bool { return s.C[0] > 0 }),
	}}
	res := check(t, m, checker.Options{})
	p := res.Property("Positive")
	assert.Equal(t, checker.Violated, p.Status)
	assert.Equal(t, 1, p.Depth)
	assert.Equal(t, []string{"Init"}, p.Trace.Labels())
	assert.Equal(t, uint64(1), res.States, "the search stops before expanding")
}

func TestKeepGoing(t *testing.T) {
	bothChecked := checker.Invariant("NotBothChecked", func(s *toy.MutexState) bool {
		return !(s.PC[0] == toy.Checked && s.PC[1] == toy.Checked)
	})
	m := &toy.Mutex{Extra: []checker.Property[toy.MutexState]{bothChecked}}

	first := check(t, m, checker.Options{})
	assert.Equal(t, checker.StatusViolation, first.Status)
	assert.Equal(t, checker.Holds, first.Property("MutualExclusion").Status, "only the shallowest violation is reported")
	assert.Equal(t, checker.Violated, first.Property("NotBothChecked").Status)
	assert.Equal(t, 3, first.Property("NotBothChecked").Depth)

	all := check(t, m, checker.Options{KeepGoing: true})
	assert.Equal(t, checker.StatusComplete, all.Status)
	assert.False(t, all.OK())
	assert.Equal(t, checker.Violated, all.Property("MutualExclusion").Status)
	assert.Equal(t, 5, all.Property("MutualExclusion").Depth)
	assert.Equal(t, checker.Violated, all.Property("NotBothChecked").Status)
	full := check(t, &toy.Mutex{Fixed: false, Extra: nil}, checker.Options{KeepGoing: true})
	assert.Equal(t, full.Unique, all.Unique, "KeepGoing explores everything")
}

func TestInvalidProperty(t *testing.T) {
	m := &toy.Counters{N: 1, Max: 1, Props: []checker.Property[toy.CounterState]{{Name: "Broken", Kind: checker.KindInvariant}}}
	_, err := checker.Check(context.Background(), m, checker.Options{})
	assert.EqualError(t, err, "invariant Broken: nil state predicate")
	_, err = checker.Check(context.Background(), m, checker.Options{Depth: -1})
	assert.ErrorIs(t, err, checker.ErrBadOptions)
}

// shiftingInit returns a different initial state after its first call, as a
// model with hidden mutable state would.
type shiftingInit struct {
	toy.Mutex
	calls int
}

func (m *shiftingInit) Init() []toy.MutexState {
	m.calls++
	if m.calls > 1 {
		return []toy.MutexState{{Lock: true}}
	}
	return m.Mutex.Init()
}

func TestNondeterministicModel(t *testing.T) {
	res, err := checker.Check(context.Background(), &shiftingInit{}, checker.Options{Workers: 1})
	assert.ErrorIs(t, err, checker.ErrNondeterministic)
	require.NotNil(t, res, "the figures are returned with the error")
	assert.Equal(t, checker.StatusViolation, res.Status)
}
