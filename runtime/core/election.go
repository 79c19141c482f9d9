package core

// timeout is "Election timeout at s" at a non-leader: with pre-vote it asks
// for pre-votes in the next term, keeping its term; otherwise it stands for
// election at once.
func (c *Core) timeout() {
	c.rd.ResetElectionTimer = true
	if !c.m.preVote {
		c.startElection()
		return
	}
	c.leader = None
	c.role = PreCandidate
	clear(c.votes)
	c.votes[c.m.self] = true
	c.askVotes(MsgPreVoteRequest, c.term+1)
	if c.voteCount() >= c.m.quorum {
		c.startElection()
	}
}

// startElection is "StartElection at s": stand for election in the next
// term, voting for itself.
func (c *Core) startElection() {
	c.term++
	c.leader = None
	c.role = Candidate
	c.votedFor = c.m.id
	clear(c.votes)
	c.votes[c.m.self] = true
	c.rd.ResetElectionTimer = true
	c.askVotes(MsgVoteRequest, c.term)
	if c.voteCount() >= c.m.quorum {
		c.becomeLeader()
	}
}

// askVotes sends every other node a (pre-)vote request of type typ for
// term, with this node's log length and last term.
func (c *Core) askVotes(typ MsgType, term uint64) {
	for _, t := range c.m.peers {
		if t != c.m.id {
			c.send(t, Message{Type: typ, Term: term, LogLength: c.logLen(), LogTerm: c.lastTerm()})
		}
	}
}

// newTerm is "NewTerm(t) at s": adopt a later term as a follower with no
// vote cast and no known leader in it.
func (c *Core) newTerm(t uint64) {
	c.term = t
	c.role = Follower
	c.votedFor = None
	c.leader = None
}

// onVoteRequest is "VoteRequest {cid, cterm, clogLength, clogTerm} at s".
func (c *Core) onVoteRequest(m Message) {
	if m.Term > c.term {
		c.newTerm(m.Term)
	}
	granted := m.Term == c.term && c.upToDate(m.LogTerm, m.LogLength) && (c.votedFor == None || c.votedFor == m.From)
	if granted {
		c.votedFor = m.From
		c.rd.ResetElectionTimer = true
	}
	c.send(m.From, Message{Type: MsgVoteResponse, Term: c.term, Granted: granted})
}

// upToDate is upToDate(s, lt, ln): whether a log whose last entry has term
// lt and whose length is ln is at least as up to date as this node's.
func (c *Core) upToDate(lt, ln uint64) bool {
	last := c.lastTerm()
	return lt > last || (lt == last && ln >= c.logLen())
}

// onPreVoteRequest is "PreVoteRequest {cid, cterm, clogLength, clogTerm} at
// s": granted if the node would vote for the sender in that term and knows
// no leader of its own term. It changes neither the term nor the vote.
func (c *Core) onPreVoteRequest(m Message) {
	granted := m.Term > c.term && c.upToDate(m.LogTerm, m.LogLength) && c.leader == None
	term := c.term
	if granted {
		term = m.Term
	}
	c.send(m.From, Message{Type: MsgPreVoteResponse, Term: term, Granted: granted})
}

// onPreVoteResponse is "PreVoteResponse {voterId, term, granted} at s".
func (c *Core) onPreVoteResponse(m Message) {
	switch {
	case c.role == PreCandidate && m.Granted && m.Term == c.term+1:
		c.votes[c.m.index[m.From]] = true
		if c.voteCount() >= c.m.quorum {
			c.startElection()
		}
	case !m.Granted && m.Term > c.term:
		c.newTerm(m.Term)
	}
}

// checkQuorum is "CheckQuorum at s": the leader steps down unless it heard
// from a quorum, itself included, since the last check.
func (c *Core) checkQuorum() {
	c.heard[c.m.self] = true
	if countTrue(c.heard) < c.m.quorum {
		c.role = Follower
		c.leader = None
	}
	clear(c.heard)
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
		c.newTerm(m.Term)
	}
}

// becomeLeader is "BecomeLeader at s": probe every follower at the end of
// the log, append a no-op entry of the new term, and send it with the probes.
func (c *Core) becomeLeader() {
	c.role = Leader
	c.leader = c.m.id
	clear(c.heard)
	for i := range c.m.peers {
		if i != c.m.self {
			c.sentLength[i] = c.logLen()
			c.ackedLength[i] = 0
			c.probing[i] = true
		}
	}
	c.appendEntries(Entry{Term: c.term, Type: EntryNoop})
	c.ackedLength[c.m.self] = c.logLen()
	c.replicateAll(true)
	c.commitLogEntries()
}

// voteCount is |votesReceived|.
func (c *Core) voteCount() int { return countTrue(c.votes) }

// countTrue is how many of bs are true.
func countTrue(bs []bool) int {
	n := 0
	for _, b := range bs {
		if b {
			n++
		}
	}
	return n
}
