package main

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// cluster is a running 3-node cluster with a known leader.
type cluster interface {
	// propose submits data at the leader and returns once it is committed.
	// It is safe for concurrent use.
	propose(ctx context.Context, data []byte) error
	// close stops every node and releases its files and sockets.
	close() error
}

// system starts a cluster whose nodes keep their data under dir.
type system struct {
	name  string
	start func(ctx context.Context, dir string) (cluster, error)
}

const (
	nameRspec         = "rspec"
	nameHashicorp     = "hashicorp"
	nameHashicorpLogC = "hashicorp+logcache"
)

var systems = []system{
	{nameRspec, startRspec},
	{nameHashicorp, func(ctx context.Context, dir string) (cluster, error) { return startHashicorp(ctx, dir, 0) }},
	{nameHashicorpLogC, func(ctx context.Context, dir string) (cluster, error) { return startHashicorp(ctx, dir, 512) }},
}

func systemNames() []string {
	var names []string
	for _, s := range systems {
		names = append(names, s.name)
	}
	return names
}

func findSystem(name string) *system {
	for i := range systems {
		if systems[i].name == name {
			return &systems[i]
		}
	}
	return nil
}

// result is what one system did in one measured run.
type result struct {
	name   string
	window time.Duration   // measured time
	lat    []time.Duration // latency of each proposal committed in the window, sorted
	errors int             // proposals that failed, warm-up included
}

// throughput is committed proposals per second.
func (r result) throughput() float64 {
	if r.window <= 0 {
		return 0
	}
	return float64(len(r.lat)) / r.window.Seconds()
}

// percentile returns the p-th percentile latency (nearest rank).
func (r result) percentile(p float64) time.Duration {
	if len(r.lat) == 0 {
		return 0
	}
	i := int(p/100*float64(len(r.lat))+0.5) - 1
	return r.lat[min(max(i, 0), len(r.lat)-1)]
}

// merge pools the results of several rounds of one system.
func merge(rs []result) result {
	m := result{name: rs[0].name}
	for _, r := range rs {
		m.window += r.window
		m.lat = append(m.lat, r.lat...)
		m.errors += r.errors
	}
	slices.Sort(m.lat)
	return m
}

// runSystem starts s's cluster in a fresh directory, loads it and stops it.
func runSystem(ctx context.Context, s *system, o options) (result, error) {
	dir, err := os.MkdirTemp(o.dir, "raftbench-"+s.name+"-")
	if err != nil {
		return result{}, err
	}
	defer os.RemoveAll(dir)
	runtime.GC()
	c, err := s.start(ctx, dir)
	if err != nil {
		return result{}, fmt.Errorf("start cluster: %w", err)
	}
	r, err := drive(ctx, c, o)
	r.name = s.name
	if cerr := c.close(); err == nil && cerr != nil {
		err = fmt.Errorf("stop cluster: %w", cerr)
	}
	return r, err
}

// maxErrors ends a run whose proposals keep failing.
const maxErrors = 1000

// drive runs o.inflight closed-loop clients against c: each proposes,
// waits for the commit, and proposes again. Proposals that complete during
// the warm-up are not counted; after it, the run measures o.count
// proposals, or those committed within o.duration.
func drive(ctx context.Context, c cluster, o options) (result, error) {
	payload := make([]byte, o.payload)
	for i := range payload {
		payload[i] = byte('a' + i%26)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	start := time.Now()
	measureFrom := start.Add(o.warmup)
	deadline := measureFrom.Add(o.duration)
	var (
		claimed  atomic.Int64 // proposals begun in the measured part, -count mode
		errCount atomic.Int64
		lastDone atomic.Int64 // completion of the last measured proposal, ns after start
		wg       sync.WaitGroup
		mu       sync.Mutex
		lats     = make([][]time.Duration, o.inflight)
		firstErr error
	)
	for w := range o.inflight {
		wg.Go(func() {
			var lat []time.Duration
			defer func() { lats[w] = lat }()
			for ctx.Err() == nil {
				t0 := time.Now()
				measured := !t0.Before(measureFrom)
				if o.count > 0 {
					if measured && claimed.Add(1) > int64(o.count) {
						return
					}
				} else if !t0.Before(deadline) {
					return
				}
				err := c.propose(ctx, payload)
				t1 := time.Now()
				if err != nil {
					if ctx.Err() != nil {
						return
					}
					if errCount.Add(1) == maxErrors {
						mu.Lock()
						firstErr = fmt.Errorf("%d proposals failed, the last with: %w", maxErrors, err)
						mu.Unlock()
						cancel()
					}
					time.Sleep(10 * time.Millisecond) // an election, perhaps
					continue
				}
				if o.count > 0 {
					if measured {
						lat = append(lat, t1.Sub(t0))
						atomicMax(&lastDone, int64(t1.Sub(start)))
					}
				} else if !t1.Before(measureFrom) && !t1.After(deadline) {
					lat = append(lat, t1.Sub(t0))
				}
			}
		})
	}
	wg.Wait()
	r := result{errors: int(errCount.Load()), lat: slices.Concat(lats...)}
	slices.Sort(r.lat)
	if o.count > 0 {
		r.window = time.Duration(lastDone.Load()) - o.warmup
	} else {
		r.window = o.duration
	}
	if firstErr != nil {
		return r, firstErr
	}
	if err := ctx.Err(); err != nil {
		return r, err
	}
	return r, nil
}

func atomicMax(v *atomic.Int64, x int64) {
	for {
		old := v.Load()
		if x <= old || v.CompareAndSwap(old, x) {
			return
		}
	}
}
