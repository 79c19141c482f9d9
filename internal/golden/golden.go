package golden

import (
	"flag"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/tools/txtar"
)

// Update is the -update flag of every test binary that imports golden.
var Update = flag.Bool("update", false, "rewrite golden files")

// Section returns the data of the archive's file name, or nil.
func Section(ar *txtar.Archive, name string) []byte {
	for _, f := range ar.Files {
		if f.Name == name {
			return f.Data
		}
	}
	return nil
}

// Compare compares got with the section name of the archive at path, or
// with -update rewrites that section (adding it when missing).
func Compare(t *testing.T, path string, ar *txtar.Archive, name, got string) {
	t.Helper()
	if *Update {
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
	want := Section(ar, name)
	require.NotNil(t, want, "no %s section (run with -update)", name)
	assert.Equal(t, string(want), got)
}

// Comments collects "line: message" from the // KIND "message" comments of
// src, in order.
func Comments(src []byte, kind string) []string {
	re := regexp.MustCompile(`\b` + regexp.QuoteMeta(kind) + `\s+("(?:[^"\\]|\\.)*")`)
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
