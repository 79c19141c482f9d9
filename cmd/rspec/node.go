package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
	"unicode/utf8"

	"github.com/spf13/cobra"

	"github.com/rspec/rspec/runtime/core"
	"github.com/rspec/rspec/runtime/raft"
)

// proposeTimeout bounds how long POST /propose waits for a commit.
const proposeTimeout = 10 * time.Second

func newNodeCmd() *cobra.Command {
	var (
		id                  uint64
		peers, clients      string
		data, listen, cl    string
		election, heartbeat time.Duration
	)
	cmd := &cobra.Command{
		Use:   "node --id ID --peers LIST --data DIR [--listen ADDR] [--client ADDR]",
		Short: "Run one Raft node",
		Long: `node runs one member of a Raft cluster until SIGINT or SIGTERM.

--peers lists every member, this one included, as ID=HOST:PORT pairs:
  1=127.0.0.1:7001,2=127.0.0.1:7002,3=127.0.0.1:7003
The node keeps its term, vote and log in a write-ahead log under --data and
restarts from it. With --client it serves a small HTTP API:

  POST /propose          body = payload; 200 {"index":N,"term":T} once committed;
                         not committed, retry: 421 naming the leader, 503 while
                         no leader is known or when another entry took the index;
                         outcome unknown: 504 (timed out), 500 (node stopping)
  GET  /status           id, term, role, leader, commit, last index, addresses
  GET  /committed?from=N committed entries from index N (default 1)

Nodes do not forward proposals: a client retries at the leader named in the
421 answer. --clients gives the other nodes' API addresses (same format as
--peers) so that the answer can name the leader's API address. Logs go to
stderr.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			stderr := cmd.ErrOrStderr()
			usage := func(err error) error {
				fmt.Fprintf(stderr, "rspec node: %v\n", err)
				return &exitError{code: exitUsage}
			}
			peerMap, err := parseNodeList(peers)
			if err != nil {
				return usage(fmt.Errorf("--peers: %w", err))
			}
			clientMap := map[core.ID]string{}
			if clients != "" {
				if clientMap, err = parseNodeList(clients); err != nil {
					return usage(fmt.Errorf("--clients: %w", err))
				}
			}
			if cl != "" {
				clientMap[core.ID(id)] = cl
			}
			if data == "" {
				return usage(errors.New("--data is required"))
			}
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			logger := slog.New(slog.NewTextHandler(stderr, nil))
			n, err := raft.NewNode(raft.Config{
				ID:                core.ID(id),
				Peers:             peerMap,
				DataDir:           data,
				ListenAddr:        listen,
				ElectionTimeout:   election,
				HeartbeatInterval: heartbeat,
				Logger:            logger,
			})
			if err != nil {
				return usage(err)
			}
			if err := serveNodes(ctx, logger, []*raft.Node{n}, clientMap, nil); err != nil {
				fmt.Fprintf(stderr, "rspec node: %v\n", err)
				return &exitError{code: exitFailed}
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.Uint64Var(&id, "id", 0, "this node's id, a key of --peers")
	f.StringVar(&peers, "peers", "", "every member as ID=HOST:PORT,... (this node included)")
	f.StringVar(&data, "data", "", "directory of this node's write-ahead log")
	f.StringVar(&listen, "listen", "", "address to listen on for peers (default: this node's --peers address)")
	f.StringVar(&cl, "client", "", "address of the HTTP client API (none if empty)")
	f.StringVar(&clients, "clients", "", "every member's client API address as ID=HOST:PORT,...")
	f.DurationVar(&election, "election-timeout", raft.DefaultElectionTimeout, "election timeout T, randomised in [T, 2T)")
	f.DurationVar(&heartbeat, "heartbeat", raft.DefaultHeartbeatInterval, "leader heartbeat interval")
	return cmd
}

// parseNodeList parses "1=host:port,2=host:port".
func parseNodeList(s string) (map[core.ID]string, error) {
	m := map[core.ID]string{}
	for item := range strings.SplitSeq(s, ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		k, addr, ok := strings.Cut(item, "=")
		id, err := strconv.ParseUint(k, 10, 64)
		if !ok || err != nil || id == 0 || addr == "" {
			return nil, fmt.Errorf("bad entry %q: want ID=HOST:PORT with a non-zero ID", item)
		}
		if _, dup := m[core.ID(id)]; dup {
			return nil, fmt.Errorf("node %d listed twice", id)
		}
		m[core.ID(id)] = addr
	}
	if len(m) == 0 {
		return nil, errors.New("no nodes")
	}
	return m, nil
}

// exitFailed is the exit code of a node that failed and of a proposal that
// was not committed.
const exitFailed = 1

// serveNodes starts nodes, each with an applied log and, if clients names
// an address for it, a client API; it returns when ctx is done or a node
// fails, after stopping everything. onApply, if not nil, sees every entry
// each node applies.
func serveNodes(ctx context.Context, logger *slog.Logger, nodes []*raft.Node, clients map[core.ID]string,
	onApply func(core.ID, raft.Entry)) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	var servers []*http.Server
	errc := make(chan error, 2*len(nodes))
	stopAll := func() error {
		var errs []error
		for _, n := range nodes {
			errs = append(errs, n.Stop())
		}
		cancel()
		wg.Wait()
		return errors.Join(errs...)
	}
	for _, n := range nodes {
		if err := n.Start(ctx); err != nil {
			return errors.Join(err, stopAll())
		}
		applied := &appliedLog{}
		if onApply != nil {
			applied.notify = func(e raft.Entry) { onApply(n.ID(), e) }
		}
		wg.Go(func() { applied.consume(n.Committed()) })
		wg.Go(func() {
			<-n.Done()
			if err := n.Err(); err != nil {
				errc <- fmt.Errorf("node %d: %w", n.ID(), err)
			}
		})
		addr := clients[n.ID()]
		if addr == "" {
			continue
		}
		ln, err := net.Listen("tcp", addr)
		if err != nil {
			for _, srv := range servers {
				_ = srv.Close()
			}
			return errors.Join(fmt.Errorf("client API of node %d: %w", n.ID(), err), stopAll())
		}
		srv := &http.Server{
			Handler:           &clientAPI{node: n, applied: applied, clients: clients},
			ReadHeaderTimeout: 5 * time.Second,
			ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
		}
		servers = append(servers, srv)
		logger.Info("client API listening", "node", uint64(n.ID()), "addr", ln.Addr().String())
		wg.Go(func() {
			if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
				errc <- err
			}
		})
	}
	var err error
	select {
	case <-ctx.Done():
	case err = <-errc:
	}
	for _, srv := range servers {
		sctx, scancel := context.WithTimeout(context.Background(), 2*time.Second)
		_ = srv.Shutdown(sctx)
		scancel()
	}
	return errors.Join(err, stopAll())
}

// appliedLog is the application of a node served by the client API: the
// committed entries in index order. A restarted node delivers from index 1
// again; entries already held are skipped by index.
type appliedLog struct {
	mu      sync.Mutex
	entries []raft.Entry
	notify  func(raft.Entry) // called for each newly applied entry
}

func (a *appliedLog) consume(c <-chan raft.Entry) {
	for e := range c {
		a.mu.Lock()
		fresh := e.Index == uint64(len(a.entries))+1
		if fresh {
			a.entries = append(a.entries, e)
		}
		notify := a.notify
		a.mu.Unlock()
		if fresh && notify != nil {
			notify(e)
		}
	}
}

// from returns the entries from index from on.
func (a *appliedLog) from(from uint64) []raft.Entry {
	a.mu.Lock()
	defer a.mu.Unlock()
	if from < 1 {
		from = 1
	}
	if from > uint64(len(a.entries)) {
		return nil
	}
	return slices.Clone(a.entries[from-1:])
}

// clientAPI is the HTTP API of one node.
type clientAPI struct {
	node    *raft.Node
	applied *appliedLog
	clients map[core.ID]string
}

// apiStatus is the body of GET /status and of refusals.
type apiStatus struct {
	ID           uint64            `json:"id"`
	Term         uint64            `json:"term"`
	Role         string            `json:"role"`
	Leader       uint64            `json:"leader"`
	LeaderAddr   string            `json:"leader_addr,omitempty"`
	LeaderClient string            `json:"leader_client,omitempty"`
	Commit       uint64            `json:"commit"`
	LastIndex    uint64            `json:"last_index"`
	Clients      map[string]string `json:"clients,omitempty"`
	Error        string            `json:"error,omitempty"`
}

// apiEntry is one entry of GET /committed. Data holds the payload when it is
// UTF-8 and DataBase64 otherwise.
type apiEntry struct {
	Index      uint64 `json:"index"`
	Term       uint64 `json:"term"`
	Noop       bool   `json:"noop,omitempty"` // a new leader's empty entry
	Data       string `json:"data,omitempty"`
	DataBase64 []byte `json:"data_base64,omitempty"`
}

func (a *clientAPI) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch {
	case r.URL.Path == "/propose" && r.Method == http.MethodPost:
		a.handlePropose(w, r)
	case r.URL.Path == "/status" && r.Method == http.MethodGet:
		writeJSON(w, http.StatusOK, a.status())
	case r.URL.Path == "/committed" && r.Method == http.MethodGet:
		a.handleCommitted(w, r)
	default:
		writeJSON(w, http.StatusNotFound, map[string]string{"error": "not found: " + r.Method + " " + r.URL.Path})
	}
}

func (a *clientAPI) status() apiStatus {
	st := a.node.Status()
	out := apiStatus{
		ID:           uint64(st.ID),
		Term:         st.Term,
		Role:         st.Role.String(),
		Leader:       uint64(st.Leader),
		LeaderAddr:   st.LeaderAddr,
		LeaderClient: a.clients[st.Leader],
		Commit:       st.Commit,
		LastIndex:    st.LastIndex,
		Clients:      map[string]string{},
	}
	for id, addr := range a.clients {
		out.Clients[strconv.FormatUint(uint64(id), 10)] = addr
	}
	return out
}

func (a *clientAPI) handlePropose(w http.ResponseWriter, r *http.Request) {
	data, err := io.ReadAll(http.MaxBytesReader(w, r.Body, 1<<20))
	if err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": err.Error()})
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), proposeTimeout)
	defer cancel()
	index, term, err := a.node.Propose(ctx, data)
	var nle *raft.NotLeaderError
	switch {
	case err == nil:
		writeJSON(w, http.StatusOK, map[string]uint64{"index": index, "term": term})
	case errors.As(err, &nle) && nle.Leader != core.None:
		st := a.status()
		st.Leader, st.LeaderAddr, st.LeaderClient = uint64(nle.Leader), nle.Addr, a.clients[nle.Leader]
		st.Error = err.Error()
		writeJSON(w, http.StatusMisdirectedRequest, st)
	case errors.Is(err, raft.ErrNotLeader), errors.Is(err, raft.ErrProposalDropped):
		st := a.status()
		st.Error = err.Error()
		w.Header().Set("Retry-After", "1")
		writeJSON(w, http.StatusServiceUnavailable, st)
	case errors.Is(err, context.DeadlineExceeded):
		writeJSON(w, http.StatusGatewayTimeout, map[string]string{
			"error": "not committed within " + proposeTimeout.String() + "; the entry may still commit"})
	default: // stopped or failed while waiting
		writeJSON(w, http.StatusInternalServerError, map[string]string{
			"error": err.Error() + "; the entry may still commit"})
	}
}

func (a *clientAPI) handleCommitted(w http.ResponseWriter, r *http.Request) {
	from := uint64(1)
	if s := r.URL.Query().Get("from"); s != "" {
		v, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			writeJSON(w, http.StatusBadRequest, map[string]string{"error": "from: " + err.Error()})
			return
		}
		from = v
	}
	entries := []apiEntry{}
	for _, e := range a.applied.from(from) {
		ae := apiEntry{Index: e.Index, Term: e.Term, Noop: e.Noop}
		if utf8.Valid(e.Data) {
			ae.Data = string(e.Data)
		} else {
			ae.DataBase64 = e.Data
		}
		entries = append(entries, ae)
	}
	writeJSON(w, http.StatusOK, map[string]any{"entries": entries})
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(v)
}
