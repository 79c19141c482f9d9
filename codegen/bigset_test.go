package codegen

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/rspec/rspec/ir"
	"github.com/rspec/rspec/parser"
)

// countTest is added to every package of TestSetCounts: the exhaustive
// search finds the figures computed by hand in testdata/setcount.rsl. Of
// the 3^5 = 243 states, each enables an Add or a Move for each grid value
// absent or in s (5·3^4·2 = 810 successors in all), the state where every
// value is in t enables Reset, and the initial state is one more: 812
// states; the deepest state is 10 steps away, at depth 11. The sets print
// in ascending order.
const countTest = `package PKG

import (
	"context"
	"fmt"
	"testing"

	"github.com/rspec/rspec/checker"
)

func TestCounts(t *testing.T) {
	res, err := checker.Check(context.Background(), New(), checker.Options{KeepGoing: true})
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != checker.StatusComplete || res.Unique != 243 || res.States != 812 || res.Depth != 11 {
		t.Errorf("status %s, %d unique of %d states, depth %d; want complete, 243 of 812, depth 11", res.Status, res.Unique, res.States, res.Depth)
	}
	for _, p := range res.Properties {
		if p.Status != checker.Holds && p.Status != checker.Reached {
			t.Errorf("%s %s: %s", p.Kind, p.Name, p.Status)
		}
	}
}

// TestFormat adds every grid value, moves the second and prints the sets.
func TestFormat(t *testing.T) {
	m := New()
	s := m.Init()[0]
	for _, a := range m.Actions(&s, nil) {
		if a.Kind == ActionAdd || a.Kind == ActionMove && a.Args[0] == 1 {
			var d State
			if out, err := m.Next(&s, a, &d); out != checker.Enabled || err != nil {
				t.Fatalf("%s: %v %v", m.Label(&s, a), out, err)
			}
			s = d
		}
	}
	got := fmt.Sprint(m.FormatVars(&s, nil))
	want := fmt.Sprintf("[{0, %d, %d, %d} {%d}]", 2*Step, 3*Step, 4*Step, Step)
	if got != want {
		t.Errorf("FormatVars = %s, want %s", got, want)
	}
}
`

// TestSetCounts checks testdata/setcount.rsl with its grid in sets of one
// word and of 2, 16 and 1024 words (the largest set the generator allows):
// every representation must reach the same states.
func TestSetCounts(t *testing.T) {
	if testing.Short() {
		t.Skip("builds generated packages")
	}
	src, err := os.ReadFile("testdata/setcount.rsl")
	require.NoError(t, err)
	dir := tempModule(t, "setcounts")
	for _, v := range []struct{ max, step int64 }{{63, 12}, {99, 24}, {1000, 249}, {maxSetCard - 1, 16383}} {
		f, err := parser.Parse("setcount.rsl", src)
		require.NoError(t, err)
		spec, err := ir.Check(f, map[string]int64{"Max": v.max, "Step": v.step})
		require.NoError(t, err)
		name := fmt.Sprintf("max%dspec", v.max)
		files, err := Generate(spec, Options{Package: name})
		require.NoError(t, err)
		pkg := filepath.Join(dir, name)
		require.NoError(t, os.MkdirAll(pkg, 0o755))
		for n, b := range files {
			require.NoError(t, os.WriteFile(filepath.Join(pkg, n), b, 0o644))
		}
		test := strings.Replace(countTest, "PKG", name, 1)
		require.NoError(t, os.WriteFile(filepath.Join(pkg, "count_test.go"), []byte(test), 0o644))
	}
	goTest(t, dir)
}
