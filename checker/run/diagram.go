package run

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/rspec/rspec/checker"
	"github.com/rspec/rspec/diagram"
)

// diagramRenderer chooses the diagram format by the file's extension.
func diagramRenderer(path string) (func(*diagram.Diagram) string, error) {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".svg":
		return diagram.SVG, nil
	case ".mmd", ".mermaid":
		return diagram.Mermaid, nil
	}
	return nil, fmt.Errorf("invalid --diagram %q: want a .svg or .mmd file", path)
}

// drawDiagram writes the sequence diagram that --diagram and --diagram-of
// ask for, from the traces of a finished run. It does nothing without
// --diagram.
func drawDiagram[S any, A any](m checker.Model[S, A], c Config, traces []*checker.Trace) error {
	if c.Diagram == "" {
		return nil
	}
	render, err := diagramRenderer(c.Diagram)
	if err != nil {
		return err
	}
	t := diagram.Pick(traces, c.DiagramOf)
	if t == nil {
		if c.DiagramOf != "" {
			return fmt.Errorf("--diagram: no counterexample of property %s and no example of goal %s to draw", c.DiagramOf, c.DiagramOf)
		}
		return fmt.Errorf("--diagram: no counterexample and no example to draw")
	}
	d, err := diagram.FromTrace(m, t)
	if err != nil {
		return fmt.Errorf("--diagram: %w", err)
	}
	if err := os.WriteFile(c.Diagram, []byte(render(d)), 0o644); err != nil {
		return fmt.Errorf("--diagram: %w", err)
	}
	return nil
}

// withDiagram draws the diagram after a run that ended with code; a failure
// to draw turns a passing run into a usage error.
func withDiagram[S any, A any](m checker.Model[S, A], c Config, traces []*checker.Trace, code int, stderr io.Writer) int {
	if err := drawDiagram(m, c, traces); err != nil {
		fmt.Fprintf(stderr, "rspec check: %v\n", err)
		if code == ExitOK {
			return ExitUsage
		}
	}
	return code
}
