package run

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/rspec/rspec/checker"
	"github.com/rspec/rspec/checker/internal/toy"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func runToy(t *testing.T, buggy bool, c Config) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	if c.Format == "" {
		c.Format = "text"
	}
	if c.MaxMemory == "" {
		c.MaxMemory = "0"
	}
	c.Quiet = true
	code = Run(context.Background(), &toy.Mutex{Fixed: !buggy}, c, &out, &errb)
	return code, out.String(), errb.String()
}

func TestRunExitCodes(t *testing.T) {
	tests := []struct {
		name  string
		buggy bool
		cfg   Config
		want  int
	}{
		{"correct model holds", false, Config{}, ExitOK},
		{"planted bug is a violation", true, Config{}, ExitViolation},
		{"bad format is a usage error", false, Config{Format: "yaml"}, ExitUsage},
		{"negative depth is a usage error", false, Config{Depth: -1}, ExitUsage},
		{"simulation finds the bug", true, Config{Simulate: true, Walks: 200, Steps: 20, Seed: 7}, ExitViolation},
		{"simulation of the correct model holds", false, Config{Simulate: true, Walks: 50, Steps: 20, Seed: 7}, ExitOK},
		{"symmetry with simulation is a usage error", false, Config{Simulate: true, Symmetry: true, Walks: 5, Steps: 5}, ExitUsage},
		{"symmetry needs a symmetric model", false, Config{Symmetry: true}, ExitUsage},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, _, _ := runToy(t, tc.buggy, tc.cfg)
			assert.Equal(t, tc.want, code)
		})
	}
}

func TestRunTextReport(t *testing.T) {
	code, out, _ := runToy(t, true, Config{})
	require.Equal(t, ExitViolation, code)
	assert.Regexp(t, `(?m)^Done\. states=\d+, unique=\d+, depth=\d+, sec=\d+$`, out)
	assert.Contains(t, out, "violated")
	assert.Contains(t, out, "  1. Init")
}

func TestRunJSON(t *testing.T) {
	code, out, _ := runToy(t, true, Config{Format: "json"})
	require.Equal(t, ExitViolation, code)
	var res checker.Result
	require.NoError(t, json.Unmarshal([]byte(out), &res))
	assert.False(t, res.OK())
	assert.NotZero(t, res.Unique)
	assert.NotEmpty(t, res.Traces())
}

func TestRunTraceOut(t *testing.T) {
	path := filepath.Join(t.TempDir(), "traces.jsonl")
	code, _, _ := runToy(t, true, Config{TraceOut: path})
	require.Equal(t, ExitViolation, code)
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	traces, err := checker.ReadTraces(f)
	require.NoError(t, err)
	require.NotEmpty(t, traces)
	_, err = checker.Replay(&toy.Mutex{}, traces[0])
	assert.NoError(t, err, "a written trace replays against the model")
}

func TestParseMemory(t *testing.T) {
	total := func() uint64 { return 1000 }
	tests := []struct {
		in      string
		want    uint64
		wantErr bool
	}{
		{"0", 0, false},
		{"", 0, false},
		{"50%", 500, false},
		{"1024", 1024, false},
		{"2KiB", 2048, false},
		{"3MiB", 3 << 20, false},
		{"1GiB", 1 << 30, false},
		{"150%", 0, true},
		{"lots", 0, true},
		{"-5", 0, true},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			got, err := parseMemory(tc.in, total)
			if tc.wantErr {
				assert.Error(t, err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
}
