package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// chdirRoot runs the test from the repository root, where spec/raft.rsl is.
func chdirRoot(t *testing.T) {
	t.Helper()
	t.Chdir(filepath.Join("..", ".."))
}

func TestCheckCompiledIn(t *testing.T) {
	chdirRoot(t)
	code, out, errOut := runCLI(t, "check", "--depth", "6", "--quiet")
	require.Equal(t, exitOK, code, errOut)
	assert.Regexp(t, `(?m)^Done\. states=\d+, unique=\d+, depth=6, sec=\d+$`, out)
	assert.Contains(t, out, "invariant ElectionSafety: holds")
	assert.Contains(t, out, "reachable LeaderElected: reached (depth 6)")
	assert.NotContains(t, errOut, "stale", "generated/raftspec matches spec/raft.rsl")
}

func TestCheckUsageErrors(t *testing.T) {
	chdirRoot(t)
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"bad format", []string{"check", "--format", "yaml"}, "invalid --format"},
		{"bad define", []string{"check", "-D", "N"}, "want NAME=VALUE"},
		{"unknown constant", []string{"check", "-D", "Nope=1"}, "Nope"},
		{"missing spec", []string{"check", "no/such.rsl"}, "no such file"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, _, errOut := runCLI(t, tc.args...)
			assert.Equal(t, exitUsage, code)
			assert.Contains(t, errOut, tc.want)
		})
	}
}

func TestCheckSpecError(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bad.rsl")
	require.NoError(t, os.WriteFile(path, []byte("const N = 3\nvar x: bool = N\n"), 0o644))
	code, _, errOut := runCLI(t, "check", path)
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errOut, "bad.rsl:2:")
	assert.Contains(t, errOut, "^")
}

// TestCheckReachesEveryGoal runs the commands documented for the reachable
// goals of spec/raft.rsl: --depth 10 reaches every goal but
// FollowerTruncates, whose shortest path is longer; a seeded simulation
// reaches that one too. Every goal the spec declares must be reached by one
// of them.
func TestCheckReachesEveryGoal(t *testing.T) {
	chdirRoot(t)
	src, err := os.ReadFile(defaultSpec)
	require.NoError(t, err)
	tests := []struct {
		name string
		args []string
	}{
		{"depth 10", []string{"check", "--depth", "10"}},
		{"simulation", []string{"check", "--simulate", "--walks", "20000", "--steps", "40", "--seed", "3"}},
	}
	reached := map[string]string{}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errOut := runCLI(t, append(tc.args, "--quiet", "--no-examples")...)
			require.Equal(t, exitOK, code, errOut)
			for _, m := range regexp.MustCompile(`(?m)^reachable (\w+): reached`).FindAllStringSubmatch(out, -1) {
				if _, ok := reached[m[1]]; !ok {
					reached[m[1]] = strings.Join(tc.args, " ")
				}
			}
		})
	}
	for _, goal := range []string{"FollowerTruncates", "LeaderInLaterTerm"} {
		assert.Equal(t, "check --simulate --walks 20000 --steps 40 --seed 3", reached[goal],
			"the documentation says --depth 10 does not reach %s and the simulation does", goal)
	}
	for _, m := range regexp.MustCompile(`(?m)^reachable (\w+):`).FindAllStringSubmatch(string(src), -1) {
		assert.Contains(t, reached, m[1], "no documented command reaches goal %s", m[1])
	}
}

// TestCheckSymmetry checks the compiled-in model with symmetry reduction,
// and refuses it for a spec whose symmetric domain is not symmetric (a loop
// over it picks the first node).
func TestCheckSymmetry(t *testing.T) {
	spec, err := filepath.Abs(filepath.Join("testdata", "check", "asymmetric.rsl"))
	require.NoError(t, err)
	t.Setenv("RSPEC_CACHE", t.TempDir())
	chdirRoot(t)
	code, out, errOut := runCLI(t, "check", "--depth", "8", "--symmetry", "--quiet")
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, "symmetry: states that differ only by renaming a symmetric domain count once")
	assert.Contains(t, out, "reachable LeaderElected: reached (depth 6)")

	code, out, errOut = runCLI(t, "check", spec, "--symmetry", "--quiet")
	assert.Equal(t, exitUsage, code, out)
	assert.Contains(t, errOut, "the model is not symmetric: renaming n0->n1 n1->n0 changes what the actions do, in the state reached by Init, Ready(n0)")
	code, _, errOut = runCLI(t, "check", spec, "--quiet")
	assert.Equal(t, exitOK, code, "without --symmetry the spec checks\n%s", errOut)
}

// TestCheckPredicateFault requires a model fault while evaluating an
// invariant or a constraint to be reported as a fault with its path, never
// as a verdict or a pruned state.
func TestCheckPredicateFault(t *testing.T) {
	t.Setenv("RSPEC_CACHE", t.TempDir())
	for _, tc := range []struct{ spec, prop, want string }{
		{"invariant-fault.rsl", "Fine", "invariant-fault.rsl:10:21: sequence of length 4 longer than its bound 2"},
		{"constraint-fault.rsl", "Small", "constraint-fault.rsl:11:36: index 2 out of range for length 2"},
	} {
		t.Run(tc.spec, func(t *testing.T) {
			code, out := checkTestdata(t, tc.spec)
			assert.Equal(t, exitViolation, code, out)
			assert.Contains(t, out, "fault: violated (depth 3)")
			assert.Contains(t, out, "fault: "+tc.prop+": ")
			assert.Contains(t, out, tc.want)
			assert.NotContains(t, out, "exhaustive")
		})
	}
}

// TestCheckMultiDomainQuantifiers checks quantifiers that bind variables of
// several domains (all n in Node, l in Level: ...) against counts computed
// by hand: 3^3 = 27 states, the goal 4 raises away.
func TestCheckMultiDomainQuantifiers(t *testing.T) {
	t.Setenv("RSPEC_CACHE", t.TempDir())
	code, out := checkTestdata(t, "quantifiers.rsl")
	require.Equal(t, exitOK, code, out)
	assert.Contains(t, out, "unique=27,")
	assert.Contains(t, out, "invariant SumOfLevels: holds")
	assert.Contains(t, out, "invariant Total: holds")
	assert.Contains(t, out, "reachable TwoTopOneBottom: reached (depth 5)")
}

// TestCheckEmptyMessage checks a message without fields, written as its
// bare name, against the state count computed by hand in the spec.
func TestCheckEmptyMessage(t *testing.T) {
	t.Setenv("RSPEC_CACHE", t.TempDir())
	code, out := checkTestdata(t, "empty-message.rsl")
	require.Equal(t, exitOK, code, out)
	assert.Contains(t, out, "unique=19,")
	assert.Contains(t, out, "(exhaustive)")
	assert.Contains(t, out, "reachable BothGot: reached")
}

// checkTestdata runs rspec check --depth 0 --no-examples on the spec of
// testdata/check named name and returns the exit code and stdout, with
// stderr after it.
func checkTestdata(t *testing.T, name string) (int, string) {
	t.Helper()
	spec, err := filepath.Abs(filepath.Join("testdata", "check", name))
	require.NoError(t, err)
	code, out, errOut := runCLI(t, "check", spec, "--depth", "0", "--no-examples")
	return code, out + errOut
}
