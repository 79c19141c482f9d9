package checker

import (
	"errors"
	"io"
	"runtime"
	"time"
)

// Options configure Check.
type Options struct {
	// Depth bounds the search, with Stateright's convention: initial states
	// are at depth 1, so Depth 10 explores paths of up to 9 actions. States
	// at depth Depth are checked but not expanded. 0 explores until no new
	// state appears.
	Depth int

	// Workers is the number of goroutines that expand states; 0 means
	// GOMAXPROCS. Results do not depend on it.
	Workers int

	// KeepGoing continues after a violation and keeps one counterexample per
	// property (the shortest, chosen deterministically). By default the
	// search stops at the end of the level where the first violation is
	// found. A state that violates an invariant is still expanded.
	KeepGoing bool

	// Symmetry identifies states that differ only by a renaming of a
	// symmetric domain (the model must implement Symmetric), exploring one
	// state of each such class: up to n! fewer states for n interchangeable
	// servers. Verdicts are those of the full search provided the model
	// really is symmetric; counts are of classes, and traces still show the
	// states the actions reached.
	Symmetry bool

	// Deadlock reports a state in which no action is enabled. States at the
	// depth bound and states outside a constraint are not expanded and so
	// are never reported as deadlocked.
	Deadlock bool

	// MaxStates stops the search once at least this many unique states have
	// been found (0: no limit). The figures at such a stop may exceed the
	// limit by the work in flight and depend on scheduling.
	MaxStates uint64

	// ExpectedStates, when set, sizes the fingerprint table for about this
	// many unique states from the start, so that it does not grow (and
	// rehash) on the way there. It is a hint: the table grows past it.
	ExpectedStates uint64

	// MaxMemoryBytes stops the search when the memory the Go runtime holds
	// exceeds it (0: no limit). It is sampled every MemoryInterval, so set
	// it somewhat below the real limit.
	MaxMemoryBytes uint64

	// MemoryInterval is how often MaxMemoryBytes is checked; 0 means 100ms.
	MemoryInterval time.Duration

	// Progress, when set, receives a progress line every ProgressInterval and
	// a final summary line (see Snapshot.String).
	Progress io.Writer

	// OnProgress, when set, is called with the same figures as Progress.
	OnProgress func(Snapshot)

	// ProgressInterval is the period of progress reports; 0 means 1s.
	ProgressInterval time.Duration
}

// ErrBadOptions is wrapped by errors about invalid options.
var ErrBadOptions = errors.New("invalid options")

// withDefaults fills zero fields with their defaults and rejects invalid ones.
func (o Options) withDefaults() (Options, error) {
	if o.Depth < 0 {
		return o, errorf(ErrBadOptions, "negative depth %d", o.Depth)
	}
	if o.Workers < 0 {
		return o, errorf(ErrBadOptions, "negative workers %d", o.Workers)
	}
	if o.Workers == 0 {
		o.Workers = runtime.GOMAXPROCS(0)
	}
	if o.ProgressInterval <= 0 {
		o.ProgressInterval = time.Second
	}
	if o.MemoryInterval <= 0 {
		o.MemoryInterval = 100 * time.Millisecond
	}
	return o, nil
}
