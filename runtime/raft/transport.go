package raft

import (
	"fmt"
	"log/slog"

	"github.com/rspec/rspec/runtime/core"
	"github.com/rspec/rspec/runtime/transport"
)

// Transport carries protocol messages between the nodes of a cluster.
// *transport.Transport implements it.
type Transport interface {
	// Send queues m for node m.To and returns without blocking. Messages
	// may be lost; the protocol retransmits. An error means m was not
	// queued.
	Send(m core.Message) error
	// Recv returns the channel of inbound messages addressed to this node.
	// It is closed when the transport closes.
	Recv() <-chan core.Message
	// Close stops the transport.
	Close() error
}

// newTCPTransport starts the TCP transport of a node that was given none:
// it listens on cfg.ListenAddr and dials the other members of cfg.Peers.
func newTCPTransport(cfg Config, log *slog.Logger) (*transport.Transport, error) {
	peers := make(map[core.ID]string, len(cfg.Peers)-1)
	for id, addr := range cfg.Peers {
		if id != cfg.ID {
			peers[id] = addr
		}
	}
	t, err := transport.New(transport.Config{
		ID:         cfg.ID,
		ListenAddr: cfg.ListenAddr,
		Peers:      peers,
		Logger:     log,
	})
	if err != nil {
		return nil, fmt.Errorf("start transport of node %d: %w", cfg.ID, err)
	}
	return t, nil
}
