package ir

import "github.com/rspec/rspec/parser"

// name checks a name, a call or a record literal.
func (c *checker) name(n *parser.NameExpr, want *Type) Expr {
	switch {
	case n.Call != nil:
		return c.call(n, want)
	case n.Fields != nil:
		return c.recordLit(n)
	}
	id := n.Name
	at := pos(id.Pos)
	if l := c.body.lookup(id.Name); l != nil {
		return &LocalRef{exprBase{P: at, T: l.Type}, l}
	}
	o := c.objs[id.Name]
	if o == nil {
		switch {
		case builtins[id.Name] != 0:
			c.errorf(at, "%s (built-in function) must be called", id.Name)
		case predeclared[id.Name]:
			c.errorf(at, "%s (type) is not an expression", id.Name)
		default:
			c.errorf(at, "undefined: %s", id.Name)
		}
		return badExpr(at)
	}
	switch o.kind {
	case objConst:
		return c.constRef(o.konst, at)
	case objMember:
		return &EnumLit{exprBase{P: at, T: o.member.Enum.Type}, o.member}
	case objVar:
		return c.readVar(o.v, at)
	case objType:
		if t := c.typeByName(id); t.Kind == KindRecord && len(t.Record.Fields) == 0 {
			return &RecordLit{exprBase{P: at, T: t}, t.Record, nil} // a message or record without fields
		}
		c.errorf(at, "%s (type) is not an expression", id.Name)
	case objFunc:
		c.errorf(at, "%s (function) must be called", id.Name)
	default:
		c.errorf(at, "%s (%s) is not a value", id.Name, kindWord[o.kind])
	}
	return badExpr(at)
}

var kindWord = map[objKind]string{
	objConst: "constant", objType: "type", objMember: "enum member", objVar: "variable",
	objFunc: "function", objProc: "procedure", objAction: "action", objProp: "property",
}

// constRef is a use of a constant, folded to its value.
func (c *checker) constRef(k *Const, at Pos) Expr {
	switch k.Type {
	case nil:
		return badExpr(at) // its declaration has an error
	case Bool:
		return &BoolLit{exprBase: exprBase{P: at, T: Bool}, Value: k.Value != 0, Const: k}
	}
	return &IntLit{exprBase: exprBase{P: at, T: Int}, Value: k.Value, Const: k}
}

// readVar is a read of state variable v, subject to what the body may read.
func (c *checker) readVar(v *Var, at Pos) Expr {
	b := c.body
	switch {
	case b.kind == bodyInit:
		c.errorf(at, "initial value cannot read state variable %s", v.Name)
	case b.kind == bodyFunc:
		fi := c.funcs[b.fn]
		if v.Ghost && fi.ghostRead == nil {
			fi.ghostRead = v
		}
		if fi.stateRead == nil {
			fi.stateRead = v
		}
	case v.Ghost && !b.ghostOK:
		c.errorf(at, "ghost variable %s read outside a property", v.Name)
	}
	return &VarRef{exprBase{P: at, T: v.Type}, v, false}
}

// call checks a call of a function or a built-in.
func (c *checker) call(n *parser.NameExpr, want *Type) Expr {
	id := n.Name
	at := pos(id.Pos)
	if l := c.body.lookup(id.Name); l != nil {
		c.errorf(at, "invalid operation: cannot call non-function %s (%s)", id.Name, l.Type)
		c.exprs(n.Call.Args)
		return badExpr(at)
	}
	o := c.objs[id.Name]
	switch {
	case o == nil && builtins[id.Name] != 0:
		return c.builtin(builtins[id.Name], n, want)
	case o == nil:
		c.errorf(at, "undefined: %s", id.Name)
	case o.kind == objFunc:
		return c.funcCall(o.fn, n)
	case o.kind == objProc:
		c.errorf(at, "%s is a procedure: call it as a statement", id.Name)
	default:
		c.errorf(at, "invalid operation: cannot call non-function %s (%s)", id.Name, kindWord[o.kind])
	}
	c.exprs(n.Call.Args)
	return badExpr(at)
}

// exprs checks expressions whose use is already known to be wrong, for the
// errors inside them.
func (c *checker) exprs(es []*parser.Expr) {
	for _, e := range es {
		c.expr(e, nil)
	}
}

// args checks the arguments of a call against the parameters.
func (c *checker) args(name string, at Pos, params []*Local, args []*parser.Expr) []Expr {
	var out []Expr
	for i, a := range args {
		var want *Type
		if i < len(params) {
			want = params[i].Type
		}
		x := c.expr(a, want)
		if want != nil {
			x = c.use(x, want, "argument to "+name)
		}
		out = append(out, x)
	}
	if len(args) != len(params) {
		have := make([]*Type, len(out))
		for i, x := range out {
			have[i] = x.Type()
		}
		ws := make([]*Type, len(params))
		for i, p := range params {
			ws[i] = p.Type
		}
		what := "not enough"
		if len(args) > len(params) {
			what = "too many"
		}
		c.errorf(at, "%s arguments in call to %s (have (%s), want (%s))", what, name, typeList(have), typeList(ws))
	}
	return out
}

func (c *checker) funcCall(f *Func, n *parser.NameExpr) Expr {
	at := pos(n.Name.Pos)
	args := c.args(f.Name, at, f.Params, n.Call.Args)
	b := c.body
	if b.kind == bodyFunc {
		fi := c.funcs[b.fn]
		fi.calls = append(fi.calls, f)
	} else {
		c.callSites = append(c.callSites, callSite{pos: at, fn: f,
			ghostOK: b.ghostOK || b.kind == bodyProp, stateOK: b.kind != bodyInit})
	}
	return &Call{exprBase{P: at, T: f.Result}, f, args}
}
