package diagram

import (
	"strconv"
	"strings"

	"github.com/rspec/rspec/checker"
)

// Diagram is a trace laid out for drawing.
type Diagram struct {
	// Title is shown above the lanes, e.g. "counterexample: ElectionSafety".
	Title string `json:"title,omitempty"`
	// Nodes are the lanes, in the order of the model's variables.
	Nodes []string `json:"nodes"`
	// Steps[0] is the initial state; each later step is one action.
	Steps []Step `json:"steps"`
}

// Step is one action of the trace and what it did.
type Step struct {
	Label  string          `json:"label"`
	Events []checker.Event `json:"events,omitempty"`
	Marks  []Mark          `json:"marks,omitempty"`
	// Fault is the model's error when the action faulted.
	Fault string `json:"fault,omitempty"`
}

// Mark is a change of a node's state worth a marker, such as becoming leader.
type Mark struct {
	Node string `json:"node"`
	Kind string `json:"kind"` // the Rule's Kind: "leader", "commit"
	Text string `json:"text"`
}

// Rule turns a change of a node-indexed variable into a Mark. A rule whose
// variable the model lacks marks nothing.
type Rule struct {
	Var string // the variable's name without the node: "role"
	// Becomes marks a step that sets the variable to this value; when empty,
	// the rule marks a step that increases the variable's integer value.
	Becomes string
	Kind    string
	// Text is the marker's text; {name} stands for the node's value of the
	// variable name after the step ("Leader t{currentTerm}").
	Text string
}

// DefaultRules mark a node becoming leader and a node's commit length
// growing, by the names Raft specs use.
var DefaultRules = []Rule{
	{Var: "role", Becomes: "Leader", Kind: "leader", Text: "Leader t{currentTerm}"},
	{Var: "commitLength", Kind: "commit", Text: "commit {commitLength}"},
}

// SplitVar splits a node-indexed variable name "role[s1]" into ("role",
// "s1"); ok is false for other names.
func SplitVar(name string) (base, node string, ok bool) {
	i := strings.IndexByte(name, '[')
	if i <= 0 || !strings.HasSuffix(name, "]") || strings.ContainsAny(name[i+1:len(name)-1], "[]") {
		return name, "", false
	}
	return name[:i], name[i+1 : len(name)-1], true
}

// Nodes returns the nodes named by node-indexed variables, in order of first
// appearance.
func Nodes(varNames []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, n := range varNames {
		if _, node, ok := SplitVar(n); ok && !seen[node] {
			seen[node] = true
			out = append(out, node)
		}
	}
	return out
}

// Build lays out a trace given its steps (as checker.Trace holds them) and
// the events of each step (events[i] belongs to steps[i]; events[0] is
// ignored). Marks come from rules applied to consecutive states.
func Build(title string, steps []checker.Step, events [][]checker.Event, rules []Rule) *Diagram {
	d := &Diagram{Title: title}
	var names []string
	if len(steps) > 0 {
		for _, v := range steps[0].Vars {
			names = append(names, v.Name)
		}
	}
	d.Nodes = Nodes(names)
	known := map[string]bool{}
	for _, n := range d.Nodes {
		known[n] = true
	}
	for i, st := range steps {
		s := Step{Label: st.Label}
		if i > 0 && i < len(events) {
			s.Events = events[i]
		}
		if i > 0 {
			s.Marks = marks(steps[i-1].Vars, st.Vars, d.Nodes, rules)
		}
		for _, e := range s.Events {
			for _, n := range []string{e.From, e.To} {
				if n != "" && !known[n] {
					known[n] = true
					d.Nodes = append(d.Nodes, n)
				}
			}
		}
		d.Steps = append(d.Steps, s)
	}
	return d
}

// marks applies rules to the step from old to cur, node by node.
func marks(old, cur checker.Vars, nodes []string, rules []Rule) []Mark {
	if len(old) == 0 || len(cur) == 0 {
		return nil
	}
	var out []Mark
	for _, n := range nodes {
		for _, r := range rules {
			name := r.Var + "[" + n + "]"
			before, ok1 := old.Get(name)
			after, ok2 := cur.Get(name)
			if !ok1 || !ok2 || before == after {
				continue
			}
			if r.Becomes != "" && after != r.Becomes {
				continue
			}
			if r.Becomes == "" {
				b, err1 := strconv.Atoi(before)
				a, err2 := strconv.Atoi(after)
				if err1 != nil || err2 != nil || a <= b {
					continue
				}
			}
			out = append(out, Mark{Node: n, Kind: r.Kind, Text: expand(r.Text, cur, n)})
		}
	}
	return out
}

// expand replaces {name} in text with node's value of variable name.
func expand(text string, vars checker.Vars, node string) string {
	var b strings.Builder
	for {
		i := strings.IndexByte(text, '{')
		j := strings.IndexByte(text, '}')
		if i < 0 || j < i {
			b.WriteString(text)
			return b.String()
		}
		b.WriteString(text[:i])
		name := text[i+1 : j]
		if v, ok := vars.Get(name + "[" + node + "]"); ok {
			b.WriteString(v)
		} else if v, ok := vars.Get(name); ok {
			b.WriteString(v)
		} else {
			b.WriteString(text[i : j+1])
		}
		text = text[j+1:]
	}
}

// ShortLabel is a compact form of step i's label for the margin: a delivery
// shows its message type and channel instead of every field.
func (d *Diagram) ShortLabel(i int) string {
	s := d.Steps[i]
	for _, e := range s.Events {
		switch e.Kind {
		case checker.EventDeliver:
			return "Deliver " + e.Label + " " + e.From + "→" + e.To
		case checker.EventDrop:
			return "Drop " + e.Label + " " + e.From + "→" + e.To
		}
	}
	return s.Label
}
