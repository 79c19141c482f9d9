package codegen

import (
	"fmt"

	"github.com/dave/jennifer/jen"

	"github.com/rspec/rspec/ir"
)

// fmtFunc registers a formatter for values of t and returns its name. A
// formatter appends the stored value's text to a byte slice.
func (g *gen) fmtFunc(t *ir.Type) string {
	tag := typeTag(t)
	if name, ok := g.fmtName[tag]; ok {
		return name
	}
	name := "fmt" + tag
	g.fmtName[tag] = name
	g.fmts = append(g.fmts, t)
	return name
}

// varNames returns the displayed variables: node-indexed variables split per
// node, then the network and the crash counter.
func (g *gen) varNames() []string {
	var names []string
	for _, v := range g.spec.Vars {
		if !v.NodeIndexed {
			names = append(names, v.Name)
			continue
		}
		k := v.Type.Key
		for i := int64(0); i < k.Card(); i++ {
			names = append(names, fmt.Sprintf("%s[%s%d]", v.Name, domainPrefix(k), k.Lo+i))
		}
	}
	if g.spec.Network != nil {
		names = append(names, "network")
	}
	if g.spec.Crash != nil {
		names = append(names, "crashes")
	}
	return names
}

// genPrintFile emits VarNames, FormatVars and the formatters they need.
func (g *gen) genPrintFile(f *jen.File) {
	id := jen.Id
	var names []jen.Code
	for _, n := range g.varNames() {
		names = append(names, jen.Lit(n))
	}
	f.Comment("varNames are the displayed variables; node-indexed ones are split per node.")
	f.Var().Id("varNames").Op("=").Index().String().Values(names...)
	f.Comment("VarNames returns the names of the displayed variables in declaration order.")
	f.Func().Params(id("m").Op("*").Id("Model")).Id("VarNames").Params().Index().String().Block(
		jen.Return(jen.Append(jen.Index().String().Call(jen.Nil()), id("varNames").Op("..."))))

	f.Comment("FormatVars appends the values of the displayed variables of s, in the order")
	f.Comment("of VarNames.")
	f.Func().Params(id("m").Op("*").Id("Model")).Id("FormatVars").Params(
		id("s").Op("*").Id("State"), id("dst").Index().String(),
	).Index().String().BlockFunc(func(b *jen.Group) {
		b.Var().Id("b").Index().Byte()
		add := func(v *jen.Statement, t *ir.Type) {
			b.Id("b").Op("=").Id(g.fmtFunc(t)).Call(id("b").Index(jen.Op(":").Lit(0)), v)
			b.Id("dst").Op("=").Append(id("dst"), jen.String().Call(id("b")))
		}
		for _, v := range g.spec.Vars {
			if !v.NodeIndexed {
				add(id("s").Dot(v.GoName), v.Type)
				continue
			}
			b.For(id("i").Op(":=").Range().Id("s").Dot(v.GoName)).Block(
				id("b").Op("=").Id(g.fmtFunc(v.Type.Elem)).Call(id("b").Index(jen.Op(":").Lit(0)), id("s").Dot(v.GoName).Index(id("i"))),
				id("dst").Op("=").Append(id("dst"), jen.String().Call(id("b"))),
			)
		}
		if g.spec.Network != nil {
			b.Id("b").Op("=").Id("fmtNet").Call(id("b").Index(jen.Op(":").Lit(0)), jen.Op("&").Id("s").Dot("Net"))
			b.Id("dst").Op("=").Append(id("dst"), jen.String().Call(id("b")))
		}
		if g.spec.Crash != nil {
			b.Id("dst").Op("=").Append(id("dst"), jen.Qual("strconv", "Itoa").Call(jen.Int().Call(id("s").Dot("Crashes"))))
		}
		b.Return(id("dst"))
	})
	if g.spec.Network != nil {
		g.genFmtNet(f)
	}
	for i := 0; i < len(g.fmts); i++ {
		g.genFmt(f, g.fmts[i])
	}
}

// genFmtNet emits fmtMsg and fmtNet.
func (g *gen) genFmtNet(f *jen.File) {
	id := jen.Id
	node := g.spec.Network.Node
	f.Comment("fmtMsg appends a message and its channel: VoteRequest{cid: s0, ...} s0->s1.")
	f.Func().Id("fmtMsg").Params(id("b").Index().Byte(), id("m").Op("*").Id("Msg")).Index().Byte().Block(
		jen.Switch(id("m").Dot("Tag")).BlockFunc(func(sw *jen.Group) {
			for _, r := range g.netMessages() {
				sw.Case(id(tagName(r))).Block(id("b").Op("=").Id(g.fmtFunc(r.Type)).Call(id("b"), id("m").Dot(goName(r.Type))))
			}
		}),
		id("b").Op("=").Append(id("b"), jen.Lit(" ").Op("...")),
		id("b").Op("=").Id(g.fmtFunc(node)).Call(id("b"), id("m").Dot("From")),
		id("b").Op("=").Append(id("b"), jen.Lit("->").Op("...")),
		jen.Return(id(g.fmtFunc(node)).Call(id("b"), id("m").Dot("To"))),
	)
	f.Comment("String formats m as the spec's labels do: VoteRequest{cid: s0, ...} s0->s1.")
	f.Func().Params(id("m").Id("Msg")).Id("String").Params().String().Block(
		jen.Return(jen.String().Call(id("fmtMsg").Call(jen.Nil(), jen.Op("&").Id("m")))))
	var copies []jen.Code
	if g.spec.Network.Delivery == ir.DeliveryBag {
		copies = append(copies, jen.If(id("n").Dot("Copies").Index(id("i")).Op(">").Lit(1)).Block(
			id("b").Op("=").Append(id("b"), jen.Lit(" (x").Op("...")),
			id("b").Op("=").Qual("strconv", "AppendInt").Call(id("b"), jen.Int64().Call(id("n").Dot("Copies").Index(id("i"))), jen.Lit(10)),
			id("b").Op("=").Append(id("b"), jen.LitRune(')')),
		))
	}
	f.Comment("fmtNet appends the messages in flight: {m1, m2 (x2), ...}.")
	f.Func().Id("fmtNet").Params(id("b").Index().Byte(), id("n").Op("*").Id("Network")).Index().Byte().Block(
		id("b").Op("=").Append(id("b"), jen.LitRune('{')),
		jen.For(id("i").Op(":=").Range().Int().Call(id("n").Dot("Len"))).Block(append([]jen.Code{
			jen.If(id("i").Op(">").Lit(0)).Block(id("b").Op("=").Append(id("b"), jen.Lit(", ").Op("..."))),
			id("b").Op("=").Id("fmtMsg").Call(id("b"), jen.Op("&").Id("n").Dot("Msgs").Index(id("i"))),
		}, copies...)...),
		jen.Return(jen.Append(id("b"), jen.LitRune('}'))),
	)
}

// genFmt emits the formatter of t.
func (g *gen) genFmt(f *jen.File, t *ir.Type) {
	id := jen.Id
	name := g.fmtName[typeTag(t)]
	app := func(s string) *jen.Statement { return id("b").Op("=").Append(id("b"), jen.Lit(s).Op("...")) }
	sep := func(v string) *jen.Statement { return jen.If(id(v).Op(">").Lit(0)).Block(app(", ")) }
	var body []jen.Code
	switch t.Kind {
	case ir.KindBool:
		body = append(body, jen.Return(jen.Qual("strconv", "AppendBool").Call(id("b"), id("v"))))
	case ir.KindInt, ir.KindRange:
		if t.Kind == ir.KindRange && t.Domain {
			body = append(body, app(domainPrefix(t)))
		}
		body = append(body, jen.Return(jen.Qual("strconv", "AppendInt").Call(id("b"), jen.Int64().Call(id("v")), jen.Lit(10))))
	case ir.KindEnum:
		body = append(body, jen.Return(jen.Append(id("b"), id("v").Dot("String").Call().Op("..."))))
	case ir.KindRecord:
		open := "{"
		if t.Record.IsMessage {
			open = t.Record.Name + "{"
		}
		for i, fd := range t.Record.Fields {
			pre := ", "
			if i == 0 {
				pre = open
			}
			body = append(body, app(pre+fd.Name+": "), id("b").Op("=").Id(g.fmtFunc(fd.Type)).Call(id("b"), id("v").Dot(fd.GoName)))
		}
		if len(t.Record.Fields) == 0 {
			body = append(body, app(open))
		}
		body = append(body, jen.Return(jen.Append(id("b"), jen.LitRune('}'))))
	case ir.KindOption:
		el := g.toStore(g.val(jen.Int().Call(id("v")).Op("-").Lit(1), t.Elem), t.Elem)
		body = append(body,
			jen.If(id("v").Op("==").Lit(0)).Block(jen.Return(jen.Append(id("b"), jen.Lit("none").Op("...")))),
			jen.Return(id(g.fmtFunc(t.Elem)).Call(id("b"), el)))
	case ir.KindSet:
		if isBigSet(t) {
			body = g.bigSetFmt(t)
			break
		}
		k := jen.Qual("math/bits", "TrailingZeros64").Call(jen.Uint64().Call(id("w")))
		body = append(body,
			id("b").Op("=").Append(id("b"), jen.LitRune('{')),
			jen.For(jen.List(id("i"), id("w")).Op(":=").List(jen.Lit(0), id("v")), id("w").Op("!=").Lit(0), jen.List(id("i"), id("w")).Op("=").List(id("i").Op("+").Lit(1), id("w").Op("&").Parens(id("w").Op("-").Lit(1)))).Block(
				sep("i"),
				id("b").Op("=").Id(g.fmtFunc(t.Elem)).Call(id("b"), g.toStore(g.val(k, t.Elem), t.Elem)),
			),
			jen.Return(jen.Append(id("b"), jen.LitRune('}'))))
	case ir.KindSeq:
		body = append(body,
			id("b").Op("=").Append(id("b"), jen.LitRune('[')),
			jen.For(id("i").Op(":=").Range().Int().Call(id("v").Dot("Len"))).Block(
				sep("i"),
				id("b").Op("=").Id(g.fmtFunc(t.Elem)).Call(id("b"), id("v").Dot("Elems").Index(id("i"))),
			),
			jen.Return(jen.Append(id("b"), jen.LitRune(']'))))
	case ir.KindMap:
		body = append(body,
			id("b").Op("=").Append(id("b"), jen.LitRune('[')),
			jen.For(id("i").Op(":=").Range().Id("v")).Block(
				sep("i"),
				id("b").Op("=").Id(g.fmtFunc(t.Key)).Call(id("b"), g.toStore(g.val(id("i"), t.Key), t.Key)),
				app(": "),
				id("b").Op("=").Id(g.fmtFunc(t.Elem)).Call(id("b"), id("v").Index(id("i"))),
			),
			jen.Return(jen.Append(id("b"), jen.LitRune(']'))))
	}
	f.Commentf("%s appends a value of %s as traces show it.", name, t)
	f.Func().Id(name).Params(id("b").Index().Byte(), id("v").Add(g.storageType(t))).Index().Byte().Block(body...)
}
