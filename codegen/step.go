package codegen

import (
	"github.com/dave/jennifer/jen"

	"github.com/rspec/rspec/ir"
)

// genStepFile emits the exec type, one guard and one body per action, one
// method per procedure, and Next, which dispatches to them.
func (g *gen) genStepFile(f *jen.File) {
	f.Comment("exec is the scratch state of one step: whether a send overflowed the")
	f.Comment("network, which makes the step pruned.")
	f.Type().Id("exec").Struct(jen.Id("pruned").Bool())
	g.genNext(f)
	for _, a := range g.spec.Actions {
		g.genAction(f, a)
	}
	for _, p := range g.spec.Procs {
		g.genProc(f, p)
	}
}

// stepCtx returns the context of a step function at node.
func (g *gen) stepCtx(node *ir.Local) *fnCtx {
	return &fnCtx{st: g.avoid("st"), x: g.avoid("x"), node: node, fail: jen.False()}
}

// leadingRequires splits body into its leading requires and the rest: the
// requires are checked on the source state before it is copied.
func leadingRequires(body []ir.Stmt) (guard, rest []ir.Stmt) {
	i := 0
	for i < len(body) {
		if _, ok := body[i].(*ir.Require); !ok {
			break
		}
		i++
	}
	return body[:i], body[i:]
}

// actionParams returns the Go parameters of an action's guard and body.
func (g *gen) actionParams(a *ir.Action, st string) []jen.Code {
	ps := []jen.Code{jen.Id(st).Op("*").Id("State")}
	if a.Node != nil {
		ps = append(ps, jen.Id(a.Node.GoName).Add(g.exprType(a.Node.Type)))
	} else if a.Kind == ir.ActionReceive {
		ps = append(ps, jen.Id("_").Int())
	}
	for _, p := range a.Params {
		ps = append(ps, jen.Id(p.GoName).Add(g.exprType(p.Type)))
	}
	if a.Kind == ir.ActionReceive {
		from, msg := "_", "_"
		if a.From != nil && g.used[a.From] {
			from = a.From.GoName
		}
		if a.MsgVar != nil && g.used[a.MsgVar] {
			msg = a.MsgVar.GoName
		}
		ps = append(ps, jen.Id(from).Int(), jen.Id(msg).Id(goName(a.Msg.Type)))
	}
	return ps
}

// genAction emits an action's guard (its leading requires, if any) and body.
func (g *gen) genAction(f *jen.File, a *ir.Action) {
	g.fc = g.stepCtx(a.Node)
	g.temps = 0
	guard, rest := leadingRequires(a.Body)
	if len(guard) > 0 {
		f.Commentf("%s reports whether the leading requires of %s hold.", guardName(a), a.Name)
		f.Func().Id(guardName(a)).Params(g.actionParams(a, g.fc.st)...).Bool().Block(
			append(g.stmts(guard), jen.Return(jen.True()))...)
	}
	f.Commentf("%s runs the body of %s (after its leading requires) on st;", actName(a), a.Name)
	f.Comment("false means a require failed.")
	f.Func().Params(jen.Id(g.fc.x).Op("*").Id("exec")).Id(actName(a)).Params(g.actionParams(a, g.fc.st)...).Bool().Block(
		append(g.stmts(rest), jen.Return(jen.True()))...)
}

// genProc emits a procedure as a method of exec.
func (g *gen) genProc(f *jen.File, p *ir.Proc) {
	g.fc = g.stepCtx(p.Node)
	g.temps = 0
	ps := []jen.Code{jen.Id(g.fc.st).Op("*").Id("State")}
	if p.Node != nil {
		ps = append(ps, jen.Id(p.Node.GoName).Add(g.exprType(p.Node.Type)))
	}
	for _, l := range p.Params {
		ps = append(ps, jen.Id(l.GoName).Add(g.exprType(l.Type)))
	}
	if !g.mayFail(p) {
		f.Commentf("%s runs procedure %s.", procName(p), p.Name)
		f.Func().Params(jen.Id(g.fc.x).Op("*").Id("exec")).Id(procName(p)).Params(ps...).Block(g.stmts(p.Body)...)
		return
	}
	f.Commentf("%s runs procedure %s; false means a require failed.", procName(p), p.Name)
	f.Func().Params(jen.Id(g.fc.x).Op("*").Id("exec")).Id(procName(p)).Params(ps...).Bool().Block(
		append(g.stmts(p.Body), jen.Return(jen.True()))...)
}

// genNext emits Model.Next.
func (g *gen) genNext(f *jen.File) {
	id := jen.Id
	disabled := jen.Return(jen.Qual(CheckerPath, "Disabled"), jen.Nil())
	f.Comment("Next applies a to s and writes the successor into dst. A model fault")
	f.Comment("(a value out of its range, an index out of bounds, ...) is returned as a")
	f.Comment("*Fault naming its spec position.")
	f.Func().Params(id("m").Op("*").Id("Model")).Id("Next").Params(
		id("s").Op("*").Id("State"), id("a").Id("Action"), id("dst").Op("*").Id("State"),
	).Params(id("out").Qual(CheckerPath, "Outcome"), id("err").Error()).BlockFunc(func(b *jen.Group) {
		b.Defer().Func().Params().Block(
			jen.If(id("r").Op(":=").Recover(), id("r").Op("!=").Nil()).Block(
				jen.List(id("out"), id("err")).Op("=").Qual(CheckerPath, "Disabled").Op(",").Id("recoverFault").Call(id("r")),
			),
		).Call()
		b.Var().Id("x").Id("exec")
		b.Id("ok").Op(":=").True()
		b.Switch(id("a").Dot("Kind")).BlockFunc(func(sw *jen.Group) {
			for _, a := range g.spec.Actions {
				sw.Case(id(kindName(a))).Block(g.nextCase(a, disabled)...)
			}
			if n := g.spec.Network; n != nil && n.Lossy {
				sw.Case(id("ActionDrop")).Block(
					jen.If(jen.Int().Call(id("a").Dot("Slot")).Op(">=").Int().Call(id("s").Dot("Net").Dot("Len"))).Block(disabled),
					jen.Op("*").Id("dst").Op("=").Op("*").Id("s"),
					id("dst").Dot("Net").Dot("take").Call(jen.Int().Call(id("a").Dot("Slot"))),
				)
			}
			if c := g.spec.Crash; c != nil {
				sw.Case(id("ActionCrash")).BlockFunc(func(cb *jen.Group) {
					cb.If(jen.Int().Call(id("s").Dot("Crashes")).Op(">=").Add(lit(c.Max))).Block(disabled)
					cb.Op("*").Id("dst").Op("=").Op("*").Id("s")
					cb.Id("dst").Dot("Crashes").Op("++")
					cb.Id("n").Op(":=").Int().Call(id("a").Dot("Node"))
					for _, v := range c.Resets {
						cb.Id("dst").Dot(v.GoName).Index(id("n")).Op("=").Id("m").Dot("init").Dot(v.GoName).Index(id("n"))
					}
				})
			}
			sw.Default().Block(disabled)
		})
		b.If(jen.Op("!").Id("ok")).Block(disabled)
		b.If(id("x").Dot("pruned")).Block(jen.Return(jen.Qual(CheckerPath, "Pruned"), jen.Nil()))
		b.Return(jen.Qual(CheckerPath, "Enabled"), jen.Nil())
	})
}

// nextCase emits the case of Next for one action: decode the action's
// arguments, check the guard on s, copy s to dst, run the body on dst.
func (g *gen) nextCase(a *ir.Action, disabled jen.Code) []jen.Code {
	id := jen.Id
	var out []jen.Code
	var args []jen.Code
	if a.Kind == ir.ActionReceive {
		slot := id("s").Dot("Net").Dot("Msgs").Index(id("i"))
		bad := jen.Id("i").Op(">=").Int().Call(id("s").Dot("Net").Dot("Len")).Op("||").Add(slot.Clone()).Dot("Tag").Op("!=").Id(tagName(a.Msg))
		if g.spec.Network.Delivery == ir.DeliveryFIFO {
			bad = bad.Op("||").Op("!").Id("s").Dot("Net").Dot("head").Call(id("i"))
		}
		out = append(out,
			id("i").Op(":=").Int().Call(id("a").Dot("Slot")),
			jen.If(bad).Block(disabled),
			id("p").Op(":=").Op("&").Add(slot.Clone()),
		)
		args = append(args, jen.Int().Call(id("p").Dot("To")), jen.Int().Call(id("p").Dot("From")), id("p").Dot(goName(a.Msg.Type)))
	} else {
		if a.Node != nil {
			args = append(args, g.val(jen.Int().Call(id("a").Dot("Node")), a.Node.Type))
		}
		for i, p := range a.Params {
			args = append(args, g.val(jen.Int().Call(id("a").Dot("Args").Index(jen.Lit(i))), p.Type))
		}
	}
	guard, _ := leadingRequires(a.Body)
	if len(guard) > 0 {
		out = append(out, jen.If(jen.Op("!").Id(guardName(a)).Call(append([]jen.Code{id("s")}, args...)...)).Block(disabled))
	}
	out = append(out, jen.Op("*").Id("dst").Op("=").Op("*").Id("s"))
	if a.Kind == ir.ActionReceive {
		out = append(out, id("dst").Dot("Net").Dot("take").Call(id("i")))
	}
	out = append(out, id("ok").Op("=").Id("x").Dot(actName(a)).Call(append([]jen.Code{id("dst")}, args...)...))
	return out
}
