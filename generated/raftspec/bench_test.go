package raftspec_test

import (
	"testing"

	"github.com/rspec/rspec/checker"
	"github.com/rspec/rspec/generated/raftspec"
	"github.com/rspec/rspec/internal/checkbench"
)

// BenchmarkCheckDepth10 runs `rspec check --depth 10` on the compiled-in
// Raft model, on one worker and on all of them, and reports generated and
// unique states per second and the checker's memory per unique state (see
// checkbench.Run).
//
//	go test -run '^$' -bench CheckDepth10 -benchtime 5x ./generated/raftspec
func BenchmarkCheckDepth10(b *testing.B) {
	checkbench.Run(b, raftspec.New(), checker.Options{Depth: 10})
}

// BenchmarkCheckDepth10Symmetry is BenchmarkCheckDepth10 with symmetry
// reduction: about 6 times fewer unique states, each generated state
// costing one canonical fingerprint.
//
//	go test -run '^$' -bench CheckDepth10Symmetry -benchtime 5x ./generated/raftspec
func BenchmarkCheckDepth10Symmetry(b *testing.B) {
	checkbench.Run(b, raftspec.New(), checker.Options{Depth: 10, Symmetry: true})
}
