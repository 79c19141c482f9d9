package ir

import "github.com/rspec/rspec/parser"

// block checks a block of statements in a new scope.
func (c *checker) block(b *parser.Block) []Stmt {
	if b == nil {
		return nil
	}
	c.body.push()
	defer c.body.pop()
	var out []Stmt
	for _, s := range b.Stmts {
		if st := c.stmt(s); st != nil {
			out = append(out, st)
		}
	}
	return out
}

func (c *checker) stmt(s *parser.Stmt) Stmt {
	at := pos(s.Pos)
	switch {
	case s.Require != nil:
		x := c.expr(s.Require.Cond, Bool)
		c.boolCond(x, "require")
		return &Require{stmtBase{at}, x}
	case s.Let != nil:
		return c.let(s.Let)
	case s.Assign != nil:
		return c.assign(s.Assign)
	case s.If != nil:
		return c.ifStmt(s.If)
	case s.For != nil:
		return c.forStmt(s.For)
	case s.Send != nil:
		return c.send(at, s.Send.Msg, s.Send.To)
	case s.Broadcast != nil:
		return c.send(at, s.Broadcast.Msg, nil)
	case s.Call != nil:
		return c.procCall(s.Call)
	}
	return nil
}

func (c *checker) let(l *parser.LetStmt) Stmt {
	x := c.settle(c.expr(l.Value, nil), "let")
	v := c.body.newLocal(l.Name.Name, pos(l.Name.Pos), x.Type(), LocalLet)
	return &Let{stmtBase{pos(l.Pos)}, v, x}
}

var assignOps = map[string]AssignOp{"=": AssignSet, "+=": AssignAdd, "-=": AssignSub}

func (c *checker) assign(a *parser.AssignStmt) Stmt {
	at := pos(a.Pos)
	target, ghost := c.lvalue(a.Target)
	op := assignOps[a.Op]
	tt := target.Type()
	saved := c.body.ghostOK
	c.body.ghostOK = saved || ghost
	var want *Type
	if op == AssignSet {
		want = tt
	}
	x := c.expr(a.Value, want)
	c.body.ghostOK = saved
	vt := x.Type()
	switch {
	case tt == invalid || vt == invalid:
	case op != AssignSet:
		switch {
		case tt.Symmetric || vt.Symmetric:
			c.errorf(pos(a.Value.Pos), "cannot use symmetric %s in arithmetic", symOf(tt, vt))
		case !tt.IsInteger() || !vt.IsInteger():
			c.errorf(at, "invalid operation: %s %s %s (operator %s not defined on %s and %s)", c.text(a.Target.Pos, a.Target.EndPos), a.Op, c.text(a.Value.Pos, a.Value.EndPos), a.Op, tt, vt)
		}
	case !assignable(vt, tt):
		c.errorf(pos(a.Value.Pos), "cannot assign %s to %s", vt, tt)
	case isUntyped(vt):
		setUntyped(x, tt)
	}
	return &Assign{stmtBase{at}, target, op, x}
}

func symOf(a, b *Type) *Type {
	if a.Symmetric {
		return a
	}
	return b
}

// lvalue checks an assignment target: a state variable or a let local,
// under indexes and field selections. ghost reports a ghost variable.
func (c *checker) lvalue(l *parser.LValue) (target Expr, ghost bool) {
	id := l.Name
	at := pos(id.Pos)
	var x Expr = badExpr(at)
	if loc := c.body.lookup(id.Name); loc != nil {
		if loc.Kind != LocalLet {
			c.errorf(at, "cannot assign to %s %s", localWord[loc.Kind], id.Name)
		}
		x = &LocalRef{exprBase{P: at, T: loc.Type}, loc}
	} else if o := c.objs[id.Name]; o == nil {
		c.errorf(at, "undefined: %s", id.Name)
	} else if o.kind != objVar {
		c.errorf(at, "cannot assign to %s (%s)", id.Name, kindWord[o.kind])
	} else {
		x = &VarRef{exprBase{P: at, T: o.v.Type}, o.v, false}
		ghost = o.v.Ghost
	}
	for _, s := range l.Selectors {
		text := c.text(l.Pos, s.EndPos)
		if s.Field == nil {
			text = c.text(l.Pos, s.Pos)
		}
		if s.Field != nil {
			x = c.selectField(x, s.Field, text)
		} else {
			x = c.index(x, s.Index, pos(s.Pos), text)
		}
	}
	return x, ghost
}

var localWord = map[LocalKind]string{
	LocalParam: "parameter", LocalNode: "node", LocalMsg: "message",
	LocalFrom: "sender", LocalLet: "local", LocalLoop: "loop variable",
}

func (c *checker) ifStmt(s *parser.IfStmt) Stmt {
	cond := c.expr(s.Cond, Bool)
	c.boolCond(cond, "if statement")
	out := &If{stmtBase: stmtBase{pos(s.Pos)}, Cond: cond, Then: c.block(s.Then)}
	switch {
	case s.ElseIf != nil:
		out.Else = []Stmt{c.ifStmt(s.ElseIf)}
	case s.Else != nil:
		out.Else = c.block(s.Else)
		if out.Else == nil {
			out.Else = []Stmt{}
		}
	}
	return out
}

func (c *checker) forStmt(s *parser.ForStmt) Stmt {
	it := c.iter(s.Domain, "iterate over")
	vt := invalid
	if it != nil {
		vt = it.Type
	}
	c.body.push()
	defer c.body.pop()
	out := &For{stmtBase: stmtBase{pos(s.Pos)}, Over: it}
	out.Var = c.body.newLocal(s.Var.Name, pos(s.Var.Pos), vt, LocalLoop)
	if s.Where != nil {
		out.Where = c.expr(s.Where, Bool)
		c.boolCond(out.Where, "where clause")
	}
	out.Body = c.block(s.Body)
	if it == nil {
		out.Over = &Iter{Kind: IterType, Type: invalid}
	}
	return out
}

// send checks send msg to dst, or broadcast msg when dst is nil.
func (c *checker) send(at Pos, msg, dst *parser.Expr) Stmt {
	word := "send"
	if dst == nil {
		word = "broadcast"
	}
	if c.body.node == nil {
		c.errorf(at, "%s outside a node context", word)
	} else if c.spec.Network == nil {
		c.errorf(at, "%s with no network declared", word)
	}
	m := c.expr(msg, nil)
	if t := m.Type(); t != invalid && (t.Kind != KindRecord || !t.Record.IsMessage) {
		c.errorf(m.Position(), "cannot %s %s: %s is not a message", word, c.text(msg.Pos, msg.EndPos), t)
	}
	out := &Send{stmtBase: stmtBase{at}, Msg: m, Broadcast: dst == nil}
	if dst != nil {
		nt := c.nodeType
		if nt == nil {
			nt = invalid
		}
		out.To = c.use(c.expr(dst, nt), nt, "send")
	}
	return out
}

// procCall checks a call of a procedure.
func (c *checker) procCall(s *parser.CallStmt) Stmt {
	id := s.Name
	at := pos(id.Pos)
	o := c.objs[id.Name]
	if c.body.lookup(id.Name) != nil || o == nil || o.kind != objProc {
		switch {
		case c.body.lookup(id.Name) != nil || o != nil && o.kind != objFunc:
			c.errorf(at, "%s is not a procedure", id.Name)
		case o != nil:
			c.errorf(at, "%s is a function: its result is not used", id.Name)
		case builtins[id.Name] != 0:
			c.errorf(at, "%s (built-in function) is not a procedure: its result is not used", id.Name)
		default:
			c.errorf(at, "undefined: %s", id.Name)
		}
		c.exprs(s.Args.Args)
		return nil
	}
	p := o.proc
	if p.Node != nil && c.body.node == nil {
		c.errorf(at, "cannot call %s outside a node context (it is declared at %s)", p.Name, p.Node.Name)
	}
	args := c.args(p.Name, at, p.Params, s.Args.Args)
	if c.body.kind == bodyProc {
		pi := c.procs[c.body.proc]
		pi.calls = append(pi.calls, p)
	}
	return &CallProc{stmtBase{at}, p, args}
}
