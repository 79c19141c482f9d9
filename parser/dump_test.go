package parser

import (
	"fmt"
	"reflect"
	"strings"
)

// dump renders a parse tree compactly and deterministically for golden
// tests: one declaration or statement per line with its position, every
// node as Type{Field: value}, and the precedence levels that hold a single
// operand collapsed into that operand.
func dump(f *File) string {
	var b strings.Builder
	for _, d := range f.Decls {
		dumpLine(&b, 0, reflect.ValueOf(d))
	}
	return b.String()
}

func dumpLine(b *strings.Builder, indent int, v reflect.Value) {
	p := v.Elem().FieldByName("Pos").Interface()
	pos := PosOf(p.(lexerPosition))
	var kids []reflect.Value
	line := dumpNode(&kids, v)
	fmt.Fprintf(b, "%s%d:%d %s\n", strings.Repeat("  ", indent), pos.Line, pos.Col, line)
	for _, k := range kids {
		dumpLine(b, indent+1, k)
	}
}

// fields returns the set fields of a node, skipping positions.
func fields(s reflect.Value) []int {
	var out []int
	for i := 0; i < s.NumField(); i++ {
		f := s.Type().Field(i)
		if !f.IsExported() || f.Name == "Pos" || f.Name == "EndPos" || f.Name == "Value" && f.Type.Kind() == reflect.Int64 {
			continue
		}
		if !s.Field(i).IsZero() {
			out = append(out, i)
		}
	}
	return out
}

func dumpNode(kids *[]reflect.Value, v reflect.Value) string {
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			return "nil"
		}
		return dumpNode(kids, v.Elem())
	case reflect.String:
		return fmt.Sprintf("%q", v.String())
	case reflect.Bool:
		return fmt.Sprint(v.Bool())
	case reflect.Slice:
		if v.Type().Elem() == reflect.TypeOf((*Stmt)(nil)) {
			for i := 0; i < v.Len(); i++ {
				*kids = append(*kids, v.Index(i))
			}
			return fmt.Sprintf("<%d stmts>", v.Len())
		}
		parts := make([]string, v.Len())
		for i := range parts {
			parts[i] = dumpNode(kids, v.Index(i))
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case reflect.Struct:
		if id, ok := v.Addr().Interface().(*Ident); ok {
			return id.Name
		}
		fs := fields(v)
		if len(fs) == 1 && collapse(v.Type().Name(), v.Type().Field(fs[0]).Name) {
			return dumpNode(kids, v.Field(fs[0]))
		}
		parts := make([]string, len(fs))
		for i, j := range fs {
			parts[i] = v.Type().Field(j).Name + ": " + dumpNode(kids, v.Field(j))
		}
		return v.Type().Name() + "{" + strings.Join(parts, ", ") + "}"
	}
	return fmt.Sprint(v.Interface())
}

// collapse reports whether a node of type typ whose only set field is
// field prints as that field: precedence levels and wrappers whose child
// names itself.
func collapse(typ, field string) bool {
	switch field {
	case "Left", "Lo", "Postfix", "Primary", "Named", "Map", "Seq", "Quant", "Cond", "Name":
		return typ != "Decl" && typ != "Stmt"
	case "Set":
		return typ == "Primary"
	}
	return false
}
