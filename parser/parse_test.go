package parser

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
)

var update = flag.Bool("update", false, "rewrite golden files")

// TestParse runs every testdata/*.txtar: in.rsl is parsed; a spec whose
// comments carry // ERROR "message" must fail with exactly those messages
// on those lines, any other must parse to the tree in want.txt.
func TestParse(t *testing.T) {
	files, err := filepath.Glob("testdata/*.txtar")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, path := range files {
		t.Run(strings.TrimSuffix(filepath.Base(path), ".txtar"), func(t *testing.T) {
			ar, err := txtar.ParseFile(path)
			require.NoError(t, err)
			src := section(ar, "in.rsl")
			require.NotNil(t, src, "no in.rsl section")
			f, err := Parse("in.rsl", src)
			if want := expectedErrors(src); len(want) > 0 {
				require.Error(t, err)
				assert.Equal(t, want, actualErrors(err, src))
				return
			}
			require.NoError(t, err)
			golden(t, path, ar, "want.txt", dump(f))
		})
	}
}

func section(ar *txtar.Archive, name string) []byte {
	for _, f := range ar.Files {
		if f.Name == name {
			return f.Data
		}
	}
	return nil
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

var errorComment = regexp.MustCompile(`\bERROR\s+("(?:[^"\\]|\\.)*")`)

// expectedErrors collects "line: message" from // ERROR "message" comments.
func expectedErrors(src []byte) []string {
	var out []string
	for i, line := range strings.Split(string(src), "\n") {
		_, comment, ok := strings.Cut(line, "//")
		if !ok {
			continue
		}
		for _, m := range errorComment.FindAllStringSubmatch(comment, -1) {
			msg, err := strconv.Unquote(m[1])
			if err != nil {
				msg = m[1]
			}
			out = append(out, strconv.Itoa(i+1)+": "+msg)
		}
	}
	return out
}

// actualErrors renders an ErrorList as "line: message". An error at the
// end of the file counts as on the last line, where its comment can be.
func actualErrors(err error, src []byte) []string {
	last := strings.Count(strings.TrimRight(string(src), "\n"), "\n") + 1
	var out []string
	for _, e := range err.(ErrorList) {
		out = append(out, strconv.Itoa(min(e.Pos.Line, last))+": "+e.Msg)
	}
	return out
}
