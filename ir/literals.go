package ir

import "github.com/rspec/rspec/parser"

// elems checks the elements of a set or seq literal. With a context type
// (h, of the right kind) every element is checked against its element type;
// otherwise the first element decides it.
func (c *checker) elems(es []*parser.Expr, h *Type, what string) ([]Expr, *Type) {
	var elem *Type
	if h != nil {
		elem = h.Elem
	}
	var out []Expr
	for _, e := range es {
		x := c.expr(e, elem)
		if elem == nil {
			x = c.settle(x, what)
			elem = x.Type()
		} else {
			x = c.use(x, elem, what)
		}
		out = append(out, x)
	}
	return out, elem
}

// setLit checks {a, b, ...}; {} takes its type from the context.
func (c *checker) setLit(s *parser.SetLit, want *Type) Expr {
	at := pos(s.Pos)
	h := hint(want, KindSet)
	if len(s.Elems) == 0 {
		if h != nil {
			return &SetLit{exprBase: exprBase{P: at, T: h}}
		}
		return &SetLit{exprBase: exprBase{P: at, T: untypedSet}}
	}
	xs, elem := c.elems(s.Elems, h, "set literal")
	t := h
	if t == nil {
		t = &Type{Kind: KindSet, Elem: elem}
		if elem != invalid && !elem.Finite() {
			c.errorf(at, "invalid set element type %s (must be finite)", elem)
			t = invalid
		}
	}
	return &SetLit{exprBase{P: at, T: t}, xs}
}

// seqLit checks [a, b, ...]; [] takes its type from the context.
func (c *checker) seqLit(s *parser.SeqLit, want *Type) Expr {
	at := pos(s.Pos)
	h := hint(want, KindSeq)
	if len(s.Elems) == 0 {
		if h != nil {
			return &SeqLit{exprBase: exprBase{P: at, T: h}}
		}
		return &SeqLit{exprBase: exprBase{P: at, T: untypedSeq}}
	}
	xs, elem := c.elems(s.Elems, h, "seq literal")
	t := h
	if t == nil {
		t = &Type{Kind: KindSeq, Elem: elem}
	}
	return &SeqLit{exprBase{P: at, T: t}, xs}
}

// mapComp checks [x in D: e], a map over the finite type D.
func (c *checker) mapComp(s *parser.SeqLit, want *Type) Expr {
	at := pos(s.Pos)
	id, dom, _ := s.Elems[0].Membership()
	it := c.iter(dom.Wrap(), "quantify over")
	if it == nil {
		c.body.push()
		c.body.newLocal(id.Name, pos(id.Pos), invalid, LocalLoop)
		c.expr(s.Body, nil)
		c.body.pop()
		return badExpr(at)
	}
	if it.Kind == IterRange {
		it = c.constRangeIter(it)
	}
	if it.Kind != IterType {
		c.errorf(pos(dom.Pos), "map comprehension domain must be a finite type or a constant range")
		it = &Iter{Kind: IterType, Type: invalid}
	}
	h := hint(want, KindMap)
	if h != nil && !Identical(h.Key, it.Type) {
		h = nil
	}
	c.body.push()
	v := c.body.newLocal(id.Name, pos(id.Pos), it.Type, LocalLoop)
	var elem *Type
	if h != nil {
		elem = h.Elem
	}
	body := c.expr(s.Body, elem)
	c.body.pop()
	t := h
	if h != nil {
		body = c.use(body, h.Elem, "map comprehension")
	} else {
		body = c.settle(body, "map comprehension")
		t = &Type{Kind: KindMap, Key: it.Type, Elem: body.Type()}
	}
	return &MapComp{exprBase{P: at, T: t}, v, it, body}
}

// constRangeIter turns a range with constant bounds into iteration over
// the unnamed range type lo..hi.
func (c *checker) constRangeIter(it *Iter) *Iter {
	lo, ok1 := it.Lo.(*IntLit)
	hi, ok2 := it.Hi.(*IntLit)
	if !ok1 || !ok2 || lo.Value > hi.Value {
		return it
	}
	t := &Type{Kind: KindRange, Lo: lo.Value, Hi: hi.Value}
	return &Iter{Kind: IterType, Type: t}
}

// recordLit checks Name{f: e, ...}: every field exactly once.
func (c *checker) recordLit(n *parser.NameExpr) Expr {
	at := pos(n.Name.Pos)
	t := c.typeByName(n.Name)
	if t != invalid && t.Kind != KindRecord {
		c.errorf(at, "invalid composite literal type %s", t)
		t = invalid
	}
	if t == invalid {
		for _, f := range n.Fields {
			c.expr(f.Value, nil)
		}
		return badExpr(at)
	}
	r := t.Record
	vals := make([]Expr, len(r.Fields))
	for _, fi := range n.Fields {
		f := r.FieldByName(fi.Name.Name)
		if f == nil {
			c.errorf(pos(fi.Name.Pos), "unknown field %s in %s literal", fi.Name.Name, r.Name)
			c.expr(fi.Value, nil)
			continue
		}
		x := c.use(c.expr(fi.Value, f.Type), f.Type, "field "+f.Name+" of "+r.Name+" literal")
		if vals[f.Index] != nil {
			c.errorf(pos(fi.Name.Pos), "duplicate field %s in %s literal", f.Name, r.Name)
		}
		vals[f.Index] = x
	}
	for i, f := range r.Fields {
		if vals[i] == nil {
			c.errorf(at, "missing field %s in %s literal", f.Name, r.Name)
			vals[i] = badExpr(at)
		}
	}
	return &RecordLit{exprBase{P: at, T: t}, r, vals}
}
