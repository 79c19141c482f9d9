package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/tools/txtar"

	"github.com/rspec/rspec/checker"
)

var teethDir = flag.String("teeth-dir", "", "write the specs TestTeeth checks to this directory, to check them by hand")

// TestTeeth plants classic Raft bugs in copies of spec/raft.rsl and requires
// rspec check to find each one, and the same check of the spec without the
// bug to pass. Each testdata/teeth/*.txtar is one tooth: its comment says
// what the bug is and why the constants find it; its sections are
//
//	args        the check flags, one per line (after the spec path)
//	want        the properties that must be violated, one per line; a line
//	            "P overwrite" also requires P's counterexample to overwrite
//	            a committed entry in some server's log
//	bug.old     text of spec/raft.rsl that must occur exactly once, and
//	bug.new     what replaces it in the planted copy
//
// Every search starts from the spec's own initial state; the constants and
// flags are the only difference between the control and spec/raft.rsl.
func TestTeeth(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("..", "..", defaultSpec))
	require.NoError(t, err)
	paths, err := filepath.Glob(filepath.Join("testdata", "teeth", "*.txtar"))
	require.NoError(t, err)
	require.NotEmpty(t, paths)
	t.Setenv("RSPEC_CACHE", t.TempDir())
	for _, path := range paths {
		tc := loadTooth(t, path)
		t.Run(tc.name, func(t *testing.T) { tc.check(t, string(src)) })
	}
}

// A tooth is one planted bug; see TestTeeth.
type tooth struct {
	name string
	args []string
	want []wantViolation
	bug  edit
}

type edit struct{ old, new string }

type wantViolation struct {
	property  string
	overwrite bool
}

func loadTooth(t *testing.T, path string) *tooth {
	t.Helper()
	ar, err := txtar.ParseFile(path)
	require.NoError(t, err)
	tc := &tooth{name: strings.TrimSuffix(filepath.Base(path), ".txtar")}
	var old *string
	for _, f := range ar.Files {
		data := string(f.Data)
		switch f.Name {
		case "args":
			tc.args = lines(data)
		case "want":
			for _, l := range lines(data) {
				p, mod, _ := strings.Cut(l, " ")
				require.Contains(t, []string{"", "overwrite"}, mod, "%s: want %q", path, l)
				tc.want = append(tc.want, wantViolation{property: p, overwrite: mod == "overwrite"})
			}
		case "bug.old":
			old = &data
		case "bug.new":
			require.NotNil(t, old, "%s: bug.new without bug.old", path)
			tc.bug = edit{old: *old, new: data}
		default:
			t.Fatalf("%s: unknown section %s", path, f.Name)
		}
	}
	require.NotEmpty(t, tc.bug.old, "%s: no bug.old and bug.new", path)
	require.NotEmpty(t, tc.args, "%s: no args", path)
	require.NotEmpty(t, tc.want, "%s: no want", path)
	return tc
}

func lines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// check runs the tooth: the control, then the planted bug.
func (tc *tooth) check(t *testing.T, src string) {
	dir := *teethDir
	if dir == "" {
		dir = t.TempDir()
	}
	require.NoError(t, os.MkdirAll(dir, 0o755))
	control := src
	planted := plant(t, src, tc.bug)

	t.Run("control", func(t *testing.T) {
		code, out := checkSpec(t, filepath.Join(dir, tc.name+"-control.rsl"), control, tc.args)
		require.Equal(t, exitOK, code, "without the bug every property holds\n%s", out)
		if slices.Contains(tc.args, "--depth=0") {
			assert.Contains(t, out, "(exhaustive)")
		}
		for _, w := range tc.want {
			assert.Regexp(t, `(?m)^\w+ `+w.property+`: holds$`, out)
		}
	})

	t.Run("planted", func(t *testing.T) {
		traces := filepath.Join(dir, tc.name+".jsonl")
		code, out := checkSpec(t, filepath.Join(dir, tc.name+".rsl"), planted, append(slices.Clone(tc.args), "--trace-out="+traces))
		require.Equal(t, exitViolation, code, "the planted bug is found\n%s", out)
		f, err := os.Open(traces)
		require.NoError(t, err)
		defer f.Close()
		all, err := checker.ReadTraces(f)
		require.NoError(t, err)
		for _, w := range tc.want {
			assert.Regexp(t, `(?m)^\w+ `+w.property+`: violated`, out)
			tr := counterexample(all, w.property)
			if !assert.NotNil(t, tr, "no counterexample of %s", w.property) {
				continue
			}
			t.Logf("%s: counterexample of %d steps", w.property, tr.Len())
			if w.overwrite {
				what, ok := committedOverwrite(tr)
				assert.True(t, ok, "the counterexample of %s overwrites no committed entry", w.property)
				t.Logf("%s: %s", w.property, what)
			}
			if testing.Verbose() {
				t.Logf("%s:\n%s", w.property, compactTrace(tr))
			}
		}
	})
}

// plant replaces the bug's old text, which must occur exactly once.
func plant(t *testing.T, src string, bug edit) string {
	t.Helper()
	require.Equal(t, 1, strings.Count(src, bug.old),
		"this text must occur exactly once in %s; update the tooth to the spec:\n%s", defaultSpec, bug.old)
	return strings.Replace(src, bug.old, bug.new, 1)
}

// checkSpec writes spec to path and runs rspec check on it through the CLI,
// which builds a checker for it.
func checkSpec(t *testing.T, path, spec string, args []string) (code int, stdout string) {
	t.Helper()
	require.NoError(t, os.WriteFile(path, []byte(spec), 0o644))
	argv := append([]string{"check", path, "--quiet", "--no-examples"}, args...)
	start := time.Now()
	code, out, errOut := runCLI(t, argv...)
	t.Logf("rspec %s: exit %d in %v", strings.Join(argv, " "), code, time.Since(start).Round(time.Millisecond))
	return code, out + errOut
}

func counterexample(traces []*checker.Trace, property string) *checker.Trace {
	for _, tr := range traces {
		if tr.Kind == checker.Counterexample && tr.Property == property {
			return tr
		}
	}
	return nil
}

var (
	committedRe = regexp.MustCompile(`\{index: (\d+), entry: (\{term: \d+, value: \w+\}), term: \d+\}`)
	entryRe     = regexp.MustCompile(`\{term: \d+, value: \w+\}`)
)

// committedOverwrite finds the first step of tr at which a server's log
// loses an entry that the ghost variable commits already holds at that
// index, and describes it.
func committedOverwrite(tr *checker.Trace) (string, bool) {
	for i := 1; i < len(tr.Steps); i++ {
		prev, cur := tr.Steps[i-1].Vars, tr.Steps[i].Vars
		commits, _ := prev.Get("commits")
		for _, c := range committedRe.FindAllStringSubmatch(commits, -1) {
			idx, _ := strconv.Atoi(c[1])
			for _, v := range prev {
				if !strings.HasPrefix(v.Name, "log[") {
					continue
				}
				before := entryRe.FindAllString(v.Value, -1)
				after, _ := cur.Get(v.Name)
				now := entryRe.FindAllString(after, -1)
				if idx < len(before) && before[idx] == c[2] && (idx >= len(now) || now[idx] != c[2]) {
					return fmt.Sprintf("step %d, %s: %s loses the committed entry %s at index %d (now %s)",
						i+1, tr.Steps[i].Label, v.Name, c[2], idx, after), true
				}
			}
		}
	}
	return "", false
}

// compactTrace renders tr as its steps and what each changed, leaving out
// the network.
func compactTrace(tr *checker.Trace) string {
	var b strings.Builder
	for i, st := range tr.Steps {
		fmt.Fprintf(&b, "%3d. %s\n", i+1, st.Label)
		for _, v := range st.Vars {
			if v.Name != "network" && (i == 0 || slices.Contains(st.Changed, v.Name)) {
				fmt.Fprintf(&b, "       %s: %s\n", v.Name, v.Value)
			}
		}
	}
	return b.String()
}
