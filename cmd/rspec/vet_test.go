package main

import (
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/tools/txtar"
)

var update = flag.Bool("update", false, "rewrite golden files")

// TestVet runs rspec vet on each testdata/vet/*.rsl (and on spec/raft.rsl)
// and compares the exit code, stdout and stderr with NAME.golden.
func TestVet(t *testing.T) {
	specs, err := filepath.Glob("testdata/vet/*.rsl")
	require.NoError(t, err)
	specs = append(specs, "../../spec/raft.rsl")
	for _, spec := range specs {
		name := strings.TrimSuffix(filepath.Base(spec), ".rsl")
		t.Run(name, func(t *testing.T) {
			code, stdout, stderr := runCLI(t, "vet", spec)
			got := txtar.Format(&txtar.Archive{Files: []txtar.File{
				{Name: "exit", Data: []byte(strconv.Itoa(code) + "\n")},
				{Name: "stdout", Data: []byte(stdout)},
				{Name: "stderr", Data: []byte(stderr)},
			}})
			path := filepath.Join("testdata", "vet", name+".golden")
			if *update {
				require.NoError(t, os.WriteFile(path, got, 0o644))
				return
			}
			want, err := os.ReadFile(path)
			require.NoError(t, err)
			assert.Equal(t, string(want), string(got))
		})
	}
}

func TestVetDefines(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		code    int
		wantErr string
	}{
		{name: "override", args: []string{"-D", "N=5", "-D", "MaxTerm=2"}, code: exitOK},
		{name: "unknown", args: []string{"-D", "Nope=1"}, code: exitUsage, wantErr: "cannot override undefined constant Nope"},
		{name: "malformed", args: []string{"-D", "N"}, code: exitUsage, wantErr: `invalid -D "N": want NAME=VALUE`},
		{name: "not a number", args: []string{"-D", "N=x"}, code: exitUsage, wantErr: "value must be an integer, true or false"},
		{name: "empty domain", args: []string{"-D", "N=0"}, code: exitUsage, wantErr: "empty range 0..-1"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, _, stderr := runCLI(t, append([]string{"vet", "../../spec/raft.rsl"}, tc.args...)...)
			assert.Equal(t, tc.code, code)
			if tc.wantErr != "" {
				assert.Contains(t, stderr, tc.wantErr)
			} else {
				assert.Empty(t, stderr)
			}
		})
	}
}

func TestVetMissingFile(t *testing.T) {
	code, _, stderr := runCLI(t, "vet", "testdata/vet/nonexistent.rsl")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, "rspec: open testdata/vet/nonexistent.rsl")
}

func TestParseDefines(t *testing.T) {
	got, err := parseDefines([]string{"N=3", "Flag=true", "Off=false", "Neg=-2"})
	require.NoError(t, err)
	assert.Equal(t, map[string]int64{"N": 3, "Flag": 1, "Off": 0, "Neg": -2}, got)
	_, err = parseDefines([]string{"N=1", "N=2"})
	assert.EqualError(t, err, `invalid -D "N=2": N is already set`)
}
