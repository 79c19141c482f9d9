package raft

// The unreliable-network suite: the scenarios of the well-known university
// Raft lab tests (elections, agreement, failures, partitions, persistence,
// Figure 8, churn) run against real nodes of this package, with real
// storage, on a simulated network (simnet_test.go) that loses, delays,
// duplicates and reorders messages and cuts links at the scenario's
// command.
//
// The pieces: simnet_test.go is the network, simcluster_test.go the
// cluster (nodes on MemStorage that loses what was not synced when a node
// crashes, or on FileStorage), simclient_test.go the proposals and the
// lab's one(), simchaos_test.go the Figure 8 and churn drivers, and
// simcheck_test.go the checker.
//
// Every scenario is checked for safety throughout (simcheck_test.go):
// every node delivers the same entry at every index, across its restarts
// too; every acknowledged proposal is the entry at its index wherever that
// index is delivered; no value is delivered at two indexes; and no term has
// two leaders, whether seen in Status or in who sends LogRequests. Liveness
// is checked with the lab's deadlines: a leader within simLeaderWait, and,
// once the faults stop, a new value delivered by every node within
// simAgreeWait, with every node agreeing on the whole log up to it.
//
// Each test logs its seed and how to rerun it (-raft-seed=N or RAFT_SEED=N).
// A seed fixes every random choice of the scenario and the network, though
// not the nodes' own election timers nor the scheduling of goroutines, so a
// rerun replays the same faults but not always the same interleaving. -raft-soak (RAFT_SOAK=1) runs longer
// scenarios for -raft-soak-seeds seeds each:
//
//	go test ./runtime/raft -run TestSim -raft-soak -raft-soak-seeds=50 -timeout 1h

import (
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/rspec/rspec/runtime/core"
)

// TestSimInitialElection: three nodes elect one leader, and keep one while
// nothing fails.
func TestSimInitialElection(t *testing.T) {
	simTest(t, simOptions{nodes: 3}, func(c *simCluster) {
		lead := c.checkOneLeader(c.ids)
		term := c.node(lead).Status().Term
		require.Positive(t, term)
		time.Sleep(2 * simElection) // let elections happen if they would
		lead2 := c.checkOneLeader(c.ids)
		if term2 := c.node(lead2).Status().Term; term2 != term {
			t.Logf("warning: term changed from %d to %d with no failure", term, term2)
		}
		c.finish()
	})
}

// TestSimReElection: a new leader is elected when the leader is cut off; the
// old leader rejoins as a follower; a lone node does not elect itself; a
// majority elects a leader again once restored.
func TestSimReElection(t *testing.T) {
	simTest(t, simOptions{nodes: 3}, func(c *simCluster) {
		lead1 := c.checkOneLeader(c.ids)
		c.net.disconnect(lead1)
		c.checkOneLeader(c.others(lead1))

		c.net.connect(lead1)
		lead2 := c.checkOneLeader(c.ids)

		other := c.ring(lead2, 1)
		c.net.disconnect(lead2)
		c.net.disconnect(other)
		c.checkNoLeader(c.up())

		c.net.connect(other)
		c.checkOneLeader(c.up())
		c.net.connect(lead2)
		c.checkOneLeader(c.ids)
		c.finish()
	})
}

// TestSimFailAgree: two of three nodes go on agreeing while a follower is
// cut off, and the follower catches up when it returns.
func TestSimFailAgree(t *testing.T) {
	simTest(t, simOptions{nodes: 3}, func(c *simCluster) {
		c.one(3)
		f := c.ring(c.checkOneLeader(c.ids), 1)
		c.net.disconnect(f)
		for range 4 {
			c.one(2)
		}
		c.net.connect(f)
		c.one(3)
		c.one(3)
		c.finish()
	})
}

// TestSimFailNoAgree: a leader cut off from three of five nodes appends a
// proposal but cannot commit it; once the network heals, the cluster agrees
// again, and the proposal is either committed or reported dropped, never
// both.
func TestSimFailNoAgree(t *testing.T) {
	simTest(t, simOptions{nodes: 5}, func(c *simCluster) {
		c.one(5)
		lead := c.checkOneLeader(c.ids)
		for k := 1; k <= 3; k++ {
			c.net.disconnect(c.ring(lead, k))
		}
		last := c.node(lead).Status().LastIndex
		res := c.proposeAsync(lead, "no-majority", simAgreeWait)
		require.True(t, poll(simLeaderWait, func() bool { return c.node(lead).Status().LastIndex > last }),
			"leader %d did not append the proposal", lead)
		c.checkNotDelivered("no-majority", 3*simElection)

		c.net.heal()
		c.one(5)
		err := <-res
		delivered := c.chk.deliveredAnywhere("no-majority")
		switch {
		case err == nil:
			require.True(t, delivered, "acknowledged proposal not delivered")
		case errors.Is(err, ErrProposalDropped):
			require.False(t, delivered, "dropped proposal delivered")
		}
		c.finish()
	})
}

// TestSimConcurrentProposals: proposals made at once at the leader all
// commit, each at its own index. A round in which leadership changes is
// retried, as the lab does.
func TestSimConcurrentProposals(t *testing.T) {
	simTest(t, simOptions{nodes: 3}, func(c *simCluster) {
		for round := 0; ; round++ {
			require.Less(t, round, 5, "leadership changed in every round")
			lead := c.checkOneLeader(c.ids)
			term := c.node(lead).Status().Term
			var results []<-chan error
			for i := range 40 {
				results = append(results, c.proposeAsync(lead, fmt.Sprintf("cc-%d-%d", round, i), simAgreeWait))
			}
			failed := 0
			for _, r := range results {
				if <-r != nil {
					failed++
				}
			}
			if failed == 0 {
				break
			}
			require.NotEqual(t, term, c.node(lead).Status().Term, "%d proposals failed with no change of term", failed)
		}
		c.finish()
	})
}

// TestSimRejoin: a leader cut off while it appends entries of its own comes
// back when a newer leader has committed others at those indexes; its
// entries must be replaced, not delivered.
func TestSimRejoin(t *testing.T) {
	simTest(t, simOptions{nodes: 3}, func(c *simCluster) {
		c.one(3)
		lead1 := c.checkOneLeader(c.ids)
		c.net.disconnect(lead1)
		for i := range 3 {
			c.proposeAsync(lead1, fmt.Sprintf("stale-%d", i), simAgreeWait)
		}
		c.one(2)

		lead2 := c.checkOneLeader(c.others(lead1))
		c.net.disconnect(lead2)
		c.net.connect(lead1)
		c.one(2)

		c.net.connect(lead2)
		c.one(3)
		c.finish()
	})
}

// TestSimBackup is the lab's TestBackup: leaders in minority partitions
// append many entries that cannot commit, while the majority commits many
// others; then a node far behind, whose log diverges over many entries,
// must be repaired by the new leader quickly enough for the deadlines.
func TestSimBackup(t *testing.T) {
	simTest(t, simOptions{nodes: 5}, func(c *simCluster) {
		const n = 50
		c.one(5)
		// The leader and one follower in a minority: n entries that do not
		// commit.
		lead1 := c.checkOneLeader(c.ids)
		minority := []core.ID{lead1, c.ring(lead1, 1)}
		c.net.partition(minority, c.others(minority...))
		c.appendUncommitted(lead1, "lost1", n)

		// The other three elect a leader and commit n entries.
		c.net.partition(c.others(minority...))
		for range n {
			c.one(3)
		}

		// Its leader and one follower, again a minority: n more entries
		// that do not commit.
		lead2 := c.checkOneLeader(c.others(minority...))
		other := c.ring(lead1, 2)
		if other == lead2 {
			other = c.ring(lead2, 1)
		}
		third := c.others(slices.Concat(minority, []core.ID{lead2, other})...)[0]
		c.net.partition([]core.ID{lead2, third})
		c.appendUncommitted(lead2, "lost2", n)

		// The first minority and the third node, which missed lost2 but
		// holds the n committed entries, form a majority: they must replace
		// the first minority's n divergent entries.
		c.net.partition(slices.Concat(minority, []core.ID{other}))
		for range n {
			c.one(3)
		}

		// Everyone, the second minority repaired too.
		c.net.join()
		c.one(5)
		c.finish()
	})
}

// TestSimPersist is the lab's TestPersist1: the cluster keeps agreeing
// across a restart of every node, of the leader, and of followers, each
// restarting from what its storage kept (MemStorage loses what was not
// synced).
func TestSimPersist(t *testing.T) {
	simTest(t, simOptions{nodes: 3}, func(c *simCluster) {
		c.one(3)
		for _, id := range c.ids {
			c.crash(id)
		}
		for _, id := range c.ids {
			c.start(id)
		}
		c.one(3)

		c.restart(c.checkOneLeader(c.ids))
		c.one(3)

		lead2 := c.checkOneLeader(c.ids)
		c.crash(lead2)
		c.one(2)
		c.start(lead2)
		c.one(3)

		f := c.ring(c.checkOneLeader(c.ids), 1)
		c.crash(f)
		c.one(2)
		c.start(f)
		c.finish()
	})
}

// TestSimPersistFullRestart: after the whole cluster stops and starts again
// from storage, every node delivers again exactly the entries it delivered
// before (the checker compares them), and the cluster agrees on new ones.
// It runs with MemStorage crashed and with FileStorage on disk.
func TestSimPersistFullRestart(t *testing.T) {
	for _, file := range []bool{false, true} {
		t.Run(map[bool]string{false: "mem", true: "file"}[file], func(t *testing.T) {
			simTest(t, simOptions{nodes: 3, file: file}, func(c *simCluster) {
				var last uint64
				for range c.soak(20, 100) {
					last = c.one(3)
				}
				for _, id := range c.ids {
					c.crash(id)
				}
				for _, id := range c.ids {
					c.start(id)
				}
				n := c.one(3)
				require.Greater(t, n, last)
				c.checkAgreement(n)
				c.finish()
			})
		})
	}
}

// TestSimPersistPartitioned is the lab's TestPersist2: a five-node cluster
// agrees through rounds in which nodes are cut off, restarted from storage
// while cut off, and brought back in a different majority.
func TestSimPersistPartitioned(t *testing.T) {
	simTest(t, simOptions{nodes: 5}, func(c *simCluster) {
		for range c.soak(5, 20) {
			c.one(5)
			lead := c.checkOneLeader(c.ids)
			at := func(k int) core.ID { return c.ring(lead, k) }
			c.net.disconnect(at(1))
			c.net.disconnect(at(2))
			c.one(3)
			c.net.disconnect(at(0))
			c.net.disconnect(at(3))
			c.net.disconnect(at(4))
			c.restart(at(1))
			c.restart(at(2))
			c.net.connect(at(1))
			c.net.connect(at(2))
			time.Sleep(simElection)
			c.restart(at(3))
			c.net.connect(at(3))
			c.one(3)
			c.net.connect(at(4))
			c.net.connect(at(0))
		}
		c.finish()
	})
}

// TestSimPersistOutOfDate is the lab's TestPersist3: a node that missed a
// committed entry must not win an election against restarted nodes that
// hold it in storage.
func TestSimPersistOutOfDate(t *testing.T) {
	simTest(t, simOptions{nodes: 3}, func(c *simCluster) {
		c.one(3)
		lead := c.checkOneLeader(c.ids)
		c.net.disconnect(c.ring(lead, 2))
		c.one(2)
		c.crash(c.ring(lead, 0))
		c.crash(c.ring(lead, 1))
		c.net.connect(c.ring(lead, 2))
		c.start(c.ring(lead, 0))
		c.one(2)
		c.start(c.ring(lead, 1))
		c.one(3)
		c.finish()
	})
}

// TestSimUnreliableAgree: five nodes agree on a stream of values, proposed
// several at a time, while the network loses, duplicates and reorders
// messages.
func TestSimUnreliableAgree(t *testing.T) {
	simTest(t, simOptions{nodes: 5}, func(c *simCluster) {
		c.net.setFaults(unreliable)
		for i := range c.soak(50, 200) {
			if lead, _ := c.leaderOf(c.up()); lead != core.None {
				for j := range 4 {
					c.proposeAsync(lead, fmt.Sprintf("ua-%d-%d", i, j), 2*time.Second)
				}
			}
			c.one(1)
		}
		c.finish()
	})
}

// TestSimFigure8Paper plays the story of Figure 8 of the Raft paper with
// partitions and crashes: an entry of an old term that reaches a majority
// under a later leader must not count as committed, since a leader of a
// term in between, holding another entry at its index, can still be
// elected and overwrite it. A leader that committed it early delivers it,
// and the checker sees two entries delivered at one index.
func TestSimFigure8Paper(t *testing.T) {
	simTest(t, simOptions{nodes: 5}, func(c *simCluster) {
		c.one(5)
		// (a) Leader s1 appends x and replicates it to s2 only.
		s1 := c.checkOneLeader(c.ids)
		s2 := c.ring(s1, 1)
		c.net.partition([]core.ID{s1, s2})
		c.appendUncommitted(s1, "x", 1)
		x := c.node(s1).Status().LastIndex
		c.waitLog(s2, x)
		c.waitDurable(s1, x)

		// (b) s1 crashes; s5, one of the other three, is elected and
		// appends y at x's index, replicating it to no one.
		c.crash(s1)
		rest := c.others(s1, s2)
		c.net.partition(rest)
		s5 := c.checkOneLeader(rest)
		voters := c.others(s1, s2, s5)
		c.net.partition(voters)
		c.appendUncommitted(s5, "y", 1)
		c.waitDurable(s5, c.node(s5).Status().LastIndex)

		// (c) s5 crashes; s1 restarts, and s1 or s2 leads s3 and s4 in a
		// later term: x reaches them all, but is of an old term. (A leader
		// that has not proposed in its term counts no acknowledgement of
		// its own, so it takes three followers to make a majority.)
		c.crash(s5)
		c.start(s1)
		c.net.partition(c.others(s5))
		lead := c.checkOneLeader(c.others(s5))
		for _, id := range voters {
			c.waitLog(id, x)
		}
		// Time for a wrong commit of x to be delivered, if there is one.
		poll(5*simHeartbeat, func() bool { return c.chk.appliedLen(lead) >= int(x) })

		// (d) s1 and s2 crash; s5 restarts and can be elected by the other
		// two, as its last term is above theirs: it overwrites x.
		c.crash(s1)
		c.crash(s2)
		c.start(s5)
		c.net.partition(c.others(s1, s2))
		c.one(3)
		c.finish()
	})
}

// TestSimFigure8 is the lab's Figure 8 test: leaders crash one after another
// with entries they appended but did not commit, so logs diverge over many
// entries, while proposals go to every node; a crashed node restarts from
// storage whenever fewer than three of five run.
func TestSimFigure8(t *testing.T) {
	simTest(t, simOptions{nodes: 5}, func(c *simCluster) {
		c.figure8(c.soak(100, 1000), false)
	})
}

// TestSimFigure8Unreliable is the lab's Figure 8 (unreliable) test: as
// TestSimFigure8, with leaders crashed or cut off, on a network that loses,
// duplicates and reorders messages, some by up to a second after the first
// fifth of the run. At the end every node returns, the network still
// unreliable, and a new value must be delivered by all within simAgreeWait.
func TestSimFigure8Unreliable(t *testing.T) {
	simTest(t, simOptions{nodes: 5}, func(c *simCluster) {
		c.figure8(c.soak(300, 1000), true)
	})
}

// TestSimChurn is the lab's churn test: clients propose without pause while
// nodes are cut off, reconnected, crashed and restarted at random; once the
// churn stops, every value a client saw acknowledged must be in the log of
// every node.
func TestSimChurn(t *testing.T) {
	simTest(t, simOptions{nodes: 5}, func(c *simCluster) {
		c.churn(c.soak(40, 300), false)
	})
}

// TestSimUnreliableChurn: TestSimChurn on a network that loses, duplicates
// and reorders messages, and that is now and then split into a majority and
// a minority.
func TestSimUnreliableChurn(t *testing.T) {
	simTest(t, simOptions{nodes: 5}, func(c *simCluster) {
		c.churn(c.soak(40, 300), true)
	})
}

// TestSimCrashAfterVote: while elections follow the crash of each leader,
// every node that grants a vote crashes at once and restarts from
// storage, and vote requests are delayed by up to half an election
// timeout, so that some reach a voter after its restart. A node that
// forgot its vote would grant a second one in the same term, making two
// leaders of one term.
func TestSimCrashAfterVote(t *testing.T) {
	simTest(t, simOptions{nodes: 5}, func(c *simCluster) {
		voted := make(chan core.ID, 64)
		c.net.observe(func(m core.Message) {
			if m.Type == core.MsgVoteResponse && m.Granted {
				select {
				case voted <- m.From:
				default:
				}
			}
		})
		c.net.setFaults(simFaults{maxDelay: simElection / 2})
		for range c.soak(15, 150) {
			lead := c.checkOneLeader(c.ids)
			c.crash(lead)
			for deadline := time.Now().Add(3 * simElection); time.Now().Before(deadline); {
				select {
				case id := <-voted:
					if c.node(id) != nil {
						c.restart(id)
					}
				case <-time.After(5 * time.Millisecond):
				}
			}
			c.start(lead)
			c.checkSafety()
		}
		c.net.observe(nil)
		c.finish()
	})
}
