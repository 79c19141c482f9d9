package raft

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rspec/rspec/runtime/core"
	"github.com/rspec/rspec/runtime/storage"
)

var kinds = []struct {
	name string
	kind clusterKind
}{
	{"mem", memKind},
	{"file-tcp", fileKind},
}

func TestLeaderElected(t *testing.T) {
	for _, k := range kinds {
		t.Run(k.name, func(t *testing.T) {
			c := newTestCluster(t, 3, k.kind)
			lead := c.leader()
			st := c.nodes[lead].Status()
			assert.Equal(t, core.Leader, st.Role)
			assert.Equal(t, lead, st.ID)
			assert.Equal(t, c.peers[lead], st.LeaderAddr)
			assert.Positive(t, st.Term)
		})
	}
}

func TestProposalsCommitInSameOrder(t *testing.T) {
	for _, k := range kinds {
		t.Run(k.name, func(t *testing.T) {
			c := newTestCluster(t, 3, k.kind)
			lead := c.leader()
			// Concurrent proposals share batches; each gets its own index.
			const n = 40
			type result struct {
				idx, term uint64
				err       error
			}
			results := make(chan result, n)
			var want []string
			for i := range n {
				v := fmt.Sprintf("v%02d", i)
				want = append(want, v)
				go func() {
					ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
					defer cancel()
					idx, term, err := c.nodes[lead].Propose(ctx, []byte(v))
					results <- result{idx, term, err}
				}()
			}
			seen := map[uint64]bool{}
			for range n {
				r := <-results
				require.NoError(t, r.err)
				assert.False(t, seen[r.idx], "index %d given twice", r.idx)
				seen[r.idx] = true
			}
			c.waitApplied(n)
			c.checkSameLogs(want)
			for idx := range seen {
				applied, _, _ := c.apps[lead].snapshot()
				assert.Equal(t, idx, applied[idx-1].Index)
			}
		})
	}
}

func TestProposeAtFollower(t *testing.T) {
	for _, k := range kinds {
		t.Run(k.name, func(t *testing.T) {
			c := newTestCluster(t, 3, k.kind)
			lead := c.leader()
			var follower core.ID
			for _, id := range c.ids {
				if id != lead {
					follower = id
				}
			}
			_, _, err := c.nodes[follower].Propose(context.Background(), []byte("x"))
			require.ErrorIs(t, err, ErrNotLeader)
			var nle *NotLeaderError
			require.ErrorAs(t, err, &nle)
			assert.Equal(t, lead, nle.Leader)
			assert.Equal(t, c.peers[lead], nle.Addr)
			assert.Equal(t, follower, nle.Node)
		})
	}
}

func TestLeaderStopNewLeader(t *testing.T) {
	for _, k := range kinds {
		t.Run(k.name, func(t *testing.T) {
			c := newTestCluster(t, 3, k.kind)
			var want []string
			want = append(want, c.proposeSeries("a", 5)...)
			old := c.leader()
			oldTerm := c.nodes[old].Status().Term
			c.stop(old)
			lead := c.leader()
			require.NotEqual(t, old, lead)
			assert.Greater(t, c.nodes[lead].Status().Term, oldTerm)
			want = append(want, c.proposeSeries("b", 5)...)
			c.waitApplied(10)
			c.checkSameLogs(want)
		})
	}
}

func TestRestartCatchesUpAndRedelivers(t *testing.T) {
	for _, k := range kinds {
		t.Run(k.name, func(t *testing.T) {
			c := newTestCluster(t, 3, k.kind)
			var want []string
			want = append(want, c.proposeSeries("a", 5)...)
			c.waitApplied(5)
			lead := c.leader()
			var f core.ID
			for _, id := range c.ids {
				if id != lead {
					f = id
				}
			}
			c.stop(f)
			want = append(want, c.proposeSeries("b", 5)...)
			c.start(f)
			c.propose("c")
			want = append(want, "c")
			c.waitApplied(11)
			c.checkSameLogs(want)
			_, firsts, _ := c.apps[f].snapshot()
			assert.Equal(t, []uint64{1, 1}, firsts, "each run of node %d delivers from index 1", f)

			// The whole cluster restarts from its storage and redelivers.
			for _, id := range c.ids {
				c.stop(id)
			}
			for _, id := range c.ids {
				c.start(id)
			}
			c.propose("d")
			want = append(want, "d")
			c.waitApplied(12)
			c.checkSameLogs(want)
		})
	}
}

// TestFullRestartCommitsWithoutProposals restarts the whole cluster and
// requires the commit point to come back with no proposal: the new leader's
// no-op entry commits every entry before it.
func TestFullRestartCommitsWithoutProposals(t *testing.T) {
	for _, k := range kinds {
		t.Run(k.name, func(t *testing.T) {
			c := newTestCluster(t, 3, k.kind)
			want := c.proposeSeries("a", 3)
			last := c.nodes[c.leader()].Status().LastIndex
			c.waitApplied(len(want))
			for _, id := range c.ids {
				c.stop(id)
			}
			for _, id := range c.ids {
				c.start(id)
			}
			deadline := time.Now().Add(10 * time.Second)
			for _, id := range c.ids {
				for c.nodes[id].Status().Commit <= last {
					require.True(t, time.Now().Before(deadline), "node %d: commit point %d after a full restart, want > %d",
						id, c.nodes[id].Status().Commit, last)
					time.Sleep(10 * time.Millisecond)
				}
			}
			c.checkSameLogs(want)
		})
	}
}

func TestStopIsIdempotentAndFailsWaiters(t *testing.T) {
	nw := newMemNetwork()
	tr := nw.transport(1)
	n, err := NewNode(Config{
		ID:        1,
		Peers:     map[core.ID]string{1: "a", 2: "b", 3: "c"},
		Storage:   storage.NewMemStorage(),
		Transport: tr,
		Logger:    testLogger(),
	})
	require.NoError(t, err)
	_, _, err = n.Propose(context.Background(), []byte("x"))
	require.ErrorIs(t, err, ErrNotStarted)
	require.NoError(t, n.Start(context.Background()))
	require.Error(t, n.Start(context.Background()))
	// A lone node of three never becomes leader; its proposals are refused.
	_, _, err = n.Propose(context.Background(), []byte("x"))
	require.ErrorIs(t, err, ErrNotLeader)
	require.NoError(t, n.Stop())
	require.NoError(t, n.Stop())
	<-n.Done()
	_, ok := <-n.Committed()
	assert.False(t, ok, "Committed is closed")
	_, _, err = n.Propose(context.Background(), []byte("x"))
	require.ErrorIs(t, err, ErrStopped)
	require.ErrorIs(t, n.Start(context.Background()), ErrStopped)
	require.NoError(t, tr.Close())
}

func TestGroupCommit(t *testing.T) {
	c := newTestCluster(t, 3, memKind)
	lead := c.leader()
	n, ms := c.nodes[lead], c.stores[lead]
	base := n.Status().LastIndex // the leader's no-op
	// Hold the leader's first Sync until k more proposals are appended.
	const k = 100
	held := c.gates[lead].close()
	before := ms.Syncs()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	errs := make(chan error, k+1)
	propose := func(v string) {
		_, _, err := n.Propose(ctx, []byte(v))
		errs <- err
	}
	go propose("first")
	<-held
	for i := range k {
		go propose(fmt.Sprint(i))
	}
	// The loop goes on stepping proposals while the Sync waits.
	for n.Status().LastIndex < base+k+1 {
		time.Sleep(time.Millisecond)
	}
	c.gates[lead].open()
	for range k + 1 {
		require.NoError(t, <-errs)
	}
	// The first proposal's Sync, then one Sync for the k waiting ones.
	assert.Equal(t, 2, ms.Syncs()-before)
	st := n.Status()
	assert.Equal(t, base+k+1, st.LastIndex)
	c.waitApplied(k + 1)
	c.checkSameLogs([]string{"first", "0", "99"})
}

func TestNeverSendsUnsyncedState(t *testing.T) {
	c := newTestCluster(t, 3, memKind)
	for i := range 20 {
		c.propose(fmt.Sprint(i))
	}
	c.stop(c.leader())
	c.propose("after")
	assert.Positive(t, c.net.sends.Load())
	assert.Zero(t, c.net.early.Load(), "messages sent before their sender made what they carry durable")
}

func TestStorageFailureStopsNode(t *testing.T) {
	ms := storage.NewMemStorage()
	nw := newMemNetwork()
	n, err := NewNode(Config{
		ID:                1,
		Peers:             map[core.ID]string{1: "a", 2: "b"},
		Storage:           ms,
		Transport:         nw.transport(1),
		ElectionTimeout:   20 * time.Millisecond,
		HeartbeatInterval: 5 * time.Millisecond,
		DisablePreVote:    true, // node 2 never answers: only a real election writes
	})
	require.NoError(t, err)
	disk := errors.New("disk on fire")
	ms.SetFault(func(op storage.Op) error {
		if op == storage.OpSync { // the first election's vote
			return disk
		}
		return nil
	})
	err = n.Run(context.Background())
	require.ErrorIs(t, err, disk)
	require.ErrorIs(t, n.Err(), disk)
	_, _, err = n.Propose(context.Background(), []byte("x"))
	require.ErrorIs(t, err, disk)
}

func TestConfigErrors(t *testing.T) {
	two := map[core.ID]string{1: "a", 2: "b"}
	cases := []struct {
		name string
		cfg  Config
		want string
	}{
		{"zero id", Config{Peers: two, DataDir: "d"}, "node id is zero"},
		{"not a peer", Config{ID: 3, Peers: two, DataDir: "d"}, "not in peers"},
		{"lone node", Config{ID: 1, Peers: map[core.ID]string{1: "a"}, DataDir: "d"}, "at least 2 nodes"},
		{"no storage", Config{ID: 1, Peers: two}, "neither Storage nor DataDir"},
		{"slow heartbeat", Config{ID: 1, Peers: two, DataDir: "d",
			ElectionTimeout: time.Second, HeartbeatInterval: time.Second}, "heartbeat interval"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := NewNode(tc.cfg)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
}
