package explore

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rspec/rspec/checker"
	"github.com/rspec/rspec/generated/raftspec"
)

// election are the labels of the shortest path to a leader.
var election = []string{
	"Timeout(s0)",
	"Deliver(PreVoteRequest{cid: s0, cterm: 1, clogLength: 0, clogTerm: 0} s0->s1)",
	"Deliver(PreVoteResponse{voterId: s1, term: 1, granted: true} s1->s0)",
	"Deliver(VoteRequest{cid: s0, cterm: 1, clogLength: 0, clogTerm: 0} s0->s1)",
	"Deliver(VoteResponse{voterId: s1, term: 1, granted: true} s1->s0)",
}

func labelPath(labels []string) string {
	parts := make([]string, len(labels))
	for i, l := range labels {
		parts[i] = url.PathEscape(l)
	}
	return strings.Join(parts, PathSep)
}

func newTestServer(t *testing.T, opts Options) *httptest.Server {
	t.Helper()
	ts := httptest.NewServer(New(raftspec.New(), opts).Handler())
	t.Cleanup(ts.Close)
	return ts
}

// get fetches url and decodes a JSON body into v; it returns the status.
func get(t *testing.T, method, u string, v any) int {
	t.Helper()
	req, err := http.NewRequest(method, u, nil)
	require.NoError(t, err)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	if v != nil {
		require.NoError(t, json.Unmarshal(body, v), string(body))
	}
	return resp.StatusCode
}

func state(t *testing.T, ts *httptest.Server, path string) *State {
	t.Helper()
	var st State
	code := get(t, "GET", ts.URL+"/api/state?path="+url.QueryEscape(path), &st)
	require.Equal(t, http.StatusOK, code)
	return &st
}

func nodeVar(t *testing.T, st *State, node, name string) string {
	t.Helper()
	for _, n := range st.Nodes {
		if n.Node != node {
			continue
		}
		for _, v := range n.Vars {
			if v.Name == name {
				return v.Value
			}
		}
	}
	t.Fatalf("no %s[%s]", name, node)
	return ""
}

func property(t *testing.T, st *State, name string) PropertyView {
	t.Helper()
	for _, p := range st.Properties {
		if p.Name == name {
			return p
		}
	}
	t.Fatalf("no property %s", name)
	return PropertyView{}
}

func TestModelInfo(t *testing.T) {
	ts := newTestServer(t, Options{Name: "raft", Source: "spec/raft.rsl"})
	var info modelInfo
	require.Equal(t, http.StatusOK, get(t, "GET", ts.URL+"/api/model", &info))
	assert.Equal(t, "raft", info.Name)
	assert.Equal(t, []string{"s0", "s1", "s2"}, info.Nodes)
	assert.True(t, info.Events)
	assert.Contains(t, info.Properties, propertyInfo{Name: "ElectionSafety", Kind: checker.KindInvariant})
	assert.Contains(t, info.Properties, propertyInfo{Name: "LeaderElected", Kind: checker.KindReachable})
}

func TestInitialState(t *testing.T) {
	st := state(t, newTestServer(t, Options{}), "")
	assert.Equal(t, "", st.Path)
	assert.Empty(t, st.Steps)
	require.Len(t, st.Nodes, 3)
	for _, n := range []string{"s0", "s1", "s2"} {
		assert.Equal(t, "Follower", nodeVar(t, st, n, "role"))
		assert.Equal(t, "0", nodeVar(t, st, n, "currentTerm"))
	}
	assert.Empty(t, st.Network)
	assert.Empty(t, st.Events)
	assert.False(t, st.Deadlock)
	var globals []string
	for _, g := range st.Globals {
		globals = append(globals, g.Name)
		assert.False(t, g.Changed)
	}
	assert.Equal(t, []string{"requests", "elected", "commits", "truncated", "leaderKept", "steppedDown", "crashes"}, globals)

	require.NotEmpty(t, st.Actions)
	assert.Equal(t, Action{Index: 0, Label: "Timeout(s0)", Outcome: "enabled", Node: "s0", Kind: "local", Events: st.Actions[0].Events}, st.Actions[0])
	var crash *Action
	for i := range st.Actions {
		if st.Actions[i].Label == "Crash(s2)" {
			crash = &st.Actions[i]
		}
	}
	require.NotNil(t, crash)
	assert.Equal(t, "crash", crash.Kind)
	assert.Equal(t, "holds", property(t, st, "ElectionSafety").Status)
	assert.Equal(t, "holds", property(t, st, "LeaderAppendOnly").Status)
	assert.Equal(t, "unreached", property(t, st, "LeaderElected").Status)
	assert.Equal(t, -1, property(t, st, "LeaderElected").Step)
}

func TestElectionToLeader(t *testing.T) {
	ts := newTestServer(t, Options{})
	st := state(t, ts, election[0])
	assert.Equal(t, "PreCandidate", nodeVar(t, st, "s0", "role"))
	require.Len(t, st.Network, 2)
	assert.Equal(t, Message{Text: "PreVoteRequest{cid: s0, cterm: 1, clogLength: 0, clogTerm: 0}", From: "s0", To: "s1", Copies: 1}, st.Network[0])
	require.Len(t, st.Events, 3)
	assert.Equal(t, checker.EventLocal, st.Events[0].Kind)
	assert.Equal(t, checker.EventSend, st.Events[1].Kind)

	st = state(t, ts, labelPath(election))
	assert.Equal(t, "Leader", nodeVar(t, st, "s0", "role"))
	assert.Equal(t, "s0", nodeVar(t, st, "s0", "currentLeader"))
	assert.Equal(t, "Follower", nodeVar(t, st, "s1", "role"))
	goal := property(t, st, "LeaderElected")
	assert.Equal(t, "reached", goal.Status)
	assert.Equal(t, 5, goal.Step)
	assert.Equal(t, "holds", property(t, st, "ElectionSafety").Status)
	require.Len(t, st.Steps, 5)
	for i, l := range election {
		assert.Equal(t, l, st.Steps[i].Label)
	}
	assert.Equal(t, checker.EventDeliver, st.Events[0].Kind)
	assert.Equal(t, "VoteResponse", st.Events[0].Label)

	// The index path the page puts in its URL leads to the same state.
	assert.Regexp(t, `^0(/\d+){4}$`, st.Path)
	again := state(t, ts, st.Path)
	assert.Equal(t, st, again)
}

func TestChangedVars(t *testing.T) {
	st := state(t, newTestServer(t, Options{}), "0")
	changed := map[string]bool{}
	for _, v := range st.Nodes[0].Vars {
		changed[v.Name] = v.Changed
	}
	assert.False(t, changed["currentTerm"], "a pre-vote keeps the term")
	assert.True(t, changed["role"])
	assert.True(t, changed["votesReceived"])
	assert.False(t, changed["log"])
	for _, v := range st.Nodes[1].Vars {
		assert.False(t, v.Changed, v.Name)
	}
}

func TestBadPath(t *testing.T) {
	ts := newTestServer(t, Options{})
	for _, tc := range []struct {
		name, path, want string
	}{
		{"index out of range", "0/99", "bad path: step 2: action 99 out of range: 8 actions are enabled"},
		{"negative index", "-1", "bad path: step 1: action -1 out of range"},
		{"unknown label", "Timeout(s7)", `bad path: step 1: no enabled action labelled "Timeout(s7)"`},
		{"disabled label", "Heartbeat(s0)", `no enabled action labelled "Heartbeat(s0)"`},
		{"bad escape", "%zz", "bad path: item 1"},
		{"initial state out of range", "i3", "bad path: initial state 3 out of range (the model has 1)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, ep := range []string{"/api/state", "/api/diagram.svg", "/api/diagram.mmd"} {
				var e apiError
				code := get(t, "GET", ts.URL+ep+"?path="+url.QueryEscape(tc.path), &e)
				assert.Equal(t, http.StatusBadRequest, code, ep)
				assert.Contains(t, e.Error, tc.want, ep)
			}
		})
	}
}

func TestDiagram(t *testing.T) {
	ts := newTestServer(t, Options{})
	resp, err := http.Get(ts.URL + "/api/diagram.svg?path=" + url.QueryEscape(labelPath(election)))
	require.NoError(t, err)
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	assert.Equal(t, "image/svg+xml", resp.Header.Get("Content-Type"))
	svg := string(body)
	assert.True(t, strings.HasPrefix(svg, "<svg "))
	assert.Equal(t, 4, strings.Count(svg, `<g class="msg">`), "four delivered messages")
	assert.Contains(t, svg, "★ Leader t1")
	assert.Contains(t, svg, `data-step="5"`)

	resp, err = http.Get(ts.URL + "/api/diagram.mmd?path=" + url.QueryEscape(labelPath(election)))
	require.NoError(t, err)
	body, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	assert.Contains(t, string(body), "sequenceDiagram\n")
	assert.Contains(t, string(body), "s1->>s0: 5. VoteResponse{voterId: s1, term: 1, granted: true}\n")
}

// traceAlong builds the trace the checker would write for labels.
func traceAlong(t *testing.T, labels []string) *checker.Trace {
	t.Helper()
	m := raftspec.New()
	names := m.VarNames()
	tr := &checker.Trace{Kind: checker.Example, Property: "LeaderElected"}
	s := m.Init()[0]
	add := func(label string) {
		var vars checker.Vars
		for i, v := range m.FormatVars(&s, nil) {
			vars = append(vars, checker.Var{Name: names[i], Value: v})
		}
		tr.Steps = append(tr.Steps, checker.Step{Label: label, Vars: vars})
	}
	add(checker.InitLabel)
	for _, l := range labels {
		var next raftspec.State
		for _, a := range m.Actions(&s, nil) {
			if m.Label(&s, a) == l {
				_, err := m.Next(&s, a, &next)
				require.NoError(t, err)
			}
		}
		s = next
		add(l)
	}
	return tr
}

func TestLoadedTraces(t *testing.T) {
	good := traceAlong(t, election)
	stale := traceAlong(t, election)
	stale.Steps[2].Vars[0].Value = "3"
	ts := newTestServer(t, Options{Traces: []*checker.Trace{good, stale}})
	var list []TraceInfo
	require.Equal(t, http.StatusOK, get(t, "GET", ts.URL+"/api/traces", &list))
	require.Len(t, list, 2)
	assert.Equal(t, "file", list[0].Source)
	assert.Equal(t, 5, list[0].Len)
	assert.Empty(t, list[0].Error)
	assert.Equal(t, "Leader", nodeVar(t, state(t, ts, list[0].Path), "s0", "role"))
	assert.Equal(t, "step 3: Deliver(PreVoteRequest{cid: s0, cterm: 1, clogLength: 0, clogTerm: 0} s0->s1): state differs from the trace", list[1].Error)
	assert.Empty(t, list[1].Path)
}

func TestComputeTraces(t *testing.T) {
	ts := newTestServer(t, Options{})
	var res ComputeResult
	require.Equal(t, http.StatusOK, get(t, "POST", ts.URL+"/api/traces/compute?depth=6", &res))
	assert.Equal(t, 6, res.Depth)
	assert.Equal(t, checker.StatusComplete, res.Status)
	var leader *TraceInfo
	for i := range res.Traces {
		if res.Traces[i].Property == "LeaderElected" {
			leader = &res.Traces[i]
		}
	}
	require.NotNil(t, leader, "LeaderElected is reached within depth 6")
	assert.Equal(t, "computed", leader.Source)
	assert.Equal(t, 5, leader.Len)
	st := state(t, ts, leader.Path)
	assert.Equal(t, "reached", property(t, st, "LeaderElected").Status)

	// A second run replaces the computed traces rather than adding to them.
	require.Equal(t, http.StatusOK, get(t, "POST", ts.URL+"/api/traces/compute?depth=6", &res))
	n := 0
	for _, tr := range res.Traces {
		if tr.Property == "LeaderElected" {
			n++
		}
	}
	assert.Equal(t, 1, n)

	for _, q := range []string{"depth=99", "depth=0", "depth=x"} {
		var e apiError
		assert.Equal(t, http.StatusBadRequest, get(t, "POST", ts.URL+"/api/traces/compute?"+q, &e), q)
		assert.Contains(t, e.Error, "bad request: ", q)
	}
	assert.NotEqual(t, http.StatusOK, get(t, "GET", ts.URL+"/api/traces/compute", nil), "computing takes a POST")
}

func TestPage(t *testing.T) {
	ts := newTestServer(t, Options{})
	for path, want := range map[string]string{
		"/":          "<title>rspec Explorer</title>",
		"/app.js":    "/api/state",
		"/style.css": "#diagram",
	} {
		resp, err := http.Get(ts.URL + path)
		require.NoError(t, err)
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		assert.Equal(t, http.StatusOK, resp.StatusCode, path)
		assert.Contains(t, string(body), want, path)
		assert.NotContains(t, string(body), "https://", path+" must load nothing from the network")
	}
}

func TestParseNetwork(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []Message
	}{
		{"{}", []Message{}},
		{"{A{x: [1, 2]} s0->s1}", []Message{{Text: "A{x: [1, 2]}", From: "s0", To: "s1", Copies: 1}}},
		{"{A{} s0->s1, B{y: {1, 2}} s2->s0 (x3)}", []Message{
			{Text: "A{}", From: "s0", To: "s1", Copies: 1},
			{Text: "B{y: {1, 2}}", From: "s2", To: "s0", Copies: 3},
		}},
		{"odd", []Message{{Text: "odd", Copies: 1}}},
	} {
		t.Run(tc.in, func(t *testing.T) {
			assert.Equal(t, tc.want, ParseNetwork(tc.in))
		})
	}
}
