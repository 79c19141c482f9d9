package raftspec_test

import (
	"context"
	"fmt"
	"runtime"
	"runtime/metrics"
	"testing"

	"github.com/rspec/rspec/checker"
	"github.com/rspec/rspec/generated/raftspec"
)

// BenchmarkCheckDepth10 runs `rspec check --depth 10` on the compiled-in
// Raft model, on one worker and on all of them, and reports generated and
// unique states per second and the checker's memory per unique state: the
// fingerprint table, and the growth of the live heap over the run (table,
// frontier and garbage not yet collected).
//
//	go test -run '^$' -bench CheckDepth10 -benchtime 5x ./generated/raftspec
func BenchmarkCheckDepth10(b *testing.B) {
	m := raftspec.New()
	for _, workers := range []int{1, runtime.GOMAXPROCS(0)} {
		b.Run(fmt.Sprintf("workers=%d", workers), func(b *testing.B) {
			b.ReportAllocs()
			var states, unique, tableBytes, heapDelta, secs float64
			for b.Loop() {
				runtime.GC()
				before := heapObjects()
				res, err := checker.Check(context.Background(), m, checker.Options{Depth: 10, Workers: workers})
				if err != nil || !res.OK() || res.Unique == 0 {
					b.Fatalf("check: %v %s", err, res.Summary())
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
