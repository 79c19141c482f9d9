package ir

import "github.com/rspec/rspec/parser"

// builtins maps the names of the built-in functions.
var builtins = map[string]Builtin{
	"len": BuiltinLen, "append": BuiltinAppend, "concat": BuiltinConcat,
	"last": BuiltinLast, "prefix": BuiltinPrefix, "add": BuiltinAdd,
	"remove": BuiltinRemove, "union": BuiltinUnion, "inter": BuiltinInter,
	"diff": BuiltinDiff, "min": BuiltinMin, "max": BuiltinMax,
	"some": BuiltinSome, "get": BuiltinGet,
}

// builtinArity is the number of arguments of each built-in.
var builtinArity = map[Builtin]int{
	BuiltinLen: 1, BuiltinAppend: 2, BuiltinConcat: 2, BuiltinLast: 1,
	BuiltinPrefix: 2, BuiltinAdd: 2, BuiltinRemove: 2, BuiltinUnion: 2,
	BuiltinInter: 2, BuiltinDiff: 2, BuiltinMin: 2, BuiltinMax: 2,
	BuiltinSome: 1, BuiltinGet: 1,
}

// builtin checks a call of a built-in function.
func (c *checker) builtin(bi Builtin, n *parser.NameExpr, want *Type) Expr {
	name, at, args := n.Name.Name, pos(n.Name.Pos), n.Call.Args
	if want := builtinArity[bi]; len(args) != want {
		what := "not enough"
		if len(args) > want {
			what = "too many"
		}
		c.errorf(at, "%s arguments in call to %s (have %d, want %d)", what, name, len(args), want)
		c.exprs(args)
		return badExpr(at)
	}
	bc := &BuiltinCall{exprBase: exprBase{P: at, T: invalid}, Builtin: bi}
	switch bi {
	case BuiltinLen:
		x := c.settle(c.expr(args[0], nil), "argument to len")
		if t := x.Type(); t != invalid && t.Kind != KindSeq && t.Kind != KindSet {
			c.errorf(x.Position(), "invalid argument: %s for built-in len (not a seq or set)", t)
		}
		bc.Args, bc.T = []Expr{x}, Int
	case BuiltinAppend, BuiltinConcat, BuiltinPrefix:
		bc.Args, bc.T = c.seqArgs(bi, name, args, want)
	case BuiltinAdd, BuiltinRemove, BuiltinUnion, BuiltinInter, BuiltinDiff:
		bc.Args, bc.T = c.setArgs(bi, name, args, want)
	case BuiltinLast:
		x := c.settle(c.expr(args[0], nil), "argument to last")
		bc.Args, bc.T = []Expr{x}, c.elemOf(x, KindSeq, name)
	case BuiltinGet:
		x := c.settle(c.expr(args[0], nil), "argument to get")
		bc.Args, bc.T = []Expr{x}, c.elemOf(x, KindOption, name)
	case BuiltinMin, BuiltinMax:
		x, y := c.expr(args[0], nil), c.expr(args[1], nil)
		for _, a := range []Expr{x, y} {
			if t := a.Type(); t != invalid && (!t.IsInteger() || t.Symmetric) {
				c.errorf(a.Position(), "invalid argument: %s for built-in %s (not an integer)", t, name)
			}
		}
		bc.Args, bc.T = []Expr{x, y}, Int
	case BuiltinSome:
		bc.Args, bc.T = c.someArg(args[0], want)
	}
	return bc
}

// elemOf returns the element type of x, which must be of the given kind.
func (c *checker) elemOf(x Expr, kind Kind, name string) *Type {
	t := x.Type()
	switch {
	case t == invalid:
		return invalid
	case t.Kind != kind:
		c.errorf(x.Position(), "invalid argument: %s for built-in %s (not %s)", t, name, kindNoun[kind])
		return invalid
	}
	return t.Elem
}

var kindNoun = map[Kind]string{KindSeq: "a seq", KindSet: "a set", KindOption: "an option"}

// someArg checks some(x): the option type comes from the context when it
// expects one, else from x.
func (c *checker) someArg(a *parser.Expr, want *Type) ([]Expr, *Type) {
	if h := hint(want, KindOption); h != nil {
		x := c.use(c.expr(a, h.Elem), h.Elem, "argument to some")
		return []Expr{x}, h
	}
	x := c.settle(c.expr(a, nil), "argument to some")
	if x.Type() == invalid {
		return []Expr{x}, invalid
	}
	return []Expr{x}, &Type{Kind: KindOption, Elem: x.Type()}
}

// collection checks the first argument of a seq or set built-in, which
// gives the call its type; an untyped first argument takes the context's.
func (c *checker) collection(a *parser.Expr, kind Kind, name string, want *Type) Expr {
	x := c.expr(a, hint(want, kind))
	t := x.Type()
	switch {
	case t == invalid:
	case isUntyped(t) && hint(want, kind) != nil:
		setUntyped(x, want)
	case isUntyped(t):
		c.settle(x, "argument to "+name)
	case t.Kind != kind:
		c.errorf(x.Position(), "invalid argument: %s for built-in %s (not %s)", t, name, kindNoun[kind])
		setUntyped(x, invalid)
		return badExpr(x.Position())
	}
	return x
}

// seqArgs checks append(s, x), concat(s, t) and prefix(s, t).
func (c *checker) seqArgs(bi Builtin, name string, args []*parser.Expr, want *Type) ([]Expr, *Type) {
	s := c.collection(args[0], KindSeq, name, want)
	t := s.Type()
	var y Expr
	switch {
	case t == invalid || isUntyped(t):
		y = c.expr(args[1], nil)
		t = invalid
	case bi == BuiltinAppend:
		y = c.use(c.expr(args[1], t.Elem), t.Elem, "argument to append")
	default:
		y = c.use(c.expr(args[1], t), t, "argument to "+name)
	}
	if bi == BuiltinPrefix {
		return []Expr{s, y}, Bool
	}
	return []Expr{s, y}, t
}

// setArgs checks add(s, x), remove(s, x), union, inter and diff.
func (c *checker) setArgs(bi Builtin, name string, args []*parser.Expr, want *Type) ([]Expr, *Type) {
	s := c.collection(args[0], KindSet, name, want)
	t := s.Type()
	var y Expr
	switch {
	case t == invalid || isUntyped(t):
		y = c.expr(args[1], nil)
		t = invalid
	case bi == BuiltinAdd || bi == BuiltinRemove:
		y = c.use(c.expr(args[1], t.Elem), t.Elem, "argument to "+name)
	default:
		y = c.use(c.expr(args[1], t), t, "argument to "+name)
	}
	return []Expr{s, y}, t
}
