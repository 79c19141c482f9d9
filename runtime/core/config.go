package core

import (
	"errors"
	"fmt"
	"slices"
)

// Config is the static membership of a cluster as seen by one node.
type Config struct {
	// ID is this node's id. It must be non-zero and appear in Peers.
	ID ID
	// Peers lists every node of the cluster, ID included, each once and
	// non-zero. Order does not matter: the core sorts it and always sends to
	// peers in ascending id order.
	Peers []ID

	// PreVote makes a node that times out ask for pre-votes before it
	// stands for election (Ongaro's thesis, section 9.6), and CheckQuorum
	// makes a leader whose election timer fires step down unless it heard
	// from a quorum since the last time (section 6.2).
	PreVote     bool
	CheckQuorum bool

	// Flow control of replication; zero means the default. A LogRequest
	// carries at most MaxBatchEntries entries and, unless its first entry
	// alone is larger, at most MaxBatchBytes bytes of entry data. A leader
	// has at most MaxInflightEntries entries sent to a follower and not yet
	// acknowledged.
	MaxBatchEntries    uint64
	MaxBatchBytes      uint64
	MaxInflightEntries uint64
}

// Flow-control defaults: a LogRequest stays far below the transport's frame
// limit, and a window holds a few batches so that replication pipelines.
const (
	DefaultMaxBatchEntries    = 1024
	DefaultMaxBatchBytes      = 1 << 20
	DefaultMaxInflightEntries = 8 * DefaultMaxBatchEntries
)

// Stored is what a node reads back from durable storage when it starts: the
// hard state and the log, as written by applying every Ready.Persist in
// order. The zero Stored is a fresh node.
type Stored struct {
	HardState HardState
	Log       []Entry
}

// members is the validated, immutable form of a Config. Clones of a core
// share it.
type members struct {
	id     ID
	self   int        // index of id in peers
	peers  []ID       // ascending
	index  map[ID]int // peer id -> position in peers
	quorum int        // len(peers)/2 + 1

	maxBatch, maxBatchBytes, maxInflight uint64
	preVote, checkQuorum                 bool
}

// newMembers validates cfg and builds its members.
func newMembers(cfg Config) (*members, error) {
	if cfg.ID == None {
		return nil, errors.New("node id is zero")
	}
	if len(cfg.Peers) == 0 {
		return nil, errors.New("no peers")
	}
	peers := slices.Clone(cfg.Peers)
	slices.Sort(peers)
	m := &members{
		id:     cfg.ID,
		self:   -1,
		peers:  peers,
		index:  make(map[ID]int, len(peers)),
		quorum: len(peers)/2 + 1,

		maxBatch:      orDefault(cfg.MaxBatchEntries, DefaultMaxBatchEntries),
		maxBatchBytes: orDefault(cfg.MaxBatchBytes, DefaultMaxBatchBytes),
		maxInflight:   orDefault(cfg.MaxInflightEntries, DefaultMaxInflightEntries),
		preVote:       cfg.PreVote,
		checkQuorum:   cfg.CheckQuorum,
	}
	for i, p := range peers {
		if p == None {
			return nil, errors.New("peer id is zero")
		}
		if i > 0 && peers[i-1] == p {
			return nil, fmt.Errorf("duplicate peer %d", p)
		}
		m.index[p] = i
		if p == cfg.ID {
			m.self = i
		}
	}
	if m.self < 0 {
		return nil, fmt.Errorf("node %d not in peers %v", cfg.ID, cfg.Peers)
	}
	return m, nil
}

// orDefault returns v, or def when v is zero.
func orDefault(v, def uint64) uint64 {
	if v == 0 {
		return def
	}
	return v
}

// validateStored checks the invariants every state written by a correct core
// satisfies: the vote names a peer, and log terms are positive, never
// decrease and never exceed the current term.
func (m *members) validateStored(st Stored) error {
	hs := st.HardState
	if _, ok := m.index[hs.VotedFor]; hs.VotedFor != None && !ok {
		return fmt.Errorf("vote for unknown node %d", hs.VotedFor)
	}
	var prev uint64
	for i, e := range st.Log {
		if e.Term == 0 {
			return fmt.Errorf("log entry %d has term 0", i+1)
		}
		if e.Term < prev {
			return fmt.Errorf("log entry %d has term %d below the previous entry's term %d", i+1, e.Term, prev)
		}
		if e.Term > hs.Term {
			return fmt.Errorf("log entry %d has term %d beyond current term %d", i+1, e.Term, hs.Term)
		}
		if err := checkEntry(e); err != nil {
			return fmt.Errorf("log entry %d: %w", i+1, err)
		}
		prev = e.Term
	}
	return nil
}

// checkEntry checks an entry's type: a known one, and no data in a no-op.
func checkEntry(e Entry) error {
	switch {
	case e.Type > EntryNoop:
		return fmt.Errorf("unknown entry type %d", e.Type)
	case e.Type == EntryNoop && len(e.Data) > 0:
		return fmt.Errorf("no-op entry with %d bytes of data", len(e.Data))
	}
	return nil
}
