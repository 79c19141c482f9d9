package core

import (
	"fmt"
	"math"
	"slices"
)

// Core is one Raft node's protocol state machine, exactly the protocol of
// docs/protocol.md. It performs no I/O, starts no goroutines and reads no
// clock: the driver feeds it events through Step and carries out the Ready
// each Step returns. A Core is not safe for concurrent use.
type Core struct {
	m *members // shared by clones, never modified

	// Durable: the driver persists every change (Ready.Persist).
	term     uint64
	votedFor ID
	log      []Entry

	// Volatile: initial values on every New.
	commitLength uint64
	role         Role
	leader       ID
	votes        []bool   // votesReceived, by peer position
	sentLength   []uint64 // by peer position
	ackedLength  []uint64 // by peer position
	probing      []bool   // by peer position
	heard        []bool   // heardFrom, by peer position

	// Bookkeeping of the current Step, reset by begin.
	rd      Ready
	oldHard HardState
	logFrom uint64 // lowest log position written this step; noLogChange if none
}

// noLogChange marks a step that has not touched the log.
const noLogChange = math.MaxUint64

// New returns the core of node cfg.ID restarted from st, what the node
// persisted before it stopped. A fresh node passes the zero Stored. Volatile
// state starts at its initial values: Follower, no known leader, nothing
// known committed.
func New(cfg Config, st Stored) (*Core, error) {
	m, err := newMembers(cfg)
	if err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	if err := m.validateStored(st); err != nil {
		return nil, fmt.Errorf("stored state of node %d: %w", cfg.ID, err)
	}
	n := len(m.peers)
	return &Core{
		m:           m,
		term:        st.HardState.Term,
		votedFor:    st.HardState.VotedFor,
		log:         slices.Clip(slices.Clone(st.Log)),
		role:        Follower,
		votes:       make([]bool, n),
		sentLength:  make([]uint64, n),
		ackedLength: make([]uint64, n),
		probing:     make([]bool, n),
		heard:       make([]bool, n),
		logFrom:     noLogChange,
	}, nil
}

// Clone returns an independent copy of c: stepping one never affects the
// other. It copies the per-peer state and shares the log's entries, which
// neither core ever modifies in place, so it costs O(peers).
func (c *Core) Clone() *Core {
	d := *c
	d.log = slices.Clip(c.log)
	d.votes = slices.Clone(c.votes)
	d.sentLength = slices.Clone(c.sentLength)
	d.ackedLength = slices.Clone(c.ackedLength)
	d.probing = slices.Clone(c.probing)
	d.heard = slices.Clone(c.heard)
	d.rd = Ready{}
	return &d
}

// ID returns this node's id.
func (c *Core) ID() ID { return c.m.id }

// Peers returns every node of the cluster in ascending order, this one
// included.
func (c *Core) Peers() []ID { return slices.Clone(c.m.peers) }

// Role returns the node's current role.
func (c *Core) Role() Role { return c.role }

// Leader returns the node's currentLeader: None until it learns one.
func (c *Core) Leader() ID { return c.leader }

// Term returns the node's currentTerm.
func (c *Core) Term() uint64 { return c.term }

// hardState returns the durable term and vote.
func (c *Core) hardState() HardState {
	return HardState{Term: c.term, VotedFor: c.votedFor}
}

// lastTerm is lastTerm(log): the term of the last entry, 0 for an empty log.
func (c *Core) lastTerm() uint64 {
	if len(c.log) == 0 {
		return 0
	}
	return c.log[len(c.log)-1].Term
}

// logLen is len(log) as a protocol length.
func (c *Core) logLen() uint64 { return uint64(len(c.log)) }
