package parser

import (
	"sort"
	"strings"

	"github.com/alecthomas/participle/v2/lexer"
)

// keywords are the reserved words of RSL; they cannot be identifiers. The
// network options (bag, duplicating, fifo, lossy, capacity, copies) and the
// max of a crash declaration are contextual and stay identifiers, as do the
// predeclared names bool, int and the built-in functions.
var keywords = []string{
	"action", "all", "any", "at", "broadcast", "const", "constraint", "count",
	"crash", "domain", "durable", "else", "enum", "false", "fn", "for", "from",
	"ghost", "if", "in", "invariant", "let", "message", "network", "none", "on",
	"option", "proc", "reachable", "record", "require", "send", "seq", "set",
	"symmetric", "then", "to", "transition", "true", "type", "var", "where",
}

// IsKeyword reports whether s is a reserved word of RSL.
func IsKeyword(s string) bool {
	i := sort.SearchStrings(keywords, s)
	return i < len(keywords) && keywords[i] == s
}

// rslLexer splits RSL source into tokens. Comments and white space, newlines
// included, are elided: statements end where the next one begins. The
// Illegal and Unclosed rules catch what no other rule matches, so that Parse
// can report a precise error instead of a lexer failure.
var rslLexer = lexer.MustSimple([]lexer.SimpleRule{
	{Name: "Comment", Pattern: `//[^\n]*`},
	{Name: "BlockComment", Pattern: `/\*([^*]|\*+[^*/])*\*+/`},
	{Name: "Unclosed", Pattern: `(?s)/\*.*`},
	{Name: "Whitespace", Pattern: `[ \t\r\n]+`},
	{Name: "Keyword", Pattern: `(` + strings.Join(keywords, "|") + `)\b`},
	{Name: "Ident", Pattern: `[A-Za-z_][A-Za-z0-9_]*`},
	{Name: "Int", Pattern: `[0-9]+`},
	{Name: "Op", Pattern: `=>|==|!=|<=|>=|&&|\|\||\+=|-=|\.\.|[-+*/%<>=!.,:;'(){}\[\]]`},
	{Name: "Illegal", Pattern: `(?s).`},
})
