package checker

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
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
