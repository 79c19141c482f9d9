package codegen

import (
	"github.com/dave/jennifer/jen"

	"github.com/rspec/rspec/ir"
)

// seqInfo is the Go type of the sequences of one element type: a length and
// an array as long as the longest bound (or literal) in the spec. Elements
// past the length are always the zero value, so == and fingerprints see
// only the sequence.
type seqInfo struct {
	name string // "EntrySeq"
	elem *ir.Type
	cap  int64
	gt   *gtype
}

// seq registers and returns the Go sequence type of t (a KindSeq).
func (g *gen) seq(t *ir.Type) *seqInfo {
	tag := typeTag(t.Elem)
	if q, ok := g.seqByEl[tag]; ok {
		return q
	}
	q := &seqInfo{name: tag + "Seq", elem: t.Elem, cap: max(g.maxSeq[tag], 1)}
	q.gt = &gtype{kind: gStruct, name: q.name, fields: []gfield{
		{name: "Len", t: &gtype{kind: gLeaf, name: "uint8", base: "uint8"}},
		{name: "Elems", t: &gtype{kind: gArray, n: q.cap, elem: g.gt(t.Elem)}},
	}}
	g.seqByEl[tag] = q
	g.seqs = append(g.seqs, q)
	return q
}

// ord converts v, an expression-form value of finite type t, to its ordinal
// 0..Card(t)-1: the bit of a set, the index of a map, the code of an option.
func (g *gen) ord(v *jen.Statement, t *ir.Type) *jen.Statement {
	switch t.Kind {
	case ir.KindRange:
		if t.Lo == 0 {
			return v
		}
		return jen.Parens(v.Op("-").Add(lit(t.Lo)))
	case ir.KindBool:
		return jen.Id("b2i").Call(v)
	case ir.KindEnum, ir.KindOption:
		return jen.Int().Call(v)
	case ir.KindRecord:
		g.needOrd(t.Record)
		return jen.Id("ord" + goName(t)).Call(v)
	}
	g.errorf(t.Pos, "no ordinal for type %s", t)
	return v
}

// val converts ordinal i (a Go int) back to the expression form of a value
// of finite type t.
func (g *gen) val(i *jen.Statement, t *ir.Type) *jen.Statement {
	switch t.Kind {
	case ir.KindRange:
		if t.Lo == 0 {
			return i
		}
		return jen.Parens(i.Op("+").Add(lit(t.Lo)))
	case ir.KindBool:
		return jen.Parens(i.Op("!=").Lit(0))
	case ir.KindEnum, ir.KindOption:
		return g.storageType(t).Call(i)
	case ir.KindRecord:
		g.needOrd(t.Record)
		return jen.Id("val" + goName(t)).Call(i)
	}
	g.errorf(t.Pos, "no values for type %s", t)
	return i
}

// toStore converts an expression-form value of type t to its storage form
// without checks (the caller has checked integer ranges).
func (g *gen) toStore(v *jen.Statement, t *ir.Type) *jen.Statement {
	if isInt(t) {
		return g.storageType(t).Call(v)
	}
	return v
}

// fromStore converts a stored value of type t to its expression form.
func fromStore(v *jen.Statement, t *ir.Type) *jen.Statement {
	if isInt(t) {
		return jen.Int().Call(v)
	}
	return v
}

func (g *gen) needOrd(r *ir.Record) {
	if !g.ordRec[r] {
		g.ordRec[r] = true
		g.records = append(g.records, r)
	}
}

// genValuesFile emits the sequence types, ordinal functions and small helpers.
func (g *gen) genValuesFile(f *jen.File) {
	f.Comment("b2i returns 1 for true and 0 for false.")
	f.Func().Id("b2i").Params(jen.Id("b").Bool()).Int().Block(
		jen.If(jen.Id("b")).Block(jen.Return(jen.Lit(1))),
		jen.Return(jen.Lit(0)),
	)
	// Ordinal functions may register more records; iterate to a fixed point.
	for i := 0; i < len(g.records); i++ {
		g.genOrdFuncs(f, g.records[i])
	}
	for i := 0; i < len(g.optGets); i++ {
		g.genOptGet(f, g.optGets[i])
	}
	for _, q := range g.seqs {
		g.genSeq(f, q)
	}
	g.genBigSets(f)
}

// genOrdFuncs emits ordX and valX for record r: mixed radix over its fields,
// the first field most significant, so ordinals follow field order.
func (g *gen) genOrdFuncs(f *jen.File, r *ir.Record) {
	name := goName(r.Type)
	var sum *jen.Statement
	for _, fd := range r.Fields {
		o := g.ord(fromStore(jen.Id("v").Dot(fd.GoName), fd.Type), fd.Type)
		if sum == nil {
			sum = o
		} else {
			sum = jen.Parens(sum).Op("*").Add(lit(fd.Type.Card())).Op("+").Add(o)
		}
	}
	if sum == nil {
		sum = jen.Lit(0)
	}
	f.Commentf("ord%s returns the ordinal of v among the values of %s.", name, r.Name)
	f.Func().Id("ord" + name).Params(jen.Id("v").Id(name)).Int().Block(jen.Return(sum))

	var body []jen.Code
	for i := len(r.Fields) - 1; i >= 0; i-- {
		fd := r.Fields[i]
		c := fd.Type.Card()
		el := g.val(jen.Id("i").Op("%").Add(lit(c)), fd.Type)
		body = append(body, jen.Id("v").Dot(fd.GoName).Op("=").Add(g.toStore(el, fd.Type)))
		if i > 0 { // the last field needs no further division
			body = append(body, jen.Id("i").Op("/=").Add(lit(c)))
		}
	}
	body = append(body, jen.Return())
	f.Commentf("val%s returns the value of %s with ordinal i.", name, r.Name)
	f.Func().Id("val" + name).Params(jen.Id("i").Int()).Params(jen.Id("v").Id(name)).Block(body...)
}

// optGet returns the helper that unwraps an option of type t, faulting on none.
func (g *gen) optGet(t *ir.Type) string {
	name := "get" + typeTag(t)
	if !g.optSeen[name] {
		g.optSeen[name] = true
		g.optGets = append(g.optGets, t)
	}
	return name
}

func (g *gen) genOptGet(f *jen.File, t *ir.Type) {
	name := "get" + typeTag(t)
	f.Commentf("%s returns the value held by o, an %s; none is a model fault.", name, t)
	f.Func().Id(name).Params(jen.Id("o").Add(g.storageType(t)), jen.Id("site").Int()).Add(g.exprType(t.Elem)).Block(
		jen.If(jen.Id("o").Op("==").Lit(0)).Block(
			jen.Panic(jen.Id("fault").Values(jen.Dict{jen.Id("site"): jen.Id("site")})),
		),
		jen.Return(g.val(jen.Int().Call(jen.Id("o")).Op("-").Lit(1), t.Elem)),
	)
}

// panicFault renders panic(fault{site: site, a: a, b: b}).
func panicFault(site jen.Code, args ...jen.Code) *jen.Statement {
	d := jen.Dict{jen.Id("site"): site}
	names := []string{"a", "b", "c"}
	for i, a := range args {
		d[jen.Id(names[i])] = a
	}
	return jen.Panic(jen.Id("fault").Values(d))
}

// genSeq emits a sequence type and the operations the spec uses on it.
func (g *gen) genSeq(f *jen.File, q *seqInfo) {
	el := g.storageType(q.elem)
	n, id := q.name, jen.Id
	qLen := func() *jen.Statement { return jen.Int().Call(id("q").Dot("Len")) }
	recv := func() *jen.Statement { return jen.Params(id("q").Id(n)) }
	f.Commentf("%s is a sequence of at most %d %s values: Elems[:Len] are the", n, q.cap, q.elem)
	f.Comment("elements and the rest of Elems is always zero.")
	f.Type().Id(n).Struct(
		id("Len").Uint8(),
		id("Elems").Index(lit(q.cap)).Add(el.Clone()),
	)
	f.Commentf("Make%s returns the sequence of xs; it panics when xs has more than %d elements.", n, q.cap)
	f.Func().Id("Make"+n).Params(id("xs").Op("...").Add(el.Clone())).Params(id("q").Id(n)).Block(
		id("q").Dot("Len").Op("=").Uint8().Call(jen.Copy(id("q").Dot("Elems").Index(jen.Op(":")), id("xs"))),
		jen.If(jen.Len(id("xs")).Op(">").Len(id("q").Dot("Elems"))).Block(
			jen.Panic(jen.Lit(n+": too many elements"))),
		jen.Return(),
	)
	f.Comment("Items returns a copy of the elements.")
	f.Func().Add(recv()).Id("Items").Params().Index().Add(el.Clone()).Block(
		jen.Return(jen.Append(jen.Index().Add(el.Clone()).Call(jen.Nil()), id("q").Dot("Elems").Index(jen.Op(":").Id("q").Dot("Len")).Op("..."))),
	)
	f.Comment("at returns element i; out of range is a model fault at site.")
	f.Func().Add(recv()).Id("at").Params(id("i"), id("site").Int()).Add(el.Clone()).Block(
		jen.If(jen.Uint().Call(id("i")).Op(">=").Uint().Call(id("q").Dot("Len"))).Block(
			panicFault(id("site"), id("i"), qLen())),
		jen.Return(id("q").Dot("Elems").Index(id("i"))),
	)
	f.Comment("idx checks that i is an index of q and returns it.")
	f.Func().Params(id("q").Op("*").Id(n)).Id("idx").Params(id("i"), id("site").Int()).Int().Block(
		jen.If(jen.Uint().Call(id("i")).Op(">=").Uint().Call(id("q").Dot("Len"))).Block(
			panicFault(id("site"), id("i"), qLen())),
		jen.Return(id("i")),
	)
	f.Comment("last returns the last element; an empty sequence is a model fault.")
	f.Func().Add(recv()).Id("last").Params(id("site").Int()).Add(el.Clone()).Block(
		jen.If(id("q").Dot("Len").Op("==").Lit(0)).Block(panicFault(id("site"))),
		jen.Return(id("q").Dot("Elems").Index(id("q").Dot("Len").Op("-").Lit(1))),
	)
	f.Comment("push returns q with v appended.")
	f.Func().Add(recv()).Id("push").Params(id("v").Add(el.Clone()), id("site").Int()).Id(n).Block(
		jen.If(qLen().Op("==").Len(id("q").Dot("Elems"))).Block(
			panicFault(id("site"), qLen().Op("+").Lit(1), jen.Len(id("q").Dot("Elems")))),
		id("q").Dot("Elems").Index(id("q").Dot("Len")).Op("=").Id("v"),
		id("q").Dot("Len").Op("++"),
		jen.Return(id("q")),
	)
	f.Comment("concat returns q followed by r.")
	f.Func().Add(recv()).Id("concat").Params(id("r").Id(n), id("site").Int()).Id(n).Block(
		id("k").Op(":=").Add(qLen()).Op("+").Int().Call(id("r").Dot("Len")),
		jen.If(id("k").Op(">").Len(id("q").Dot("Elems"))).Block(
			panicFault(id("site"), id("k"), jen.Len(id("q").Dot("Elems")))),
		jen.Copy(id("q").Dot("Elems").Index(id("q").Dot("Len").Op(":")), id("r").Dot("Elems").Index(jen.Op(":").Id("r").Dot("Len"))),
		id("q").Dot("Len").Op("=").Uint8().Call(id("k")),
		jen.Return(id("q")),
	)
	f.Comment("slice returns q[lo:hi].")
	f.Func().Add(recv()).Id("slice").Params(id("lo"), id("hi"), id("site").Int()).Params(id("r").Id(n)).Block(
		jen.If(id("lo").Op("<").Lit(0).Op("||").Id("hi").Op("<").Id("lo").Op("||").Id("hi").Op(">").Add(qLen())).Block(
			panicFault(id("site"), id("lo"), id("hi"), qLen())),
		jen.Copy(id("r").Dot("Elems").Index(jen.Op(":")), id("q").Dot("Elems").Index(id("lo").Op(":").Id("hi"))),
		id("r").Dot("Len").Op("=").Uint8().Call(id("hi").Op("-").Id("lo")),
		jen.Return(),
	)
	f.Comment("prefixOf reports whether q is a prefix of r.")
	f.Func().Add(recv()).Id("prefixOf").Params(id("r").Id(n)).Bool().Block(
		jen.If(id("q").Dot("Len").Op(">").Id("r").Dot("Len")).Block(jen.Return(jen.False())),
		jen.For(id("i").Op(":=").Range().Add(qLen())).Block(
			jen.If(id("q").Dot("Elems").Index(id("i")).Op("!=").Id("r").Dot("Elems").Index(id("i"))).Block(jen.Return(jen.False())),
		),
		jen.Return(jen.True()),
	)
	f.Comment("bound returns q, or faults when it is longer than limit.")
	f.Func().Add(recv()).Id("bound").Params(id("limit"), id("site").Int()).Id(n).Block(
		jen.If(qLen().Op(">").Id("limit")).Block(panicFault(id("site"), qLen(), id("limit"))),
		jen.Return(id("q")),
	)
}
