package codegen

import "github.com/rspec/rspec/ir"

// interval returns bounds that every value of integer expression e lies
// within, when they are known statically. Stored values are trusted to lie
// in their range type, because every store is checked.
func (g *gen) interval(e ir.Expr) (lo, hi int64, ok bool) {
	switch e := e.(type) {
	case *ir.IntLit:
		return e.Value, e.Value, true
	case *ir.VarRef, *ir.Index, *ir.FieldSel, *ir.LocalRef:
		if t := e.Type(); t.Kind == ir.KindRange {
			return t.Lo, t.Hi, true
		}
	case *ir.Binary:
		alo, ahi, aok := g.interval(e.X)
		blo, bhi, bok := g.interval(e.Y)
		if !aok || !bok {
			return 0, 0, false
		}
		switch e.Op {
		case ir.OpAdd:
			return alo + blo, ahi + bhi, true
		case ir.OpSub:
			return alo - bhi, ahi - blo, true
		}
	case *ir.Cond:
		alo, ahi, aok := g.interval(e.Then)
		blo, bhi, bok := g.interval(e.Else)
		if aok && bok {
			return min(alo, blo), max(ahi, bhi), true
		}
	case *ir.BuiltinCall:
		return g.builtinInterval(e)
	}
	return 0, 0, false
}

func (g *gen) builtinInterval(e *ir.BuiltinCall) (lo, hi int64, ok bool) {
	switch e.Builtin {
	case ir.BuiltinLen:
		t := e.Args[0].Type()
		if t.Kind == ir.KindSet {
			return 0, t.Elem.Card(), true
		}
		if t.Max > 0 {
			return 0, t.Max, true
		}
		return 0, g.maxSeq[typeTag(t.Elem)], true
	case ir.BuiltinMin, ir.BuiltinMax:
		alo, ahi, aok := g.interval(e.Args[0])
		blo, bhi, bok := g.interval(e.Args[1])
		if !aok || !bok {
			return 0, 0, false
		}
		if e.Builtin == ir.BuiltinMin {
			return min(alo, blo), min(ahi, bhi), true
		}
		return max(alo, blo), max(ahi, bhi), true
	case ir.BuiltinLast, ir.BuiltinGet:
		if t := e.Type(); t.Kind == ir.KindRange {
			return t.Lo, t.Hi, true
		}
	}
	return 0, 0, false
}

// within reports whether integer expression e is statically known to lie
// in lo..hi.
func (g *gen) within(e ir.Expr, lo, hi int64) bool {
	l, h, ok := g.interval(e)
	return ok && l >= lo && h <= hi
}
