package codegen

import (
	"github.com/dave/jennifer/jen"

	"github.com/rspec/rspec/ir"
)

// genModelFile emits the spec identity, Model, New, Init and the initial state.
func (g *gen) genModelFile(f *jen.File) {
	id := jen.Id
	f.Comment("Identity of the compiled spec, so that tools can tell when the compiled-in")
	f.Comment("model is stale.")
	f.Const().Defs(
		id("SpecName").Op("=").Lit(g.spec.Name).Comment("the spec's name"),
		id("SpecSource").Op("=").Lit(g.opts.Source).Comment("the spec's path"),
		id("SpecHash").Op("=").Lit(g.spec.Hash).Comment("hex SHA-256 of the source and constants"),
	)
	f.Comment("Model is the compiled spec: a checker.Model over State and Action.")
	f.Type().Id("Model").Struct(id("init").Id("State"))
	f.Var().Id("_").Qual(CheckerPath, "Model").Types(id("State"), id("Action")).Op("=").Parens(jen.Op("*").Id("Model")).Call(jen.Nil())
	f.Comment("New returns the model. It panics with a *Fault if computing the initial")
	f.Comment("state faults.")
	f.Func().Id("New").Params().Op("*").Id("Model").Block(
		jen.Return(jen.Op("&").Id("Model").Values(jen.Dict{id("init"): id("initState").Call()})),
	)
	f.Comment("Init returns the initial state.")
	f.Func().Params(id("m").Op("*").Id("Model")).Id("Init").Params().Index().Id("State").Block(
		jen.Return(jen.Index().Id("State").Values(id("m").Dot("init"))))
	g.genInitState(f)
}

// genInitState emits initState: each variable's initial value, or its zero
// value (a range's zero is its low bound when 0 is outside it).
func (g *gen) genInitState(f *jen.File) {
	id := jen.Id
	g.fc = &fnCtx{st: g.avoid("st")}
	g.temps = 0
	var body []jen.Code
	body = append(body, jen.Defer().Func().Params().Block(
		jen.If(id("r").Op(":=").Recover(), id("r").Op("!=").Nil()).Block(jen.Panic(id("recoverFault").Call(id("r")))),
	).Call())
	for _, v := range g.spec.Vars {
		place := func() *jen.Statement { return id(g.fc.st).Dot(v.GoName) }
		if v.Init != nil {
			body = append(body, place().Op("=").Add(g.storeValue(v.Type, v.Init, v.Name)))
			continue
		}
		body = append(body, g.zeroFix(v.Type, place)...)
	}
	body = append(body, jen.Return())
	f.Comment("initState computes the initial state.")
	f.Func().Id("initState").Params().Params(id(g.fc.st).Id("State")).Block(body...)
}

// zeroFix emits the assignments that turn the Go zero value of t at place
// into the spec's zero value, where they differ.
func (g *gen) zeroFix(t *ir.Type, place func() *jen.Statement) []jen.Code {
	switch t.Kind {
	case ir.KindRange:
		if t.Lo > 0 || t.Hi < 0 {
			z := t.Lo
			if t.Hi < 0 {
				z = t.Hi
			}
			return []jen.Code{place().Op("=").Add(g.storageType(t)).Call(lit(z))}
		}
	case ir.KindRecord:
		var out []jen.Code
		for _, fd := range t.Record.Fields {
			out = append(out, g.zeroFix(fd.Type, chain(place, fd.GoName))...)
		}
		return out
	case ir.KindMap:
		i := g.fresh("i")
		inner := g.zeroFix(t.Elem, index(place, i))
		if len(inner) > 0 {
			return []jen.Code{jen.For(jen.Id(i).Op(":=").Range().Add(place())).Block(inner...)}
		}
	}
	return nil
}
