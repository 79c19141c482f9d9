package codegen

import (
	"github.com/dave/jennifer/jen"

	"github.com/rspec/rspec/ir"
)

// fnCtx describes the generated function whose body is being compiled.
type fnCtx struct {
	st   string    // the state being read and written
	nx   string    // transitions: the state after the step (primed variables)
	x    string    // steps: the exec, which sends go through; "" elsewhere
	node *ir.Local // the `at` node, the sender of sends
	fail jen.Code  // what a failed require returns
}

// Go precedence levels of generated operators; atoms bind tightest.
const (
	precOr   = 1
	precAnd  = 2
	precCmp  = 3
	precAdd  = 4
	precMul  = 5
	precAtom = 6
)

// prec returns the precedence of the Go operator at the top of e's code.
func prec(e ir.Expr) int {
	b, ok := e.(*ir.Binary)
	if !ok {
		return precAtom
	}
	switch b.Op {
	case ir.OpOr, ir.OpImplies:
		return precOr
	case ir.OpAnd:
		return precAnd
	case ir.OpAdd, ir.OpSub:
		return precAdd
	case ir.OpMul:
		return precMul
	case ir.OpDiv, ir.OpMod:
		return precAtom
	}
	return precCmp
}

// operand compiles e for use as an operand of an operator of level min.
func (g *gen) operand(e ir.Expr, min int) *jen.Statement {
	c := g.expr(e)
	switch e.(type) {
	case *ir.RecordLit, *ir.SeqLit:
		// A composite literal as an operand would end the condition
		// of an if or for statement at its brace.
		return jen.Parens(c)
	case *ir.SetLit:
		if isBigSet(e.Type()) {
			return jen.Parens(c)
		}
	}
	if prec(e) < min {
		return jen.Parens(c)
	}
	return c
}

// expr compiles e to a Go expression of its expression form: int for
// integers, the storage form for everything else.
func (g *gen) expr(e ir.Expr) *jen.Statement {
	switch e := e.(type) {
	case *ir.IntLit:
		if e.Type() != nil && e.Type().Kind == ir.KindBool {
			return jen.Lit(e.Value != 0)
		}
		if e.Const != nil && e.Const.GoName != "" && e.Const.Value == e.Value {
			return jen.Id(e.Const.GoName)
		}
		return lit(e.Value)
	case *ir.BoolLit:
		return jen.Lit(e.Value)
	case *ir.EnumLit:
		return jen.Id(e.Member.GoName)
	case *ir.NoneLit:
		return g.storageType(e.Type()).Call(jen.Lit(0))
	case *ir.LocalRef:
		return jen.Id(e.Local.GoName)
	case *ir.VarRef, *ir.Index, *ir.FieldSel:
		return fromStore(g.ref(e), e.Type())
	case *ir.Slice:
		return g.slice(e)
	case *ir.Unary:
		if e.Op == ir.OpNot {
			return jen.Op("!").Add(g.operand(e.X, precAtom))
		}
		return jen.Op("-").Add(g.operand(e.X, precAtom))
	case *ir.Binary:
		return g.binary(e)
	case *ir.Cond:
		return jen.Func().Params().Add(g.exprType(e.Type())).Block(
			jen.If(g.expr(e.C)).Block(jen.Return(g.valueFor(e.Type(), e.Then, text(e.Then)))),
			jen.Return(g.valueFor(e.Type(), e.Else, text(e.Else))),
		).Call()
	case *ir.Call:
		args := []jen.Code{jen.Id(g.fc.st)}
		for i, a := range e.Args {
			args = append(args, g.valueFor(e.Func.Params[i].Type, a, text(a)))
		}
		return jen.Id(funcName(e.Func)).Call(args...)
	case *ir.BuiltinCall:
		return g.builtin(e)
	case *ir.RecordLit:
		return g.recordLit(e)
	case *ir.SetLit:
		return g.setLit(e.Type(), e.Elems)
	case *ir.SeqLit:
		return g.seqLit(e)
	case *ir.MapComp:
		return g.mapComp(e)
	case *ir.Quant:
		return g.quant(e)
	}
	g.errorf(e.Position(), "cannot compile expression %T", e)
	return jen.Nil()
}

// ref compiles e to its storage form; for variables, map and sequence
// elements and fields, without the conversion of integers to int.
func (g *gen) ref(e ir.Expr) *jen.Statement {
	switch e := e.(type) {
	case *ir.VarRef:
		if e.Primed {
			return jen.Id(g.fc.nx).Dot(e.Var.GoName)
		}
		return jen.Id(g.fc.st).Dot(e.Var.GoName)
	case *ir.LocalRef:
		return jen.Id(e.Local.GoName)
	case *ir.Index:
		xt := e.X.Type()
		if xt.Kind == ir.KindMap {
			return g.ref(e.X).Index(g.mapKey(e.Index, xt.Key))
		}
		return g.ref(e.X).Dot("at").Call(g.expr(e.Index), g.site(e.Position(), faultIndex, text(e), 0, 0))
	case *ir.FieldSel:
		return g.ref(e.X).Dot(e.Field.GoName)
	case *ir.BuiltinCall:
		if e.Builtin == ir.BuiltinLast || e.Builtin == ir.BuiltinGet {
			return g.toStore(g.builtin(e), e.Type())
		}
	}
	return g.expr(e)
}

// place compiles an assignment target to an addressable Go expression of
// its storage form.
func (g *gen) place(e ir.Expr) *jen.Statement {
	switch e := e.(type) {
	case *ir.VarRef:
		return jen.Id(g.fc.st).Dot(e.Var.GoName)
	case *ir.LocalRef:
		return jen.Id(e.Local.GoName)
	case *ir.Index:
		xt := e.X.Type()
		if xt.Kind == ir.KindMap {
			return g.place(e.X).Index(g.mapKey(e.Index, xt.Key))
		}
		i := g.place(e.X).Dot("idx").Call(g.expr(e.Index), g.site(e.Position(), faultIndex, text(e), 0, 0))
		return g.place(e.X).Dot("Elems").Index(i)
	case *ir.FieldSel:
		return g.place(e.X).Dot(e.Field.GoName)
	}
	g.errorf(e.Position(), "cannot assign to %s", text(e))
	return jen.Id("_")
}

// mapKey compiles the index of a map with key type key to an array index.
func (g *gen) mapKey(idx ir.Expr, key *ir.Type) *jen.Statement {
	return g.ord(g.valueFor(key, idx, text(idx)), key)
}

// valueFor compiles e as a value of type t, checking what the type bounds:
// an integer's range, a sequence's length.
func (g *gen) valueFor(t *ir.Type, e ir.Expr, what string) *jen.Statement {
	switch {
	case t.Kind == ir.KindRange && !g.within(e, t.Lo, t.Hi):
		return jen.Id("chk").Call(g.expr(e), lit(t.Lo), lit(t.Hi), g.site(e.Position(), faultRange, what, t.Lo, t.Hi))
	case t.Kind == ir.KindSeq && t.Max > 0 && !g.seqWithin(e, t.Max):
		return g.ref(e).Dot("bound").Call(lit(t.Max), g.site(e.Position(), faultSeqLen, what, 0, 0))
	}
	return g.expr(e)
}

// storeValue compiles e as the storage form of a value of type t.
func (g *gen) storeValue(t *ir.Type, e ir.Expr, what string) *jen.Statement {
	if isInt(t) && isStored(e) && e.Type().Kind == t.Kind && g.gt(e.Type()).name == g.gt(t).name && g.within(e, t.Lo, t.Hi) {
		return g.ref(e) // already stored as t: no round trip through int
	}
	return g.toStore(g.valueFor(t, e, what), t)
}

// isStored reports whether e reads a stored value: a variable, an element
// or a field.
func isStored(e ir.Expr) bool {
	switch e.(type) {
	case *ir.VarRef, *ir.Index, *ir.FieldSel:
		return true
	}
	return false
}

// seqWithin reports whether sequence e is known to be at most max long:
// its Go type cannot hold more, it is a stored sequence of a bound at most
// max, or it is a literal that short.
func (g *gen) seqWithin(e ir.Expr, max int64) bool {
	if g.seq(e.Type()).cap <= max {
		return true
	}
	if l, ok := e.(*ir.SeqLit); ok {
		return int64(len(l.Elems)) <= max
	}
	return isStored(e) && e.Type().Max > 0 && e.Type().Max <= max
}

// slice compiles X[Lo:Hi] of a sequence.
func (g *gen) slice(e *ir.Slice) *jen.Statement {
	lo := jen.Lit(0)
	if e.Lo != nil {
		lo = g.expr(e.Lo)
	}
	hi := jen.Int().Call(g.ref(e.X).Dot("Len"))
	if e.Hi != nil {
		hi = g.expr(e.Hi)
	}
	return g.ref(e.X).Dot("slice").Call(lo, hi, g.site(e.Position(), faultSlice, text(e), 0, 0))
}

// binary compiles a binary operator.
func (g *gen) binary(e *ir.Binary) *jen.Statement {
	p := prec(e)
	bin := func(op string, lmin, rmin int) *jen.Statement {
		return g.operand(e.X, lmin).Op(op).Add(g.operand(e.Y, rmin))
	}
	switch e.Op {
	case ir.OpAdd:
		return bin("+", p, p+1)
	case ir.OpSub:
		return bin("-", p, p+1)
	case ir.OpMul:
		return bin("*", p, p+1)
	case ir.OpDiv, ir.OpMod:
		name := map[ir.Op]string{ir.OpDiv: "div", ir.OpMod: "mod"}[e.Op]
		return jen.Id(name).Call(g.expr(e.X), g.expr(e.Y), g.site(e.Position(), faultDiv, text(e), 0, 0))
	case ir.OpEq:
		return bin("==", p+1, p+1)
	case ir.OpNe:
		return bin("!=", p+1, p+1)
	case ir.OpLt:
		return bin("<", p+1, p+1)
	case ir.OpLe:
		return bin("<=", p+1, p+1)
	case ir.OpGt:
		return bin(">", p+1, p+1)
	case ir.OpGe:
		return bin(">=", p+1, p+1)
	case ir.OpAnd:
		return bin("&&", p, p+1)
	case ir.OpOr:
		return bin("||", p, p+1)
	case ir.OpImplies:
		return jen.Op("!").Add(g.operand(e.X, precAtom)).Op("||").Add(g.operand(e.Y, precOr))
	case ir.OpIn:
		if isBigSet(e.Y.Type()) {
			return g.bigSetHas(e.X, e.Y)
		}
		bit := g.shiftOrd(g.expr(e.X), e.X, e.Y.Type().Elem)
		return jen.Parens(g.expr(e.Y).Op(">>").Add(bit)).Op("&").Lit(1).Op("!=").Lit(0)
	}
	g.errorf(e.Position(), "cannot compile operator %d", e.Op)
	return jen.Nil()
}

// builtin compiles a call of a built-in function.
func (g *gen) builtin(e *ir.BuiltinCall) *jen.Statement {
	a := e.Args
	site := func(k faultKind) *jen.Statement { return g.site(e.Position(), k, text(e), 0, 0) }
	bit := func(set *ir.Type, x ir.Expr) *jen.Statement {
		return g.storageType(set).Call(jen.Lit(1)).Op("<<").Add(g.shiftOrd(g.expr(x), x, set.Elem))
	}
	if isBigSet(a[0].Type()) {
		return g.bigSetCall(e)
	}
	switch e.Builtin {
	case ir.BuiltinLen:
		if a[0].Type().Kind == ir.KindSet {
			return jen.Qual("math/bits", "OnesCount64").Call(jen.Uint64().Call(g.expr(a[0])))
		}
		return jen.Int().Call(g.ref(a[0]).Dot("Len"))
	case ir.BuiltinAppend:
		el := a[0].Type().Elem
		return g.ref(a[0]).Dot("push").Call(g.storeValue(el, a[1], text(a[1])), site(faultSeqLen))
	case ir.BuiltinConcat:
		return g.ref(a[0]).Dot("concat").Call(g.ref(a[1]), site(faultSeqLen))
	case ir.BuiltinLast:
		return fromStore(g.ref(a[0]).Dot("last").Call(site(faultLast)), e.Type())
	case ir.BuiltinPrefix:
		return g.ref(a[0]).Dot("prefixOf").Call(g.ref(a[1]))
	case ir.BuiltinAdd:
		return jen.Parens(g.expr(a[0]).Op("|").Add(bit(a[0].Type(), a[1])))
	case ir.BuiltinRemove:
		return jen.Parens(g.expr(a[0]).Op("&^").Parens(bit(a[0].Type(), a[1])))
	case ir.BuiltinUnion:
		return jen.Parens(g.expr(a[0]).Op("|").Add(g.expr(a[1])))
	case ir.BuiltinInter:
		return jen.Parens(g.expr(a[0]).Op("&").Add(g.expr(a[1])))
	case ir.BuiltinDiff:
		return jen.Parens(g.expr(a[0]).Op("&^").Add(g.expr(a[1])))
	case ir.BuiltinMin:
		return jen.Id("min").Call(g.expr(a[0]), g.expr(a[1]))
	case ir.BuiltinMax:
		return jen.Id("max").Call(g.expr(a[0]), g.expr(a[1]))
	case ir.BuiltinSome:
		t := e.Type()
		return g.storageType(t).Call(g.ord(g.valueFor(t.Elem, a[0], text(a[0])), t.Elem).Op("+").Lit(1))
	case ir.BuiltinGet:
		return jen.Id(g.optGet(a[0].Type())).Call(g.expr(a[0]), site(faultGet))
	}
	g.errorf(e.Position(), "cannot compile builtin %d", e.Builtin)
	return jen.Nil()
}

// shiftOrd converts v, element x of a small set compiled, to its ordinal in
// t for use as a shift count: an operator in v is parenthesised, since <<
// and >> bind as tightly as * in Go, and more tightly than + and -.
func (g *gen) shiftOrd(v *jen.Statement, x ir.Expr, t *ir.Type) *jen.Statement {
	if t.Kind == ir.KindRange && t.Lo == 0 && prec(x) < precAtom {
		v = jen.Parens(v)
	}
	return g.ord(v, t)
}

// recordLit compiles Name{field: value, ...}.
func (g *gen) recordLit(e *ir.RecordLit) *jen.Statement {
	var fields []jen.Code
	for i, f := range e.Record.Fields {
		what := e.Record.Name + "." + f.Name
		fields = append(fields, jen.Id(f.GoName).Op(":").Add(g.storeValue(f.Type, e.Fields[i], what)))
	}
	return jen.Id(goName(e.Record.Type)).Values(fields...)
}

// setLit compiles {a, b, ...} of set type t.
func (g *gen) setLit(t *ir.Type, elems []ir.Expr) *jen.Statement {
	if isBigSet(t) {
		return g.bigSetLit(t, elems)
	}
	if len(elems) == 0 {
		return g.storageType(t).Call(jen.Lit(0))
	}
	var c *jen.Statement
	for _, x := range elems {
		var o *jen.Statement
		if t.Elem.Kind == ir.KindRange && g.within(x, t.Elem.Lo, t.Elem.Hi) {
			o = g.shiftOrd(g.expr(x), x, t.Elem) // no range check: x itself
		} else {
			o = g.ord(g.valueFor(t.Elem, x, text(x)), t.Elem)
		}
		b := g.storageType(t).Call(jen.Lit(1)).Op("<<").Add(o)
		if c == nil {
			c = b
		} else {
			c = c.Op("|").Add(b)
		}
	}
	return jen.Parens(c)
}

// seqLit compiles [a, b, ...].
func (g *gen) seqLit(e *ir.SeqLit) *jen.Statement {
	q := g.seq(e.Type())
	if len(e.Elems) == 0 {
		return jen.Id(q.name).Values()
	}
	var els []jen.Code
	for _, x := range e.Elems {
		els = append(els, g.storeValue(q.elem, x, text(x)))
	}
	return jen.Id(q.name).Values(
		jen.Id("Len").Op(":").Lit(len(e.Elems)),
		jen.Id("Elems").Op(":").Index(lit(q.cap)).Add(g.storageType(q.elem)).Values(els...),
	)
}

// mapComp compiles [x in D: body] to an immediately called function that
// fills an array.
func (g *gen) mapComp(e *ir.MapComp) *jen.Statement {
	key, elem := e.Type().Key, e.Type().Elem
	i, r := g.fresh("i"), g.fresh("r")
	var body []jen.Code
	if g.used[e.Var] {
		body = append(body, jen.Id(e.Var.GoName).Op(":=").Add(g.val(jen.Id(i), key)))
	}
	body = append(body, jen.Id(r).Index(jen.Id(i)).Op("=").Add(g.storeValue(elem, e.Body, text(e.Body))))
	return jen.Func().Params().Params(jen.Id(r).Add(g.storageType(e.Type()))).Block(
		jen.For(jen.Id(i).Op(":=").Range().Add(lit(key.Card()))).Block(body...),
		jen.Return(),
	).Call()
}

// quant compiles a quantifier to an immediately called function.
func (g *gen) quant(e *ir.Quant) *jen.Statement {
	var inner []jen.Code
	if e.Where != nil {
		inner = append(inner, jen.If(jen.Op("!").Add(g.operand(e.Where, precAtom))).Block(jen.Continue()))
	}
	var result jen.Code = jen.Bool()
	var pre, post []jen.Code
	switch e.Kind {
	case ir.QuantAll:
		inner = append(inner, jen.If(jen.Op("!").Add(g.operand(e.Body, precAtom))).Block(jen.Return(jen.False())))
		post = append(post, jen.Return(jen.True()))
	case ir.QuantAny:
		inner = append(inner, jen.If(g.expr(e.Body)).Block(jen.Return(jen.True())))
		post = append(post, jen.Return(jen.False()))
	case ir.QuantCount:
		n := g.fresh("n")
		result = jen.Int()
		pre = append(pre, jen.Id(n).Op(":=").Lit(0))
		inner = append(inner, jen.If(g.expr(e.Body)).Block(jen.Id(n).Op("++")))
		post = append(post, jen.Return(jen.Id(n)))
	}
	loop := inner
	for i := len(e.Binders) - 1; i >= 0; i-- {
		loop = []jen.Code{g.loop(e.Binders[i].Var, e.Binders[i].Over, loop)}
	}
	body := append(append(pre, loop...), post...)
	return jen.Func().Params().Add(result).Block(body...).Call()
}

// loop returns a for statement that binds v to every value of it, in
// ascending order, and runs body.
func (g *gen) loop(v *ir.Local, it *ir.Iter, body []jen.Code) *jen.Statement {
	name := v.GoName
	used := g.used[v]
	switch it.Kind {
	case ir.IterType:
		t := it.Type
		switch {
		case !used:
			return jen.For(jen.Range().Add(lit(t.Card()))).Block(body...)
		case t.Kind == ir.KindRange:
			return jen.For(jen.Id(name).Op(":=").Add(lit(t.Lo)), jen.Id(name).Op("<=").Add(lit(t.Hi)), jen.Id(name).Op("++")).Block(body...)
		case t.Kind == ir.KindEnum:
			return jen.For(jen.Id(name).Op(":=").Add(g.storageType(t)).Call(jen.Lit(0)), jen.Id(name).Op("<").Add(lit(t.Card())), jen.Id(name).Op("++")).Block(body...)
		}
		i := g.fresh("i")
		bind := jen.Id(name).Op(":=").Add(g.val(jen.Id(i), t))
		return jen.For(jen.Id(i).Op(":=").Range().Add(lit(t.Card()))).Block(append([]jen.Code{bind}, body...)...)
	case ir.IterRange:
		hi := g.fresh("hi")
		if !used {
			name = g.fresh("k")
		}
		return jen.For(
			jen.List(jen.Id(name), jen.Id(hi)).Op(":=").List(g.expr(it.Lo), g.expr(it.Hi)),
			jen.Id(name).Op("<=").Id(hi),
			jen.Id(name).Op("++"),
		).Block(body...)
	case ir.IterSet:
		if isBigSet(it.Set.Type()) {
			return g.bigSetLoop(v, it, body)
		}
		b := g.fresh("b")
		var pre []jen.Code
		if used {
			k := jen.Qual("math/bits", "TrailingZeros64").Call(jen.Uint64().Call(jen.Id(b)))
			pre = append(pre, jen.Id(name).Op(":=").Add(g.val(k, it.Set.Type().Elem)))
		}
		return jen.For(
			jen.Id(b).Op(":=").Add(g.expr(it.Set)),
			jen.Id(b).Op("!=").Lit(0),
			jen.Id(b).Op("&=").Id(b).Op("-").Lit(1),
		).Block(append(pre, body...)...)
	}
	g.errorf(v.Pos, "cannot iterate")
	return jen.Null()
}

// fresh returns a new Go name for a temporary, distinct from every local.
func (g *gen) fresh(base string) string {
	for {
		g.temps++
		name := base + itoa(g.temps)
		if !g.reserved[name] {
			return name
		}
	}
}

// avoid returns base, or base with a suffix when a local uses that name.
func (g *gen) avoid(base string) string {
	name := base
	for i := 1; g.reserved[name]; i++ {
		name = base + "_" + itoa(i)
	}
	return name
}

func itoa(i int) string {
	if i == 0 {
		return "0"
	}
	var b []byte
	for ; i > 0; i /= 10 {
		b = append([]byte{byte('0' + i%10)}, b...)
	}
	return string(b)
}
