package codegen

import (
	"github.com/dave/jennifer/jen"

	"github.com/rspec/rspec/ir"
)

// checkerCtor names the checker constructor of each property kind.
var checkerCtor = map[ir.PropKind]string{
	ir.PropInvariant:  "Invariant",
	ir.PropReachable:  "Reachable",
	ir.PropTransition: "Transition",
	ir.PropConstraint: "Constraint",
}

// genPropsFile emits one predicate per property and Model.Properties.
func (g *gen) genPropsFile(f *jen.File) {
	id := jen.Id
	for _, p := range g.spec.Props {
		g.genProp(f, p)
	}
	f.Comment("Properties returns the spec's properties in declaration order.")
	f.Func().Params(id("m").Op("*").Id("Model")).Id("Properties").Params().Index().Qual(CheckerPath, "Property").Types(id("State")).Block(
		jen.Return(jen.Index().Qual(CheckerPath, "Property").Types(id("State")).ValuesFunc(func(vs *jen.Group) {
			for _, p := range g.spec.Props {
				vs.Line().Qual(CheckerPath, checkerCtor[p.Kind]).Call(jen.Lit(p.Name), id(propName(p)))
			}
			if len(g.spec.Props) > 0 {
				vs.Line()
			}
		})),
	)
}

// genProp emits the predicate of p. A model fault while evaluating it
// raises a checker.PredicateFault naming p, which the checker reports as a
// fault at the state or step, never as a verdict.
func (g *gen) genProp(f *jen.File, p *ir.Property) {
	id := jen.Id
	g.fc = &fnCtx{st: g.avoid("st"), nx: g.avoid("nx")}
	g.temps = 0
	before := len(g.sites)
	body := g.expr(p.Expr)
	params := []jen.Code{id(g.fc.st).Op("*").Id("State")}
	if p.Kind == ir.PropTransition {
		params = []jen.Code{id(g.fc.st), id(g.fc.nx).Op("*").Id("State")}
	}
	var stmts []jen.Code
	if len(g.sites) > before {
		stmts = append(stmts, jen.Defer().Func().Params().Block(
			jen.If(id("r").Op(":=").Recover(), id("r").Op("!=").Nil()).Block(
				jen.Panic(jen.Qual(CheckerPath, "PredicateFault").Values(jen.Dict{
					id("Property"): jen.Lit(p.Name),
					id("Err"):      id("recoverFault").Call(id("r")),
				})),
			),
		).Call())
	}
	stmts = append(stmts, jen.Return(body))
	kind := map[ir.PropKind]string{ir.PropInvariant: "invariant", ir.PropReachable: "reachable",
		ir.PropTransition: "transition", ir.PropConstraint: "constraint"}[p.Kind]
	f.Commentf("%s is the %s %s (%s).", propName(p), kind, p.Name, g.posString(p.Pos))
	f.Func().Id(propName(p)).Params(params...).Params(id("ok").Bool()).Block(stmts...)
}

// genFuncsFile emits the spec's functions as Go functions of the state.
func (g *gen) genFuncsFile(f *jen.File) {
	for _, fn := range g.spec.Funcs {
		g.fc = &fnCtx{st: g.avoid("st")}
		g.temps = 0
		params := []jen.Code{jen.Id(g.fc.st).Op("*").Id("State")}
		for _, p := range fn.Params {
			params = append(params, jen.Id(p.GoName).Add(g.exprType(p.Type)))
		}
		f.Commentf("%s is the function %s of the spec.", funcName(fn), fn.Name)
		f.Func().Id(funcName(fn)).Params(params...).Add(g.exprType(fn.Result)).Block(
			jen.Return(g.valueFor(fn.Result, fn.Body, fn.Name+" result")))
	}
}
