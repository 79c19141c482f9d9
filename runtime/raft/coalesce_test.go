package raft

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/rspec/rspec/runtime/core"
)

func logReq(to core.ID, term, prefix uint64, n int) core.Message {
	return core.Message{Type: core.MsgLogRequest, From: 1, To: to, Term: term,
		PrefixLen: prefix, Entries: make([]core.Entry, n)}
}

func logResp(to core.ID, term, ack uint64, ok bool) core.Message {
	return core.Message{Type: core.MsgLogResponse, From: 2, To: to, Term: term, Ack: ack, Success: ok}
}

func TestCoalesce(t *testing.T) {
	vote := core.Message{Type: core.MsgVoteResponse, From: 1, To: 2, Term: 3, Granted: true}
	cases := []struct {
		name string
		in   []core.Message
		want []int // indexes into in of the messages kept, in order
	}{
		{"nothing", nil, nil},
		{"one request", []core.Message{logReq(2, 1, 0, 1)}, []int{0}},
		{"a later request to the same follower carrying the same entries and more wins",
			[]core.Message{logReq(2, 1, 0, 1), logReq(3, 1, 0, 1), logReq(2, 1, 0, 2), logReq(3, 1, 0, 3)},
			[]int{2, 3}},
		{"pipelined batches are all kept",
			[]core.Message{logReq(2, 1, 0, 2), logReq(2, 1, 2, 2), logReq(2, 1, 4, 1)}, []int{0, 1, 2}},
		{"a later request starting later stays beside the earlier",
			[]core.Message{logReq(2, 1, 0, 3), logReq(2, 1, 1, 5)}, []int{0, 1}},
		{"a later request ending earlier stays beside the earlier",
			[]core.Message{logReq(2, 1, 0, 3), logReq(2, 1, 0, 2)}, []int{0, 1}},
		{"a request of another term stays",
			[]core.Message{logReq(2, 1, 0, 1), logReq(2, 2, 0, 2)}, []int{0, 1}},
		{"votes are never dropped",
			[]core.Message{vote, logReq(2, 3, 0, 1), vote, logReq(2, 3, 0, 2)}, []int{0, 2, 3}},
		{"a later success acknowledging more wins",
			[]core.Message{logResp(1, 1, 3, true), logResp(1, 1, 0, false), logResp(1, 1, 5, true)}, []int{2}},
		{"a later failure drops nothing",
			[]core.Message{logResp(1, 1, 3, true), logResp(1, 1, 0, false)}, []int{0, 1}},
		{"a later success acknowledging less drops nothing",
			[]core.Message{logResp(1, 1, 5, true), logResp(1, 1, 3, true)}, []int{0, 1}},
		{"a response of another term stays",
			[]core.Message{logResp(1, 1, 3, true), logResp(1, 2, 4, true)}, []int{0, 1}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var want []core.Message
			for _, i := range tc.want {
				want = append(want, tc.in[i])
			}
			in := append([]core.Message(nil), tc.in...)
			got, _ := coalesce(in, nil)
			if len(want) == 0 {
				assert.Empty(t, got)
			} else {
				assert.Equal(t, want, got)
			}
		})
	}
}

// TestStageLogMatchesSteps checks that merging the log changes of several
// steps and applying the result once gives the log that applying each in
// turn gives.
func TestStageLogMatchesSteps(t *testing.T) {
	e := func(terms ...uint64) []core.Entry {
		var es []core.Entry
		for _, term := range terms {
			es = append(es, core.Entry{Term: term, Data: []byte{byte(term)}})
		}
		return es
	}
	base := e(1, 1, 1)
	cases := []struct {
		name    string
		changes []core.LogChange
	}{
		{"appends", []core.LogChange{{From: 3, Entries: e(2)}, {From: 4, Entries: e(2)}, {From: 5, Entries: e(2, 2)}}},
		{"truncation inside the staged entries", []core.LogChange{{From: 3, Entries: e(2, 2, 2)}, {From: 4, Entries: e(3)}}},
		{"truncation before the staged entries", []core.LogChange{{From: 3, Entries: e(2, 2)}, {From: 1, Entries: e(3, 3)}}},
		{"append after truncation", []core.LogChange{{From: 2, Entries: e(2)}, {From: 3, Entries: e(2)}}},
		{"to nothing", []core.LogChange{{From: 3, Entries: e(2)}, {From: 0, Entries: nil}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			want := base
			var l loopState
			for _, lc := range tc.changes {
				want = lc.Apply(want)
				l.stageLog(lc)
			}
			got := core.LogChange{From: l.logFrom, Entries: l.logEnts}.Apply(base)
			assert.Equal(t, want, got)
		})
	}
}

func TestMergeRuns(t *testing.T) {
	req := func(to core.ID, term, prefix uint64, data ...string) core.Message {
		m := core.Message{Type: core.MsgLogRequest, From: 1, To: to, Term: term, PrefixLen: prefix, LeaderCommit: prefix}
		for _, d := range data {
			m.Entries = append(m.Entries, core.Entry{Term: term, Data: []byte(d)})
		}
		return m
	}
	merged := req(2, 1, 0, "a", "b", "c")
	merged.LeaderCommit = 2
	vote := core.Message{Type: core.MsgVoteResponse, From: 1, To: 2, Term: 1}
	cases := []struct {
		name string
		in   []core.Message
		want []core.Message
	}{
		{"a run of batches to one follower becomes one request",
			[]core.Message{req(2, 1, 0, "a"), req(3, 1, 0, "a"), req(2, 1, 1, "b"), vote, req(2, 1, 2, "c")},
			[]core.Message{merged, req(3, 1, 0, "a"), vote}},
		{"a gap stays", []core.Message{req(2, 1, 0, "a"), req(2, 1, 2, "c")}, []core.Message{req(2, 1, 0, "a"), req(2, 1, 2, "c")}},
		{"another term stays", []core.Message{req(2, 1, 0, "a"), req(2, 2, 1, "b")}, []core.Message{req(2, 1, 0, "a"), req(2, 2, 1, "b")}},
		{"a heartbeat stays", []core.Message{req(2, 1, 0, "a"), req(2, 1, 1)}, []core.Message{req(2, 1, 0, "a"), req(2, 1, 1)}},
		{"the batch bound holds", []core.Message{req(2, 1, 0, "a", "b"), req(2, 1, 2, "c", "d")},
			[]core.Message{req(2, 1, 0, "a", "b"), req(2, 1, 2, "c", "d")}},
		{"the byte bound holds", []core.Message{req(2, 1, 0, "aaaa"), req(2, 1, 1, "bb")},
			[]core.Message{req(2, 1, 0, "aaaa"), req(2, 1, 1, "bb")}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			in := append([]core.Message(nil), tc.in...)
			orig := req(2, 1, 0, "a")
			got := mergeRuns(in, 3, 5)
			assert.Equal(t, tc.want, got)
			assert.Equal(t, orig, req(2, 1, 0, "a"), "the inputs' entries are not modified")
		})
	}
}
