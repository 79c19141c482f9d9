package raft

import (
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/rspec/rspec/runtime/core"
	"github.com/rspec/rspec/runtime/storage"
	"github.com/rspec/rspec/runtime/transport"
)

// Default timings, suited to a cluster on one machine or one data centre.
const (
	DefaultElectionTimeout   = 300 * time.Millisecond
	DefaultHeartbeatInterval = 50 * time.Millisecond
)

// Size limits. MaxMessageBytes is the most entry data one LogRequest may
// carry, half the TCP transport's frame limit, which leaves room for the
// entries' framing.
const (
	DefaultMaxEntryBytes = 4 << 20
	MaxMessageBytes      = transport.DefaultMaxFrameSize / 2
)

// Config configures NewNode.
type Config struct {
	// ID is this node's id: non-zero and a key of Peers.
	ID core.ID

	// Peers maps every member of the cluster, this node included, to its
	// transport address (host:port). A cluster has at least 2 members, and
	// 3 or 5 tolerate 1 or 2 failures.
	Peers map[core.ID]string

	// Storage keeps the node's term, vote and log. The caller owns it and
	// closes it after Stop. When nil, the node opens a FileStorage in
	// DataDir and closes it on Stop.
	Storage storage.Storage

	// DataDir is the directory of the node's write-ahead log when Storage
	// is nil.
	DataDir string

	// Transport carries messages to and from the other nodes. The caller
	// owns it and closes it after Stop. When nil, the node starts a TCP
	// transport listening on ListenAddr and closes it on Stop.
	Transport Transport

	// ListenAddr is the address the node's own TCP transport listens on
	// when Transport is nil; empty means Peers[ID].
	ListenAddr string

	// ElectionTimeout is T: a node that hears from no leader for a random
	// time in [T, 2T) starts an election. Zero means
	// DefaultElectionTimeout.
	ElectionTimeout time.Duration

	// HeartbeatInterval is how often a leader sends every follower a
	// LogRequest, empty or not. It must be well below ElectionTimeout.
	// Zero means DefaultHeartbeatInterval.
	HeartbeatInterval time.Duration

	// DisablePreVote turns pre-vote off: a node that times out then
	// stands for election at once, and one that rejoins after a partition
	// with a higher term deposes the leader. DisableCheckQuorum turns
	// check-quorum off: a leader cut off from a majority then keeps acting
	// as leader. Both are on by default (see docs/protocol.md).
	DisablePreVote     bool
	DisableCheckQuorum bool

	// Flow control of replication; zero means the core's default
	// (core.DefaultMaxBatchEntries, core.DefaultMaxBatchBytes,
	// core.DefaultMaxInflightEntries). A LogRequest carries at most
	// MaxBatchEntries entries and, unless its first entry alone is larger,
	// MaxBatchBytes bytes of entry data; a leader has at most
	// MaxInflightEntries entries sent to a follower and not yet
	// acknowledged. MaxBatchBytes is at most MaxMessageBytes.
	MaxBatchEntries    uint64
	MaxBatchBytes      uint64
	MaxInflightEntries uint64

	// MaxEntryBytes is the largest proposal Propose accepts
	// (ErrEntryTooLarge beyond it); zero means DefaultMaxEntryBytes, and
	// it is at most MaxMessageBytes. A batch holds at most one entry above
	// MaxBatchBytes, so every LogRequest fits the transport's frame.
	MaxEntryBytes uint64

	// Logger receives the node's log: elections, leader changes, errors.
	// Nil discards it.
	Logger *slog.Logger
}

// withDefaults returns cfg with zero fields set to their defaults, or an
// error if cfg is unusable.
func (cfg Config) withDefaults() (Config, error) {
	if cfg.ID == core.None {
		return cfg, errors.New("node id is zero")
	}
	if _, ok := cfg.Peers[cfg.ID]; !ok {
		return cfg, fmt.Errorf("node %d is not in peers", cfg.ID)
	}
	if len(cfg.Peers) < 2 {
		// The protocol commits an entry when followers acknowledge it, so
		// a lone node elects itself but never commits anything.
		return cfg, errors.New("a cluster needs at least 2 nodes: a lone node never commits")
	}
	if cfg.Storage == nil && cfg.DataDir == "" {
		return cfg, errors.New("neither Storage nor DataDir is set")
	}
	if cfg.ElectionTimeout == 0 {
		cfg.ElectionTimeout = DefaultElectionTimeout
	}
	if cfg.HeartbeatInterval == 0 {
		cfg.HeartbeatInterval = DefaultHeartbeatInterval
	}
	if cfg.ElectionTimeout < 0 || cfg.HeartbeatInterval < 0 {
		return cfg, errors.New("negative timeout")
	}
	if cfg.HeartbeatInterval >= cfg.ElectionTimeout {
		return cfg, fmt.Errorf("heartbeat interval %v is not below election timeout %v",
			cfg.HeartbeatInterval, cfg.ElectionTimeout)
	}
	if cfg.MaxEntryBytes == 0 {
		cfg.MaxEntryBytes = DefaultMaxEntryBytes
	}
	if cfg.MaxBatchEntries == 0 {
		cfg.MaxBatchEntries = core.DefaultMaxBatchEntries
	}
	if cfg.MaxBatchBytes == 0 {
		cfg.MaxBatchBytes = core.DefaultMaxBatchBytes
	}
	if cfg.MaxEntryBytes > MaxMessageBytes || cfg.MaxBatchBytes > MaxMessageBytes {
		return cfg, fmt.Errorf("entry limit %d or batch limit %d beyond %d bytes",
			cfg.MaxEntryBytes, cfg.MaxBatchBytes, MaxMessageBytes)
	}
	if cfg.ListenAddr == "" {
		cfg.ListenAddr = cfg.Peers[cfg.ID]
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	return cfg, nil
}

// peerIDs returns the keys of peers.
func peerIDs(peers map[core.ID]string) []core.ID {
	ids := make([]core.ID, 0, len(peers))
	for id := range peers {
		ids = append(ids, id)
	}
	return ids
}

// coreConfig is the configuration of the node's protocol core.
func (cfg Config) coreConfig() core.Config {
	return core.Config{
		ID:                 cfg.ID,
		Peers:              peerIDs(cfg.Peers),
		MaxBatchEntries:    cfg.MaxBatchEntries,
		MaxBatchBytes:      cfg.MaxBatchBytes,
		MaxInflightEntries: cfg.MaxInflightEntries,
		PreVote:            !cfg.DisablePreVote,
		CheckQuorum:        !cfg.DisableCheckQuorum,
	}
}
