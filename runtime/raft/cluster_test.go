package raft

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/rspec/rspec/runtime/core"
	"github.com/rspec/rspec/runtime/storage"
	"github.com/rspec/rspec/runtime/transport"
)

// testApp is an application that applies committed entries by index, as
// the package documentation asks: redelivered entries must equal what it
// already applied.
type testApp struct {
	mu      sync.Mutex
	applied []Entry
	firsts  []uint64 // first index delivered by each run of the node
	errs    []string
}

func (a *testApp) consume(c <-chan Entry) {
	first := true
	for e := range c {
		a.mu.Lock()
		if first {
			a.firsts = append(a.firsts, e.Index)
			first = false
		}
		switch {
		case e.Index <= uint64(len(a.applied)):
			if old := a.applied[e.Index-1]; old.Term != e.Term || string(old.Data) != string(e.Data) {
				a.errs = append(a.errs, fmt.Sprintf("index %d redelivered as %d/%q, first %d/%q",
					e.Index, e.Term, e.Data, old.Term, old.Data))
			}
		case e.Index == uint64(len(a.applied))+1:
			a.applied = append(a.applied, e)
		default:
			a.errs = append(a.errs, fmt.Sprintf("gap: index %d after %d", e.Index, len(a.applied)))
		}
		a.mu.Unlock()
	}
}

func (a *testApp) snapshot() (applied []Entry, firsts []uint64, errs []string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	return slices.Clone(a.applied), slices.Clone(a.firsts), slices.Clone(a.errs)
}

// testCluster runs n nodes in this process.
type testCluster struct {
	t        *testing.T
	ids      []core.ID
	peers    map[core.ID]string
	nodes    map[core.ID]*Node
	apps     map[core.ID]*testApp
	stores   map[core.ID]*storage.MemStorage // nil map: FileStorage under dirs
	gates    map[core.ID]*syncGate           // hold the Syncs of MemStorage nodes
	storesMu *sync.Mutex
	dirs     map[core.ID]string
	net      *memNetwork                      // nil: TCP
	trs      map[core.ID]*transport.Transport // TCP transports made for first runs
	wg       sync.WaitGroup

	ambiguous map[string]bool // values proposed again after an unknown outcome
}

type clusterKind int

const (
	memKind  clusterKind = iota // MemStorage, in-memory network
	fileKind                    // FileStorage, TCP on loopback
)

func newTestCluster(t *testing.T, n int, kind clusterKind) *testCluster {
	t.Helper()
	c := &testCluster{
		t:     t,
		peers: map[core.ID]string{},
		nodes: map[core.ID]*Node{},
		apps:  map[core.ID]*testApp{},
		dirs:  map[core.ID]string{},

		ambiguous: map[string]bool{},
	}
	for i := 1; i <= n; i++ {
		c.ids = append(c.ids, core.ID(i))
	}
	switch kind {
	case memKind:
		c.net = newMemNetwork()
		c.stores = map[core.ID]*storage.MemStorage{}
		var mu sync.Mutex // guards c.stores against the transports' reads
		c.storesMu = &mu
		c.gates = map[core.ID]*syncGate{}
		c.net.unsynced = func(m core.Message) bool {
			mu.Lock()
			ms := c.stores[m.From]
			mu.Unlock()
			hs, log, err := ms.Crash().Load()
			require.NoError(t, err)
			return !durable(m, hs, log)
		}
		for _, id := range c.ids {
			c.peers[id] = fmt.Sprintf("mem-%d", id)
			c.stores[id] = storage.NewMemStorage()
			c.gates[id] = &syncGate{}
		}
	case fileKind:
		root := t.TempDir()
		for _, id := range c.ids {
			c.dirs[id] = filepath.Join(root, fmt.Sprintf("node%d", id))
		}
		c.trs = loopbackTransports(t, c.ids)
		for id, tr := range c.trs {
			c.peers[id] = tr.Addr().String()
		}
	}
	for _, id := range c.ids {
		c.apps[id] = &testApp{}
		c.start(id)
	}
	t.Cleanup(c.stopAll)
	return c
}

// start creates and starts node id from its storage.
func (c *testCluster) start(id core.ID) {
	c.t.Helper()
	cfg := Config{
		ID:                id,
		Peers:             c.peers,
		ElectionTimeout:   150 * time.Millisecond,
		HeartbeatInterval: 30 * time.Millisecond,
		Logger:            testLogger(),
	}
	if c.net != nil {
		c.storesMu.Lock()
		cfg.Storage = gatedStorage{c.stores[id], c.gates[id]}
		c.storesMu.Unlock()
		cfg.Transport = c.net.transport(id)
	} else {
		// The first run of a node uses the transport made for it; later
		// runs let the node open its own on the same address.
		cfg.DataDir = c.dirs[id]
		if tr := c.trs[id]; tr != nil {
			cfg.Transport = tr
		}
	}
	n, err := NewNode(cfg)
	require.NoError(c.t, err)
	require.NoError(c.t, n.Start(context.Background()))
	c.nodes[id] = n
	app := c.apps[id]
	c.wg.Add(1)
	go func() {
		defer c.wg.Done()
		app.consume(n.Committed())
	}()
}

// stop stops node id; with MemStorage, what it had not synced is lost.
func (c *testCluster) stop(id core.ID) {
	c.t.Helper()
	n := c.nodes[id]
	if n == nil {
		return
	}
	require.NoError(c.t, n.Stop())
	delete(c.nodes, id)
	if tr := c.trs[id]; tr != nil {
		require.NoError(c.t, tr.Close())
		delete(c.trs, id)
	}
	if c.net != nil {
		require.NoError(c.t, n.cfg.Transport.Close())
		c.storesMu.Lock()
		c.stores[id] = c.stores[id].Crash()
		c.storesMu.Unlock()
	}
}

func (c *testCluster) stopAll() {
	for _, id := range c.ids {
		c.stop(id)
	}
	c.wg.Wait()
}

// leader waits for a node that every running node agrees leads.
func (c *testCluster) leader() core.ID {
	c.t.Helper()
	var last string
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		var lead core.ID
		agreed := true
		last = ""
		for _, id := range c.ids {
			n := c.nodes[id]
			if n == nil {
				continue
			}
			st := n.Status()
			last += fmt.Sprintf(" %d:%s/t%d/l%d", id, st.Role, st.Term, st.Leader)
			if lead == core.None {
				lead = st.Leader
			}
			agreed = agreed && st.Leader != core.None && st.Leader == lead
		}
		if agreed && lead != core.None && c.nodes[lead] != nil && c.nodes[lead].Status().Role == core.Leader {
			return lead
		}
	}
	c.t.Fatalf("no leader agreed on within 10s:%s", last)
	return core.None
}

// propose proposes data at the leader, retrying on refusal, and returns the
// committed index and term.
// proposeSeries proposes prefix0 .. prefix(n-1) in turn and returns them.
func (c *testCluster) proposeSeries(prefix string, n int) []string {
	c.t.Helper()
	var out []string
	for i := range n {
		v := fmt.Sprintf("%s%d", prefix, i)
		c.propose(v)
		out = append(out, v)
	}
	return out
}

func (c *testCluster) propose(data string) (uint64, uint64) {
	c.t.Helper()
	for attempt := 0; attempt < 50; attempt++ {
		lead := c.leader()
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
		idx, term, err := c.nodes[lead].Propose(ctx, []byte(data))
		cancel()
		if err == nil {
			return idx, term
		}
		c.t.Logf("propose %q at %d: %v", data, lead, err)
		switch {
		case errors.Is(err, ErrNotLeader), errors.Is(err, ErrProposalDropped):
		case errors.Is(err, context.DeadlineExceeded), errors.Is(err, ErrStopped):
			c.ambiguous[data] = true // it may yet commit
		default:
			c.t.Fatalf("propose %q: %v", data, err)
		}
	}
	c.t.Fatalf("propose %q: no success in 50 attempts", data)
	return 0, 0
}

// waitApplied waits until every running node applied at least n entries
// that carry a proposal (no-op entries of new leaders not counted).
func (c *testCluster) waitApplied(n int) {
	c.t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		done := true
		for _, id := range c.ids {
			if c.nodes[id] == nil {
				continue
			}
			applied, _, _ := c.apps[id].snapshot()
			done = done && dataEntries(applied) >= n
		}
		if done {
			return
		}
	}
	c.t.Fatalf("nodes did not apply %d entries within 10s", n)
}

// dataEntries counts the entries of es that carry a proposal, not a new
// leader's no-op.
func dataEntries(es []Entry) int {
	n := 0
	for _, e := range es {
		if !e.Noop {
			n++
		}
	}
	return n
}

// checkSameLogs asserts that every app applied the same entries, without
// errors, and that the longest one holds every value in want, each once
// unless it was proposed again after an unknown outcome.
func (c *testCluster) checkSameLogs(want []string) {
	c.t.Helper()
	var ref []Entry
	for _, id := range c.ids {
		applied, _, errs := c.apps[id].snapshot()
		require.Empty(c.t, errs, "node %d", id)
		n := min(len(ref), len(applied))
		if n > 0 {
			require.Equal(c.t, ref[:n], applied[:n], "node %d diverges", id)
		}
		if len(applied) > len(ref) {
			ref = applied
		}
	}
	count := map[string]int{}
	for _, e := range ref {
		count[string(e.Data)]++
	}
	for _, w := range want {
		if c.ambiguous[w] {
			require.GreaterOrEqual(c.t, count[w], 1, "value %q lost", w)
		} else {
			require.Equal(c.t, 1, count[w], "value %q in the log %d times", w, count[w])
		}
	}
}

// loopbackTransports starts a TCP transport for each id on an ephemeral
// loopback port and tells each the others' addresses.
func loopbackTransports(t *testing.T, ids []core.ID) map[core.ID]*transport.Transport {
	t.Helper()
	trs := map[core.ID]*transport.Transport{}
	for _, id := range ids {
		tr, err := transport.New(transport.Config{
			ID:         id,
			ListenAddr: "127.0.0.1:0",
			MinBackoff: 5 * time.Millisecond,
			MaxBackoff: 100 * time.Millisecond,
			Logger:     testLogger(),
		})
		require.NoError(t, err)
		trs[id] = tr
	}
	for id, tr := range trs {
		for peer, ptr := range trs {
			if peer != id {
				require.NoError(t, tr.SetPeer(peer, ptr.Addr().String()))
			}
		}
	}
	return trs
}

func testLogger() *slog.Logger {
	if os.Getenv("RAFT_TEST_LOG") == "" {
		return slog.New(slog.DiscardHandler)
	}
	return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

// durable reports whether what m says of its sender is durable in hs and
// log, the sender's durable state: its term, its vote, and the log entries
// it sends or acknowledges (a pre-vote says only the term before the one it
// names). A sender whose durable term has passed m's is
// not checked.
func durable(m core.Message, hs core.HardState, log []core.Entry) bool {
	switch {
	case m.Type == core.MsgPreVoteRequest:
		// It asks about the term after the sender's, which it holds.
		return hs.Term+1 >= m.Term
	case m.Type == core.MsgPreVoteResponse && m.Granted:
		// A granted pre-vote names the candidate's next term and binds
		// the sender to nothing.
		return true
	case hs.Term < m.Term:
		return false
	case hs.Term > m.Term:
		return true
	}
	switch m.Type {
	case core.MsgVoteRequest:
		return hs.VotedFor == m.From
	case core.MsgVoteResponse:
		return !m.Granted || hs.VotedFor == m.To
	case core.MsgLogRequest:
		end := m.PrefixLen + uint64(len(m.Entries))
		if uint64(len(log)) < end || m.PrefixLen > 0 && log[m.PrefixLen-1].Term != m.PrefixTerm {
			return false
		}
		for i, e := range m.Entries {
			if log[m.PrefixLen+uint64(i)].Term != e.Term {
				return false
			}
		}
	case core.MsgLogResponse:
		return !m.Success || uint64(len(log)) >= m.Ack
	}
	return true
}

// syncGate holds the Syncs of a node's storage while it is closed, without
// holding its other calls: a disk slow to sync.
type syncGate struct {
	mu     sync.Mutex
	closed chan struct{} // nil while open; else closed on open
	held   chan struct{} // closed when a Sync waits at the gate
}

// close makes later Syncs wait until open; held is closed once one waits.
func (g *syncGate) close() (held <-chan struct{}) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.closed, g.held = make(chan struct{}), make(chan struct{})
	return g.held
}

func (g *syncGate) open() {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.closed != nil {
		close(g.closed)
		g.closed = nil
	}
}

func (g *syncGate) wait() {
	g.mu.Lock()
	closed, held := g.closed, g.held
	if closed != nil {
		select {
		case <-held:
		default:
			close(held)
		}
	}
	g.mu.Unlock()
	if closed != nil {
		<-closed
	}
}

// gatedStorage is a MemStorage whose Syncs pass a gate first.
type gatedStorage struct {
	*storage.MemStorage
	gate *syncGate
}

func (s gatedStorage) Sync() error {
	s.gate.wait()
	return s.MemStorage.Sync()
}
