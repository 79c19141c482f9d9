package checker_test

import (
	"context"
	"fmt"
	"runtime"
	"runtime/metrics"
	"testing"

	"github.com/rspec/rspec/checker"
	"github.com/rspec/rspec/checker/internal/toy"
)

// BenchmarkBFS checks five counters modulo 12 (248,832 states, five
// successors each) exhaustively and reports throughput and the checker's
// memory per unique state: the fingerprint table, and the growth of the heap
// in use over the run (table, frontier and garbage not yet collected).
func BenchmarkBFS(b *testing.B) {
	m := &toy.Counters{N: 5, Max: 11, Overflow: toy.Wrap, Props: []checker.Property[toy.CounterState]{
		checker.Invariant("SumBelow60", func(s *toy.CounterState) bool { return s.Sum() < 60 }),
	}}
	for _, workers := range []int{1, runtime.GOMAXPROCS(0)} {
		b.Run(fmt.Sprintf("workers=%d", workers), func(b *testing.B) {
			b.ReportAllocs()
			var states, unique, tableBytes, heapDelta float64
			var secs float64
			for b.Loop() {
				runtime.GC()
				before := heapObjects()
				res, err := checker.Check(context.Background(), m, checker.Options{Workers: workers})
				if err != nil || !res.OK() {
					b.Fatalf("check: %v %+v", err, res)
				}
				states += float64(res.States)
				unique += float64(res.Unique)
				secs += res.Duration.Seconds()
				tableBytes += float64(res.TableBytes)
				heapDelta += float64(res.HeapBytes) - float64(before)
			}
			b.ReportMetric(states/secs, "states/s")
			b.ReportMetric(unique/secs, "unique/s")
			b.ReportMetric(tableBytes/unique, "table-B/unique")
			b.ReportMetric(heapDelta/unique, "heap-B/unique")
		})
	}
}

func heapObjects() uint64 {
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}
