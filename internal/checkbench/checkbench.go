// Package checkbench is the benchmark body shared by the checker's own
// benchmark and the generated models': it checks a model on one worker and
// on all of them and reports throughput and memory per unique state.
package checkbench

import (
	"context"
	"fmt"
	"runtime"
	"runtime/metrics"
	"testing"

	"github.com/rspec/rspec/checker"
)

// Run checks m with opts once per iteration, on one worker and on
// GOMAXPROCS workers, and reports generated and unique states per second
// and, per unique state, the bytes of the checker's memory: the fingerprint
// table (table-B), the most the queued states held at once (frontier-B),
// their sum (checker-B), and the growth of the heap over the run (heap-B:
// the same plus buffers and garbage not yet collected). A run that finds a
// violation or no states fails.
func Run[S any, A any](b *testing.B, m checker.Model[S, A], opts checker.Options) {
	for _, workers := range []int{1, runtime.GOMAXPROCS(0)} {
		b.Run(fmt.Sprintf("workers=%d", workers), func(b *testing.B) {
			b.ReportAllocs()
			o := opts
			o.Workers = workers
			var states, unique, tableBytes, frontierBytes, heapDelta, secs float64
			for b.Loop() {
				runtime.GC()
				before := heapObjects()
				res, err := checker.Check(context.Background(), m, o)
				if err != nil || !res.OK() || res.Unique == 0 {
					b.Fatalf("check: %v %s", err, res.Summary())
				}
				states += float64(res.States)
				unique += float64(res.Unique)
				secs += res.Duration.Seconds()
				tableBytes += float64(res.TableBytes)
				frontierBytes += float64(res.FrontierBytes)
				heapDelta += float64(res.HeapBytes) - float64(before)
			}
			b.ReportMetric(states/secs, "states/s")
			b.ReportMetric(unique/secs, "unique/s")
			b.ReportMetric(tableBytes/unique, "table-B/unique")
			b.ReportMetric(frontierBytes/unique, "frontier-B/unique")
			b.ReportMetric((tableBytes+frontierBytes)/unique, "checker-B/unique")
			b.ReportMetric(heapDelta/unique, "heap-B/unique")
		})
	}
}

func heapObjects() uint64 {
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}
