package coretest

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/rspec/rspec/runtime/core"
)

// FormatReady formats what node id's Ready asks of the driver, one effect
// per line in the order the driver carries them out, each line prefixed by
// indent and the node id.
func FormatReady(indent string, id core.ID, rd core.Ready) string {
	var b strings.Builder
	line := func(format string, args ...any) {
		fmt.Fprintf(&b, "%s%d: %s\n", indent, id, fmt.Sprintf(format, args...))
	}
	if hs := rd.Persist.HardState; hs != nil {
		line("persist hardstate term=%d votedFor=%d", hs.Term, hs.VotedFor)
	}
	if lc := rd.Persist.Log; lc != nil {
		line("persist log from=%d %s", lc.From, core.FormatEntries(lc.Entries))
	}
	if rd.Proposed != (core.EntryID{}) {
		line("proposed index=%d term=%d", rd.Proposed.Index, rd.Proposed.Term)
	}
	if rd.ResetElectionTimer {
		line("reset election timer")
	}
	for _, m := range rd.Messages {
		line("send %s", m)
	}
	if len(rd.Committed) > 0 {
		line("commit index=%d %s", rd.CommitIndex, core.FormatEntries(rd.Committed))
	}
	return b.String()
}

// FormatState formats every protocol variable of st, and the entries the
// node's application has applied.
func FormatState(st core.State, applied []core.Entry) string {
	var b strings.Builder
	fmt.Fprintf(&b, "node %d: term=%d votedFor=%d role=%s leader=%d commitLength=%d\n",
		st.ID, st.Term, st.VotedFor, st.Role, st.Leader, st.CommitLength)
	fmt.Fprintf(&b, "log: %s\n", core.FormatEntries(st.Log))
	fmt.Fprintf(&b, "votesReceived: %v\n", st.VotesReceived)
	fmt.Fprintf(&b, "sentLength: %s\n", formatLengths(st.SentLength))
	fmt.Fprintf(&b, "ackedLength: %s\n", formatLengths(st.AckedLength))
	fmt.Fprintf(&b, "probing: %s\n", formatLengths(st.Probing))
	fmt.Fprintf(&b, "heardFrom: %v\n", st.HeardFrom)
	fmt.Fprintf(&b, "applied: %s\n", core.FormatEntries(applied))
	return b.String()
}

// formatLengths formats a per-node map in ascending id order.
func formatLengths[V uint64 | bool](m map[core.ID]V) string {
	var parts []string
	for _, id := range slices.Sorted(maps.Keys(m)) {
		parts = append(parts, fmt.Sprintf("%d=%v", id, m[id]))
	}
	return strings.Join(parts, " ")
}
