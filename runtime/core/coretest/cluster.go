package coretest

import (
	"fmt"
	"slices"

	"github.com/rspec/rspec/runtime/core"
)

// Node is one member of a Cluster: its core, its durable store and its
// application.
type Node struct {
	Core  *core.Core
	Store Store
	App   App
}

// Cluster is n cores, ids 1..n, joined by a network of in-flight messages.
// Every Step carries out the Ready as a driver must: it persists to the
// node's Store, queues the messages, and delivers committed entries to the
// node's App.
type Cluster struct {
	ids      []core.ID
	base     core.Config // every node's configuration but ID and Peers
	nodes    map[core.ID]*Node
	inflight []core.Message
}

// NewCluster returns a cluster of n fresh nodes with ids 1..n.
func NewCluster(n int) (*Cluster, error) {
	return NewClusterConfig(n, core.Config{})
}

// NewClusterConfig is NewCluster with every node configured as base (its
// ID and Peers are set per node).
func NewClusterConfig(n int, base core.Config) (*Cluster, error) {
	if n < 1 {
		return nil, fmt.Errorf("cluster of %d nodes", n)
	}
	c := &Cluster{nodes: make(map[core.ID]*Node, n), base: base}
	for i := 1; i <= n; i++ {
		c.ids = append(c.ids, core.ID(i))
	}
	for _, id := range c.ids {
		cr, err := core.New(c.config(id), core.Stored{})
		if err != nil {
			return nil, err
		}
		c.nodes[id] = &Node{Core: cr}
	}
	return c, nil
}

// config is the configuration of node id.
func (c *Cluster) config(id core.ID) core.Config {
	cfg := c.base
	cfg.ID, cfg.Peers = id, c.ids
	return cfg
}

// IDs returns the node ids in ascending order.
func (c *Cluster) IDs() []core.ID { return slices.Clone(c.ids) }

// Node returns node id, or nil if there is none.
func (c *Cluster) Node(id core.ID) *Node { return c.nodes[id] }

// Step hands ev to node id and carries out the Ready. When the core returns
// an error nothing changes. An application error (an index delivered again
// with a different entry) is returned after the Ready was carried out.
func (c *Cluster) Step(id core.ID, ev core.Event) (core.Ready, error) {
	n := c.nodes[id]
	if n == nil {
		return core.Ready{}, fmt.Errorf("no node %d", id)
	}
	rd, err := n.Core.Step(ev)
	if err != nil {
		return rd, err
	}
	n.Store.Apply(rd.Persist)
	c.inflight = append(c.inflight, rd.Messages...)
	if err := n.App.Deliver(rd.CommitIndex, rd.Committed); err != nil {
		return rd, fmt.Errorf("node %d application: %w", id, err)
	}
	return rd, nil
}

// Pending returns the in-flight messages, oldest first.
func (c *Cluster) Pending() []core.Message { return slices.Clone(c.inflight) }

// Deliver removes in-flight message i and steps its receiver with it.
func (c *Cluster) Deliver(i int) (core.Message, core.Ready, error) {
	m, err := c.take(i)
	if err != nil {
		return m, core.Ready{}, err
	}
	rd, err := c.Step(m.To, core.Receive{Msg: m})
	return m, rd, err
}

// Duplicate steps the receiver of in-flight message i with it and leaves it
// in flight, so it can arrive again.
func (c *Cluster) Duplicate(i int) (core.Message, core.Ready, error) {
	if i < 0 || i >= len(c.inflight) {
		return core.Message{}, core.Ready{}, fmt.Errorf("no in-flight message %d", i)
	}
	m := c.inflight[i]
	rd, err := c.Step(m.To, core.Receive{Msg: m})
	return m, rd, err
}

// Drop removes in-flight message i without delivering it.
func (c *Cluster) Drop(i int) (core.Message, error) {
	return c.take(i)
}

// take removes and returns in-flight message i.
func (c *Cluster) take(i int) (core.Message, error) {
	if i < 0 || i >= len(c.inflight) {
		return core.Message{}, fmt.Errorf("no in-flight message %d", i)
	}
	m := c.inflight[i]
	c.inflight = slices.Delete(c.inflight, i, i+1)
	return m, nil
}

// Crash stops node id and restarts it from its Store: durable state is
// kept, volatile state is lost. Messages in flight to and from it stay in
// flight.
func (c *Cluster) Crash(id core.ID) error {
	n := c.nodes[id]
	if n == nil {
		return fmt.Errorf("no node %d", id)
	}
	cr, err := core.New(c.config(id), n.Store.Stored())
	if err != nil {
		return fmt.Errorf("restart node %d: %w", id, err)
	}
	n.Core = cr
	return nil
}

// Stabilize delivers in-flight messages, oldest first, until none is left or
// limit deliveries were made. It returns the number delivered.
func (c *Cluster) Stabilize(limit int) (int, error) {
	for k := 0; k < limit; k++ {
		if len(c.inflight) == 0 {
			return k, nil
		}
		if _, _, err := c.Deliver(0); err != nil {
			return k, err
		}
	}
	if len(c.inflight) > 0 {
		return limit, fmt.Errorf("still %d messages in flight after %d deliveries", len(c.inflight), limit)
	}
	return limit, nil
}

// Leader returns the leader of the highest term any node is in, or None if
// no node leads that term.
func (c *Cluster) Leader() core.ID {
	var top uint64
	for _, id := range c.ids {
		top = max(top, c.nodes[id].Core.Term())
	}
	for _, id := range c.ids {
		cr := c.nodes[id].Core
		if cr.Term() == top && cr.Role() == core.Leader {
			return id
		}
	}
	return core.None
}
