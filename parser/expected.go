package parser

import "strings"

// productionWords names the grammar productions that can appear in
// participle's "expected" descriptions.
var productionWords = map[string]string{
	"Expr": "expression", "OrExpr": "expression", "AndExpr": "expression",
	"CmpExpr": "expression", "RangeExpr": "expression", "AddExpr": "expression",
	"MulExpr": "expression", "UnaryExpr": "expression", "PostfixExpr": "expression",
	"Primary": "expression", "NameExpr": "expression", "Quantifier": "expression",
	"CondExpr": "expression", "SetLit": "expression", "SeqLit": "expression",
	"Ident": "name", "Param": "name", "FieldInit": "field name",
	"Field": "field name", "FieldName": "field name",
	"Type": "type", "MapType": "type", "SeqType": "type", "NamedOrRange": "type",
	"Stmt": "statement", "Block": `"{"`, "Decl": "declaration",
	"CallArgs": `"("`, "Int": "integer", "NetOption": "network option",
}

// humanExpected rewords participle's description of what the grammar
// expected (a fragment of EBNF) as the first thing that could have come
// next: `"in" Expr ":" Expr` becomes `"in"`, `("=" | "+=")` becomes
// `"=" or "+="`, and production names become words.
func humanExpected(want string) string {
	alts := firstAtoms(strings.TrimSpace(want))
	seen := map[string]bool{}
	var out []string
	for _, a := range alts {
		if !seen[a] {
			seen[a] = true
			out = append(out, a)
		}
	}
	return strings.Join(out, " or ")
}

// firstAtoms returns the words for the first element of an EBNF fragment.
func firstAtoms(s string) []string {
	for strings.HasPrefix(s, "(?") { // a lookahead consumes nothing
		_, s = splitGroup(s)
		s = strings.TrimSpace(s)
	}
	switch {
	case s == "":
		return nil
	case s[0] == '(':
		inner, _ := splitGroup(s)
		var out []string
		for _, alt := range splitTop(inner, '|') {
			out = append(out, firstAtoms(strings.TrimSpace(alt))...)
		}
		return out
	case s[0] == '"':
		if j := strings.IndexByte(s[1:], '"'); j >= 0 {
			return []string{s[:j+2]}
		}
		return []string{s}
	}
	end := 0
	for end < len(s) && (s[end] == '_' || s[end] >= 'A' && s[end] <= 'Z' || s[end] >= 'a' && s[end] <= 'z' || s[end] >= '0' && s[end] <= '9') {
		end++
	}
	if end == 0 {
		return nil
	}
	if w, ok := productionWords[s[:end]]; ok {
		return []string{w}
	}
	return []string{s[:end]}
}

// splitGroup splits "(inner) rest" at the parenthesis matching the first.
func splitGroup(s string) (inner, rest string) {
	depth, quoted := 0, false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '"':
			quoted = !quoted
		case quoted:
		case c == '(':
			depth++
		case c == ')':
			depth--
			if depth == 0 {
				return s[1:i], s[i+1:]
			}
		}
	}
	return strings.TrimPrefix(s, "("), ""
}

// splitTop splits s at sep outside parentheses and quotes.
func splitTop(s string, sep byte) []string {
	var parts []string
	depth, quoted, start := 0, false, 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '"':
			quoted = !quoted
		case quoted:
		case c == '(':
			depth++
		case c == ')':
			depth--
		case c == sep && depth == 0:
			parts = append(parts, s[start:i])
			start = i + 1
		}
	}
	return append(parts, s[start:])
}
