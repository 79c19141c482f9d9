package ir

import (
	"math"
	"sort"

	"github.com/rspec/rspec/parser"
)

// constVal is the value of a constant expression.
type constVal struct {
	v      int64
	isBool bool
}

// evalConsts evaluates the constants in declaration order, each from the
// constants before it, applying the overrides.
func (c *checker) evalConsts() {
	for name := range c.overrides {
		if o := c.objs[name]; o == nil || o.kind != objConst {
			c.errorf(Pos{File: c.file.Name}, "cannot override undefined constant %s", name)
		}
	}
	for _, o := range c.order {
		if o.kind != objConst || c.objs[o.name] != o {
			continue
		}
		k := o.konst
		val, ok := c.constExpr(o.decl.Const.Value)
		k.Type, k.Value = Int, val.v
		if val.isBool {
			k.Type = Bool
		}
		if ov, set := c.overrides[k.Name]; set {
			if k.Type == Bool && ov != 0 && ov != 1 {
				c.errorf(k.Pos, "cannot override bool constant %s with %d (want 0 or 1)", k.Name, ov)
			}
			k.Value, k.Overridden = ov, true
		}
		if !ok && !k.Overridden {
			k.Type = nil // unknown: uses report nothing more
		}
		c.spec.Consts = append(c.spec.Consts, k)
	}
	c.spec.Hash = specHash(c.spec.Source, c.spec.Consts)
}

// intConst evaluates an integer constant expression, reporting a bool.
func (c *checker) intConst(e *parser.Expr) (int64, bool) {
	v, ok := c.constExpr(e)
	if ok && v.isBool {
		c.errorf(pos(e.Pos), "%s (bool constant) is not an integer", c.text(e.Pos, e.EndPos))
		return 0, false
	}
	return v.v, ok
}

// boolConst evaluates a bool constant expression.
func (c *checker) boolConst(e *parser.Expr, what string) bool {
	v, ok := c.constExpr(e)
	if ok && !v.isBool {
		c.errorf(pos(e.Pos), "%s %s is not a bool", what, c.text(e.Pos, e.EndPos))
		return false
	}
	return ok && v.v != 0
}

// constExpr evaluates a constant expression: literals, constants declared
// before, arithmetic, comparison, logic, if-then-else, min and max.
func (c *checker) constExpr(e *parser.Expr) (constVal, bool) {
	ev := &constEval{c: c}
	v := ev.expr(e)
	return v, !ev.failed
}

// constEval evaluates one constant expression; it reports the first error
// only.
type constEval struct {
	c      *checker
	failed bool
}

func (ev *constEval) fail(p lexerPosition, format string, args ...any) constVal {
	if !ev.failed {
		ev.c.errorf(pos(p), format, args...)
	}
	ev.failed = true
	return constVal{}
}

func (ev *constEval) expr(e *parser.Expr) constVal {
	x := ev.or(e.Left)
	if e.Implies == nil {
		return x
	}
	if !x.v2b() {
		ev.expr(e.Implies.Right)
		return constVal{1, true}
	}
	return ev.wantBool(e.Implies.Pos, ev.expr(e.Implies.Right))
}

func (v constVal) v2b() bool { return v.v != 0 }

func (ev *constEval) wantBool(p lexerPosition, v constVal) constVal {
	if !v.isBool {
		return ev.fail(p, "non-boolean operand in constant expression")
	}
	return v
}

func (ev *constEval) wantInt(p lexerPosition, v constVal) constVal {
	if v.isBool {
		return ev.fail(p, "bool operand in integer constant expression")
	}
	return v
}

func (ev *constEval) or(e *parser.OrExpr) constVal {
	x := ev.and(e.Left)
	for _, t := range e.Rest {
		y := ev.wantBool(t.Pos, ev.and(t.Right))
		x = constVal{b2i(ev.wantBool(t.Pos, x).v2b() || y.v2b()), true}
	}
	return x
}

func (ev *constEval) and(e *parser.AndExpr) constVal {
	x := ev.cmp(e.Left)
	for _, t := range e.Rest {
		y := ev.wantBool(t.Pos, ev.cmp(t.Right))
		x = constVal{b2i(ev.wantBool(t.Pos, x).v2b() && y.v2b()), true}
	}
	return x
}

func (ev *constEval) cmp(e *parser.CmpExpr) constVal {
	x := ev.rng(e.Left)
	if e.Rest == nil {
		return x
	}
	y := ev.rng(e.Rest.Right)
	var r bool
	switch e.Rest.Op {
	case "==", "!=":
		if x.isBool != y.isBool {
			return ev.fail(e.Rest.Pos, "mismatched types in constant comparison")
		}
		r = (x.v == y.v) == (e.Rest.Op == "==")
	case "in":
		return ev.fail(e.Rest.Pos, "operator in is not constant")
	default:
		a, b := ev.wantInt(e.Rest.Pos, x).v, ev.wantInt(e.Rest.Pos, y).v
		r = map[string]bool{"<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b}[e.Rest.Op]
	}
	return constVal{b2i(r), true}
}

func (ev *constEval) rng(e *parser.RangeExpr) constVal {
	if e.Rest != nil {
		return ev.fail(e.Rest.Pos, "range %s is not a constant", ev.c.text(e.Pos, e.EndPos))
	}
	return ev.add(e.Lo)
}

func (ev *constEval) add(e *parser.AddExpr) constVal {
	x := ev.mul(e.Left)
	for _, t := range e.Rest {
		a := ev.wantInt(t.Pos, x).v
		b := ev.wantInt(t.Pos, ev.mul(t.Right)).v
		x = ev.arith(t.Pos, t.Op, a, b)
	}
	return x
}

func (ev *constEval) mul(e *parser.MulExpr) constVal {
	x := ev.unary(e.Left)
	for _, t := range e.Rest {
		a := ev.wantInt(t.Pos, x).v
		b := ev.wantInt(t.Pos, ev.unary(t.Right)).v
		x = ev.arith(t.Pos, t.Op, a, b)
	}
	return x
}

// arith applies an integer operator, reporting overflow and division by zero.
func (ev *constEval) arith(p lexerPosition, op string, a, b int64) constVal {
	if ev.failed {
		return constVal{}
	}
	v, err := arith(op, a, b)
	if err != "" {
		return ev.fail(p, "%s", err)
	}
	return constVal{v: v}
}

// arith computes a op b exactly, or says why it cannot.
func arith(op string, a, b int64) (int64, string) {
	switch op {
	case "+":
		if b > 0 && a > math.MaxInt64-b || b < 0 && a < math.MinInt64-b {
			return 0, "constant overflow"
		}
		return a + b, ""
	case "-":
		if b < 0 && a > math.MaxInt64+b || b > 0 && a < math.MinInt64+b {
			return 0, "constant overflow"
		}
		return a - b, ""
	case "*":
		v := a * b
		if a != 0 && (v/a != b || a == -1 && b == math.MinInt64 || b == -1 && a == math.MinInt64) {
			return 0, "constant overflow"
		}
		return v, ""
	}
	if b == 0 {
		return 0, "division by zero"
	}
	if a == math.MinInt64 && b == -1 {
		return 0, "constant overflow"
	}
	if op == "/" {
		return a / b, ""
	}
	return a % b, ""
}

func (ev *constEval) unary(e *parser.UnaryExpr) constVal {
	if e.Postfix != nil {
		return ev.postfix(e.Postfix)
	}
	x := ev.unary(e.X)
	if e.Op == "!" {
		return constVal{b2i(!ev.wantBool(e.Pos, x).v2b()), true}
	}
	return ev.arith(e.Pos, "-", 0, ev.wantInt(e.Pos, x).v)
}

func (ev *constEval) postfix(e *parser.PostfixExpr) constVal {
	if len(e.Suffixes) > 0 {
		return ev.fail(e.Suffixes[0].Pos, "%s is not constant", ev.c.text(e.Pos, e.Suffixes[0].Pos))
	}
	p := e.Primary
	switch {
	case p.Int != "":
		return constVal{v: p.Value}
	case p.Bool != "":
		return constVal{b2i(p.Bool == "true"), true}
	case p.Paren != nil:
		return ev.expr(p.Paren)
	case p.Cond != nil:
		cond := ev.wantBool(p.Cond.Cond.Pos, ev.expr(p.Cond.Cond))
		a, b := ev.expr(p.Cond.Then), ev.expr(p.Cond.Else)
		if a.isBool != b.isBool {
			return ev.fail(p.Pos, "mismatched types in constant if-then-else")
		}
		if cond.v2b() {
			return a
		}
		return b
	case p.Name != nil:
		return ev.name(p.Name)
	}
	return ev.fail(p.Pos, "expression is not constant")
}

func (ev *constEval) name(n *parser.NameExpr) constVal {
	id := n.Name
	if n.Call != nil && (id.Name == "min" || id.Name == "max") && len(n.Call.Args) == 2 {
		if ev.c.objs[id.Name] == nil {
			a := ev.wantInt(n.Pos, ev.expr(n.Call.Args[0])).v
			b := ev.wantInt(n.Pos, ev.expr(n.Call.Args[1])).v
			if (id.Name == "min") == (a < b) {
				return constVal{v: a}
			}
			return constVal{v: b}
		}
	}
	o := ev.c.objs[id.Name]
	switch {
	case n.Call != nil || n.Fields != nil:
		return ev.fail(n.Pos, "%s is not constant", ev.c.text(n.Pos, n.Pos))
	case o == nil:
		return ev.fail(id.Pos, "undefined: %s", id.Name)
	case o.kind != objConst:
		return ev.fail(id.Pos, "%s is not constant", id.Name)
	case o.konst.Type == nil && !ev.declaredBefore(o):
		return ev.fail(id.Pos, "constant %s used before its declaration", id.Name)
	case o.konst.Type == nil:
		ev.failed = true // already reported at its declaration
		return constVal{}
	}
	return constVal{o.konst.Value, o.konst.Type == Bool}
}

// declaredBefore reports whether constant o has been evaluated already.
func (ev *constEval) declaredBefore(o *object) bool {
	for _, k := range ev.c.spec.Consts {
		if k == o.konst {
			return true
		}
	}
	return false
}

func b2i(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

// specHash is the hex SHA-256 of the source and the constant values.
func specHash(src []byte, consts []*Const) string {
	ks := append([]*Const(nil), consts...)
	sort.Slice(ks, func(i, j int) bool { return ks[i].Name < ks[j].Name })
	return hashSource(src, ks)
}
