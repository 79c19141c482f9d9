package checker

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// TraceKind says what a trace demonstrates.
type TraceKind string

const (
	// Counterexample is a path to a violation.
	Counterexample TraceKind = "counterexample"
	// Example is a path to a state that satisfies a reachable goal.
	Example TraceKind = "example"
)

// InitLabel is the label of a trace's first step, the initial state.
const InitLabel = "Init"

// Trace is a path through the model from an initial state. Its JSON form is
// one line of a trace file (see WriteTrace).
type Trace struct {
	Kind     TraceKind `json:"kind"`
	Property string    `json:"property"`
	// Steps[0] is the initial state, labelled InitLabel; each later step is
	// an action and the state it leads to.
	Steps []Step `json:"steps"`
	// Fault is the model's error when the last action faulted; that step has
	// no state.
	Fault string `json:"fault,omitempty"`
	// Deadlock is set when the last state has no enabled action.
	Deadlock bool `json:"deadlock,omitempty"`
}

// Step is one state of a trace and the action that produced it.
type Step struct {
	Label string `json:"label"`
	// Vars are the displayed variables of the state after the action, in
	// declaration order. They are empty for an action that faulted.
	Vars Vars `json:"state,omitempty"`
	// Changed names the variables whose rendering differs from the previous
	// step, in declaration order.
	Changed []string `json:"changed,omitempty"`
}

// Len returns the number of actions in the trace (steps after the initial
// state).
func (t *Trace) Len() int { return max(len(t.Steps)-1, 0) }

// Labels returns the labels of the trace's steps, InitLabel first.
func (t *Trace) Labels() []string {
	out := make([]string, len(t.Steps))
	for i := range t.Steps {
		out[i] = t.Steps[i].Label
	}
	return out
}

// Var is one displayed variable and its rendered value.
type Var struct {
	Name  string
	Value string
}

// Vars is a state as displayed variables in declaration order. Its JSON form
// is an object of strings that keeps that order:
// {"currentTerm[s0]": "1", "role[s0]": "Leader"}.
type Vars []Var

// Get returns the value of the named variable.
func (v Vars) Get(name string) (string, bool) {
	for _, x := range v {
		if x.Name == name {
			return x.Value, true
		}
	}
	return "", false
}

// MarshalJSON writes the variables as a JSON object in their order.
func (v Vars) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, x := range v {
		if i > 0 {
			b.WriteByte(',')
		}
		k, err := json.Marshal(x.Name)
		if err != nil {
			return nil, err
		}
		val, err := json.Marshal(x.Value)
		if err != nil {
			return nil, err
		}
		b.Write(k)
		b.WriteByte(':')
		b.Write(val)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// UnmarshalJSON reads an object written by MarshalJSON, keeping key order.
// Values that are not strings are kept as their JSON text.
func (v *Vars) UnmarshalJSON(data []byte) error {
	if string(bytes.TrimSpace(data)) == "null" {
		*v = nil
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return fmt.Errorf("state: want a JSON object")
	}
	out := Vars{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return fmt.Errorf("state: %w", err)
		}
		name, _ := tok.(string)
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return fmt.Errorf("state %s: %w", name, err)
		}
		var s string
		if json.Unmarshal(raw, &s) != nil {
			s = string(raw)
		}
		out = append(out, Var{Name: name, Value: s})
	}
	if _, err := dec.Token(); err != nil {
		return fmt.Errorf("state: %w", err)
	}
	*v = out
	return nil
}

// traceBuilder renders the steps of a trace from states.
type traceBuilder[S any, A any] struct {
	m     Model[S, A]
	names []string
	vals  []string
	prev  []string
	t     *Trace
}

func newTraceBuilder[S any, A any](m Model[S, A], kind TraceKind, property string) *traceBuilder[S, A] {
	return &traceBuilder[S, A]{m: m, names: m.VarNames(), t: &Trace{Kind: kind, Property: property}}
}

// add appends a step labelled label whose state is s; s nil records a step
// without a state (an action that faulted).
func (b *traceBuilder[S, A]) add(label string, s *S) {
	st := Step{Label: label}
	if s != nil {
		b.vals = b.m.FormatVars(s, b.vals[:0])
		st.Vars = make(Vars, len(b.vals))
		for i, val := range b.vals {
			name := fmt.Sprintf("var%d", i)
			if i < len(b.names) {
				name = b.names[i]
			}
			st.Vars[i] = Var{Name: name, Value: val}
			if b.prev != nil && (i >= len(b.prev) || b.prev[i] != val) {
				st.Changed = append(st.Changed, name)
			}
		}
		b.prev = append(b.prev[:0], b.vals...)
	}
	b.t.Steps = append(b.t.Steps, st)
}
