package raft

import "github.com/rspec/rspec/runtime/core"

// coalesce drops from a batch's messages those that a later message of the
// same batch supersedes, and returns the rest in their order:
//
//   - a LogRequest, when a later LogRequest goes to the same follower in
//     the same term and carries every entry the earlier one does: it starts
//     no later and ends no earlier. A leader's log only grows within its
//     term and its commit point only advances, so the later request says
//     everything the earlier one did. Pipelined batches, which carry
//     consecutive ranges, are all kept.
//   - a LogResponse, when a later successful LogResponse goes to the same
//     leader in the same term acknowledging at least as much.
//
// A leader steps the core once per proposal, and a probing follower or a
// heartbeat can be sent the same range more than once in a batch. Dropping a
// message is a behaviour the protocol allows (the network may lose or
// never deliver any message), so this changes no outcome the protocol can
// reach; it only spares sending what the follower would discard.
//
// Each message is compared with the nearest later one kept of its type and
// destination. seen is scratch space, returned for reuse.
func coalesce(msgs []core.Message, seen []core.Message) (kept, scratch []core.Message) {
	seen = seen[:0]
	j := len(msgs)
	for i := len(msgs) - 1; i >= 0; i-- {
		m := msgs[i]
		if m.Type == core.MsgLogRequest || m.Type == core.MsgLogResponse {
			k := -1
			for s := range seen {
				if seen[s].To == m.To && seen[s].Type == m.Type {
					k = s
					break
				}
			}
			if k >= 0 && supersedes(seen[k], m) {
				continue
			}
			if k < 0 {
				seen = append(seen, m)
			} else {
				seen[k] = m
			}
		}
		j--
		msgs[j] = m
	}
	clear(msgs[:j])
	clear(seen)
	return msgs[j:], seen[:0]
}

// supersedes reports whether later, a message sent after m to the same node
// and of the same type, makes m useless.
func supersedes(later, m core.Message) bool {
	if later.Term != m.Term {
		return false
	}
	if m.Type == core.MsgLogRequest {
		return later.PrefixLen <= m.PrefixLen &&
			later.PrefixLen+uint64(len(later.Entries)) >= m.PrefixLen+uint64(len(m.Entries))
	}
	return later.Success && later.Ack >= m.Ack
}

// mergeRuns merges each LogRequest into the nearest earlier kept LogRequest
// to the same follower in the same term whose entries it continues
// (prefixLen equal to the earlier one's end), while the merged request
// stays within maxEntries entries and maxBytes bytes of entry data. A leader
// steps its core once per proposal and so sends every follower one batch
// per proposal; merged, the proposals of one Sync travel as few requests.
// The merged request carries the later commit point: it is the request the
// leader would have sent had the batch been larger, and the follower ends
// in the state the two requests would have left it in (the earlier one's
// answer is the one the protocol may lose).
func mergeRuns(msgs []core.Message, maxEntries, maxBytes uint64) []core.Message {
	last := map[core.ID]int{} // follower -> position in out of its last LogRequest
	owned := map[int]bool{}   // positions whose Entries were copied by a merge
	out := msgs[:0]
	for _, m := range msgs {
		if m.Type == core.MsgLogRequest {
			if i, ok := last[m.To]; ok && mergeable(out[i], m, maxEntries, maxBytes) {
				p := &out[i]
				if !owned[i] {
					p.Entries = append(make([]core.Entry, 0, 2*(len(p.Entries)+len(m.Entries))), p.Entries...)
					owned[i] = true
				}
				p.Entries = append(p.Entries, m.Entries...)
				p.LeaderCommit = m.LeaderCommit
				continue
			}
			last[m.To] = len(out)
		}
		out = append(out, m)
	}
	clear(msgs[len(out):])
	return out
}

// mergeable reports whether later continues m, both LogRequests to one
// follower, and the two fit in one request.
func mergeable(m, later core.Message, maxEntries, maxBytes uint64) bool {
	if later.Term != m.Term || len(later.Entries) == 0 ||
		later.PrefixLen != m.PrefixLen+uint64(len(m.Entries)) ||
		uint64(len(m.Entries)+len(later.Entries)) > maxEntries {
		return false
	}
	var size uint64
	for _, es := range [][]core.Entry{m.Entries, later.Entries} {
		for _, e := range es {
			size += uint64(len(e.Data))
		}
	}
	return size <= maxBytes
}
