package checker

// Replay follows a trace through the model by its labels and returns the
// states it visits, the initial state first. The initial state is the first
// one whose displayed variables equal the trace's first step (the first
// initial state when that step has none); each later step takes the enabled
// action of the current state with the step's label. A step that records
// variables must match the state reached. A final step that faulted must
// fault again; its state is not returned.
func Replay[S any, A any](m Model[S, A], t *Trace) ([]S, error) {
	if len(t.Steps) == 0 {
		return nil, errorf(ErrReplay, "empty trace")
	}
	var vals []string
	matches := func(s *S, want Vars) bool {
		if len(want) == 0 {
			return true
		}
		vals = m.FormatVars(s, vals[:0])
		if len(vals) != len(want) {
			return false
		}
		for i := range vals {
			if vals[i] != want[i].Value {
				return false
			}
		}
		return true
	}
	var states []S
	for _, s := range m.Init() {
		if matches(&s, t.Steps[0].Vars) {
			states = append(states, s)
			break
		}
	}
	if states == nil {
		return nil, errorf(ErrReplay, "step 1: no initial state matches")
	}
	var acts []A
	for i, st := range t.Steps[1:] {
		cur := &states[len(states)-1]
		var next S
		acts = m.Actions(cur, acts[:0])
		found := false
		for _, a := range acts {
			if m.Label(cur, a) != st.Label {
				continue
			}
			out, err := m.Next(cur, a, &next)
			if err != nil {
				if t.Fault != "" && i == len(t.Steps)-2 {
					return states, nil
				}
				return states, errorf(ErrReplay, "step %d: %s: model fault: %v", i+2, st.Label, err)
			}
			if out != Enabled {
				return states, errorf(ErrReplay, "step %d: %s is %v", i+2, st.Label, out)
			}
			found = true
			break
		}
		if !found {
			return states, errorf(ErrReplay, "step %d: no action labelled %s", i+2, st.Label)
		}
		if !matches(&next, st.Vars) {
			return states, errorf(ErrReplay, "step %d: %s: state differs from the trace", i+2, st.Label)
		}
		states = append(states, next)
	}
	if t.Fault != "" {
		return states, errorf(ErrReplay, "the last step did not fault")
	}
	return states, nil
}
