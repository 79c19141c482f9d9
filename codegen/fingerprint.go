package codegen

import (
	"fmt"

	"github.com/dave/jennifer/jen"
)

// Fixed keys of the fingerprint hash (wyhash's constants), so fingerprints
// are the same in every run and on every machine.
const (
	hashSeed = 0x2d358dccaa6c78a5
	hashK1   = 0xa0761d6478bd642f
	hashK2   = 0xe7037ed1a0b428db
	hashK3   = 0x8ebc6af09c88c6e3
)

// genFingerprintFile emits Model.Fingerprint. When State has no padding
// (checked by the compiler through unsafe.Offsetof and Sizeof) its bytes are
// hashed directly; otherwise every stored value is hashed in turn.
func (g *gen) genFingerprintFile(f *jen.File) {
	id := jen.Id
	st := g.stateGT()
	last := st.fields[len(st.fields)-1].name
	u64 := func(v uint64) jen.Code { return jen.Op(fmt.Sprintf("%#x", v)) }
	f.Const().Defs(
		id("stateData").Op("=").Add(lit(st.dataSize())).Comment("bytes of data in a State"),
		id("hashSeed").Uint64().Op("=").Add(u64(hashSeed)),
		id("hashK1").Uint64().Op("=").Add(u64(hashK1)),
		id("hashK2").Uint64().Op("=").Add(u64(hashK2)),
		id("hashK3").Uint64().Op("=").Add(u64(hashK3)),
	)
	f.Comment("rawState reports whether the first stateData bytes of a State are exactly")
	f.Comment("its data, with no padding, so that they can be hashed as they are.")
	f.Const().Id("rawState").Op("=").Qual("unsafe", "Offsetof").Call(id("zeroState").Dot(last)).Op("+").
		Qual("unsafe", "Sizeof").Call(id("zeroState").Dot(last)).Op("==").Id("stateData")
	f.Var().Id("zeroState").Id("State")

	f.Comment("Fingerprint returns a 64-bit hash of s with a fixed seed. It does not")
	f.Comment("allocate. Equal states have equal fingerprints, because every part of a")
	f.Comment("State is kept canonical (sorted network, zeroed unused slots).")
	f.Func().Params(id("m").Op("*").Id("Model")).Id("Fingerprint").Params(id("s").Op("*").Id("State")).Uint64().Block(
		jen.If(id("rawState")).Block(
			jen.Return(id("hashBytes").Call(jen.Qual("unsafe", "Slice").Call(
				jen.Parens(jen.Op("*").Byte()).Call(jen.Qual("unsafe", "Pointer").Call(id("s"))), id("stateData")))),
		),
		jen.Return(id("hashFields").Call(id("s"))),
	)
	f.Comment("mum is the 64x64->128 bit multiply-and-fold mixing step of wyhash.")
	f.Func().Id("mum").Params(id("a"), id("b").Uint64()).Uint64().Block(
		jen.List(id("hi"), id("lo")).Op(":=").Qual("math/bits", "Mul64").Call(id("a"), id("b")),
		jen.Return(id("hi").Op("^").Id("lo")),
	)
	le := func(x jen.Code) *jen.Statement {
		return jen.Qual("encoding/binary", "LittleEndian").Dot("Uint64").Call(x)
	}
	f.Comment("hashBytes hashes b, 16 bytes per round.")
	f.Func().Id("hashBytes").Params(id("b").Index().Byte()).Uint64().Block(
		id("h").Op(":=").Id("hashSeed").Op("^").Uint64().Call(jen.Len(id("b"))),
		jen.For(jen.Empty(), jen.Len(id("b")).Op(">=").Lit(16), id("b").Op("=").Id("b").Index(jen.Lit(16).Op(":"))).Block(
			id("h").Op("=").Id("mum").Call(le(id("b")).Op("^").Id("hashK1"), le(id("b").Index(jen.Lit(8).Op(":"))).Op("^").Id("h")),
		),
		jen.If(jen.Len(id("b")).Op(">=").Lit(8)).Block(
			id("h").Op("=").Id("mum").Call(le(id("b")).Op("^").Id("hashK2"), id("h").Op("^").Id("hashK1")),
			id("b").Op("=").Id("b").Index(jen.Lit(8).Op(":")),
		),
		jen.If(jen.Len(id("b")).Op(">").Lit(0)).Block(
			jen.Var().Id("t").Index(jen.Lit(8)).Byte(),
			jen.Copy(id("t").Index(jen.Op(":")), id("b")),
			id("h").Op("=").Id("mum").Call(le(id("t").Index(jen.Op(":"))).Op("^").Id("hashK3"), id("h").Op("^").Id("hashK2")),
		),
		jen.Return(id("mum").Call(id("h").Op("^").Id("hashK1"), id("h").Op("^").Id("hashK3"))),
	)
	g.temps = 0
	f.Comment("hashFields hashes every stored value of s in turn; it is used when State")
	f.Comment("has padding, whose bytes are not canonical.")
	f.Func().Id("hashFields").Params(id("s").Op("*").Id("State")).Uint64().Block(append(append(
		[]jen.Code{id("h").Op(":=").Id("hashSeed")},
		g.hashStmts(st, func() *jen.Statement { return id("s") })...),
		jen.Return(id("mum").Call(id("h").Op("^").Id("hashK1"), id("h").Op("^").Id("hashK3"))))...)
}

// hashStmts emits statements mixing every leaf of a value of layout t at x
// into h.
func (g *gen) hashStmts(t *gtype, x func() *jen.Statement) []jen.Code {
	switch t.kind {
	case gStruct:
		var out []jen.Code
		for _, fd := range t.fields {
			out = append(out, g.hashStmts(fd.t, chain(x, fd.name))...)
		}
		return out
	case gArray:
		i := g.fresh("i")
		return []jen.Code{jen.For(jen.Id(i).Op(":=").Range().Add(lit(t.n))).Block(g.hashStmts(t.elem, index(x, i))...)}
	}
	v := jen.Uint64().Call(x())
	if t.base == "bool" {
		v = jen.Uint64().Call(jen.Id("b2i").Call(x()))
	}
	return []jen.Code{jen.Id("h").Op("=").Id("mum").Call(v.Op("^").Id("hashK1"), jen.Id("h").Op("^").Id("hashK2"))}
}
