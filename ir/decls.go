package ir

import "github.com/rspec/rspec/parser"

// checkDecls checks the network and crash declarations and the types and
// signatures of variables, functions, procedures and actions.
func (c *checker) checkDecls() {
	c.checkNetwork()
	c.checkCrash()
	for _, o := range c.order {
		switch o.kind {
		case objVar:
			o.v.Type = c.resolveType(o.decl.Var.Type)
			c.spec.Vars = append(c.spec.Vars, o.v)
		case objFunc:
			c.funcSignature(o.fn, o.decl.Fn)
		case objProc:
			c.procSignature(o.proc, o.decl.Proc)
		case objAction:
			c.actionSignature(o.action, o.decl)
		case objProp:
			c.spec.Props = append(c.spec.Props, o.prop)
		}
	}
	for _, f := range c.later {
		f()
	}
	c.later = nil
}

func (c *checker) checkNetwork() {
	n, d := c.spec.Network, c.netDecl
	if d == nil {
		return
	}
	n.Node = c.nodeDomain(d.Node, "network")
	seen := map[string]Pos{}
	for _, opt := range d.Options {
		name := opt.Name + opt.Flag
		p := pos(opt.Pos)
		if prev, dup := seen[name]; dup {
			c.errorf(p, "duplicate network option %s (previous at %s)", name, prev)
			continue
		}
		seen[name] = p
		if opt.Cond != nil && name != "lossy" {
			c.errorf(pos(opt.Cond.Pos), "only lossy takes an if condition")
		}
		switch name {
		case "bag", "duplicating", "fifo":
			if n.Delivery != 0 {
				c.errorf(p, "network %s conflicts with an earlier delivery kind", name)
				continue
			}
			n.Delivery = map[string]Delivery{"bag": DeliveryBag, "duplicating": DeliveryDuplicating, "fifo": DeliveryFIFO}[name]
		case "lossy":
			n.Lossy = opt.Cond == nil || c.boolConst(opt.Cond, "lossy condition")
		case "capacity":
			n.Capacity = c.positiveConst(opt.Value, "network capacity")
		case "copies":
			n.Copies = c.positiveConst(opt.Value, "network copies")
		}
	}
	if n.Delivery == 0 {
		n.Delivery = DeliveryBag
	}
	if p, ok := seen["copies"]; ok && n.Delivery != DeliveryBag {
		c.errorf(p, "copies applies only to a bag network")
	}
	if _, ok := seen["capacity"]; !ok {
		c.warnf(n.Pos, "network has no capacity: the state space may be infinite")
	}
	n.Messages = c.spec.Messages
	c.nodeType = n.Node
}

func (c *checker) checkCrash() {
	k, d := c.spec.Crash, c.crashDecl
	if d == nil {
		return
	}
	k.Node = c.nodeDomain(d.Node, "crash")
	if v, ok := c.intConst(d.Max); ok {
		if v < 0 {
			c.errorf(pos(d.Max.Pos), "crash max %d must not be negative", v)
		}
		k.Max = v
	}
	if c.nodeType == nil {
		c.nodeType = k.Node
	} else if k.Node != invalid && c.nodeType != invalid && k.Node != c.nodeType {
		c.errorf(pos(d.Node.Pos), "crash domain %s differs from network domain %s", k.Node, c.nodeType)
	}
}

// nodeDomain resolves the node domain of a network or crash declaration.
func (c *checker) nodeDomain(id *parser.Ident, what string) *Type {
	t := c.typeByName(id)
	if t != invalid && !(t.Kind == KindRange && t.Domain) {
		c.errorf(pos(id.Pos), "%s node type %s is not a domain", what, t)
		return invalid
	}
	return t
}

func (c *checker) positiveConst(e *parser.Expr, what string) int64 {
	v, ok := c.intConst(e)
	if ok && v < 1 {
		c.errorf(pos(e.Pos), "%s %d must be positive", what, v)
		return 0
	}
	return v
}

// params resolves parameters into locals of kind LocalParam, with GoNames
// from the body's namer.
func (c *checker) params(ps []*parser.Param, b *bodyState) []*Local {
	var out []*Local
	for _, p := range ps {
		out = append(out, b.newLocal(p.Name.Name, pos(p.Name.Pos), c.resolveType(p.Type), LocalParam))
	}
	return out
}

// nodeLocal declares the node of an `at s` clause.
func (c *checker) nodeLocal(id *parser.Ident, b *bodyState, kind LocalKind) *Local {
	t := c.nodeType
	if t == nil {
		c.errorf(pos(id.Pos), "at %s needs a network or crash declaration to give the node domain", id.Name)
		t = invalid
	}
	return b.newLocal(id.Name, pos(id.Pos), t, kind)
}

func (c *checker) funcSignature(f *Func, d *parser.FnDecl) {
	b := newBody(c, bodyFunc)
	f.Params = c.params(d.Params, b)
	f.Result = c.resolveType(d.Result)
	c.funcs[f] = &funcInfo{decl: d, body: b}
	c.spec.Funcs = append(c.spec.Funcs, f)
}

func (c *checker) procSignature(p *Proc, d *parser.ProcDecl) {
	b := newBody(c, bodyProc)
	p.Params = c.params(d.Params, b)
	if d.Node != nil {
		p.Node = c.nodeLocal(d.Node, b, LocalNode)
		b.node = p.Node
	}
	c.procs[p] = &procInfo{decl: d, body: b}
	c.spec.Procs = append(c.spec.Procs, p)
}

func (c *checker) actionSignature(a *Action, d *parser.Decl) {
	b := newBody(c, bodyAction)
	c.actionBodies[a] = b
	if d.Action != nil {
		a.Params = c.params(d.Action.Params, b)
		for i, p := range a.Params {
			if p.Type != invalid && !scalar(p.Type) {
				c.errorf(pos(d.Action.Params[i].Type.Pos), "action parameter %s must have a finite type (bool, an enum or an integer range), not %s", p.Name, p.Type)
			}
		}
		if d.Action.Node != nil {
			a.Node = c.nodeLocal(d.Action.Node, b, LocalNode)
		}
	} else {
		h := d.Handler
		a.Msg = c.handledMessage(h.Msg)
		mt := invalid
		if a.Msg != nil {
			mt = a.Msg.Type
		}
		if c.spec.Network == nil {
			c.errorf(pos(h.Msg.Pos), "on %s needs a network declaration", h.Msg.Name)
		}
		a.MsgVar = b.newLocal(h.Var.Name, pos(h.Var.Pos), mt, LocalMsg)
		if h.From != nil {
			a.From = c.nodeLocal(h.From, b, LocalFrom)
		}
		a.Node = c.nodeLocal(h.Node, b, LocalNode)
	}
	b.node = a.Node
	c.spec.Actions = append(c.spec.Actions, a)
}

// handledMessage resolves the message type of a handler and rejects a
// second handler of the same message.
func (c *checker) handledMessage(id *parser.Ident) *Record {
	t := c.typeByName(id)
	if t == invalid {
		return nil
	}
	if t.Kind != KindRecord || !t.Record.IsMessage {
		c.errorf(pos(id.Pos), "%s is not a message type", id.Name)
		return nil
	}
	for _, a := range c.spec.Actions {
		if a.Msg == t.Record {
			c.errorf(pos(id.Pos), "duplicate handler for %s (other handler at %s)", id.Name, a.Pos)
		}
	}
	return t.Record
}
