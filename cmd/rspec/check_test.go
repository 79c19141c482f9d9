package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// chdirRoot runs the test from the repository root, where spec/raft.rsl is.
func chdirRoot(t *testing.T) {
	t.Helper()
	t.Chdir(filepath.Join("..", ".."))
}

func TestCheckCompiledIn(t *testing.T) {
	chdirRoot(t)
	code, out, errOut := runCLI(t, "check", "--depth", "6", "--quiet")
	require.Equal(t, exitOK, code, errOut)
	assert.Regexp(t, `(?m)^Done\. states=\d+, unique=\d+, depth=6, sec=\d+$`, out)
	assert.Contains(t, out, "invariant ElectionSafety: holds")
	assert.Contains(t, out, "reachable LeaderElected: reached (depth 4)")
	assert.NotContains(t, errOut, "stale", "generated/raftspec matches spec/raft.rsl")
}

func TestCheckUsageErrors(t *testing.T) {
	chdirRoot(t)
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"bad format", []string{"check", "--format", "yaml"}, "invalid --format"},
		{"bad define", []string{"check", "-D", "N"}, "want NAME=VALUE"},
		{"unknown constant", []string{"check", "-D", "Nope=1"}, "Nope"},
		{"missing spec", []string{"check", "no/such.rsl"}, "no such file"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, _, errOut := runCLI(t, tc.args...)
			assert.Equal(t, exitUsage, code)
			assert.Contains(t, errOut, tc.want)
		})
	}
}

func TestCheckSpecError(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bad.rsl")
	require.NoError(t, os.WriteFile(path, []byte("const N = 3\nvar x: bool = N\n"), 0o644))
	code, _, errOut := runCLI(t, "check", path)
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errOut, "bad.rsl:2:")
	assert.Contains(t, errOut, "^")
}
