// Command dinner is the dinner example of the Raft Lite seed, on rspec's
// Raft library: three guests, each running a Raft node on localhost,
// propose a restaurant each. The replicated log puts the three proposals in
// one order that every node agrees on, and every guest picks the last of
// the three, so all guests name the same restaurant.
//
//	go run ./examples/dinner
//
// The nodes keep their logs under a temporary directory, removed on exit,
// or under -data. A log kept with -data still holds the first dinner's three
// entries when the example runs again; every node delivers the log from
// index 1 after a restart, so the guests reach the same decision as before.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/rspec/rspec/runtime/core"
	"github.com/rspec/rspec/runtime/raft"
	"github.com/rspec/rspec/runtime/transport"
)

var restaurants = []string{"Ratskeller", "Pizzeria Ristorante Lachoni", "KFC"}

func main() {
	data := flag.String("data", "", "directory for the nodes' logs (default: a temporary directory)")
	verbose := flag.Bool("v", false, "log the nodes' elections to stderr")
	timeout := flag.Duration("timeout", 30*time.Second, "give up after this long")
	flag.Parse()
	if err := dinner(*data, *verbose, *timeout); err != nil {
		fmt.Fprintf(os.Stderr, "dinner: %v\n", err)
		os.Exit(1)
	}
}

func dinner(data string, verbose bool, timeout time.Duration) error {
	if data == "" {
		tmp, err := os.MkdirTemp("", "dinner-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(tmp)
		data = tmp
	}
	logger := slog.New(slog.DiscardHandler)
	if verbose {
		logger = slog.New(slog.NewTextHandler(os.Stderr, nil))
	}
	nodes, stop, err := startNodes(data, logger)
	if err != nil {
		return err
	}
	defer stop()

	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	var wg sync.WaitGroup
	errs := make([]error, len(nodes))
	for i := range nodes {
		wg.Go(func() { errs[i] = guest(ctx, i, nodes) })
	}
	wg.Wait()
	return errors.Join(errs...)
}

// guest i proposes its restaurant through its node and waits until its node
// has delivered three entries; the last of them is where they dine.
func guest(ctx context.Context, i int, nodes []*raft.Node) error {
	go propose(ctx, nodes, nodes[i].ID(), []byte(restaurants[i]))
	var places []string
	for len(places) < len(restaurants) {
		select {
		case e := <-nodes[i].Committed():
			if !e.Noop { // a new leader's empty entry
				places = append(places, string(e.Data))
			}
		case <-ctx.Done():
			return fmt.Errorf("guest %d: %d of %d places committed: %w", i, len(places), len(restaurants), ctx.Err())
		}
	}
	fmt.Printf("Guest %d: we'll have dinner at %s!\n", i, places[len(places)-1])
	return nil
}

// propose proposes data until it commits, starting at node id and going to
// whichever node it names as the leader: nodes do not forward proposals.
func propose(ctx context.Context, nodes []*raft.Node, id core.ID, data []byte) {
	for ctx.Err() == nil {
		n := nodes[id-1]
		_, _, err := n.Propose(ctx, data)
		var nle *raft.NotLeaderError
		switch {
		case err == nil:
			return
		case errors.As(err, &nle) && nle.Leader != core.None:
			id = nle.Leader
		default: // no leader yet, or another entry took the index
			select {
			case <-time.After(50 * time.Millisecond):
			case <-ctx.Done():
			}
		}
	}
}

// startNodes starts three nodes on ephemeral loopback ports, their logs
// under data. stop stops them and their transports.
func startNodes(data string, logger *slog.Logger) (nodes []*raft.Node, stop func(), err error) {
	var trs []*transport.Transport
	stop = func() {
		for _, n := range nodes {
			_ = n.Stop()
		}
		for _, t := range trs {
			_ = t.Close()
		}
	}
	defer func() {
		if err != nil {
			stop()
		}
	}()
	peers := map[core.ID]string{}
	for i := range restaurants {
		id := core.ID(i + 1)
		t, err := transport.New(transport.Config{ID: id, ListenAddr: "127.0.0.1:0", Logger: logger})
		if err != nil {
			return nil, nil, err
		}
		trs = append(trs, t)
		peers[id] = t.Addr().String()
	}
	for i, t := range trs {
		for id, addr := range peers {
			if id != core.ID(i+1) {
				if err := t.SetPeer(id, addr); err != nil {
					return nil, nil, err
				}
			}
		}
	}
	for i, t := range trs {
		n, err := raft.NewNode(raft.Config{
			ID:        core.ID(i + 1),
			Peers:     peers,
			DataDir:   filepath.Join(data, fmt.Sprintf("guest%d", i)),
			Transport: t,
			Logger:    logger,
		})
		if err != nil {
			return nil, nil, err
		}
		nodes = append(nodes, n)
		if err := n.Start(context.Background()); err != nil {
			return nil, nil, err
		}
	}
	return nodes, stop, nil
}
