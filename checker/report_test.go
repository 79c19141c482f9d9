package checker_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rspec/rspec/checker"
	"github.com/rspec/rspec/checker/internal/toy"
)

var update = flag.Bool("update", false, "rewrite golden files")

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		require.NoError(t, os.WriteFile(path, got, 0o644))
		return
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, string(want), string(got))
}

func TestReport(t *testing.T) {
	tests := []struct {
		name string
		res  func(t *testing.T) *checker.Result
		opts checker.ReportOptions
	}{
		{"mutex.txt", func(t *testing.T) *checker.Result {
			return check(t, &toy.Mutex{}, checker.Options{})
		}, checker.ReportOptions{}},
		{"mutex_full.txt", func(t *testing.T) *checker.Result {
			return check(t, &toy.Mutex{}, checker.Options{})
		}, checker.ReportOptions{FullState: true, NoExamples: true}},
		{"fault.txt", func(t *testing.T) *checker.Result {
			return check(t, &toy.Counters{N: 2, Max: 1, Overflow: toy.Fault}, checker.Options{})
		}, checker.ReportOptions{}},
		{"deadlock.txt", func(t *testing.T) *checker.Result {
			return check(t, &toy.Counters{N: 2, Max: 1}, checker.Options{Deadlock: true, KeepGoing: true})
		}, checker.ReportOptions{}},
		{"bounded.txt", func(t *testing.T) *checker.Result {
			return check(t, &toy.Mutex{Fixed: true}, checker.Options{Depth: 2})
		}, checker.ReportOptions{}},
		{"max_states.txt", func(t *testing.T) *checker.Result {
			return check(t, &toy.Counters{N: 2, Max: 200}, checker.Options{MaxStates: 1, Workers: 1})
		}, checker.ReportOptions{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			require.NoError(t, checker.WriteReport(&buf, tc.res(t), tc.opts))
			golden(t, tc.name, buf.Bytes())
		})
	}
}

func TestTraceJSONLines(t *testing.T) {
	m := &toy.Mutex{}
	res := check(t, m, checker.Options{KeepGoing: true})
	traces := res.Traces()
	require.Len(t, traces, 2)

	var buf bytes.Buffer
	require.NoError(t, checker.WriteTraces(&buf, traces))
	golden(t, "mutex.jsonl", buf.Bytes())

	got, err := checker.ReadTraces(bytes.NewReader(append([]byte("\n"), buf.Bytes()...)))
	require.NoError(t, err)
	assert.Equal(t, traces, got)
	requireReplays(t, m, got)

	fault := check(t, &toy.Counters{N: 2, Max: 1, Overflow: toy.Fault}, checker.Options{}).Traces()
	buf.Reset()
	require.NoError(t, checker.WriteTraces(&buf, fault))
	got, err = checker.ReadTraces(&buf)
	require.NoError(t, err)
	assert.Equal(t, fault, got)
}

func TestReadTracesErrors(t *testing.T) {
	tests := []struct {
		name, in, err string
	}{
		{"bad json", `{"kind":"example","steps":[]}` + "\n{", "trace line 2: unexpected end of JSON input"},
		{"bad kind", `{"kind":"story","steps":[]}`, `trace line 1: unknown kind "story"`},
		{"state not an object", `{"kind":"example","steps":[{"label":"Init","state":[1]}]}`, "trace line 1: state: want a JSON object"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := checker.ReadTraces(bytes.NewReader([]byte(tc.in)))
			assert.EqualError(t, err, tc.err)
		})
	}
}

func TestReplayRejects(t *testing.T) {
	m := &toy.Mutex{}
	tr := check(t, m, checker.Options{}).Property("MutualExclusion").Trace
	tests := []struct {
		name string
		edit func(tr *checker.Trace)
		err  string
	}{
		{"unknown label", func(tr *checker.Trace) { tr.Steps[2].Label = "Fly(p0)" }, "trace does not replay: step 3: no action labelled Fly(p0)"},
		{"disabled", func(tr *checker.Trace) { tr.Steps[1].Label = "Exit(p0)" }, "trace does not replay: step 2: Exit(p0) is disabled"},
		{"state differs", func(tr *checker.Trace) { tr.Steps[4].Vars[2].Value = "false" }, "trace does not replay: step 5: " + tr.Steps[4].Label + ": state differs from the trace"},
		{"no initial state", func(tr *checker.Trace) { tr.Steps[0].Vars[0].Value = "Critical" }, "trace does not replay: step 1: no initial state matches"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var c checker.Trace
			var buf bytes.Buffer
			require.NoError(t, checker.WriteTrace(&buf, tr))
			got, err := checker.ReadTraces(&buf)
			require.NoError(t, err)
			c = *got[0]
			tc.edit(&c)
			_, err = checker.Replay(m, &c)
			assert.EqualError(t, err, tc.err)
			assert.ErrorIs(t, err, checker.ErrReplay)
		})
	}
}

func TestResultJSON(t *testing.T) {
	res := check(t, &toy.Mutex{}, checker.Options{Workers: 1})
	b, err := json.Marshal(res)
	require.NoError(t, err)
	for _, key := range []string{`"status":"violation"`, `"states":15`, `"unique":9`, `"depth":5`,
		`"kind":"invariant"`, `"status":"violated"`, `"kind":"counterexample"`, `"label":"Enter(p1)"`} {
		assert.Contains(t, string(b), key)
	}
	var back checker.Result
	require.NoError(t, json.Unmarshal(b, &back))
	assert.Equal(t, res, &back)
}
