package core

// propose is "Client request with value v at leader s".
func (c *Core) propose(data []byte) {
	c.appendEntries(Entry{Term: c.term, Data: data})
	c.ackedLength[c.m.self] = c.logLen()
	c.rd.Proposed = EntryID{Index: c.logLen(), Term: c.term}
	c.replicateAll(false)
	c.commitLogEntries()
}

// heartbeat is "Heartbeat timeout at leader s".
func (c *Core) heartbeat() {
	c.replicateAll(true)
}

// replicateAll is "for each t != s: ReplicateLog(s, t, force)", in ascending
// id order.
func (c *Core) replicateAll(force bool) {
	for i := range c.m.peers {
		if i != c.m.self {
			c.replicateLog(i, force)
		}
	}
}

// replicateLog is "ReplicateLog(s, t, force)" for the peer at position i.
// While probing it sends one LogRequest at sentLength, only when forced,
// and leaves sentLength where it is. Otherwise it pipelines batches while
// the window has room, moving sentLength past each; when nothing fits and
// it is forced, it sends an empty LogRequest.
func (c *Core) replicateLog(i int, force bool) {
	if c.probing[i] {
		if force {
			c.sendLog(i, min(c.m.maxBatch, c.logLen()-c.sentLength[i]))
		}
		return
	}
	if c.room(i) == 0 {
		if force {
			c.sendLog(i, 0)
		}
		return
	}
	for n := c.room(i); n > 0; n = c.room(i) {
		n = c.sendLog(i, n)
		c.sentLength[i] += n
	}
}

// room is room(s, t): how many entries the next LogRequest to the peer at
// position i may carry, counting the window and the batch bound.
func (c *Core) room(i int) uint64 {
	unsent := c.logLen() - c.sentLength[i]
	inflight := c.sentLength[i] - c.ackedLength[i]
	if inflight >= c.m.maxInflight {
		return 0
	}
	return min(c.m.maxBatch, unsent, c.m.maxInflight-inflight)
}

// sendLog is "SendLog(s, t, n)": a LogRequest with the entries after
// sentLength, at most n of them and, past the first, no more than the batch
// byte bound. It returns how many entries it carries.
func (c *Core) sendLog(i int, n uint64) uint64 {
	prefixLen := c.sentLength[i]
	var prefixTerm uint64
	if prefixLen > 0 {
		prefixTerm = c.log[prefixLen-1].Term
	}
	n = c.fitBytes(prefixLen, n)
	var suffix []Entry
	if n > 0 {
		end := prefixLen + n
		suffix = c.log[prefixLen:end:end]
	}
	c.send(c.m.peers[i], Message{
		Type:         MsgLogRequest,
		Term:         c.term,
		PrefixLen:    prefixLen,
		PrefixTerm:   prefixTerm,
		LeaderCommit: c.commitLength,
		Entries:      suffix,
	})
	return n
}

// fitBytes returns how many of the n entries from position from fit the
// batch byte bound; always at least one when n > 0, so that an entry larger
// than the bound still replicates.
func (c *Core) fitBytes(from, n uint64) uint64 {
	var size uint64
	for k := uint64(0); k < n; k++ {
		size += uint64(len(c.log[from+k].Data))
		if k > 0 && size > c.m.maxBatchBytes {
			return k
		}
	}
	return n
}

// onLogRequest is "LogRequest {leaderId, term, prefixLen, prefixTerm,
// leaderCommit, suffix} at s".
func (c *Core) onLogRequest(m Message) {
	if m.Term > c.term {
		c.newTerm(m.Term)
	}
	if m.Term == c.term {
		c.role = Follower
		c.leader = m.From
		c.rd.ResetElectionTimer = true
	}
	logOk := c.logLen() >= m.PrefixLen &&
		(m.PrefixLen == 0 || c.log[m.PrefixLen-1].Term == m.PrefixTerm)
	switch {
	case m.Term == c.term && logOk:
		c.appendFromLeader(m.PrefixLen, m.LeaderCommit, m.Entries)
		ack := m.PrefixLen + uint64(len(m.Entries))
		c.send(m.From, Message{Type: MsgLogResponse, Term: c.term, Ack: ack, Success: true})
	case m.Term == c.term:
		c.send(m.From, Message{Type: MsgLogResponse, Term: c.term, Ack: c.repairHint(m.PrefixLen), Success: false})
	default:
		c.send(m.From, Message{Type: MsgLogResponse, Term: c.term, Ack: 0, Success: false})
	}
}

// repairHint is repairHint(s, prefixLen), fast log repair: for a log shorter
// than the prefix, its length; otherwise the first position of the term of
// the conflicting entry at prefixLen-1. Terms never decrease along the log,
// so that is the number of entries of earlier terms, found by binary search.
func (c *Core) repairHint(prefixLen uint64) uint64 {
	if c.logLen() < prefixLen {
		return c.logLen()
	}
	conflict := c.log[prefixLen-1].Term
	lo, hi := uint64(0), prefixLen-1
	for lo < hi {
		mid := lo + (hi-lo)/2
		if c.log[mid].Term < conflict {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	return lo
}

// appendFromLeader is "AppendEntries(prefixLen, leaderCommit, suffix)". It
// compares the last entry where the log and the suffix overlap; by Log
// Matching every earlier overlapping entry then agrees too. Only the log up
// to the end of the suffix is known to match the leader's, so it commits no
// further than that.
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
	if matched := min(leaderCommit, prefixLen+n); matched > c.commitLength {
		c.deliver(matched)
	}
}

// onLogResponse is "LogResponse {follower, term, ack, success} at s".
func (c *Core) onLogResponse(m Message) {
	switch {
	case m.Term == c.term && c.role == Leader:
		i := c.m.index[m.From]
		if c.m.checkQuorum {
			c.heard[i] = true
		}
		if m.Success {
			c.onAck(i, m.Ack)
		} else {
			c.onReject(i, m.Ack)
		}
	case m.Term > c.term:
		c.newTerm(m.Term)
	}
}

// onAck handles a successful LogResponse from the peer at position i:
// ackedLength only moves forward, however late the answer; the first answer
// ends probing; then the leader sends what the window allows.
func (c *Core) onAck(i int, ack uint64) {
	if ack > c.ackedLength[i] {
		c.ackedLength[i] = ack
		c.commitLogEntries()
	}
	if c.probing[i] {
		c.probing[i] = false
		c.sentLength[i] = c.ackedLength[i]
	} else {
		c.sentLength[i] = max(c.sentLength[i], c.ackedLength[i])
	}
	c.replicateLog(i, false)
}

// onReject handles a rejection with repair hint hint from the peer at
// position i: one not behind sentLength is stale and ignored; otherwise the
// leader probes at the hint, never below what the peer acknowledged.
func (c *Core) onReject(i int, hint uint64) {
	if hint >= c.sentLength[i] {
		return
	}
	c.sentLength[i] = max(hint, c.ackedLength[i])
	c.probing[i] = true
	c.replicateLog(i, true)
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
