package codegen

import (
	"slices"

	"github.com/dave/jennifer/jen"

	"github.com/rspec/rspec/ir"
)

// A set over at most 64 values is one unsigned integer, bit i holding the
// value of ordinal i. A larger set is an array of 64-bit words, bit i%64 of
// word i/64 holding the value of ordinal i, of a named type (set128 for two
// words) whose methods implement the set operations.

// maxSetCard is the most values a set's element type may have: a set is at
// most 1024 words (8 KiB).
const maxSetCard = 1 << 16

// isBigSet reports whether t is a set over more than 64 values.
func isBigSet(t *ir.Type) bool {
	return t.Kind == ir.KindSet && t.Elem != nil && t.Elem.Card() > 64
}

// bigSet returns the layout of a set over card values: ceil(card/64) words
// of a named array type, registered for genBigSets.
func (g *gen) bigSet(card int64) *gtype {
	words := (card + 63) / 64
	name, ok := g.setNames[words]
	if !ok {
		name = g.avoid("set" + itoa(int(words*64)))
		g.setNames[words] = name
	}
	u64 := &gtype{kind: gLeaf, name: "uint64", base: "uint64"}
	return &gtype{kind: gArray, name: name, n: words, elem: u64}
}

// setRecv compiles set-valued e as the receiver of a method call or the
// operand of a range clause: a literal is parenthesised, since its brace
// would otherwise end the condition of an if or for statement.
func (g *gen) setRecv(e ir.Expr) *jen.Statement {
	c := g.expr(e)
	if _, ok := e.(*ir.SetLit); ok {
		return jen.Parens(c)
	}
	return c
}

// bigSetMethods are the methods compiling the set built-ins on a large set.
var bigSetMethods = map[ir.Builtin]string{
	ir.BuiltinLen: "len", ir.BuiltinAdd: "add", ir.BuiltinRemove: "remove",
	ir.BuiltinUnion: "union", ir.BuiltinInter: "inter", ir.BuiltinDiff: "diff",
}

// bigSetCall compiles a built-in whose first argument is a large set.
func (g *gen) bigSetCall(e *ir.BuiltinCall) *jen.Statement {
	a := e.Args
	m := g.setRecv(a[0]).Dot(bigSetMethods[e.Builtin])
	switch e.Builtin {
	case ir.BuiltinLen:
		return m.Call()
	case ir.BuiltinAdd, ir.BuiltinRemove:
		el := a[0].Type().Elem
		return m.Call(g.ord(g.valueFor(el, a[1], text(a[1])), el))
	}
	return m.Call(g.expr(a[1]))
}

// bigSetHas compiles x in s for a large set s.
func (g *gen) bigSetHas(x, s ir.Expr) *jen.Statement {
	return g.setRecv(s).Dot("has").Call(g.ord(g.expr(x), s.Type().Elem))
}

// bigSetLit compiles {a, b, ...} of large set type t.
func (g *gen) bigSetLit(t *ir.Type, elems []ir.Expr) *jen.Statement {
	c := g.storageType(t).Values()
	for _, x := range elems {
		c = c.Dot("add").Call(g.ord(g.valueFor(t.Elem, x, text(x)), t.Elem))
	}
	return c
}

// bigSetLoop returns a for statement that binds v to every element of the
// large set it.Set, in ascending order, and runs body.
func (g *gen) bigSetLoop(v *ir.Local, it *ir.Iter, body []jen.Code) *jen.Statement {
	w, x := g.fresh("w"), g.fresh("x")
	if !g.used[v] {
		return eachBit("_", x, g.setRecv(it.Set), body...)
	}
	bind := jen.Id(v.GoName).Op(":=").Add(g.val(bitOrd(w, x), it.Set.Type().Elem))
	return eachBit(w, x, g.setRecv(it.Set), append([]jen.Code{bind}, body...)...)
}

// eachBit returns nested loops running body for every bit set in the words
// of set, with word index w and x holding the bit in its lowest set bit.
// The set is evaluated once, before the first iteration.
func eachBit(w, x string, set *jen.Statement, body ...jen.Code) *jen.Statement {
	return jen.For(jen.List(jen.Id(w), jen.Id(x)).Op(":=").Range().Add(set)).Block(
		jen.For(jen.Empty(), jen.Id(x).Op("!=").Lit(0), jen.Id(x).Op("&=").Id(x).Op("-").Lit(1)).Block(body...),
	)
}

// bitOrd is the ordinal of the lowest set bit of word x at index w.
func bitOrd(w, x string) *jen.Statement {
	return jen.Id(w).Op("<<").Lit(6).Op("+").Qual("math/bits", "TrailingZeros64").Call(jen.Id(x))
}

// bigSetFmt returns the body of the formatter of large set type t.
func (g *gen) bigSetFmt(t *ir.Type) []jen.Code {
	id := jen.Id
	el := g.toStore(g.val(bitOrd("w", "x"), t.Elem), t.Elem)
	return []jen.Code{
		id("b").Op("=").Append(id("b"), jen.LitRune('{')),
		id("n").Op(":=").Lit(0),
		eachBit("w", "x", id("v"),
			jen.If(id("n").Op(">").Lit(0)).Block(id("b").Op("=").Append(id("b"), jen.Lit(", ").Op("..."))),
			id("n").Op("++"),
			id("b").Op("=").Id(g.fmtFunc(t.Elem)).Call(id("b"), el),
		),
		jen.Return(jen.Append(id("b"), jen.LitRune('}'))),
	}
}

// bigSetRename returns the body of the function renaming a stored large
// set v of type t by p into out: each element moves to its renamed ordinal.
func (w *symWriter) bigSetRename(t *ir.Type) []jen.Code {
	perm := w.ord(t.Elem, bitOrd("w", "x"))
	return []jen.Code{
		eachBit("w", "x", jen.Id("v"), jen.Id("out").Op("=").Id("out").Dot("add").Call(perm)),
		jen.Return(jen.Id("out")),
	}
}

// genBigSets emits the large set types the spec uses, by size, and their
// methods.
func (g *gen) genBigSets(f *jen.File) {
	sizes := make([]int64, 0, len(g.setNames))
	for words := range g.setNames {
		sizes = append(sizes, words)
	}
	slices.Sort(sizes)
	for _, words := range sizes {
		genBigSet(f, g.setNames[words], words)
	}
}

// genBigSet emits set type name of the given number of words.
func genBigSet(f *jen.File, name string, words int64) {
	id := jen.Id
	recv := func() *jen.Statement { return jen.Params(id("s").Id(name)) }
	word := id("s").Index(id("i").Op(">>").Lit(6))
	bit := jen.Lit(1).Op("<<").Parens(id("i").Op("&").Lit(63))
	f.Commentf("%s is a set of up to %d values: bit i%%64 of word i/64 holds the value", name, words*64)
	f.Comment("of ordinal i.")
	f.Type().Id(name).Index(lit(words)).Uint64()
	f.Comment("has reports whether s holds the value of ordinal i; no set holds an i")
	f.Comment("out of range.")
	f.Func().Add(recv()).Id("has").Params(id("i").Int()).Bool().Block(
		id("w").Op(":=").Uint().Call(id("i")).Op(">>").Lit(6),
		jen.Return(id("w").Op("<").Uint().Call(jen.Len(id("s"))).Op("&&").
			Id("s").Index(id("w")).Op(">>").Parens(id("i").Op("&").Lit(63)).Op("&").Lit(1).Op("!=").Lit(0)))
	f.Comment("add returns s with the value of ordinal i added.")
	f.Func().Add(recv()).Id("add").Params(id("i").Int()).Id(name).Block(
		word.Clone().Op("|=").Add(bit.Clone()), jen.Return(id("s")))
	f.Comment("remove returns s without the value of ordinal i.")
	f.Func().Add(recv()).Id("remove").Params(id("i").Int()).Id(name).Block(
		word.Clone().Op("&^=").Add(bit.Clone()), jen.Return(id("s")))
	for _, op := range []struct{ name, op, doc string }{
		{"union", "|=", "the values in s or t"},
		{"inter", "&=", "the values in both s and t"},
		{"diff", "&^=", "the values in s and not in t"},
	} {
		f.Commentf("%s returns %s.", op.name, op.doc)
		f.Func().Add(recv()).Id(op.name).Params(id("t").Id(name)).Id(name).Block(
			jen.For(jen.List(id("i"), id("w")).Op(":=").Range().Id("t")).Block(id("s").Index(id("i")).Op(op.op).Id("w")),
			jen.Return(id("s")))
	}
	f.Comment("len returns the number of values in s.")
	f.Func().Add(recv()).Id("len").Params().Int().Block(
		id("n").Op(":=").Lit(0),
		jen.For(jen.List(id("_"), id("w")).Op(":=").Range().Id("s")).Block(
			id("n").Op("+=").Qual("math/bits", "OnesCount64").Call(id("w"))),
		jen.Return(id("n")))
}
