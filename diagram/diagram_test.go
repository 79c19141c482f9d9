package diagram

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rspec/rspec/checker"
	"github.com/rspec/rspec/generated/raftspec"
)

var update = flag.Bool("update", false, "rewrite golden files")

// commitPath elects s0, commits one entry at s0 and crashes s2 on the way;
// messages to s2 stay in flight.
var commitPath = []string{
	"Timeout(s0)",
	"Deliver(PreVoteRequest{cid: s0, cterm: 1, clogLength: 0, clogTerm: 0} s0->s1)",
	"Deliver(PreVoteResponse{voterId: s1, term: 1, granted: true} s1->s0)",
	"Deliver(VoteRequest{cid: s0, cterm: 1, clogLength: 0, clogTerm: 0} s0->s1)",
	"Deliver(VoteResponse{voterId: s1, term: 1, granted: true} s1->s0)",
	"Deliver(LogRequest{leaderId: s0, term: 1, prefixLen: 0, prefixTerm: 0, leaderCommit: 0, suffix: [{term: 1, value: none}]} s0->s1)",
	"Crash(s2)",
	"Deliver(LogResponse{follower: s1, term: 1, ack: 1, success: true} s1->s0)",
}

// traceOf walks m from its initial state along labels and records the trace
// as the checker would.
func traceOf(t *testing.T, m checker.Model[raftspec.State, raftspec.Action], labels []string) *checker.Trace {
	t.Helper()
	names := m.VarNames()
	vars := func(s *raftspec.State) checker.Vars {
		var out checker.Vars
		for i, v := range m.FormatVars(s, nil) {
			out = append(out, checker.Var{Name: names[i], Value: v})
		}
		return out
	}
	s := m.Init()[0]
	tr := &checker.Trace{Kind: checker.Example, Property: "EntryCommitted", Steps: []checker.Step{{Label: checker.InitLabel, Vars: vars(&s)}}}
	for _, l := range labels {
		var next raftspec.State
		found := false
		for _, a := range m.Actions(&s, nil) {
			if m.Label(&s, a) != l {
				continue
			}
			out, err := m.Next(&s, a, &next)
			require.NoError(t, err)
			require.Equal(t, checker.Enabled, out, l)
			found = true
			break
		}
		require.True(t, found, "no action %s", l)
		s = next
		tr.Steps = append(tr.Steps, checker.Step{Label: l, Vars: vars(&s)})
	}
	return tr
}

func TestGolden(t *testing.T) {
	d, err := FromTrace(raftspec.New(), traceOf(t, raftspec.New(), commitPath))
	require.NoError(t, err)
	for _, tc := range []struct {
		name string
		got  string
	}{
		{"commit.svg", SVG(d)},
		{"commit.mmd", Mermaid(d)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join("testdata", tc.name)
			if *update {
				require.NoError(t, os.WriteFile(path, []byte(tc.got), 0o644))
				return
			}
			want, err := os.ReadFile(path)
			require.NoError(t, err)
			assert.Equal(t, string(want), tc.got, "%s differs; rerun with -update and review the diff", path)
		})
	}
}

func TestFromTrace(t *testing.T) {
	d, err := FromTrace(raftspec.New(), traceOf(t, raftspec.New(), commitPath))
	require.NoError(t, err)
	assert.Equal(t, []string{"s0", "s1", "s2"}, d.Nodes)
	require.Len(t, d.Steps, len(commitPath)+1)
	assert.Equal(t, "example: EntryCommitted", d.Title)
	assert.Equal(t, []Mark{{Node: "s0", Kind: "leader", Text: "Leader t1"}}, d.Steps[5].Marks)
	assert.Equal(t, []Mark{{Node: "s0", Kind: "commit", Text: "commit 1"}}, d.Steps[8].Marks)
	assert.Equal(t, checker.EventCrash, d.Steps[7].Events[0].Kind)

	counts := map[checker.EventKind]int{}
	for _, a := range arrows(d) {
		counts[a.kind]++
	}
	// Delivered: PreVoteRequest, PreVoteResponse, VoteRequest, VoteResponse,
	// the new leader's probe with its no-op entry to s1, and s1's
	// acknowledgement. Still in flight: a PreVoteRequest, a VoteRequest and
	// the probe to s2.
	assert.Equal(t, map[checker.EventKind]int{checker.EventDeliver: 6, checker.EventSend: 3}, counts)
	assert.Equal(t, "Deliver PreVoteRequest s0→s1", d.ShortLabel(2))
	assert.Equal(t, "Timeout(s0)", d.ShortLabel(1))
}

// noEvents hides the model's Eventer.
type noEvents struct {
	checker.Model[raftspec.State, raftspec.Action]
}

func TestFromTraceWithoutEvents(t *testing.T) {
	m := noEvents{raftspec.New()}
	d, err := FromTrace[raftspec.State, raftspec.Action](m, traceOf(t, raftspec.New(), commitPath[:5]))
	require.NoError(t, err)
	assert.Empty(t, arrows(d))
	assert.Equal(t, "s0", d.Steps[5].Marks[0].Node)
	assert.Contains(t, SVG(d), "★ Leader t1")
}

func TestFromTraceReplayError(t *testing.T) {
	tr := traceOf(t, raftspec.New(), commitPath[:1])
	tr.Steps[1].Label = "Timeout(s9)"
	_, err := FromTrace(raftspec.New(), tr)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "no action labelled Timeout(s9)")
}

func TestSplitVar(t *testing.T) {
	for _, tc := range []struct {
		in, base, node string
		ok             bool
	}{
		{"role[s1]", "role", "s1", true},
		{"requests", "requests", "", false},
		{"sentLength[s0]", "sentLength", "s0", true},
		{"x[a][b]", "x[a][b]", "", false},
		{"[s0]", "[s0]", "", false},
	} {
		t.Run(tc.in, func(t *testing.T) {
			base, node, ok := SplitVar(tc.in)
			assert.Equal(t, tc.base, base)
			assert.Equal(t, tc.node, node)
			assert.Equal(t, tc.ok, ok)
		})
	}
}

func TestPick(t *testing.T) {
	ex1 := &checker.Trace{Kind: checker.Example, Property: "A"}
	ex2 := &checker.Trace{Kind: checker.Example, Property: "B"}
	ce := &checker.Trace{Kind: checker.Counterexample, Property: "Inv"}
	ce2 := &checker.Trace{Kind: checker.Counterexample, Property: "Inv2"}
	assert.Same(t, ce, Pick([]*checker.Trace{ex1, ce, ex2}, ""), "a counterexample before any example")
	assert.Same(t, ex2, Pick([]*checker.Trace{ex1, ce, ex2}, "B"), "the named goal's example")
	assert.Same(t, ce2, Pick([]*checker.Trace{ex1, ce, ce2, ex2}, "Inv2"), "the named property's counterexample")
	assert.Same(t, ex2, Pick([]*checker.Trace{ex1, ex2}, "B"))
	assert.Same(t, ex1, Pick([]*checker.Trace{ex1, ex2}, ""))
	assert.Nil(t, Pick([]*checker.Trace{ex1}, "C"))
}

func TestMermaidEscapes(t *testing.T) {
	d := &Diagram{Nodes: []string{"a b"}, Steps: []Step{{Label: "Init"}, {Label: "x;y#z", Events: []checker.Event{{Kind: checker.EventLocal, From: "a b", Label: "x"}}}}}
	got := Mermaid(d)
	assert.Contains(t, got, "participant a_b\n")
	assert.Contains(t, got, "Note over a_b: 1. x#59;y#35;z\n")
	assert.False(t, strings.Contains(got, "x;y"))
}
