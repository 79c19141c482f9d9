package codegen

import (
	"github.com/dave/jennifer/jen"

	"github.com/rspec/rspec/ir"
)

// genEventsFile emits Model.Events (checker.Eventer): what a step did, for
// sequence diagrams. The delivered or dropped message comes from the action's
// slot in the old state; the messages sent are the network's difference
// between the two states, counting copies.
func (g *gen) genEventsFile(f *jen.File) {
	id := jen.Id
	ev := func(kind string) *jen.Statement { return jen.Qual(CheckerPath, kind) }
	nodeText := func(t *ir.Type, ordinal *jen.Statement) *jen.Statement {
		return jen.String().Call(id(g.fmtFunc(t)).Call(jen.Nil(), g.toStore(g.val(ordinal, t), t)))
	}
	local := func(kind, label string, t *ir.Type) *jen.Statement {
		d := jen.Dict{id("Kind"): ev(kind), id("Label"): jen.Lit(label)}
		if t != nil {
			d[id("From")] = nodeText(t, jen.Int().Call(id("a").Dot("Node")))
		}
		return id("ev").Op("=").Append(id("ev"), jen.Qual(CheckerPath, "Event").Values(d))
	}
	netMsg := func(kind string, consumes bool) []jen.Code {
		body := []jen.Code{id("ev").Op("=").Append(id("ev"), id("msgEvent").Call(ev(kind), jen.Op("&").Id("old").Dot("Net").Dot("Msgs").Index(id("a").Dot("Slot"))))}
		if consumes {
			body = append([]jen.Code{id("taken").Op("=").Int().Call(id("a").Dot("Slot"))}, body...)
		}
		return []jen.Code{jen.If(jen.Int().Call(id("a").Dot("Slot")).Op("<").Int().Call(id("old").Dot("Net").Dot("Len"))).Block(body...)}
	}
	n := g.spec.Network
	f.Var().Id("_").Qual(CheckerPath, "Eventer").Types(id("State"), id("Action")).Op("=").Parens(jen.Op("*").Id("Model")).Parens(jen.Nil())
	f.Comment("Events describes the step from old to next under a: the message delivered")
	f.Comment("or dropped, or the node that acted or crashed, then every message sent.")
	f.Func().Params(id("m").Op("*").Id("Model")).Id("Events").Params(
		id("old").Op("*").Id("State"), id("a").Id("Action"), id("next").Op("*").Id("State"),
	).Index().Qual(CheckerPath, "Event").BlockFunc(func(b *jen.Group) {
		b.Var().Id("ev").Index().Qual(CheckerPath, "Event")
		if n != nil {
			b.Id("taken").Op(":=").Lit(-1).Comment("the slot of old.Net a delivery consumed")
		}
		b.Switch(id("a").Dot("Kind")).BlockFunc(func(sw *jen.Group) {
			for _, a := range g.spec.Actions {
				if a.Kind == ir.ActionReceive {
					sw.Case(id(kindName(a))).Block(netMsg("EventDeliver", n.Delivery != ir.DeliveryDuplicating)...)
					continue
				}
				var node *ir.Type
				if a.Node != nil {
					node = a.Node.Type
				}
				sw.Case(id(kindName(a))).Block(local("EventLocal", a.Name, node))
			}
			if n != nil && n.Lossy {
				sw.Case(id("ActionDrop")).Block(netMsg("EventDrop", true)...)
			}
			if c := g.spec.Crash; c != nil {
				sw.Case(id("ActionCrash")).Block(local("EventCrash", "Crash", c.Node))
			}
		})
		if n != nil {
			b.Return(id("appendSends").Call(id("ev"), jen.Op("&").Id("old").Dot("Net"), jen.Op("&").Id("next").Dot("Net"), id("taken")))
		} else {
			b.Return(id("ev"))
		}
	})
	if n != nil {
		g.genEventHelpers(f)
	}
}

// genEventHelpers emits msgEvent, Network.copiesOf and appendSends.
func (g *gen) genEventHelpers(f *jen.File) {
	id := jen.Id
	n := g.spec.Network
	node := n.Node
	nodeText := func(v *jen.Statement) *jen.Statement {
		return jen.String().Call(id(g.fmtFunc(node)).Call(jen.Nil(), v))
	}
	f.Comment("msgEvent describes message p in flight.")
	f.Func().Id("msgEvent").Params(id("k").Qual(CheckerPath, "EventKind"), id("p").Op("*").Id("Msg")).Qual(CheckerPath, "Event").Block(
		id("e").Op(":=").Qual(CheckerPath, "Event").Values(jen.Dict{
			id("Kind"):   id("k"),
			id("From"):   nodeText(id("p").Dot("From")),
			id("To"):     nodeText(id("p").Dot("To")),
			id("Detail"): jen.String().Call(id("fmtMsg").Call(jen.Nil(), id("p"))),
		}),
		jen.Switch(id("p").Dot("Tag")).BlockFunc(func(sw *jen.Group) {
			for _, r := range g.netMessages() {
				sw.Case(id(tagName(r))).Block(id("e").Dot("Label").Op("=").Lit(r.Name))
			}
		}),
		jen.Return(id("e")),
	)

	count := jen.Id("c").Op("++")
	if n.Delivery == ir.DeliveryBag {
		count = id("c").Op("+=").Int().Call(id("n").Dot("Copies").Index(id("i")))
	}
	f.Comment("copiesOf returns how many copies of p the network holds.")
	f.Func().Params(id("n").Op("*").Id("Network")).Id("copiesOf").Params(id("p").Op("*").Id("Msg")).Int().Block(
		id("c").Op(":=").Lit(0),
		jen.For(id("i").Op(":=").Range().Int().Call(id("n").Dot("Len"))).Block(
			jen.If(id("cmpMsg").Call(jen.Op("&").Id("n").Dot("Msgs").Index(id("i")), id("p")).Op("==").Lit(0)).Block(count),
		),
		jen.Return(id("c")),
	)

	f.Comment("appendSends appends a send event for every copy of a message that next")
	f.Comment("holds and old did not, counting the copy taken from slot taken of old.")
	f.Func().Id("appendSends").Params(
		id("ev").Index().Qual(CheckerPath, "Event"), id("old"), id("next").Op("*").Id("Network"), id("taken").Int(),
	).Index().Qual(CheckerPath, "Event").BlockFunc(func(b *jen.Group) {
		loop := []jen.Code{id("p").Op(":=").Op("&").Id("next").Dot("Msgs").Index(id("i"))}
		if n.Delivery != ir.DeliveryBag {
			// Equal messages may sit in several slots: count each once.
			loop = append(loop, jen.For(id("j").Op(":=").Range().Id("i")).Block(
				jen.If(id("cmpMsg").Call(jen.Op("&").Id("next").Dot("Msgs").Index(id("j")), id("p")).Op("==").Lit(0)).Block(jen.Continue().Id("msgs")),
			))
		}
		loop = append(loop,
			id("k").Op(":=").Id("next").Dot("copiesOf").Call(id("p")).Op("-").Id("old").Dot("copiesOf").Call(id("p")),
			jen.If(id("taken").Op(">=").Lit(0).Op("&&").Id("cmpMsg").Call(jen.Op("&").Id("old").Dot("Msgs").Index(id("taken")), id("p")).Op("==").Lit(0)).Block(
				id("k").Op("++"),
			),
			jen.For(jen.Range().Id("k")).Block(
				id("ev").Op("=").Append(id("ev"), id("msgEvent").Call(jen.Qual(CheckerPath, "EventSend"), id("p"))),
			),
		)
		if n.Delivery != ir.DeliveryBag {
			b.Id("msgs").Op(":")
		}
		b.For(id("i").Op(":=").Range().Int().Call(id("next").Dot("Len"))).Block(loop...)
		b.Return(id("ev"))
	})
}
