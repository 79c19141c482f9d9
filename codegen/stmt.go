package codegen

import (
	"github.com/dave/jennifer/jen"

	"github.com/rspec/rspec/ir"
)

// stmts compiles a statement list.
func (g *gen) stmts(body []ir.Stmt) []jen.Code {
	var out []jen.Code
	for _, s := range body {
		out = append(out, g.stmt(s)...)
	}
	return out
}

// stmt compiles one statement; a few compile to more than one Go statement.
func (g *gen) stmt(s ir.Stmt) []jen.Code {
	switch s := s.(type) {
	case *ir.Require:
		return []jen.Code{jen.If(jen.Op("!").Add(g.operand(s.Cond, precAtom))).Block(jen.Return(g.fc.fail))}
	case *ir.Let:
		name := s.Var.GoName
		out := []jen.Code{jen.Id(name).Op(":=").Add(g.valueFor(s.Var.Type, s.Value, s.Var.Name))}
		if !g.used[s.Var] {
			out = append(out, jen.Id("_").Op("=").Id(name))
		}
		return out
	case *ir.Assign:
		return []jen.Code{g.assign(s)}
	case *ir.If:
		return []jen.Code{g.ifStmt(s)}
	case *ir.For:
		var body []jen.Code
		if s.Where != nil {
			body = append(body, jen.If(jen.Op("!").Add(g.operand(s.Where, precAtom))).Block(jen.Continue()))
		}
		body = append(body, g.stmts(s.Body)...)
		return []jen.Code{g.loop(s.Var, s.Over, body)}
	case *ir.Send:
		return []jen.Code{g.send(s)}
	case *ir.CallProc:
		return []jen.Code{g.callProc(s)}
	}
	g.errorf(s.Position(), "cannot compile statement %T", s)
	return nil
}

// ifStmt compiles if/else, with else-if chains kept flat.
func (g *gen) ifStmt(s *ir.If) *jen.Statement {
	c := jen.If(g.expr(s.Cond)).Block(g.stmts(s.Then)...)
	if len(s.Else) == 0 {
		return c
	}
	if len(s.Else) == 1 {
		if e, ok := s.Else[0].(*ir.If); ok {
			return c.Else().Add(g.ifStmt(e))
		}
	}
	return c.Else().Block(g.stmts(s.Else)...)
}

// assign compiles =, += and -=, checking the target's bounds.
func (g *gen) assign(s *ir.Assign) *jen.Statement {
	t := s.Target.Type()
	what := text(s.Target)
	_, isLocal := s.Target.(*ir.LocalRef)
	if s.Op == ir.AssignSet {
		if isLocal {
			return g.place(s.Target).Op("=").Add(g.valueFor(t, s.Value, what))
		}
		return g.place(s.Target).Op("=").Add(g.storeValue(t, s.Value, what))
	}
	op := "+"
	if s.Op == ir.AssignSub {
		op = "-"
	}
	v := g.expr(s.Target).Op(op).Add(g.operand(s.Value, precAdd+1))
	if t.Kind == ir.KindRange {
		tlo, thi, _ := g.interval(s.Target)
		vlo, vhi, ok := g.interval(s.Value)
		lo, hi := tlo+vlo, thi+vhi
		if op == "-" {
			lo, hi = tlo-vhi, thi-vlo
		}
		if !ok || lo < t.Lo || hi > t.Hi {
			v = jen.Id("chk").Call(v, lit(t.Lo), lit(t.Hi), g.site(s.Position(), faultRange, what, t.Lo, t.Hi))
		}
	}
	if isLocal {
		return g.place(s.Target).Op("=").Add(v)
	}
	return g.place(s.Target).Op("=").Add(g.toStore(v, t))
}

// send compiles send and broadcast: the message goes from the node of the
// enclosing action; a broadcast goes to every other node in ascending order.
func (g *gen) send(s *ir.Send) *jen.Statement {
	net := g.spec.Network
	if net == nil || g.fc.x == "" || g.fc.node == nil {
		g.errorf(s.Position(), "send needs a network and an action `at` a node")
		return jen.Null()
	}
	rec := s.Msg.Type().Record
	msg := func(to *jen.Statement, body *jen.Statement) *jen.Statement {
		return jen.Id("Msg").Values(
			jen.Id("Tag").Op(":").Id(tagName(rec)),
			jen.Id("From").Op(":").Add(g.toStore(jen.Id(g.fc.node.GoName), net.Node)),
			jen.Id("To").Op(":").Add(to),
			jen.Id(goName(rec.Type)).Op(":").Add(body),
		)
	}
	if !s.Broadcast {
		to := g.storeValue(net.Node, s.To, text(s.To))
		return jen.Id(g.fc.x).Dot("send").Call(jen.Id(g.fc.st), msg(to, g.expr(s.Msg)))
	}
	m, t := g.fresh("msg"), g.fresh("to")
	return jen.Block(
		jen.Id(m).Op(":=").Add(g.expr(s.Msg)),
		jen.For(jen.Id(t).Op(":=").Add(lit(net.Node.Lo)), jen.Id(t).Op("<=").Add(lit(net.Node.Hi)), jen.Id(t).Op("++")).Block(
			jen.If(jen.Id(t).Op("!=").Id(g.fc.node.GoName)).Block(
				jen.Id(g.fc.x).Dot("send").Call(jen.Id(g.fc.st), msg(g.toStore(jen.Id(t), net.Node), jen.Id(m))),
			),
		),
	)
}

// callProc compiles a procedure call; a require that fails inside the
// procedure disables the calling action too.
func (g *gen) callProc(s *ir.CallProc) *jen.Statement {
	p := s.Proc
	args := []jen.Code{jen.Id(g.fc.st)}
	if p.Node != nil {
		if g.fc.node == nil {
			g.errorf(s.Position(), "%s runs `at` a node, but the caller has none", p.Name)
			return jen.Null()
		}
		args = append(args, jen.Id(g.fc.node.GoName))
	}
	for i, a := range s.Args {
		args = append(args, g.valueFor(p.Params[i].Type, a, p.Params[i].Name))
	}
	call := jen.Id(g.fc.x).Dot(procName(p)).Call(args...)
	if !g.mayFail(p) {
		return call
	}
	return jen.If(jen.Op("!").Add(call)).Block(jen.Return(g.fc.fail))
}

// mayFail reports whether a require in p, or in a procedure it calls, can
// fail; only such procedures return whether they completed.
func (g *gen) mayFail(p *ir.Proc) bool {
	if g.fails == nil {
		g.fails = map[*ir.Proc]bool{}
		for changed := true; changed; {
			changed = false
			for _, q := range g.spec.Procs {
				if g.fails[q] {
					continue
				}
				walkStmts(q.Body, func(s ir.Stmt) {
					switch s := s.(type) {
					case *ir.Require:
						g.fails[q] = true
					case *ir.CallProc:
						if g.fails[s.Proc] {
							g.fails[q] = true
						}
					}
				}, func(ir.Expr) {})
				changed = changed || g.fails[q]
			}
		}
	}
	return g.fails[p]
}
