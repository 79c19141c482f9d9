package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/pflag"

	"github.com/rspec/rspec/checker"
	checkrun "github.com/rspec/rspec/checker/run"
	"github.com/rspec/rspec/diagram"
	"github.com/rspec/rspec/generated/raftspec"
)

// diagramFlags are rspec check's --diagram and --diagram-goal: draw the
// first counterexample, or a goal's example, as a sequence diagram.
type diagramFlags struct {
	path string
	goal string
}

func (d *diagramFlags) add(fs *pflag.FlagSet) {
	fs.StringVar(&d.path, "diagram", "", "draw the first counterexample (or, with none, a goal's example) as a sequence diagram: FILE.svg, or FILE.mmd for Mermaid (compiled-in model only)")
	fs.StringVar(&d.goal, "diagram-goal", "", "with --diagram and no violation: the reachable goal whose example to draw (default the first reached)")
}

// isDiagramFlag reports the flags a built checker does not take.
func isDiagramFlag(name string) bool { return name == "diagram" || name == "diagram-goal" }

// prepare makes sure the check writes its traces, to a temporary file when
// --trace-out is not set, and returns the config to run and the step that
// draws the diagram after the run. done is nil without --diagram; a non-zero
// code is a usage error already printed.
func (d *diagramFlags) prepare(cfg checkrun.Config, stderr io.Writer) (_ checkrun.Config, done func(code int) int, code int) {
	if d.path == "" {
		if d.goal != "" {
			fmt.Fprintln(stderr, "rspec check: --diagram-goal needs --diagram")
			return cfg, nil, exitUsage
		}
		return cfg, nil, exitOK
	}
	render, err := diagramRenderer(d.path)
	if err != nil {
		fmt.Fprintf(stderr, "rspec check: %v\n", err)
		return cfg, nil, exitUsage
	}
	tmp := ""
	if cfg.TraceOut == "" {
		f, err := os.CreateTemp("", "rspec-traces-*.jsonl")
		if err != nil {
			fmt.Fprintf(stderr, "rspec check: --diagram: %v\n", err)
			return cfg, nil, exitUsage
		}
		f.Close()
		tmp, cfg.TraceOut = f.Name(), f.Name()
	}
	traces := cfg.TraceOut
	return cfg, func(code int) int {
		if tmp != "" {
			defer os.Remove(tmp)
		}
		if err := d.draw(traces, render); err != nil {
			fmt.Fprintf(stderr, "rspec check: --diagram: %v\n", err)
			if code == exitOK {
				return exitUsage
			}
		}
		return code
	}, exitOK
}

// diagramRenderer chooses the format by the file's extension.
func diagramRenderer(path string) (func(*diagram.Diagram) string, error) {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".svg":
		return diagram.SVG, nil
	case ".mmd", ".mermaid":
		return diagram.Mermaid, nil
	}
	return nil, fmt.Errorf("invalid --diagram %q: want a .svg or .mmd file", path)
}

// draw reads the traces the check wrote, picks one and writes its diagram.
func (d *diagramFlags) draw(traces string, render func(*diagram.Diagram) string) error {
	f, err := os.Open(traces)
	if err != nil {
		return fmt.Errorf("no traces to draw (--diagram draws the compiled-in model only): %w", err)
	}
	ts, err := checker.ReadTraces(f)
	f.Close()
	if err != nil {
		return err
	}
	t := diagram.Pick(ts, d.goal)
	if t == nil {
		if d.goal != "" {
			return fmt.Errorf("no counterexample and no example of goal %s to draw", d.goal)
		}
		return fmt.Errorf("no counterexample and no example to draw")
	}
	dg, err := diagram.FromTrace(raftspec.New(), t)
	if err != nil {
		return fmt.Errorf("%w (--diagram draws the compiled-in model only)", err)
	}
	if err := os.WriteFile(d.path, []byte(render(dg)), 0o644); err != nil {
		return err
	}
	return nil
}
