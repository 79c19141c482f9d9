package ir

import "github.com/rspec/rspec/parser"

// hint returns want when it is a usable type of the given kind, else nil.
func hint(want *Type, kind Kind) *Type {
	if want == nil || want == invalid || isUntyped(want) || want.Kind != kind {
		return nil
	}
	return want
}

func (c *checker) postfix(e *parser.PostfixExpr, want *Type) Expr {
	sufs := e.Suffixes
	var x Expr
	if len(sufs) > 0 && sufs[0].Prime != "" {
		x = c.primed(e.Primary, sufs[0])
		sufs = sufs[1:]
	} else if len(sufs) > 0 {
		x = c.primary(e.Primary, nil)
	} else {
		return c.primary(e.Primary, want)
	}
	for _, s := range sufs {
		text := c.text(e.Pos, s.EndPos)
		if s.Field == nil {
			text = c.text(e.Pos, s.Pos) // the operand of an index or slice
		}
		x = c.suffix(x, s, text)
	}
	return x
}

// primed checks x' : the value of state variable x after the step, in a
// transition property.
func (c *checker) primed(p *parser.Primary, s *parser.Suffix) Expr {
	at := pos(s.Pos)
	var v *Var
	if p.Name != nil && p.Name.Call == nil && p.Name.Fields == nil && c.body.lookup(p.Name.Name.Name) == nil {
		if o := c.objs[p.Name.Name.Name]; o != nil && o.kind == objVar {
			v = o.v
		}
	}
	if v == nil {
		c.errorf(at, "invalid prime: only a state variable can be primed")
		c.primary(p, nil)
		return badExpr(at)
	}
	if c.body.kind != bodyProp || c.body.prop.Kind != PropTransition {
		c.errorf(at, "primed variable %s' outside a transition property", v.Name)
	}
	return &VarRef{exprBase{P: pos(p.Pos), T: v.Type}, v, true}
}

// suffix applies an index, slice, field selection or prime to x.
func (c *checker) suffix(x Expr, s *parser.Suffix, text string) Expr {
	at := pos(s.Pos)
	switch {
	case s.Prime != "":
		c.errorf(at, "invalid prime: only a state variable can be primed (prime the variable, as in x'[i])")
		return x
	case s.Field != nil:
		return c.selectField(x, s.Field, text)
	case s.Colon != "":
		return c.slice(x, s, text)
	}
	return c.index(x, s.Lo, at, text)
}

func (c *checker) selectField(x Expr, id *parser.FieldName, text string) Expr {
	t := x.Type()
	if t == invalid {
		return badExpr(pos(id.Pos))
	}
	if t.Kind == KindRecord {
		if f := t.Record.FieldByName(id.Name); f != nil {
			return &FieldSel{exprBase{P: pos(id.Pos), T: f.Type}, x, f}
		}
	}
	c.errorf(pos(id.Pos), "%s undefined (type %s has no field %s)", text, t, id.Name)
	return badExpr(pos(id.Pos))
}

// index checks x[i] of a map or a sequence.
func (c *checker) index(x Expr, ie *parser.Expr, at Pos, text string) Expr {
	t := x.Type()
	switch t.Kind {
	case KindMap:
		i := c.use(c.expr(ie, t.Key), t.Key, "map index")
		return &Index{exprBase{P: at, T: t.Elem}, x, i}
	case KindSeq:
		i := c.intIndex(c.expr(ie, nil), "index")
		if t.Elem == nil {
			c.errorf(at, "invalid operation: cannot index %s (cannot infer its type)", text)
			return badExpr(at)
		}
		return &Index{exprBase{P: at, T: t.Elem}, x, i}
	}
	c.expr(ie, nil)
	if t != invalid {
		c.errorf(at, "invalid operation: cannot index %s (%s)", text, t)
	}
	return badExpr(at)
}

// intIndex checks a sequence index or slice bound: an integer, not symmetric.
func (c *checker) intIndex(i Expr, what string) Expr {
	if t := i.Type(); t != invalid && (!t.IsInteger() || t.Symmetric) {
		c.errorf(i.Position(), "invalid argument: %s of type %s must be an integer", what, t)
	}
	return i
}

func (c *checker) slice(x Expr, s *parser.Suffix, text string) Expr {
	at := pos(s.Pos)
	var lo, hi Expr
	if s.Lo != nil {
		lo = c.intIndex(c.expr(s.Lo, nil), "slice bound")
	}
	if s.Hi != nil {
		hi = c.intIndex(c.expr(s.Hi, nil), "slice bound")
	}
	t := x.Type()
	if t == invalid {
		return badExpr(at)
	}
	if t.Kind != KindSeq || isUntyped(t) {
		c.errorf(at, "cannot slice %s (%s)", text, t)
		return badExpr(at)
	}
	return &Slice{exprBase{P: at, T: t}, x, lo, hi}
}

func (c *checker) primary(p *parser.Primary, want *Type) Expr {
	at := pos(p.Pos)
	switch {
	case p.Int != "":
		return &IntLit{exprBase: exprBase{P: at, T: Int}, Value: p.Value}
	case p.Bool != "":
		return &BoolLit{exprBase: exprBase{P: at, T: Bool}, Value: p.Bool == "true"}
	case p.None != "":
		t := untypedNone
		if h := hint(want, KindOption); h != nil {
			t = h
		}
		return &NoneLit{exprBase{P: at, T: t}}
	case p.Paren != nil:
		return c.expr(p.Paren, want)
	case p.Cond != nil:
		return c.cond(p.Cond, want)
	case p.Quant != nil:
		return c.quant(p.Quant)
	case p.Name != nil:
		return c.name(p.Name, want)
	case p.Set != nil:
		return c.setLit(p.Set, want)
	case p.Seq != nil:
		if p.Seq.Body != nil {
			return c.mapComp(p.Seq, want)
		}
		return c.seqLit(p.Seq, want)
	}
	return badExpr(at)
}

// cond checks if c then a else b; the branches must agree, integers
// meeting at int.
func (c *checker) cond(e *parser.CondExpr, want *Type) Expr {
	at := pos(e.Pos)
	cond := c.expr(e.Cond, Bool)
	c.boolCond(cond, "if-then-else")
	a, b := c.expr(e.Then, want), c.expr(e.Else, want)
	ta, tb := a.Type(), b.Type()
	t := ta
	switch {
	case ta == invalid || tb == invalid:
		t = invalid
	case isUntyped(ta) && isUntyped(tb):
	case isUntyped(ta) && assignable(ta, tb):
		setUntyped(a, tb)
		t = tb
	case isUntyped(tb) && assignable(tb, ta):
		setUntyped(b, ta)
	case Identical(ta, tb):
	case ta.IsInteger() && tb.IsInteger() && !ta.Symmetric && !tb.Symmetric:
		t = Int
	case assignable(ta, tb) && ta.Name == "":
		t = tb
	case !assignable(tb, ta):
		c.errorf(at, "mismatched types %s and %s in if-then-else", ta, tb)
		t = invalid
	}
	return &Cond{exprBase{P: at, T: t}, cond, a, b}
}

// boolCond reports a non-boolean condition.
func (c *checker) boolCond(x Expr, where string) {
	if t := x.Type(); t != invalid && t.Kind != KindBool {
		c.errorf(x.Position(), "non-boolean condition in %s", where)
	}
}
