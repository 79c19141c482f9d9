package raft

import (
	"context"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/rspec/rspec/runtime/core"
	"github.com/rspec/rspec/runtime/storage"
)

// The flags of the unreliable-network suite. Each defaults to an
// environment variable, so that `go test ./...`, whose other packages lack
// the flags, can set them too.
var (
	simSeedFlag = flag.Uint64("raft-seed", envUint("RAFT_SEED"),
		"seed of the unreliable-network tests (env RAFT_SEED); 0 draws one")
	simSoakFlag = flag.Bool("raft-soak", envUint("RAFT_SOAK") != 0,
		"run the unreliable-network tests longer, with -raft-soak-seeds seeds each (env RAFT_SOAK=1)")
	simSoakSeeds = flag.Int("raft-soak-seeds", 10, "seeds per test under -raft-soak")
)

func envUint(name string) uint64 {
	v, _ := strconv.ParseUint(os.Getenv(name), 10, 64)
	return v
}

// The timing of simulated clusters: short, so that the tests are fast.
const (
	simElection  = 100 * time.Millisecond
	simHeartbeat = 20 * time.Millisecond

	simLeaderWait = 5 * time.Second  // a leader is elected within it
	simAgreeWait  = 10 * time.Second // a proposal commits everywhere within it
)

// simOptions says what cluster a scenario runs on.
type simOptions struct {
	nodes int
	file  bool // FileStorage, closed cleanly on stop; else MemStorage, crashed
}

// simTest runs scenario on a fresh cluster once, with the seed of
// -raft-seed or a new one, or under -raft-soak once for each of
// -raft-soak-seeds seeds, each a subtest.
func simTest(t *testing.T, opts simOptions, scenario func(c *simCluster)) {
	seed := *simSeedFlag
	if seed == 0 {
		seed = uint64(time.Now().UnixNano())
	}
	if !*simSoakFlag || *simSeedFlag != 0 {
		scenario(newSimCluster(t, seed, opts))
		return
	}
	for i := range uint64(*simSoakSeeds) {
		t.Run(fmt.Sprintf("seed=%d", seed+i), func(t *testing.T) {
			scenario(newSimCluster(t, seed+i, opts))
		})
	}
}

// simCluster is a cluster of real nodes with real storage in this process,
// joined by a simNet. Scenarios drive it from the test goroutine; its
// clients and its leader monitor run beside them.
type simCluster struct {
	t    *testing.T
	seed uint64
	rng  *rand.Rand // the scenario's choices; the test goroutine's only
	net  *simNet
	chk  *simChecker
	ids  []core.ID
	opts simOptions
	dirs map[core.ID]string // FileStorage directories

	peers map[core.ID]string

	mu     sync.Mutex // guards nodes, trs and stores
	nodes  map[core.ID]*Node
	trs    map[core.ID]*simTransport
	stores map[core.ID]*storage.MemStorage

	seq       int            // proposals made by one
	bg        sync.WaitGroup // clients, proposals in flight, the monitor
	consumers sync.WaitGroup
	stopBg    chan struct{}
}

// newSimCluster starts a cluster of opts.nodes nodes and stops it when the
// test ends, failing the test with every safety violation seen.
func newSimCluster(t *testing.T, seed uint64, opts simOptions) *simCluster {
	t.Logf("seed %d: rerun with go test ./runtime/raft -run '^%s$' -raft-seed=%d",
		seed, t.Name(), seed)
	c := &simCluster{
		t:      t,
		seed:   seed,
		rng:    rand.New(rand.NewPCG(seed, 1)),
		chk:    newSimChecker(),
		opts:   opts,
		dirs:   map[core.ID]string{},
		peers:  map[core.ID]string{},
		nodes:  map[core.ID]*Node{},
		trs:    map[core.ID]*simTransport{},
		stores: map[core.ID]*storage.MemStorage{},
		stopBg: make(chan struct{}),
	}
	c.net = newSimNet(seed, c.chk.violation)
	root := t.TempDir()
	for i := 1; i <= opts.nodes; i++ {
		id := core.ID(i)
		c.ids = append(c.ids, id)
		c.peers[id] = fmt.Sprintf("sim-%d", id)
		c.dirs[id] = filepath.Join(root, fmt.Sprintf("node%d", id))
		c.stores[id] = storage.NewMemStorage()
	}
	t.Cleanup(c.shutdown)
	for _, id := range c.ids {
		c.start(id)
	}
	c.bg.Add(1)
	go c.monitor()
	return c
}

// soak returns short normally and long under -raft-soak.
func (c *simCluster) soak(short, long int) int {
	if *simSoakFlag {
		return long
	}
	return short
}

// start starts a new run of node id from its storage.
func (c *simCluster) start(id core.ID) {
	c.t.Helper()
	c.mu.Lock()
	defer c.mu.Unlock()
	require.Nil(c.t, c.nodes[id], "node %d already running", id)
	tr := c.net.transport(id)
	cfg := Config{
		ID:                id,
		Peers:             c.peers,
		Transport:         tr,
		ElectionTimeout:   simElection,
		HeartbeatInterval: simHeartbeat,
		Logger:            testLogger(),
	}
	if c.opts.file {
		cfg.DataDir = c.dirs[id]
	} else {
		cfg.Storage = c.stores[id]
	}
	n, err := NewNode(cfg)
	require.NoError(c.t, err)
	require.NoError(c.t, n.Start(context.Background()))
	c.nodes[id], c.trs[id] = n, tr
	c.consumers.Add(1)
	go func() {
		defer c.consumers.Done()
		c.chk.consume(id, n.Committed())
	}()
}

// crash stops node id. With MemStorage, what it had not synced is lost, as
// in a power failure; FileStorage is closed cleanly.
func (c *simCluster) crash(id core.ID) {
	c.t.Helper()
	c.mu.Lock()
	n, tr := c.nodes[id], c.trs[id]
	delete(c.nodes, id)
	delete(c.trs, id)
	c.mu.Unlock()
	if n == nil {
		return
	}
	require.NoError(c.t, n.Stop())
	require.NoError(c.t, tr.Close())
	require.NoError(c.t, n.Err(), "node %d failed", id)
	c.mu.Lock()
	c.stores[id] = c.stores[id].Crash()
	c.mu.Unlock()
}

// restart crashes node id and starts it again from its storage.
func (c *simCluster) restart(id core.ID) {
	c.t.Helper()
	c.crash(id)
	c.start(id)
}

// node returns the running node id, or nil.
func (c *simCluster) node(id core.ID) *Node {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.nodes[id]
}

// running returns the ids of the running nodes.
func (c *simCluster) running() []core.ID {
	c.mu.Lock()
	defer c.mu.Unlock()
	var ids []core.ID
	for _, id := range c.ids {
		if c.nodes[id] != nil {
			ids = append(ids, id)
		}
	}
	return ids
}

// up returns the ids of the running, connected nodes.
func (c *simCluster) up() []core.ID {
	return slices.DeleteFunc(c.running(), func(id core.ID) bool { return !c.net.connected(id) })
}

// shutdown stops the cluster and fails the test with the violations seen.
func (c *simCluster) shutdown() {
	close(c.stopBg)
	for _, id := range c.ids {
		c.crash(id)
	}
	c.bg.Wait()
	c.consumers.Wait()
	c.net.close()
	c.reportViolations()
	sent, dropped, dup := c.net.stats()
	acks, committed := c.chk.counts()
	c.t.Logf("seed %d: %d messages sent, %d lost, %d duplicated; %d proposals acknowledged, %d entries committed",
		c.seed, sent, dropped, dup, acks, committed)
	if c.t.Failed() {
		c.t.Logf("FAILED with seed %d: rerun with go test ./runtime/raft -run '^%s$' -raft-seed=%d",
			c.seed, c.t.Name(), c.seed)
	}
}

// reportViolations fails the test with every safety violation seen.
func (c *simCluster) reportViolations() {
	for _, v := range c.chk.violations() {
		c.t.Errorf("safety violation: %s", v)
	}
}

// checkSafety stops the test at the first safety violation seen.
func (c *simCluster) checkSafety() {
	c.t.Helper()
	if bad := c.chk.violations(); len(bad) > 0 {
		c.t.Fatalf("safety violation (seed %d): %s", c.seed, bad[0])
	}
}

// monitor records, every few milliseconds until the cluster stops, which
// nodes say they lead which terms.
func (c *simCluster) monitor() {
	defer c.bg.Done()
	tick := time.NewTicker(2 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case <-c.stopBg:
			return
		case <-tick.C:
		}
		c.mu.Lock()
		for id, n := range c.nodes {
			if st := n.Status(); st.Role == core.Leader {
				c.chk.sawLeader(st.Term, id)
			}
		}
		c.mu.Unlock()
	}
}

// poll calls cond every few milliseconds until it holds or d passes, and
// reports whether it held.
func poll(d time.Duration, cond func() bool) bool {
	for deadline := time.Now().Add(d); ; time.Sleep(5 * time.Millisecond) {
		if cond() {
			return true
		}
		if time.Now().After(deadline) {
			return false
		}
	}
}

// leaderOf returns the node among ids that claims leadership in the highest
// term, or None.
func (c *simCluster) leaderOf(ids []core.ID) (lead core.ID, term uint64) {
	for _, id := range ids {
		if n := c.node(id); n != nil {
			if st := n.Status(); st.Role == core.Leader && st.Term > term {
				lead, term = id, st.Term
			}
		}
	}
	return lead, term
}

// checkOneLeader waits up to simLeaderWait for a leader among ids that
// every other node of ids follows, and returns it.
func (c *simCluster) checkOneLeader(ids []core.ID) core.ID {
	c.t.Helper()
	var lead core.ID
	ok := poll(simLeaderWait, func() bool {
		var term uint64
		lead, term = c.leaderOf(ids)
		if lead == core.None {
			return false
		}
		for _, id := range ids {
			if n := c.node(id); n != nil {
				if st := n.Status(); st.Term != term || st.Leader != lead {
					return false
				}
			}
		}
		return true
	})
	c.checkSafety()
	if !ok {
		c.t.Fatalf("no leader among %v within %v (seed %d):%s", ids, simLeaderWait, c.seed, c.describe(ids))
	}
	return lead
}

// checkNoLeader asserts that no node among ids claims leadership while it
// watches them for a few election timeouts.
func (c *simCluster) checkNoLeader(ids []core.ID) {
	c.t.Helper()
	deadline := time.Now().Add(3 * simElection)
	for time.Now().Before(deadline) {
		if lead, term := c.leaderOf(ids); lead != core.None {
			c.t.Fatalf("node %d of %v leads term %d without a majority (seed %d)", lead, ids, term, c.seed)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// describe returns the Status of the nodes ids, for failure messages.
func (c *simCluster) describe(ids []core.ID) string {
	var s string
	for _, id := range ids {
		if n := c.node(id); n != nil {
			st := n.Status()
			s += fmt.Sprintf(" %d:%s/t%d/leader%d/commit%d/last%d", id, st.Role, st.Term, st.Leader, st.Commit, st.LastIndex)
		} else {
			s += fmt.Sprintf(" %d:down", id)
		}
	}
	return s
}

// others returns the ids of the cluster other than those given.
func (c *simCluster) others(ids ...core.ID) []core.ID {
	return slices.DeleteFunc(slices.Clone(c.ids), func(id core.ID) bool { return slices.Contains(ids, id) })
}

// ring returns the node k places after id in the ring of the cluster's
// ids, as the lab's (leader + k) % servers.
func (c *simCluster) ring(id core.ID, k int) core.ID {
	i := slices.Index(c.ids, id)
	return c.ids[(i+k)%len(c.ids)]
}
