package parser

import (
	"bytes"
	"errors"
	"fmt"
	"strings"

	"github.com/alecthomas/participle/v2"
	"github.com/alecthomas/participle/v2/lexer"
)

var rslParser = participle.MustBuild[File](
	participle.Lexer(rslLexer),
	participle.Elide("Comment", "BlockComment", "Whitespace"),
	participle.UseLookahead(0),
)

// Parse parses the RSL source src, read from the file name. It checks syntax
// only; names and types are the business of package ir. The error, if any,
// is an ErrorList.
func Parse(name string, src []byte) (*File, error) {
	if errs := lexErrors(name, src); len(errs) > 0 {
		return nil, errs
	}
	f, err := rslParser.ParseBytes(name, src)
	if err != nil {
		var errs ErrorList
		errs.Add(syntaxError(name, err))
		return nil, errs
	}
	f.Name = name
	f.Source = src
	if errs := validate(f); len(errs) > 0 {
		errs.Sort()
		return nil, errs
	}
	return f, nil
}

// PosOf converts a participle position to a Pos.
func PosOf(p lexer.Position) Pos {
	return Pos{File: p.Filename, Line: p.Line, Col: p.Column, Offset: p.Offset}
}

// lexErrors reports the characters and comments no token rule accepts.
func lexErrors(name string, src []byte) ErrorList {
	var errs ErrorList
	lex, err := rslLexer.Lex(name, bytes.NewReader(src))
	if err != nil {
		errs.Add(Pos{File: name}, "%s", err)
		return errs
	}
	syms := rslLexer.Symbols()
	for {
		tok, err := lex.Next()
		if err != nil {
			var le participle.Error
			if errors.As(err, &le) {
				errs.Add(PosOf(le.Position()), "%s", le.Message())
			} else {
				errs.Add(Pos{File: name}, "%s", err)
			}
			return errs
		}
		switch tok.Type {
		case lexer.EOF:
			return errs
		case syms["Unclosed"]:
			errs.Add(PosOf(tok.Pos), "comment not terminated")
		case syms["Illegal"]:
			errs.Add(PosOf(tok.Pos), "invalid character %s", quoteChar(tok.Value))
		}
		if len(errs) > MaxErrors {
			return errs
		}
	}
}

func quoteChar(s string) string {
	r := []rune(s)[0]
	if r < 0x80 && r >= 0x20 {
		return fmt.Sprintf("%q", s)
	}
	return fmt.Sprintf("U+%04X", r)
}

// syntaxError turns a participle error into a positioned message in the
// wording of Go's parser: expected X, got "y".
func syntaxError(name string, err error) (Pos, string, string) {
	var ute *participle.UnexpectedTokenError
	if errors.As(err, &ute) {
		msg := ute.Message()
		want := ""
		if i := strings.Index(msg, " (expected "); i >= 0 {
			want = strings.TrimSuffix(msg[i+len(" (expected "):], ")")
		}
		return PosOf(ute.Position()), "%s", describeExpected(want, ute.Unexpected)
	}
	var pe participle.Error
	if errors.As(err, &pe) {
		return PosOf(pe.Position()), "%s", pe.Message()
	}
	return Pos{File: name}, "%s", err.Error()
}

// describeExpected words a syntax error: what the grammar wanted, and what
// it found instead.
func describeExpected(want string, got lexer.Token) string {
	found := fmt.Sprintf("%q", got.Value)
	if got.EOF() {
		found = "end of file"
	}
	want = humanExpected(want)
	if want == "" {
		want = "declaration"
	}
	return "expected " + want + ", got " + found
}
