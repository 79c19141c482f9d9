package transport

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"sync"
	"sync/atomic"
	"time"

	"github.com/rspec/rspec/runtime/core"
)

// Config configures a Transport. ID and ListenAddr are required; zero
// durations and sizes take the defaults named beside them.
type Config struct {
	ID         core.ID            // this node; non-zero
	ListenAddr string             // address to listen on, as for net.Listen ("127.0.0.1:0")
	Peers      map[core.ID]string // peer addresses; more can be added with SetPeer

	MaxFrameSize int // largest frame payload sent or accepted; default DefaultMaxFrameSize

	QueueSize  int // frames queued per peer; default 1024
	QueueBytes int // bytes queued per peer; default 64 MiB
	RecvBuffer int // capacity of the Recv channel; default 1024

	DialTimeout      time.Duration // default 2s
	HandshakeTimeout time.Duration // for an inbound connection's hello; default 5s
	WriteTimeout     time.Duration // per batch of frames written; default 10s
	MinBackoff       time.Duration // first redial delay; default 20ms
	MaxBackoff       time.Duration // redial delay cap; default 2s

	Logger *slog.Logger // nil discards
}

func (c *Config) setDefaults() {
	def := func(v *int, d int) {
		if *v <= 0 {
			*v = d
		}
	}
	defDur := func(v *time.Duration, d time.Duration) {
		if *v <= 0 {
			*v = d
		}
	}
	def(&c.MaxFrameSize, DefaultMaxFrameSize)
	def(&c.QueueSize, 1024)
	def(&c.QueueBytes, 64<<20)
	def(&c.RecvBuffer, 1024)
	defDur(&c.DialTimeout, 2*time.Second)
	defDur(&c.HandshakeTimeout, 5*time.Second)
	defDur(&c.WriteTimeout, 10*time.Second)
	defDur(&c.MinBackoff, 20*time.Millisecond)
	defDur(&c.MaxBackoff, 2*time.Second)
	c.MaxBackoff = max(c.MaxBackoff, c.MinBackoff)
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
}

// ErrClosed is returned by Send after Close.
var ErrClosed = errors.New("transport closed")

// ErrUnknownPeer is returned by Send for a message to a node with no address.
var ErrUnknownPeer = errors.New("unknown peer")

// Stats counts a Transport's traffic since New.
type Stats struct {
	Sent     uint64 // frames written to a connection
	Dropped  uint64 // messages dropped from a full queue or lost with a broken connection
	Received uint64 // messages delivered on Recv
	Dials    uint64 // outbound connections established
	Rejected uint64 // inbound connections closed for a bad handshake or frame
}

// Transport carries core.Messages between nodes over TCP. Each peer has one
// outbound connection, redialled with exponential backoff and jitter when it
// breaks, fed from a bounded queue; inbound connections deliver to Recv.
// Raft tolerates lost messages, so the Transport drops rather than blocks:
// Send never waits, and a full queue drops its oldest message.
type Transport struct {
	cfg    Config
	log    *slog.Logger
	ln     net.Listener
	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup
	recv   chan core.Message

	mu     sync.RWMutex
	peers  map[core.ID]*peer
	closed bool

	connMu sync.Mutex
	conns  map[net.Conn]struct{} // open connections, both directions

	sent, dropped, received, dials, rejected atomic.Uint64
	closeOnce                                sync.Once
}

// New listens on cfg.ListenAddr and starts connecting to cfg.Peers.
func New(cfg Config) (*Transport, error) {
	if cfg.ID == core.None {
		return nil, errors.New("new transport: zero node id")
	}
	cfg.setDefaults()
	ln, err := net.Listen("tcp", cfg.ListenAddr)
	if err != nil {
		return nil, fmt.Errorf("new transport %d: listen: %w", cfg.ID, err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	t := &Transport{
		cfg:    cfg,
		log:    cfg.Logger.With("node", uint64(cfg.ID)),
		ln:     ln,
		ctx:    ctx,
		cancel: cancel,
		recv:   make(chan core.Message, cfg.RecvBuffer),
		peers:  map[core.ID]*peer{},
		conns:  map[net.Conn]struct{}{},
	}
	t.wg.Add(1)
	go t.acceptLoop()
	for id, addr := range cfg.Peers {
		if err := t.SetPeer(id, addr); err != nil {
			t.Close()
			return nil, fmt.Errorf("new transport %d: %w", cfg.ID, err)
		}
	}
	return t, nil
}

// Addr returns the address the Transport listens on.
func (t *Transport) Addr() net.Addr { return t.ln.Addr() }

// SetPeer sets the address of peer id, adding the peer if it is new. An
// existing connection is kept; the new address is used from the next dial.
func (t *Transport) SetPeer(id core.ID, addr string) error {
	if id == core.None || id == t.cfg.ID {
		return fmt.Errorf("set peer %d: not a peer id", id)
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.closed {
		return ErrClosed
	}
	if p := t.peers[id]; p != nil {
		p.setAddr(addr)
		return nil
	}
	p := newPeer(t, id, addr)
	t.peers[id] = p
	t.wg.Add(1)
	go p.run()
	return nil
}

// Send queues m for m.To and returns without waiting. It encodes m before
// returning, so the caller may reuse m's entries at once. m.From must be
// this node. When the peer's queue is full the oldest queued message is
// dropped (counted in Stats.Dropped).
func (t *Transport) Send(m core.Message) error {
	if m.From != t.cfg.ID {
		return fmt.Errorf("send %s from %d to %d: sender is not this node %d", m.Type, m.From, m.To, t.cfg.ID)
	}
	t.mu.RLock()
	p, closed := t.peers[m.To], t.closed
	t.mu.RUnlock()
	if closed {
		return ErrClosed
	}
	if p == nil {
		return fmt.Errorf("send %s to %d: %w", m.Type, m.To, ErrUnknownPeer)
	}
	frame, err := AppendMessage(nil, m, t.cfg.MaxFrameSize)
	if err != nil {
		return fmt.Errorf("send to %d: %w", m.To, err)
	}
	p.push(frame)
	return nil
}

// Recv returns the channel on which inbound messages arrive, in order per
// sending peer. While it is full, inbound connections stop reading, so TCP
// holds the senders back. Close closes it once every goroutine of the
// Transport has stopped.
func (t *Transport) Recv() <-chan core.Message { return t.recv }

// Stats returns the Transport's counters.
func (t *Transport) Stats() Stats {
	return Stats{
		Sent:     t.sent.Load(),
		Dropped:  t.dropped.Load(),
		Received: t.received.Load(),
		Dials:    t.dials.Load(),
		Rejected: t.rejected.Load(),
	}
}

// Close stops listening, closes every connection, waits for the
// Transport's goroutines to stop and closes the Recv channel. Queued
// messages are dropped.
func (t *Transport) Close() error {
	var err error
	t.closeOnce.Do(func() {
		t.mu.Lock()
		t.closed = true
		t.mu.Unlock()
		t.cancel()
		err = t.ln.Close()
		t.connMu.Lock()
		for c := range t.conns {
			c.Close()
		}
		t.connMu.Unlock()
		t.wg.Wait()
		close(t.recv)
	})
	if err != nil {
		return fmt.Errorf("close transport %d: %w", t.cfg.ID, err)
	}
	return nil
}

// track records c as open, so that Close closes it; it reports false, and
// closes c, when the Transport is closing.
func (t *Transport) track(c net.Conn) bool {
	t.connMu.Lock()
	defer t.connMu.Unlock()
	if t.ctx.Err() != nil {
		c.Close()
		return false
	}
	t.conns[c] = struct{}{}
	return true
}

// untrack closes c and forgets it.
func (t *Transport) untrack(c net.Conn) {
	c.Close()
	t.connMu.Lock()
	delete(t.conns, c)
	t.connMu.Unlock()
}

// sleep waits d or until the Transport closes, reporting whether it is
// still open.
func (t *Transport) sleep(d time.Duration) bool {
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-timer.C:
		return true
	case <-t.ctx.Done():
		return false
	}
}
