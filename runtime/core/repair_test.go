package core_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rspec/rspec/runtime/core"
)

// termRun returns n entries of term t.
func termRun(t uint64, n int) []core.Entry {
	es := make([]core.Entry, n)
	for i := range es {
		es[i] = core.Entry{Term: t, Data: []byte{byte(t)}}
	}
	return es
}

// TestFastRepairOfLongDivergence repairs a follower whose last 10,000
// entries (terms 2 and 3) differ from the new leader's (term 4). The repair
// hint skips a whole term per refusal, so the leader is refused twice, not
// 10,000 times, and pipelined batches carry the rest.
func TestFastRepairOfLongDivergence(t *testing.T) {
	const common, divergent = 100, 10_000
	leaderLog := append(termRun(1, common), termRun(4, divergent)...)
	followerLog := append(append(termRun(1, common), termRun(2, divergent/2)...), termRun(3, divergent/2)...)
	peers := []core.ID{1, 2, 3}
	leader, err := core.New(core.Config{ID: 1, Peers: peers}, core.Stored{HardState: core.HardState{Term: 4}, Log: leaderLog})
	require.NoError(t, err)
	follower, err := core.New(core.Config{ID: 2, Peers: peers}, core.Stored{HardState: core.HardState{Term: 4}, Log: followerLog})
	require.NoError(t, err)

	rd, err := leader.Step(core.ElectionTimeout{})
	require.NoError(t, err)
	rd, err = leader.Step(core.Receive{Msg: core.Message{Type: core.MsgVoteResponse, From: 3, To: 1, Term: 5, Granted: true}})
	require.NoError(t, err)
	require.Equal(t, core.Leader, leader.Role())

	toFollower := to(rd.Messages, 2)
	rounds, refusals := 0, 0
	for len(toFollower) > 0 {
		rounds++
		require.Less(t, rounds, 100, "repair does not converge")
		var toLeader []core.Message
		for _, m := range toFollower {
			frd, err := follower.Step(core.Receive{Msg: m})
			require.NoError(t, err)
			toLeader = append(toLeader, frd.Messages...)
		}
		toFollower = nil
		for _, m := range toLeader {
			if !m.Success {
				refusals++
			}
			lrd, err := leader.Step(core.Receive{Msg: m})
			require.NoError(t, err)
			toFollower = append(toFollower, to(lrd.Messages, 2)...)
		}
	}
	assert.Equal(t, leader.State().Log, follower.State().Log)
	assert.Equal(t, 2, refusals, "one refusal per divergent term")
	// Probing takes 3 round trips; 10,000 entries in batches of 1024 with a
	// window of 8 batches take 2 more.
	assert.LessOrEqual(t, rounds, 6)
	t.Logf("%d divergent entries repaired in %d round trips (%d refusals)", divergent, rounds, refusals)
}

// to returns the messages of ms addressed to id.
func to(ms []core.Message, id core.ID) []core.Message {
	var out []core.Message
	for _, m := range ms {
		if m.To == id {
			out = append(out, m)
		}
	}
	return out
}
