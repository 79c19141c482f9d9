package ir

import "github.com/rspec/rspec/parser"

// invalid is the type of an erroneous expression or declaration; checks
// accept it silently so that one mistake is reported once.
var invalid = &Type{Name: "invalid type"}

// resolveTypes resolves the named types in declaration order, then the
// fields of records and messages, then rejects recursive records.
func (c *checker) resolveTypes() {
	for _, o := range c.order {
		if o.kind == objType {
			c.namedType(o)
		}
	}
	for _, r := range c.spec.Records {
		c.resolveFields(r, c.objs[r.Name])
	}
	c.rejectRecursiveRecords()
	for _, f := range c.later {
		f()
	}
	c.later = nil
	for _, o := range c.order {
		if o.kind == objType && o.typ != nil && o.typ.Name == o.name && o.typ.Pos == o.pos {
			c.spec.Types = append(c.spec.Types, o.typ)
		}
	}
}

// namedType resolves the type declared by o.
func (c *checker) namedType(o *object) *Type {
	switch o.state {
	case 2:
		return o.typ
	case 1:
		c.errorf(o.pos, "invalid recursive type %s", o.name)
		o.typ, o.state = invalid, 2
		return invalid
	}
	o.state = 1
	var t *Type
	switch d := o.decl; {
	case d.Domain != nil:
		t = c.rangeType(d.Domain.Lo, d.Domain.Hi, o.pos)
		if t != invalid {
			t.Symmetric, t.Domain = d.Domain.Symmetric, true
		}
	case d.Type != nil:
		t = c.resolveType(d.Type.Type)
	}
	if o.state == 2 { // a cycle through o was reported meanwhile
		return o.typ
	}
	if t != invalid && t.Name == "" {
		t.Name, t.Pos = o.name, o.pos // a new named type; otherwise an alias
	}
	o.typ, o.state = t, 2
	return t
}

// rangeType evaluates lo..hi into a fresh unnamed range type.
func (c *checker) rangeType(lo, hi *parser.AddExpr, at Pos) *Type {
	l, ok1 := c.intConst(lo.Wrap())
	h, ok2 := c.intConst(hi.Wrap())
	if !ok1 || !ok2 {
		return invalid
	}
	if l > h {
		c.errorf(pos(lo.Pos), "empty range %d..%d (lower bound above upper bound)", l, h)
		return invalid
	}
	return &Type{Kind: KindRange, Lo: l, Hi: h}
}

// resolveType resolves a type expression. Structural types are fresh values.
func (c *checker) resolveType(t *parser.Type) *Type {
	switch {
	case t.Map != nil:
		k, e := c.resolveType(t.Map.Key), c.resolveType(t.Map.Elem)
		c.later = append(c.later, func() { c.checkKey(k, pos(t.Map.Key.Pos)) })
		return &Type{Kind: KindMap, Key: k, Elem: e}
	case t.Option != nil:
		return &Type{Kind: KindOption, Elem: c.resolveType(t.Option)}
	case t.Set != nil:
		e := c.resolveType(t.Set)
		c.later = append(c.later, func() { c.checkElem(e, pos(t.Set.Pos)) })
		return &Type{Kind: KindSet, Elem: e}
	case t.Seq != nil:
		s := &Type{Kind: KindSeq, Elem: c.resolveType(t.Seq.Elem)}
		if t.Seq.Bound != nil {
			if n, ok := c.intConst(t.Seq.Bound); ok && n < 1 {
				c.errorf(pos(t.Seq.Bound.Pos), "sequence bound %d must be positive", n)
			} else {
				s.Max = n
			}
		}
		return s
	case t.Named != nil:
		if id, ok := t.Named.Name(); ok {
			return c.typeByName(id)
		}
		return c.rangeType(t.Named.Lo, t.Named.Hi, pos(t.Pos))
	}
	return invalid
}

// typeByName resolves a type name.
func (c *checker) typeByName(id *parser.Ident) *Type {
	switch id.Name {
	case "bool":
		return Bool
	case "int":
		return Int
	}
	o := c.objs[id.Name]
	switch {
	case o == nil:
		c.errorf(pos(id.Pos), "undefined: %s", id.Name)
		return invalid
	case o.kind != objType:
		c.errorf(pos(id.Pos), "%s is not a type", id.Name)
		return invalid
	}
	return c.namedType(o)
}

// scalar reports whether t is a finite type whose values can be enumerated
// in order: bool, an enum, or an integer range (domains included).
func scalar(t *Type) bool {
	return t.Kind == KindBool || t.Kind == KindEnum || t.Kind == KindRange
}

func (c *checker) checkKey(k *Type, at Pos) {
	if k != invalid && !scalar(k) {
		c.errorf(at, "invalid map key type %s (must be bool, an enum or an integer range)", k)
	}
}

func (c *checker) checkElem(e *Type, at Pos) {
	if e != invalid && !e.Finite() {
		c.errorf(at, "invalid set element type %s (must be finite)", e)
	}
}

// resolveFields resolves the fields of r.
func (c *checker) resolveFields(r *Record, o *object) {
	if o == nil || o.decl.Record == nil || o.typ != r.Type {
		o = nil
		for _, x := range c.order {
			if x.kind == objType && x.typ == r.Type {
				o = x
			}
		}
	}
	seen := map[string]bool{}
	for i, p := range o.decl.Record.Fields {
		f := &Field{Name: p.Name.Name, Pos: pos(p.Name.Pos), Index: i, Type: c.resolveType(p.Type)}
		if seen[f.Name] {
			c.errorf(f.Pos, "duplicate field %s in %s %s", f.Name, recordWord(r), r.Name)
		}
		seen[f.Name] = true
		r.Fields = append(r.Fields, f)
	}
}

func recordWord(r *Record) string {
	if r.IsMessage {
		return "message"
	}
	return "record"
}

// rejectRecursiveRecords reports records that contain themselves and cuts
// the cycle, so that later walks over types terminate.
func (c *checker) rejectRecursiveRecords() {
	state := map[*Record]int{}
	var visit func(r *Record) bool
	var walk func(t *Type) bool
	walk = func(t *Type) bool {
		switch {
		case t == nil:
			return false
		case t.Kind == KindRecord:
			return visit(t.Record)
		case t.Kind == KindMap && walk(t.Key):
			return true
		}
		return walk(t.Elem)
	}
	visit = func(r *Record) bool {
		switch state[r] {
		case 1:
			return true
		case 2:
			return false
		}
		state[r] = 1
		for _, f := range r.Fields {
			if walk(f.Type) {
				c.errorf(f.Pos, "invalid recursive type %s", r.Name)
				f.Type = invalid
			}
		}
		state[r] = 2
		return false
	}
	for _, r := range c.spec.Records {
		visit(r)
	}
}
