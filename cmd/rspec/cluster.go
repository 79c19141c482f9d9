package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"sync"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/rspec/rspec/runtime/core"
	"github.com/rspec/rspec/runtime/raft"
)

func newClusterCmd() *cobra.Command {
	var (
		nodes, basePort int
		data            string
		verbose         bool
	)
	cmd := &cobra.Command{
		Use:   "cluster [--nodes N] [--data DIR] [--base-port P]",
		Short: "Run a local Raft cluster in this process",
		Long: `cluster runs N Raft nodes in this process on loopback, each with its own
TCP transport, write-ahead log and client API, until SIGINT or SIGTERM.

Node i serves its client API on 127.0.0.1:P+i and talks to its peers on
127.0.0.1:P+100+i. The client API is that of "rspec node"; propose with
"rspec send". Data lives under --data, one directory per node, so a cluster
restarted with the same --data resumes its log; without --data it lives in a
temporary directory removed on exit. The leader and every committed entry are
printed as they become known.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			stdout, stderr := cmd.OutOrStdout(), cmd.ErrOrStderr()
			if nodes < 2 || basePort < 1 || basePort+100+nodes > 65535 {
				fmt.Fprintln(stderr, "rspec cluster: need --nodes >= 2 and a --base-port leaving room for 100+N ports")
				return &exitError{code: exitUsage}
			}
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			if err := runCluster(ctx, stdout, stderr, nodes, basePort, data, verbose); err != nil {
				fmt.Fprintf(stderr, "rspec cluster: %v\n", err)
				return &exitError{code: exitFailed}
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.IntVar(&nodes, "nodes", 3, "number of nodes")
	f.IntVar(&basePort, "base-port", 8000, "client APIs on P+1..P+N, peers on P+101..P+100+N")
	f.StringVar(&data, "data", "", "directory for the nodes' logs (default: a temporary directory)")
	f.BoolVar(&verbose, "verbose", false, "log the nodes' elections and connections to stderr")
	return cmd
}

func runCluster(ctx context.Context, stdout, stderr io.Writer, count, basePort int, data string, verbose bool) error {
	if data == "" {
		tmp, err := os.MkdirTemp("", "rspec-cluster-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(tmp)
		data = tmp
		fmt.Fprintf(stdout, "data in %s (removed on exit)\n", data)
	}
	level := slog.LevelWarn
	if verbose {
		level = slog.LevelInfo
	}
	logger := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level}))
	peers, clients := map[core.ID]string{}, map[core.ID]string{}
	for i := 1; i <= count; i++ {
		peers[core.ID(i)] = fmt.Sprintf("127.0.0.1:%d", basePort+100+i)
		clients[core.ID(i)] = fmt.Sprintf("127.0.0.1:%d", basePort+i)
	}
	var nodes []*raft.Node
	for i := 1; i <= count; i++ {
		id := core.ID(i)
		n, err := raft.NewNode(raft.Config{
			ID:      id,
			Peers:   peers,
			DataDir: filepath.Join(data, fmt.Sprintf("node%d", i)),
			Logger:  logger,
		})
		if err != nil {
			for _, n := range nodes {
				_ = n.Stop()
			}
			return err
		}
		nodes = append(nodes, n)
		fmt.Fprintf(stdout, "node %d: peers %s, client API http://%s\n", i, peers[id], clients[id])
	}
	var (
		mu      sync.Mutex
		printed uint64
	)
	onApply := func(_ core.ID, e raft.Entry) {
		mu.Lock()
		defer mu.Unlock()
		if e.Index > printed {
			printed = e.Index
			if e.Noop {
				fmt.Fprintf(stdout, "committed %d (term %d): no-op of a new leader\n", e.Index, e.Term)
			} else {
				fmt.Fprintf(stdout, "committed %d (term %d): %s\n", e.Index, e.Term, e.Data)
			}
		}
	}
	watchCtx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Go(func() { watchLeader(watchCtx, stdout, &mu, nodes) })
	err := serveNodes(ctx, logger, nodes, clients, onApply)
	cancel()
	wg.Wait()
	fmt.Fprintln(stdout, "stopped")
	return err
}

// watchLeader prints the leader each time a new one takes over.
func watchLeader(ctx context.Context, w io.Writer, mu *sync.Mutex, nodes []*raft.Node) {
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	var lastTerm uint64
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		for _, n := range nodes {
			st := n.Status()
			if st.Role == core.Leader && st.Term > lastTerm {
				lastTerm = st.Term
				mu.Lock()
				fmt.Fprintf(w, "leader: node %d (term %d)\n", st.ID, st.Term)
				mu.Unlock()
			}
		}
	}
}
