package parser

import "github.com/alecthomas/participle/v2/lexer"

// Type = MapType | "option" Type | "set" Type | SeqType | NamedOrRange .
type Type struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Map    *MapType      `parser:"  @@"`
	Option *Type         `parser:"| 'option' @@"`
	Set    *Type         `parser:"| 'set' @@"`
	Seq    *SeqType      `parser:"| @@"`
	Named  *NamedOrRange `parser:"| @@"`
}

// MapType = "[" Type "]" Type .
type MapType struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Key    *Type `parser:"'[' @@ ']'"`
	Elem   *Type `parser:"@@"`
}

// SeqType = "seq" [ "[" Expr "]" ] Type .
//
// After seq, a "[" always opens the bound.
type SeqType struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Bound  *Expr `parser:"'seq' ( '[' @@ ']' )?"`
	Elem   *Type `parser:"@@"`
}

// NamedOrRange is a type name (bool, int, Server) or an integer range lo..hi.
// Parse accepts only a bare identifier when Hi is nil.
//
// NamedOrRange = AddExpr [ ".." AddExpr ] .
type NamedOrRange struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Lo     *AddExpr `parser:"@@"`
	Hi     *AddExpr `parser:"( '..' @@ )?"`
}

// Name returns the type name when r is a name rather than a range.
func (r *NamedOrRange) Name() (*Ident, bool) {
	if r.Hi != nil {
		return nil, false
	}
	return r.Lo.Ident()
}
