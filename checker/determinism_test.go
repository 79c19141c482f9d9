package checker_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rspec/rspec/checker"
	"github.com/rspec/rspec/checker/internal/toy"
)

// stable clears the figures that depend on timing or on the worker count.
func stable(r *checker.Result) *checker.Result {
	c := *r
	c.Duration, c.StatesPerSec, c.HeapBytes, c.FrontierBytes, c.ParentLogBytes, c.Workers = 0, 0, 0, 0, 0, 0
	return &c
}

// TestWorkersDeterministic checks that the worker count changes neither the
// figures nor the traces. The counter models reach most states from several
// parents of one level, so the recorded parent is contested.
func TestWorkersDeterministic(t *testing.T) {
	manyParents := &toy.Counters{N: 6, Max: 3, Overflow: toy.Wrap, Props: []checker.Property[toy.CounterState]{
		checker.Invariant("SumNot11", func(s *toy.CounterState) bool { return s.Sum() != 11 }),
		checker.Reachable("Corner", func(s *toy.CounterState) bool { return s.C[0] == 2 && s.C[3] == 3 }),
		checker.Transition("NoWrapOfC2", func(old, new *toy.CounterState) bool { return new.C[2] >= old.C[2] }),
	}}
	tests := []struct {
		name string
		run  func(workers int) *checker.Result
	}{
		{"mutex", func(w int) *checker.Result {
			return check(t, &toy.Mutex{}, checker.Options{Workers: w})
		}},
		{"counters first violation", func(w int) *checker.Result {
			return check(t, manyParents, checker.Options{Workers: w})
		}},
		{"counters keep going", func(w int) *checker.Result {
			return check(t, manyParents, checker.Options{Workers: w, KeepGoing: true, Deadlock: true})
		}},
		{"counters depth 5", func(w int) *checker.Result {
			return check(t, manyParents, checker.Options{Workers: w, KeepGoing: true, Depth: 5})
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			want := stable(tc.run(1))
			require.NotEmpty(t, want.Traces())
			for _, workers := range []int{2, 4, 4, 4} {
				assert.Equal(t, want, stable(tc.run(workers)), fmt.Sprintf("workers=%d", workers))
			}
		})
	}
}
