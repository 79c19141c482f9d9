package checker_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rspec/rspec/checker"
	"github.com/rspec/rspec/checker/internal/toy"
)

func simulate[S any, A any](t *testing.T, m checker.Model[S, A], opts checker.SimOptions) *checker.SimResult {
	t.Helper()
	res, err := checker.Simulate(context.Background(), m, opts)
	require.NoError(t, err)
	return res
}

func stableSim(r *checker.SimResult) *checker.SimResult {
	c := *r
	c.Duration, c.StatesPerSec, c.Workers = 0, 0, 0
	return &c
}

func TestSimulateCounts(t *testing.T) {
	tests := []struct {
		name          string
		model         *toy.Counters
		opts          checker.SimOptions
		walks         int
		steps, states uint64
		minPruned     uint64
	}{
		// Every walk increments until both counters are at 2: 4 actions.
		{"runs until stuck", &toy.Counters{N: 2, Max: 2}, checker.SimOptions{Walks: 50}, 50, 200, 250, 0},
		{"step bound", &toy.Counters{N: 2, Max: 2, Overflow: toy.Wrap}, checker.SimOptions{Walks: 7, Steps: 10}, 7, 70, 77, 0},
		// At (2,2) both actions are pruned and the walk ends; on the way, a
		// counter at 2 is pruned whenever its Inc is drawn first.
		{"pruned", &toy.Counters{N: 2, Max: 2, Overflow: toy.Prune}, checker.SimOptions{Walks: 3}, 3, 12, 15, 6},
		{"more walks than a batch", &toy.Counters{N: 1, Max: 1}, checker.SimOptions{Walks: 2500}, 2500, 2500, 5000, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := simulate(t, tc.model, tc.opts)
			assert.Equal(t, checker.StatusComplete, res.Status)
			assert.Equal(t, tc.walks, res.Walks)
			assert.Equal(t, tc.steps, res.Steps, "steps")
			assert.Equal(t, tc.states, res.States, "states")
			assert.GreaterOrEqual(t, res.Pruned, tc.minPruned, "pruned")
		})
	}
}

func TestSimulateReproducible(t *testing.T) {
	m := &toy.Counters{N: 4, Max: 5, Overflow: toy.Wrap}
	opts := checker.SimOptions{Walks: 20, Steps: 30, Seed: 42}
	differ := 0
	for walk := range 20 {
		a, err := checker.ReplayWalk(m, opts, walk)
		require.NoError(t, err)
		b, err := checker.ReplayWalk(m, opts, walk)
		require.NoError(t, err)
		assert.Equal(t, a, b, "walk %d", walk)
		assert.Equal(t, 30, a.Len())
		other, err := checker.ReplayWalk(m, checker.SimOptions{Walks: 20, Steps: 30, Seed: 43}, walk)
		require.NoError(t, err)
		if fmt.Sprint(other.Labels()) != fmt.Sprint(a.Labels()) {
			differ++
		}
	}
	assert.Greater(t, differ, 15, "another seed gives other walks")
}

func TestSimulateWorkersDeterministic(t *testing.T) {
	mutex := &toy.Mutex{}
	counters := &toy.Counters{N: 3, Max: 3, Overflow: toy.Wrap, Props: []checker.Property[toy.CounterState]{
		checker.Invariant("SumBelow8", func(s *toy.CounterState) bool { return s.Sum() < 8 }),
		checker.Reachable("AllTwo", func(s *toy.CounterState) bool { return s.C == [8]uint8{2, 2, 2} }),
	}}
	tests := []struct {
		name string
		run  func(workers int) *checker.SimResult
	}{
		{"mutex", func(w int) *checker.SimResult {
			return simulate(t, mutex, checker.SimOptions{Walks: 3000, Steps: 20, Seed: 7, Workers: w})
		}},
		{"mutex keep going", func(w int) *checker.SimResult {
			return simulate(t, mutex, checker.SimOptions{Walks: 3000, Steps: 20, Seed: 7, Workers: w, KeepGoing: true})
		}},
		{"counters", func(w int) *checker.SimResult {
			return simulate(t, counters, checker.SimOptions{Walks: 3000, Steps: 12, Seed: 1, Workers: w})
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			want := stableSim(tc.run(1))
			require.NotEmpty(t, want.Traces())
			for _, w := range []int{2, 4} {
				assert.Equal(t, want, stableSim(tc.run(w)), "workers=%d", w)
			}
		})
	}
}

func TestSimulateViolations(t *testing.T) {
	t.Run("invariant", func(t *testing.T) {
		m := &toy.Mutex{}
		res := simulate(t, m, checker.SimOptions{Walks: 500, Steps: 50, Seed: 3})
		assert.Equal(t, checker.StatusViolation, res.Status)
		p := res.Property("MutualExclusion")
		require.Equal(t, checker.Violated, p.Status)
		last := p.Trace.Steps[len(p.Trace.Steps)-1]
		v0, _ := last.Vars.Get("pc[p0]")
		v1, _ := last.Vars.Get("pc[p1]")
		assert.Equal(t, []string{"Critical", "Critical"}, []string{v0, v1})
		assert.Equal(t, len(p.Trace.Steps), p.Depth)
		requireReplays(t, m, res.Traces())
		assert.Equal(t, checker.Reached, res.Property("SomeoneCritical").Status)
		assert.Equal(t, checker.Unreached, res.Property("ThreeCritical").Status)
		assert.Contains(t, res.Warnings, "reachable ThreeCritical: not reached by the random walks")
	})
	t.Run("transition", func(t *testing.T) {
		m := &toy.Counters{N: 2, Max: 2, Overflow: toy.Wrap, Props: []checker.Property[toy.CounterState]{
			checker.Transition("Monotonic", func(old, new *toy.CounterState) bool { return new.Sum() >= old.Sum() }),
		}}
		res := simulate(t, m, checker.SimOptions{Walks: 10, Steps: 20})
		p := res.Property("Monotonic")
		require.Equal(t, checker.Violated, p.Status)
		n := len(p.Trace.Steps)
		before, _ := p.Trace.Steps[n-2].Vars.Get(p.Trace.Steps[n-1].Changed[0])
		assert.Equal(t, "2", before)
		requireReplays(t, m, res.Traces())
	})
	t.Run("fault", func(t *testing.T) {
		m := &toy.Counters{N: 2, Max: 1, Overflow: toy.Fault}
		res := simulate(t, m, checker.SimOptions{Walks: 10, Steps: 20})
		p := res.Property("fault")
		require.NotNil(t, p)
		require.Equal(t, checker.Violated, p.Status)
		assert.Regexp(t, `^c\[[01]\] = 2 out of range 0\.\.1$`, p.Trace.Fault)
		requireReplays(t, m, res.Traces())
	})
	t.Run("deadlock", func(t *testing.T) {
		m := &toy.Counters{N: 2, Max: 2}
		res := simulate(t, m, checker.SimOptions{Walks: 10, Steps: 20, Deadlock: true})
		p := res.Property("deadlock")
		require.Equal(t, checker.Violated, p.Status)
		assert.True(t, p.Trace.Deadlock)
		assert.Equal(t, 4, p.Trace.Len())
		assert.Equal(t, 1, res.Walks, "the first walk deadlocks and stops the simulation")
		requireReplays(t, m, res.Traces())
	})
}

func TestSimulateInterrupted(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	res, err := checker.Simulate(ctx, &toy.Mutex{Fixed: true}, checker.SimOptions{})
	require.NoError(t, err)
	assert.True(t, res.Interrupted)
	assert.Equal(t, 0, res.Walks)
}
