package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode/utf8"

	"github.com/rspec/rspec/ir"
	"github.com/rspec/rspec/parser"
)

// loadSpec reads, parses and checks the spec at path with the constant
// overrides, printing its warnings and errors to w. The spec is nil when
// there were errors; err is set only when the file cannot be read.
func loadSpec(w io.Writer, path string, consts map[string]int64) (*ir.Spec, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	f, err := parser.Parse(path, src)
	if err != nil {
		printErrors(w, src, err)
		return nil, nil
	}
	spec, err := ir.Check(f, consts)
	for _, d := range spec.Warnings {
		fmt.Fprintf(w, "%s: warning: %s\n", d.Pos, d.Msg)
	}
	if err != nil {
		printErrors(w, src, err)
		return nil, nil
	}
	return spec, nil
}

// printErrors prints a parser.ErrorList, each error followed by its source
// line and a caret under its column; at most parser.MaxErrors, then "too
// many errors". Any other error is printed as it is.
func printErrors(w io.Writer, src []byte, err error) {
	var list parser.ErrorList
	if !errors.As(err, &list) {
		fmt.Fprintln(w, err)
		return
	}
	for i, e := range list {
		if i == parser.MaxErrors {
			fmt.Fprintln(w, "too many errors")
			return
		}
		fmt.Fprintln(w, e.Error())
		printCaret(w, src, e.Pos)
	}
}

// printCaret prints the source line of p, numbered, and under it a caret
// at p's column (tabs in the line are kept, so the caret lines up).
func printCaret(w io.Writer, src []byte, p parser.Pos) {
	lines := strings.Split(string(src), "\n")
	if p.Line < 1 || p.Line > len(lines) {
		return
	}
	line := strings.TrimRight(lines[p.Line-1], "\r")
	if !utf8.ValidString(line) {
		line = strings.ToValidUTF8(line, "?")
	}
	var pad strings.Builder
	col := 1
	for _, r := range line {
		if col >= p.Col {
			break
		}
		if r == '\t' {
			pad.WriteByte('\t')
		} else {
			pad.WriteByte(' ')
		}
		col++
	}
	fmt.Fprintf(w, "%5d | %s\n", p.Line, line)
	fmt.Fprintf(w, "%5s | %s^\n", "", pad.String())
}
