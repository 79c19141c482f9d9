// Package diagram draws a trace of a model as a sequence diagram: one lane
// per node, an arrow for each message from the step that sent it to the step
// that delivered it, and markers for timeouts, crashes, elections and
// commits. It renders SVG (for pages and files) and Mermaid text.
//
// Rendering is a pure function of a Diagram; FromTrace builds one from a
// checker.Trace by replaying it through the model, using the model's events
// (checker.Eventer) when it has them.
//
//	d, err := diagram.FromTrace(raftspec.New(), trace)
//	if err != nil {
//		return err
//	}
//	svg := diagram.SVG(d)
//	mmd := diagram.Mermaid(d)
package diagram
