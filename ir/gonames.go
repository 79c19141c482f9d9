package ir

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// goReserved are the Go keywords and predeclared identifiers, which a local
// of generated code must not shadow, plus the package names generated code
// may import.
var goReserved = map[string]bool{
	"break": true, "case": true, "chan": true, "const": true, "continue": true,
	"default": true, "defer": true, "else": true, "fallthrough": true, "for": true,
	"func": true, "go": true, "goto": true, "if": true, "import": true,
	"interface": true, "map": true, "package": true, "range": true, "return": true,
	"select": true, "struct": true, "switch": true, "type": true, "var": true,

	"any": true, "append": true, "bool": true, "byte": true, "cap": true,
	"clear": true, "close": true, "comparable": true, "complex": true,
	"complex128": true, "complex64": true, "copy": true, "delete": true,
	"error": true, "false": true, "float32": true, "float64": true, "imag": true,
	"int": true, "int16": true, "int32": true, "int64": true, "int8": true,
	"iota": true, "len": true, "make": true, "max": true, "min": true, "new": true,
	"nil": true, "panic": true, "print": true, "println": true, "real": true,
	"recover": true, "rune": true, "string": true, "true": true, "uint": true,
	"uint16": true, "uint32": true, "uint64": true, "uint8": true, "uintptr": true,

	"checker": true, "errors": true, "fmt": true, "maps": true, "math": true,
	"slices": true, "sort": true, "strconv": true, "strings": true,
}

// localGoName is the lowerCamel Go name of a local: the first letter lower
// case, and a trailing underscore on a reserved word.
func localGoName(name string) string {
	r, size := utf8.DecodeRuneInString(name)
	n := string(unicode.ToLower(r)) + name[size:]
	if n == "_" || n == "" {
		n = "v"
	}
	if goReserved[n] {
		n += "_"
	}
	return n
}

// exportedName is the exported CamelCase Go name of a spec-level name:
// max_term and maxTerm both become MaxTerm.
func exportedName(name string) string {
	var b strings.Builder
	for _, part := range strings.Split(name, "_") {
		if part == "" {
			continue
		}
		r, size := utf8.DecodeRuneInString(part)
		b.WriteRune(unicode.ToUpper(r))
		b.WriteString(part[size:])
	}
	if b.Len() == 0 {
		return "X"
	}
	return b.String()
}

// goNamer hands out unique exported names within one Go namespace.
type goNamer map[string]bool

// name returns base, or base2, base3, ... when base is taken.
func (n goNamer) name(base string) string {
	s := base
	for i := 2; n[s]; i++ {
		s = base + itoa(i)
	}
	n[s] = true
	return s
}

func itoa(i int) string { return strconv.Itoa(i) }
