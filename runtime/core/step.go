package core

import (
	"errors"
	"fmt"
	"math"
)

// Step advances the node by one event and returns what the driver must do
// about it (see Ready). It performs no I/O: the caller persists rd.Persist,
// then sends rd.Messages, then hands rd.Committed to the application.
//
// Step returns an error, and changes nothing, for a proposal at a non-leader
// (a *NotLeaderError, errors.Is ErrNotLeader), for a message it rejects
// (errors.Is ErrInvalidMessage), for an election timeout when the term
// cannot grow, and for an unknown event. Ignored events return an empty
// Ready and a nil error.
func (c *Core) Step(ev Event) (Ready, error) {
	switch ev := ev.(type) {
	case ElectionTimeout:
		if c.role == Leader {
			if !c.m.checkQuorum {
				return Ready{}, nil
			}
			c.begin()
			c.checkQuorum()
			break
		}
		if c.term == math.MaxUint64 {
			return Ready{}, errors.New("election timeout: term space exhausted")
		}
		c.begin()
		c.timeout()
	case HeartbeatTimeout:
		if c.role != Leader {
			return Ready{}, nil
		}
		c.begin()
		c.heartbeat()
	case Propose:
		if c.role != Leader {
			return Ready{}, fmt.Errorf("propose at node %d: %w", c.m.id, &NotLeaderError{Leader: c.leader})
		}
		c.begin()
		c.propose(ev.Data)
	case Receive:
		if err := c.checkMessage(ev.Msg); err != nil {
			return Ready{}, fmt.Errorf("receive %s from %d at node %d: %w", ev.Msg.Type, ev.Msg.From, c.m.id, err)
		}
		c.begin()
		c.receive(ev.Msg)
	default:
		return Ready{}, fmt.Errorf("unknown event %T", ev)
	}
	return c.finish(), nil
}

// receive is the dispatch of a checked message to its handler.
func (c *Core) receive(m Message) {
	switch m.Type {
	case MsgVoteRequest:
		c.onVoteRequest(m)
	case MsgVoteResponse:
		c.onVoteResponse(m)
	case MsgLogRequest:
		c.onLogRequest(m)
	case MsgLogResponse:
		c.onLogResponse(m)
	case MsgPreVoteRequest:
		c.onPreVoteRequest(m)
	case MsgPreVoteResponse:
		c.onPreVoteResponse(m)
	}
}

// begin starts recording the effects of a step.
func (c *Core) begin() {
	c.rd = Ready{}
	c.oldHard = c.hardState()
	c.logFrom = noLogChange
}

// finish returns the Ready recorded since begin.
func (c *Core) finish() Ready {
	rd := c.rd
	c.rd = Ready{}
	if hs := c.hardState(); hs != c.oldHard {
		rd.Persist.HardState = &hs
	}
	if c.logFrom != noLogChange {
		rd.Persist.Log = &LogChange{From: c.logFrom, Entries: c.log[c.logFrom:len(c.log):len(c.log)]}
		c.logFrom = noLogChange
	}
	return rd
}

// send queues m for the driver, stamped with this node as sender.
func (c *Core) send(to ID, m Message) {
	m.From = c.m.id
	m.To = to
	c.rd.Messages = append(c.rd.Messages, m)
}

// truncate shortens the log to n entries. The log's spare capacity is
// dropped so that later appends never overwrite entries a Ready, a message
// or a clone still refers to.
func (c *Core) truncate(n uint64) {
	c.logFrom = min(c.logFrom, n)
	c.log = c.log[:n:n]
}

// appendEntries appends es to the log.
func (c *Core) appendEntries(es ...Entry) {
	c.logFrom = min(c.logFrom, c.logLen())
	c.log = append(c.log, es...)
}

// deliver is the protocol's "deliver log[commitLength:n]; commitLength = n".
func (c *Core) deliver(n uint64) {
	if len(c.rd.Committed) == 0 {
		c.rd.CommitIndex = c.commitLength + 1
	}
	c.rd.Committed = append(c.rd.Committed, c.log[c.commitLength:n]...)
	c.commitLength = n
}
