package checker

import (
	"bufio"
	"fmt"
	"io"
)

// ReportOptions configure WriteReport and WriteTraceText.
type ReportOptions struct {
	// FullState prints every variable at every step, not only those that
	// changed.
	FullState bool
	// NoExamples leaves out the example paths of reached goals.
	NoExamples bool
}

// WriteReport writes a text report of r: the figures, then each property's
// verdict with its counterexample or example as numbered steps, then the
// warnings. It prints nothing that depends on timing, so it can be compared
// with a golden file.
func WriteReport(w io.Writer, r *Result, opts ReportOptions) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "states=%d, unique=%d, pruned=%d, depth=%d (%s)\n",
		r.States, r.Unique, r.Pruned, r.Depth, coverage(r))
	if r.Symmetry {
		fmt.Fprintln(bw, "symmetry: states that differ only by renaming a symmetric domain count once")
	}
	if r.Message != "" {
		fmt.Fprintf(bw, "stopped: %s\n", r.Message)
	}
	writeProperties(bw, r.Properties, opts)
	for _, s := range r.Warnings {
		fmt.Fprintf(bw, "warning: %s\n", s)
	}
	return bw.Flush()
}

// coverage describes how much of the state space a run covered.
func coverage(r *Result) string {
	switch {
	case r.Exhaustive:
		return "exhaustive"
	case r.Status == StatusComplete:
		return fmt.Sprintf("bounded by depth %d", r.MaxDepth)
	case r.Status == StatusViolation:
		return "stopped at the first violation"
	}
	return "stopped early: " + string(r.Status)
}

func writeProperties(w io.Writer, ps []PropertyResult, opts ReportOptions) {
	for i := range ps {
		p := &ps[i]
		title := p.Kind.String() + " " + p.Name
		if p.Name == p.Kind.String() {
			title = p.Name // the engine's own checks: deadlock, fault
		}
		if p.Depth > 0 {
			fmt.Fprintf(w, "%s: %s (depth %d)\n", title, p.Status, p.Depth)
		} else {
			fmt.Fprintf(w, "%s: %s\n", title, p.Status)
		}
		if p.Trace != nil && (p.Status == Violated || !opts.NoExamples) {
			writeTrace(w, p.Trace, opts)
		}
	}
}

// WriteTraceText writes t as numbered steps: each step's label, then the
// variables that changed as "name: old -> new" (every variable of the initial
// state, and of every state with FullState).
func WriteTraceText(w io.Writer, t *Trace, opts ReportOptions) error {
	bw := bufio.NewWriter(w)
	writeTrace(bw, t, opts)
	return bw.Flush()
}

func writeTrace(w io.Writer, t *Trace, opts ReportOptions) {
	var prev Vars
	for i := range t.Steps {
		st := &t.Steps[i]
		fmt.Fprintf(w, "  %d. %s\n", i+1, st.Label)
		changed := make(map[string]bool, len(st.Changed))
		for _, n := range st.Changed {
			changed[n] = true
		}
		for _, v := range st.Vars {
			old, had := prev.Get(v.Name)
			switch {
			case changed[v.Name] && had:
				fmt.Fprintf(w, "       %s: %s -> %s\n", v.Name, old, v.Value)
			case i == 0 || opts.FullState || changed[v.Name]:
				fmt.Fprintf(w, "       %s: %s\n", v.Name, v.Value)
			}
		}
		if st.Vars != nil {
			prev = st.Vars
		}
	}
	switch {
	case t.Fault != "":
		fmt.Fprintf(w, "       fault: %s\n", t.Fault)
	case t.Deadlock:
		fmt.Fprintf(w, "       deadlock: no action is enabled\n")
	}
}
