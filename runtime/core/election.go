package core

// startElection is "Election timeout at s".
func (c *Core) startElection() {
	c.term++
	c.leader = None
	c.role = Candidate
	c.votedFor = c.m.id
	clear(c.votes)
	c.votes[c.m.self] = true
	c.rd.ResetElectionTimer = true
	for _, t := range c.m.peers {
		if t == c.m.id {
			continue
		}
		c.send(t, Message{
			Type:      MsgVoteRequest,
			Term:      c.term,
			LogLength: c.logLen(),
			LogTerm:   c.lastTerm(),
		})
	}
	if c.voteCount() >= c.m.quorum {
		c.becomeLeader()
	}
}

// onVoteRequest is "VoteRequest {cid, cterm, clogLength, clogTerm} at s".
func (c *Core) onVoteRequest(m Message) {
	if m.Term > c.term {
		c.term = m.Term
		c.role = Follower
		c.votedFor = None
		c.leader = None
	}
	lastTerm := c.lastTerm()
	logOk := m.LogTerm > lastTerm || (m.LogTerm == lastTerm && m.LogLength >= c.logLen())
	granted := m.Term == c.term && logOk && (c.votedFor == None || c.votedFor == m.From)
	if granted {
		c.votedFor = m.From
		c.rd.ResetElectionTimer = true
	}
	c.send(m.From, Message{Type: MsgVoteResponse, Term: c.term, Granted: granted})
}

// onVoteResponse is "VoteResponse {voterId, term, granted} at s".
func (c *Core) onVoteResponse(m Message) {
	switch {
	case c.role == Candidate && m.Term == c.term && m.Granted:
		c.votes[c.m.index[m.From]] = true
		if c.voteCount() >= c.m.quorum {
			c.becomeLeader()
		}
	case m.Term > c.term:
		c.term = m.Term
		c.role = Follower
		c.votedFor = None
		c.leader = None
	}
}

// becomeLeader is "BecomeLeader at s".
func (c *Core) becomeLeader() {
	c.role = Leader
	c.leader = c.m.id
	for i, t := range c.m.peers {
		if t == c.m.id {
			continue
		}
		c.sentLength[i] = c.logLen()
		c.ackedLength[i] = 0
		c.probing[i] = true
		c.replicateLog(i, true)
	}
}

// voteCount is |votesReceived|.
func (c *Core) voteCount() int {
	n := 0
	for _, v := range c.votes {
		if v {
			n++
		}
	}
	return n
}
