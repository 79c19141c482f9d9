package core

// checkMessage rejects, before any state changes, a message the core must
// not act on: one not for this node, from an unknown node, of an unknown
// type, or whose fields no correct peer sends and which would break the
// core's invariants (log terms positive, non-decreasing and bounded by the
// current term; ackedLength within the log).
func (c *Core) checkMessage(m Message) error {
	if m.To != c.m.id {
		return invalidf("addressed to node %d, this is node %d", m.To, c.m.id)
	}
	if _, ok := c.m.index[m.From]; !ok || m.From == c.m.id {
		return invalidf("sender %d is not a peer", m.From)
	}
	if m.Term == 0 {
		return invalidf("term 0")
	}
	switch m.Type {
	case MsgVoteRequest, MsgVoteResponse, MsgPreVoteRequest, MsgPreVoteResponse:
		return nil
	case MsgLogRequest:
		return checkLogRequest(m)
	case MsgLogResponse:
		if m.Success && m.Term == c.term && c.role == Leader && m.Ack > c.logLen() {
			return invalidf("ack %d beyond the leader's log length %d", m.Ack, c.logLen())
		}
		return nil
	}
	return invalidf("unknown type %d", uint8(m.Type))
}

// checkLogRequest checks the fields of a LogRequest on their own.
func checkLogRequest(m Message) error {
	end := m.PrefixLen + uint64(len(m.Entries))
	if end < m.PrefixLen {
		return invalidf("prefixLen %d overflows", m.PrefixLen)
	}
	if m.PrefixTerm > m.Term || (m.PrefixLen == 0) != (m.PrefixTerm == 0) {
		return invalidf("prefixTerm %d with prefixLen %d in term %d", m.PrefixTerm, m.PrefixLen, m.Term)
	}
	prev := m.PrefixTerm
	for i, e := range m.Entries {
		if e.Term == 0 || e.Term < prev || e.Term > m.Term {
			return invalidf("entry %d has term %d after term %d in term %d", m.PrefixLen+uint64(i)+1, e.Term, prev, m.Term)
		}
		if err := checkEntry(e); err != nil {
			return invalidf("entry %d: %v", m.PrefixLen+uint64(i)+1, err)
		}
		prev = e.Term
	}
	return nil
}
