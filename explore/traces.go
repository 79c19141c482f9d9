package explore

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/rspec/rspec/checker"
)

// traceEntry is a trace the page can jump to.
type traceEntry struct {
	Trace  *checker.Trace
	Source string // "file" or "computed"
}

// TraceInfo is one trace in GET /api/traces.
type TraceInfo struct {
	ID       int               `json:"id"`
	Kind     checker.TraceKind `json:"kind"`
	Property string            `json:"property"`
	Source   string            `json:"source"`
	Len      int               `json:"len"` // actions on the trace
	// Path leads to the trace's last state ("0/2/1"); empty with Error set
	// when the trace does not replay on this model.
	Path  string `json:"path"`
	Error string `json:"error,omitempty"`
	// Fault is the model's error on the trace's last action, which the path
	// stops short of.
	Fault string `json:"fault,omitempty"`
}

// info replays t to find its path.
func (x *Server[S, A]) info(id int, e *traceEntry) TraceInfo {
	t := e.Trace
	ti := TraceInfo{ID: id, Kind: t.Kind, Property: t.Property, Source: e.Source, Len: t.Len(), Fault: t.Fault}
	path, err := x.tracePath(t)
	if err != nil {
		ti.Error = err.Error()
	} else {
		ti.Path = path
	}
	return ti
}

// tracePath follows t's labels from the initial state its first step shows
// and checks each state against the trace.
func (x *Server[S, A]) tracePath(t *checker.Trace) (string, error) {
	if len(t.Steps) == 0 {
		return "", fmt.Errorf("empty trace")
	}
	var items []string
	if want := t.Steps[0].Vars; len(want) > 0 {
		k := -1
		for i, s := range x.m.Init() {
			if sameVars(x.vars(&s), want) {
				k = i
				break
			}
		}
		if k < 0 {
			return "", fmt.Errorf("step 1: no initial state matches")
		}
		items = append(items, "i"+strconv.Itoa(k))
	}
	steps := t.Steps[1:]
	if t.Fault != "" && len(steps) > 0 {
		steps = steps[:len(steps)-1] // the faulting action leads to no state
	}
	for _, st := range steps {
		items = append(items, st.Label)
	}
	w, err := x.follow(items)
	if err != nil {
		return "", err
	}
	for i, st := range steps {
		if len(st.Vars) > 0 && !sameVars(x.vars(&w.states[i+1]), st.Vars) {
			return "", fmt.Errorf("step %d: %s: state differs from the trace", i+2, st.Label)
		}
	}
	return w.String(), nil
}

func sameVars(a, b checker.Vars) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].Value != b[i].Value {
			return false
		}
	}
	return true
}

func (x *Server[S, A]) traceInfos() []TraceInfo {
	x.mu.Lock()
	entries := append([]*traceEntry(nil), x.traces...)
	x.mu.Unlock()
	out := []TraceInfo{}
	for i, e := range entries {
		out = append(out, x.info(i, e))
	}
	return out
}

func (x *Server[S, A]) handleTraces(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, x.traceInfos())
}

// ComputeResult is the body of POST /api/traces/compute.
type ComputeResult struct {
	Depth      int                      `json:"depth"`
	States     uint64                   `json:"states"`
	Unique     uint64                   `json:"unique"`
	Status     checker.Status           `json:"status"`
	Seconds    float64                  `json:"seconds"`
	Properties []checker.PropertyResult `json:"properties"`
	Traces     []TraceInfo              `json:"traces"` // every trace, the new ones included
}

// handleCompute runs the checker to ?depth= (default Options.DefaultDepth,
// at most Options.MaxDepth) and adds its counterexamples and examples to the
// traces, replacing those of an earlier computation.
func (x *Server[S, A]) handleCompute(w http.ResponseWriter, r *http.Request) {
	depth, err := intParam(r, "depth", x.opts.DefaultDepth)
	if err != nil {
		writeError(w, err)
		return
	}
	if depth < 1 || depth > x.opts.MaxDepth {
		writeError(w, fmt.Errorf("%w: depth %d out of range: want 1 to %d", errBadRequest, depth, x.opts.MaxDepth))
		return
	}
	x.runMu.Lock()
	defer x.runMu.Unlock()
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Minute)
	defer cancel()
	start := time.Now()
	res, err := checker.Check(ctx, x.m, checker.Options{Depth: depth, KeepGoing: true, MaxStates: x.opts.MaxStates})
	if err != nil && res == nil {
		writeError(w, fmt.Errorf("check to depth %d: %w", depth, err))
		return
	}
	x.mu.Lock()
	kept := x.traces[:0:0]
	for _, e := range x.traces {
		if e.Source != "computed" {
			kept = append(kept, e)
		}
	}
	for _, t := range res.Traces() {
		kept = append(kept, &traceEntry{Trace: t, Source: "computed"})
	}
	x.traces = kept
	x.mu.Unlock()
	props := res.Properties
	for i := range props {
		props[i].Trace = nil // the traces are listed with their paths
	}
	writeJSON(w, http.StatusOK, ComputeResult{Depth: depth, States: res.States, Unique: res.Unique, Status: res.Status,
		Seconds: time.Since(start).Seconds(), Properties: props, Traces: x.traceInfos()})
}
