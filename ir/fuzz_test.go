package ir

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
	"golang.org/x/tools/txtar"

	"github.com/rspec/rspec/parser"
)

func readRaft(t testing.TB) []byte {
	src, err := os.ReadFile("../spec/raft.rsl")
	require.NoError(t, err)
	return src
}

// FuzzCheck feeds arbitrary bytes through the parser and the checker; any
// input must yield a spec or an error list, never a panic.
func FuzzCheck(f *testing.F) {
	f.Add(readRaft(f))
	for _, dir := range []string{"testdata", "../parser/testdata"} {
		files, err := filepath.Glob(filepath.Join(dir, "*.txtar"))
		require.NoError(f, err)
		for _, path := range files {
			ar, err := txtar.ParseFile(path)
			require.NoError(f, err)
			for _, file := range ar.Files {
				if file.Name == "in.rsl" {
					f.Add(file.Data)
				}
			}
		}
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		file, err := parser.Parse("fuzz.rsl", src)
		if err != nil {
			if _, ok := err.(parser.ErrorList); !ok {
				t.Fatalf("Parse error of type %T: %v", err, err)
			}
			return
		}
		spec, err := Check(file, map[string]int64{"N": 2})
		if err != nil {
			if _, ok := err.(parser.ErrorList); !ok {
				t.Fatalf("Check error of type %T: %v", err, err)
			}
			return
		}
		_ = Dump(spec)
	})
}
