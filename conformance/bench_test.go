package conformance

import (
	"context"
	"fmt"
	"runtime"
	"testing"
)

// BenchmarkExhaustiveDepth10 replays the spec's state graph to depth 10
// against runtime cores, as `rspec conform --depth 10` does, on one worker
// and on all of them, and reports runtime steps replayed per second.
//
//	go test -run '^$' -bench ExhaustiveDepth10 -benchtime 3x ./conformance
func BenchmarkExhaustiveDepth10(b *testing.B) {
	for _, workers := range []int{1, runtime.GOMAXPROCS(0)} {
		b.Run(fmt.Sprintf("workers=%d", workers), func(b *testing.B) {
			var steps, secs float64
			for b.Loop() {
				res, err := Exhaustive(context.Background(), 10, Options{Workers: workers, TempDir: b.TempDir()})
				if err != nil || !res.OK() || res.Steps == 0 {
					b.Fatalf("conform: %v %+v", err, res.Divergence)
				}
				steps += float64(res.Steps)
				secs += res.Duration.Seconds()
			}
			b.ReportMetric(steps/secs, "steps/s")
		})
	}
}
