package checker

import (
	"fmt"
	"io"
	"runtime/metrics"
	"time"
)

// Snapshot is a progress report of a running check.
type Snapshot struct {
	States  uint64
	Unique  uint64
	Depth   int
	Elapsed time.Duration
	// Rate is states per second over the last interval (the whole run in
	// the final report).
	Rate float64
	// Done marks the final report.
	Done bool
}

// String renders the snapshot in Stateright's form:
//
//	Checking. states=475674, unique=133824, depth=10, states/s=237837
//	Done. states=924710, unique=259150, depth=10, sec=3
func (p Snapshot) String() string {
	if p.Done {
		return fmt.Sprintf("Done. states=%d, unique=%d, depth=%d, sec=%d",
			p.States, p.Unique, p.Depth, int64(p.Elapsed/time.Second))
	}
	return fmt.Sprintf("Checking. states=%d, unique=%d, depth=%d, states/s=%.0f",
		p.States, p.Unique, p.Depth, p.Rate)
}

// reporter delivers snapshots to Options.Progress and Options.OnProgress.
type reporter struct {
	w     io.Writer
	fn    func(Snapshot)
	start time.Time
	last  Snapshot
}

func newReporter(o *Options, start time.Time) *reporter {
	return &reporter{w: o.Progress, fn: o.OnProgress, start: start}
}

func (r *reporter) active() bool { return r.w != nil || r.fn != nil }

// report delivers a snapshot of the given figures.
func (r *reporter) report(states, unique uint64, depth int, done bool) {
	p := Snapshot{States: states, Unique: unique, Depth: depth, Elapsed: time.Since(r.start), Done: done}
	if done {
		p.Rate = perSecond(states, p.Elapsed)
	} else {
		p.Rate = perSecond(states-r.last.States, p.Elapsed-r.last.Elapsed)
	}
	r.last = p
	if r.w != nil {
		fmt.Fprintln(r.w, p.String())
	}
	if r.fn != nil {
		r.fn(p)
	}
}

func perSecond(n uint64, d time.Duration) float64 {
	if d <= 0 {
		return 0
	}
	return float64(n) / d.Seconds()
}

// memory samples the Go runtime's memory figures without stopping the world.
type memory struct {
	samples []metrics.Sample
}

func newMemory() *memory {
	return &memory{samples: []metrics.Sample{
		{Name: "/memory/classes/total:bytes"},
		{Name: "/memory/classes/heap/released:bytes"},
		{Name: "/memory/classes/heap/objects:bytes"},
	}}
}

// read returns the memory the runtime holds from the OS (mapped and not
// released) and the bytes of heap objects.
func (m *memory) read() (held, heap uint64) {
	metrics.Read(m.samples)
	v := func(i int) uint64 {
		if m.samples[i].Value.Kind() == metrics.KindUint64 {
			return m.samples[i].Value.Uint64()
		}
		return 0
	}
	return v(0) - min(v(1), v(0)), v(2)
}

// formatBytes renders n in binary units, e.g. "1.5 GiB".
func formatBytes(n uint64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	div, exp := uint64(unit), 0
	for m := n / unit; m >= unit; m /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %ciB", float64(n)/float64(div), "KMGTPE"[exp])
}
