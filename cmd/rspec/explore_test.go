package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rspec/rspec/explore"
)

// lockedBuffer is a bytes.Buffer safe for a writer and a reader goroutine.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func TestExploreServes(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	var out, errOut lockedBuffer
	done := make(chan int, 1)
	go func() { done <- runExplore(ctx, explore.Flags{Addr: "127.0.0.1:0"}, &out, &errOut) }()
	urlRE := regexp.MustCompile(`http://127\.0\.0\.1:\d+/`)
	var base string
	require.Eventually(t, func() bool {
		base = urlRE.FindString(out.String())
		return base != ""
	}, 10*time.Second, 20*time.Millisecond, errOut.String())
	resp, err := http.Get(base + "api/model")
	require.NoError(t, err)
	var info struct {
		Name  string   `json:"name"`
		Nodes []string `json:"nodes"`
	}
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&info))
	resp.Body.Close()
	assert.Equal(t, "raft", info.Name)
	assert.Equal(t, []string{"s0", "s1", "s2"}, info.Nodes)
	cancel()
	select {
	case code := <-done:
		assert.Equal(t, exitOK, code)
	case <-time.After(10 * time.Second):
		t.Fatal("explore did not stop")
	}
}

// TestExploreBuiltSpec serves the Raft spec with two servers, which rspec
// explore builds into a checker binary and runs with the explore argument.
func TestExploreBuiltSpec(t *testing.T) {
	chdirRoot(t)
	t.Setenv("RSPEC_CACHE", t.TempDir())
	var errBuf bytes.Buffer
	spec, code := specToBuild(&errBuf, "explore", nil, []string{"N=2"})
	require.Equal(t, exitOK, code, errBuf.String())
	require.NotNil(t, spec, "-D N=2 needs a built model")

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out, errOut lockedBuffer
	done := make(chan int, 1)
	go func() {
		done <- runBuiltCommand(ctx, "explore", spec, []string{"explore", "--addr=127.0.0.1:0"}, &out, &errOut)
	}()
	urlRE := regexp.MustCompile(`http://127\.0\.0\.1:\d+/`)
	var base string
	require.Eventually(t, func() bool {
		base = urlRE.FindString(out.String())
		return base != ""
	}, 3*time.Minute, 50*time.Millisecond, "no URL; stderr: %s", errOut.String())
	resp, err := http.Get(base + "api/model")
	require.NoError(t, err)
	var info struct {
		Nodes []string `json:"nodes"`
	}
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&info))
	resp.Body.Close()
	assert.Equal(t, []string{"s0", "s1"}, info.Nodes)
	cancel()
	select {
	case code := <-done:
		assert.Equal(t, exitOK, code, errOut.String())
	case <-time.After(10 * time.Second):
		t.Fatal("explore did not stop")
	}
}

func TestExploreUsageErrors(t *testing.T) {
	bad := filepath.Join(t.TempDir(), "bad.jsonl")
	require.NoError(t, os.WriteFile(bad, []byte("{\"kind\":\"nope\"}\n"), 0o644))
	empty := filepath.Join(t.TempDir(), "empty.jsonl")
	require.NoError(t, os.WriteFile(empty, nil, 0o644))
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"not loopback", []string{"explore", "--addr", "0.0.0.0:0"}, "loopback addresses only"},
		{"bad addr", []string{"explore", "--addr", "nope"}, `invalid --addr "nope"`},
		{"missing traces", []string{"explore", "--traces", "no/such.jsonl"}, "no such file"},
		{"bad traces", []string{"explore", "--traces", bad}, `unknown kind "nope"`},
		{"empty traces", []string{"explore", "--traces", empty}, "no traces in the file"},
		{"two specs", []string{"explore", "a.rsl", "b.rsl"}, "accepts at most 1 arg"},
		{"missing spec", []string{"explore", "nosuch.rsl"}, "nosuch.rsl"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, _, errOut := runCLI(t, tc.args...)
			assert.Equal(t, exitUsage, code)
			assert.Contains(t, errOut, tc.want)
		})
	}
}

func TestCheckDiagram(t *testing.T) {
	chdirRoot(t)
	dir := t.TempDir()
	svg := filepath.Join(dir, "leader.svg")
	code, _, errOut := runCLI(t, "check", "--depth", "6", "--quiet", "--diagram", svg, "--diagram-of", "LeaderElected")
	require.Equal(t, exitOK, code, errOut)
	b, err := os.ReadFile(svg)
	require.NoError(t, err)
	assert.Contains(t, string(b), "example: LeaderElected")
	assert.Contains(t, string(b), "★ Leader t1")

	mmd := filepath.Join(dir, "leader.mmd")
	traces := filepath.Join(dir, "traces.jsonl")
	code, _, errOut = runCLI(t, "check", "--depth", "6", "--quiet", "--diagram", mmd, "--trace-out", traces)
	require.Equal(t, exitOK, code, errOut)
	b, err = os.ReadFile(mmd)
	require.NoError(t, err)
	assert.Contains(t, string(b), "sequenceDiagram\n    title example: LeaderElected\n")
	_, err = os.Stat(traces)
	assert.NoError(t, err, "the user's --trace-out is kept")

	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"bad extension", []string{"--diagram", filepath.Join(dir, "x.png")}, "want a .svg or .mmd file"},
		{"goal without diagram", []string{"--diagram-of", "LeaderElected"}, "--diagram-of needs --diagram"},
		{"goal not reached", []string{"--diagram", filepath.Join(dir, "y.svg"), "--diagram-of", "FollowerTruncates"}, "no example of goal FollowerTruncates"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, _, errOut := runCLI(t, append([]string{"check", "--depth", "3", "--quiet"}, tc.args...)...)
			assert.Equal(t, exitUsage, code)
			assert.Contains(t, errOut, tc.want)
		})
	}
}
