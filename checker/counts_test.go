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

func sumAtMost(n int) checker.Property[toy.CounterState] {
	return checker.Constraint(fmt.Sprintf("SumAtMost%d", n), func(s *toy.CounterState) bool { return s.Sum() <= n })
}

// TestCountsMatchReference compares Check's figures with refBFS for every
// depth bound from 1 to past the fixpoint, and unbounded.
func TestCountsMatchReference(t *testing.T) {
	tests := []struct {
		name     string
		model    checker.Model[toy.CounterState, uint8]
		maxDepth int
	}{
		{"stop", &toy.Counters{N: 2, Max: 3}, 9},
		{"wrap", &toy.Counters{N: 3, Max: 2, Overflow: toy.Wrap}, 9},
		{"prune", &toy.Counters{N: 3, Max: 2, Overflow: toy.Prune}, 9},
		{"constraint", &toy.Counters{N: 3, Max: 3, Overflow: toy.Prune,
			Props: []checker.Property[toy.CounterState]{sumAtMost(4)}}, 8},
		{"init outside constraint", &toy.Counters{N: 2, Max: 3,
			Props: []checker.Property[toy.CounterState]{checker.Constraint("Never", func(*toy.CounterState) bool { return false })}}, 3},
	}
	for _, tc := range tests {
		for depth := 0; depth <= tc.maxDepth; depth++ {
			for _, workers := range []int{1, 3} {
				t.Run(fmt.Sprintf("%s/depth=%d/workers=%d", tc.name, depth, workers), func(t *testing.T) {
					want := refBFS(tc.model, depth)
					res, err := checker.Check(context.Background(), tc.model, checker.Options{Depth: depth, Workers: workers})
					require.NoError(t, err)
					assert.Equal(t, checker.StatusComplete, res.Status)
					assert.Equal(t, want, refCounts{res.States, res.Unique, res.Pruned, res.Depth})
				})
			}
		}
	}
}

// TestCountsClosedForm checks figures computed by hand. Two counters in
// 0..3 that stop at 3: 16 states, and each of the 12 states where a counter
// is below 3 enables its Inc, so 1 + 2·12 = 25 generated states; the deepest
// state (3,3) is at depth 7.
func TestCountsClosedForm(t *testing.T) {
	tests := []struct {
		name                   string
		depth                  int
		states, unique, pruned uint64
		reached                int
		bounded, exhaustive    bool
	}{
		{"unbounded", 0, 25, 16, 0, 7, false, true},
		// Depth 1: only the initial state, checked but not expanded.
		{"depth 1", 1, 1, 1, 0, 1, true, false},
		// Depth 3: sums 0..2 are 1+2+3 = 6 states; generated: 1 + 2 + 2·2.
		{"depth 3", 3, 7, 6, 0, 3, true, false},
		// Depth 7 reaches (3,3), which is not expanded but has no successor.
		{"depth 7", 7, 25, 16, 0, 7, true, false},
		{"depth 8", 8, 25, 16, 0, 7, false, true},
	}
	m := &toy.Counters{N: 2, Max: 3}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, err := checker.Check(context.Background(), m, checker.Options{Depth: tc.depth, Workers: 2})
			require.NoError(t, err)
			assert.Equal(t, tc.states, res.States, "states")
			assert.Equal(t, tc.unique, res.Unique, "unique")
			assert.Equal(t, tc.pruned, res.Pruned, "pruned")
			assert.Equal(t, tc.reached, res.Depth, "depth")
			assert.Equal(t, tc.bounded, res.DepthBounded, "depth bounded")
			assert.Equal(t, tc.exhaustive, res.Exhaustive, "exhaustive")
		})
	}
}
