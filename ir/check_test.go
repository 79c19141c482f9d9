package ir

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/tools/txtar"

	"github.com/rspec/rspec/internal/golden"

	"github.com/rspec/rspec/parser"
)

// TestCheck runs every testdata/*.txtar. in.rsl is checked with the
// overrides in the optional consts section (NAME=VALUE lines). Comments
// // ERROR "message" and // WARNING "message" give the diagnostics expected
// on their line, exactly; a spec without ERROR comments must check and
// dump to want.ir.
func TestCheck(t *testing.T) {
	files, err := filepath.Glob("testdata/*.txtar")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, path := range files {
		t.Run(strings.TrimSuffix(filepath.Base(path), ".txtar"), func(t *testing.T) {
			ar, err := txtar.ParseFile(path)
			require.NoError(t, err)
			src := golden.Section(ar, "in.rsl")
			require.NotNil(t, src, "no in.rsl section")
			f, err := parser.Parse("in.rsl", src)
			require.NoError(t, err)
			spec, err := Check(f, parseConsts(t, golden.Section(ar, "consts")))
			require.NotNil(t, spec)
			assert.Equal(t, golden.Comments(src, "WARNING"), lines(spec.Warnings), "warnings")
			if want := golden.Comments(src, "ERROR"); len(want) > 0 {
				require.Error(t, err)
				assert.Equal(t, want, lines(err.(parser.ErrorList)), "errors")
				return
			}
			require.NoError(t, err)
			golden.Compare(t, path, ar, "want.ir", Dump(spec))
		})
	}
}

// TestRaft checks spec/raft.rsl and compares its IR with testdata/raft.ir.
func TestRaft(t *testing.T) {
	spec := checkFile(t, "../spec/raft.rsl", nil)
	assert.Empty(t, spec.Warnings)
	got := Dump(spec)
	if *golden.Update {
		require.NoError(t, os.WriteFile("testdata/raft.ir", []byte(got), 0o644))
		return
	}
	want, err := os.ReadFile("testdata/raft.ir")
	require.NoError(t, err)
	assert.Equal(t, string(want), got)
}

func checkFile(t *testing.T, path string, consts map[string]int64) *Spec {
	t.Helper()
	src, err := os.ReadFile(path)
	require.NoError(t, err)
	f, err := parser.Parse(path, src)
	require.NoError(t, err)
	spec, err := Check(f, consts)
	require.NoError(t, err)
	return spec
}

func parseConsts(t *testing.T, data []byte) map[string]int64 {
	if data == nil {
		return nil
	}
	out := map[string]int64{}
	for _, l := range strings.Fields(string(data)) {
		name, val, ok := strings.Cut(l, "=")
		require.True(t, ok, "bad consts line %q", l)
		v, err := strconv.ParseInt(val, 10, 64)
		require.NoError(t, err)
		out[name] = v
	}
	return out
}

// lines renders diagnostics as "line: message".
func lines(l []*Error) []string {
	var out []string
	for _, e := range l {
		out = append(out, strconv.Itoa(e.Pos.Line)+": "+e.Msg)
	}
	return out
}
