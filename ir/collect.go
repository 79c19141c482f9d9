package ir

import (
	"github.com/alecthomas/participle/v2/lexer"
	"github.com/rspec/rspec/parser"
)

type lexerPosition = lexer.Position

// objKind is what a name in the spec scope denotes.
type objKind int

const (
	objConst objKind = iota + 1
	objType
	objMember
	objVar
	objFunc
	objProc
	objAction
	objProp
)

// object is a declared name of the spec scope.
type object struct {
	kind objKind
	name string
	pos  Pos

	konst  *Const
	typ    *Type // objType: the type once resolved
	member *EnumMember
	v      *Var
	fn     *Func
	proc   *Proc
	action *Action
	prop   *Property

	decl *parser.Decl
	// type resolution state of an objType: 0 unresolved, 1 resolving, 2 done
	state int
}

// predeclared are the names of the universe scope: they cannot be redeclared.
var predeclared = map[string]bool{"bool": true, "int": true}

// collect enters every declaration into the spec scope, reporting names
// declared twice, and creates the IR objects the later phases fill in.
func (c *checker) collect() {
	for _, d := range c.file.Decls {
		c.collectDecl(d)
	}
}

func (c *checker) collectDecl(d *parser.Decl) {
	switch {
	case d.Const != nil:
		k := &Const{Name: d.Const.Name.Name, Pos: pos(d.Const.Name.Pos)}
		c.declare(&object{kind: objConst, konst: k, decl: d}, d.Const.Name)
	case d.Domain != nil:
		c.declare(&object{kind: objType, decl: d}, d.Domain.Name)
	case d.Type != nil:
		c.declare(&object{kind: objType, decl: d}, d.Type.Name)
	case d.Enum != nil:
		c.collectEnum(d)
	case d.Record != nil:
		c.collectRecord(d)
	case d.Network != nil:
		if c.spec.Network != nil {
			c.errorf(pos(d.Pos), "network redeclared in this spec (other declaration at %s)", c.spec.Network.Pos)
			return
		}
		c.spec.Network = &Network{Pos: pos(d.Pos)}
		c.netDecl = d.Network
	case d.Crash != nil:
		if c.spec.Crash != nil {
			c.errorf(pos(d.Pos), "crash redeclared in this spec (other declaration at %s)", c.spec.Crash.Pos)
			return
		}
		c.spec.Crash = &Crash{Pos: pos(d.Pos)}
		c.crashDecl = d.Crash
	case d.Var != nil:
		v := &Var{Name: d.Var.Name.Name, Pos: pos(d.Var.Name.Pos),
			Durable: d.Var.Class == "durable", Ghost: d.Var.Class == "ghost"}
		c.declare(&object{kind: objVar, v: v, decl: d}, d.Var.Name)
	case d.Fn != nil:
		f := &Func{Name: d.Fn.Name.Name, Pos: pos(d.Fn.Name.Pos)}
		c.declare(&object{kind: objFunc, fn: f, decl: d}, d.Fn.Name)
	case d.Proc != nil:
		p := &Proc{Name: d.Proc.Name.Name, Pos: pos(d.Proc.Name.Pos)}
		c.declare(&object{kind: objProc, proc: p, decl: d}, d.Proc.Name)
	case d.Action != nil:
		a := &Action{Name: d.Action.Name.Name, Pos: pos(d.Action.Name.Pos), Kind: ActionUser}
		c.declare(&object{kind: objAction, action: a, decl: d}, d.Action.Name)
	case d.Handler != nil:
		a := &Action{Name: "on " + d.Handler.Msg.Name, Pos: pos(d.Pos), Kind: ActionReceive}
		c.order = append(c.order, &object{kind: objAction, action: a, decl: d, name: a.Name, pos: a.Pos})
	case d.Prop != nil:
		p := &Property{Name: d.Prop.Name.Name, Pos: pos(d.Prop.Name.Pos), Kind: propKinds[d.Prop.Kind]}
		c.declare(&object{kind: objProp, prop: p, decl: d}, d.Prop.Name)
	}
}

var propKinds = map[string]PropKind{
	"invariant": PropInvariant, "reachable": PropReachable,
	"transition": PropTransition, "constraint": PropConstraint,
}

func (c *checker) collectEnum(d *parser.Decl) {
	e := &Enum{Name: d.Enum.Name.Name, Pos: pos(d.Enum.Name.Pos)}
	e.Type = &Type{Kind: KindEnum, Name: e.Name, Pos: e.Pos, Enum: e}
	c.declare(&object{kind: objType, typ: e.Type, decl: d, state: 2}, d.Enum.Name)
	for i, id := range d.Enum.Members {
		m := &EnumMember{Name: id.Name, Pos: pos(id.Pos), Value: i, Enum: e}
		e.Members = append(e.Members, m)
		c.declare(&object{kind: objMember, member: m, decl: d}, id)
	}
	c.spec.Enums = append(c.spec.Enums, e)
}

func (c *checker) collectRecord(d *parser.Decl) {
	r := &Record{Name: d.Record.Name.Name, Pos: pos(d.Record.Name.Pos), IsMessage: d.Record.Message, Tag: -1}
	r.Type = &Type{Kind: KindRecord, Name: r.Name, Pos: r.Pos, Record: r}
	if r.IsMessage {
		r.Tag = len(c.spec.Messages)
		c.spec.Messages = append(c.spec.Messages, r)
	}
	c.spec.Records = append(c.spec.Records, r)
	c.declare(&object{kind: objType, typ: r.Type, decl: d, state: 2}, d.Record.Name)
}

// declare enters o under id's name, or reports the name declared twice.
func (c *checker) declare(o *object, id *parser.Ident) {
	o.name, o.pos = id.Name, pos(id.Pos)
	switch {
	case predeclared[o.name] || builtins[o.name] != 0:
		c.errorf(o.pos, "cannot redeclare predeclared identifier %s", o.name)
	case c.objs[o.name] != nil:
		c.errorf(o.pos, "%s redeclared in this spec (other declaration at %s)", o.name, c.objs[o.name].pos)
	default:
		c.objs[o.name] = o
	}
	c.order = append(c.order, o)
}

// pos converts a participle position.
func pos(p lexerPosition) Pos { return parser.PosOf(p) }
