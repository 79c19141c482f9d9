package ir

// The types of none, {} and [] before the context gives them one.
var (
	untypedNone = &Type{Kind: KindOption, Name: "untyped none"}
	untypedSet  = &Type{Kind: KindSet, Name: "untyped set"}
	untypedSeq  = &Type{Kind: KindSeq, Name: "untyped seq"}
)

func isUntyped(t *Type) bool { return t == untypedNone || t == untypedSet || t == untypedSeq }

// underlying returns the structure of a named option, set, seq or map type
// as an unnamed type; other types are returned as they are.
func underlying(t *Type) *Type {
	switch t.Kind {
	case KindOption, KindSet, KindSeq, KindMap:
		if t.Name != "" && !isUntyped(t) {
			u := *t
			u.Name, u.GoName = "", ""
			return &u
		}
	}
	return t
}

// assignable reports whether a value of type v may be stored where type t
// is expected. Integers convert freely (range-checked when stored), except
// that a symmetric domain accepts only its own values; a named structural
// type and an unnamed one of the same structure are interchangeable.
func assignable(v, t *Type) bool {
	switch {
	case v == invalid || t == invalid:
		return true
	case Identical(v, t):
		return true
	case v.IsInteger() && t.IsInteger():
		return !v.Symmetric && !t.Symmetric
	case isUntyped(v):
		return v.Kind == t.Kind
	case v.Name != "" && t.Name != "" && v.Kind != KindRange:
		return false
	}
	return Identical(underlying(v), underlying(t))
}

// comparableTypes reports whether values of types a and b may be compared with
// == and !=.
func comparableTypes(a, b *Type) bool {
	return assignable(a, b) || assignable(b, a)
}

// setUntyped gives an untyped expression the type t the context expects.
func setUntyped(x Expr, t *Type) {
	switch x := x.(type) {
	case *NoneLit:
		x.T = t
	case *SetLit:
		x.T = t
	case *SeqLit:
		x.T = t
	case *Cond:
		x.T = t
		if isUntyped(x.Then.Type()) {
			setUntyped(x.Then, t)
		}
		if isUntyped(x.Else.Type()) {
			setUntyped(x.Else, t)
		}
	}
}

// use checks that x may be stored where type t is expected, giving an
// untyped x its type; context completes "cannot use T1 as T2 value in ...".
func (c *checker) use(x Expr, t *Type, context string) Expr {
	v := x.Type()
	if !assignable(v, t) {
		c.errorf(x.Position(), "cannot use %s as %s value in %s", v, t, context)
		return x
	}
	if isUntyped(v) {
		setUntyped(x, t)
	}
	return x
}

// settle gives an untyped expression with no context an error.
func (c *checker) settle(x Expr, what string) Expr {
	if isUntyped(x.Type()) {
		c.errorf(x.Position(), "use of %s in %s (cannot infer its type)", x.Type(), what)
		setUntyped(x, invalid)
	}
	return x
}
