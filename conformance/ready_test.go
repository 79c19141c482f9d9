package conformance

import (
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rspec/rspec/generated/raftspec"
	"github.com/rspec/rspec/runtime/core"
)

// readyAlong replays path on the spec and a cluster, then takes the action
// labelled label on both and returns the spec's step and the runtime's
// Ready, with the position of the node that stepped.
func readyAlong(t *testing.T, path []string, label string) (s, next raftspec.State, a raftspec.Action, node int, rd core.Ready) {
	t.Helper()
	m := raftspec.New()
	s = m.Init()[0]
	for _, l := range path {
		_, s = specStep(t, m, &s, l)
	}
	c := clusterAlong(t, m, path)
	a, next = specStep(t, m, &s, label)
	node = int(a.Node)
	var err error
	switch a.Kind {
	case raftspec.ActionTimeout:
		rd, err = c.Step(node, core.ElectionTimeout{})
	case raftspec.ActionClientRequest:
		rd, err = c.Step(node, core.Propose{Data: Data(raftspec.Value(a.Args[0]))})
	default:
		want := s.Net.Msgs[a.Slot]
		k := findMsg(c.inflight, want)
		require.GreaterOrEqual(t, k, 0)
		node = int(want.To)
		_, rd, err = c.Deliver(k)
	}
	require.NoError(t, err)
	return s, next, a, node, rd
}

// TestReadyIsChecked takes real steps, requires their Ready to pass, and
// requires each Ready field that a wrong core could get wrong to be
// reported.
func TestReadyIsChecked(t *testing.T) {
	elected := electS0[:5] // s0 leads term 1 with an empty log
	heartbeat := "Deliver(LogRequest{leaderId: s0, term: 1, prefixLen: 0, prefixTerm: 0, leaderCommit: 0, suffix: [{term: 1, value: none}]} s0->s1)"
	tests := []struct {
		name   string
		path   []string
		label  string
		mutate func(rd *core.Ready)
		want   []string
	}{
		{
			name:   "commit index without entries",
			path:   elected,
			label:  heartbeat,
			mutate: func(rd *core.Ready) { rd.CommitIndex = 1 },
			want:   []string{"s1 (id 2) delivered to the application: spec [] from index 0, runtime [] from index 1"},
		},
		{
			name:   "empty log change",
			path:   elected,
			label:  "Deliver(PreVoteRequest{cid: s0, cterm: 1, clogLength: 0, clogTerm: 0} s0->s2)",
			mutate: func(rd *core.Ready) { rd.Persist.Log = &core.LogChange{From: 0} },
			want:   []string{"s2 (id 3) Ready.Persist.Log: spec changes the log: false, runtime writes [] from position 0"},
		},
		{
			name:   "log change not reported",
			path:   elected,
			label:  "ClientRequest(s0, v1)",
			mutate: func(rd *core.Ready) { rd.Persist.Log = nil },
			want:   []string{"s0 (id 1) Ready.Persist.Log: spec changes the log: true, runtime writes none"},
		},
		{
			name:   "hard state not reported",
			path:   electS0[:2],
			label:  electS0[2],
			mutate: func(rd *core.Ready) { rd.Persist.HardState = nil },
			want:   []string{"s0 (id 1) Ready.Persist.HardState: spec changes term or vote: true, runtime persists none"},
		},
		{
			name:   "unchanged hard state persisted",
			path:   elected,
			label:  "ClientRequest(s0, v1)",
			mutate: func(rd *core.Ready) { rd.Persist.HardState = &core.HardState{Term: 1, VotedFor: 1} },
			want:   []string{"s0 (id 1) Ready.Persist.HardState: spec changes term or vote: false, runtime persists term 1, vote s0"},
		},
		{
			name:   "wrong proposed entry",
			path:   elected,
			label:  "ClientRequest(s0, v1)",
			mutate: func(rd *core.Ready) { rd.Proposed.Index = 3 },
			want:   []string{"s0 (id 1) Ready.Proposed: spec index 2, term 1, runtime index 3, term 1"},
		},
		{
			name:   "proposed entry on a heartbeat",
			path:   elected,
			label:  heartbeat,
			mutate: func(rd *core.Ready) { rd.Proposed = core.EntryID{Index: 1, Term: 1} },
			want:   []string{"s1 (id 2) Ready.Proposed: spec none, runtime index 1, term 1"},
		},
		{
			name:   "election without a timer reset",
			path:   nil,
			label:  "Timeout(s0)",
			mutate: func(rd *core.Ready) { rd.ResetElectionTimer = false },
			want:   []string{"s0 (id 1) Ready.ResetElectionTimer: spec step calls for true, runtime false"},
		},
		{
			name:   "timer reset on a granted pre-vote",
			path:   electS0[:1],
			label:  electS0[1],
			mutate: func(rd *core.Ready) { rd.ResetElectionTimer = true },
			want:   []string{"s1 (id 2) Ready.ResetElectionTimer: spec step calls for false, runtime true"},
		},
		{
			name:   "granted vote without a timer reset",
			path:   electS0[:3],
			label:  electS0[3],
			mutate: func(rd *core.Ready) { rd.ResetElectionTimer = false },
			want:   []string{"s1 (id 2) Ready.ResetElectionTimer: spec step calls for true, runtime false"},
		},
		{
			name:   "heartbeat without a timer reset",
			path:   elected,
			label:  heartbeat,
			mutate: func(rd *core.Ready) { rd.ResetElectionTimer = false },
			want:   []string{"s1 (id 2) Ready.ResetElectionTimer: spec step calls for true, runtime false"},
		},
		{
			name:   "timer reset on a vote response",
			path:   electS0[:4],
			label:  electS0[4],
			mutate: func(rd *core.Ready) { rd.ResetElectionTimer = true },
			want:   []string{"s0 (id 1) Ready.ResetElectionTimer: spec step calls for false, runtime true"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, next, a, node, rd := readyAlong(t, tc.path, tc.label)
			require.Empty(t, checkReady(&s, &next, a, node, rd), "the runtime's own Ready")
			tc.mutate(&rd)
			assert.Equal(t, tc.want, checkReady(&s, &next, a, node, rd))
		})
	}
}

// TestDisabledEventsAreChecked requires the runtime's answer to events the
// spec does not enable to be checked: spec states are doctored so that the
// spec and the runtime disagree on a node's role or leader.
func TestDisabledEventsAreChecked(t *testing.T) {
	m := raftspec.New()
	s := m.Init()[0]
	for _, l := range electS0 {
		_, s = specStep(t, m, &s, l)
	}
	c := clusterAlong(t, m, electS0)
	x := &stepper{}
	label, f := x.disabled(m, c, &s)
	require.Nil(t, f, "%s: %+v", label, f)
	assert.Equal(t, uint64(4), x.counts.Disabled, "a heartbeat and a proposal at s1 and s2 (with check-quorum a leader's timeout is enabled)")

	tests := []struct {
		name   string
		mutate func(s *raftspec.State)
		label  string
		reason string
		diff   []string
	}{
		{
			name:   "heartbeat at a runtime leader",
			mutate: func(s *raftspec.State) { s.Role[0] = raftspec.RoleFollower },
			label:  "Heartbeat(s0)",
			reason: "the spec does not enable it at a Follower, and the runtime did not ignore or refuse it",
			diff: []string{
				"s0 (id 1) Ready: send 1->2 LogRequest term=1 prefixLen=0 prefixTerm=0 leaderCommit=0 suffix=[1:noop]; send 1->3 LogRequest term=1 prefixLen=0 prefixTerm=0 leaderCommit=0 suffix=[1:noop] (Empty() false), want an empty one",
				"s0 (id 1) role: spec Follower, runtime Leader",
			},
		},
		{
			name:   "a follower that knows another leader",
			mutate: func(s *raftspec.State) { s.CurrentLeader[1] = 1 },
			label:  "Heartbeat(s1)",
			reason: "the spec does not enable it at a Follower, and the runtime did not ignore or refuse it",
			diff:   []string{"s1 (id 2) currentLeader: spec s0, runtime none"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := s
			tc.mutate(&s)
			label, f := x.disabled(m, c, &s)
			require.NotNil(t, f)
			assert.Equal(t, tc.label, label)
			assert.Equal(t, tc.reason, f.reason)
			assert.Equal(t, tc.diff, f.diff)
		})
	}
}

func TestNotLeaderIsChecked(t *testing.T) {
	m := raftspec.New()
	s := m.Init()[0]
	for _, l := range electS0 {
		_, s = specStep(t, m, &s, l)
	}
	c := clusterAlong(t, m, electS0)
	_, err := c.Core(1).Clone().Step(core.Propose{Data: Data(0)})
	require.Error(t, err)
	assert.Empty(t, checkNotLeader(&s, 1, err), "the runtime's own refusal")

	tests := []struct {
		name string
		err  error
		want string
	}{
		{"accepted", nil, "s1 (id 2) accepted the proposal, want a *core.NotLeaderError"},
		{"another error", errors.New("busy"), `s1 (id 2) refused the proposal with "busy", want a *core.NotLeaderError`},
		{"another leader", fmt.Errorf("propose: %w", &core.NotLeaderError{Leader: 3}), "s1 (id 2) refused the proposal naming leader s2, spec currentLeader none"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, []string{tc.want}, checkNotLeader(&s, 1, tc.err))
		})
	}
}
