package parser

// Ident returns the identifier when e is nothing but a name.
func (e *Expr) Ident() (*Ident, bool) {
	if e == nil || e.Implies != nil {
		return nil, false
	}
	return e.Left.Ident()
}

// Ident returns the identifier when e is nothing but a name.
func (e *OrExpr) Ident() (*Ident, bool) {
	if e == nil || len(e.Rest) > 0 {
		return nil, false
	}
	return e.Left.Ident()
}

// Ident returns the identifier when e is nothing but a name.
func (e *AndExpr) Ident() (*Ident, bool) {
	if e == nil || len(e.Rest) > 0 {
		return nil, false
	}
	return e.Left.Ident()
}

// Ident returns the identifier when e is nothing but a name.
func (e *CmpExpr) Ident() (*Ident, bool) {
	if e == nil || e.Rest != nil {
		return nil, false
	}
	return e.Left.Ident()
}

// Ident returns the identifier when e is nothing but a name.
func (e *RangeExpr) Ident() (*Ident, bool) {
	if e == nil || e.Rest != nil {
		return nil, false
	}
	return e.Lo.Ident()
}

// Ident returns the identifier when e is nothing but a name.
func (e *AddExpr) Ident() (*Ident, bool) {
	if e == nil || len(e.Rest) > 0 {
		return nil, false
	}
	return e.Left.Ident()
}

// Ident returns the identifier when e is nothing but a name.
func (e *MulExpr) Ident() (*Ident, bool) {
	if e == nil || len(e.Rest) > 0 {
		return nil, false
	}
	return e.Left.Ident()
}

// Ident returns the identifier when e is nothing but a name.
func (e *UnaryExpr) Ident() (*Ident, bool) {
	if e == nil || e.Postfix == nil || len(e.Postfix.Suffixes) > 0 {
		return nil, false
	}
	p := e.Postfix.Primary
	if p == nil || p.Name == nil || p.Name.Call != nil || p.Name.Fields != nil {
		return nil, false
	}
	return p.Name.Name, true
}

// Membership returns x and D when e is nothing but `x in D`, the head of a
// map comprehension.
func (e *Expr) Membership() (*Ident, *RangeExpr, bool) {
	if e == nil || e.Implies != nil || len(e.Left.Rest) > 0 || len(e.Left.Left.Rest) > 0 {
		return nil, nil, false
	}
	c := e.Left.Left.Left
	if c.Rest == nil || c.Rest.Op != "in" {
		return nil, nil, false
	}
	id, ok := c.Left.Ident()
	if !ok {
		return nil, nil, false
	}
	return id, c.Rest.Right, true
}

// Range returns the bounds when e is nothing but lo..hi.
func (e *Expr) Range() (lo, hi *AddExpr, ok bool) {
	if e == nil || e.Implies != nil || len(e.Left.Rest) > 0 || len(e.Left.Left.Rest) > 0 || e.Left.Left.Left.Rest != nil {
		return nil, nil, false
	}
	r := e.Left.Left.Left.Left
	if r.Rest == nil {
		return nil, nil, false
	}
	return r.Lo, r.Rest.Hi, true
}

// Wrap returns r as a full expression.
func (r *RangeExpr) Wrap() *Expr {
	return &Expr{Pos: r.Pos, EndPos: r.EndPos, Left: &OrExpr{Pos: r.Pos, EndPos: r.EndPos,
		Left: &AndExpr{Pos: r.Pos, EndPos: r.EndPos, Left: &CmpExpr{Pos: r.Pos, EndPos: r.EndPos, Left: r}}}}
}

// Wrap returns a as a full expression.
func (a *AddExpr) Wrap() *Expr {
	return (&RangeExpr{Pos: a.Pos, EndPos: a.EndPos, Lo: a}).Wrap()
}
