package ir

import (
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/tools/txtar"

	"github.com/rspec/rspec/parser"
)

var update = flag.Bool("update", false, "rewrite golden files")

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
			src := section(ar, "in.rsl")
			require.NotNil(t, src, "no in.rsl section")
			f, err := parser.Parse("in.rsl", src)
			require.NoError(t, err)
			spec, err := Check(f, parseConsts(t, section(ar, "consts")))
			require.NotNil(t, spec)
			assert.Equal(t, comments(src, "WARNING"), lines(spec.Warnings), "warnings")
			if want := comments(src, "ERROR"); len(want) > 0 {
				require.Error(t, err)
				assert.Equal(t, want, lines(err.(parser.ErrorList)), "errors")
				return
			}
			require.NoError(t, err)
			golden(t, path, ar, "want.ir", Dump(spec))
		})
	}
}

// TestRaft checks spec/raft.rsl and compares its IR with testdata/raft.ir.
func TestRaft(t *testing.T) {
	spec := checkFile(t, "../spec/raft.rsl", nil)
	assert.Empty(t, spec.Warnings)
	got := Dump(spec)
	if *update {
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

func section(ar *txtar.Archive, name string) []byte {
	for _, f := range ar.Files {
		if f.Name == name {
			return f.Data
		}
	}
	return nil
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

// golden compares got with the named section, or rewrites it with -update.
func golden(t *testing.T, path string, ar *txtar.Archive, name, got string) {
	t.Helper()
	if *update {
		found := false
		for i := range ar.Files {
			if ar.Files[i].Name == name {
				ar.Files[i].Data, found = []byte(got), true
			}
		}
		if !found {
			ar.Files = append(ar.Files, txtar.File{Name: name, Data: []byte(got)})
		}
		require.NoError(t, os.WriteFile(path, txtar.Format(ar), 0o644))
		return
	}
	want := section(ar, name)
	require.NotNil(t, want, "no %s section (run with -update)", name)
	assert.Equal(t, string(want), got)
}

// comments collects "line: message" from // KIND "message" comments.
func comments(src []byte, kind string) []string {
	re := regexp.MustCompile(`\b` + kind + `\s+("(?:[^"\\]|\\.)*")`)
	var out []string
	for i, line := range strings.Split(string(src), "\n") {
		_, comment, ok := strings.Cut(line, "//")
		if !ok {
			continue
		}
		for _, m := range re.FindAllStringSubmatch(comment, -1) {
			msg, err := strconv.Unquote(m[1])
			if err != nil {
				msg = m[1]
			}
			out = append(out, strconv.Itoa(i+1)+": "+msg)
		}
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
