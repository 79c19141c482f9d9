package ir

import "github.com/rspec/rspec/parser"

// bodyKind says what kind of body is being checked; it decides what the
// body may read and do.
type bodyKind int

const (
	bodyFunc   bodyKind = iota + 1 // a function: an expression, may read state
	bodyProc                       // a procedure: statements
	bodyAction                     // an action or handler: statements
	bodyProp                       // a property: an expression, may read ghosts
	bodyInit                       // an initial value: constants only
)

// bodyState is the state of checking one body: its scopes of locals, the Go
// names given out so far, its node and what it may read.
type bodyState struct {
	c       *checker
	kind    bodyKind
	scope   *scope
	goNames map[string]bool
	node    *Local    // the `at` node, or nil
	prop    *Property // bodyProp: the property
	// ghostOK is set while checking what may read ghost variables: a
	// property, or the value assigned to a ghost variable.
	ghostOK bool
	fn      *Func // bodyFunc: the function
	proc    *Proc // bodyProc: the procedure
}

// scope is one block of locals.
type scope struct {
	parent *scope
	locals map[string]*Local
}

func newBody(c *checker, kind bodyKind) *bodyState {
	return &bodyState{c: c, kind: kind, scope: &scope{locals: map[string]*Local{}}, goNames: map[string]bool{}}
}

// push opens a nested scope; pop closes it.
func (b *bodyState) push() { b.scope = &scope{parent: b.scope, locals: map[string]*Local{}} }
func (b *bodyState) pop()  { b.scope = b.scope.parent }

// newLocal declares a local in the innermost scope, reporting a name
// declared twice in the same scope.
func (b *bodyState) newLocal(name string, p Pos, t *Type, kind LocalKind) *Local {
	l := &Local{Name: name, Pos: p, Type: t, Kind: kind, GoName: b.goName(name)}
	if prev := b.scope.locals[name]; prev != nil {
		b.c.errorf(p, "%s redeclared in this block (other declaration at %s)", name, prev.Pos)
	}
	if name != "_" {
		b.scope.locals[name] = l
	}
	return l
}

// goName returns a lowerCamel Go identifier for a local, unique within the
// body and never a Go keyword or predeclared name.
func (b *bodyState) goName(name string) string {
	base := localGoName(name)
	n := base
	for i := 2; b.goNames[n]; i++ {
		n = base + itoa(i)
	}
	b.goNames[n] = true
	return n
}

// lookup finds a local by name, innermost scope first.
func (b *bodyState) lookup(name string) *Local {
	for s := b.scope; s != nil; s = s.parent {
		if l := s.locals[name]; l != nil {
			return l
		}
	}
	return nil
}

// funcInfo is what the call-graph phase needs of a function.
type funcInfo struct {
	decl       *parser.FnDecl
	body       *bodyState
	calls      []*Func
	ghostRead  *Var // a ghost variable the body reads, or nil
	stateRead  *Var // a state variable the body reads, or nil
	transitive bool // ghostRead and stateRead include those of callees
}

// procInfo is what the call-graph phase needs of a procedure.
type procInfo struct {
	decl  *parser.ProcDecl
	body  *bodyState
	calls []*Proc
}

// callSite is a call of a function whose restrictions (no ghost reads, no
// state reads) are only known once every body has been checked.
type callSite struct {
	pos     Pos
	fn      *Func
	ghostOK bool
	stateOK bool
}
