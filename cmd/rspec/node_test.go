package main

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rspec/rspec/runtime/core"
	"github.com/rspec/rspec/runtime/raft"
)

func TestParseNodeList(t *testing.T) {
	cases := []struct {
		name string
		in   string
		want map[core.ID]string
		err  string
	}{
		{"three", "1=127.0.0.1:7001,2=127.0.0.1:7002,3=127.0.0.1:7003",
			map[core.ID]string{1: "127.0.0.1:7001", 2: "127.0.0.1:7002", 3: "127.0.0.1:7003"}, ""},
		{"spaces and trailing comma", " 1=a:1 , 2=b:2,", map[core.ID]string{1: "a:1", 2: "b:2"}, ""},
		{"empty", "", nil, "no nodes"},
		{"zero id", "0=a:1", nil, "non-zero"},
		{"no address", "1=", nil, "bad entry"},
		{"no equals", "127.0.0.1:7001", nil, "bad entry"},
		{"duplicate", "1=a:1,1=b:2", nil, "listed twice"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := parseNodeList(tc.in)
			if tc.err != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tc.err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
}

func TestNodeUsageErrors(t *testing.T) {
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"no peers", []string{"node", "--id", "1", "--data", "d"}, "--peers: no nodes"},
		{"no data", []string{"node", "--id", "1", "--peers", "1=127.0.0.1:1,2=127.0.0.1:2"}, "--data is required"},
		{"id not a peer", []string{"node", "--id", "3", "--peers", "1=127.0.0.1:1,2=127.0.0.1:2", "--data", "d"},
			"node 3 is not in peers"},
		{"bad clients", []string{"node", "--id", "1", "--peers", "1=127.0.0.1:1,2=127.0.0.1:2", "--data", "d",
			"--clients", "x"}, "--clients: bad entry"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, _, stderr := runCLI(t, tc.args...)
			assert.Equal(t, exitUsage, code)
			assert.Contains(t, stderr, tc.want)
		})
	}
}

func TestClusterUsageErrors(t *testing.T) {
	code, _, stderr := runCLI(t, "cluster", "--nodes", "1")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, "need --nodes >= 2")
}

// fakeNode is a client API that answers POST /propose with a fixed reply.
func fakeNode(t *testing.T, code int, reply any) (addr string, hits *atomic.Int32) {
	t.Helper()
	hits = new(atomic.Int32)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		assert.Equal(t, "/propose", r.URL.Path)
		writeJSON(w, code, reply)
	}))
	t.Cleanup(srv.Close)
	return strings.TrimPrefix(srv.URL, "http://"), hits
}

func TestSendFollowsLeader(t *testing.T) {
	leader, leaderHits := fakeNode(t, http.StatusOK, map[string]uint64{"index": 7, "term": 3})
	follower, _ := fakeNode(t, http.StatusMisdirectedRequest,
		apiStatus{Leader: 2, LeaderClient: leader, Error: "not leader"})
	code, stdout, stderr := runCLI(t, "send", "--addr", follower, `{"y": 7}`)
	assert.Equal(t, exitOK, code, stderr)
	assert.Equal(t, "committed at index 7 (term 3)\n", stdout)
	assert.Equal(t, int32(1), leaderHits.Load())
}

func TestSendLearnsAddressesWhileNoLeader(t *testing.T) {
	leader, _ := fakeNode(t, http.StatusOK, map[string]uint64{"index": 1, "term": 1})
	follower, _ := fakeNode(t, http.StatusServiceUnavailable,
		apiStatus{Error: "no leader", Clients: map[string]string{"2": leader}})
	code, stdout, stderr := runCLI(t, "send", "--addr", follower, "x")
	assert.Equal(t, exitOK, code, stderr)
	assert.Equal(t, "committed at index 1 (term 1)\n", stdout)
}

func TestSendLeaderAddressUnknown(t *testing.T) {
	follower, hits := fakeNode(t, http.StatusMisdirectedRequest,
		apiStatus{Leader: 2, LeaderAddr: "127.0.0.1:7002", Error: "node 1 is not leader (leader is 2 at 127.0.0.1:7002)"})
	code, _, stderr := runCLI(t, "send", "--addr", follower, "x")
	assert.Equal(t, exitFailed, code)
	assert.Contains(t, stderr, "leader is 2 at 127.0.0.1:7002")
	assert.Contains(t, stderr, "start the nodes with --clients")
	assert.Equal(t, int32(1), hits.Load())
}

func TestSendDoesNotRetryUnknownOutcome(t *testing.T) {
	for _, c := range []int{http.StatusGatewayTimeout, http.StatusInternalServerError} {
		t.Run(fmt.Sprint(c), func(t *testing.T) {
			addr, hits := fakeNode(t, c, map[string]string{"error": "timed out"})
			code, _, stderr := runCLI(t, "send", "--addr", addr, "x")
			assert.Equal(t, exitFailed, code)
			assert.Contains(t, stderr, "outcome unknown")
			assert.Equal(t, int32(1), hits.Load())
		})
	}
}

func TestSendNoServer(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	addr := strings.TrimPrefix(srv.URL, "http://")
	srv.Close() // nothing listens there now
	code, _, stderr := runCLI(t, "send", "--addr", addr, "--timeout", "500ms", "x")
	assert.Equal(t, exitFailed, code)
	assert.Contains(t, stderr, "connection refused")
}

func TestAppliedLogSkipsRedelivery(t *testing.T) {
	a := &appliedLog{}
	c := make(chan raft.Entry, 8)
	for _, i := range []uint64{1, 2, 1, 2, 3} {
		c <- raft.Entry{Index: i, Term: 1, Data: []byte(fmt.Sprint(i))}
	}
	close(c)
	a.consume(c)
	got := a.from(2)
	require.Len(t, got, 2)
	assert.Equal(t, uint64(2), got[0].Index)
	assert.Equal(t, uint64(3), got[1].Index)
	assert.Empty(t, a.from(4))
	assert.Len(t, a.from(0), 3)
}

func TestClientAPINotFound(t *testing.T) {
	api := &clientAPI{}
	rec := httptest.NewRecorder()
	api.ServeHTTP(rec, httptest.NewRequestWithContext(context.Background(), http.MethodGet, "/nope", nil))
	assert.Equal(t, http.StatusNotFound, rec.Code)
}
