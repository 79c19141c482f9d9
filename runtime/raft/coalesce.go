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
