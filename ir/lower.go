package ir

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
)

// lower decides the Go names, marks node-indexed variables, lists what a
// crash resets, and warns about state that may be unbounded.
func (c *checker) lower() {
	c.goNames()
	for _, v := range c.spec.Vars {
		v.NodeIndexed = c.nodeType != nil && c.nodeType != invalid &&
			v.Type.Kind == KindMap && v.Type.Key == c.nodeType
		if unbounded(v.Type, 0) {
			c.warnf(v.Pos, "state variable %s has unbounded type %s: the state space may be infinite", v.Name, v.Type)
		}
	}
	if k := c.spec.Crash; k != nil {
		for _, v := range c.spec.Vars {
			if v.NodeIndexed && !v.Durable && !v.Ghost {
				k.Resets = append(k.Resets, v)
			}
		}
	}
	if c.spec.Network != nil {
		for _, m := range c.spec.Messages {
			for _, f := range m.Fields {
				if unbounded(f.Type, 0) {
					c.warnf(f.Pos, "message field %s.%s has unbounded type %s: the state space may be infinite", m.Name, f.Name, f.Type)
				}
			}
		}
	}
}

// unbounded reports whether t contains int or an unbounded seq.
func unbounded(t *Type, depth int) bool {
	if t == nil || depth > 64 {
		return false
	}
	switch t.Kind {
	case KindInt:
		return true
	case KindSeq:
		if t.Max == 0 && !isUntyped(t) {
			return true
		}
	case KindRecord:
		for _, f := range t.Record.Fields {
			if unbounded(f.Type, depth+1) {
				return true
			}
		}
		return false
	case KindMap:
		if unbounded(t.Key, depth+1) {
			return true
		}
	}
	return unbounded(t.Elem, depth+1)
}

// goNames gives every spec-level object its exported Go name, unique in
// the generated package, in declaration order; fields are unique per
// record, variables per state struct.
func (c *checker) goNames() {
	pkg, vars := goNamer{}, goNamer{}
	for _, o := range c.order {
		switch o.kind {
		case objConst:
			o.konst.GoName = pkg.name(exportedName(o.name))
		case objType:
			c.typeGoName(o, pkg)
		case objMember:
			o.member.GoName = pkg.name(o.member.Enum.Type.GoName + exportedName(o.name))
		case objVar:
			o.v.GoName = vars.name(exportedName(o.name))
		case objFunc:
			o.fn.GoName = pkg.name(exportedName(o.name))
		case objProc:
			o.proc.GoName = pkg.name(exportedName(o.name))
		case objAction:
			a := o.action
			if a.Kind == ActionReceive {
				a.GoName = pkg.name("On" + exportedName(o.decl.Handler.Msg.Name))
			} else {
				a.GoName = pkg.name(exportedName(o.name))
			}
		case objProp:
			o.prop.GoName = pkg.name(exportedName(o.name))
		}
	}
}

// typeGoName names a type declared by o, and the fields of a record.
func (c *checker) typeGoName(o *object, pkg goNamer) {
	t := o.typ
	if t == nil || t == invalid || t.Name != o.name || t.Pos != o.pos {
		return // an alias of another type, or an error
	}
	t.GoName = pkg.name(exportedName(o.name))
	if t.Kind == KindRecord {
		fields := goNamer{}
		for _, f := range t.Record.Fields {
			f.GoName = fields.name(exportedName(f.Name))
		}
	}
}

// hashSource is the hex SHA-256 of src followed by name=value lines.
func hashSource(src []byte, consts []*Const) string {
	h := sha256.New()
	h.Write(src)
	for _, k := range consts {
		fmt.Fprintf(h, "\n%s=%d", k.Name, k.Value)
	}
	return hex.EncodeToString(h.Sum(nil))
}
