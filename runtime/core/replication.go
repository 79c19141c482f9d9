package core

// propose is "Client request with value v at leader s".
func (c *Core) propose(data []byte) {
	c.appendEntries(Entry{Term: c.term, Data: data})
	c.ackedLength[c.m.self] = c.logLen()
	c.rd.Proposed = EntryID{Index: c.logLen(), Term: c.term}
	c.replicateAll()
	c.commitLogEntries()
}

// heartbeat is "Heartbeat timeout at leader s".
func (c *Core) heartbeat() {
	c.replicateAll()
}

// replicateAll is "for each t != s: ReplicateLog(s, t)", in ascending id order.
func (c *Core) replicateAll() {
	for i := range c.m.peers {
		if i != c.m.self {
			c.replicateLog(i)
		}
	}
}

// replicateLog is "ReplicateLog(s, t)" for the peer at position i.
func (c *Core) replicateLog(i int) {
	prefixLen := c.sentLength[i]
	var prefixTerm uint64
	if prefixLen > 0 {
		prefixTerm = c.log[prefixLen-1].Term
	}
	var suffix []Entry
	if prefixLen < c.logLen() {
		suffix = c.log[prefixLen:len(c.log):len(c.log)]
	}
	c.send(c.m.peers[i], Message{
		Type:         MsgLogRequest,
		Term:         c.term,
		PrefixLen:    prefixLen,
		PrefixTerm:   prefixTerm,
		LeaderCommit: c.commitLength,
		Entries:      suffix,
	})
}

// onLogRequest is "LogRequest {leaderId, term, prefixLen, prefixTerm,
// leaderCommit, suffix} at s".
func (c *Core) onLogRequest(m Message) {
	if m.Term > c.term {
		c.term = m.Term
		c.votedFor = None
		c.leader = None
	}
	if m.Term == c.term {
		c.role = Follower
		c.leader = m.From
		c.rd.ResetElectionTimer = true
	}
	logOk := c.logLen() >= m.PrefixLen &&
		(m.PrefixLen == 0 || c.log[m.PrefixLen-1].Term == m.PrefixTerm)
	if m.Term == c.term && logOk {
		c.appendFromLeader(m.PrefixLen, m.LeaderCommit, m.Entries)
		ack := m.PrefixLen + uint64(len(m.Entries))
		c.send(m.From, Message{Type: MsgLogResponse, Term: c.term, Ack: ack, Success: true})
		return
	}
	c.send(m.From, Message{Type: MsgLogResponse, Term: c.term, Ack: 0, Success: false})
}

// appendFromLeader is "AppendEntries(prefixLen, leaderCommit, suffix)". It
// compares the last entry where the log and the suffix overlap; by Log
// Matching every earlier overlapping entry then agrees too.
func (c *Core) appendFromLeader(prefixLen, leaderCommit uint64, suffix []Entry) {
	n := uint64(len(suffix))
	if n > 0 && c.logLen() > prefixLen {
		i := min(c.logLen(), prefixLen+n) - 1
		if c.log[i].Term != suffix[i-prefixLen].Term {
			c.truncate(prefixLen)
		}
	}
	if prefixLen+n > c.logLen() {
		c.appendEntries(suffix[c.logLen()-prefixLen:]...)
	}
	if leaderCommit > c.commitLength {
		c.deliver(leaderCommit)
	}
}

// onLogResponse is "LogResponse {follower, term, ack, success} at s".
func (c *Core) onLogResponse(m Message) {
	i := c.m.index[m.From]
	switch {
	case m.Term == c.term && c.role == Leader:
		if m.Success && m.Ack >= c.ackedLength[i] {
			c.sentLength[i] = m.Ack
			c.ackedLength[i] = m.Ack
			c.commitLogEntries()
		} else if c.sentLength[i] > 0 {
			c.sentLength[i]--
			c.replicateLog(i)
		}
	case m.Term > c.term:
		c.term = m.Term
		c.role = Follower
		c.votedFor = None
		c.leader = None
	}
}

// commitLogEntries is "CommitLogEntries at s": the longest prefix acknowledged
// by a quorum is committed, but only when its last entry is of the current
// term (the Raft paper's Figure 8).
func (c *Core) commitLogEntries() {
	ready := c.quorumAcked()
	if ready > c.commitLength && c.log[ready-1].Term == c.term {
		c.deliver(ready)
	}
}

// quorumAcked is max(ready): the largest n in 1..len(log) with
// |{t : ackedLength[t] >= n}| >= quorum, or 0 if there is none. It is the
// quorum-th largest ackedLength, capped at len(log).
func (c *Core) quorumAcked() uint64 {
	best := uint64(0)
	for _, a := range c.ackedLength {
		n := min(a, c.logLen())
		if n <= best {
			continue
		}
		count := 0
		for _, b := range c.ackedLength {
			if b >= n {
				count++
			}
		}
		if count >= c.m.quorum {
			best = n
		}
	}
	return best
}
