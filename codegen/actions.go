package codegen

import (
	"github.com/dave/jennifer/jen"

	"github.com/rspec/rspec/ir"
)

// argType returns the Go type of the parameter ordinals of Action, or "" when
// no action has parameters.
func (g *gen) argType() (string, int) {
	var most int64
	n := 0
	for _, a := range g.spec.Actions {
		n = max(n, len(a.Params))
		for _, p := range a.Params {
			most = max(most, p.Type.Card()-1)
		}
	}
	if n == 0 {
		return "", 0
	}
	return intName(0, most), n
}

// genActionsFile emits ActionKind, Action, Actions and Label.
func (g *gen) genActionsFile(f *jen.File) {
	f.Comment("ActionKind says which action of the spec an Action takes.")
	f.Type().Id("ActionKind").Uint8()
	f.Comment("Kinds of actions: the spec's actions and handlers in declaration order,")
	f.Comment("then the built-in ones.")
	f.Const().DefsFunc(func(d *jen.Group) {
		k := 1
		for _, a := range g.spec.Actions {
			d.Id(kindName(a)).Id("ActionKind").Op("=").Lit(k).Comment(a.Name)
			k++
		}
		if n := g.spec.Network; n != nil && n.Lossy {
			d.Id("ActionDrop").Id("ActionKind").Op("=").Lit(k).Comment("the network loses a message")
			k++
		}
		if g.spec.Crash != nil {
			d.Id("ActionCrash").Id("ActionKind").Op("=").Lit(k).Comment("a node crashes and restarts")
		}
	})
	at, nargs := g.argType()
	f.Comment("Action is one transition of the model: an action of the spec with its")
	f.Comment("node and parameters given by ordinal, or the network slot it delivers or")
	f.Comment("drops.")
	f.Type().Id("Action").StructFunc(func(s *jen.Group) {
		s.Id("Kind").Id("ActionKind")
		s.Id("Node").Uint8().Comment("ordinal of the node it runs at")
		if g.spec.Network != nil {
			s.Id("Slot").Uint8().Comment("Deliver, Drop: the slot of Network.Msgs")
		}
		if nargs > 0 {
			s.Id("Args").Index(jen.Lit(nargs)).Id(at).Comment("ordinals of the parameters")
		}
	})
	g.genActions(f, at, nargs)
	g.genLabel(f)
}

// genActions emits Model.Actions: every user action at every node with every
// binding of its parameters, every deliverable message for each handler,
// then Drop and Crash.
func (g *gen) genActions(f *jen.File, at string, nargs int) {
	id := jen.Id
	appendAct := func(d jen.Dict) *jen.Statement {
		return id("dst").Op("=").Append(id("dst"), id("Action").Values(d))
	}
	f.Comment("Actions appends the actions that may be enabled in s, in a fixed order:")
	f.Comment("the spec's actions in declaration order, each at every node in ascending")
	f.Comment("order and with every binding of its parameters; then Drop and Crash.")
	f.Func().Params(id("m").Op("*").Id("Model")).Id("Actions").Params(
		id("s").Op("*").Id("State"), id("dst").Index().Id("Action"),
	).Index().Id("Action").BlockFunc(func(b *jen.Group) {
		for _, a := range g.spec.Actions {
			if a.Kind == ir.ActionReceive {
				cond := id("s").Dot("Net").Dot("Msgs").Index(id("i")).Dot("Tag").Op("==").Id(tagName(a.Msg))
				if g.spec.Network.Delivery == ir.DeliveryFIFO {
					cond = cond.Op("&&").Id("s").Dot("Net").Dot("head").Call(id("i"))
				}
				b.For(id("i").Op(":=").Range().Int().Call(id("s").Dot("Net").Dot("Len"))).Block(
					jen.If(cond).Block(appendAct(jen.Dict{id("Kind"): id(kindName(a)), id("Slot"): jen.Uint8().Call(id("i"))})),
				)
				continue
			}
			d := jen.Dict{id("Kind"): id(kindName(a))}
			var loops []func(jen.Code) jen.Code
			if a.Node != nil {
				d[id("Node")] = jen.Uint8().Call(id("n"))
				card := a.Node.Type.Card()
				loops = append(loops, func(c jen.Code) jen.Code { return jen.For(id("n").Op(":=").Range().Add(lit(card))).Block(c) })
			}
			if len(a.Params) > 0 {
				var vals []jen.Code
				for i, p := range a.Params {
					v := "a" + itoa(i)
					if i == 0 {
						v = "a0"
					}
					vals = append(vals, id(at).Call(id(v)))
					card := p.Type.Card()
					loops = append(loops, func(c jen.Code) jen.Code { return jen.For(id(v).Op(":=").Range().Add(lit(card))).Block(c) })
				}
				for len(vals) < nargs {
					vals = append(vals, jen.Lit(0))
				}
				d[id("Args")] = jen.Index(jen.Lit(nargs)).Id(at).Values(vals...)
			}
			var c jen.Code = appendAct(d)
			for i := len(loops) - 1; i >= 0; i-- {
				c = loops[i](c)
			}
			b.Add(c)
		}
		if n := g.spec.Network; n != nil && n.Lossy {
			b.For(id("i").Op(":=").Range().Int().Call(id("s").Dot("Net").Dot("Len"))).Block(
				appendAct(jen.Dict{id("Kind"): id("ActionDrop"), id("Slot"): jen.Uint8().Call(id("i"))}))
		}
		if c := g.spec.Crash; c != nil {
			b.If(jen.Int().Call(id("s").Dot("Crashes")).Op("<").Add(lit(c.Max))).Block(
				jen.For(id("n").Op(":=").Range().Add(lit(c.Node.Card()))).Block(
					appendAct(jen.Dict{id("Kind"): id("ActionCrash"), id("Node"): jen.Uint8().Call(id("n"))})))
		}
		b.Return(id("dst"))
	})
}

// genLabel emits Model.Label: "Timeout(s1)", "ClientRequest(s0, v1)",
// "Deliver(VoteRequest{cid: s0, ...} s0->s1)", "Drop(...)", "Crash(s2)".
func (g *gen) genLabel(f *jen.File) {
	id := jen.Id
	app := func(s string) *jen.Statement { return id("b").Op("=").Append(id("b"), jen.Lit(s).Op("...")) }
	appVal := func(t *ir.Type, ordinal *jen.Statement) *jen.Statement {
		return id("b").Op("=").Id(g.fmtFunc(t)).Call(id("b"), g.toStore(g.val(ordinal, t), t))
	}
	slot := func() []jen.Code {
		return []jen.Code{jen.If(jen.Int().Call(id("a").Dot("Slot")).Op("<").Int().Call(id("s").Dot("Net").Dot("Len"))).Block(
			id("b").Op("=").Id("fmtMsg").Call(id("b"), jen.Op("&").Id("s").Dot("Net").Dot("Msgs").Index(id("a").Dot("Slot"))),
		).Else().Block(app("?"))}
	}
	f.Comment("Label renders a as traces show it: the action's name and arguments, the")
	f.Comment("node first; a delivery or drop shows the message and its channel.")
	f.Func().Params(id("m").Op("*").Id("Model")).Id("Label").Params(
		id("s").Op("*").Id("State"), id("a").Id("Action"),
	).String().BlockFunc(func(b *jen.Group) {
		b.Var().Id("b").Index().Byte()
		b.Switch(id("a").Dot("Kind")).BlockFunc(func(sw *jen.Group) {
			for _, a := range g.spec.Actions {
				var body []jen.Code
				body = append(body, app(label(a)+"("))
				if a.Kind == ir.ActionReceive {
					body = append(body, slot()...)
				} else {
					sep := ""
					if a.Node != nil {
						body = append(body, appVal(a.Node.Type, jen.Int().Call(id("a").Dot("Node"))))
						sep = ", "
					}
					for i, p := range a.Params {
						if sep != "" {
							body = append(body, app(sep))
						}
						body = append(body, appVal(p.Type, jen.Int().Call(id("a").Dot("Args").Index(jen.Lit(i)))))
						sep = ", "
					}
				}
				body = append(body, app(")"))
				sw.Case(id(kindName(a))).Block(body...)
			}
			if n := g.spec.Network; n != nil && n.Lossy {
				sw.Case(id("ActionDrop")).Block(append(append([]jen.Code{app("Drop(")}, slot()...), app(")"))...)
			}
			if c := g.spec.Crash; c != nil {
				sw.Case(id("ActionCrash")).Block(app("Crash("), appVal(c.Node, jen.Int().Call(id("a").Dot("Node"))), app(")"))
			}
			sw.Default().Block(jen.Return(jen.Lit("?")))
		})
		b.Return(jen.String().Call(id("b")))
	})
}
