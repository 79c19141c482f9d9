package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/rspec/rspec/runtime/core"
	"github.com/rspec/rspec/runtime/raft"
	"github.com/rspec/rspec/runtime/storage"
	"github.com/rspec/rspec/runtime/transport"
)

// catchUp measures how fast a follower that holds nothing catches up with
// two nodes that hold n entries of payload bytes each: a 3-node cluster on
// loopback TCP with FileStorage, fsync on. The clock starts when the nodes
// start and stops when the empty node has committed the whole log, which
// happens once the new leader commits an entry of its own term.
func catchUp(ctx context.Context, o options, stdout io.Writer) error {
	dir, err := os.MkdirTemp(o.dir, "catchup-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	log := make([]core.Entry, o.catchup)
	data := make([]byte, o.payload)
	for i := range log {
		log[i] = core.Entry{Term: 1, Data: data}
	}
	ids := []core.ID{1, 2, 3}
	for _, id := range ids[:2] {
		if err := writeLog(filepath.Join(dir, fmt.Sprint(id)), log); err != nil {
			return err
		}
	}
	start := time.Now()
	c, err := startCatchUpCluster(ctx, dir, ids)
	if err != nil {
		return err
	}
	defer c.close()
	last, err := c.proposeAnywhere(ctx)
	if err != nil {
		return err
	}
	follower := c.nodes[3]
	for follower.Status().Commit < last {
		select {
		case <-ctx.Done():
			return fmt.Errorf("catch-up: node 3 holds %d of %d entries: %w", follower.Status().LastIndex, last, ctx.Err())
		case <-time.After(5 * time.Millisecond):
		}
	}
	took := time.Since(start)
	mb := float64(o.catchup) * float64(o.payload) / (1 << 20)
	fmt.Fprintf(stdout, "catch-up: a follower %d entries (%.1f MiB of payload) behind caught up in %v: %.0f entries/s, %.1f MiB/s\n\n",
		o.catchup, mb, took.Round(time.Millisecond), float64(o.catchup)/took.Seconds(), mb/took.Seconds())
	return nil
}

// writeLog writes a node's log of term 1 into a FileStorage in dir.
func writeLog(dir string, log []core.Entry) error {
	fs, err := storage.OpenFileStorage(dir, nil)
	if err != nil {
		return err
	}
	err = errors.Join(fs.SetHardState(core.HardState{Term: 1}), fs.SetLog(0, log), fs.Sync())
	return errors.Join(err, fs.Close())
}

// catchUpCluster is the cluster of catchUp.
type catchUpCluster struct {
	nodes map[core.ID]*raft.Node
	trs   []*transport.Transport
	drain sync.WaitGroup
}

func startCatchUpCluster(ctx context.Context, dir string, ids []core.ID) (*catchUpCluster, error) {
	c := &catchUpCluster{nodes: map[core.ID]*raft.Node{}}
	trs, peers, err := loopbackTransports(ids)
	c.trs = trs
	if err != nil {
		c.close()
		return nil, err
	}
	for i, id := range ids {
		n, err := raft.NewNode(raft.Config{ID: id, Peers: peers, DataDir: filepath.Join(dir, fmt.Sprint(id)), Transport: c.trs[i]})
		if err == nil {
			err = n.Start(ctx)
		}
		if err != nil {
			c.close()
			return nil, err
		}
		c.nodes[id] = n
		c.drain.Go(func() {
			for range n.Committed() {
			}
		})
	}
	return c, nil
}

// proposeAnywhere proposes one entry at whichever node leads and returns
// its index once committed.
func (c *catchUpCluster) proposeAnywhere(ctx context.Context) (uint64, error) {
	for {
		for _, n := range c.nodes {
			pctx, cancel := context.WithTimeout(ctx, time.Second)
			index, _, err := n.Propose(pctx, []byte("new term"))
			cancel()
			if err == nil {
				return index, nil
			}
		}
		select {
		case <-ctx.Done():
			return 0, fmt.Errorf("catch-up: no leader committed a proposal: %w", ctx.Err())
		case <-time.After(20 * time.Millisecond):
		}
	}
}

func (c *catchUpCluster) close() {
	for _, n := range c.nodes {
		n.Stop()
	}
	for _, tr := range c.trs {
		tr.Close()
	}
	c.drain.Wait()
}
