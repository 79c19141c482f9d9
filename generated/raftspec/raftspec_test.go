package raftspec_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rspec/rspec/checker"
	"github.com/rspec/rspec/generated/raftspec"
)

// vars returns the displayed variables of s by name.
func vars(m *raftspec.Model, s *raftspec.State) map[string]string {
	out := map[string]string{}
	names := m.VarNames()
	for i, v := range m.FormatVars(s, nil) {
		out[names[i]] = v
	}
	return out
}

// step takes the action labelled label in s, which must be enabled.
func step(t *testing.T, m *raftspec.Model, s *raftspec.State, label string) raftspec.State {
	t.Helper()
	var labels []string
	for _, a := range m.Actions(s, nil) {
		l := m.Label(s, a)
		if l != label {
			labels = append(labels, l)
			continue
		}
		var next raftspec.State
		out, err := m.Next(s, a, &next)
		require.NoError(t, err)
		require.Equal(t, checker.Enabled, out, label)
		return next
	}
	t.Fatalf("no action %q among %q", label, labels)
	return raftspec.State{}
}

func TestInitialState(t *testing.T) {
	m := raftspec.New()
	inits := m.Init()
	require.Len(t, inits, 1)
	v := vars(m, &inits[0])
	assert.Len(t, m.VarNames(), 11*raftspec.N+8)
	assert.Equal(t, "0", v["currentTerm[s0]"])
	assert.Equal(t, "none", v["votedFor[s2]"])
	assert.Equal(t, "[]", v["log[s1]"])
	assert.Equal(t, "Follower", v["role[s0]"])
	assert.Equal(t, "{}", v["votesReceived[s0]"])
	assert.Equal(t, "[s0: 0, s1: 0, s2: 0]", v["sentLength[s1]"])
	assert.Equal(t, "[0: {}, 1: {}, 2: {}, 3: {}]", v["elected"])
	assert.Equal(t, "{}", v["network"])
	assert.Equal(t, "0", v["crashes"])
}

// elect takes s0 through pre-vote and election with s1's votes.
func elect(t *testing.T, m *raftspec.Model, s *raftspec.State) raftspec.State {
	t.Helper()
	for _, l := range electS0 {
		*s = step(t, m, s, l)
	}
	return *s
}

// electS0 is s0's pre-vote and election with s1's votes.
var electS0 = []string{
	"Timeout(s0)",
	"Deliver(PreVoteRequest{cid: s0, cterm: 1, clogLength: 0, clogTerm: 0} s0->s1)",
	"Deliver(PreVoteResponse{voterId: s1, term: 1, granted: true} s1->s0)",
	"Deliver(VoteRequest{cid: s0, cterm: 1, clogLength: 0, clogTerm: 0} s0->s1)",
	"Deliver(VoteResponse{voterId: s1, term: 1, granted: true} s1->s0)",
}

func TestElection(t *testing.T) {
	m := raftspec.New()
	s0 := m.Init()[0]

	p1 := step(t, m, &s0, electS0[0])
	v := vars(m, &p1)
	assert.Equal(t, "0", v["currentTerm[s0]"], "a pre-vote keeps the term")
	assert.Equal(t, "PreCandidate", v["role[s0]"])
	assert.Equal(t, "none", v["votedFor[s0]"])
	assert.Equal(t, "{s0}", v["votesReceived[s0]"])
	assert.Equal(t, "{PreVoteRequest{cid: s0, cterm: 1, clogLength: 0, clogTerm: 0} s0->s1, "+
		"PreVoteRequest{cid: s0, cterm: 1, clogLength: 0, clogTerm: 0} s0->s2}", v["network"])

	p2 := step(t, m, &p1, electS0[1])
	v = vars(m, &p2)
	assert.Equal(t, "0", v["currentTerm[s1]"], "granting a pre-vote keeps the term")
	assert.Equal(t, "none", v["votedFor[s1]"], "and the vote")

	s1 := step(t, m, &p2, electS0[2])
	v = vars(m, &s1)
	assert.Equal(t, "1", v["currentTerm[s0]"])
	assert.Equal(t, "Candidate", v["role[s0]"])
	assert.Equal(t, "s0", v["votedFor[s0]"])
	assert.Equal(t, "{s0}", v["votesReceived[s0]"])
	assert.Equal(t, "{VoteRequest{cid: s0, cterm: 1, clogLength: 0, clogTerm: 0} s0->s1, "+
		"VoteRequest{cid: s0, cterm: 1, clogLength: 0, clogTerm: 0} s0->s2, "+
		"PreVoteRequest{cid: s0, cterm: 1, clogLength: 0, clogTerm: 0} s0->s2}", v["network"])

	s2 := step(t, m, &s1, electS0[3])
	v = vars(m, &s2)
	assert.Equal(t, "1", v["currentTerm[s1]"])
	assert.Equal(t, "s0", v["votedFor[s1]"])
	assert.Contains(t, v["network"], "VoteResponse{voterId: s1, term: 1, granted: true} s1->s0")

	s3 := step(t, m, &s2, electS0[4])
	v = vars(m, &s3)
	assert.Equal(t, "Leader", v["role[s0]"])
	assert.Equal(t, "s0", v["currentLeader[s0]"])
	assert.Equal(t, "{s0, s1}", v["votesReceived[s0]"])
	assert.Equal(t, "[0: {}, 1: {s0}, 2: {}, 3: {}]", v["elected"])
	assert.Equal(t, "[{term: 1, value: none}]", v["log[s0]"], "a new leader's no-op entry")
	assert.Contains(t, v["network"], "LogRequest{leaderId: s0, term: 1, prefixLen: 0, prefixTerm: 0, leaderCommit: 0, suffix: [{term: 1, value: none}]} s0->s1")

	s4 := step(t, m, &s3, "ClientRequest(s0, v1)")
	v = vars(m, &s4)
	assert.Equal(t, "[{term: 1, value: none}, {term: 1, value: v1}]", v["log[s0]"])
	assert.Equal(t, "1", v["requests"])

	for _, p := range m.Properties() {
		if p.State != nil && p.Kind == checker.KindInvariant {
			assert.True(t, p.State(&s4), p.Name)
		}
	}
}

func TestDisabledAndCrash(t *testing.T) {
	m := raftspec.New()
	s := m.Init()[0]
	var next raftspec.State
	out, err := m.Next(&s, raftspec.Action{Kind: raftspec.ActionHeartbeat, Node: 1}, &next)
	require.NoError(t, err)
	assert.Equal(t, checker.Disabled, out, "a follower sends no heartbeat")

	s1 := step(t, m, &s, "Timeout(s2)")
	s1 = step(t, m, &s1, "Deliver(PreVoteRequest{cid: s2, cterm: 1, clogLength: 0, clogTerm: 0} s2->s0)")
	s1 = step(t, m, &s1, "Deliver(PreVoteResponse{voterId: s0, term: 1, granted: true} s0->s2)")
	s2 := step(t, m, &s1, "Crash(s2)")
	v := vars(m, &s2)
	assert.Equal(t, "1", v["currentTerm[s2]"], "durable")
	assert.Equal(t, "s2", v["votedFor[s2]"], "durable")
	assert.Equal(t, "Follower", v["role[s2]"], "reset")
	assert.Equal(t, "{}", v["votesReceived[s2]"], "reset")
	assert.Equal(t, "1", v["crashes"])
	for _, a := range m.Actions(&s2, nil) {
		assert.NotEqual(t, raftspec.ActionCrash, a.Kind, "at most MaxCrashes crashes")
	}
}

func TestLabelsDistinct(t *testing.T) {
	m := raftspec.New()
	s := m.Init()[0]
	s = step(t, m, &s, "Timeout(s0)")
	s = step(t, m, &s, "Timeout(s1)")
	seen := map[string]bool{}
	for _, a := range m.Actions(&s, nil) {
		l := m.Label(&s, a)
		assert.False(t, seen[l], "duplicate label %s", l)
		seen[l] = true
	}
	assert.True(t, seen["ClientRequest(s2, v0)"])
	assert.True(t, seen["Deliver(PreVoteRequest{cid: s1, cterm: 1, clogLength: 0, clogTerm: 0} s1->s0)"])
}

func TestFingerprint(t *testing.T) {
	m := raftspec.New()
	a := m.Init()[0]
	b := a
	assert.Equal(t, m.Fingerprint(&a), m.Fingerprint(&b))
	c := step(t, m, &a, "Timeout(s0)")
	d := step(t, m, &b, "Timeout(s0)")
	assert.Equal(t, m.Fingerprint(&c), m.Fingerprint(&d))
	assert.NotEqual(t, m.Fingerprint(&a), m.Fingerprint(&c))
	e := step(t, m, &a, "Timeout(s1)")
	assert.NotEqual(t, m.Fingerprint(&c), m.Fingerprint(&e))

	// Two orders of the same deliveries give the same bag, so the same state.
	x := step(t, m, &c, "Timeout(s1)")
	y := step(t, m, &e, "Timeout(s0)")
	assert.Equal(t, x, y)
	assert.Equal(t, m.Fingerprint(&x), m.Fingerprint(&y))

	// The hash has a fixed seed: this value is the same on every run and
	// machine (it changes only when spec/raft.rsl or the generator does).
	assert.Equal(t, uint64(0x326b7ae4cffc8761), m.Fingerprint(&a))
}

func TestFault(t *testing.T) {
	m := raftspec.New()
	s := m.Init()[0]
	// A follower holding MaxLog entries receives a request that would make
	// its log one entry longer: longer than seq[MaxLog].
	s.Log[1] = raftspec.MakeEntrySeq(make([]raftspec.Entry, raftspec.MaxLog)...)
	s.Net.Len = 1
	s.Net.Copies[0] = 1
	s.Net.Msgs[0] = raftspec.Msg{Tag: raftspec.TagLogRequest, From: 0, To: 1, LogRequest: raftspec.LogRequest{
		PrefixLen: raftspec.MaxLog, Suffix: raftspec.MakeEntrySeq(raftspec.Entry{Term: 0, Value: 1}),
	}}
	var next raftspec.State
	_, err := m.Next(&s, raftspec.Action{Kind: raftspec.ActionOnLogRequest, Slot: 0}, &next)
	require.Error(t, err)
	var f *raftspec.Fault
	require.True(t, errors.As(err, &f))
	assert.True(t, strings.HasPrefix(err.Error(), "spec/raft.rsl:"), err.Error())
	assert.Contains(t, err.Error(), "sequence of length 6 longer than its bound 5")
}

func TestSpecIdentity(t *testing.T) {
	assert.Equal(t, "spec/raft.rsl", raftspec.SpecSource)
	assert.Len(t, raftspec.SpecHash, 64)
}
