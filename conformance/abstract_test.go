package conformance

import (
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rspec/rspec/checker"
	"github.com/rspec/rspec/generated/raftspec"
	"github.com/rspec/rspec/runtime/core"
	"github.com/rspec/rspec/runtime/storage"
)

// specStep takes the action labelled label in s, which must be enabled, and
// returns the action and the successor.
func specStep(t *testing.T, m *raftspec.Model, s *raftspec.State, label string) (raftspec.Action, raftspec.State) {
	t.Helper()
	for _, a := range m.Actions(s, nil) {
		if m.Label(s, a) != label {
			continue
		}
		var next raftspec.State
		out, err := m.Next(s, a, &next)
		require.NoError(t, err)
		require.Equal(t, checker.Enabled, out, label)
		return a, next
	}
	t.Fatalf("no action %q", label)
	return raftspec.Action{}, raftspec.State{}
}

// electS0 is a spec path that makes s0 leader of term 1 with one entry.
var electS0 = []string{
	"Timeout(s0)",
	"Deliver(PreVoteRequest{cid: s0, cterm: 1, clogLength: 0, clogTerm: 0} s0->s1)",
	"Deliver(PreVoteResponse{voterId: s1, term: 1, granted: true} s1->s0)",
	"Deliver(VoteRequest{cid: s0, cterm: 1, clogLength: 0, clogTerm: 0} s0->s1)",
	"Deliver(VoteResponse{voterId: s1, term: 1, granted: true} s1->s0)",
	"ClientRequest(s0, v1)",
}

// mustDeliver delivers the in-flight message that stands for want.
func mustDeliver(t *testing.T, c *Cluster, want raftspec.Msg) {
	t.Helper()
	k := findMsg(c.inflight, want)
	require.GreaterOrEqual(t, k, 0, "no message %s in flight", FormatMsg(want))
	_, _, err := c.Deliver(k)
	require.NoError(t, err)
}

func TestAbstractInitial(t *testing.T) {
	m := raftspec.New()
	init := m.Init()[0]
	c, err := NewCluster()
	require.NoError(t, err)
	got, err := Abstract(c, &init)
	require.NoError(t, err)
	assert.Equal(t, init, got)
	assert.Empty(t, Diff(&init, c))
}

// TestAbstractHandDriven drives a cluster by hand, event by event, beside
// the spec, and requires the abstraction to equal the spec state exactly.
func TestAbstractHandDriven(t *testing.T) {
	m := raftspec.New()
	s := m.Init()[0]
	c, err := NewCluster()
	require.NoError(t, err)

	_, s = specStep(t, m, &s, electS0[0])
	_, err = c.Step(0, core.ElectionTimeout{})
	require.NoError(t, err)
	for i, msg := range []core.Message{
		{Type: core.MsgPreVoteRequest, From: 1, To: 2, Term: 1},
		{Type: core.MsgPreVoteResponse, From: 2, To: 1, Term: 1, Granted: true},
		{Type: core.MsgVoteRequest, From: 1, To: 2, Term: 1},
		{Type: core.MsgVoteResponse, From: 2, To: 1, Term: 1, Granted: true},
	} {
		_, s = specStep(t, m, &s, electS0[1+i])
		mustDeliver(t, c, MsgOf0(t, msg))
	}
	_, s = specStep(t, m, &s, electS0[5])
	rd, err := c.Step(0, core.Propose{Data: Data(1)})
	require.NoError(t, err)
	assert.Empty(t, rd.Messages, "both followers are being probed: a proposal sends nothing")

	got, err := Abstract(c, &s)
	require.NoError(t, err)
	assert.Equal(t, s, got)
	assert.Empty(t, Diff(&s, c))
	assert.Equal(t, raftspec.RoleLeader, got.Role[0])
	assert.Equal(t, raftspec.MakeEntrySeq(raftspec.Entry{Term: 1, Value: 0}, raftspec.Entry{Term: 1, Value: 2}), got.Log[0],
		"the no-op (no value), then v1 (some(v1))")
	assert.Equal(t, [N]raftspec.Length{2, 0, 0}, got.AckedLength[0])
	assert.Equal(t, [N]bool{false, true, true}, got.Probing[0])
}

// MsgOf0 is MsgOf for messages that must map.
func MsgOf0(t *testing.T, m core.Message) raftspec.Msg {
	t.Helper()
	sm, err := MsgOf(m)
	require.NoError(t, err)
	return sm
}

func TestAbstractNetworkCopies(t *testing.T) {
	m := raftspec.New()
	init := m.Init()[0]
	c, err := NewCluster()
	require.NoError(t, err)
	lr := core.Message{Type: core.MsgLogResponse, From: 2, To: 1, Term: 1, Ack: 1, Success: true}
	vr := core.Message{Type: core.MsgVoteRequest, From: 3, To: 1, Term: 2, LogLength: 1, LogTerm: 1}
	c.Send(lr)
	c.Send(vr)
	c.Send(lr)
	got, err := Abstract(c, &init)
	require.NoError(t, err)
	require.Equal(t, uint8(2), got.Net.Len)
	assert.Equal(t, raftspec.TagVoteRequest, got.Net.Msgs[0].Tag, "canonical order: by tag first")
	assert.Equal(t, raftspec.VoteRequest{Cid: 2, Cterm: 2, ClogLength: 1, ClogTerm: 1}, got.Net.Msgs[0].VoteRequest)
	assert.Equal(t, uint8(1), got.Net.Copies[0])
	assert.Equal(t, raftspec.LogResponse{Follower: 1, Term: 1, Ack: 1, Success: true}, got.Net.Msgs[1].LogResponse)
	assert.Equal(t, uint8(2), got.Net.Copies[1])
	assert.Equal(t, []string{
		"network: runtime has VoteRequest{cid: s2, cterm: 2, clogLength: 1, clogTerm: 1} s2->s0 (1 copy), spec has none",
		"network: runtime has LogResponse{follower: s1, term: 1, ack: 1, success: true} s1->s0 (2 copies), spec has none",
	}, Diff(&init, c))

	// The spec holds one copy of the LogResponse and a message the runtime lacks.
	want := got
	want.Net.Copies[1] = 1
	missing := MsgOf0(t, core.Message{Type: core.MsgLogRequest, From: 1, To: 3, Term: 1, Entries: []core.Entry{EntryOf(raftspec.Entry{Term: 1, Value: 1})}})
	want.Net.Msgs[2], want.Net.Copies[2], want.Net.Len = missing, 1, 3
	assert.Equal(t, []string{
		"network: spec has LogResponse{follower: s1, term: 1, ack: 1, success: true} s1->s0 (1 copy), runtime has 2 copies",
		"network: spec has LogRequest{leaderId: s0, term: 1, prefixLen: 0, prefixTerm: 0, leaderCommit: 0, suffix: [{term: 1, value: v0}]} s0->s2 (1 copy), runtime has none",
	}, Diff(&want, c))
}

func TestAbstractOutOfRange(t *testing.T) {
	m := raftspec.New()
	init := m.Init()[0]
	tests := []struct {
		name string
		msg  core.Message
		want string
	}{
		{"term beyond MaxTerm", core.Message{Type: core.MsgVoteResponse, From: 1, To: 2, Term: 4}, "term 4 out of the spec's range 0..3"},
		{"unknown sender", core.Message{Type: core.MsgVoteResponse, From: 7, To: 2, Term: 1}, "node id 7 is not a spec server"},
		{"data that is no value", core.Message{Type: core.MsgLogRequest, From: 1, To: 2, Term: 1,
			Entries: []core.Entry{{Term: 1, Data: []byte("x")}}}, `data "x" encodes no spec value`},
		{"suffix too long", core.Message{Type: core.MsgLogRequest, From: 1, To: 2, Term: 1,
			Entries: slices.Repeat([]core.Entry{{Term: 1, Data: Data(0)}}, raftspec.MaxLog+1)}, "6 entries, the spec holds at most 5"},
		{"no-op with data", core.Message{Type: core.MsgLogRequest, From: 1, To: 2, Term: 1,
			Entries: []core.Entry{{Term: 1, Type: core.EntryNoop, Data: Data(0)}}}, `no-op entry with data "\x00"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, err := NewCluster()
			require.NoError(t, err)
			c.Send(tc.msg)
			_, err = Abstract(c, &init)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
			diff := Diff(&init, c)
			require.Len(t, diff, 1)
			assert.Contains(t, diff[0], "which no spec message stands for")
		})
	}
}

func TestDiffNodeFields(t *testing.T) {
	m := raftspec.New()
	s := m.Init()[0]
	for _, l := range electS0 {
		_, s = specStep(t, m, &s, l)
	}
	c := clusterAlong(t, m, electS0)
	require.Empty(t, Diff(&s, c))

	want := s
	want.CommitLength[0] = 1
	want.VotedFor[1] = 0
	want.Log[2] = raftspec.MakeEntrySeq(raftspec.Entry{Term: 1, Value: 1})
	assert.Equal(t, []string{
		"s0 (id 1) commitLength: spec 1, runtime 0",
		"s1 (id 2) votedFor: spec none, runtime s0",
		"s2 (id 3) log: spec [{term: 1, value: v0}], runtime []",
	}, Diff(&want, c))
}

func TestDiffDurable(t *testing.T) {
	m := raftspec.New()
	c := clusterAlong(t, m, electS0)
	s := m.Init()[0]
	for _, l := range electS0 {
		_, s = specStep(t, m, &s, l)
	}
	c.stores[0] = c.stores[0].journal.prevStore(t) // the leader's last Persist lost
	assert.Equal(t, []string{
		"s0 (id 1) durable log: core [{term: 1, value: none}, {term: 1, value: v1}], storage [{term: 1, value: none}] (not persisted before the step's messages were sent)",
	}, Diff(&s, c))
}

// prevStore rebuilds the store as it was before the journal's last record.
func (j *journal) prevStore(t *testing.T) *store {
	t.Helper()
	st := &store{mem: storage.NewMemStorage()}
	var recs []*journal
	for k := j.prev; k != nil; k = k.prev {
		recs = append(recs, k)
	}
	for i := len(recs) - 1; i >= 0; i-- {
		var err error
		st, err = st.persist(recs[i].p)
		require.NoError(t, err)
	}
	return st
}

// clusterAlong replays a spec path on a fresh cluster with the stepper and
// returns the cluster, failing on any divergence.
func clusterAlong(t *testing.T, m *raftspec.Model, path []string) *Cluster {
	t.Helper()
	x := &stepper{fileEvery: 1, dir: t.TempDir()}
	c, err := NewCluster()
	require.NoError(t, err)
	s := m.Init()[0]
	for _, l := range path {
		a, next := specStep(t, m, &s, l)
		var f *failure
		c, f = x.step(c, &s, a, &next)
		require.Nil(t, f, "%s: %+v", l, f)
		s = next
	}
	return c
}

// TestCanonicalOrder checks that the adapter orders a network as the spec
// does, over every state within depth 7.
func TestCanonicalOrder(t *testing.T) {
	m := raftspec.New()
	level := m.Init()
	seen := map[uint64]bool{}
	var nx raftspec.State
	checked := 0
	for range 7 {
		var next []raftspec.State
		for i := range level {
			s := &level[i]
			var msgs []raftspec.Msg
			for k := range int(s.Net.Len) {
				for range s.Net.Copies[k] {
					msgs = append(msgs, s.Net.Msgs[k])
				}
			}
			got, err := networkOf(msgs)
			require.NoError(t, err)
			require.Equal(t, s.Net, got)
			checked++
			for _, a := range m.Actions(s, nil) {
				if o, _ := m.Next(s, a, &nx); o == checker.Enabled && !seen[m.Fingerprint(&nx)] {
					seen[m.Fingerprint(&nx)] = true
					next = append(next, nx)
				}
			}
		}
		level = next
	}
	assert.Greater(t, checked, 1000)
}

// TestFormatMsgMatchesLabels checks that messages are written as the spec's
// own labels write them.
func TestFormatMsgMatchesLabels(t *testing.T) {
	m := raftspec.New()
	s := m.Init()[0]
	n := 0
	for _, l := range electS0 {
		_, s = specStep(t, m, &s, l)
		for _, a := range m.Actions(&s, nil) {
			label := m.Label(&s, a)
			if !strings.HasPrefix(label, "Deliver(") {
				continue
			}
			assert.Equal(t, label, "Deliver("+FormatMsg(s.Net.Msgs[a.Slot])+")")
			n++
		}
	}
	assert.Greater(t, n, 5)
}

func TestMessageRoundTrip(t *testing.T) {
	msgs := []raftspec.Msg{
		{Tag: raftspec.TagVoteRequest, From: 0, To: 2, VoteRequest: raftspec.VoteRequest{Cid: 0, Cterm: 3, ClogLength: 2, ClogTerm: 1}},
		{Tag: raftspec.TagVoteResponse, From: 2, To: 0, VoteResponse: raftspec.VoteResponse{VoterId: 2, Term: 3, Granted: true}},
		{Tag: raftspec.TagLogRequest, From: 1, To: 0, LogRequest: raftspec.LogRequest{LeaderId: 1, Term: 2, PrefixLen: 1, PrefixTerm: 1, LeaderCommit: 1,
			Suffix: raftspec.MakeEntrySeq(raftspec.Entry{Term: 2, Value: 1})}},
		{Tag: raftspec.TagLogResponse, From: 0, To: 1, LogResponse: raftspec.LogResponse{Follower: 0, Term: 2, Ack: 2, Success: true}},
	}
	for _, sm := range msgs {
		t.Run(FormatMsg(sm), func(t *testing.T) {
			got, err := MsgOf(MessageOf(sm))
			require.NoError(t, err)
			assert.Equal(t, sm, got)
		})
	}
}
