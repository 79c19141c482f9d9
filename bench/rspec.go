package main

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"github.com/rspec/rspec/runtime/core"
	"github.com/rspec/rspec/runtime/raft"
	"github.com/rspec/rspec/runtime/transport"
)

// rspecCluster is 3 runtime/raft Nodes, each with a FileStorage in its own
// directory (the default when Config.Storage is nil) and a TCP transport
// on a loopback port.
type rspecCluster struct {
	nodes  map[core.ID]*raft.Node
	trs    []*transport.Transport
	leader atomic.Pointer[raft.Node]
	cancel context.CancelFunc
	drain  sync.WaitGroup
}

func startRspec(ctx context.Context, dir string) (cluster, error) {
	ids := []core.ID{1, 2, 3}
	c := &rspecCluster{nodes: map[core.ID]*raft.Node{}}
	ctx, c.cancel = context.WithCancel(ctx)
	trs, peers, err := loopbackTransports(ids)
	c.trs = trs
	if err != nil {
		c.close()
		return nil, err
	}
	for i, id := range ids {
		n, err := raft.NewNode(raft.Config{
			ID:        id,
			Peers:     peers,
			DataDir:   filepath.Join(dir, fmt.Sprint(id)),
			Transport: c.trs[i],
		})
		if err != nil {
			c.close()
			return nil, err
		}
		c.nodes[id] = n
		if err := n.Start(ctx); err != nil {
			c.close()
			return nil, err
		}
		c.drain.Go(func() {
			for range n.Committed() {
			}
		})
	}
	if err := c.awaitLeader(ctx); err != nil {
		c.close()
		return nil, err
	}
	return c, nil
}

// awaitLeader waits until one node leads and the others follow it.
func (c *rspecCluster) awaitLeader(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	for {
		var leader core.ID
		agree := true
		for _, n := range c.nodes {
			st := n.Status()
			if st.Role == core.Leader {
				leader = st.ID
			}
			if leader != core.None && st.Leader != leader || st.Leader == core.None {
				agree = false
			}
		}
		if agree && leader != core.None {
			c.leader.Store(c.nodes[leader])
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("no leader elected: %w", ctx.Err())
		case <-time.After(10 * time.Millisecond):
		}
	}
}

func (c *rspecCluster) propose(ctx context.Context, data []byte) error {
	_, _, err := c.leader.Load().Propose(ctx, data)
	var nle *raft.NotLeaderError
	if errors.As(err, &nle) && nle.Leader != core.None {
		c.leader.Store(c.nodes[nle.Leader])
	}
	return err
}

func (c *rspecCluster) close() error {
	c.cancel()
	var errs []error
	for _, n := range c.nodes {
		errs = append(errs, n.Stop())
	}
	for _, tr := range c.trs {
		errs = append(errs, tr.Close())
	}
	c.drain.Wait()
	return errors.Join(errs...)
}

// loopbackTransports starts a TCP transport for each of ids on a loopback
// port and tells each the others' addresses. On an error it returns the
// transports it started, for the caller to close.
func loopbackTransports(ids []core.ID) ([]*transport.Transport, map[core.ID]string, error) {
	var trs []*transport.Transport
	peers := map[core.ID]string{}
	for _, id := range ids {
		tr, err := transport.New(transport.Config{ID: id, ListenAddr: "127.0.0.1:0"})
		if err != nil {
			return trs, nil, err
		}
		trs = append(trs, tr)
		peers[id] = tr.Addr().String()
	}
	for i, tr := range trs {
		for id, addr := range peers {
			if id != ids[i] {
				if err := tr.SetPeer(id, addr); err != nil {
					return trs, nil, err
				}
			}
		}
	}
	return trs, peers, nil
}
