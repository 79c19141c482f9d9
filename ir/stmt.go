package ir

// Stmt is a statement of an action or procedure body.
type Stmt interface {
	Position() Pos
	stmtNode()
}

type stmtBase struct{ P Pos }

func (s *stmtBase) Position() Pos { return s.P }
func (s *stmtBase) stmtNode()     {}

// StmtBase returns a stmtBase for constructing statements outside this package.
func StmtBase(pos Pos) stmtBase { return stmtBase{P: pos} }

// Require disables the enclosing action unless Cond holds. It may appear
// anywhere in a body; actions are atomic, so effects before a failed require
// are discarded.
type Require struct {
	stmtBase
	Cond Expr
}

// Let declares a local variable; locals may be reassigned with Assign.
type Let struct {
	stmtBase
	Var   *Local
	Value Expr
}

// AssignOp is =, += or -=.
type AssignOp int

// Assignment operators.
const (
	AssignSet AssignOp = iota + 1
	AssignAdd
	AssignSub
)

// Assign stores Value into Target. Target is a VarRef or a LocalRef (a let
// local), possibly under Index and FieldSel: log[s], sentLength[s][t],
// x.f. Storing a value outside the target's range or a sequence longer than
// its bound is a model fault.
type Assign struct {
	stmtBase
	Target Expr
	Op     AssignOp
	Value  Expr
}

// If runs Then when Cond holds, else Else (nil when absent; an `else if` is
// an Else holding one If).
type If struct {
	stmtBase
	Cond Expr
	Then []Stmt
	Else []Stmt
}

// For runs Body for every value of Over, in order, that satisfies Where.
type For struct {
	stmtBase
	Var   *Local
	Over  *Iter
	Where Expr
	Body  []Stmt
}

// Send puts a message into the network, from the node of the enclosing
// action to To; Broadcast sends one copy to every other node instead.
type Send struct {
	stmtBase
	Msg       Expr // a RecordLit or any expression of message type
	To        Expr // nil when Broadcast
	Broadcast bool
}

// CallProc runs a procedure's body with its parameters bound to Args (and its
// node bound to the caller's node).
type CallProc struct {
	stmtBase
	Proc *Proc
	Args []Expr
}
