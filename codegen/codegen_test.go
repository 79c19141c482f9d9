package codegen

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestUnsupported(t *testing.T) {
	tests := []struct {
		name, src, err string
	}{
		{"huge set", "var s: set 0..65536\n", "x.rsl:1:5: s: set 0..65536 has more than 65536 elements; not supported by the code generator"},
		{"huge set of records", "record R { a: 0..299, b: 0..299 }\nvar s: [bool]set R\n", "x.rsl:2:5: s: set R has more than 65536 elements"},
		{"huge set in a record", "record R { s: set 0..99999 }\n", "x.rsl:1:12: R: set 0..99999 has more than 65536 elements"},
		{"no capacity", "domain N = 0..1\nmessage M { a: bool }\nnetwork N bag\n", "x.rsl:3:1: network: the code generator needs a capacity"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			spec := checkSpec(t, "x.rsl", []byte(tc.src))
			_, err := Generate(spec, Options{})
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.err)
		})
	}
}

func TestWriteDir(t *testing.T) {
	gd := loadGoldens(t)[0]
	spec := checkSpec(t, gd.name+".rsl", gd.file("in.rsl"))
	dir := t.TempDir()
	stale := filepath.Join(dir, "gone_gen.go")
	keep := filepath.Join(dir, "doc.go")
	require.NoError(t, os.WriteFile(stale, []byte("package x\n"), 0o644))
	require.NoError(t, os.WriteFile(keep, []byte("package x\n"), 0o644))

	written, err := WriteDir(spec, dir, Options{})
	require.NoError(t, err)
	assert.Contains(t, written, filepath.Join(dir, "state_gen.go"))
	assert.NoFileExists(t, stale)
	assert.FileExists(t, keep)

	written, err = WriteDir(spec, dir, Options{})
	require.NoError(t, err)
	assert.Empty(t, written, "unchanged files are not rewritten")
}
