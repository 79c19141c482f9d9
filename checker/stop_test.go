package checker_test

import (
	"bytes"
	"context"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rspec/rspec/checker"
	"github.com/rspec/rspec/checker/internal/toy"
)

// big has 16^6 (about 16.8 million) states: far more than any test explores
// before it stops.
var big = &toy.Counters{N: 6, Max: 15, Overflow: toy.Wrap}

func TestMaxStates(t *testing.T) {
	res := check(t, big, checker.Options{MaxStates: 1000, Workers: 2})
	assert.Equal(t, checker.StatusMaxStates, res.Status)
	assert.GreaterOrEqual(t, res.Unique, uint64(1000))
	assert.Less(t, res.Unique, uint64(100_000))
	assert.Contains(t, res.Message, "stopped at the state limit")
	assert.Contains(t, res.Message, "(limit 1000)")
	assert.False(t, res.Exhaustive)
}

func TestMaxMemory(t *testing.T) {
	res := check(t, big, checker.Options{MaxMemoryBytes: 1 << 20, MemoryInterval: time.Millisecond})
	assert.Equal(t, checker.StatusMaxMemory, res.Status)
	assert.Regexp(t, `^memory limit reached: [0-9.]+ [KMG]iB in use exceeds the limit of 1\.0 MiB$`, res.Message)
	assert.Less(t, res.Unique, uint64(16_000_000))
}

func TestInterrupted(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	res, err := checker.Check(ctx, big, checker.Options{Workers: 2})
	require.NoError(t, err)
	assert.True(t, res.Interrupted)
	assert.Equal(t, checker.StatusInterrupted, res.Status)
	assert.Equal(t, "interrupted: context canceled", res.Message)
	assert.Less(t, res.Unique, uint64(16_000_000))
	assert.True(t, res.OK(), "an interrupted run without violations is not a failure")
}

func TestInterruptedDuringRun(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var once sync.Once
	res, err := checker.Check(ctx, big, checker.Options{
		ProgressInterval: time.Millisecond,
		OnProgress:       func(checker.Snapshot) { once.Do(cancel) },
	})
	require.NoError(t, err)
	assert.True(t, res.Interrupted)
	assert.Greater(t, res.Unique, uint64(0))
}

var (
	checkingLine = regexp.MustCompile(`^Checking\. states=\d+, unique=\d+, depth=\d+, states/s=\d+$`)
	doneLine     = regexp.MustCompile(`^Done\. states=\d+, unique=\d+, depth=\d+, sec=\d+$`)
)

func TestProgress(t *testing.T) {
	var buf bytes.Buffer
	var snaps []checker.Snapshot
	res := check(t, &toy.Counters{N: 4, Max: 9, Overflow: toy.Wrap}, checker.Options{
		Progress:         &buf,
		ProgressInterval: time.Millisecond,
		OnProgress:       func(s checker.Snapshot) { snaps = append(snaps, s) },
	})
	lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	require.NotEmpty(t, lines)
	for _, l := range lines[:len(lines)-1] {
		assert.Regexp(t, checkingLine, l)
	}
	last := lines[len(lines)-1]
	assert.Regexp(t, doneLine, last)
	assert.True(t, strings.HasPrefix(last, "Done. states=40001, unique=10000, depth=37, sec="), last)
	assert.Equal(t, res.Summary(), last)
	require.NotEmpty(t, snaps)
	assert.True(t, snaps[len(snaps)-1].Done)
	assert.Len(t, snaps, len(lines))
}

func TestSnapshotString(t *testing.T) {
	tests := []struct {
		name string
		snap checker.Snapshot
		want string
	}{
		{"checking", checker.Snapshot{States: 475674, Unique: 133824, Depth: 10, Rate: 237837.4},
			"Checking. states=475674, unique=133824, depth=10, states/s=237837"},
		{"done", checker.Snapshot{States: 924710, Unique: 259150, Depth: 10, Elapsed: 3900 * time.Millisecond, Done: true},
			"Done. states=924710, unique=259150, depth=10, sec=3"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, tc.snap.String())
		})
	}
}
