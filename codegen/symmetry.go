package codegen

import (
	"github.com/dave/jennifer/jen"

	"github.com/rspec/rspec/ir"
)

// maxPerms bounds the renamings a generated model enumerates; a spec whose
// symmetric domains have more (8! and up) gets no symmetry reduction.
const maxPerms = 5040

// symDomains returns the spec's symmetric domains in declaration order.
func (g *gen) symDomains() []*ir.Type {
	var out []*ir.Type
	for _, t := range g.spec.Types {
		if t.Kind == ir.KindRange && t.Symmetric {
			out = append(out, t)
		}
	}
	return out
}

// symmetric reports whether the model gets a symmetry-reduced fingerprint:
// the spec declares a symmetric domain and the renamings are few enough.
func (g *gen) symmetric() bool {
	ds := g.symDomains()
	if len(ds) == 0 {
		return false
	}
	n := int64(1)
	for _, d := range ds {
		for k := int64(2); k <= d.Card(); k++ {
			n *= k
			if n > maxPerms {
				return false
			}
		}
	}
	return true
}

// symIn reports whether values of t mention a symmetric domain, so that a
// renaming can change them.
func symIn(t *ir.Type) bool {
	switch t.Kind {
	case ir.KindRange:
		return t.Symmetric
	case ir.KindOption, ir.KindSet, ir.KindSeq:
		return symIn(t.Elem)
	case ir.KindMap:
		return symIn(t.Key) || symIn(t.Elem)
	case ir.KindRecord:
		for _, f := range t.Record.Fields {
			if symIn(f.Type) {
				return true
			}
		}
	}
	return false
}

// genSymmetryFile emits Perm, the table of renamings, the renaming of every
// stored value that mentions a symmetric domain, and CanonicalFingerprint.
func (g *gen) genSymmetryFile(f *jen.File) {
	id := jen.Id
	ds := g.symDomains()
	f.Comment("Perm renames the values of the symmetric domains: value i of a domain")
	f.Comment("becomes the value at index i of its array.")
	f.Type().Id("Perm").StructFunc(func(s *jen.Group) {
		for _, d := range ds {
			s.Id(goName(d)).Index(lit(d.Card())).Uint8()
		}
	})
	f.Comment("perms lists every renaming; the first is the identity.")
	f.Var().Id("perms").Op("=").Index(jen.Op("...")).Id("Perm").ValuesFunc(func(v *jen.Group) {
		for _, p := range permProduct(ds) {
			v.Values(jen.DictFunc(func(d jen.Dict) {
				for i, dom := range ds {
					d[id(goName(dom))] = jen.Index(lit(dom.Card())).Uint8().ValuesFunc(func(e *jen.Group) {
						for _, x := range p[i] {
							e.Lit(x)
						}
					})
				}
			}))
		}
	})
	f.Var().Id("_").Qual(CheckerPath, "Symmetric").Types(id("State")).Op("=").Parens(jen.Op("*").Id("Model")).Call(jen.Nil())
	g.genRename(f)
	g.genSignatures(f, ds)
	g.genCanonical(f, ds)
	f.Comment("Renamings returns the number of renamings of the symmetric domains.")
	f.Func().Params(id("m").Op("*").Id("Model")).Id("Renamings").Params().Int().Block(jen.Return(jen.Len(id("perms"))))
	f.Comment("Rename writes to dst the state s renamed by renaming i.")
	f.Func().Params(id("m").Op("*").Id("Model")).Id("Rename").Params(id("s").Op("*").Id("State"), id("i").Int(), id("dst").Op("*").Id("State")).Block(
		id("rename").Call(id("s"), jen.Op("&").Id("perms").Index(id("i")), id("dst")))
	g.genDescribeRenaming(f, ds)
}

// genRename emits rename, which renames a whole state, and the functions it
// needs.
func (g *gen) genRename(f *jen.File) {
	id := jen.Id
	sw := &symWriter{g: g, f: f, done: map[string]bool{}}
	st := jen.Id("dst")
	var body []jen.Code
	body = append(body, jen.Op("*").Add(st).Op("=").Op("*").Id("s"))
	for _, v := range g.spec.Vars {
		if symIn(v.Type) {
			body = append(body, st.Clone().Dot(v.GoName).Op("=").Add(sw.val(v.Type, id("s").Dot(v.GoName))))
		}
	}
	if g.spec.Network != nil {
		body = append(body, id("s").Dot("Net").Dot("rename").Call(id("p"), jen.Op("&").Add(st.Clone()).Dot("Net")))
	}
	f.Comment("rename writes to dst the state s with every symmetric value renamed by p.")
	f.Func().Id("rename").Params(id("s").Op("*").Id("State"), id("p").Op("*").Id("Perm"), id("dst").Op("*").Id("State")).Block(body...)
	if g.spec.Network != nil {
		sw.network()
	}
}

// genCanonical emits CanonicalFingerprint and sorts.
func (g *gen) genCanonical(f *jen.File, ds []*ir.Type) {
	id := jen.Id
	f.Comment("CanonicalFingerprint returns a fingerprint that is the same for s and")
	f.Comment("every renaming of s: the least fingerprint of the renamings of s that")
	f.Comment("list each domain's values in order of their signatures (all renamings")
	f.Comment("when every signature ties, one when none does). It does not allocate.")
	var body []jen.Code
	var ok *jen.Statement
	for _, d := range ds {
		n := goName(d)
		body = append(body,
			jen.Var().Id("sig"+n).Index(lit(d.Card())).Uint64(),
			jen.For(id("i").Op(":=").Range().Id("sig"+n)).Block(
				id("sig"+n).Index(id("i")).Op("=").Id("signature"+n).Call(id("s"), id("i"))),
		)
		c := id("sorts").Call(id("sig"+n).Index(jen.Op(":")), id("p").Dot(n).Index(jen.Op(":")))
		if ok == nil {
			ok = c
		} else {
			ok = ok.Op("&&").Add(c)
		}
	}
	body = append(body,
		jen.Var().Id("t").Id("State"),
		jen.List(id("best"), id("found")).Op(":=").List(jen.Uint64().Call(jen.Lit(0)), jen.False()),
		jen.For(id("i").Op(":=").Range().Id("perms")).Block(
			id("p").Op(":=").Op("&").Id("perms").Index(id("i")),
			jen.If(jen.Op("!").Parens(ok)).Block(jen.Continue()),
			id("rename").Call(id("s"), id("p"), jen.Op("&").Id("t")),
			jen.If(id("fp").Op(":=").Id("m").Dot("Fingerprint").Call(jen.Op("&").Id("t")), jen.Op("!").Id("found").Op("||").Id("fp").Op("<").Id("best")).Block(
				jen.List(id("best"), id("found")).Op("=").List(id("fp"), jen.True()),
			),
		),
		jen.Return(id("best")),
	)
	f.Func().Params(id("m").Op("*").Id("Model")).Id("CanonicalFingerprint").Params(id("s").Op("*").Id("State")).Uint64().Block(body...)
	f.Comment("sorts reports whether renaming p lists values with smaller signatures")
	f.Comment("first: p[i] < p[k] whenever sig[i] < sig[k].")
	f.Func().Id("sorts").Params(id("sig").Index().Uint64(), id("p").Index().Uint8()).Bool().Block(
		jen.For(id("i").Op(":=").Range().Id("sig")).Block(
			jen.For(id("k").Op(":=").Id("i").Op("+").Lit(1), id("k").Op("<").Len(id("sig")), id("k").Op("++")).Block(
				jen.If(id("sig").Index(id("i")).Op("<").Id("sig").Index(id("k")).Op("&&").Id("p").Index(id("i")).Op(">").Id("p").Index(id("k")).Op("||").
					Id("sig").Index(id("i")).Op(">").Id("sig").Index(id("k")).Op("&&").Id("p").Index(id("i")).Op("<").Id("p").Index(id("k"))).Block(
					jen.Return(jen.False())),
			),
		),
		jen.Return(jen.True()),
	)
}

// genSignatures emits, for each symmetric domain D, signatureD(s, i): a hash
// of the elements i of the variables indexed by D whose values name no
// symmetric domain. A renaming moves those elements with i and leaves them
// unchanged, so the signature of i in s is that of p(i) in the renaming of s
// by p, and CanonicalFingerprint need only try the renamings that order the
// values by signature.
func (g *gen) genSignatures(f *jen.File, ds []*ir.Type) {
	id := jen.Id
	for _, d := range ds {
		var body []jen.Code
		body = append(body, id("h").Op(":=").Id("hashSeed"))
		for _, v := range g.spec.Vars {
			t := v.Type
			if t.Kind != ir.KindMap || !t.Key.Symmetric || goName(t.Key) != goName(d) || symIn(t.Elem) {
				continue
			}
			x := func() *jen.Statement { return id("s").Dot(v.GoName).Index(id("i")) }
			body = append(body, g.hashStmts(g.gt(t.Elem), x)...)
		}
		body = append(body, jen.Return(id("h")))
		f.Commentf("signature%s hashes what %s i holds that names no renamed value.", goName(d), goName(d))
		f.Func().Id("signature"+goName(d)).Params(id("s").Op("*").Id("State"), id("i").Int()).Uint64().Block(body...)
	}
}

// genDescribeRenaming emits DescribeRenaming, which names the values a
// renaming moves ("s0->s1 s1->s0").
func (g *gen) genDescribeRenaming(f *jen.File, ds []*ir.Type) {
	id := jen.Id
	var body []jen.Code
	body = append(body, jen.Var().Id("b").Index().Byte())
	for _, d := range ds {
		n := goName(d)
		body = append(body, jen.For(id("v").Op(",").Id("w").Op(":=").Range().Id("perms").Index(id("i")).Dot(n)).Block(
			jen.If(jen.Int().Call(id("w")).Op("!=").Id("v")).Block(
				jen.If(jen.Len(id("b")).Op(">").Lit(0)).Block(id("b").Op("=").Append(id("b"), jen.Lit(" ").Op("..."))),
				id("b").Op("=").Append(id("b"), id(n).Call(plusLo(id("v"), d.Lo)).Dot("String").Call().Op("...")),
				id("b").Op("=").Append(id("b"), jen.Lit("->").Op("...")),
				id("b").Op("=").Append(id("b"), id(n).Call(plusLo(jen.Int().Call(id("w")), d.Lo)).Dot("String").Call().Op("...")),
			),
		))
	}
	body = append(body,
		jen.If(jen.Len(id("b")).Op("==").Lit(0)).Block(jen.Return(jen.Lit("identity"))),
		jen.Return(jen.String().Call(id("b"))))
	f.Comment("DescribeRenaming names the values renaming i moves, for messages.")
	f.Func().Params(id("m").Op("*").Id("Model")).Id("DescribeRenaming").Params(id("i").Int()).String().Block(body...)
}

// plusLo returns x + lo, or x when lo is 0.
func plusLo(x *jen.Statement, lo int64) *jen.Statement {
	if lo == 0 {
		return x
	}
	return x.Op("+").Add(lit(lo))
}

// permProduct lists every combination of one permutation per domain, the
// identity first; p[i] is the permutation of domain i.
func permProduct(ds []*ir.Type) [][][]int {
	out := [][][]int{nil}
	for _, d := range ds {
		var next [][][]int
		for _, prefix := range out {
			for _, q := range permutations(int(d.Card())) {
				c := append(append([][]int(nil), prefix...), q)
				next = append(next, c)
			}
		}
		out = next
	}
	return out
}

// permutations lists the permutations of 0..n-1 in lexicographic order.
func permutations(n int) [][]int {
	if n == 0 {
		return [][]int{{}}
	}
	var out [][]int
	for _, rest := range permutations(n - 1) {
		for pos := 0; pos <= len(rest); pos++ {
			q := make([]int, 0, n)
			q = append(q, rest[:pos]...)
			q = append(q, n-1)
			q = append(q, rest[pos:]...)
			out = append(out, q)
		}
	}
	sortPerms(out)
	return out
}

func sortPerms(ps [][]int) {
	less := func(a, b []int) bool {
		for i := range a {
			if a[i] != b[i] {
				return a[i] < b[i]
			}
		}
		return false
	}
	for i := 1; i < len(ps); i++ {
		for j := i; j > 0 && less(ps[j], ps[j-1]); j-- {
			ps[j], ps[j-1] = ps[j-1], ps[j]
		}
	}
}

// symWriter emits, once each, the functions that rename stored values
// (permX) and ordinals (permOrdX) of the types that mention a symmetric
// domain.
type symWriter struct {
	g    *gen
	f    *jen.File
	done map[string]bool
}

// val returns the expression renaming v, a stored value of type t, by p.
func (w *symWriter) val(t *ir.Type, v *jen.Statement) *jen.Statement {
	return w.call("perm"+typeTag(t), t, w.genVal, v)
}

// ord returns the expression renaming i, the ordinal of a value of the finite
// type t, by p.
func (w *symWriter) ord(t *ir.Type, i *jen.Statement) *jen.Statement {
	return w.call("permOrd"+typeTag(t), t, w.genOrd, i)
}

// call returns a call of the function name on x and p, emitting the function
// with gen the first time it is asked for.
func (w *symWriter) call(name string, t *ir.Type, gen func(string, *ir.Type), x *jen.Statement) *jen.Statement {
	if !w.done[name] {
		w.done[name] = true
		gen(name, t)
	}
	return jen.Id(name).Call(x, jen.Id("p"))
}

func (w *symWriter) genVal(name string, t *ir.Type) {
	id := jen.Id
	g := w.g
	typ := g.storageType(t)
	var body []jen.Code
	switch t.Kind {
	case ir.KindRange:
		if t.Lo == 0 {
			body = append(body, jen.Return(typ.Clone().Call(id("p").Dot(goName(t)).Index(id("v")))))
		} else {
			body = append(body, jen.Return(typ.Clone().Call(
				jen.Int().Call(id("p").Dot(goName(t)).Index(jen.Int().Call(id("v")).Op("-").Add(lit(t.Lo)))).Op("+").Add(lit(t.Lo)))))
		}
	case ir.KindOption:
		body = append(body, jen.Return(typ.Clone().Call(w.ord(t, jen.Int().Call(id("v"))))))
	case ir.KindSet:
		if isBigSet(t) {
			body = w.bigSetRename(t)
			break
		}
		body = append(body,
			jen.For(id("x").Op(":=").Uint64().Call(id("v")), id("x").Op("!=").Lit(0), id("x").Op("&=").Id("x").Op("-").Lit(1)).Block(
				id("out").Op("|=").Lit(1).Op("<<").Add(w.ord(t.Elem, jen.Qual("math/bits", "TrailingZeros64").Call(id("x")))),
			),
			jen.Return(id("out")))
	case ir.KindSeq:
		body = append(body,
			jen.For(id("i").Op(":=").Range().Int().Call(id("v").Dot("Len"))).Block(
				id("v").Dot("Elems").Index(id("i")).Op("=").Add(w.val(t.Elem, id("v").Dot("Elems").Index(id("i")))),
			),
			jen.Return(id("v")))
	case ir.KindMap:
		elem := id("v").Index(id("i"))
		if symIn(t.Elem) {
			elem = w.val(t.Elem, id("v").Index(id("i")))
		}
		key := id("i")
		if symIn(t.Key) {
			key = w.ord(t.Key, id("i"))
		}
		body = append(body,
			jen.For(id("i").Op(":=").Range().Add(lit(t.Key.Card()))).Block(id("out").Index(key).Op("=").Add(elem)),
			jen.Return(id("out")))
	case ir.KindRecord:
		for _, fd := range t.Record.Fields {
			if symIn(fd.Type) {
				body = append(body, id("v").Dot(fd.GoName).Op("=").Add(w.val(fd.Type, id("v").Dot(fd.GoName))))
			}
		}
		body = append(body, jen.Return(id("v")))
	default:
		g.errorf(t.Pos, "no renaming for type %s", t)
	}
	results := typ.Clone()
	if t.Kind == ir.KindSet || t.Kind == ir.KindMap {
		results = jen.Parens(id("out").Add(typ.Clone()))
	}
	w.f.Commentf("%s renames a stored value of type %s by p.", name, t)
	w.f.Func().Id(name).Params(id("v").Add(typ), id("p").Op("*").Id("Perm")).Add(results).Block(body...)
}

func (w *symWriter) genOrd(name string, t *ir.Type) {
	id := jen.Id
	g := w.g
	var body []jen.Code
	switch t.Kind {
	case ir.KindRange:
		body = append(body, jen.Return(jen.Int().Call(id("p").Dot(goName(t)).Index(id("i")))))
	case ir.KindOption:
		body = append(body,
			jen.If(id("i").Op("==").Lit(0)).Block(jen.Return(jen.Lit(0))),
			jen.Return(w.ord(t.Elem, id("i").Op("-").Lit(1)).Op("+").Lit(1)))
	case ir.KindRecord:
		g.needOrd(t.Record)
		n := goName(t)
		body = append(body, jen.Return(id("ord"+n).Call(w.val(t, id("val"+n).Call(id("i"))))))
	default:
		g.errorf(t.Pos, "no renaming of ordinals of type %s", t)
	}
	w.f.Commentf("%s renames the ordinal of a value of type %s by p.", name, t)
	w.f.Func().Id(name).Params(id("i").Int(), id("p").Op("*").Id("Perm")).Int().Block(body...)
}

// network emits Network.rename and renameMsg. Messages are re-added in
// their order, so a FIFO channel keeps its order and a bag is re-sorted.
func (w *symWriter) network() {
	id := jen.Id
	g := w.g
	n := g.spec.Network
	var cases []jen.Code
	for _, r := range g.netMessages() {
		if symIn(r.Type) {
			fd := id("m").Dot(goName(r.Type))
			cases = append(cases, jen.Case(id(tagName(r))).Block(fd.Clone().Op("=").Add(w.val(r.Type, fd))))
		}
	}
	var body []jen.Code
	if symIn(n.Node) {
		for _, e := range []string{"From", "To"} {
			body = append(body, id("m").Dot(e).Op("=").Add(w.val(n.Node, id("m").Dot(e))))
		}
	}
	if len(cases) > 0 {
		body = append(body, jen.Switch(id("m").Dot("Tag")).Block(cases...))
	}
	body = append(body, jen.Return(id("m")))
	w.f.Comment("renameMsg renames the sender, receiver and fields of m by p.")
	w.f.Func().Id("renameMsg").Params(id("m").Id("Msg"), id("p").Op("*").Id("Perm")).Id("Msg").Block(body...)

	add := id("out").Dot("add").Call(jen.Op("&").Id("m"))
	if n.Delivery == ir.DeliveryBag {
		add = jen.For(jen.Range().Id("n").Dot("Copies").Index(id("i"))).Block(add)
	}
	w.f.Comment("rename writes to out the network with every message renamed by p, in")
	w.f.Comment("canonical order.")
	w.f.Func().Params(id("n").Op("*").Id("Network")).Id("rename").Params(id("p").Op("*").Id("Perm"), id("out").Op("*").Id("Network")).Block(
		jen.Op("*").Id("out").Op("=").Id("Network").Values(),
		jen.For(id("i").Op(":=").Range().Int().Call(id("n").Dot("Len"))).Block(
			id("m").Op(":=").Id("renameMsg").Call(id("n").Dot("Msgs").Index(id("i")), id("p")),
			add,
		),
	)
}
