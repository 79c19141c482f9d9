package ir

import "github.com/rspec/rspec/parser"

// iter checks an iteration domain: a finite type name, a range lo..hi, or
// a set-valued expression. verb completes "cannot ... int". It returns nil
// after reporting an error.
func (c *checker) iter(d *parser.Expr, verb string) *Iter {
	if id, ok := d.Ident(); ok && c.isTypeName(id.Name) {
		t := c.typeByName(id)
		switch {
		case t == invalid:
			return nil
		case !scalar(t):
			c.errorf(pos(id.Pos), "cannot %s %s", verb, t)
			return nil
		}
		return &Iter{Kind: IterType, Type: t}
	}
	if lo, hi, ok := d.Range(); ok {
		l := c.intIndex(c.add(lo, nil), "range bound")
		h := c.intIndex(c.add(hi, nil), "range bound")
		return &Iter{Kind: IterRange, Type: Int, Lo: l, Hi: h}
	}
	s := c.expr(d, nil)
	t := s.Type()
	switch {
	case t == invalid:
		return nil
	case isUntyped(t) || t.Kind != KindSet:
		c.errorf(s.Position(), "cannot %s %s (%s)", verb, c.text(d.Pos, d.EndPos), t)
		return nil
	}
	return &Iter{Kind: IterSet, Type: t.Elem, Set: s}
}

// isTypeName reports whether name denotes a type here (no local hides it).
func (c *checker) isTypeName(name string) bool {
	if c.body != nil && c.body.lookup(name) != nil {
		return false
	}
	if predeclared[name] {
		return c.objs[name] == nil
	}
	o := c.objs[name]
	return o != nil && o.kind == objType
}

var quantKinds = map[string]QuantKind{"all": QuantAll, "any": QuantAny, "count": QuantCount}

// quant checks all/any/count x, y in D, z in E [where P]: body. Every
// domain is checked before the quantifier's variables are in scope.
func (c *checker) quant(q *parser.Quantifier) Expr {
	at := pos(q.Pos)
	iters := make([]*Iter, len(q.Bindings))
	ok := true
	for i, b := range q.Bindings {
		iters[i] = c.iter(b.Domain, "quantify over")
		ok = ok && iters[i] != nil
	}
	c.body.push()
	defer c.body.pop()
	out := &Quant{exprBase: exprBase{P: at, T: Bool}, Kind: quantKinds[q.Kind]}
	if out.Kind == QuantCount {
		out.T = Int
	}
	for i, b := range q.Bindings {
		vt := invalid
		if iters[i] != nil {
			vt = iters[i].Type
		}
		for _, id := range b.Vars {
			v := c.body.newLocal(id.Name, pos(id.Pos), vt, LocalLoop)
			out.Binders = append(out.Binders, &Binder{Var: v, Over: iters[i]})
		}
	}
	if q.Where != nil {
		out.Where = c.expr(q.Where, Bool)
		c.boolCond(out.Where, "where clause")
	}
	out.Body = c.expr(q.Body, Bool)
	c.boolCond(out.Body, q.Kind+" quantifier")
	if !ok {
		return badExpr(at)
	}
	return out
}
