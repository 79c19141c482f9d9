package conformance

import (
	"fmt"
	"slices"
	"strings"

	"github.com/rspec/rspec/generated/raftspec"
	"github.com/rspec/rspec/runtime/core"
)

// checkReady checks the Ready of the node at position i for spec action a,
// taken in s and leading to next, field by field beyond the state and the
// network, which Diff compares: what it hands the application, what it asks
// the driver to persist, the entry it reports proposed, whether it restarts
// the election timer, and whether Ready.Empty tells the truth about it. It
// returns one line per difference.
func checkReady(s, next *raftspec.State, a raftspec.Action, i int, rd core.Ready) []string {
	out := checkDelivered(s, next, i, rd)
	out = append(out, checkPersist(s, next, i, rd.Persist)...)
	var proposed core.EntryID
	if a.Kind == raftspec.ActionClientRequest {
		proposed = core.EntryID{Index: uint64(next.Log[i].Len), Term: uint64(next.CurrentTerm[i])}
	}
	if rd.Proposed != proposed {
		out = append(out, fmt.Sprintf("%s Ready.Proposed: spec %s, runtime %s", nodeName(i), fmtEntryID(proposed), fmtEntryID(rd.Proposed)))
	}
	if want := resetsTimer(s, next, a, i); rd.ResetElectionTimer != want {
		out = append(out, fmt.Sprintf("%s Ready.ResetElectionTimer: spec step calls for %t, runtime %t", nodeName(i), want, rd.ResetElectionTimer))
	}
	if rd.Empty() != isZeroReady(rd) {
		out = append(out, fmt.Sprintf("%s Ready.Empty(): %t for a Ready that is %s", nodeName(i), rd.Empty(), fmtReady(rd)))
	}
	return out
}

// checkDelivered checks that the node at position i handed its application
// exactly the entries the spec commits in this step: log positions
// commitLength..commitLength'-1 of its log, from index commitLength+1, and
// CommitIndex 0 when it commits nothing.
func checkDelivered(s, next *raftspec.State, i int, rd core.Ready) []string {
	from, to := int(s.CommitLength[i]), int(next.CommitLength[i])
	var want []core.Entry
	for k := from; k < to; k++ {
		want = append(want, EntryOf(next.Log[i].Elems[k]))
	}
	var index uint64 // of want[0]; 0 when nothing is committed, as Ready.CommitIndex
	if len(want) > 0 {
		index = uint64(from + 1)
	}
	if len(rd.Committed) == len(want) && sameEntries(rd.Committed, want) && rd.CommitIndex == index {
		return nil
	}
	return []string{fmt.Sprintf("%s delivered to the application: spec %s from index %d, runtime %s from index %d",
		nodeName(i), fmtEntries(want), index, fmtEntries(rd.Committed), rd.CommitIndex)}
}

// checkPersist checks that the node at position i asks to persist a hard
// state exactly when the spec step changes its term or vote, and a log
// change exactly when it changes its log: Persist is "the change to durable
// state this step made", nil parts when nothing changed. What is persisted
// is checked through the node's storage (diffDurable).
func checkPersist(s, next *raftspec.State, i int, p core.Persist) []string {
	var out []string
	hardChanged := s.CurrentTerm[i] != next.CurrentTerm[i] || s.VotedFor[i] != next.VotedFor[i]
	if hardChanged != (p.HardState != nil) {
		got := "none"
		if p.HardState != nil {
			got = fmt.Sprintf("term %d, vote %s", p.HardState.Term, fmtID(p.HardState.VotedFor))
		}
		out = append(out, fmt.Sprintf("%s Ready.Persist.HardState: spec changes term or vote: %t, runtime persists %s",
			nodeName(i), hardChanged, got))
	}
	logChanged := !slices.Equal(s.Log[i].Items(), next.Log[i].Items())
	if logChanged != (p.Log != nil) {
		got := "none"
		if p.Log != nil {
			got = fmt.Sprintf("%s from position %d", fmtEntries(p.Log.Entries), p.Log.From)
		}
		out = append(out, fmt.Sprintf("%s Ready.Persist.Log: spec changes the log: %t, runtime writes %s",
			nodeName(i), logChanged, got))
	}
	return out
}

// resetsTimer reports whether the node at position i must restart its
// election timer in the step (Ready.ResetElectionTimer): when it starts an
// election or a pre-vote, grants a vote, or hears a LogRequest of its
// current term.
func resetsTimer(s, next *raftspec.State, a raftspec.Action, i int) bool {
	switch a.Kind {
	case raftspec.ActionTimeout:
		return true
	case raftspec.ActionOnPreVoteResponse:
		return next.CurrentTerm[i] > s.CurrentTerm[i] && next.Role[i] == raftspec.RoleCandidate
	case raftspec.ActionOnVoteRequest:
		for _, m := range sent(s, next, a) {
			if m.Tag == raftspec.TagVoteResponse && m.VoteResponse.Granted {
				return true
			}
		}
	case raftspec.ActionOnLogRequest:
		return s.Net.Msgs[a.Slot].LogRequest.Term == next.CurrentTerm[i]
	}
	return false
}

// sent returns the messages the spec step a from s to next puts in flight:
// next's network less s's, less the message a delivers.
func sent(s, next *raftspec.State, a raftspec.Action) []raftspec.Msg {
	count := map[raftspec.Msg]int{}
	for k := range int(next.Net.Len) {
		count[next.Net.Msgs[k]] += int(next.Net.Copies[k])
	}
	for k := range int(s.Net.Len) {
		n := int(s.Net.Copies[k])
		if isDeliver(a.Kind) && k == int(a.Slot) {
			n--
		}
		count[s.Net.Msgs[k]] -= n
	}
	var out []raftspec.Msg
	for m, n := range count {
		for range n {
			out = append(out, m)
		}
	}
	slices.SortFunc(out, func(a, b raftspec.Msg) int { return raftspec.CompareMsg(&a, &b) })
	return out
}

// isDeliver reports whether actions of kind k deliver a message.
func isDeliver(k raftspec.ActionKind) bool {
	switch k {
	case raftspec.ActionOnVoteRequest, raftspec.ActionOnVoteResponse, raftspec.ActionOnLogRequest, raftspec.ActionOnLogResponse,
		raftspec.ActionOnPreVoteRequest, raftspec.ActionOnPreVoteResponse:
		return true
	}
	return false
}

// sameEntries reports whether a and b hold the same terms and data.
func sameEntries(a, b []core.Entry) bool {
	return slices.EqualFunc(a, b, func(x, y core.Entry) bool {
		return x.Term == y.Term && string(x.Data) == string(y.Data)
	})
}

// fmtEntryID writes an entry id: index 2, term 1; none for the zero id.
func fmtEntryID(id core.EntryID) string {
	if id == (core.EntryID{}) {
		return "none"
	}
	return fmt.Sprintf("index %d, term %d", id.Index, id.Term)
}

// isZeroReady reports whether rd asks nothing at all of the driver, field
// by field, as Ready.Empty must.
func isZeroReady(rd core.Ready) bool {
	return rd.Persist.HardState == nil && rd.Persist.Log == nil && len(rd.Messages) == 0 &&
		len(rd.Committed) == 0 && rd.CommitIndex == 0 && rd.Proposed == (core.EntryID{}) && !rd.ResetElectionTimer
}

// fmtReady writes the parts of rd that are set.
func fmtReady(rd core.Ready) string {
	var parts []string
	if rd.Persist.HardState != nil {
		parts = append(parts, fmt.Sprintf("persist term %d, vote %s", rd.Persist.HardState.Term, fmtID(rd.Persist.HardState.VotedFor)))
	}
	if rd.Persist.Log != nil {
		parts = append(parts, fmt.Sprintf("persist log %s from position %d", fmtEntries(rd.Persist.Log.Entries), rd.Persist.Log.From))
	}
	for _, m := range rd.Messages {
		parts = append(parts, "send "+m.String())
	}
	if len(rd.Committed) > 0 || rd.CommitIndex != 0 {
		parts = append(parts, fmt.Sprintf("deliver %s from index %d", fmtEntries(rd.Committed), rd.CommitIndex))
	}
	if rd.Proposed != (core.EntryID{}) {
		parts = append(parts, "proposed "+fmtEntryID(rd.Proposed))
	}
	if rd.ResetElectionTimer {
		parts = append(parts, "reset the election timer")
	}
	if len(parts) == 0 {
		return "empty"
	}
	return strings.Join(parts, "; ")
}
