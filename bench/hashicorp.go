package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync/atomic"
	"time"

	"github.com/hashicorp/go-hclog"
	"github.com/hashicorp/raft"
	raftboltdb "github.com/hashicorp/raft-boltdb/v2"
)

// hashicorpCluster is 3 hashicorp/raft nodes, each with a BoltDB log and
// stable store in its own directory (fsync on every write), a file snapshot
// store and a NetworkTransport on a loopback port, with DefaultConfig.
type hashicorpCluster struct {
	rafts  []*raft.Raft
	trs    []*raft.NetworkTransport
	stores []*raftboltdb.BoltStore
	leader atomic.Pointer[raft.Raft]
}

// startHashicorp starts the cluster; logCache > 0 puts each node's log
// store behind a raft.NewLogCache of that many entries, as Consul does with
// 512.
func startHashicorp(ctx context.Context, dir string, logCache int) (cluster, error) {
	c := &hashicorpCluster{}
	var servers []raft.Server
	for i := range 3 {
		tr, err := raft.NewTCPTransport("127.0.0.1:0", nil, 3, 10*time.Second, io.Discard)
		if err != nil {
			c.close()
			return nil, err
		}
		c.trs = append(c.trs, tr)
		servers = append(servers, raft.Server{
			ID:      raft.ServerID(fmt.Sprint(i + 1)),
			Address: tr.LocalAddr(),
		})
	}
	for i, tr := range c.trs {
		r, err := c.startNode(filepath.Join(dir, fmt.Sprint(i+1)), servers[i].ID, tr, logCache)
		if err != nil {
			c.close()
			return nil, err
		}
		c.rafts = append(c.rafts, r)
	}
	if err := c.rafts[0].BootstrapCluster(raft.Configuration{Servers: servers}).Error(); err != nil {
		c.close()
		return nil, fmt.Errorf("bootstrap: %w", err)
	}
	if err := c.awaitLeader(ctx); err != nil {
		c.close()
		return nil, err
	}
	return c, nil
}

func (c *hashicorpCluster) startNode(dir string, id raft.ServerID, tr *raft.NetworkTransport, logCache int) (*raft.Raft, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	bolt, err := raftboltdb.New(raftboltdb.Options{Path: filepath.Join(dir, "raft.db"), NoSync: false})
	if err != nil {
		return nil, err
	}
	c.stores = append(c.stores, bolt)
	var logs raft.LogStore = bolt
	if logCache > 0 {
		if logs, err = raft.NewLogCache(logCache, bolt); err != nil {
			return nil, err
		}
	}
	snaps, err := raft.NewFileSnapshotStore(dir, 1, io.Discard)
	if err != nil {
		return nil, err
	}
	conf := raft.DefaultConfig()
	conf.LocalID = id
	conf.Logger = hclog.NewNullLogger()
	return raft.NewRaft(conf, nopFSM{}, logs, bolt, snaps, tr)
}

// awaitLeader waits until one node leads and the others know it.
func (c *hashicorpCluster) awaitLeader(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	for {
		var leader *raft.Raft
		known := 0
		for _, r := range c.rafts {
			if r.State() == raft.Leader {
				leader = r
			}
			if addr, _ := r.LeaderWithID(); addr != "" {
				known++
			}
		}
		if leader != nil && known == len(c.rafts) {
			c.leader.Store(leader)
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("no leader elected: %w", ctx.Err())
		case <-time.After(10 * time.Millisecond):
		}
	}
}

func (c *hashicorpCluster) propose(ctx context.Context, data []byte) error {
	err := c.leader.Load().Apply(data, 0).Error()
	if errors.Is(err, raft.ErrNotLeader) || errors.Is(err, raft.ErrLeadershipLost) {
		for _, r := range c.rafts {
			if r.State() == raft.Leader {
				c.leader.Store(r)
			}
		}
	}
	return err
}

func (c *hashicorpCluster) close() error {
	var errs []error
	for _, r := range c.rafts {
		errs = append(errs, r.Shutdown().Error())
	}
	for _, tr := range c.trs {
		errs = append(errs, tr.Close())
	}
	for _, s := range c.stores {
		errs = append(errs, s.Close())
	}
	return errors.Join(errs...)
}

// nopFSM applies nothing: the benchmark measures replication and commit.
type nopFSM struct{}

func (nopFSM) Apply(*raft.Log) any                 { return nil }
func (nopFSM) Snapshot() (raft.FSMSnapshot, error) { return nopSnapshot{}, nil }
func (nopFSM) Restore(rc io.ReadCloser) error      { return rc.Close() }

type nopSnapshot struct{}

func (nopSnapshot) Persist(sink raft.SnapshotSink) error { return sink.Close() }
func (nopSnapshot) Release()                             {}
