package conformance

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// mutants are the planted bugs of testdata/mutants, each with the cheapest
// rspec conform run that catches it.
var mutants = []struct {
	patch string
	args  []string
}{
	// Found by random walks: the shortest path to it has about 17 actions.
	{"1-commit-earlier-term", walks},
	{"2-vote-without-log-check", []string{"--depth", "10"}},
	{"3-keep-vote-on-new-term", []string{"--depth", "9"}},
	{"4-truncate-whenever-longer", walks},
	{"5-ack-before-persist", []string{"--depth", "9"}},
	{"6-commit-off-by-one", []string{"--depth", "10"}},
	{"7-ack-moves-backwards", walks},
	// Caught only by the checks of events the spec does not enable and of
	// the Ready beyond the state: the spec never proposes at a candidate,
	// and the timer and the commit index are no spec variables.
	{"8-candidate-accepts-proposals", []string{"--depth", "3"}},
	{"9-vote-without-timer-reset", []string{"--depth", "5"}},
	{"10-empty-delivery", []string{"--depth", "7"}},
	// Replication: fast log repair, the window, monotonic acknowledgements.
	{"11-wrong-repair-hint", []string{"--depth", "11"}},
	{"12-window-overruns", []string{"--depth", "10"}},
	// A panic of the runtime (it commits entries it does not hold).
	{"13-commit-beyond-batch", []string{"--walks", "300", "--steps", "40", "--seed", "1"}},
	{"14-stale-rejection-heeded", walks},
	{"15-rejection-keeps-pipelining", walks},
	// Pre-vote and check-quorum.
	{"16-prevote-changes-term", []string{"--depth", "2"}},
	{"17-check-quorum-never-fires", []string{"--depth", "7"}},
	{"18-prevote-ignores-leader", []string{"--depth", "9"}},
}

// walks is the seeded random walks that catch the mutants whose shortest
// paths are longer than an exhaustive run can afford in a test.
var walks = []string{"--walks", "3000", "--steps", "60", "--seed", "1"}

// TestMutantsAreCaught copies the repository, plants each mutant with git
// apply, builds rspec there and requires rspec conform to exit 1 with a
// divergence. The unpatched build must pass the same runs.
func TestMutantsAreCaught(t *testing.T) {
	if testing.Short() {
		t.Skip("builds rspec once per mutant")
	}
	for _, tool := range []string{"git", "go"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s not found", tool)
		}
	}
	root, err := filepath.Abs("..")
	require.NoError(t, err)
	tree := t.TempDir()
	copyTree(t, root, tree)

	unpatched := map[string]bool{}
	for _, mu := range mutants {
		if args := strings.Join(mu.args, " "); !unpatched[args] {
			unpatched[args] = true
			code, out := conform(t, tree, mu.args)
			require.Equal(t, 0, code, "unpatched rspec conform %s:\n%s", args, out)
		}
	}
	caught := 0
	for _, mu := range mutants {
		patch := filepath.Join(root, "conformance", "testdata", "mutants", mu.patch+".patch")
		git(t, tree, "apply", patch)
		code, out := conform(t, tree, mu.args)
		git(t, tree, "apply", "-R", patch)
		switch {
		case code == 1 && strings.Contains(out, "DIVERGENCE"):
			caught++
			t.Logf("caught %s with rspec conform %s: %s", mu.patch, strings.Join(mu.args, " "), firstLine(out, "DIVERGENCE"))
		default:
			t.Errorf("mutant %s not caught by rspec conform %s (exit %d):\n%s", mu.patch, strings.Join(mu.args, " "), code, out)
		}
	}
	t.Logf("caught %d/%d mutants", caught, len(mutants))
}

// conform builds rspec in tree and runs rspec conform args there; it
// returns the exit code and the output.
func conform(t *testing.T, tree string, args []string) (int, string) {
	t.Helper()
	bin := filepath.Join(tree, "rspec.bin")
	build := exec.Command("go", "build", "-o", bin, "./cmd/rspec")
	build.Dir = tree
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build ./cmd/rspec: %v\n%s", err, out)
	}
	cmd := exec.Command(bin, append([]string{"conform", "--workers", "2", "--temp-dir", t.TempDir()}, args...)...)
	cmd.Dir = tree
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return ee.ExitCode(), out.String()
	}
	require.NoError(t, err)
	return 0, out.String()
}

// copyTree copies the files of the repository at root that git tracks or
// would track (not ignored) into dir.
func copyTree(t *testing.T, root, dir string) {
	t.Helper()
	cmd := exec.Command("git", "ls-files", "-z", "--cached", "--others", "--exclude-standard")
	cmd.Dir = root
	out, err := cmd.Output()
	require.NoError(t, err)
	for _, name := range strings.Split(strings.TrimRight(string(out), "\x00"), "\x00") {
		data, err := os.ReadFile(filepath.Join(root, name))
		if errors.Is(err, os.ErrNotExist) {
			continue // deleted in the working tree
		}
		require.NoError(t, err)
		dst := filepath.Join(dir, name)
		require.NoError(t, os.MkdirAll(filepath.Dir(dst), 0o755))
		require.NoError(t, os.WriteFile(dst, data, 0o644))
	}
}

func git(t *testing.T, dir string, args ...string) {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "git %s: %s", strings.Join(args, " "), out)
}

// firstLine returns the first line of s that starts with prefix.
func firstLine(s, prefix string) string {
	for _, l := range strings.Split(s, "\n") {
		if strings.HasPrefix(l, prefix) {
			return l
		}
	}
	return ""
}
