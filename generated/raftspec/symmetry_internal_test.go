package raftspec

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/rspec/rspec/checker"
)

// reachable returns the states within depth actions of the initial state,
// breadth first.
func reachable(t *testing.T, m *Model, depth int) []State {
	seen := map[State]bool{}
	level := m.Init()
	var all []State
	var acts []Action
	for d := 0; d <= depth && len(level) > 0; d++ {
		var next []State
		for _, s := range level {
			if seen[s] {
				continue
			}
			seen[s] = true
			all = append(all, s)
			acts = m.Actions(&s, acts[:0])
			for _, a := range acts {
				var succ State
				out, err := m.Next(&s, a, &succ)
				require.NoError(t, err)
				if out == 1 { // enabled
					next = append(next, succ)
				}
			}
		}
		level = next
	}
	return all
}

func inverse(p *Perm) (q Perm) {
	for i, v := range p.Server {
		q.Server[v] = uint8(i)
	}
	return q
}

// TestRenamingIsASymmetry checks, on every state within 6 actions of the
// initial state and every renaming of the servers, what symmetry reduction
// relies on: the renamed state has the same canonical fingerprint, the same
// property verdicts and (up to renaming) the same successors, which
// checker.CheckSymmetry confirms, and renaming back gives the state again.
func TestRenamingIsASymmetry(t *testing.T) {
	m := New()
	states := reachable(t, m, 6)
	require.Greater(t, len(states), 1000)
	require.NoError(t, checker.CheckSymmetry(m, len(states)))
	distinct := 0
	for _, s := range states {
		for i := range perms {
			var r, back State
			rename(&s, &perms[i], &r)
			if r != s {
				distinct++
			}
			inv := inverse(&perms[i])
			rename(&r, &inv, &back)
			require.Equal(t, s, back, "renaming back by %v", perms[i])
		}
	}
	require.Greater(t, distinct, len(states), "renamings should change most states")
}

// TestCanonicalFingerprintSeparates checks that states that are not
// renamings of each other keep distinct canonical fingerprints.
func TestCanonicalFingerprintSeparates(t *testing.T) {
	m := New()
	states := reachable(t, m, 5)
	classes := map[uint64]State{}
	for _, s := range states {
		fp := m.CanonicalFingerprint(&s)
		if c, ok := classes[fp]; ok {
			found := false
			for i := range perms {
				var r State
				rename(&c, &perms[i], &r)
				found = found || r == s
			}
			require.True(t, found, "states with one canonical fingerprint are not renamings of each other")
			continue
		}
		classes[fp] = s
	}
	require.Less(t, len(classes), len(states))
}
