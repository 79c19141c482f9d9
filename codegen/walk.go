package codegen

import "github.com/rspec/rspec/ir"

// walkExpr calls fn for e and every expression below it, parents first.
func walkExpr(e ir.Expr, fn func(ir.Expr)) {
	if e == nil {
		return
	}
	fn(e)
	switch e := e.(type) {
	case *ir.Index:
		walkExpr(e.X, fn)
		walkExpr(e.Index, fn)
	case *ir.Slice:
		walkExpr(e.X, fn)
		walkExpr(e.Lo, fn)
		walkExpr(e.Hi, fn)
	case *ir.FieldSel:
		walkExpr(e.X, fn)
	case *ir.Unary:
		walkExpr(e.X, fn)
	case *ir.Binary:
		walkExpr(e.X, fn)
		walkExpr(e.Y, fn)
	case *ir.Cond:
		walkExpr(e.C, fn)
		walkExpr(e.Then, fn)
		walkExpr(e.Else, fn)
	case *ir.Call:
		for _, a := range e.Args {
			walkExpr(a, fn)
		}
	case *ir.BuiltinCall:
		for _, a := range e.Args {
			walkExpr(a, fn)
		}
	case *ir.RecordLit:
		for _, a := range e.Fields {
			walkExpr(a, fn)
		}
	case *ir.SetLit:
		for _, a := range e.Elems {
			walkExpr(a, fn)
		}
	case *ir.SeqLit:
		for _, a := range e.Elems {
			walkExpr(a, fn)
		}
	case *ir.MapComp:
		walkIter(e.Over, fn)
		walkExpr(e.Body, fn)
	case *ir.Quant:
		for _, b := range e.Binders {
			walkIter(b.Over, fn)
		}
		walkExpr(e.Where, fn)
		walkExpr(e.Body, fn)
	}
}

func walkIter(it *ir.Iter, fn func(ir.Expr)) {
	if it == nil {
		return
	}
	walkExpr(it.Lo, fn)
	walkExpr(it.Hi, fn)
	walkExpr(it.Set, fn)
}

// walkStmts calls fnS for every statement of body (nested ones included) and
// fnE for every expression in them.
func walkStmts(body []ir.Stmt, fnS func(ir.Stmt), fnE func(ir.Expr)) {
	for _, s := range body {
		if fnS != nil {
			fnS(s)
		}
		switch s := s.(type) {
		case *ir.Require:
			walkExpr(s.Cond, fnE)
		case *ir.Let:
			walkExpr(s.Value, fnE)
		case *ir.Assign:
			walkExpr(s.Target, fnE)
			walkExpr(s.Value, fnE)
		case *ir.If:
			walkExpr(s.Cond, fnE)
			walkStmts(s.Then, fnS, fnE)
			walkStmts(s.Else, fnS, fnE)
		case *ir.For:
			walkIter(s.Over, fnE)
			walkExpr(s.Where, fnE)
			walkStmts(s.Body, fnS, fnE)
		case *ir.Send:
			walkExpr(s.Msg, fnE)
			walkExpr(s.To, fnE)
		case *ir.CallProc:
			for _, a := range s.Args {
				walkExpr(a, fnE)
			}
		}
	}
}

// walkSpec calls fnE for every expression of the spec and fnL for every
// local it declares.
func (g *gen) walkSpec(fnE func(ir.Expr), fnL func(*ir.Local)) {
	decl := func(ls ...*ir.Local) {
		for _, l := range ls {
			if l != nil {
				fnL(l)
			}
		}
	}
	fnS := func(s ir.Stmt) {
		switch s := s.(type) {
		case *ir.Let:
			decl(s.Var)
		case *ir.For:
			decl(s.Var)
		}
	}
	expr := func(e ir.Expr) {
		switch e := e.(type) {
		case *ir.MapComp:
			decl(e.Var)
		case *ir.Quant:
			for _, b := range e.Binders {
				decl(b.Var)
			}
		}
		fnE(e)
	}
	for _, v := range g.spec.Vars {
		walkExpr(v.Init, expr)
	}
	for _, f := range g.spec.Funcs {
		decl(f.Params...)
		walkExpr(f.Body, expr)
	}
	for _, p := range g.spec.Procs {
		decl(p.Params...)
		decl(p.Node)
		walkStmts(p.Body, fnS, expr)
	}
	for _, a := range g.spec.Actions {
		decl(a.Params...)
		decl(a.Node, a.MsgVar, a.From)
		walkStmts(a.Body, fnS, expr)
	}
	for _, p := range g.spec.Props {
		walkExpr(p.Expr, expr)
	}
}

// collectLocals records the Go names of every local (so that generated
// temporaries avoid them) and which locals are read.
func (g *gen) collectLocals() {
	g.walkSpec(func(e ir.Expr) {
		if r, ok := e.(*ir.LocalRef); ok {
			g.used[r.Local] = true
		}
	}, func(l *ir.Local) {
		g.reserved[l.GoName] = true
	})
}

// collectSeqBounds finds, for every sequence element type, the longest
// bound or literal in the spec: the capacity of its Go sequence type.
func (g *gen) collectSeqBounds() {
	var visit func(t *ir.Type)
	seen := map[*ir.Type]bool{}
	visit = func(t *ir.Type) {
		if t == nil || seen[t] {
			return
		}
		seen[t] = true
		switch t.Kind {
		case ir.KindSeq:
			tag := typeTag(t.Elem)
			g.maxSeq[tag] = max(g.maxSeq[tag], t.Max)
			visit(t.Elem)
		case ir.KindOption, ir.KindSet:
			visit(t.Elem)
		case ir.KindMap:
			visit(t.Key)
			visit(t.Elem)
		case ir.KindRecord:
			for _, f := range t.Record.Fields {
				visit(f.Type)
			}
		}
	}
	for _, t := range g.spec.Types {
		visit(t)
	}
	for _, r := range g.spec.Records {
		visit(r.Type)
	}
	for _, v := range g.spec.Vars {
		visit(v.Type)
	}
	g.walkSpec(func(e ir.Expr) {
		visit(e.Type())
		if l, ok := e.(*ir.SeqLit); ok {
			tag := typeTag(e.Type().Elem)
			g.maxSeq[tag] = max(g.maxSeq[tag], int64(len(l.Elems)))
		}
	}, func(l *ir.Local) { visit(l.Type) })
}
