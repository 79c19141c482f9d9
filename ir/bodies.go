package ir

import "github.com/rspec/rspec/parser"

// checkBodies checks initial values, function and procedure bodies,
// actions and properties, in declaration order.
func (c *checker) checkBodies() {
	for _, o := range c.order {
		switch o.kind {
		case objVar:
			c.varInit(o.v, o.decl.Var)
		case objFunc:
			c.funcBody(o.fn)
		case objProc:
			c.procBody(o.proc)
		case objAction:
			c.actionBody(o.action, o.decl)
		case objProp:
			c.propBody(o.prop, o.decl.Prop)
		}
	}
	c.body = nil
}

func (c *checker) varInit(v *Var, d *parser.VarDecl) {
	if d.Init == nil {
		return
	}
	c.body = newBody(c, bodyInit)
	x := c.expr(d.Init, v.Type)
	v.Init = c.use(x, v.Type, "variable declaration")
}

func (c *checker) funcBody(f *Func) {
	fi := c.funcs[f]
	c.body = fi.body
	c.body.fn = f
	x := c.expr(fi.decl.Body, f.Result)
	f.Body = c.use(x, f.Result, "return value of "+f.Name)
}

func (c *checker) procBody(p *Proc) {
	pi := c.procs[p]
	c.body = pi.body
	c.body.proc = p
	p.Body = c.block(pi.decl.Body)
}

func (c *checker) actionBody(a *Action, d *parser.Decl) {
	c.body = c.actionBodies[a]
	if d.Action != nil {
		a.Body = c.block(d.Action.Body)
	} else {
		a.Body = c.block(d.Handler.Body)
	}
}

func (c *checker) propBody(p *Property, d *parser.PropDecl) {
	c.body = newBody(c, bodyProp)
	c.body.prop, c.body.ghostOK = p, true
	p.Expr = c.expr(d.Expr, Bool)
	c.boolCond(p.Expr, d.Kind+" "+p.Name)
}
