package codegen

import (
	"fmt"
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/rspec/rspec/ir"
)

// faultKind is the kind of model fault a site can raise.
type faultKind int

const (
	faultRange  faultKind = iota + 1 // a value stored out of its range type
	faultSeqLen                      // a sequence longer than its bound
	faultIndex                       // a sequence index out of bounds
	faultSlice                       // a slice out of bounds
	faultGet                         // get(none)
	faultLast                        // last of an empty sequence
	faultDiv                         // division or remainder by zero
)

// faultSite is one place in the spec where a model fault can happen; the
// generated code panics with its number and Next reports it with the spec
// position.
type faultSite struct {
	pos    ir.Pos
	kind   faultKind
	what   string // the expression involved, as RSL text
	lo, hi int64  // faultRange: the range
}

// site registers a fault site and returns its number as a literal.
func (g *gen) site(pos ir.Pos, kind faultKind, what string, lo, hi int64) *jen.Statement {
	g.sites = append(g.sites, faultSite{pos: pos, kind: kind, what: what, lo: lo, hi: hi})
	return jen.Lit(len(g.sites) - 1)
}

// posString renders pos with the spec's file named as Options.Source.
func (g *gen) posString(p ir.Pos) string {
	if p.File == g.spec.File || p.File == "" {
		p.File = g.opts.Source
	}
	return p.String()
}

// genFaultsFile emits the fault table and the conversion of fault panics to
// errors.
func (g *gen) genFaultsFile(f *jen.File) {
	id := jen.Id
	f.Comment("Fault is a model fault: an operation of the spec without a value, such as")
	f.Comment("storing a value outside its range type. Pos is the spec position.")
	f.Type().Id("Fault").Struct(id("Pos").String(), id("Msg").String())
	f.Comment("Error returns \"file:line:col: message\".")
	f.Func().Params(id("f").Op("*").Id("Fault")).Id("Error").Params().String().Block(
		jen.Return(id("f").Dot("Pos").Op("+").Lit(": ").Op("+").Id("f").Dot("Msg")))

	f.Comment("fault is the panic value of a model fault inside a step or property:")
	f.Comment("a site of faultSites and the values involved.")
	f.Type().Id("fault").Struct(jen.List(id("site"), id("a"), id("b"), id("c")).Int())

	f.Comment("faultSite is a place in the spec where a model fault can happen.")
	f.Type().Id("faultSite").Struct(
		id("pos").String(), id("kind").Uint8(), id("what").String(), jen.List(id("lo"), id("hi")).Int())
	f.Comment("faultSites lists every fault site of the spec.")
	f.Var().Id("faultSites").Op("=").Index(jen.Op("...")).Id("faultSite").ValuesFunc(func(gr *jen.Group) {
		for _, s := range g.sites {
			gr.Line().Values(jen.Lit(g.posString(s.pos)), jen.Lit(int(s.kind)), jen.Lit(s.what), lit(s.lo), lit(s.hi))
		}
		if len(g.sites) > 0 {
			gr.Line()
		}
	})

	msg := func(format string, args ...jen.Code) *jen.Statement {
		return id("msg").Op("=").Qual("fmt", "Sprintf").Call(append([]jen.Code{jen.Lit(format)}, args...)...)
	}
	s, fa, fb, fc := id("s"), id("f").Dot("a"), id("f").Dot("b"), id("f").Dot("c")
	f.Comment("err returns the fault as an error naming its spec position.")
	f.Func().Params(id("f").Id("fault")).Id("err").Params().Op("*").Id("Fault").Block(
		id("s").Op(":=").Id("faultSites").Index(id("f").Dot("site")),
		jen.Var().Id("msg").String(),
		jen.Switch(id("s").Dot("kind")).Block(
			jen.Case(jen.Lit(int(faultRange))).Block(msg("value %d out of range %d..%d (%s)", fa, s.Clone().Dot("lo"), s.Clone().Dot("hi"), s.Clone().Dot("what"))),
			jen.Case(jen.Lit(int(faultSeqLen))).Block(msg("sequence of length %d longer than its bound %d (%s)", fa, fb, s.Clone().Dot("what"))),
			jen.Case(jen.Lit(int(faultIndex))).Block(msg("index %d out of range for length %d (%s)", fa, fb, s.Clone().Dot("what"))),
			jen.Case(jen.Lit(int(faultSlice))).Block(msg("slice [%d:%d] out of range for length %d (%s)", fa, fb, fc, s.Clone().Dot("what"))),
			jen.Case(jen.Lit(int(faultGet))).Block(msg("get of none (%s)", s.Clone().Dot("what"))),
			jen.Case(jen.Lit(int(faultLast))).Block(msg("last of an empty sequence (%s)", s.Clone().Dot("what"))),
			jen.Case(jen.Lit(int(faultDiv))).Block(msg("division by zero (%s)", s.Clone().Dot("what"))),
		),
		jen.Return(jen.Op("&").Id("Fault").Values(jen.Dict{id("Pos"): s.Clone().Dot("pos"), id("Msg"): id("msg")})),
	)
	f.Comment("recoverFault turns a recovered fault panic into an error; any other")
	f.Comment("panic continues.")
	f.Func().Id("recoverFault").Params(id("r").Any()).Error().Block(
		jen.If(jen.List(id("f"), id("ok")).Op(":=").Id("r").Assert(id("fault")), id("ok")).Block(
			jen.Return(id("f").Dot("err").Call())),
		jen.Panic(id("r")),
	)
	f.Comment("chk returns v, or faults when it is outside lo..hi.")
	f.Func().Id("chk").Params(id("v"), id("lo"), id("hi"), id("site").Int()).Int().Block(
		jen.If(id("v").Op("<").Id("lo").Op("||").Id("v").Op(">").Id("hi")).Block(panicFault(id("site"), id("v"))),
		jen.Return(id("v")),
	)
	f.Comment("div returns a / b truncated; b == 0 is a model fault.")
	f.Func().Id("div").Params(id("a"), id("b"), id("site").Int()).Int().Block(
		jen.If(id("b").Op("==").Lit(0)).Block(panicFault(id("site"))),
		jen.Return(id("a").Op("/").Id("b")),
	)
	f.Comment("mod returns a % b; b == 0 is a model fault.")
	f.Func().Id("mod").Params(id("a"), id("b"), id("site").Int()).Int().Block(
		jen.If(id("b").Op("==").Lit(0)).Block(panicFault(id("site"))),
		jen.Return(id("a").Op("%").Id("b")),
	)
}

// text renders e as RSL source, for fault messages.
func text(e ir.Expr) string {
	switch e := e.(type) {
	case *ir.IntLit:
		if e.Const != nil {
			return e.Const.Name
		}
		return fmt.Sprint(e.Value)
	case *ir.BoolLit:
		return fmt.Sprint(e.Value)
	case *ir.EnumLit:
		return e.Member.Name
	case *ir.NoneLit:
		return "none"
	case *ir.VarRef:
		if e.Primed {
			return e.Var.Name + "'"
		}
		return e.Var.Name
	case *ir.LocalRef:
		return e.Local.Name
	case *ir.Index:
		return text(e.X) + "[" + text(e.Index) + "]"
	case *ir.Slice:
		lo, hi := "", ""
		if e.Lo != nil {
			lo = text(e.Lo)
		}
		if e.Hi != nil {
			hi = text(e.Hi)
		}
		return text(e.X) + "[" + lo + ":" + hi + "]"
	case *ir.FieldSel:
		return text(e.X) + "." + e.Field.Name
	case *ir.Unary:
		return opText[e.Op] + text(e.X)
	case *ir.Binary:
		return text(e.X) + " " + opText[e.Op] + " " + text(e.Y)
	case *ir.Call:
		return e.Func.Name + "(" + texts(e.Args) + ")"
	case *ir.BuiltinCall:
		return builtinText[e.Builtin] + "(" + texts(e.Args) + ")"
	case *ir.RecordLit:
		return e.Record.Name + "{...}"
	case *ir.Cond:
		return "if " + text(e.C) + " then " + text(e.Then) + " else " + text(e.Else)
	}
	return "..."
}

func texts(es []ir.Expr) string {
	s := make([]string, len(es))
	for i, e := range es {
		s[i] = text(e)
	}
	return strings.Join(s, ", ")
}

var opText = map[ir.Op]string{
	ir.OpNot: "!", ir.OpNeg: "-", ir.OpAdd: "+", ir.OpSub: "-", ir.OpMul: "*", ir.OpDiv: "/",
	ir.OpMod: "%", ir.OpEq: "==", ir.OpNe: "!=", ir.OpLt: "<", ir.OpLe: "<=", ir.OpGt: ">",
	ir.OpGe: ">=", ir.OpAnd: "&&", ir.OpOr: "||", ir.OpImplies: "=>", ir.OpIn: "in",
}

var builtinText = map[ir.Builtin]string{
	ir.BuiltinLen: "len", ir.BuiltinAppend: "append", ir.BuiltinConcat: "concat",
	ir.BuiltinLast: "last", ir.BuiltinPrefix: "prefix", ir.BuiltinAdd: "add",
	ir.BuiltinRemove: "remove", ir.BuiltinUnion: "union", ir.BuiltinInter: "inter",
	ir.BuiltinDiff: "diff", ir.BuiltinMin: "min", ir.BuiltinMax: "max",
	ir.BuiltinSome: "some", ir.BuiltinGet: "get",
}
