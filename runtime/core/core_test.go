package core_test

import (
	"errors"
	"math"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rspec/rspec/runtime/core"
	"github.com/rspec/rspec/runtime/core/coretest"
)

func TestNewRejectsBadConfig(t *testing.T) {
	tests := []struct {
		name string
		cfg  core.Config
		st   core.Stored
		want string
	}{
		{"zero id", core.Config{ID: 0, Peers: []core.ID{1, 2}}, core.Stored{}, "config: node id is zero"},
		{"no peers", core.Config{ID: 1}, core.Stored{}, "config: no peers"},
		{"zero peer", core.Config{ID: 1, Peers: []core.ID{1, 0}}, core.Stored{}, "config: peer id is zero"},
		{"duplicate peer", core.Config{ID: 1, Peers: []core.ID{1, 2, 2}}, core.Stored{}, "config: duplicate peer 2"},
		{"id not in peers", core.Config{ID: 4, Peers: []core.ID{1, 2, 3}}, core.Stored{}, "config: node 4 not in peers [1 2 3]"},
		{
			"vote for stranger", core.Config{ID: 1, Peers: []core.ID{1, 2}},
			core.Stored{HardState: core.HardState{Term: 1, VotedFor: 9}},
			"stored state of node 1: vote for unknown node 9",
		},
		{
			"entry beyond term", core.Config{ID: 1, Peers: []core.ID{1, 2}},
			core.Stored{HardState: core.HardState{Term: 1}, Log: []core.Entry{{Term: 2}}},
			"stored state of node 1: log entry 1 has term 2 beyond current term 1",
		},
		{
			"decreasing terms", core.Config{ID: 1, Peers: []core.ID{1, 2}},
			core.Stored{HardState: core.HardState{Term: 3}, Log: []core.Entry{{Term: 2}, {Term: 1}}},
			"stored state of node 1: log entry 2 has term 1 below the previous entry's term 2",
		},
		{
			"entry of term 0", core.Config{ID: 1, Peers: []core.ID{1, 2}},
			core.Stored{HardState: core.HardState{Term: 3}, Log: []core.Entry{{Term: 0}}},
			"stored state of node 1: log entry 1 has term 0",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, err := core.New(tc.cfg, tc.st)
			assert.Nil(t, c)
			assert.EqualError(t, err, tc.want)
		})
	}
}

func TestNewRestoresDurableState(t *testing.T) {
	st := core.Stored{
		HardState: core.HardState{Term: 5, VotedFor: 3},
		Log:       []core.Entry{{Term: 1, Data: []byte("a")}, {Term: 4, Data: []byte("b")}},
	}
	c, err := core.New(core.Config{ID: 2, Peers: []core.ID{3, 1, 2}}, st)
	require.NoError(t, err)
	st.Log[0].Term = 99 // the core keeps its own copy

	got := c.State()
	assert.Equal(t, uint64(5), got.Term)
	assert.Equal(t, core.ID(3), got.VotedFor)
	assert.Equal(t, core.Follower, got.Role)
	assert.Equal(t, core.None, got.Leader)
	assert.Equal(t, []core.Entry{{Term: 1, Data: []byte("a")}, {Term: 4, Data: []byte("b")}}, got.Log)
	assert.Zero(t, got.CommitLength)
	assert.Empty(t, got.VotesReceived)
	assert.Equal(t, map[core.ID]uint64{1: 0, 2: 0, 3: 0}, got.SentLength)
	assert.Equal(t, map[core.ID]uint64{1: 0, 2: 0, 3: 0}, got.AckedLength)
	assert.Equal(t, []core.ID{1, 2, 3}, c.Peers())
}

// newCore returns node id of a cluster of nodes 1..n, fresh.
func newCore(t *testing.T, id core.ID, n int) *core.Core {
	t.Helper()
	var peers []core.ID
	for i := 1; i <= n; i++ {
		peers = append(peers, core.ID(i))
	}
	c, err := core.New(core.Config{ID: id, Peers: peers}, core.Stored{})
	require.NoError(t, err)
	return c
}

// leaderOf3 returns a cluster of three whose node 1 leads term 1 and has
// replicated entry "a" everywhere.
func leaderOf3(t *testing.T) *coretest.Cluster {
	t.Helper()
	c, err := coretest.NewCluster(3)
	require.NoError(t, err)
	_, err = c.Step(1, core.ElectionTimeout{})
	require.NoError(t, err)
	_, err = c.Stabilize(100)
	require.NoError(t, err)
	_, err = c.Step(1, core.Propose{Data: []byte("a")})
	require.NoError(t, err)
	_, err = c.Stabilize(100)
	require.NoError(t, err)
	require.Equal(t, core.Leader, c.Node(1).Core.Role())
	return c
}

func TestStepRejectsInvalidMessages(t *testing.T) {
	entries := func(terms ...uint64) []core.Entry {
		var es []core.Entry
		for _, tm := range terms {
			es = append(es, core.Entry{Term: tm})
		}
		return es
	}
	// Every message goes to node 1, leader of term 1 with log [1:noop 1:a].
	tests := []struct {
		name string
		msg  core.Message
		want string
	}{
		{"wrong receiver", core.Message{Type: core.MsgVoteRequest, From: 2, To: 3, Term: 2},
			"addressed to node 3, this is node 1"},
		{"unknown sender", core.Message{Type: core.MsgVoteRequest, From: 7, To: 1, Term: 2},
			"sender 7 is not a peer"},
		{"from itself", core.Message{Type: core.MsgLogResponse, From: 1, To: 1, Term: 1, Ack: 1, Success: true},
			"sender 1 is not a peer"},
		{"no sender", core.Message{Type: core.MsgVoteRequest, To: 1, Term: 2},
			"sender 0 is not a peer"},
		{"unknown type", core.Message{Type: 9, From: 2, To: 1, Term: 2},
			"unknown type 9"},
		{"zero type", core.Message{From: 2, To: 1, Term: 2},
			"unknown type 0"},
		{"term 0", core.Message{Type: core.MsgVoteResponse, From: 2, To: 1, Term: 0},
			"term 0"},
		{"prefixLen overflows", core.Message{Type: core.MsgLogRequest, From: 2, To: 1, Term: 2, PrefixLen: math.MaxUint64, PrefixTerm: 1, Entries: entries(2)},
			"prefixLen 18446744073709551615 overflows"},
		{"prefixTerm without prefix", core.Message{Type: core.MsgLogRequest, From: 2, To: 1, Term: 2, PrefixTerm: 1},
			"prefixTerm 1 with prefixLen 0 in term 2"},
		{"prefix without prefixTerm", core.Message{Type: core.MsgLogRequest, From: 2, To: 1, Term: 2, PrefixLen: 1},
			"prefixTerm 0 with prefixLen 1 in term 2"},
		{"prefixTerm beyond term", core.Message{Type: core.MsgLogRequest, From: 2, To: 1, Term: 2, PrefixLen: 1, PrefixTerm: 3},
			"prefixTerm 3 with prefixLen 1 in term 2"},
		{"entry beyond term", core.Message{Type: core.MsgLogRequest, From: 2, To: 1, Term: 2, Entries: entries(3)},
			"entry 1 has term 3 after term 0 in term 2"},
		{"entry of term 0", core.Message{Type: core.MsgLogRequest, From: 2, To: 1, Term: 2, Entries: entries(0)},
			"entry 1 has term 0 after term 0 in term 2"},
		{"decreasing entries", core.Message{Type: core.MsgLogRequest, From: 2, To: 1, Term: 2, PrefixLen: 1, PrefixTerm: 2, Entries: entries(1)},
			"entry 2 has term 1 after term 2 in term 2"},
		{"ack beyond log", core.Message{Type: core.MsgLogResponse, From: 2, To: 1, Term: 1, Ack: 3, Success: true},
			"ack 3 beyond the leader's log length 2"},
		{"no-op with data", core.Message{Type: core.MsgLogRequest, From: 2, To: 1, Term: 2,
			Entries: []core.Entry{{Term: 2, Type: core.EntryNoop, Data: []byte("x")}}},
			"entry 1: no-op entry with 1 bytes of data"},
		{"unknown entry type", core.Message{Type: core.MsgLogRequest, From: 2, To: 1, Term: 2,
			Entries: []core.Entry{{Term: 2, Type: 7}}},
			"entry 1: unknown entry type 7"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := leaderOf3(t).Node(1).Core
			before := c.State()
			rd, err := c.Step(core.Receive{Msg: tc.msg})
			require.Error(t, err)
			assert.ErrorIs(t, err, core.ErrInvalidMessage)
			assert.Contains(t, err.Error(), tc.want)
			assert.True(t, rd.Empty(), "ready of a rejected message: %+v", rd)
			assert.Equal(t, before, c.State(), "a rejected message changed the state")
		})
	}
}

func TestStepAcceptsOddButHarmlessMessages(t *testing.T) {
	// A refusal whose repair hint is beyond the log is not checked: a hint
	// not behind sentLength is stale, and the leader ignores it.
	c := leaderOf3(t).Node(1).Core
	before := c.State()
	rd, err := c.Step(core.Receive{Msg: core.Message{Type: core.MsgLogResponse, From: 2, To: 1, Term: 1, Ack: 50}})
	require.NoError(t, err)
	assert.True(t, rd.Empty(), "stale refusal: %+v", rd)
	assert.Equal(t, before, c.State())

	// A refusal with a hint behind sentLength makes the leader probe, but
	// never below what the follower acknowledged (node 2 holds [1:noop 1:a]).
	rd, err = c.Step(core.Receive{Msg: core.Message{Type: core.MsgLogResponse, From: 2, To: 1, Term: 1, Ack: 0}})
	require.NoError(t, err)
	require.Len(t, rd.Messages, 1)
	assert.Equal(t, uint64(2), rd.Messages[0].PrefixLen, "the leader probes node 2 at its ackedLength")
	assert.True(t, c.State().Probing[2])

	// A commit point beyond a LogRequest's entries commits only what the
	// follower knows matches: up to the end of the entries.
	g := newCore(t, 3, 3)
	rd, err = g.Step(core.Receive{Msg: core.Message{Type: core.MsgLogRequest, From: 1, To: 3, Term: 1, LeaderCommit: 5,
		Entries: []core.Entry{{Term: 1, Data: []byte("a")}}}})
	require.NoError(t, err)
	assert.Equal(t, uint64(1), g.State().CommitLength)
	assert.Len(t, rd.Committed, 1)

	// A LogRequest whose prefix is beyond the log is refused by the
	// protocol, with the log's length as the repair hint.
	f := newCore(t, 2, 3)
	rd, err = f.Step(core.Receive{Msg: core.Message{Type: core.MsgLogRequest, From: 1, To: 2, Term: 1, PrefixLen: 40, PrefixTerm: 1}})
	require.NoError(t, err)
	require.Len(t, rd.Messages, 1)
	assert.False(t, rd.Messages[0].Success)
	assert.Equal(t, uint64(0), rd.Messages[0].Ack)
}

func TestStepRejectsUnknownEvent(t *testing.T) {
	c := newCore(t, 1, 3)
	_, err := c.Step(nil)
	assert.EqualError(t, err, "unknown event <nil>")
}

func TestProposeAtNonLeader(t *testing.T) {
	tests := []struct {
		name   string
		node   core.ID
		leader core.ID
		msg    string
	}{
		{"leader unknown", 0, core.None, "propose at node 1: not leader (leader unknown)"},
		{"leader known", 2, 1, "propose at node 2: not leader (leader is 1)"},
		{"candidate", 3, core.None, "propose at node 3: not leader (leader unknown)"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var c *core.Core
			switch tc.node {
			case 0:
				c = newCore(t, 1, 3)
			case 2:
				c = leaderOf3(t).Node(2).Core
			case 3:
				c = newCore(t, 3, 3)
				_, err := c.Step(core.ElectionTimeout{})
				require.NoError(t, err)
			}
			before := c.State()
			rd, err := c.Step(core.Propose{Data: []byte("x")})
			require.Error(t, err)
			assert.EqualError(t, err, tc.msg)
			assert.ErrorIs(t, err, core.ErrNotLeader)
			var nle *core.NotLeaderError
			require.ErrorAs(t, err, &nle)
			assert.Equal(t, tc.leader, nle.Leader)
			assert.True(t, rd.Empty())
			assert.Equal(t, before, c.State())
		})
	}
}

func TestIgnoredEvents(t *testing.T) {
	leader := leaderOf3(t).Node(1).Core
	follower := newCore(t, 2, 3)
	candidate := newCore(t, 3, 3)
	_, err := candidate.Step(core.ElectionTimeout{})
	require.NoError(t, err)

	tests := []struct {
		name string
		c    *core.Core
		ev   core.Event
	}{
		{"election timeout at leader", leader, core.ElectionTimeout{}},
		{"heartbeat at follower", follower, core.HeartbeatTimeout{}},
		{"heartbeat at candidate", candidate, core.HeartbeatTimeout{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			before := tc.c.State()
			rd, err := tc.c.Step(tc.ev)
			require.NoError(t, err)
			assert.True(t, rd.Empty())
			assert.Equal(t, before, tc.c.State())
		})
	}
}

func TestElectionTimeoutAtLastTerm(t *testing.T) {
	c, err := core.New(core.Config{ID: 1, Peers: []core.ID{1, 2, 3}},
		core.Stored{HardState: core.HardState{Term: math.MaxUint64}})
	require.NoError(t, err)
	_, err = c.Step(core.ElectionTimeout{})
	assert.EqualError(t, err, "election timeout: term space exhausted")
	assert.Equal(t, uint64(math.MaxUint64), c.Term())
	assert.Equal(t, core.Follower, c.Role())
}

func TestQuorum(t *testing.T) {
	for n := 1; n <= 7; n++ {
		quorum := n/2 + 1
		c := newCore(t, 1, n)
		rd, err := c.Step(core.ElectionTimeout{})
		require.NoError(t, err)
		require.Len(t, rd.Messages, n-1)
		votes := 1
		for i, m := range rd.Messages {
			assert.Equal(t, core.ID(i+2), m.To, "n=%d: VoteRequests in ascending id order", n)
			if votes >= quorum {
				break
			}
			assert.Equal(t, core.Candidate, c.Role(), "n=%d: leader with %d votes", n, votes)
			_, err := c.Step(core.Receive{Msg: core.Message{Type: core.MsgVoteResponse, From: m.To, To: 1, Term: 1, Granted: true}})
			require.NoError(t, err)
			votes++
		}
		assert.Equal(t, core.Leader, c.Role(), "n=%d: not leader with %d votes", n, votes)
		assert.Equal(t, quorum, votes, "n=%d", n)
	}
}

func TestStateIsACopy(t *testing.T) {
	c := leaderOf3(t).Node(1).Core
	st := c.State()
	st.Log[0].Term = 42
	st.Log = append(st.Log, core.Entry{Term: 1})
	st.SentLength[2] = 42
	st.AckedLength[2] = 42
	st.VotesReceived[0] = 42
	assert.Equal(t, leaderOf3(t).Node(1).Core.State(), c.State())
}

func TestCloneIsIndependent(t *testing.T) {
	// With a log of three entries the slice has spare capacity, which the
	// original and the clone must not both write into.
	cl := leaderOf3(t)
	for _, d := range []string{"b", "c"} {
		_, err := cl.Step(1, core.Propose{Data: []byte(d)})
		require.NoError(t, err)
	}
	orig := cl.Node(1).Core
	before := orig.State()
	clone := orig.Clone()
	assert.Equal(t, before, clone.State())

	rd, err := orig.Step(core.Propose{Data: []byte("o")})
	require.NoError(t, err)
	sent := rd.Messages[0].Entries
	wantSent := slices.Clone(sent)
	assert.Equal(t, before, clone.State(), "stepping the original changed the clone")

	cloneBefore := clone.State()
	_, err = clone.Step(core.Propose{Data: []byte("c")})
	require.NoError(t, err)
	_, err = clone.Step(core.Receive{Msg: core.Message{Type: core.MsgVoteRequest, From: 2, To: 1, Term: 5, LogLength: 9, LogTerm: 4}})
	require.NoError(t, err)
	assert.Equal(t, wantSent, sent, "stepping the clone changed a message of the original")
	assert.Equal(t, "o", string(orig.State().Log[4].Data), "[1:noop 1:a 1:b 1:c 1:o]")
	assert.Equal(t, uint64(1), orig.Term())
	assert.Equal(t, core.Leader, orig.Role())
	assert.NotEqual(t, cloneBefore, clone.State())
}

func TestTruncationKeepsEarlierOutputs(t *testing.T) {
	// A follower's log [1:a 1:b] is persisted; a leader of term 2 replaces b.
	// The LogChange returned for b must still read [1:b] afterwards, and so
	// must a clone taken before.
	f := newCore(t, 2, 3)
	rd, err := f.Step(core.Receive{Msg: core.Message{Type: core.MsgLogRequest, From: 1, To: 2, Term: 1,
		Entries: []core.Entry{{Term: 1, Data: []byte("a")}, {Term: 1, Data: []byte("b")}}}})
	require.NoError(t, err)
	require.NotNil(t, rd.Persist.Log)
	first := rd.Persist.Log
	clone := f.Clone()

	rd, err = f.Step(core.Receive{Msg: core.Message{Type: core.MsgLogRequest, From: 3, To: 2, Term: 2,
		PrefixLen: 1, PrefixTerm: 1, Entries: []core.Entry{{Term: 2, Data: []byte("c")}}}})
	require.NoError(t, err)
	require.NotNil(t, rd.Persist.Log)
	assert.Equal(t, core.LogChange{From: 1, Entries: []core.Entry{{Term: 2, Data: []byte("c")}}}, *rd.Persist.Log)
	assert.Equal(t, "[1:a 1:b]", core.FormatEntries(first.Entries))
	assert.Equal(t, "[1:a 1:b]", core.FormatEntries(clone.State().Log))
	assert.Equal(t, "[1:a 2:c]", core.FormatEntries(f.State().Log))
}

func TestLogChangeApply(t *testing.T) {
	e := func(term uint64) core.Entry { return core.Entry{Term: term} }
	tests := []struct {
		name string
		log  []core.Entry
		lc   core.LogChange
		want []core.Entry
	}{
		{"append to empty", nil, core.LogChange{From: 0, Entries: []core.Entry{e(1)}}, []core.Entry{e(1)}},
		{"append", []core.Entry{e(1)}, core.LogChange{From: 1, Entries: []core.Entry{e(2)}}, []core.Entry{e(1), e(2)}},
		{"replace suffix", []core.Entry{e(1), e(1), e(1)}, core.LogChange{From: 1, Entries: []core.Entry{e(2)}}, []core.Entry{e(1), e(2)}},
		{"truncate", []core.Entry{e(1), e(1)}, core.LogChange{From: 1}, []core.Entry{e(1)}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			orig := append([]core.Entry(nil), tc.log...)
			assert.Equal(t, tc.want, tc.lc.Apply(tc.log))
			assert.Equal(t, orig, tc.log, "Apply modified its input")
		})
	}
}

func TestReadyReportsPersistAndCommit(t *testing.T) {
	cl := leaderOf3(t)
	rd, err := cl.Step(1, core.Propose{Data: []byte("b")})
	require.NoError(t, err)
	assert.Nil(t, rd.Persist.HardState, "a proposal changes neither term nor vote")
	assert.Equal(t, &core.LogChange{From: 2, Entries: []core.Entry{{Term: 1, Data: []byte("b")}}}, rd.Persist.Log)
	assert.Equal(t, core.EntryID{Index: 3, Term: 1}, rd.Proposed)
	assert.False(t, rd.ResetElectionTimer)
	for _, m := range rd.Messages {
		assert.NotEqual(t, core.ID(1), m.To)
	}

	_, rd, err = cl.Deliver(0) // the LogRequest to node 2
	require.NoError(t, err)
	assert.True(t, rd.ResetElectionTimer)
	_, rd, err = cl.Deliver(1) // node 2's LogResponse
	require.NoError(t, err)
	assert.Equal(t, uint64(3), rd.CommitIndex)
	assert.Equal(t, []core.Entry{{Term: 1, Data: []byte("b")}}, rd.Committed)
	assert.True(t, rd.Persist.Empty())
}

func TestMessageString(t *testing.T) {
	tests := []struct {
		msg  core.Message
		want string
	}{
		{core.Message{Type: core.MsgVoteRequest, From: 1, To: 2, Term: 3, LogLength: 4, LogTerm: 2},
			"1->2 VoteRequest term=3 logLength=4 logTerm=2"},
		{core.Message{Type: core.MsgVoteResponse, From: 2, To: 1, Term: 3, Granted: true},
			"2->1 VoteResponse term=3 granted=true"},
		{core.Message{Type: core.MsgLogRequest, From: 1, To: 2, Term: 3, PrefixLen: 1, PrefixTerm: 1, LeaderCommit: 1,
			Entries: []core.Entry{{Term: 3, Data: []byte("x")}, {Term: 3, Data: []byte("a b")}, {Term: 3}}},
			`1->2 LogRequest term=3 prefixLen=1 prefixTerm=1 leaderCommit=1 suffix=[3:x 3:"a b" 3:""]`},
		{core.Message{Type: core.MsgLogResponse, From: 2, To: 1, Term: 3, Ack: 2, Success: true},
			"2->1 LogResponse term=3 ack=2 success=true"},
		{core.Message{Type: 7, From: 2, To: 1, Term: 3}, "2->1 MsgType(?) term=3"},
	}
	for _, tc := range tests {
		t.Run(tc.want, func(t *testing.T) {
			assert.Equal(t, tc.want, tc.msg.String())
		})
	}
	assert.Equal(t, "Leader", core.Leader.String())
	assert.Equal(t, "Role(7)", core.Role(7).String())
	assert.False(t, errors.Is(errors.New("not leader"), core.ErrNotLeader))
}
