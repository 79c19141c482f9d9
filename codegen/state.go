package codegen

import (
	"sort"

	"github.com/dave/jennifer/jen"

	"github.com/rspec/rspec/ir"
)

// genStateFile emits the constants, the named types and the State struct.
func (g *gen) genStateFile(f *jen.File) {
	g.genConsts(f)
	for _, t := range g.spec.Types {
		switch t.Kind {
		case ir.KindRange:
			g.genRangeType(f, t)
		case ir.KindEnum:
			g.genEnum(f, t)
		case ir.KindRecord:
			g.genRecord(f, t.Record)
		}
	}
	g.genStruct(f, g.stateGT(), "State is one state of the model: every variable, in a fixed-size value\n"+
		"type. Fields are ordered by alignment so that the layout has no padding\n"+
		"where possible; VarNames lists them in declaration order.")
}

// genConsts emits the spec's constants, with their values after -D overrides.
func (g *gen) genConsts(f *jen.File) {
	if len(g.spec.Consts) == 0 {
		return
	}
	f.Comment("Constants of the spec.")
	f.Const().DefsFunc(func(d *jen.Group) {
		for _, c := range g.spec.Consts {
			v := lit(c.Value)
			if c.Type != nil && c.Type.Kind == ir.KindBool {
				v = jen.Lit(c.Value != 0)
			}
			d.Id(c.GoName).Op("=").Add(v)
		}
	})
}

// genRangeType emits a named integer type; a domain's values print as s0, s1.
func (g *gen) genRangeType(f *jen.File, t *ir.Type) {
	gt := g.gt(t)
	what := "type"
	if t.Domain {
		what = "domain"
	}
	f.Commentf("%s is the %s %d..%d of the spec.", gt.name, what, t.Lo, t.Hi)
	f.Type().Id(gt.name).Id(gt.base)
	if t.Domain {
		f.Commentf("String returns the value as traces show it: %s%d, ...", domainPrefix(t), t.Lo)
		f.Func().Params(jen.Id("v").Id(gt.name)).Id("String").Params().String().Block(
			jen.Return(jen.Lit(domainPrefix(t)).Op("+").Qual("strconv", "Itoa").Call(jen.Int().Call(jen.Id("v")))),
		)
	}
}

// genEnum emits an enum: a small integer type, its members and String.
func (g *gen) genEnum(f *jen.File, t *ir.Type) {
	gt := g.gt(t)
	e := t.Enum
	f.Commentf("%s is the enum %s of the spec.", gt.name, e.Name)
	f.Type().Id(gt.name).Id(gt.base)
	f.Commentf("Members of %s.", e.Name)
	f.Const().DefsFunc(func(d *jen.Group) {
		for _, m := range e.Members {
			d.Id(m.GoName).Id(gt.name).Op("=").Lit(m.Value)
		}
	})
	names := make([]jen.Code, len(e.Members))
	for i, m := range e.Members {
		names[i] = jen.Lit(m.Name)
	}
	f.Comment("String returns the member's name.")
	f.Func().Params(jen.Id("v").Id(gt.name)).Id("String").Params().String().Block(
		jen.If(jen.Int().Call(jen.Id("v")).Op("<").Lit(len(e.Members))).Block(
			jen.Return(jen.Index(jen.Op("...")).String().Values(names...).Index(jen.Id("v"))),
		),
		jen.Return(jen.Lit(e.Name+"(").Op("+").Qual("strconv", "Itoa").Call(jen.Int().Call(jen.Id("v"))).Op("+").Lit(")")),
	)
}

// genRecord emits a record or message as a struct of its stored fields.
func (g *gen) genRecord(f *jen.File, r *ir.Record) {
	what := "record"
	if r.IsMessage {
		what = "message"
	}
	g.genStruct(f, g.gt(r.Type), goName(r.Type)+" is the "+what+" "+r.Name+" of the spec.")
}

// genStruct emits a struct type with its doc comment and field comments.
func (g *gen) genStruct(f *jen.File, st *gtype, doc string) {
	f.Comment(doc)
	f.Type().Id(st.name).StructFunc(func(s *jen.Group) {
		for _, fd := range st.fields {
			c := jen.Id(fd.name).Add(fd.t.code())
			if fd.comment != "" {
				c.Comment(fd.comment)
			}
			s.Add(c)
		}
	})
}

// stateGT returns the storage layout of State.
func (g *gen) stateGT() *gtype {
	if r, ok := g.gtypes[nil]; ok {
		return r
	}
	st := &gtype{kind: gStruct, name: "State"}
	for _, v := range g.spec.Vars {
		c := v.Name + ": " + v.Type.String()
		switch {
		case v.Durable:
			c += " (durable)"
		case v.Ghost:
			c += " (ghost)"
		}
		st.fields = append(st.fields, gfield{name: v.GoName, t: g.gt(v.Type), comment: c})
	}
	if g.spec.Network != nil {
		st.fields = append(st.fields, gfield{name: "Net", t: g.networkGT(), comment: "messages in flight"})
	}
	if c := g.spec.Crash; c != nil {
		t := &gtype{kind: gLeaf, name: intName(0, c.Max), base: intName(0, c.Max)}
		st.fields = append(st.fields, gfield{name: "Crashes", t: t, comment: "crashes so far"})
	}
	sort.SliceStable(st.fields, func(i, j int) bool { return st.fields[i].t.align() > st.fields[j].t.align() })
	g.gtypes[nil] = st
	return st
}
