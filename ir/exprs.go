package ir

import (
	"strings"

	"github.com/rspec/rspec/parser"
)

// bad is the result of an erroneous expression; it has type invalid and
// never reaches a Spec that Check accepts.
type bad struct{ exprBase }

func badExpr(p Pos) Expr { return &bad{exprBase{P: p, T: invalid}} }

// text returns the source text from start up to end, for messages.
func (c *checker) text(start, end lexerPosition) string {
	src := c.file.Source
	if start.Offset < 0 || end.Offset > len(src) || start.Offset >= end.Offset {
		if start.Offset >= 0 && start.Offset < len(src) {
			end.Offset = start.Offset + 1
			return c.text(start, end)
		}
		return "expression"
	}
	s := strings.Join(strings.Fields(string(src[start.Offset:end.Offset])), " ")
	if len(s) > 60 {
		s = s[:57] + "..."
	}
	return s
}

// expr checks an expression. want, when not nil, is the type the context
// expects: literals whose type is open (none, {}, [], some(x), [x in D: e])
// take it; the caller still checks that the result fits.
func (c *checker) expr(e *parser.Expr, want *Type) Expr {
	if e.Implies == nil {
		return c.or(e.Left, want)
	}
	x := c.or(e.Left, Bool)
	y := c.expr(e.Implies.Right, Bool)
	return c.logic(OpImplies, e.Implies.Pos, c.text(e.Pos, e.EndPos), "=>", x, y)
}

// logic builds a boolean operator, reporting non-boolean operands.
func (c *checker) logic(op Op, at lexerPosition, text, sym string, x, y Expr) Expr {
	for _, o := range []Expr{x, y} {
		if t := o.Type(); t != invalid && t.Kind != KindBool {
			c.errorf(pos(at), "invalid operation: %s (operator %s not defined on %s)", text, sym, t)
			break
		}
	}
	return &Binary{exprBase{P: pos(at), T: Bool}, op, x, y}
}

func (c *checker) or(e *parser.OrExpr, want *Type) Expr {
	if len(e.Rest) == 0 {
		return c.and(e.Left, want)
	}
	x := c.and(e.Left, Bool)
	for _, t := range e.Rest {
		y := c.and(t.Right, Bool)
		x = c.logic(OpOr, t.Pos, c.text(e.Pos, t.EndPos), "||", x, y)
	}
	return x
}

func (c *checker) and(e *parser.AndExpr, want *Type) Expr {
	if len(e.Rest) == 0 {
		return c.cmp(e.Left, want)
	}
	x := c.cmp(e.Left, Bool)
	for _, t := range e.Rest {
		y := c.cmp(t.Right, Bool)
		x = c.logic(OpAnd, t.Pos, c.text(e.Pos, t.EndPos), "&&", x, y)
	}
	return x
}

var cmpOps = map[string]Op{"==": OpEq, "!=": OpNe, "<": OpLt, "<=": OpLe, ">": OpGt, ">=": OpGe, "in": OpIn}

func (c *checker) cmp(e *parser.CmpExpr, want *Type) Expr {
	if e.Rest == nil {
		return c.rng(e.Left, want)
	}
	at, text, op := pos(e.Rest.Pos), c.text(e.Pos, e.EndPos), cmpOps[e.Rest.Op]
	x := c.rng(e.Left, nil)
	var y Expr
	switch op {
	case OpIn:
		var hint *Type
		if t := x.Type(); t != invalid && !isUntyped(t) {
			hint = &Type{Kind: KindSet, Elem: t}
		}
		y = c.rng(e.Rest.Right, hint)
		c.membership(at, text, x, y)
	case OpEq, OpNe:
		y = c.rng(e.Rest.Right, x.Type())
		c.equality(at, text, x, y)
	default:
		y = c.rng(e.Rest.Right, nil)
		c.ordered(at, text, e.Rest.Op, x, y)
	}
	return &Binary{exprBase{P: at, T: Bool}, op, x, y}
}

// equality checks the operands of == and !=, typing an untyped operand
// from the other.
func (c *checker) equality(at Pos, text string, x, y Expr) {
	a, b := x.Type(), y.Type()
	switch {
	case a == invalid || b == invalid:
	case isUntyped(a) && isUntyped(b):
		c.errorf(at, "invalid operation: %s (cannot infer the types of the operands)", text)
	case isUntyped(a) && assignable(a, b):
		setUntyped(x, b)
	case isUntyped(b) && assignable(b, a):
		setUntyped(y, a)
	case !comparableTypes(a, b):
		c.errorf(at, "invalid operation: %s (mismatched types %s and %s)", text, a, b)
	}
}

// ordered checks the operands of < <= > >=: integers, not symmetric.
func (c *checker) ordered(at Pos, text, sym string, x, y Expr) {
	a, b := x.Type(), y.Type()
	switch {
	case a == invalid || b == invalid:
	case a.Symmetric || b.Symmetric:
		sym := a
		if !a.Symmetric {
			sym = b
		}
		c.errorf(at, "invalid operation: %s (cannot order symmetric %s)", text, sym)
	case a.IsInteger() && b.IsInteger():
	case a.IsInteger() || b.IsInteger() || !Identical(a, b):
		c.errorf(at, "invalid operation: %s (mismatched types %s and %s)", text, a, b)
	default:
		c.errorf(at, "invalid operation: %s (operator %s not defined on %s)", text, sym, a)
	}
}

// membership checks x in s.
func (c *checker) membership(at Pos, text string, x, s Expr) {
	a, b := x.Type(), s.Type()
	switch {
	case a == invalid || b == invalid:
	case b.Kind != KindSet:
		c.errorf(at, "invalid operation: %s (%s is not a set)", text, b)
	case isUntyped(a):
		c.errorf(at, "invalid operation: %s (cannot infer the type of %s)", text, a)
	case isUntyped(b):
		setUntyped(s, &Type{Kind: KindSet, Elem: a})
	case !assignable(a, b.Elem):
		c.errorf(at, "invalid operation: %s (mismatched types %s and %s)", text, a, b)
	}
}

func (c *checker) rng(e *parser.RangeExpr, want *Type) Expr {
	if e.Rest == nil {
		return c.add(e.Lo, want)
	}
	c.errorf(pos(e.Rest.Pos), "range %s is only allowed as an iteration domain", c.text(e.Pos, e.EndPos))
	c.add(e.Lo, nil)
	c.add(e.Rest.Hi, nil)
	return badExpr(pos(e.Rest.Pos))
}

var arithOps = map[string]Op{"+": OpAdd, "-": OpSub, "*": OpMul, "/": OpDiv, "%": OpMod}

func (c *checker) add(e *parser.AddExpr, want *Type) Expr {
	if len(e.Rest) == 0 {
		return c.mul(e.Left, want)
	}
	x := c.mul(e.Left, nil)
	for _, t := range e.Rest {
		y := c.mul(t.Right, nil)
		x = c.arith(pos(t.Pos), c.text(e.Pos, t.EndPos), t.Op, x, y)
	}
	return x
}

func (c *checker) mul(e *parser.MulExpr, want *Type) Expr {
	if len(e.Rest) == 0 {
		return c.unary(e.Left, want)
	}
	x := c.unary(e.Left, nil)
	for _, t := range e.Rest {
		y := c.unary(t.Right, nil)
		x = c.arith(pos(t.Pos), c.text(e.Pos, t.EndPos), t.Op, x, y)
	}
	return x
}

// arith builds an arithmetic operator; the result is an int.
func (c *checker) arith(at Pos, text, sym string, x, y Expr) Expr {
	a, b := x.Type(), y.Type()
	t := invalid
	switch {
	case a == invalid || b == invalid:
	case a.Symmetric:
		c.errorf(at, "cannot use symmetric %s in arithmetic", a)
	case b.Symmetric:
		c.errorf(at, "cannot use symmetric %s in arithmetic", b)
	case a.IsInteger() && b.IsInteger():
		t = Int
	case Identical(a, b):
		c.errorf(at, "invalid operation: %s (operator %s not defined on %s)", text, sym, a)
	default:
		c.errorf(at, "invalid operation: %s (mismatched types %s and %s)", text, a, b)
	}
	return &Binary{exprBase{P: at, T: t}, arithOps[sym], x, y}
}

func (c *checker) unary(e *parser.UnaryExpr, want *Type) Expr {
	if e.Postfix != nil {
		return c.postfix(e.Postfix, want)
	}
	at := pos(e.Pos)
	if e.Op == "!" {
		x := c.unary(e.X, Bool)
		if t := x.Type(); t != invalid && t.Kind != KindBool {
			c.errorf(at, "invalid operation: operator ! not defined on %s (%s)", c.text(e.X.Pos, e.X.EndPos), t)
		}
		return &Unary{exprBase{P: at, T: Bool}, OpNot, x}
	}
	x := c.unary(e.X, nil)
	rt := invalid
	switch t := x.Type(); {
	case t == invalid:
	case t.Symmetric:
		c.errorf(at, "cannot use symmetric %s in arithmetic", t)
	case !t.IsInteger():
		c.errorf(at, "invalid operation: operator - not defined on %s (%s)", c.text(e.X.Pos, e.X.EndPos), t)
	default:
		rt = Int
	}
	return &Unary{exprBase{P: at, T: rt}, OpNeg, x}
}
