package codegen

import (
	"fmt"
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/rspec/rspec/ir"
)

// gkind classifies the Go representation of a stored value.
type gkind int

const (
	gLeaf   gkind = iota + 1 // bool or a sized integer (possibly a named type)
	gArray                   // [n]elem, or a named array type (a large set)
	gStruct                  // a named struct
)

// gtype is the Go storage representation of a value: what a state field,
// record field, array element or message slot holds. Fingerprints, orderings
// and the no-padding check walk it.
type gtype struct {
	kind   gkind
	name   string // gLeaf: the Go type name; gStruct: the struct's name; gArray: a named array's name, or ""
	base   string // gLeaf: the underlying Go type (bool, uint8, ...)
	n      int64  // gArray: length
	elem   *gtype // gArray: element
	fields []gfield
}

// gfield is one field of a generated struct.
type gfield struct {
	name    string
	t       *gtype
	comment string
}

// code returns the Go type expression of t.
func (t *gtype) code() *jen.Statement {
	if t.kind == gArray && t.name == "" {
		return jen.Index(lit(t.n)).Add(t.elem.code())
	}
	return jen.Id(t.name)
}

// dataSize is the number of bytes of data in a value of t (padding excluded).
func (t *gtype) dataSize() int64 {
	switch t.kind {
	case gArray:
		return t.n * t.elem.dataSize()
	case gStruct:
		var n int64
		for _, f := range t.fields {
			n += f.t.dataSize()
		}
		return n
	}
	return leafSize(t.base)
}

// align is the alignment of t on 64-bit platforms, used to order state
// fields so that the layout has no interior padding when that is possible.
func (t *gtype) align() int64 {
	switch t.kind {
	case gArray:
		return t.elem.align()
	case gStruct:
		a := int64(1)
		for _, f := range t.fields {
			a = max(a, f.t.align())
		}
		return a
	}
	return leafSize(t.base)
}

func leafSize(base string) int64 {
	switch base {
	case "bool", "uint8", "int8":
		return 1
	case "uint16", "int16":
		return 2
	case "uint32", "int32":
		return 4
	}
	return 8
}

// intName returns the smallest Go integer type holding lo..hi.
func intName(lo, hi int64) string {
	if lo >= 0 {
		switch {
		case hi <= 0xff:
			return "uint8"
		case hi <= 0xffff:
			return "uint16"
		case hi <= 0xffffffff:
			return "uint32"
		}
		return "uint64"
	}
	switch {
	case lo >= -0x80 && hi <= 0x7f:
		return "int8"
	case lo >= -0x8000 && hi <= 0x7fff:
		return "int16"
	case lo >= -0x80000000 && hi <= 0x7fffffff:
		return "int32"
	}
	return "int64"
}

// typeTag names a type for use inside Go identifiers: "Entry", "Bool",
// "R0to3", "OptServer", "SetServer", "SeqEntry", "MapServerTerm".
func typeTag(t *ir.Type) string {
	if t.Name != "" && t.Kind != ir.KindBool && t.Kind != ir.KindInt {
		return goName(t)
	}
	switch t.Kind {
	case ir.KindBool:
		return "Bool"
	case ir.KindInt:
		return "Int"
	case ir.KindRange:
		return strings.ReplaceAll(fmt.Sprintf("R%dto%d", t.Lo, t.Hi), "-", "M")
	case ir.KindOption:
		return "Opt" + typeTag(t.Elem)
	case ir.KindSet:
		return "Set" + typeTag(t.Elem)
	case ir.KindSeq:
		return "Seq" + typeTag(t.Elem)
	case ir.KindMap:
		return "Map" + typeTag(t.Key) + typeTag(t.Elem)
	}
	return "T"
}

// goName returns the Go name of a named type.
func goName(t *ir.Type) string {
	if t.GoName != "" {
		return t.GoName
	}
	if t.Kind == ir.KindEnum && t.Enum != nil {
		return t.Enum.Name
	}
	if t.Kind == ir.KindRecord && t.Record != nil {
		return t.Record.Name
	}
	return t.Name
}

// isInt reports whether values of t are integers, held in expressions as Go
// int and stored as the smallest integer type of their range.
func isInt(t *ir.Type) bool { return t.Kind == ir.KindInt || t.Kind == ir.KindRange }

// uintBits returns the smallest unsigned type with at least n bits, or "".
func uintBits(n int64) string {
	switch {
	case n <= 8:
		return "uint8"
	case n <= 16:
		return "uint16"
	case n <= 32:
		return "uint32"
	case n <= 64:
		return "uint64"
	}
	return ""
}

// gt returns the storage representation of t.
func (g *gen) gt(t *ir.Type) *gtype {
	if r, ok := g.gtypes[t]; ok {
		return r
	}
	r := g.makeGT(t)
	g.gtypes[t] = r
	return r
}

func (g *gen) makeGT(t *ir.Type) *gtype {
	switch t.Kind {
	case ir.KindBool:
		return &gtype{kind: gLeaf, name: "bool", base: "bool"}
	case ir.KindInt:
		return &gtype{kind: gLeaf, name: "int64", base: "int64"}
	case ir.KindRange:
		base := intName(t.Lo, t.Hi)
		name := base
		if t.Name != "" {
			name = goName(t)
		}
		return &gtype{kind: gLeaf, name: name, base: base}
	case ir.KindEnum:
		base := intName(0, int64(len(t.Enum.Members)-1))
		return &gtype{kind: gLeaf, name: goName(t), base: base}
	case ir.KindRecord:
		st := &gtype{kind: gStruct, name: goName(t)}
		for _, f := range t.Record.Fields {
			st.fields = append(st.fields, gfield{name: f.GoName, t: g.gt(f.Type), comment: f.Name + ": " + f.Type.String()})
		}
		return st
	case ir.KindOption:
		base := intName(0, t.Elem.Card())
		return &gtype{kind: gLeaf, name: base, base: base}
	case ir.KindSet:
		if isBigSet(t) {
			return g.bigSet(t.Elem.Card())
		}
		base := uintBits(t.Elem.Card())
		return &gtype{kind: gLeaf, name: base, base: base}
	case ir.KindSeq:
		q := g.seq(t)
		return q.gt
	case ir.KindMap:
		return &gtype{kind: gArray, n: t.Key.Card(), elem: g.gt(t.Elem)}
	}
	return &gtype{kind: gLeaf, name: "int64", base: "int64"}
}

// storageType returns the Go type that stores values of t.
func (g *gen) storageType(t *ir.Type) *jen.Statement { return g.gt(t).code() }

// exprType returns the Go type of values of t in expressions: int for
// integers, the storage type otherwise.
func (g *gen) exprType(t *ir.Type) *jen.Statement {
	if isInt(t) {
		return jen.Int()
	}
	return g.storageType(t)
}

// lit renders an untyped integer literal.
func lit(v int64) *jen.Statement { return jen.Lit(int(v)) }

// checkSupported reports spec constructs the generator cannot compile.
func (g *gen) checkSupported() {
	var check func(t *ir.Type, pos ir.Pos, what string)
	check = func(t *ir.Type, pos ir.Pos, what string) {
		switch t.Kind {
		case ir.KindSet:
			if c := t.Elem.Card(); c < 0 || c > maxSetCard {
				g.errorf(pos, "%s: %s has more than %d elements; not supported by the code generator", what, t, maxSetCard)
			}
			check(t.Elem, pos, what)
		case ir.KindOption:
			if t.Elem.Card() < 0 {
				g.errorf(pos, "%s: option of infinite type %s not supported by the code generator", what, t.Elem)
			}
		case ir.KindSeq:
			if g.maxSeq[typeTag(t.Elem)] == 0 {
				g.errorf(pos, "%s: unbounded %s with no bounded sequence of the same element type; give it a bound", what, t)
			} else if g.maxSeq[typeTag(t.Elem)] > 255 {
				g.errorf(pos, "%s: sequence bound over 255 not supported", what)
			}
			check(t.Elem, pos, what)
		case ir.KindMap:
			if t.Key.Card() < 0 {
				g.errorf(pos, "%s: map key %s is not finite", what, t.Key)
			}
			check(t.Elem, pos, what)
		case ir.KindRecord:
			for _, f := range t.Record.Fields {
				check(f.Type, f.Pos, what)
			}
		}
	}
	for _, v := range g.spec.Vars {
		check(v.Type, v.Pos, v.Name)
	}
	for _, r := range g.spec.Records {
		check(r.Type, r.Pos, r.Name)
	}
	if n := g.spec.Network; n != nil {
		if n.Capacity <= 0 || n.Capacity > 255 {
			g.errorf(n.Pos, "network: the code generator needs a capacity between 1 and 255")
		}
		if n.Node.Card() > 256 {
			g.errorf(n.Pos, "network: more than 256 nodes not supported")
		}
	}
	for _, a := range g.spec.Actions {
		if a.Node != nil && a.Node.Type.Card() > 256 {
			g.errorf(a.Pos, "%s: more than 256 nodes not supported", a.Name)
		}
		for _, p := range a.Params {
			if c := p.Type.Card(); c < 0 || c > 1<<16 {
				g.errorf(p.Pos, "%s: parameter %s must range over at most 65536 values", a.Name, p.Name)
			}
		}
	}
	for _, name := range g.declaredNames() {
		if generatedNames[name] {
			g.errorf(ir.Pos{File: g.spec.File}, "the name %s conflicts with an identifier of the generated package", name)
		}
	}
}

// generatedNames are the exported identifiers every generated package declares.
var generatedNames = map[string]bool{
	"State": true, "Network": true, "Msg": true, "MsgTag": true, "Action": true,
	"ActionKind": true, "Model": true, "New": true, "Fault": true,
	"SpecHash": true, "SpecSource": true, "SpecName": true,
}

// declaredNames lists the Go names the spec's declarations take.
func (g *gen) declaredNames() []string {
	var names []string
	for _, c := range g.spec.Consts {
		names = append(names, c.GoName)
	}
	for _, t := range g.spec.Types {
		names = append(names, goName(t))
	}
	return names
}
