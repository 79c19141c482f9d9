package ir

import "github.com/rspec/rspec/parser"

// Pos is a source position; every IR object keeps the position it came from.
type Pos = parser.Pos

// Expr is a typed expression. The concrete types below are the only
// implementations; codegen switches on them.
type Expr interface {
	Position() Pos
	Type() *Type
	exprNode()
}

// exprBase carries what every expression has.
type exprBase struct {
	P Pos
	T *Type
}

func (e *exprBase) Position() Pos { return e.P }
func (e *exprBase) Type() *Type   { return e.T }
func (e *exprBase) exprNode()     {}

// Base returns an exprBase for constructing expressions outside this package.
func Base(pos Pos, t *Type) exprBase { return exprBase{P: pos, T: t} }

// IntLit is an integer literal, or a constant already folded to its value.
type IntLit struct {
	exprBase
	Value int64
	Const *Const // the constant it came from, or nil for a literal
}

// BoolLit is true or false, or a bool constant already folded to its value.
type BoolLit struct {
	exprBase
	Value bool
	Const *Const // the constant it came from, or nil for a literal
}

// EnumLit is a member of an enum, such as Leader.
type EnumLit struct {
	exprBase
	Member *EnumMember
}

// NoneLit is `none`; its type is the option type the context expects.
type NoneLit struct{ exprBase }

// VarRef reads a state variable. Primed is set for x' in a transition
// property: the value after the step.
type VarRef struct {
	exprBase
	Var    *Var
	Primed bool
}

// LocalRef reads a local: a parameter, a let, a loop or quantifier variable,
// a received message, the node of an `at` clause.
type LocalRef struct {
	exprBase
	Local *Local
}

// Index is X[Index]: an element of a map or of a sequence (0-based; out of
// bounds is a model fault).
type Index struct {
	exprBase
	X, Index Expr
}

// Slice is X[Lo:Hi] of a sequence; Lo or Hi is nil when omitted.
type Slice struct {
	exprBase
	X, Lo, Hi Expr
}

// FieldSel is X.Field of a record or message.
type FieldSel struct {
	exprBase
	X     Expr
	Field *Field
}

// Op is a unary or binary operator.
type Op int

// Operators. Comparison operators apply to any two values of identical type
// (order only to integers); arithmetic to integers; logic to bools.
const (
	OpNot Op = iota + 1 // !x
	OpNeg               // -x
	OpAdd
	OpSub
	OpMul
	OpDiv // truncated division; division by zero is a model fault
	OpMod
	OpEq
	OpNe
	OpLt
	OpLe
	OpGt
	OpGe
	OpAnd     // &&, short-circuit
	OpOr      // ||, short-circuit
	OpImplies // =>, short-circuit, right-associative
	OpIn      // x in S: set membership
)

// Unary is Op X.
type Unary struct {
	exprBase
	Op Op
	X  Expr
}

// Binary is X Op Y.
type Binary struct {
	exprBase
	Op   Op
	X, Y Expr
}

// Cond is `if C then Then else Else`.
type Cond struct {
	exprBase
	C, Then, Else Expr
}

// Call calls a pure function.
type Call struct {
	exprBase
	Func *Func
	Args []Expr
}

// Builtin identifies a built-in function.
type Builtin int

// The built-in functions. Arity and types are checked by the front end.
const (
	BuiltinLen    Builtin = iota + 1 // len(seq or set): int
	BuiltinAppend                    // append(seq, elem): seq
	BuiltinConcat                    // concat(seq, seq): seq
	BuiltinLast                      // last(seq): elem; empty is a model fault
	BuiltinPrefix                    // prefix(a, b seq): bool, a is a prefix of b
	BuiltinAdd                       // add(set, elem): set
	BuiltinRemove                    // remove(set, elem): set
	BuiltinUnion                     // union(set, set): set
	BuiltinInter                     // inter(set, set): set
	BuiltinDiff                      // diff(set, set): set
	BuiltinMin                       // min(int, int): int
	BuiltinMax                       // max(int, int): int
	BuiltinSome                      // some(v): option
	BuiltinGet                       // get(option): value; none is a model fault
)

// BuiltinCall calls a built-in function.
type BuiltinCall struct {
	exprBase
	Builtin Builtin
	Args    []Expr
}

// RecordLit is Name{field: value, ...} of a record or message. Fields holds
// one value per field of the record, in declaration order (omitted fields
// are filled with the zero value by the front end).
type RecordLit struct {
	exprBase
	Record *Record
	Fields []Expr
}

// SetLit is {a, b, ...}; its type comes from the elements or the context.
type SetLit struct {
	exprBase
	Elems []Expr
}

// SeqLit is [a, b, ...].
type SeqLit struct {
	exprBase
	Elems []Expr
}

// MapComp is [x in D: Body], a map over the finite domain D.
type MapComp struct {
	exprBase
	Var  *Local
	Over *Iter // always IterType: a map is indexed by a whole finite type
	Body Expr
}

// QuantKind is all, any or count.
type QuantKind int

// Quantifiers.
const (
	QuantAll   QuantKind = iota + 1 // all x in D: P, bool
	QuantAny                        // any x in D: P, bool
	QuantCount                      // count x in D: P, int: how many satisfy P
)

// Quant is a quantifier over one or more binders: `all a, b in Server: P`
// binds a and b to every pair. Where, if set, filters bindings.
type Quant struct {
	exprBase
	Kind    QuantKind
	Binders []*Binder
	Where   Expr
	Body    Expr
}

// Binder binds a local to each value of a finite iteration domain.
type Binder struct {
	Var  *Local
	Over *Iter
}

// IterKind says what an iteration ranges over.
type IterKind int

// Iteration domains, all finite.
const (
	IterType  IterKind = iota + 1 // every value of a finite type, in order
	IterRange                     // the integers Lo..Hi inclusive (empty when Lo > Hi)
	IterSet                       // the elements of a set-valued expression, in order
)

// Iter is the domain of a for loop, a quantifier or a map comprehension.
type Iter struct {
	Kind   IterKind
	Type   *Type // IterType: the type; all kinds: the type of the bound variable
	Lo, Hi Expr  // IterRange
	Set    Expr  // IterSet
}
