package coretest

import (
	"bytes"
	"fmt"
	"slices"

	"github.com/rspec/rspec/runtime/core"
)

// Store is a node's fake durable storage: what survives a crash.
type Store struct {
	HardState core.HardState
	Log       []core.Entry
}

// Apply writes p, as a driver does before sending a Ready's messages.
func (s *Store) Apply(p core.Persist) {
	if p.HardState != nil {
		s.HardState = *p.HardState
	}
	if p.Log != nil {
		s.Log = p.Log.Apply(s.Log)
	}
}

// Stored returns a copy of the stored state, as New reads it on restart.
func (s *Store) Stored() core.Stored {
	return core.Stored{HardState: s.HardState, Log: slices.Clone(s.Log)}
}

// App is a node's application: the entries it applied, by index, across
// restarts. Like a real application it skips redelivered indexes, and it
// checks that a redelivered entry is the one it applied.
type App struct {
	Applied []core.Entry // Applied[i] has index i+1
}

// Deliver applies es, the first at index first.
func (a *App) Deliver(first uint64, es []core.Entry) error {
	for k, e := range es {
		idx := first + uint64(k)
		switch n := uint64(len(a.Applied)); {
		case idx <= n:
			if old := a.Applied[idx-1]; !sameEntry(old, e) {
				return fmt.Errorf("index %d delivered as %s, earlier as %s", idx, e, old)
			}
		case idx == n+1:
			a.Applied = append(a.Applied, e)
		default:
			return fmt.Errorf("index %d delivered with only %d applied", idx, n)
		}
	}
	return nil
}

// sameEntry reports whether a and b have the same term and data.
func sameEntry(a, b core.Entry) bool {
	return a.Term == b.Term && bytes.Equal(a.Data, b.Data)
}
