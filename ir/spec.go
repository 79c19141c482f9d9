package ir

import "github.com/rspec/rspec/parser"

// Spec is a checked RSL spec: every name resolved, every expression typed,
// constants evaluated, and the Go identifiers of generated code decided. It is
// the only input of codegen.
type Spec struct {
	Name   string // spec name, from the file name ("raft")
	File   string // source path as given
	Hash   string // hex SHA-256 of the source bytes and the constant values, for staleness checks
	Source []byte // the source text

	Consts   []*Const // in declaration order, values after -D overrides
	Types    []*Type  // named types (domains, aliases, enums, records, messages) in declaration order
	Enums    []*Enum
	Records  []*Record // records and messages, in declaration order
	Messages []*Record // the message types, in declaration order (Tag order)
	Network  *Network  // nil when the spec declares no network
	Crash    *Crash    // nil when the spec declares no crashes
	Vars     []*Var    // state variables in declaration order
	Funcs    []*Func
	Procs    []*Proc
	Actions  []*Action   // user actions and receive handlers, in declaration order
	Props    []*Property // in declaration order

	Warnings []*Error // non-fatal diagnostics (unbounded state), sorted
}

// Error is a positioned diagnostic (the same type the parser reports).
type Error = parser.Error

// Const is a named integer or boolean constant.
type Const struct {
	Name       string
	Pos        Pos
	Type       *Type // Int or Bool
	Value      int64 // a bool is 0 or 1
	Overridden bool  // set from the command line (-D)
	GoName     string
}

// Var is a state variable.
type Var struct {
	Name    string
	Pos     Pos
	Type    *Type
	Durable bool // survives a crash
	Ghost   bool // history for properties; never read by actions (checked)
	Init    Expr // initial value, or nil for the zero value of Type
	// NodeIndexed is set when Type is a map whose key is the crash (or
	// network) node domain: element s is node s's part of the variable.
	NodeIndexed bool
	GoName      string // exported field name in the generated state struct
}

// LocalKind says where a local comes from.
type LocalKind int

// Kinds of locals. Only LocalLet may be assigned.
const (
	LocalParam LocalKind = iota + 1 // an action, function or procedure parameter
	LocalNode                       // the node of an `at s` clause
	LocalMsg                        // the received message of a handler
	LocalFrom                       // the sender of a received message (`from p`)
	LocalLet                        // declared by let
	LocalLoop                       // a for, quantifier or comprehension variable
)

// Local is a local variable. Pointers are shared by every reference.
type Local struct {
	Name   string
	Pos    Pos
	Type   *Type
	Kind   LocalKind
	GoName string // a Go identifier unique within its generated function
}

// Func is a pure function: it may read state but changes nothing.
type Func struct {
	Name   string
	Pos    Pos
	Params []*Local
	Result *Type
	Body   Expr
	GoName string
}

// Proc is a procedure: a named block of statements called from actions. A
// procedure with Node set (`at s`) runs at the caller's node and may send.
type Proc struct {
	Name   string
	Pos    Pos
	Params []*Local
	Node   *Local // nil for a procedure without `at`
	Body   []Stmt
	GoName string
}

// ActionKind distinguishes user actions from receive handlers.
type ActionKind int

// Kinds of actions.
const (
	ActionUser    ActionKind = iota + 1 // action Name(params) [at s] { ... }
	ActionReceive                       // on Msg m [from p] at s { ... }
)

// Action is a user action or a receive handler. The model's transitions are
// every binding of an action's parameters (each over its finite type) plus,
// for handlers, every deliverable message of the handled type; and the
// built-in Drop/Duplicate (from Network) and Crash (from Crash) actions.
type Action struct {
	Name   string
	Pos    Pos
	Kind   ActionKind
	Params []*Local // ActionUser: parameters, each of finite type
	Node   *Local   // the `at` node; nil for a global user action
	Msg    *Record  // ActionReceive: the handled message type
	MsgVar *Local   // ActionReceive: the message binding (m)
	From   *Local   // ActionReceive: the sender binding, or nil
	Body   []Stmt
	GoName string
}

// Delivery is the semantics of the network.
type Delivery int

// Network semantics.
const (
	DeliveryBag         Delivery = iota + 1 // unordered; delivery consumes one copy (the default)
	DeliveryDuplicating                     // unordered; delivery leaves the message in flight (a set)
	DeliveryFIFO                            // ordered per (from, to) channel; only the head is deliverable
)

// Network is the built-in network of messages between nodes.
type Network struct {
	Pos      Pos
	Node     *Type // the node domain
	Delivery Delivery
	Lossy    bool  // adds a Drop action for every message in flight
	Capacity int64 // most messages in flight at once; 0 = unbounded (warned)
	Copies   int64 // bag: most copies of one message in flight; 0 = unbounded
	Messages []*Record
}

// Crash declares crash-and-restart faults of nodes.
type Crash struct {
	Pos  Pos
	Node *Type // the node domain
	Max  int64 // most crashes in a whole run
	// Resets lists the variables a crash of node s resets (element s to its
	// initial value): every non-durable, non-ghost node-indexed variable.
	Resets []*Var
}

// PropKind is the kind of a property.
type PropKind int

// Kinds of properties.
const (
	PropInvariant  PropKind = iota + 1 // holds in every reachable state
	PropReachable                      // holds in some reachable state
	PropTransition                     // holds for every step (may read primed variables)
	PropConstraint                     // states where it is false are not explored
)

// Property is a named property.
type Property struct {
	Name   string
	Pos    Pos
	Kind   PropKind
	Expr   Expr // bool
	GoName string
}
