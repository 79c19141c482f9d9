package core

import (
	"fmt"
	"slices"
)

// Role is a node's role in the protocol.
type Role uint8

// The roles. The zero Role is Follower, a node's initial role.
const (
	Follower Role = iota
	Candidate
	Leader
	PreCandidate // asking for pre-votes before standing for election
)

// String returns the role's name as the spec writes it.
func (r Role) String() string {
	switch r {
	case Follower:
		return "Follower"
	case Candidate:
		return "Candidate"
	case Leader:
		return "Leader"
	case PreCandidate:
		return "PreCandidate"
	}
	return fmt.Sprintf("Role(%d)", uint8(r))
}

// State is a snapshot of every protocol variable of one node, named as in
// docs/protocol.md. It holds copies: changing it does not affect the core.
// Entry data is shared and must not be modified.
type State struct {
	ID           ID
	Term         uint64 // currentTerm
	VotedFor     ID     // votedFor; None for none
	Role         Role   // role
	Leader       ID     // currentLeader; None for none
	Log          []Entry
	CommitLength uint64
	// VotesReceived is votesReceived in ascending order. It keeps its value
	// after the election, as the protocol does.
	VotesReceived []ID
	// SentLength, AckedLength and Probing have a key for every node, this one
	// included. Like every volatile variable they keep their values when
	// the node stops being leader, and are zero after a restart.
	SentLength  map[ID]uint64
	AckedLength map[ID]uint64
	Probing     map[ID]bool
	// HeardFrom is heardFrom in ascending order: the followers a leader
	// heard from since its last quorum check.
	HeardFrom []ID
}

// State returns a snapshot of the node's protocol variables.
func (c *Core) State() State {
	st := State{
		ID:           c.m.id,
		Term:         c.term,
		VotedFor:     c.votedFor,
		Role:         c.role,
		Leader:       c.leader,
		Log:          slices.Clone(c.log),
		CommitLength: c.commitLength,
		SentLength:   make(map[ID]uint64, len(c.m.peers)),
		AckedLength:  make(map[ID]uint64, len(c.m.peers)),
		Probing:      make(map[ID]bool, len(c.m.peers)),
	}
	for i, p := range c.m.peers {
		if c.votes[i] {
			st.VotesReceived = append(st.VotesReceived, p)
		}
		if c.heard[i] {
			st.HeardFrom = append(st.HeardFrom, p)
		}
		st.SentLength[p] = c.sentLength[i]
		st.AckedLength[p] = c.ackedLength[i]
		st.Probing[p] = c.probing[i]
	}
	return st
}
