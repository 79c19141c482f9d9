package explore

import (
	"strconv"
	"strings"

	"github.com/rspec/rspec/checker"
	"github.com/rspec/rspec/diagram"
)

// NetworkVar is the name of the variable that holds the messages in flight.
const NetworkVar = "network"

// State is the body of GET /api/state: the state at the end of a path, what
// can happen next and which properties hold.
type State struct {
	// Path is the path as action indexes ("0/2/1"), the form pages put in
	// their URL.
	Path  string     `json:"path"`
	Steps []PathStep `json:"steps"`
	// Nodes holds each node's variables ("role[s0]" under s0 as "role").
	Nodes []NodeVars `json:"nodes"`
	// Globals are the variables of no node, the network excepted.
	Globals []VarView `json:"globals"`
	// Network lists the messages in flight.
	Network []Message `json:"network"`
	// Events are what the last step did (empty at the initial state).
	Events     []checker.Event `json:"events"`
	Actions    []Action        `json:"actions"`
	Properties []PropertyView  `json:"properties"`
	// Deadlock is set when no action is enabled.
	Deadlock bool `json:"deadlock"`
}

// PathStep is one step of the path: the action's index among the enabled
// actions of the state before it, and its label.
type PathStep struct {
	Index int    `json:"index"`
	Label string `json:"label"`
}

// NodeVars are one node's variables.
type NodeVars struct {
	Node string    `json:"node"`
	Vars []VarView `json:"vars"`
}

// VarView is a variable, its value and whether the last step changed it.
type VarView struct {
	Name    string `json:"name"`
	Value   string `json:"value"`
	Changed bool   `json:"changed"`
}

// Message is a message in flight, split out of the network variable.
type Message struct {
	Text   string `json:"text"` // the message's fields: VoteRequest{cid: s0, ...}
	From   string `json:"from,omitempty"`
	To     string `json:"to,omitempty"`
	Copies int    `json:"copies"`
}

// Action is an action of the current state. Index is its position among the
// enabled actions (the path item that takes it), -1 when it cannot be taken.
type Action struct {
	Index   int             `json:"index"`
	Label   string          `json:"label"`
	Outcome string          `json:"outcome"` // enabled, pruned or fault
	Fault   string          `json:"fault,omitempty"`
	Node    string          `json:"node,omitempty"` // where it happens: the receiver of a delivery, the node of a local action
	Kind    string          `json:"kind,omitempty"` // the first event's kind: local, deliver, drop, crash
	Events  []checker.Event `json:"events,omitempty"`
}

// PropertyView is the status of a property on the path.
type PropertyView struct {
	Name string       `json:"name"`
	Kind checker.Kind `json:"kind"`
	// Status is "holds" or "violated" for an invariant (at this state) and a
	// transition property (on every step of the path), "reached" or
	// "unreached" for a goal (on the path), "within" or "outside" for a
	// constraint (at this state).
	Status string `json:"status"`
	// Step is the first step of the path where a goal was reached or a
	// transition property was violated; -1 otherwise.
	Step int `json:"step"`
}

// vars renders s as displayed variables.
func (x *Server[S, A]) vars(s *S) checker.Vars {
	names := x.m.VarNames()
	vals := x.m.FormatVars(s, nil)
	out := make(checker.Vars, len(vals))
	for i, v := range vals {
		name := "var" + strconv.Itoa(i)
		if i < len(names) {
			name = names[i]
		}
		out[i] = checker.Var{Name: name, Value: v}
	}
	return out
}

// view renders the state at the end of w.
func (x *Server[S, A]) view(w *walk[S, A]) *State {
	last := len(w.states) - 1
	cur := &w.states[last]
	v := &State{Path: w.String(), Steps: []PathStep{}, Nodes: []NodeVars{}, Globals: []VarView{}, Network: []Message{}, Events: []checker.Event{}, Actions: []Action{}}
	for i := 1; i <= last; i++ {
		v.Steps = append(v.Steps, PathStep{Index: w.indexes[i], Label: w.labels[i]})
	}
	now := x.vars(cur)
	var before checker.Vars
	if last > 0 {
		before = x.vars(&w.states[last-1])
		if x.ev != nil {
			v.Events = append(v.Events, x.ev.Events(&w.states[last-1], w.actions[last-1], cur)...)
		}
	}
	byNode := map[string]int{}
	for i, vr := range now {
		vv := VarView{Name: vr.Name, Value: vr.Value, Changed: before != nil && before[i].Value != vr.Value}
		if vr.Name == NetworkVar {
			v.Network = ParseNetwork(vr.Value)
			continue
		}
		base, node, ok := diagram.SplitVar(vr.Name)
		if !ok {
			v.Globals = append(v.Globals, vv)
			continue
		}
		k, seen := byNode[node]
		if !seen {
			k = len(v.Nodes)
			byNode[node] = k
			v.Nodes = append(v.Nodes, NodeVars{Node: node})
		}
		vv.Name = base
		v.Nodes[k].Vars = append(v.Nodes[k].Vars, vv)
	}
	v.Actions = x.actionViews(cur)
	v.Deadlock = true
	for _, a := range v.Actions {
		if a.Index >= 0 {
			v.Deadlock = false
		}
	}
	v.Properties = x.propertyViews(w)
	return v
}

// actionViews lists the actions of s: the enabled ones with their path
// index, then those that are pruned or fault.
func (x *Server[S, A]) actionViews(s *S) []Action {
	out := []Action{}
	k := 0
	for _, o := range x.options(s) {
		a := Action{Index: -1, Label: o.label, Outcome: o.outcome.String()}
		switch {
		case o.err != nil:
			a.Outcome, a.Fault = "fault", o.err.Error()
		case o.outcome == checker.Disabled:
			continue
		case o.outcome == checker.Enabled:
			a.Index = k
			k++
		}
		if x.ev != nil && o.err == nil {
			a.Events = x.ev.Events(s, o.act, &o.next)
			for _, e := range a.Events {
				if e.Kind == checker.EventSend {
					continue
				}
				a.Kind, a.Node = string(e.Kind), e.From
				if e.Kind == checker.EventDeliver || e.Kind == checker.EventDrop {
					a.Node = e.To
				}
				break
			}
		}
		out = append(out, a)
	}
	return out
}

// evalStatus evaluates p's state predicate on s: yes or no, or "fault" when
// evaluating it is a model fault.
func evalStatus[S any](p *checker.Property[S], s *S, yes, no string) string {
	ok, err := p.Eval(s)
	if err != nil {
		return "fault"
	}
	return status(ok, yes, no)
}

// propertyViews evaluates every property on the walk.
func (x *Server[S, A]) propertyViews(w *walk[S, A]) []PropertyView {
	cur := &w.states[len(w.states)-1]
	var out []PropertyView
	for _, p := range x.m.Properties() {
		pv := PropertyView{Name: p.Name, Kind: p.Kind, Step: -1}
		switch p.Kind {
		case checker.KindInvariant:
			pv.Status = evalStatus(&p, cur, "holds", "violated")
		case checker.KindConstraint:
			pv.Status = evalStatus(&p, cur, "within", "outside")
		case checker.KindReachable:
			pv.Status = "unreached"
			for i := range w.states {
				if ok, err := p.Eval(&w.states[i]); err != nil || ok {
					pv.Status, pv.Step = evalStatus(&p, &w.states[i], "reached", ""), i
					break
				}
			}
		case checker.KindTransition:
			pv.Status = "holds"
			for i := 1; i < len(w.states); i++ {
				ok, err := p.EvalStep(&w.states[i-1], &w.states[i])
				if err != nil {
					pv.Status, pv.Step = "fault", i
					break
				}
				if !ok {
					pv.Status, pv.Step = "violated", i
					break
				}
			}
		default:
			continue
		}
		out = append(out, pv)
	}
	return out
}

func status(ok bool, yes, no string) string {
	if ok {
		return yes
	}
	return no
}

// diagram lays out the walk as a sequence diagram.
func (x *Server[S, A]) diagram(w *walk[S, A]) *diagram.Diagram {
	steps := make([]checker.Step, len(w.states))
	events := make([][]checker.Event, len(w.states))
	for i := range w.states {
		steps[i] = checker.Step{Label: w.labels[i], Vars: x.vars(&w.states[i])}
		if i > 0 && x.ev != nil {
			events[i] = x.ev.Events(&w.states[i-1], w.actions[i-1], &w.states[i])
		}
	}
	return diagram.Build("", steps, events, x.opts.Rules)
}

// ParseNetwork splits the network variable as traces show it,
// "{VoteRequest{...} s0->s1, LogRequest{...} s0->s2 (x2)}", into messages.
func ParseNetwork(s string) []Message {
	out := []Message{}
	s = strings.TrimSpace(s)
	if len(s) < 2 || s[0] != '{' || s[len(s)-1] != '}' {
		if s != "" {
			out = append(out, Message{Text: s, Copies: 1})
		}
		return out
	}
	for _, item := range splitTop(s[1 : len(s)-1]) {
		m := Message{Text: item, Copies: 1}
		if i := strings.LastIndex(m.Text, " (x"); i >= 0 && strings.HasSuffix(m.Text, ")") {
			if n, err := strconv.Atoi(m.Text[i+3 : len(m.Text)-1]); err == nil {
				m.Text, m.Copies = m.Text[:i], n
			}
		}
		if i := strings.LastIndexByte(m.Text, ' '); i >= 0 {
			if from, to, ok := strings.Cut(m.Text[i+1:], "->"); ok {
				m.Text, m.From, m.To = m.Text[:i], from, to
			}
		}
		out = append(out, m)
	}
	return out
}

// splitTop splits s at the commas that are not inside brackets.
func splitTop(s string) []string {
	var out []string
	depth, start := 0, 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '{', '[', '(':
			depth++
		case '}', ']', ')':
			depth--
		case ',':
			if depth == 0 {
				out = append(out, strings.TrimSpace(s[start:i]))
				start = i + 1
			}
		}
	}
	if rest := strings.TrimSpace(s[start:]); rest != "" {
		out = append(out, rest)
	}
	return out
}
