package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// buildRspec builds this command into a temporary directory.
func buildRspec(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "rspec")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	require.NoError(t, err, "go build: %s", out)
	return bin
}

// freePorts returns n loopback addresses that were free a moment ago.
func freePorts(t *testing.T, n int) []string {
	t.Helper()
	var addrs []string
	var lns []net.Listener
	for range n {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		require.NoError(t, err)
		lns = append(lns, ln)
		addrs = append(addrs, ln.Addr().String())
	}
	for _, ln := range lns {
		ln.Close()
	}
	return addrs
}

// procCluster is three "rspec node" processes on loopback.
type procCluster struct {
	t       *testing.T
	bin     string
	dir     string
	peers   []string // raft addresses, by id-1
	clients []string // client API addresses, by id-1
	procs   []*exec.Cmd
	runs    []int // runs started, by id-1
}

func (c *procCluster) start(i int) {
	c.t.Helper()
	id := i + 1
	var peers, clients []string
	for j := range c.peers {
		peers = append(peers, fmt.Sprintf("%d=%s", j+1, c.peers[j]))
		clients = append(clients, fmt.Sprintf("%d=%s", j+1, c.clients[j]))
	}
	c.runs[i]++
	logf, err := os.Create(filepath.Join(c.dir, fmt.Sprintf("node%d.run%d.log", id, c.runs[i])))
	require.NoError(c.t, err)
	defer logf.Close()
	cmd := exec.Command(c.bin, "node", "--id", fmt.Sprint(id),
		"--peers", strings.Join(peers, ","), "--clients", strings.Join(clients, ","),
		"--client", c.clients[i], "--data", filepath.Join(c.dir, fmt.Sprintf("data%d", id)),
		"--election-timeout", "150ms", "--heartbeat", "30ms")
	cmd.Stdout, cmd.Stderr = logf, logf
	require.NoError(c.t, cmd.Start())
	c.procs[i] = cmd
}

// kill kills node i with SIGKILL: no clean stop, only what was synced stays.
func (c *procCluster) kill(i int) {
	c.t.Helper()
	p := c.procs[i]
	require.NoError(c.t, p.Process.Kill())
	_ = p.Wait()
	c.procs[i] = nil
}

// stop stops node i with SIGTERM and requires a clean exit.
func (c *procCluster) stop(i int) {
	c.t.Helper()
	p := c.procs[i]
	require.NoError(c.t, p.Process.Signal(syscall.SIGTERM))
	done := make(chan error, 1)
	go func() { done <- p.Wait() }()
	select {
	case err := <-done:
		assert.NoError(c.t, err, "node %d exit", i+1)
	case <-time.After(10 * time.Second):
		_ = p.Process.Kill()
		c.t.Errorf("node %d did not stop within 10s of SIGTERM", i+1)
	}
	c.procs[i] = nil
}

func (c *procCluster) killAll() {
	for i, p := range c.procs {
		if p != nil {
			_ = p.Process.Kill()
			_ = p.Wait()
			c.procs[i] = nil
		}
	}
}

// dumpLogs prints the nodes' logs when the test failed.
func (c *procCluster) dumpLogs() {
	if !c.t.Failed() {
		return
	}
	logs, _ := filepath.Glob(filepath.Join(c.dir, "*.log"))
	for _, l := range logs {
		b, _ := os.ReadFile(l)
		s := string(b)
		if len(s) > 4000 {
			s = "..." + s[len(s)-4000:]
		}
		c.t.Logf("==> %s\n%s", filepath.Base(l), s)
	}
}

func (c *procCluster) getJSON(addr, path string, v any) error {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+addr+path, nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	return json.NewDecoder(resp.Body).Decode(v)
}

// leader returns the index of the node that a running node names leader
// and that says it leads.
func (c *procCluster) leader() int {
	c.t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		for i, p := range c.procs {
			var st apiStatus
			if p != nil && c.getJSON(c.clients[i], "/status", &st) == nil && st.Role == "Leader" {
				return i
			}
		}
	}
	c.t.Fatal("no leader within 10s")
	return -1
}

// committed returns node i's committed payloads, by index from 1.
func (c *procCluster) committed(i int) ([]apiEntry, error) {
	var body struct{ Entries []apiEntry }
	err := c.getJSON(c.clients[i], "/committed?from=1", &body)
	return body.Entries, err
}

type ack struct {
	index, term uint64
	data        string
}

// TestNodeProcesses runs three "rspec node" processes, proposes through
// the client API while a follower, then the leader, then the leader and a
// follower together are killed with SIGKILL and restarted from their data
// directories, and checks that every node delivers every acknowledged
// proposal at its index, in one order.
func TestNodeProcesses(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes")
	}
	addrs := freePorts(t, 6)
	c := &procCluster{
		t: t, bin: buildRspec(t), dir: t.TempDir(),
		peers: addrs[:3], clients: addrs[3:],
		procs: make([]*exec.Cmd, 3), runs: make([]int, 3),
	}
	t.Cleanup(c.dumpLogs)
	t.Cleanup(c.killAll)
	for i := range 3 {
		c.start(i)
	}

	client := &proposeClient{http: &http.Client{}}
	for _, a := range c.clients {
		client.learn(a)
	}
	var acks []ack
	unknown := 0
	seq := 0
	proposeN := func(n int) {
		for range n {
			data := fmt.Sprintf("p%03d", seq)
			seq++
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			index, term, err := client.propose(ctx, []byte(data))
			cancel()
			if err != nil {
				// The outcome is unknown; such an entry may or may not
				// appear, and nothing is asserted about it.
				t.Logf("propose %s: %v", data, err)
				unknown++
				continue
			}
			acks = append(acks, ack{index, term, data})
		}
	}

	proposeN(10)
	lead := c.leader()
	follower := (lead + 1) % 3
	c.kill(follower)
	proposeN(10)
	c.start(follower)
	proposeN(10)
	lead = c.leader()
	c.kill(lead)
	proposeN(10)
	c.start(lead)
	proposeN(10)
	// A majority dies at once: the acknowledged entries survive only
	// through what the two nodes synced before they were killed.
	lead = c.leader()
	other := (lead + 2) % 3
	c.kill(lead)
	c.kill(other)
	c.start(lead)
	c.start(other)
	proposeN(10)

	require.LessOrEqual(t, unknown, 5, "too many proposals with unknown outcome")
	require.GreaterOrEqual(t, len(acks), 55)
	last := acks[len(acks)-1].index

	// Every node, the restarted ones included, converges on one log.
	var logs [3][]apiEntry
	converged := false
	for deadline := time.Now().Add(15 * time.Second); !converged && time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		converged = true
		for i := range 3 {
			entries, err := c.committed(i)
			logs[i] = entries
			converged = converged && err == nil && uint64(len(entries)) >= last && len(entries) == len(logs[0])
		}
	}
	require.True(t, converged, "logs did not converge: lengths %d %d %d, want >= %d",
		len(logs[0]), len(logs[1]), len(logs[2]), last)
	for i := range 3 {
		assert.Equal(t, logs[0], logs[i], "node %d's log differs from node 1's", i+1)
		for j, e := range logs[i] {
			require.Equal(t, uint64(j+1), e.Index, "node %d delivers in index order", i+1)
		}
		for _, a := range acks {
			e := logs[i][a.index-1]
			assert.Equal(t, a.data, e.Data, "node %d, acknowledged index %d", i+1, a.index)
			assert.Equal(t, a.term, e.Term, "node %d, acknowledged index %d", i+1, a.index)
		}
	}
	for i := range 3 {
		c.stop(i)
	}
}

// TestClusterProcess runs "rspec cluster", proposes with "rspec send" at a
// node that may not lead, and stops the cluster with SIGINT.
func TestClusterProcess(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes")
	}
	base := freeBasePort(t)
	bin := buildRspec(t)
	cmd := exec.Command(bin, "cluster", "--nodes", "3", "--base-port", fmt.Sprint(base), "--data", t.TempDir())
	stdout, err := cmd.StdoutPipe()
	require.NoError(t, err)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	require.NoError(t, cmd.Start())
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	})
	lines := make(chan string, 100)
	var wg sync.WaitGroup
	wg.Go(func() {
		defer close(lines)
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			lines <- sc.Text()
		}
	})
	// waitLine returns the first line printed, so far or within 10s, that
	// starts with prefix: lines come in no fixed order across nodes (a new
	// leader's no-op may commit before the leader is announced).
	var seen []string
	waitLine := func(prefix string) string {
		t.Helper()
		for _, l := range seen {
			if strings.HasPrefix(l, prefix) {
				return l
			}
		}
		timeout := time.After(10 * time.Second)
		for {
			select {
			case l, ok := <-lines:
				require.True(t, ok, "cluster exited; stderr: %s", stderr.String())
				seen = append(seen, l)
				if strings.HasPrefix(l, prefix) {
					return l
				}
			case <-timeout:
				t.Fatalf("no line %q within 10s; stderr: %s", prefix, stderr.String())
			}
		}
	}
	waitLine("leader: node ")
	for _, addr := range []string{fmt.Sprintf("127.0.0.1:%d", base+1), fmt.Sprintf("127.0.0.1:%d", base+3)} {
		code, out, errOut := runCLI(t, "send", "--addr", addr, "payload from "+addr)
		require.Equal(t, exitOK, code, errOut)
		assert.Regexp(t, `^committed at index \d+ \(term \d+\)\n$`, out)
	}
	assert.Contains(t, waitLine("committed 1 "), "no-op of a new leader")
	assert.Contains(t, waitLine("committed 2 "), "payload from")
	assert.Contains(t, waitLine("committed 3 "), "payload from")
	require.NoError(t, cmd.Process.Signal(os.Interrupt))
	waitLine("stopped")
	wg.Wait()
	_, _ = io.Copy(io.Discard, stdout)
	require.NoError(t, cmd.Wait(), "stderr: %s", stderr.String())
}

// freeBasePort finds P such that P+1..P+3 and P+101..P+103 are free. It
// draws P below Linux's ephemeral port range (32768 and up), where the
// ports the OS hands out to outgoing connections and to ":0" listeners do
// not land, so a range found free stays free while the cluster starts.
func freeBasePort(t *testing.T) int {
	t.Helper()
	for range 200 {
		base := 20000 + rand.IntN(12000)
		ok := true
		for _, p := range []int{base + 1, base + 2, base + 3, base + 101, base + 102, base + 103} {
			ln, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", p))
			if err != nil {
				ok = false
				break
			}
			ln.Close()
		}
		if ok {
			return base
		}
	}
	t.Fatal("no free port range")
	return 0
}
