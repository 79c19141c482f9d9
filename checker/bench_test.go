package checker_test

import (
	"testing"

	"github.com/rspec/rspec/checker"
	"github.com/rspec/rspec/checker/internal/toy"
	"github.com/rspec/rspec/internal/checkbench"
)

// BenchmarkBFS checks five counters modulo 12 (248,832 states, five
// successors each) exhaustively and reports throughput and the checker's
// memory per unique state (see checkbench.Run).
func BenchmarkBFS(b *testing.B) {
	m := &toy.Counters{N: 5, Max: 11, Overflow: toy.Wrap, Props: []checker.Property[toy.CounterState]{
		checker.Invariant("SumBelow60", func(s *toy.CounterState) bool { return s.Sum() < 60 }),
	}}
	checkbench.Run(b, m, checker.Options{})
}
