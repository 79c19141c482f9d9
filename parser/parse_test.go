package parser

import (
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/tools/txtar"

	"github.com/rspec/rspec/internal/golden"
)

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
			src := golden.Section(ar, "in.rsl")
			require.NotNil(t, src, "no in.rsl section")
			f, err := Parse("in.rsl", src)
			if want := golden.Comments(src, "ERROR"); len(want) > 0 {
				require.Error(t, err)
				assert.Equal(t, want, actualErrors(err, src))
				return
			}
			require.NoError(t, err)
			golden.Compare(t, path, ar, "want.txt", dump(f))
		})
	}
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
