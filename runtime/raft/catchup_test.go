package raft

import (
	"context"
	"flag"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/rspec/rspec/runtime/core"
	"github.com/rspec/rspec/runtime/storage"
)

var catchUpEntries = flag.Int("raft-catchup-entries", 1_000_000, "entries a follower is behind in TestCatchUpOverTCP")

// TestCatchUpOverTCP starts a three-node cluster over loopback TCP with
// FileStorage in which nodes 1 and 2 hold a log of -raft-catchup-entries
// entries and node 3 holds nothing. Once a leader commits an entry of its
// own term, node 3 must hold the whole log: bounded batches and pipelining
// carry it, and no LogRequest exceeds the transport's frame limit.
func TestCatchUpOverTCP(t *testing.T) {
	if testing.Short() {
		t.Skip("writes and replicates a long log")
	}
	n := *catchUpEntries
	ids := []core.ID{1, 2, 3}
	root := t.TempDir()
	dirs := map[core.ID]string{}
	for _, id := range ids {
		dirs[id] = filepath.Join(root, fmt.Sprintf("node%d", id))
	}
	log := make([]core.Entry, n)
	for i := range log {
		log[i] = core.Entry{Term: 1, Data: fmt.Appendf(nil, "entry %010d", i)}
	}
	for _, id := range ids[:2] {
		writeLog(t, dirs[id], core.HardState{Term: 1}, log)
	}

	trs := loopbackTransports(t, ids)
	peers := map[core.ID]string{}
	for id, tr := range trs {
		peers[id] = tr.Addr().String()
	}
	nodes := map[core.ID]*Node{}
	for _, id := range ids {
		node, err := NewNode(Config{ID: id, Peers: peers, DataDir: dirs[id], Transport: trs[id],
			ElectionTimeout: 300 * time.Millisecond, HeartbeatInterval: 50 * time.Millisecond, Logger: testLogger()})
		require.NoError(t, err)
		require.NoError(t, node.Start(context.Background()))
		nodes[id] = node
		go func() { // the test reads Status, not the deliveries
			for range node.Committed() {
			}
		}()
	}
	t.Cleanup(func() {
		for _, id := range ids {
			require.NoError(t, nodes[id].Stop())
			require.NoError(t, trs[id].Close())
		}
	})

	start := time.Now()
	last := proposeSomewhere(t, nodes, []byte("new term"), 30*time.Second)
	require.Greater(t, last, uint64(n))
	follower := nodes[3]
	deadline := time.Now().Add(120 * time.Second)
	for follower.Status().Commit < last {
		require.True(t, time.Now().Before(deadline), "node 3 holds %d of %d entries after 120s", follower.Status().LastIndex, last)
		time.Sleep(20 * time.Millisecond)
	}
	took := time.Since(start)
	t.Logf("node 3 caught up %d entries over TCP with FileStorage in %v (%.0f entries/s)", n, took.Round(time.Millisecond), float64(n)/took.Seconds())
}

// writeLog writes a node's durable state into a FileStorage in dir.
func writeLog(t *testing.T, dir string, hs core.HardState, log []core.Entry) {
	t.Helper()
	fs, err := storage.OpenFileStorage(dir, nil)
	require.NoError(t, err)
	require.NoError(t, fs.SetHardState(hs))
	require.NoError(t, fs.SetLog(0, log))
	require.NoError(t, fs.Sync())
	require.NoError(t, fs.Close())
}

// proposeSomewhere proposes data at whichever node accepts it and returns
// its index once committed.
func proposeSomewhere(t *testing.T, nodes map[core.ID]*Node, data []byte, within time.Duration) uint64 {
	t.Helper()
	deadline := time.Now().Add(within)
	for time.Now().Before(deadline) {
		for _, node := range nodes {
			ctx, cancel := context.WithTimeout(context.Background(), time.Second)
			index, _, err := node.Propose(ctx, data)
			cancel()
			if err == nil {
				return index
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("no node committed a proposal within %v", within)
	return 0
}
