package parser

import (
	"strconv"
)

// validate reports the syntax errors the grammar itself lets through: an
// index without an expression, a malformed map comprehension, an expression
// where a type belongs, an integer literal too large for int64.
func validate(f *File) ErrorList {
	var errs ErrorList
	Inspect(f, func(n any) bool {
		switch n := n.(type) {
		case *Primary:
			if n.Int != "" {
				v, err := strconv.ParseInt(n.Int, 10, 64)
				if err != nil {
					errs.Add(PosOf(n.Pos), "integer literal %s out of range", n.Int)
				}
				n.Value = v
			}
		case *Suffix:
			if n.Open != "" && n.Colon == "" && n.Lo == nil {
				errs.Add(PosOf(n.Pos), "expected index expression")
			}
		case *SeqLit:
			if n.Body != nil {
				if len(n.Elems) != 1 || !isMembership(n.Elems[0]) {
					errs.Add(PosOf(n.Pos), "map comprehension must have the form [x in D: e]")
				}
			}
		case *NamedOrRange:
			if _, ok := n.Name(); n.Hi == nil && !ok {
				errs.Add(PosOf(n.Pos), "expected type, got expression")
			}
		}
		return true
	})
	return errs
}

func isMembership(e *Expr) bool {
	_, _, ok := e.Membership()
	return ok
}
