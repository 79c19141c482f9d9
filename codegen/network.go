package codegen

import (
	"github.com/dave/jennifer/jen"

	"github.com/rspec/rspec/ir"
)

// networkGT returns the storage layout of Network: the messages in flight in
// canonical order, then (for a bag) the number of copies of each.
func (g *gen) networkGT() *gtype {
	n := g.spec.Network
	u8 := &gtype{kind: gLeaf, name: "uint8", base: "uint8"}
	nt := &gtype{kind: gStruct, name: "Network", fields: []gfield{
		{name: "Len", t: u8, comment: "messages in Msgs"},
		{name: "Msgs", t: &gtype{kind: gArray, n: n.Capacity, elem: g.msgGT()}, comment: "Msgs[:Len] in canonical order; the rest zero"},
	}}
	if n.Delivery == ir.DeliveryBag {
		nt.fields = append(nt.fields, gfield{name: "Copies", t: &gtype{kind: gArray, n: n.Capacity, elem: u8}, comment: "copies of each message in flight"})
	}
	return nt
}

// msgGT returns the layout of a message slot: tag, sender, receiver and one
// field per message type, of which only the tagged one is non-zero.
func (g *gen) msgGT() *gtype {
	n := g.spec.Network
	node := g.gt(n.Node)
	mt := &gtype{kind: gStruct, name: "Msg", fields: []gfield{
		{name: "Tag", t: &gtype{kind: gLeaf, name: "MsgTag", base: "uint8"}, comment: "the message type; 0 in an empty slot"},
		{name: "From", t: node},
		{name: "To", t: node},
	}}
	for _, r := range g.netMessages() {
		mt.fields = append(mt.fields, gfield{name: goName(r.Type), t: g.gt(r.Type)})
	}
	return mt
}

// netMessages lists the message types the network carries.
func (g *gen) netMessages() []*ir.Record {
	if ms := g.spec.Network.Messages; len(ms) > 0 {
		return ms
	}
	return g.spec.Messages
}

// genNetworkFile emits the message slot, the network and its operations.
func (g *gen) genNetworkFile(f *jen.File) {
	n := g.spec.Network
	id := jen.Id
	f.Comment("MsgTag says which message type a slot holds; 0 is an empty slot.")
	f.Type().Id("MsgTag").Uint8()
	f.Comment("Message tags, in declaration order.")
	f.Const().DefsFunc(func(d *jen.Group) {
		for i, r := range g.netMessages() {
			d.Id(tagName(r)).Id("MsgTag").Op("=").Lit(i + 1)
		}
	})
	g.genStruct(f, g.msgGT(), "Msg is a message in flight: its type, sender, receiver and fields.")
	g.genStruct(f, g.networkGT(), g.networkDoc())

	f.Comment("cmpMsg orders messages: by tag, sender, receiver, then fields.")
	f.Func().Id("cmpMsg").Params(id("a"), id("b").Op("*").Id("Msg")).Int().BlockFunc(func(b *jen.Group) {
		for _, fd := range g.msgGT().fields[:3] {
			b.Add(g.cmpStmts(fd.t, sel("a", fd.name), sel("b", fd.name))...)
		}
		b.Switch(id("a").Dot("Tag")).BlockFunc(func(s *jen.Group) {
			for _, r := range g.netMessages() {
				name := goName(r.Type)
				s.Case(id(tagName(r))).Block(g.cmpStmts(g.gt(r.Type), sel("a", name), sel("b", name))...)
			}
		})
		b.Return(jen.Lit(0))
	})

	f.Comment("CompareMsg orders messages as the network keeps them: by tag, sender,")
	f.Comment("receiver, then fields.")
	f.Func().Id("CompareMsg").Params(id("a"), id("b").Op("*").Id("Msg")).Int().Block(
		jen.Return(id("cmpMsg").Call(id("a"), id("b"))))
	f.Comment("Add puts m into the network as a send does, and reports whether it fits.")
	f.Func().Params(id("n").Op("*").Id("Network")).Id("Add").Params(id("m").Id("Msg")).Bool().Block(
		jen.Return(id("n").Dot("add").Call(jen.Op("&").Id("m"))))

	f.Comment("send puts m into the network; a step that overflows it is pruned.")
	f.Func().Params(id("x").Op("*").Id("exec")).Id("send").Params(id("st").Op("*").Id("State"), id("m").Id("Msg")).Block(
		jen.If(jen.Op("!").Id("st").Dot("Net").Dot("add").Call(jen.Op("&").Id("m"))).Block(
			id("x").Dot("pruned").Op("=").True()),
	)
	g.genRemove(f)
	switch n.Delivery {
	case ir.DeliveryBag:
		g.genBagOps(f)
	case ir.DeliveryDuplicating:
		g.genSetOps(f)
	case ir.DeliveryFIFO:
		g.genFIFOOps(f)
	}
}

func (g *gen) networkDoc() string {
	n := g.spec.Network
	switch n.Delivery {
	case ir.DeliveryDuplicating:
		return "Network is the set of messages in flight (delivery leaves a message in\n" +
			"flight), sorted by cmpMsg so that equal networks are equal values."
	case ir.DeliveryFIFO:
		return "Network holds the messages in flight grouped by channel (sender, receiver)\n" +
			"in ascending order and, within a channel, in the order sent; only the\n" +
			"first message of a channel can be delivered."
	}
	return "Network is the bag of messages in flight: each distinct message once,\n" +
		"sorted by cmpMsg so that equal bags are equal values, with its number of\n" +
		"copies; delivery consumes one copy."
}

// sel returns a function producing x.name afresh (jennifer statements are
// mutable, so each use needs its own).
func sel(x, name string) func() *jen.Statement {
	return func() *jen.Statement { return jen.Id(x).Dot(name) }
}

// genRemove emits Network.remove, which deletes slot i keeping the order.
func (g *gen) genRemove(f *jen.File) {
	id := jen.Id
	body := []jen.Code{
		id("k").Op(":=").Int().Call(id("n").Dot("Len")).Op("-").Lit(1),
		jen.Copy(id("n").Dot("Msgs").Index(id("i").Op(":").Id("k")), id("n").Dot("Msgs").Index(id("i").Op("+").Lit(1).Op(":").Id("k").Op("+").Lit(1))),
		id("n").Dot("Msgs").Index(id("k")).Op("=").Id("Msg").Values(),
	}
	if g.spec.Network.Delivery == ir.DeliveryBag {
		body = append(body,
			jen.Copy(id("n").Dot("Copies").Index(id("i").Op(":").Id("k")), id("n").Dot("Copies").Index(id("i").Op("+").Lit(1).Op(":").Id("k").Op("+").Lit(1))),
			id("n").Dot("Copies").Index(id("k")).Op("=").Lit(0))
	}
	body = append(body, id("n").Dot("Len").Op("--"))
	f.Comment("remove deletes the message in slot i.")
	f.Func().Params(id("n").Op("*").Id("Network")).Id("remove").Params(id("i").Int()).Block(body...)
}

// insertAt emits the statements that open slot i and put m there.
func (g *gen) insertAt(bag bool) []jen.Code {
	id := jen.Id
	out := []jen.Code{
		jen.Copy(id("n").Dot("Msgs").Index(id("i").Op("+").Lit(1).Op(":").Id("n").Dot("Len").Op("+").Lit(1)), id("n").Dot("Msgs").Index(id("i").Op(":").Id("n").Dot("Len"))),
		id("n").Dot("Msgs").Index(id("i")).Op("=").Op("*").Id("m"),
	}
	if bag {
		out = append(out,
			jen.Copy(id("n").Dot("Copies").Index(id("i").Op("+").Lit(1).Op(":").Id("n").Dot("Len").Op("+").Lit(1)), id("n").Dot("Copies").Index(id("i").Op(":").Id("n").Dot("Len"))),
			id("n").Dot("Copies").Index(id("i")).Op("=").Lit(1))
	}
	return append(out, id("n").Dot("Len").Op("++"), jen.Return(jen.True()))
}

func (g *gen) genBagOps(f *jen.File) {
	n := g.spec.Network
	id := jen.Id
	var onDup []jen.Code
	if n.Copies > 0 {
		onDup = append(onDup, jen.If(id("n").Dot("Copies").Index(id("i")).Op(">=").Add(lit(n.Copies))).Block(jen.Return(jen.False())))
	}
	onDup = append(onDup, id("n").Dot("Copies").Index(id("i")).Op("++"), jen.Return(jen.True()))
	f.Commentf("add puts one copy of m into the bag; it reports false when that would put")
	f.Commentf("more than %d messages (or more than the allowed copies of m) in flight.", n.Capacity)
	f.Func().Params(id("n").Op("*").Id("Network")).Id("add").Params(id("m").Op("*").Id("Msg")).Bool().Block(append([]jen.Code{
		id("total").Op(":=").Lit(0),
		jen.For(id("i").Op(":=").Range().Int().Call(id("n").Dot("Len"))).Block(id("total").Op("+=").Int().Call(id("n").Dot("Copies").Index(id("i")))),
		jen.If(id("total").Op(">=").Add(lit(n.Capacity))).Block(jen.Return(jen.False())),
		id("i").Op(":=").Lit(0),
		jen.For(jen.Empty(), jen.Id("i").Op("<").Int().Call(id("n").Dot("Len")), jen.Id("i").Op("++")).Block(
			id("c").Op(":=").Id("cmpMsg").Call(jen.Op("&").Id("n").Dot("Msgs").Index(id("i")), id("m")),
			jen.If(id("c").Op("==").Lit(0)).Block(onDup...),
			jen.If(id("c").Op(">").Lit(0)).Block(jen.Break()),
		),
	}, g.insertAt(true)...)...)
	f.Comment("take consumes one copy of the message in slot i.")
	f.Func().Params(id("n").Op("*").Id("Network")).Id("take").Params(id("i").Int()).Block(
		jen.If(id("n").Dot("Copies").Index(id("i")).Op(">").Lit(1)).Block(id("n").Dot("Copies").Index(id("i")).Op("--"), jen.Return()),
		id("n").Dot("remove").Call(id("i")),
	)
}

func (g *gen) genSetOps(f *jen.File) {
	n := g.spec.Network
	id := jen.Id
	f.Commentf("add puts m into the set; it reports false when that would put more than")
	f.Commentf("%d distinct messages in flight.", n.Capacity)
	f.Func().Params(id("n").Op("*").Id("Network")).Id("add").Params(id("m").Op("*").Id("Msg")).Bool().Block(append([]jen.Code{
		id("i").Op(":=").Lit(0),
		jen.For(jen.Empty(), jen.Id("i").Op("<").Int().Call(id("n").Dot("Len")), jen.Id("i").Op("++")).Block(
			id("c").Op(":=").Id("cmpMsg").Call(jen.Op("&").Id("n").Dot("Msgs").Index(id("i")), id("m")),
			jen.If(id("c").Op("==").Lit(0)).Block(jen.Return(jen.True())),
			jen.If(id("c").Op(">").Lit(0)).Block(jen.Break()),
		),
		jen.If(id("n").Dot("Len").Op(">=").Add(lit(n.Capacity))).Block(jen.Return(jen.False())),
	}, g.insertAt(false)...)...)
	f.Comment("take delivers the message in slot i, which stays in flight.")
	f.Func().Params(id("n").Op("*").Id("Network")).Id("take").Params(id("i").Int()).Block()
}

func (g *gen) genFIFOOps(f *jen.File) {
	n := g.spec.Network
	id := jen.Id
	f.Comment("cmpChan orders messages by channel: sender, then receiver.")
	f.Func().Id("cmpChan").Params(id("a"), id("b").Op("*").Id("Msg")).Int().BlockFunc(func(b *jen.Group) {
		for _, fd := range g.msgGT().fields[1:3] {
			b.Add(g.cmpStmts(fd.t, sel("a", fd.name), sel("b", fd.name))...)
		}
		b.Return(jen.Lit(0))
	})
	f.Commentf("add appends m to its channel; it reports false when that would put more")
	f.Commentf("than %d messages in flight.", n.Capacity)
	f.Func().Params(id("n").Op("*").Id("Network")).Id("add").Params(id("m").Op("*").Id("Msg")).Bool().Block(append([]jen.Code{
		jen.If(id("n").Dot("Len").Op(">=").Add(lit(n.Capacity))).Block(jen.Return(jen.False())),
		id("i").Op(":=").Lit(0),
		jen.For(jen.Id("i").Op("<").Int().Call(id("n").Dot("Len")).Op("&&").Id("cmpChan").Call(jen.Op("&").Id("n").Dot("Msgs").Index(id("i")), id("m")).Op("<=").Lit(0)).Block(
			id("i").Op("++")),
	}, g.insertAt(false)...)...)
	f.Comment("take delivers the message in slot i, the head of its channel.")
	f.Func().Params(id("n").Op("*").Id("Network")).Id("take").Params(id("i").Int()).Block(id("n").Dot("remove").Call(id("i")))
	f.Comment("head reports whether slot i holds the first message of its channel.")
	f.Func().Params(id("n").Op("*").Id("Network")).Id("head").Params(id("i").Int()).Bool().Block(
		jen.Return(id("i").Op("==").Lit(0).Op("||").Id("cmpChan").Call(jen.Op("&").Id("n").Dot("Msgs").Index(id("i").Op("-").Lit(1)), jen.Op("&").Id("n").Dot("Msgs").Index(id("i"))).Op("!=").Lit(0)),
	)
}

// cmpStmts emits statements that return -1 or 1 at the first leaf where a
// and b differ (values of layout t) and fall through when they are equal.
func (g *gen) cmpStmts(t *gtype, a, b func() *jen.Statement) []jen.Code {
	switch t.kind {
	case gStruct:
		var out []jen.Code
		for _, fd := range t.fields {
			out = append(out, g.cmpStmts(fd.t, chain(a, fd.name), chain(b, fd.name))...)
		}
		return out
	case gArray:
		i := g.fresh("i")
		return []jen.Code{jen.For(jen.Id(i).Op(":=").Range().Add(lit(t.n))).Block(
			g.cmpStmts(t.elem, index(a, i), index(b, i))...)}
	}
	less := a().Op("<").Add(b())
	if t.base == "bool" {
		less = jen.Op("!").Add(a())
	}
	return []jen.Code{jen.If(a().Op("!=").Add(b())).Block(
		jen.If(less).Block(jen.Return(jen.Lit(-1))),
		jen.Return(jen.Lit(1)),
	)}
}

func chain(x func() *jen.Statement, name string) func() *jen.Statement {
	return func() *jen.Statement { return x().Dot(name) }
}

func index(x func() *jen.Statement, i string) func() *jen.Statement {
	return func() *jen.Statement { return x().Index(jen.Id(i)) }
}
