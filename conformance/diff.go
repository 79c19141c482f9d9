package conformance

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/rspec/rspec/generated/raftspec"
	"github.com/rspec/rspec/runtime/core"
)

// Diff compares the spec state want with the runtime cluster c field by
// field and returns one line per difference; none when they agree. Values
// are written as the spec's traces write them:
//
//	s1 (id 2) commitLength: spec 2, runtime 1
//	network: spec has LogResponse{follower: s1, term: 1, ack: 1, success: true} s1->s0 (1 copy), runtime has none
//
// Besides the spec's variables it checks that every node's storage holds
// its core's term, vote and log: a driver persists a step's changes before
// it sends the step's messages, so what a crash keeps is what the node
// knows.
func Diff(want *raftspec.State, c *Cluster) []string {
	var out []string
	for i, cr := range c.cores {
		out = append(out, diffNode(want, i, cr.State())...)
	}
	out = append(out, diffNetwork(&want.Net, c.inflight)...)
	for i, cr := range c.cores {
		out = append(out, diffDurable(c, i, cr.State())...)
	}
	return out
}

// diffNode compares the variables of spec server i with runtime state rs.
func diffNode(want *raftspec.State, i int, rs core.State) []string {
	fields := [...]struct{ name, spec, rt string }{
		{"currentTerm", strconv.Itoa(int(want.CurrentTerm[i])), strconv.FormatUint(rs.Term, 10)},
		{"votedFor", fmtOpt(want.VotedFor[i]), fmtID(rs.VotedFor)},
		{"log", fmtLog(want.Log[i]), fmtEntries(rs.Log)},
		{"commitLength", strconv.Itoa(int(want.CommitLength[i])), strconv.FormatUint(rs.CommitLength, 10)},
		{"role", want.Role[i].String(), rs.Role.String()},
		{"currentLeader", fmtOpt(want.CurrentLeader[i]), fmtID(rs.Leader)},
		{"votesReceived", fmtSet(want.VotesReceived[i]), fmtIDs(rs.VotesReceived)},
		{"heardFrom", fmtSet(want.HeardFrom[i]), fmtIDs(rs.HeardFrom)},
		{"sentLength", fmtLengths(want.SentLength[i]), fmtLengthMap(rs.SentLength)},
		{"ackedLength", fmtLengths(want.AckedLength[i]), fmtLengthMap(rs.AckedLength)},
		{"probing", fmtLengths(want.Probing[i]), fmtLengthMap(rs.Probing)},
	}
	var out []string
	for _, f := range fields {
		if f.spec != f.rt {
			out = append(out, fmt.Sprintf("%s %s: spec %s, runtime %s", nodeName(i), f.name, f.spec, f.rt))
		}
	}
	return out
}

// diffNetwork compares the spec's network with the runtime's messages in
// flight as multisets.
func diffNetwork(want *raftspec.Network, inflight []core.Message) []string {
	var out []string
	got := map[raftspec.Msg]int{}
	var extra []raftspec.Msg // runtime messages the spec does not have, first seen first
	for _, m := range inflight {
		sm, err := MsgOf(m)
		if err != nil {
			out = append(out, fmt.Sprintf("network: runtime has %s, which no spec message stands for (%v)", m, err))
			continue
		}
		if got[sm] == 0 {
			extra = append(extra, sm)
		}
		got[sm]++
	}
	for k := range int(want.Len) {
		m, n := want.Msgs[k], int(want.Copies[k])
		switch g := got[m]; {
		case g == 0:
			out = append(out, fmt.Sprintf("network: spec has %s (%s), runtime has none", FormatMsg(m), copies(n)))
		case g != n:
			out = append(out, fmt.Sprintf("network: spec has %s (%s), runtime has %s", FormatMsg(m), copies(n), copies(g)))
		}
		delete(got, m)
	}
	slices.SortFunc(extra, func(a, b raftspec.Msg) int { return raftspec.CompareMsg(&a, &b) })
	for _, m := range extra {
		if g := got[m]; g > 0 {
			out = append(out, fmt.Sprintf("network: runtime has %s (%s), spec has none", FormatMsg(m), copies(g)))
		}
	}
	return out
}

// diffDurable compares the storage of the node at position i with its
// core's durable variables.
func diffDurable(c *Cluster, i int, rs core.State) []string {
	st, err := c.Stored(i)
	if err != nil {
		return []string{fmt.Sprintf("%s storage: %v", nodeName(i), err)}
	}
	fields := [...]struct{ name, core, stored string }{
		{"currentTerm", strconv.FormatUint(rs.Term, 10), strconv.FormatUint(st.HardState.Term, 10)},
		{"votedFor", fmtID(rs.VotedFor), fmtID(st.HardState.VotedFor)},
		{"log", fmtEntries(rs.Log), fmtEntries(st.Log)},
	}
	var out []string
	for _, f := range fields {
		if f.core != f.stored {
			out = append(out, fmt.Sprintf("%s durable %s: core %s, storage %s (not persisted before the step's messages were sent)",
				nodeName(i), f.name, f.core, f.stored))
		}
	}
	return out
}

func copies(n int) string {
	if n == 1 {
		return "1 copy"
	}
	return strconv.Itoa(n) + " copies"
}

// FormatMsg writes a spec message as the spec's traces do:
// VoteRequest{cid: s0, cterm: 1, ...} s0->s1.
func FormatMsg(m raftspec.Msg) string { return m.String() }

// fmtOpt writes a spec option Server: none or s1.
func fmtOpt(v uint8) string {
	if v == 0 {
		return "none"
	}
	return raftspec.Server(v - 1).String()
}

// fmtID writes a runtime id as the spec server it stands for.
func fmtID(id core.ID) string {
	if id == core.None {
		return "none"
	}
	if s, ok := ServerOf(id); ok {
		return s.String()
	}
	return fmt.Sprintf("id %d", id)
}

// fmtSet writes a spec set of servers: {s0, s2}.
func fmtSet(v uint8) string {
	var names []string
	for s := range N {
		if v&(1<<s) != 0 {
			names = append(names, raftspec.Server(s).String())
		}
	}
	return "{" + strings.Join(names, ", ") + "}"
}

// fmtIDs writes runtime ids as a spec set of servers.
func fmtIDs(ids []core.ID) string {
	names := make([]string, len(ids))
	for i, id := range ids {
		names[i] = fmtID(id)
	}
	return "{" + strings.Join(names, ", ") + "}"
}

// fmtLengths writes a spec [Server]Length or [Server]bool:
// [s0: 0, s1: 2, s2: 1].
func fmtLengths[V raftspec.Length | bool](v [N]V) string {
	parts := make([]string, N)
	for s := range N {
		parts[s] = fmt.Sprintf("%v: %v", raftspec.Server(s), v[s])
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

// fmtLengthMap writes a runtime per-node map of lengths or flags as a spec
// [Server]Length or [Server]bool; ids outside the cluster are listed after.
func fmtLengthMap[V uint64 | bool](m map[core.ID]V) string {
	parts := make([]string, 0, len(m))
	for _, id := range IDs {
		parts = append(parts, fmt.Sprintf("%s: %v", fmtID(id), m[id]))
	}
	var others []core.ID
	for id := range m {
		if _, ok := ServerOf(id); !ok {
			others = append(others, id)
		}
	}
	slices.Sort(others)
	for _, id := range others {
		parts = append(parts, fmt.Sprintf("%s: %v", fmtID(id), m[id]))
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

// fmtLog writes a spec log: [{term: 1, value: v0}].
func fmtLog(q raftspec.EntrySeq) string {
	parts := make([]string, q.Len)
	for i, e := range q.Items() {
		parts[i] = fmt.Sprintf("{term: %d, value: %s}", e.Term, fmtOptValue(e.Value))
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

// fmtOptValue writes a spec option Value: none or v1.
func fmtOptValue(v uint8) string {
	if v == 0 {
		return "none"
	}
	return raftspec.Value(v - 1).String()
}

// fmtEntries writes a runtime log as a spec log; data that encodes no spec
// value is quoted.
func fmtEntries(es []core.Entry) string {
	parts := make([]string, len(es))
	for i, e := range es {
		val := fmt.Sprintf("data %q", e.Data)
		if v, err := entryValue(e); err == nil {
			val = fmtOptValue(v)
		}
		parts[i] = fmt.Sprintf("{term: %d, value: %s}", e.Term, val)
	}
	return "[" + strings.Join(parts, ", ") + "]"
}
