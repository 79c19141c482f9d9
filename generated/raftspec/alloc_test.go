package raftspec_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/rspec/rspec/generated/raftspec"
)

// busyState returns a state with an election under way and messages in
// flight, so that every kind of step runs.
func busyState(t *testing.T, m *raftspec.Model) raftspec.State {
	s := m.Init()[0]
	s = elect(t, m, &s)
	return step(t, m, &s, "ClientRequest(s0, v1)")
}

func TestNoAllocations(t *testing.T) {
	m := raftspec.New()
	s := busyState(t, m)
	buf := make([]raftspec.Action, 0, 64)
	acts := m.Actions(&s, nil)
	var next raftspec.State
	assert.Zero(t, testing.AllocsPerRun(100, func() { buf = m.Actions(&s, buf[:0]) }), "Actions")
	assert.Zero(t, testing.AllocsPerRun(100, func() {
		for _, a := range acts {
			_, _ = m.Next(&s, a, &next)
		}
	}), "Next")
	assert.Zero(t, testing.AllocsPerRun(100, func() { _ = m.Fingerprint(&s) }), "Fingerprint")
	assert.Zero(t, testing.AllocsPerRun(100, func() { _ = m.CanonicalFingerprint(&s) }), "CanonicalFingerprint")
	props := m.Properties()
	assert.Zero(t, testing.AllocsPerRun(100, func() {
		for _, p := range props {
			if p.State != nil {
				p.State(&s)
			} else {
				p.Step(&s, &next)
			}
		}
	}), "Properties")
}

func BenchmarkStep(b *testing.B) {
	m := raftspec.New()
	s := busyState(&testing.T{}, m)
	acts := m.Actions(&s, nil)
	var next raftspec.State
	b.ReportAllocs()
	for b.Loop() {
		for _, a := range acts {
			if out, _ := m.Next(&s, a, &next); out != 0 {
				_ = m.Fingerprint(&next)
			}
		}
	}
}

// BenchmarkFingerprint compares the plain fingerprint of a busy state with
// the canonical one that symmetry reduction uses (one per renaming).
func BenchmarkFingerprint(b *testing.B) {
	m := raftspec.New()
	s := busyState(&testing.T{}, m)
	b.Run("plain", func(b *testing.B) {
		for b.Loop() {
			_ = m.Fingerprint(&s)
		}
	})
	b.Run("canonical", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			_ = m.CanonicalFingerprint(&s)
		}
	})
}
