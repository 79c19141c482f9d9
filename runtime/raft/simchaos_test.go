package raft

import (
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/rspec/rspec/runtime/core"
)

// figure8 runs iters rounds of the lab's Figure 8 tests. Each round
// proposes a value at every running node (only the leader appends it),
// pauses, and then, half the time, takes the leader down: on a reliable
// network it crashes; on an unreliable one it crashes or is cut off, and
// after the first fifth of the rounds the network also delivers some
// messages up to a second late. Whenever fewer than three nodes are up, one
// comes back. At the end every node comes back, the network as it was, and
// a new value must be delivered by all within simAgreeWait.
func (c *simCluster) figure8(iters int, unreliableNet bool) {
	c.t.Helper()
	if unreliableNet {
		c.net.setFaults(unreliable)
	}
	c.one(1)
	down := map[core.ID]bool{} // true: crashed; false: cut off
	for i := range iters {
		if unreliableNet && i == iters/5 {
			c.net.setFaults(longReordering)
		}
		for _, id := range c.running() {
			c.proposeAsync(id, fmt.Sprintf("f8-%d-%d", i, id), 2*time.Second)
		}
		c.figure8Pause()
		if lead, _ := c.leaderOf(c.up()); lead != core.None && c.rng.IntN(2) == 0 {
			crash := !unreliableNet || c.rng.IntN(2) == 0
			c.takeDown(lead, crash)
			down[lead] = crash
		}
		if len(c.ids)-len(down) < 3 {
			ids := slices.Sorted(maps.Keys(down))
			id := ids[c.rng.IntN(len(ids))]
			c.bringUp(id, down[id])
			delete(down, id)
		}
	}
	for id, crashed := range down {
		c.bringUp(id, crashed)
	}
	c.one(len(c.ids))
	c.finish()
}

// figure8Pause lets a round of figure8 run: mostly a few milliseconds,
// sometimes up to a few election timeouts (the lab's half a second, with
// its one-second RaftElectionTimeout), so that some leaders commit what
// they appended and some do not.
func (c *simCluster) figure8Pause() {
	if c.rng.IntN(10) == 0 {
		time.Sleep(time.Duration(c.rng.Int64N(int64(5 * simElection / 2))))
	} else {
		time.Sleep(time.Duration(c.rng.Int64N(int64(13 * time.Millisecond))))
	}
}

// takeDown crashes node id or cuts it off.
func (c *simCluster) takeDown(id core.ID, crash bool) {
	c.t.Helper()
	if crash {
		c.crash(id)
	} else {
		c.net.disconnect(id)
	}
}

// bringUp undoes takeDown.
func (c *simCluster) bringUp(id core.ID, crashed bool) {
	c.t.Helper()
	if crashed {
		c.start(id)
	} else {
		c.net.connect(id)
	}
}

// churn runs iters rounds of the lab's churn test while three clients
// propose without pause: each round may cut a random node off, bring a
// random node back (restarting it if crashed) and crash a random node; on
// an unreliable network it may also split the cluster into a majority and
// a minority, or join it again. Then the clients stop and the scenario
// finishes: every value a client saw acknowledged must be in every log.
func (c *simCluster) churn(iters int, unreliableNet bool) {
	c.t.Helper()
	if unreliableNet {
		c.net.setFaults(unreliable)
	}
	stop := c.startClients(3)
	for range iters {
		if c.rng.IntN(1000) < 200 {
			c.net.disconnect(c.randomID())
		}
		if c.rng.IntN(1000) < 500 {
			id := c.randomID()
			if c.node(id) == nil {
				c.start(id)
			}
			c.net.connect(id)
		}
		if c.rng.IntN(1000) < 200 {
			c.crash(c.randomID())
		}
		if unreliableNet {
			c.churnPartition()
		}
		time.Sleep(simElection * 7 / 10)
	}
	stop()
	c.finish()
}

// churnPartition, now and then, splits the cluster into a random majority
// and minority, or joins it again.
func (c *simCluster) churnPartition() {
	switch r := c.rng.IntN(1000); {
	case r < 100:
		ids := slices.Clone(c.ids)
		c.rng.Shuffle(len(ids), func(i, j int) { ids[i], ids[j] = ids[j], ids[i] })
		half := len(ids)/2 + 1
		c.net.partition(ids[:half], ids[half:])
	case r < 250:
		c.net.join()
	}
}

// randomID returns a node of the cluster chosen by the scenario's source.
func (c *simCluster) randomID() core.ID {
	return c.ids[c.rng.IntN(len(c.ids))]
}
