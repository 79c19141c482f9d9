package ir

import (
	"fmt"
	"strings"
)

// Dump renders a checked spec as deterministic text: every declaration with
// its Go name, every statement and expression with its resolved types. It
// is meant for golden tests and for reading what the front end made of a
// spec.
func Dump(s *Spec) string {
	d := &dumper{}
	d.line(0, "spec %s hash=%s", s.Name, s.Hash)
	for _, k := range s.Consts {
		d.line(0, "const %s %s = %d%s go=%s", k.Name, k.Type, k.Value, ifSet(k.Overridden, " overridden"), k.GoName)
	}
	for _, t := range s.Types {
		d.typeDecl(t)
	}
	if n := s.Network; n != nil {
		d.line(0, "network %s %s lossy=%t capacity=%d copies=%d messages=%s", n.Node, deliveryNames[n.Delivery], n.Lossy, n.Capacity, n.Copies, recordNames(n.Messages))
	}
	if k := s.Crash; k != nil {
		var resets []string
		for _, v := range k.Resets {
			resets = append(resets, v.Name)
		}
		d.line(0, "crash %s max=%d resets=[%s]", k.Node, k.Max, strings.Join(resets, " "))
	}
	for _, v := range s.Vars {
		d.varDecl(v)
	}
	for _, f := range s.Funcs {
		d.line(0, "fn %s(%s): %s go=%s", f.Name, locals(f.Params), f.Result, f.GoName)
		d.line(1, "= %s", expr(f.Body))
	}
	for _, p := range s.Procs {
		d.line(0, "proc %s(%s)%s go=%s", p.Name, locals(p.Params), at(p.Node), p.GoName)
		d.stmts(1, p.Body)
	}
	for _, a := range s.Actions {
		d.action(a)
	}
	for _, p := range s.Props {
		d.line(0, "%s %s go=%s", propNames[p.Kind], p.Name, p.GoName)
		d.line(1, "%s", expr(p.Expr))
	}
	for _, w := range s.Warnings {
		d.line(0, "warning %s", w)
	}
	return d.b.String()
}

type dumper struct{ b strings.Builder }

func (d *dumper) line(indent int, format string, args ...any) {
	d.b.WriteString(strings.Repeat("  ", indent))
	fmt.Fprintf(&d.b, format, args...)
	d.b.WriteByte('\n')
}

var (
	deliveryNames = map[Delivery]string{DeliveryBag: "bag", DeliveryDuplicating: "duplicating", DeliveryFIFO: "fifo"}
	propNames     = map[PropKind]string{PropInvariant: "invariant", PropReachable: "reachable", PropTransition: "transition", PropConstraint: "constraint"}
	kindNames     = map[LocalKind]string{LocalParam: "param", LocalNode: "node", LocalMsg: "msg", LocalFrom: "from", LocalLet: "let", LocalLoop: "loop"}
)

func ifSet(b bool, s string) string {
	if b {
		return s
	}
	return ""
}

func recordNames(rs []*Record) string {
	var ns []string
	for _, r := range rs {
		ns = append(ns, r.Name)
	}
	return "[" + strings.Join(ns, " ") + "]"
}

func (d *dumper) typeDecl(t *Type) {
	switch t.Kind {
	case KindRange:
		d.line(0, "type %s = %d..%d%s%s go=%s", t.Name, t.Lo, t.Hi, ifSet(t.Domain, " domain"), ifSet(t.Symmetric, " symmetric"), t.GoName)
	case KindEnum:
		var ms []string
		for _, m := range t.Enum.Members {
			ms = append(ms, fmt.Sprintf("%s=%d go=%s", m.Name, m.Value, m.GoName))
		}
		d.line(0, "enum %s {%s} go=%s", t.Name, strings.Join(ms, ", "), t.GoName)
	case KindRecord:
		r := t.Record
		d.line(0, "%s %s tag=%d go=%s", recordWord(r), r.Name, r.Tag, t.GoName)
		for _, f := range r.Fields {
			d.line(1, "%d %s: %s go=%s", f.Index, f.Name, f.Type, f.GoName)
		}
	default:
		u := underlying(t)
		d.line(0, "type %s = %s go=%s", t.Name, u, t.GoName)
	}
}

func (d *dumper) varDecl(v *Var) {
	attrs := ifSet(v.Durable, " durable") + ifSet(v.Ghost, " ghost") + ifSet(v.NodeIndexed, " node-indexed")
	init := ""
	if v.Init != nil {
		init = " = " + expr(v.Init)
	}
	d.line(0, "var %s: %s%s%s go=%s", v.Name, v.Type, attrs, init, v.GoName)
}

func local(l *Local) string {
	return fmt.Sprintf("%s %s %s go=%s", kindNames[l.Kind], l.Name, l.Type, l.GoName)
}

func locals(ls []*Local) string {
	var s []string
	for _, l := range ls {
		s = append(s, local(l))
	}
	return strings.Join(s, ", ")
}

func at(n *Local) string {
	if n == nil {
		return ""
	}
	return " at " + local(n)
}

func (d *dumper) action(a *Action) {
	if a.Kind == ActionReceive {
		from := ""
		if a.From != nil {
			from = " from " + local(a.From)
		}
		d.line(0, "on %s %s%s%s go=%s", a.Msg.Name, local(a.MsgVar), from, at(a.Node), a.GoName)
	} else {
		d.line(0, "action %s(%s)%s go=%s", a.Name, locals(a.Params), at(a.Node), a.GoName)
	}
	d.stmts(1, a.Body)
}

func (d *dumper) stmts(indent int, ss []Stmt) {
	for _, s := range ss {
		d.stmt(indent, s)
	}
}

var assignNames = map[AssignOp]string{AssignSet: "=", AssignAdd: "+=", AssignSub: "-="}

func (d *dumper) stmt(n int, s Stmt) {
	switch s := s.(type) {
	case *Require:
		d.line(n, "require %s", expr(s.Cond))
	case *Let:
		d.line(n, "%s = %s", local(s.Var), expr(s.Value))
	case *Assign:
		d.line(n, "%s %s %s", expr(s.Target), assignNames[s.Op], expr(s.Value))
	case *If:
		d.line(n, "if %s", expr(s.Cond))
		d.stmts(n+1, s.Then)
		if s.Else != nil {
			d.line(n, "else")
			d.stmts(n+1, s.Else)
		}
	case *For:
		d.line(n, "for %s in %s%s", local(s.Var), iter(s.Over), where(s.Where))
		d.stmts(n+1, s.Body)
	case *Send:
		if s.Broadcast {
			d.line(n, "broadcast %s", expr(s.Msg))
		} else {
			d.line(n, "send %s to %s", expr(s.Msg), expr(s.To))
		}
	case *CallProc:
		d.line(n, "call %s(%s)", s.Proc.Name, exprList(s.Args))
	default:
		d.line(n, "?%T", s)
	}
}

func where(w Expr) string {
	if w == nil {
		return ""
	}
	return " where " + expr(w)
}

func iter(it *Iter) string {
	if it == nil {
		return "?"
	}
	switch it.Kind {
	case IterType:
		return it.Type.String()
	case IterRange:
		return expr(it.Lo) + ".." + expr(it.Hi)
	case IterSet:
		return "set " + expr(it.Set)
	}
	return "?"
}

func exprList(xs []Expr) string {
	s := make([]string, len(xs))
	for i, x := range xs {
		s[i] = expr(x)
	}
	return strings.Join(s, " ")
}

var opNames = map[Op]string{
	OpNot: "!", OpNeg: "neg", OpAdd: "+", OpSub: "-", OpMul: "*", OpDiv: "/", OpMod: "%",
	OpEq: "==", OpNe: "!=", OpLt: "<", OpLe: "<=", OpGt: ">", OpGe: ">=",
	OpAnd: "&&", OpOr: "||", OpImplies: "=>", OpIn: "in",
}

var builtinNames = func() map[Builtin]string {
	m := map[Builtin]string{}
	for name, b := range builtins {
		m[b] = name
	}
	return m
}()

var quantNames = map[QuantKind]string{QuantAll: "all", QuantAny: "any", QuantCount: "count"}

// expr renders an expression as an S-expression with its type after a colon.
func expr(x Expr) string {
	if x == nil {
		return "_"
	}
	t := ":" + x.Type().String()
	switch x := x.(type) {
	case *IntLit:
		if x.Const != nil {
			return fmt.Sprintf("%s=%d", x.Const.Name, x.Value)
		}
		return fmt.Sprint(x.Value)
	case *BoolLit:
		if x.Const != nil {
			return fmt.Sprintf("%s=%t", x.Const.Name, x.Value)
		}
		return fmt.Sprint(x.Value)
	case *EnumLit:
		return x.Member.Name
	case *NoneLit:
		return "none" + t
	case *VarRef:
		return x.Var.Name + ifSet(x.Primed, "'")
	case *LocalRef:
		return x.Local.Name
	case *Index:
		return "(index " + expr(x.X) + " " + expr(x.Index) + ")" + t
	case *Slice:
		return "(slice " + expr(x.X) + " " + expr(x.Lo) + " " + expr(x.Hi) + ")" + t
	case *FieldSel:
		return "(. " + expr(x.X) + " " + x.Field.Name + ")" + t
	case *Unary:
		return "(" + opNames[x.Op] + " " + expr(x.X) + ")" + t
	case *Binary:
		return "(" + opNames[x.Op] + " " + expr(x.X) + " " + expr(x.Y) + ")" + t
	case *Cond:
		return "(if " + expr(x.C) + " " + expr(x.Then) + " " + expr(x.Else) + ")" + t
	case *Call:
		return "(call " + strings.TrimSpace(x.Func.Name+" "+exprList(x.Args)) + ")" + t
	case *BuiltinCall:
		return "(" + builtinNames[x.Builtin] + " " + exprList(x.Args) + ")" + t
	case *RecordLit:
		s := "(" + x.Record.Name
		for i, f := range x.Record.Fields {
			s += " " + f.Name + "=" + expr(x.Fields[i])
		}
		return s + ")"
	case *SetLit:
		return "{" + exprList(x.Elems) + "}" + t
	case *SeqLit:
		return "[" + exprList(x.Elems) + "]" + t
	case *MapComp:
		return "(map " + x.Var.Name + "(" + x.Var.GoName + ") in " + iter(x.Over) + ": " + expr(x.Body) + ")" + t
	case *Quant:
		var bs []string
		for _, b := range x.Binders {
			bs = append(bs, b.Var.Name+"("+b.Var.GoName+") in "+iter(b.Over))
		}
		return "(" + quantNames[x.Kind] + " " + strings.Join(bs, ", ") + where(x.Where) + ": " + expr(x.Body) + ")" + t
	}
	return fmt.Sprintf("?%T", x)
}
