package conformance

import (
	"bytes"
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rspec/rspec/checker"
	"github.com/rspec/rspec/generated/raftspec"
)

// TestExhaustiveCoversTheStateGraph replays every transition up to depth 7
// and requires the runtime to agree and the figures to be the checker's:
// every state (Unique) and every transition (States less the initial one).
func TestExhaustiveCoversTheStateGraph(t *testing.T) {
	const depth = 9
	want, err := checker.Check(context.Background(), raftspec.New(), checker.Options{Depth: depth, Workers: 1})
	require.NoError(t, err)
	for _, workers := range []int{1, 2} {
		res, err := Exhaustive(context.Background(), depth, Options{Workers: workers, FileStorageEvery: 50, TempDir: t.TempDir()})
		require.NoError(t, err)
		require.True(t, res.OK(), "%v", res.Divergence)
		assert.Equal(t, want.Unique, res.States, "workers %d", workers)
		assert.Equal(t, want.States-1, res.Transitions)
		assert.Equal(t, want.Pruned, res.Pruned)
		assert.Equal(t, res.Transitions, res.Steps)
		assert.Positive(t, res.Counts.FileRestarts)
		assert.Positive(t, res.Counts.MemRestarts)
		for k := raftspec.ActionTimeout; k <= raftspec.ActionCrash; k++ {
			assert.Positive(t, res.Counts.Actions[k], ActionName(k))
		}
	}
}

func TestExhaustiveEveryRestartThroughFiles(t *testing.T) {
	res, err := Exhaustive(context.Background(), 5, Options{FileStorageEvery: 1, TempDir: t.TempDir()})
	require.NoError(t, err)
	require.True(t, res.OK(), "%v", res.Divergence)
	assert.Zero(t, res.Counts.MemRestarts)
	assert.Equal(t, res.Counts.Actions[raftspec.ActionCrash], res.Counts.FileRestarts)
}

func TestWalksAreReproducible(t *testing.T) {
	run := func(workers int) *Result {
		res, err := Walks(context.Background(), 40, 30, 7, Options{Workers: workers, TempDir: t.TempDir()})
		require.NoError(t, err)
		require.True(t, res.OK(), "%v", res.Divergence)
		return res
	}
	a, b := run(1), run(2)
	assert.Equal(t, 40, a.Traces)
	assert.Positive(t, a.Steps)
	assert.Equal(t, a.Steps, b.Steps)
	assert.Equal(t, a.States, b.States)
	assert.Equal(t, a.Transitions, b.Transitions)
	assert.Equal(t, a.Counts.Actions, b.Counts.Actions)

	c, err := Walks(context.Background(), 40, 30, 8, Options{TempDir: t.TempDir()})
	require.NoError(t, err)
	assert.NotEqual(t, a.Counts.Actions, c.Counts.Actions, "another seed, other walks")
}

// TestTraceFile replays the traces a checker run writes: the examples of
// the spec's reachable goals, through a JSON-lines file.
func TestTraceFile(t *testing.T) {
	res, err := checker.Check(context.Background(), raftspec.New(), checker.Options{Depth: 10, KeepGoing: true})
	require.NoError(t, err)
	traces := res.Traces()
	require.NotEmpty(t, traces)
	var buf bytes.Buffer
	require.NoError(t, checker.WriteTraces(&buf, traces))
	read, err := checker.ReadTraces(&buf)
	require.NoError(t, err)

	got, err := Traces(context.Background(), read, Options{TempDir: t.TempDir()})
	require.NoError(t, err)
	require.True(t, got.OK(), "%v", got.Divergence)
	assert.Equal(t, len(traces), got.Traces)
	steps := 0
	for _, tr := range traces {
		steps += tr.Len()
	}
	assert.Equal(t, uint64(steps), got.Steps)
	assert.Positive(t, got.Counts.Actions[raftspec.ActionOnLogResponse], "the traces commit entries")
}

func TestTraceThatDoesNotReplay(t *testing.T) {
	tr := &checker.Trace{Kind: checker.Example, Property: "made up", Steps: []checker.Step{
		{Label: checker.InitLabel}, {Label: "Heartbeat(s0)"},
	}}
	_, err := Traces(context.Background(), []*checker.Trace{tr}, Options{})
	require.Error(t, err)
	assert.True(t, errors.Is(err, ErrBadTrace), "%v", err)
}

// TestWrongStepsAreCaught feeds the stepper spec steps the runtime does not
// take as given, as a wrong adapter or a wrong core would, and requires each
// to be reported.
func TestWrongStepsAreCaught(t *testing.T) {
	m := raftspec.New()
	elected := electS0[:5] // s0 leads term 1 with an empty log
	base := m.Init()[0]
	for _, l := range elected {
		_, base = specStep(t, m, &base, l)
	}
	hb := "Deliver(LogRequest{leaderId: s0, term: 1, prefixLen: 0, prefixTerm: 0, leaderCommit: 0, suffix: [{term: 1, value: none}]} s0->s1)"

	tests := []struct {
		name   string
		label  string
		mutate func(s, next *raftspec.State, a *raftspec.Action) // applied to the spec's step
		reason string
		diff   []string
	}{
		{
			name:   "spec commits what the runtime does not",
			label:  "ClientRequest(s0, v1)",
			mutate: func(_, next *raftspec.State, _ *raftspec.Action) { next.CommitLength[0] = 1 },
			reason: "runtime state differs from the spec",
			diff: []string{
				"s0 (id 1) delivered to the application: spec [{term: 1, value: none}] from index 1, runtime [] from index 0",
				"s0 (id 1) commitLength: spec 1, runtime 0",
			},
		},
		{
			name:   "spec sends another message",
			label:  "Heartbeat(s0)",
			mutate: func(_, next *raftspec.State, _ *raftspec.Action) { next.Net.Msgs[0].VoteRequest.Cterm = 3 },
			reason: "runtime state differs from the spec",
			diff: []string{
				"network: spec has VoteRequest{cid: s0, cterm: 3, clogLength: 0, clogTerm: 0} s0->s2 (1 copy), runtime has none",
				"network: runtime has VoteRequest{cid: s0, cterm: 1, clogLength: 0, clogTerm: 0} s0->s2 (1 copy), spec has none",
			},
		},
		{
			name:   "message not in flight",
			label:  hb,
			mutate: func(s, _ *raftspec.State, a *raftspec.Action) { s.Net.Msgs[a.Slot].LogRequest.Term = 2 },
			reason: "runtime has no such message in flight: LogRequest{leaderId: s0, term: 2, prefixLen: 0, prefixTerm: 0, leaderCommit: 0, suffix: [{term: 1, value: none}]} s0->s1",
		},
		{
			name:   "proposal at a follower",
			label:  "ClientRequest(s0, v0)",
			mutate: func(_, _ *raftspec.State, a *raftspec.Action) { a.Node = 1 },
			reason: "runtime refused the step: propose at node 2: not leader (leader unknown)",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := base
			a, next := specStep(t, m, &s, tc.label)
			tc.mutate(&s, &next, &a)
			x := &stepper{dir: t.TempDir()}
			c, f := x.step(clusterAlong(t, m, elected), &s, a, &next)
			assert.Nil(t, c)
			require.NotNil(t, f)
			assert.Equal(t, tc.reason, f.reason)
			assert.Equal(t, tc.diff, f.diff)
		})
	}
}

func TestDivergenceReport(t *testing.T) {
	d := &Divergence{
		Trace:  []string{checker.InitLabel, "Timeout(s0)"},
		Reason: "runtime state differs from the spec",
		Diff:   []string{"s0 (id 1) currentTerm: spec 1, runtime 2"},
	}
	assert.Equal(t, "Timeout(s0)", d.Action())
	assert.Equal(t, `DIVERGENCE at step 1: Timeout(s0)
trace:
    0  Init
    1  Timeout(s0)   <- diverges
runtime state differs from the spec
  s0 (id 1) currentTerm: spec 1, runtime 2
`, d.Report())
	assert.Equal(t, "divergence at step 1, Timeout(s0): runtime state differs from the spec: s0 (id 1) currentTerm: spec 1, runtime 2", d.Error())
}

func TestBadArguments(t *testing.T) {
	_, err := Exhaustive(context.Background(), 0, Options{})
	assert.Error(t, err)
	_, err = Walks(context.Background(), 0, 10, 1, Options{})
	assert.Error(t, err)
	_, err = Traces(context.Background(), nil, Options{})
	assert.Error(t, err)
}
