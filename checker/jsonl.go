package checker

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
)

// WriteTrace writes t as one line of JSON:
//
//	{"kind":"counterexample","property":"ElectionSafety","steps":[{"label":"Init","state":{...}},...]}
//
// A trace file is a sequence of such lines; ReadTraces reads it back.
func WriteTrace(w io.Writer, t *Trace) error {
	b, err := json.Marshal(t)
	if err != nil {
		return fmt.Errorf("write trace %s: %w", t.Property, err)
	}
	b = append(b, '\n')
	if _, err := w.Write(b); err != nil {
		return fmt.Errorf("write trace %s: %w", t.Property, err)
	}
	return nil
}

// WriteTraces writes each trace as a line of JSON (see WriteTrace).
func WriteTraces(w io.Writer, traces []*Trace) error {
	bw := bufio.NewWriter(w)
	for _, t := range traces {
		if err := WriteTrace(bw, t); err != nil {
			return err
		}
	}
	return bw.Flush()
}

// ReadTraces reads a trace file written by WriteTrace. Blank lines are
// skipped; an error names the line that could not be read.
func ReadTraces(r io.Reader) ([]*Trace, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1<<30)
	var out []*Trace
	for line := 1; sc.Scan(); line++ {
		b := sc.Bytes()
		if len(bytes.TrimSpace(b)) == 0 {
			continue
		}
		t := new(Trace)
		if err := json.Unmarshal(b, t); err != nil {
			return out, fmt.Errorf("trace line %d: %w", line, err)
		}
		if t.Kind != Counterexample && t.Kind != Example {
			return out, fmt.Errorf("trace line %d: unknown kind %q", line, t.Kind)
		}
		out = append(out, t)
	}
	if err := sc.Err(); err != nil {
		return out, fmt.Errorf("read traces: %w", err)
	}
	return out, nil
}

// ReadTraceFile reads the traces of a file written by WriteTraces (rspec
// check --trace-out). A file with no traces is an error: whoever asked to
// replay or show it would otherwise silently get nothing.
func ReadTraceFile(path string) ([]*Trace, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read traces: %w", err)
	}
	defer f.Close()
	ts, err := ReadTraces(f)
	if err != nil {
		return nil, fmt.Errorf("read traces %s: %w", path, err)
	}
	if len(ts) == 0 {
		return nil, fmt.Errorf("read traces %s: no traces in the file", path)
	}
	return ts, nil
}
