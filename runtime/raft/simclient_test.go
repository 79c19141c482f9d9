package raft

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/rspec/rspec/runtime/core"
)

// proposeAt proposes data at node id, waiting at most timeout, and returns
// the index and whether Propose succeeded (see propose).
func (c *simCluster) proposeAt(id core.ID, data string, timeout time.Duration) (uint64, bool) {
	n := c.node(id)
	if n == nil {
		return 0, false
	}
	idx, err := c.propose(n, data, timeout)
	return idx, err == nil
}

// proposeAsync proposes data at node id without waiting for the outcome.
// It returns a channel that receives the error of Propose, or nil.
func (c *simCluster) proposeAsync(id core.ID, data string, timeout time.Duration) <-chan error {
	res := make(chan error, 1)
	n := c.node(id)
	if n == nil {
		res <- ErrStopped
		return res
	}
	c.bg.Add(1)
	go func() {
		defer c.bg.Done()
		_, err := c.propose(n, data, timeout)
		res <- err
	}()
	return res
}

// propose proposes data at n, waiting at most timeout, and records the
// outcome: an acknowledged proposal is checked against what every node
// delivers at its index. A refusal, a dropped proposal, a timeout or a
// stopped node is an ordinary failure; any other error is a violation.
func (c *simCluster) propose(n *Node, data string, timeout time.Duration) (uint64, error) {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	idx, term, err := n.Propose(ctx, []byte(data))
	switch {
	case err == nil && (idx == 0 || term == 0):
		c.chk.violation(fmt.Sprintf("node %d acknowledged %q at index %d term %d", n.ID(), data, idx, term))
	case err == nil:
		c.chk.ack(Entry{Index: idx, Term: term, Data: []byte(data)})
	case errors.Is(err, ErrNotLeader), errors.Is(err, ErrProposalDropped),
		errors.Is(err, context.DeadlineExceeded), errors.Is(err, ErrStopped):
	default:
		c.chk.violation(fmt.Sprintf("propose %q at node %d: %v", data, n.ID(), err))
	}
	return idx, err
}

// one is the lab's one(): it proposes a new value at the leader of the
// running, connected nodes and waits until at least expected running nodes
// have delivered it, at the same index. It retries, with a new value each
// time, while simAgreeWait lasts, then fails the test. It returns the
// value's index.
func (c *simCluster) one(expected int) uint64 {
	c.t.Helper()
	c.seq++
	deadline := time.Now().Add(simAgreeWait)
	for attempt := 0; time.Now().Before(deadline); {
		c.checkSafety()
		lead := c.currentLeader(c.up())
		if lead == core.None {
			time.Sleep(5 * time.Millisecond)
			continue
		}
		attempt++
		data := fmt.Sprintf("one-%d-%d", c.seq, attempt)
		idx, ok := c.proposeAt(lead, data, min(2*time.Second, time.Until(deadline)))
		if ok && poll(min(2*time.Second, time.Until(deadline)), func() bool {
			return c.countDelivered(idx, data) >= expected
		}) {
			c.checkSafety()
			return idx
		}
	}
	c.checkSafety()
	c.t.Fatalf("one: no value delivered by %d nodes within %v (seed %d):%s",
		expected, simAgreeWait, c.seed, c.describe(c.ids))
	return 0
}

// currentLeader returns the node among ids that leads in the highest term
// while no node it can reach knows a higher term, or None: a leader that
// others have seen deposed is not it.
func (c *simCluster) currentLeader(ids []core.ID) core.ID {
	var lead core.ID
	var term uint64
	for _, id := range ids {
		if n := c.node(id); n != nil {
			if st := n.Status(); st.Role == core.Leader && st.Term > term && !c.deposed(id, st.Term) {
				lead, term = id, st.Term
			}
		}
	}
	return lead
}

// deposed reports whether a running node linked to node id knows a term
// above term.
func (c *simCluster) deposed(id core.ID, term uint64) bool {
	for _, other := range c.running() {
		if n := c.node(other); n != nil && c.net.reachable(id, other) && n.Status().Term > term {
			return true
		}
	}
	return false
}

// countDelivered returns how many running nodes delivered data at index.
func (c *simCluster) countDelivered(index uint64, data string) int {
	count := 0
	for _, id := range c.running() {
		if c.chk.delivered(id, index, []byte(data)) {
			count++
		}
	}
	return count
}

// startClients starts n clients that propose values one after the other at
// the node that leads, until the returned function stops them (and waits
// for them) or the cluster shuts down.
func (c *simCluster) startClients(n int) (stop func()) {
	quit, done := make(chan struct{}), make(chan struct{}, n)
	for k := range n {
		rng := rand.New(rand.NewPCG(c.seed, uint64(100+k)))
		c.bg.Add(1)
		go func() {
			defer c.bg.Done()
			c.client(k, rng, quit)
			done <- struct{}{}
		}()
	}
	return func() {
		close(quit)
		for range n {
			<-done
		}
	}
}

// client proposes values until quit or the cluster's end, at the leader
// if one is known and otherwise at a random running node.
func (c *simCluster) client(k int, rng *rand.Rand, quit <-chan struct{}) {
	for i := 0; ; i++ {
		select {
		case <-quit:
			return
		case <-c.stopBg:
			return
		default:
		}
		target, _ := c.leaderOf(c.running())
		if target == core.None {
			ids := c.running()
			if len(ids) == 0 {
				time.Sleep(5 * time.Millisecond)
				continue
			}
			target = ids[rng.IntN(len(ids))]
		}
		if _, ok := c.proposeAt(target, fmt.Sprintf("c%d-%d", k, i), time.Second); !ok {
			time.Sleep(time.Duration(rng.IntN(10)) * time.Millisecond)
		}
	}
}

// finish ends a scenario as the lab does: it heals the network, restarts
// every crashed node and requires that a new value be delivered by every
// node within simAgreeWait, that every node deliver the same entries up to
// it, and that every acknowledged proposal be among them.
func (c *simCluster) finish() {
	c.t.Helper()
	c.net.heal()
	for _, id := range c.ids {
		if c.node(id) == nil {
			c.start(id)
		}
	}
	c.checkAgreement(c.one(len(c.ids)))
}

// checkAgreement requires that the running nodes all delivered the same n
// first entries, holding every proposal acknowledged at those indexes.
func (c *simCluster) checkAgreement(n uint64) {
	c.t.Helper()
	ids := c.running()
	// one saw index n delivered everywhere, so every earlier index was too.
	if errs := c.chk.checkAgreement(ids, n); len(errs) > 0 {
		c.t.Fatalf("no agreement on the first %d entries (seed %d): %v", n, c.seed, errs)
	}
	c.checkSafety()
}

// appendUncommitted proposes n values at node id, which leads a minority,
// and waits until it has appended them all. The proposals wait for their
// outcome until the cluster stops.
func (c *simCluster) appendUncommitted(id core.ID, prefix string, n int) {
	c.t.Helper()
	last := c.node(id).Status().LastIndex
	for i := range n {
		c.proposeAsync(id, fmt.Sprintf("%s-%d", prefix, i), time.Minute)
	}
	if !poll(simLeaderWait, func() bool { return c.node(id).Status().LastIndex >= last+uint64(n) }) {
		c.t.Fatalf("node %d did not append %d proposals (seed %d):%s", id, n, c.seed, c.describe(c.ids))
	}
}

// checkNotDelivered requires that no node deliver data while it watches
// them for window.
func (c *simCluster) checkNotDelivered(data string, window time.Duration) {
	c.t.Helper()
	for deadline := time.Now().Add(window); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		if c.chk.deliveredAnywhere(data) {
			c.t.Fatalf("%q delivered without a majority (seed %d)", data, c.seed)
		}
	}
}

// waitLog waits until node id's log holds at least n entries.
func (c *simCluster) waitLog(id core.ID, n uint64) {
	c.t.Helper()
	if !poll(simLeaderWait, func() bool { return c.node(id).Status().LastIndex >= n }) {
		c.t.Fatalf("node %d's log did not reach %d entries (seed %d):%s", id, n, c.seed, c.describe(c.ids))
	}
}

// waitDurable waits until node id's storage holds at least n entries
// durably, so that a crash keeps them. FileStorage is closed cleanly on a
// crash, so it needs no wait.
func (c *simCluster) waitDurable(id core.ID, n uint64) {
	c.t.Helper()
	if c.opts.file {
		return
	}
	ok := poll(simLeaderWait, func() bool {
		c.mu.Lock()
		st := c.stores[id]
		c.mu.Unlock()
		_, log, err := st.Crash().Load()
		return err == nil && uint64(len(log)) >= n
	})
	if !ok {
		c.t.Fatalf("node %d did not make %d entries durable (seed %d)", id, n, c.seed)
	}
}
