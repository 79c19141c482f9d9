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
//	scenario.old, scenario.new
//	            further edits, made in both the planted copy and the
//	            control (any number of pairs)
//	goal.rsl    reachable goals appended to both copies that describe the
//	            scenario's initial state: they must hold in it, and
//	goal.args   be reached from the initial state of the unmodified spec
//	            with these flags
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
	name     string
	args     []string
	want     []wantViolation
	bug      edit
	scenario []edit
	goal     string
	goalArgs []string
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
	var pending *edit
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
		case "bug.old", "scenario.old":
			require.Nil(t, pending, "%s: %s follows an .old section", path, f.Name)
			pending = &edit{old: data}
		case "bug.new", "scenario.new":
			require.NotNil(t, pending, "%s: %s without its .old section", path, f.Name)
			pending.new = data
			if f.Name == "bug.new" {
				tc.bug = *pending
			} else {
				tc.scenario = append(tc.scenario, *pending)
			}
			pending = nil
		case "goal.rsl":
			tc.goal = data
		case "goal.args":
			tc.goalArgs = lines(data)
		default:
			t.Fatalf("%s: unknown section %s", path, f.Name)
		}
	}
	require.Nil(t, pending, "%s: an .old section has no .new", path)
	require.NotEmpty(t, tc.bug.old, "%s: no bug.old", path)
	require.NotEmpty(t, tc.args, "%s: no args", path)
	require.NotEmpty(t, tc.want, "%s: no want", path)
	require.Equal(t, tc.goal == "", tc.goalArgs == nil, "%s: goal.rsl and goal.args go together", path)
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

// check runs the tooth: the scenario's goals, the control, the planted bug.
func (tc *tooth) check(t *testing.T, src string) {
	dir := *teethDir
	if dir == "" {
		dir = t.TempDir()
	}
	require.NoError(t, os.MkdirAll(dir, 0o755))
	control := applyEdits(t, src, tc.scenario)
	if tc.goal != "" {
		tc.checkGoal(t, src, dir)
		control += "\n" + tc.goal
	}
	planted := applyEdits(t, control, []edit{tc.bug})

	t.Run("control", func(t *testing.T) {
		code, out := checkSpec(t, filepath.Join(dir, tc.name+"-control.rsl"), control, tc.args)
		require.Equal(t, exitOK, code, "without the bug every property holds\n%s", out)
		if slices.Contains(tc.args, "--depth=0") {
			assert.Contains(t, out, "(exhaustive)")
		}
		for _, w := range tc.want {
			assert.Regexp(t, `(?m)^\w+ `+w.property+`: holds$`, out)
		}
		tc.assertGoalsAtStart(t, out)
	})

	t.Run("planted", func(t *testing.T) {
		traces := filepath.Join(dir, tc.name+".jsonl")
		code, out := checkSpec(t, filepath.Join(dir, tc.name+".rsl"), planted, append(slices.Clone(tc.args), "--trace-out="+traces))
		require.Equal(t, exitViolation, code, "the planted bug is found\n%s", out)
		tc.assertGoalsAtStart(t, out)
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

// checkGoal requires the goals to be reached from the unmodified spec's
// initial state, and to name every state variable of the spec, so that
// they pin down the scenario's initial state but for the network.
func (tc *tooth) checkGoal(t *testing.T, src, dir string) {
	t.Run("goal", func(t *testing.T) {
		for _, m := range regexp.MustCompile(`(?m)^(?:durable |ghost )?var (\w+)`).FindAllStringSubmatch(src, -1) {
			assert.Regexp(t, `\b`+m[1]+`\b`, tc.goal, "goal.rsl says nothing of %s", m[1])
		}
		code, out := checkSpec(t, filepath.Join(dir, tc.name+"-goal.rsl"), src+"\n"+tc.goal, tc.goalArgs)
		require.Equal(t, exitOK, code, out)
		for _, g := range goalNames(tc.goal) {
			assert.Regexp(t, `(?m)^reachable `+g+`: reached \(depth \d+\)$`, out)
		}
	})
}

// assertGoalsAtStart requires the scenario's goals to hold in its initial
// state.
func (tc *tooth) assertGoalsAtStart(t *testing.T, out string) {
	t.Helper()
	for _, g := range goalNames(tc.goal) {
		assert.Contains(t, out, "reachable "+g+": reached (depth 1)\n")
	}
}

func goalNames(rsl string) []string {
	var out []string
	for _, m := range regexp.MustCompile(`(?m)^reachable (\w+):`).FindAllStringSubmatch(rsl, -1) {
		out = append(out, m[1])
	}
	return out
}

// applyEdits replaces each edit's old text, which must occur exactly once.
func applyEdits(t *testing.T, src string, edits []edit) string {
	t.Helper()
	for _, e := range edits {
		require.Equal(t, 1, strings.Count(src, e.old),
			"this text must occur exactly once in %s; update the tooth to the spec:\n%s", defaultSpec, e.old)
		src = strings.Replace(src, e.old, e.new, 1)
	}
	return src
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
