package codegen

import (
	"bytes"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/tools/txtar"

	"github.com/rspec/rspec/ir"
	"github.com/rspec/rspec/parser"
)

var update = flag.Bool("update", false, "rewrite golden files")

// golden is one testdata/*.txtar case: a spec (in.rsl) and the files the
// generator must produce from it (want/NAME).
type golden struct {
	name string // "bag"
	path string
	ar   *txtar.Archive
}

func loadGoldens(t *testing.T) []golden {
	paths, err := filepath.Glob("testdata/*.txtar")
	require.NoError(t, err)
	require.NotEmpty(t, paths)
	var gs []golden
	for _, p := range paths {
		ar, err := txtar.ParseFile(p)
		require.NoError(t, err)
		gs = append(gs, golden{name: strings.TrimSuffix(filepath.Base(p), ".txtar"), path: p, ar: ar})
	}
	return gs
}

func (gd golden) file(name string) []byte {
	for _, f := range gd.ar.Files {
		if f.Name == name {
			return f.Data
		}
	}
	return nil
}

// checkSpec parses and checks an RSL source.
func checkSpec(t *testing.T, name string, src []byte) *ir.Spec {
	t.Helper()
	f, err := parser.Parse(name, src)
	require.NoError(t, err)
	spec, err := ir.Check(f, nil)
	require.NoError(t, err)
	return spec
}

func (gd golden) generate(t *testing.T) map[string][]byte {
	src := gd.file("in.rsl")
	require.NotNil(t, src, "%s has no in.rsl", gd.path)
	spec := checkSpec(t, gd.name+".rsl", src)
	files, err := Generate(spec, Options{Package: gd.name + "spec", Source: gd.name + ".rsl"})
	require.NoError(t, err)
	return files
}

func TestGolden(t *testing.T) {
	for _, gd := range loadGoldens(t) {
		t.Run(gd.name, func(t *testing.T) {
			files := gd.generate(t)
			if *update {
				ar := &txtar.Archive{Comment: gd.ar.Comment, Files: []txtar.File{{Name: "in.rsl", Data: gd.file("in.rsl")}}}
				for _, n := range FileNames(files) {
					ar.Files = append(ar.Files, txtar.File{Name: "want/" + n, Data: files[n]})
				}
				require.NoError(t, os.WriteFile(gd.path, txtar.Format(ar), 0o644))
				return
			}
			var want []string
			for _, f := range gd.ar.Files {
				if n, ok := strings.CutPrefix(f.Name, "want/"); ok {
					want = append(want, n)
					assert.Equal(t, string(f.Data), string(files[n]), "%s differs; rerun with -update and review the diff", f.Name)
				}
			}
			assert.Equal(t, FileNames(files), want, "generated file set")
		})
	}
}

func TestGenerateIsDeterministic(t *testing.T) {
	for _, gd := range loadGoldens(t) {
		a, b := gd.generate(t), gd.generate(t)
		assert.Equal(t, a, b, gd.name)
	}
}

// runTest is added to every golden package in TestGoldensCompile: the model
// checks without faults, its properties hold, and steps allocate nothing.
const runTest = `package PKG

import (
	"context"
	"testing"

	"github.com/rspec/rspec/checker"
)

func TestRuns(t *testing.T) {
	m := New()
	res, err := checker.Check(context.Background(), m, checker.Options{Depth: 7, KeepGoing: true})
	if err != nil {
		t.Fatal(err)
	}
	if res.States < 10 {
		t.Errorf("only %d states", res.States)
	}
	for _, p := range res.Properties {
		if p.Status == checker.Violated {
			t.Errorf("%s %s violated at depth %d", p.Kind, p.Name, p.Depth)
		}
	}
	s := m.Init()[0]
	acts := m.Actions(&s, nil)
	var d State
	allocs := testing.AllocsPerRun(10, func() {
		for _, a := range acts {
			if out, _ := m.Next(&s, a, &d); out == checker.Enabled {
				m.Fingerprint(&d)
			}
		}
	})
	if allocs != 0 {
		t.Errorf("steps allocate %v times", allocs)
	}
}
`

// symTest is added to the golden packages that reduce by symmetry: on the
// first 3000 states, every renaming keeps the canonical fingerprint, the
// invariant verdicts and the successors up to renaming
// (checker.CheckSymmetry), and the reduced search reaches the verdicts of
// the full one with fewer states.
const symTest = `package PKG

import (
	"context"
	"testing"

	"github.com/rspec/rspec/checker"
)

func TestSymmetry(t *testing.T) {
	m := New()
	if err := checker.CheckSymmetry(m, 3000); err != nil {
		t.Fatal(err)
	}
	full, err := checker.Check(context.Background(), m, checker.Options{Depth: 8, KeepGoing: true})
	if err != nil {
		t.Fatal(err)
	}
	sym, err := checker.Check(context.Background(), m, checker.Options{Depth: 8, KeepGoing: true, Symmetry: true})
	if err != nil {
		t.Fatal(err)
	}
	if sym.Unique >= full.Unique {
		t.Errorf("symmetry explores %d states, the full search %d", sym.Unique, full.Unique)
	}
	for i, p := range full.Properties {
		if q := sym.Properties[i]; q.Status != p.Status || q.Depth != p.Depth {
			t.Errorf("%s: %s at depth %d with symmetry, %s at depth %d without", p.Name, q.Status, q.Depth, p.Status, p.Depth)
		}
	}
}
`

// TestGoldensCompile builds, vets and runs the golden packages in a
// temporary module that uses this repository for the checker.
func TestGoldensCompile(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go vet")
	}
	dir := tempModule(t, "goldens")
	for _, gd := range loadGoldens(t) {
		pkg := filepath.Join(dir, gd.name+"spec")
		require.NoError(t, os.MkdirAll(pkg, 0o755))
		for _, f := range gd.ar.Files {
			if n, ok := strings.CutPrefix(f.Name, "want/"); ok {
				require.NoError(t, os.WriteFile(filepath.Join(pkg, n), f.Data, 0o644))
			}
		}
		test := strings.Replace(runTest, "PKG", gd.name+"spec", 1)
		require.NoError(t, os.WriteFile(filepath.Join(pkg, "run_test.go"), []byte(test), 0o644))
		if gd.file("want/symmetry_gen.go") != nil {
			test := strings.Replace(symTest, "PKG", gd.name+"spec", 1)
			require.NoError(t, os.WriteFile(filepath.Join(pkg, "sym_test.go"), []byte(test), 0o644))
		}
	}
	goTest(t, dir)
}

// tempModule creates a temporary module that uses this repository for the
// checker and returns its directory.
func tempModule(t *testing.T, name string) string {
	t.Helper()
	root, err := filepath.Abs("..")
	require.NoError(t, err)
	dir := t.TempDir()
	mod := "module " + name + "\n\ngo 1.26.0\n\nrequire github.com/rspec/rspec v0.0.0\n\nreplace github.com/rspec/rspec => " + root + "\n"
	require.NoError(t, os.WriteFile(filepath.Join(dir, "go.mod"), []byte(mod), 0o644))
	return dir
}

// goTest runs go test (and so go vet) on every package of the module in dir.
func goTest(t *testing.T, dir string) {
	t.Helper()
	cmd := exec.Command("go", "test", "-count=1", "./...")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOPROXY=off", "GOWORK=off")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	require.NoError(t, cmd.Run(), out.String())
}
