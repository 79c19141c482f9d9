package raft

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"time"

	"github.com/rspec/rspec/runtime/core"
	"github.com/rspec/rspec/runtime/storage"
)

// Entry is a committed log entry as the application receives it. Index is
// 1-based; Term is the term in which a leader appended it. Noop marks the
// empty entry a leader appends when it is elected (so that it commits its
// predecessors' entries without waiting for a proposal); applications
// skip it. Indexes have no gaps: every index is delivered, no-ops included.
type Entry struct {
	Index uint64
	Term  uint64
	Data  []byte
	Noop  bool
}

// Status is a snapshot of a node's view of the cluster.
type Status struct {
	ID         core.ID
	Term       uint64
	Role       core.Role
	Leader     core.ID // None while no leader is known
	LeaderAddr string  // the leader's transport address, empty if unknown
	Commit     uint64  // index of the last entry known committed (commitLength)
	LastIndex  uint64  // index of the last entry of the log
}

// Node is one member of a Raft cluster: a core.Core driven by timers,
// messages from peers and proposals, with its state kept in a Storage. A
// single goroutine owns the core; every method of Node is safe for
// concurrent use.
type Node struct {
	cfg       Config
	log       *slog.Logger
	store     storage.Storage
	tr        Transport
	ownsStore bool
	ownsTr    bool

	core    *core.Core // owned by the loop goroutine
	loop    loopState  // owned by the loop goroutine
	propc   chan *proposal
	stopc   chan struct{}
	done    chan struct{} // closed when the loop has exited
	out     *outbox
	wg      sync.WaitGroup
	started atomic.Bool

	lifeMu   sync.Mutex // orders Start against Stop
	stopped  bool       // guarded by lifeMu
	stopOnce sync.Once
	stopErr  error

	mu     sync.Mutex // guards status and err
	status Status
	err    error // why the loop ended on its own; nil after Stop
}

// NewNode returns a node restarted from its storage, not yet running: it
// loads the durable term, vote and log, and, when the configuration names no
// Storage or Transport, opens a FileStorage in DataDir and a TCP transport
// on ListenAddr. Start runs it.
func NewNode(cfg Config) (*Node, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, fmt.Errorf("raft config: %w", err)
	}
	n := &Node{
		cfg:   cfg,
		log:   cfg.Logger.With("node", uint64(cfg.ID)),
		store: cfg.Storage,
		tr:    cfg.Transport,
		propc: make(chan *proposal, 256),
		stopc: make(chan struct{}),
		done:  make(chan struct{}),
	}
	n.out = newOutbox()
	if err := n.open(); err != nil {
		_ = n.release()
		return nil, err
	}
	return n, nil
}

// open loads the durable state, builds the core and connects the transport.
func (n *Node) open() error {
	if n.store == nil {
		fs, err := storage.OpenFileStorage(n.cfg.DataDir, &storage.Options{Logger: n.log})
		if err != nil {
			return err
		}
		n.store, n.ownsStore = fs, true
	}
	hs, entries, err := n.store.Load()
	if err != nil {
		return fmt.Errorf("load node %d: %w", n.cfg.ID, err)
	}
	c, err := core.New(n.cfg.coreConfig(), core.Stored{HardState: hs, Log: entries})
	if err != nil {
		return err
	}
	n.core = c
	n.loop.lastIndex = uint64(len(entries))
	n.loop.pending = make(map[uint64][]*proposal)
	n.publish()
	if n.tr == nil {
		tr, err := newTCPTransport(n.cfg, n.cfg.Logger)
		if err != nil {
			return err
		}
		n.tr, n.ownsTr = tr, true
	}
	n.log.Info("node loaded", "term", hs.Term, "voted_for", uint64(hs.VotedFor), "log_length", len(entries))
	return nil
}

// Start runs the node: its event loop and the delivery of committed
// entries. When ctx is done the node stops as if Stop had been called. A
// node runs at most once; a stopped node cannot be started again.
func (n *Node) Start(ctx context.Context) error {
	n.lifeMu.Lock()
	defer n.lifeMu.Unlock()
	switch {
	case n.stopped:
		return ErrStopped
	case n.started.Load():
		return errors.New("raft node already started")
	}
	n.started.Store(true)
	n.wg.Add(2)
	go n.run()
	go n.out.run(&n.wg, n.stopc)
	context.AfterFunc(ctx, func() { _ = n.Stop() })
	return nil
}

// Run starts the node and blocks until ctx is done or the node fails; then
// it stops the node. It returns the node's failure, or nil when ctx ended
// the run.
func (n *Node) Run(ctx context.Context) error {
	if err := n.Start(ctx); err != nil {
		return err
	}
	select {
	case <-ctx.Done():
	case <-n.done:
	}
	stopErr := n.Stop()
	return errors.Join(n.Err(), stopErr)
}

// Stop stops the node and waits for its goroutines to exit. It closes the
// storage and transport the node opened itself, not those passed in Config.
// Propose calls still waiting return ErrStopped and Committed is closed;
// entries not yet read from it are dropped. Stop is idempotent and returns
// the error of closing, the same on every call.
func (n *Node) Stop() error {
	n.stopOnce.Do(func() {
		n.lifeMu.Lock()
		n.stopped = true
		close(n.stopc)
		started := n.started.Load()
		n.lifeMu.Unlock()
		if !started {
			close(n.done)
			n.out.close()
		}
		n.wg.Wait()
		n.stopErr = n.release()
		n.log.Info("node stopped")
	})
	return n.stopErr
}

// release closes what the node owns.
func (n *Node) release() error {
	var errs []error
	if n.ownsTr && n.tr != nil {
		errs = append(errs, n.tr.Close())
	}
	if n.ownsStore && n.store != nil {
		errs = append(errs, n.store.Close())
	}
	return errors.Join(errs...)
}

// Done is closed when the node's event loop has exited, after Stop or after
// a failure (see Err).
func (n *Node) Done() <-chan struct{} { return n.done }

// Err returns the failure that stopped the node by itself, such as a
// storage error, or nil.
func (n *Node) Err() error {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.err
}

// Committed returns the channel of committed entries, in index order with
// no gaps. Entries are queued without bound inside the node, so a slow
// reader never stalls the protocol, but the application must read the
// channel. It is closed when the node stops.
//
// Which entries are committed is volatile knowledge (the protocol's
// commitLength): a restarted node delivers every committed entry again,
// from index 1, as it relearns the commit point from the leader. An
// application that keeps state across restarts records the index of the
// last entry it applied and skips entries at or below it.
func (n *Node) Committed() <-chan Entry { return n.out.c }

// Status returns the node's current view: term, role, leader, commit point
// and log length.
func (n *Node) Status() Status {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.status
}

// ID returns the node's id.
func (n *Node) ID() core.ID { return n.cfg.ID }

// Addr returns the transport address of node id, or "" if it is not a
// member.
func (n *Node) Addr(id core.ID) string { return n.cfg.Peers[id] }

// publish copies the core's state into the status Status returns.
func (n *Node) publish() {
	st := Status{
		ID:        n.cfg.ID,
		Term:      n.core.Term(),
		Role:      n.core.Role(),
		Leader:    n.core.Leader(),
		Commit:    n.loop.commit,
		LastIndex: n.loop.lastIndex,
	}
	st.LeaderAddr = n.cfg.Peers[st.Leader]
	n.mu.Lock()
	n.status = st
	n.mu.Unlock()
}

// randomTimeout returns a duration in [t, 2t).
func randomTimeout(t time.Duration) time.Duration {
	return t + time.Duration(rand.Int64N(int64(t)))
}
