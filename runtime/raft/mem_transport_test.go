package raft

import (
	"sync"
	"sync/atomic"

	"github.com/rspec/rspec/runtime/core"
)

// memNetwork joins in-process transports.
type memNetwork struct {
	mu    sync.Mutex
	nodes map[core.ID]*memTransport

	// unsynced reports whether m carries state that its sender has not yet
	// made durable.
	unsynced func(m core.Message) bool
	sends    atomic.Int64
	early    atomic.Int64 // sends of state not yet durable
}

func newMemNetwork() *memNetwork {
	return &memNetwork{nodes: map[core.ID]*memTransport{}}
}

// transport returns a new transport for node id, replacing any earlier one.
func (nw *memNetwork) transport(id core.ID) *memTransport {
	t := &memTransport{nw: nw, id: id, in: make(chan core.Message, 4096)}
	nw.mu.Lock()
	nw.nodes[id] = t
	nw.mu.Unlock()
	return t
}

// memTransport is a Transport whose messages go through a memNetwork. A
// full inbound channel drops messages, as a congested network would.
type memTransport struct {
	nw     *memNetwork
	id     core.ID
	in     chan core.Message
	closed bool // guarded by nw.mu
}

func (t *memTransport) Recv() <-chan core.Message { return t.in }

func (t *memTransport) Send(m core.Message) error {
	t.nw.sends.Add(1)
	if t.nw.unsynced != nil && t.nw.unsynced(m) {
		t.nw.early.Add(1)
	}
	t.nw.mu.Lock()
	defer t.nw.mu.Unlock()
	if dst := t.nw.nodes[m.To]; dst != nil && !dst.closed {
		select {
		case dst.in <- m:
		default:
		}
	}
	return nil
}

func (t *memTransport) Close() error {
	t.nw.mu.Lock()
	defer t.nw.mu.Unlock()
	if !t.closed {
		t.closed = true
		close(t.in)
	}
	return nil
}
