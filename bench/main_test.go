package main

import (
	"bytes"
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestRunSmall runs every system for a few hundred proposals and checks
// that each is reported. It measures nothing.
func TestRunSmall(t *testing.T) {
	if testing.Short() {
		t.Skip("starts three clusters")
	}
	var stdout, stderr bytes.Buffer
	args := []string{"-count", "300", "-warmup", "0", "-inflight", "8", "-catchup", "20000", "-dir", t.TempDir()}
	require.Equal(t, 0, run(context.Background(), args, &stdout, &stderr), "stderr:\n%s", &stderr)
	for _, want := range []string{"\nrspec ", "\nhashicorp ", "\nhashicorp+logcache ",
		"rspec / hashicorp: ", "rspec / hashicorp+logcache: ", "catch-up: a follower 20000 entries"} {
		assert.Contains(t, stdout.String(), want)
	}
}

func TestFlagErrors(t *testing.T) {
	cases := []struct {
		name string
		args []string
	}{
		{"no clients", []string{"-inflight", "0"}},
		{"unknown system", []string{"-systems", "etcd"}},
		{"no systems", []string{"-systems", ","}},
		{"negative count", []string{"-count", "-1"}},
		{"no rounds", []string{"-rounds", "0"}},
		{"negative catch-up", []string{"-catchup", "-1"}},
		{"stray argument", []string{"now"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			assert.Equal(t, 2, run(context.Background(), tc.args, &stdout, &stderr), "stderr: %s", &stderr)
		})
	}
}
