package diagram

import (
	"fmt"

	"github.com/rspec/rspec/checker"
)

// FromTrace replays t through m and lays it out with DefaultRules. The
// events of each step come from m when it implements checker.Eventer;
// otherwise the diagram shows the steps and marks without arrows.
func FromTrace[S any, A any](m checker.Model[S, A], t *checker.Trace) (*Diagram, error) {
	states, err := checker.Replay(m, t)
	if err != nil {
		return nil, fmt.Errorf("replay %s %s: %w", t.Kind, t.Property, err)
	}
	events := make([][]checker.Event, len(t.Steps))
	if ev, ok := m.(checker.Eventer[S, A]); ok {
		var acts []A
		for i := 1; i < len(states); i++ {
			prev := &states[i-1]
			acts = m.Actions(prev, acts[:0])
			for _, a := range acts {
				if m.Label(prev, a) == t.Steps[i].Label {
					events[i] = ev.Events(prev, a, &states[i])
					break
				}
			}
		}
	}
	title := string(t.Kind) + ": " + t.Property
	if t.Deadlock {
		title += " (deadlock)"
	}
	d := Build(title, t.Steps, events, DefaultRules)
	if t.Fault != "" && len(d.Steps) > 0 {
		d.Steps[len(d.Steps)-1].Fault = t.Fault
	}
	return d, nil
}

// Pick chooses the trace to draw: with name empty, the first counterexample
// or else the first example; with a name, the counterexample of that
// property or else the example of that goal. It returns nil when there is
// no such trace.
func Pick(traces []*checker.Trace, name string) *checker.Trace {
	for _, kind := range []checker.TraceKind{checker.Counterexample, checker.Example} {
		for _, t := range traces {
			if t.Kind == kind && (name == "" || t.Property == name) {
				return t
			}
		}
	}
	return nil
}
