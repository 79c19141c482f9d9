package storage

import (
	"fmt"
	"sync"
	"testing"

	"github.com/rspec/rspec/runtime/core"
)

// BenchmarkAppend appends batches of 64-byte entries, one Sync (one fsync)
// per batch, to a FileStorage in a temporary directory.
func BenchmarkAppend(b *testing.B) {
	for _, batch := range []int{1, 16, 256} {
		b.Run(fmt.Sprintf("batch=%d", batch), func(b *testing.B) {
			s, err := OpenFileStorage(b.TempDir(), &Options{CompactAt: -1})
			if err != nil {
				b.Fatal(err)
			}
			defer s.Close()
			entries := make([]core.Entry, batch)
			for i := range entries {
				entries[i] = core.Entry{Term: 1, Data: make([]byte, 64)}
			}
			b.SetBytes(int64(64 * batch))
			n := 0
			for b.Loop() {
				n++
				if err := s.SetLog(s.Len(), entries); err != nil {
					b.Fatal(err)
				}
				if err := s.Sync(); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(n*batch)/b.Elapsed().Seconds(), "appends/s")
		})
	}
}

// BenchmarkConcurrentAppend has 8 goroutines per CPU each append one 64-byte entry
// and Sync: concurrent Syncs share fsyncs.
func BenchmarkConcurrentAppend(b *testing.B) {
	s, err := OpenFileStorage(b.TempDir(), &Options{CompactAt: -1})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	var mu sync.Mutex
	entry := []core.Entry{{Term: 1, Data: make([]byte, 64)}}
	b.SetParallelism(8)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			mu.Lock()
			err := s.SetLog(s.Len(), entry)
			mu.Unlock()
			if err == nil {
				err = s.Sync()
			}
			if err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "appends/s")
}
