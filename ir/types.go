package ir

import (
	"fmt"
	"strings"
)

// Kind classifies a Type.
type Kind int

// The kinds of RSL types.
const (
	KindBool   Kind = iota + 1
	KindInt         // unbounded integer (int64 in Go); a state of this type warns
	KindRange       // bounded integer Lo..Hi: a range type, alias or domain
	KindEnum        // an enum; values are its members in declaration order
	KindRecord      // a record or message type
	KindOption      // option Elem: none or some(v)
	KindSet         // set Elem over a finite Elem
	KindSeq         // seq Elem, or seq[Max] Elem when bounded
	KindMap         // [Key]Elem over a finite Key
)

// Type is a resolved RSL type. Named types (domains, aliases, enums, records,
// messages) are shared pointers, so two types are the same named type exactly
// when Name is equal and non-empty; structural types compare with Identical.
type Type struct {
	Kind Kind
	Name string // the declared name of a named type ("Server", "Term", "Entry"); "" for structural types
	Pos  Pos    // declaration of a named type

	Lo, Hi    int64 // KindRange: inclusive bounds, already evaluated
	Symmetric bool  // KindRange: a symmetric domain (values only compared for equality, indexed, iterated)
	Domain    bool  // KindRange: declared with `domain` (a set of ids), not `type`

	Enum   *Enum   // KindEnum
	Record *Record // KindRecord

	Elem *Type // KindOption, KindSet, KindSeq: element; KindMap: value
	Key  *Type // KindMap: the finite index type
	Max  int64 // KindSeq: maximum length; 0 means unbounded

	GoName string // Go identifier of a named type in generated code ("Server", "Entry")
}

// Bool and Int are the two predeclared types.
var (
	Bool = &Type{Kind: KindBool, Name: "bool"}
	Int  = &Type{Kind: KindInt, Name: "int"}
)

// IsInteger reports whether values of t are integers (int or a range).
func (t *Type) IsInteger() bool { return t.Kind == KindInt || t.Kind == KindRange }

// Finite reports whether t has finitely many values, so that it can index a
// map, be the element of a set, or be quantified over.
func (t *Type) Finite() bool {
	switch t.Kind {
	case KindBool, KindRange, KindEnum:
		return true
	case KindOption:
		return t.Elem.Finite()
	case KindRecord:
		for _, f := range t.Record.Fields {
			if !f.Type.Finite() {
				return false
			}
		}
		return true
	}
	return false
}

// Card returns the number of values of a finite type (KindSet and KindMap
// excluded: their cardinality is exponential and never needed), or -1.
func (t *Type) Card() int64 {
	switch t.Kind {
	case KindBool:
		return 2
	case KindRange:
		return t.Hi - t.Lo + 1
	case KindEnum:
		return int64(len(t.Enum.Members))
	case KindOption:
		if c := t.Elem.Card(); c >= 0 {
			return c + 1
		}
	case KindRecord:
		n := int64(1)
		for _, f := range t.Record.Fields {
			c := f.Type.Card()
			if c < 0 || n > (1<<62)/max(c, 1) {
				return -1
			}
			n *= c
		}
		return n
	}
	return -1
}

// String renders t as RSL source writes it.
func (t *Type) String() string {
	if t.Name != "" {
		return t.Name
	}
	switch t.Kind {
	case KindRange:
		return fmt.Sprintf("%d..%d", t.Lo, t.Hi)
	case KindOption:
		return "option " + t.Elem.String()
	case KindSet:
		return "set " + t.Elem.String()
	case KindSeq:
		if t.Max > 0 {
			return fmt.Sprintf("seq[%d] %s", t.Max, t.Elem)
		}
		return "seq " + t.Elem.String()
	case KindMap:
		return "[" + t.Key.String() + "]" + t.Elem.String()
	}
	return "?"
}

// Identical reports whether a and b are the same type. Sequence bounds are
// ignored (seq[2] Entry and seq Entry are identical; bounds are checked when a
// value is stored), as are range bounds between two unnamed ranges.
func Identical(a, b *Type) bool {
	if a == b {
		return true
	}
	if a.Kind != b.Kind {
		return false
	}
	if a.Name != "" || b.Name != "" {
		return a.Name == b.Name
	}
	switch a.Kind {
	case KindOption, KindSet, KindSeq:
		return Identical(a.Elem, b.Elem)
	case KindMap:
		return Identical(a.Key, b.Key) && Identical(a.Elem, b.Elem)
	}
	return true
}

// Enum is an enumeration type.
type Enum struct {
	Name    string
	Pos     Pos
	Members []*EnumMember
	Type    *Type
}

// EnumMember is one member of an enum; Value is its position from 0.
type EnumMember struct {
	Name   string
	Pos    Pos
	Value  int
	Enum   *Enum
	GoName string // Go constant name, e.g. "RoleLeader"
}

// Record is a record or message type.
type Record struct {
	Name      string
	Pos       Pos
	IsMessage bool
	Fields    []*Field
	Type      *Type
	Tag       int // messages: position among the spec's messages from 0; records: -1
}

// Field is one field of a record or message.
type Field struct {
	Name   string
	Pos    Pos
	Type   *Type
	Index  int    // position in the record
	GoName string // exported Go field name, e.g. "PrefixLen"
}

// FieldByName returns the field called name, or nil.
func (r *Record) FieldByName(name string) *Field {
	for _, f := range r.Fields {
		if f.Name == name {
			return f
		}
	}
	return nil
}

// typeList renders types for messages: "int, bool".
func typeList(ts []*Type) string {
	s := make([]string, len(ts))
	for i, t := range ts {
		s[i] = t.String()
	}
	return strings.Join(s, ", ")
}
