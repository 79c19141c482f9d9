package parser

import "github.com/alecthomas/participle/v2/lexer"

// Expressions, from the lowest precedence to the highest. Each level holds
// its first operand and the operators that follow; a level with no operator
// is just its operand.

// Expr = OrExpr [ "=>" Expr ] .   (right-associative)
type Expr struct {
	Pos     lexer.Position
	EndPos  lexer.Position
	Left    *OrExpr      `parser:"@@"`
	Implies *ImpliesTail `parser:"@@?"`
}

// ImpliesTail = "=>" Expr .
type ImpliesTail struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Op     string `parser:"@'=>'"`
	Right  *Expr  `parser:"@@"`
}

// OrExpr = AndExpr { "||" AndExpr } .
type OrExpr struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Left   *AndExpr  `parser:"@@"`
	Rest   []*OrTail `parser:"@@*"`
}

// OrTail = "||" AndExpr .
type OrTail struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Op     string   `parser:"@'||'"`
	Right  *AndExpr `parser:"@@"`
}

// AndExpr = CmpExpr { "&&" CmpExpr } .
type AndExpr struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Left   *CmpExpr   `parser:"@@"`
	Rest   []*AndTail `parser:"@@*"`
}

// AndTail = "&&" CmpExpr .
type AndTail struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Op     string   `parser:"@'&&'"`
	Right  *CmpExpr `parser:"@@"`
}

// CmpExpr = RangeExpr [ ( "==" | "!=" | "<" | "<=" | ">" | ">=" | "in" ) RangeExpr ] .
//
// Comparisons do not chain.
type CmpExpr struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Left   *RangeExpr `parser:"@@"`
	Rest   *CmpTail   `parser:"@@?"`
}

// CmpTail = ( "==" | "!=" | "<" | "<=" | ">" | ">=" | "in" ) RangeExpr .
type CmpTail struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Op     string     `parser:"@( '==' | '!=' | '<=' | '>=' | '<' | '>' | 'in' )"`
	Right  *RangeExpr `parser:"@@"`
}

// RangeExpr = AddExpr [ ".." AddExpr ] .
//
// A range lo..hi is only meaningful as an iteration domain; the checker
// rejects it elsewhere.
type RangeExpr struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Lo     *AddExpr   `parser:"@@"`
	Rest   *RangeTail `parser:"@@?"`
}

// RangeTail = ".." AddExpr .
type RangeTail struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Op     string   `parser:"@'..'"`
	Hi     *AddExpr `parser:"@@"`
}

// AddExpr = MulExpr { ( "+" | "-" ) MulExpr } .
type AddExpr struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Left   *MulExpr   `parser:"@@"`
	Rest   []*AddTail `parser:"@@*"`
}

// AddTail = ( "+" | "-" ) MulExpr .
type AddTail struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Op     string   `parser:"@( '+' | '-' )"`
	Right  *MulExpr `parser:"@@"`
}

// MulExpr = UnaryExpr { ( "*" | "/" | "%" ) UnaryExpr } .
type MulExpr struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Left   *UnaryExpr `parser:"@@"`
	Rest   []*MulTail `parser:"@@*"`
}

// MulTail = ( "*" | "/" | "%" ) UnaryExpr .
type MulTail struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Op     string     `parser:"@( '*' | '/' | '%' )"`
	Right  *UnaryExpr `parser:"@@"`
}

// UnaryExpr = ( "!" | "-" ) UnaryExpr | PostfixExpr .
type UnaryExpr struct {
	Pos     lexer.Position
	EndPos  lexer.Position
	Op      string       `parser:"( @( '!' | '-' )"`
	X       *UnaryExpr   `parser:"  @@"`
	Postfix *PostfixExpr `parser:"| @@ )"`
}

// PostfixExpr = Primary { Suffix } .
type PostfixExpr struct {
	Pos      lexer.Position
	EndPos   lexer.Position
	Primary  *Primary  `parser:"@@"`
	Suffixes []*Suffix `parser:"@@*"`
}

// Suffix = "[" [ Expr ] [ ":" [ Expr ] ] "]" | "." FieldName | "'" .
//
// Brackets without a colon index (the index is required); with a colon they
// slice, and either bound may be omitted. A prime reads the value after the
// step and applies to state variables in transition properties.
type Suffix struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Open   string     `parser:"( @'['"`
	Lo     *Expr      `parser:"  @@?"`
	Colon  string     `parser:"  @':'?"`
	Hi     *Expr      `parser:"  @@? ']'"`
	Field  *FieldName `parser:"| '.' @@"`
	Prime  string     `parser:"| @\"'\" )"`
}

// Primary = int | "true" | "false" | "none" | Quantifier | CondExpr
//
//	| NameExpr | SetLit | SeqLit | "(" Expr ")" .
type Primary struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Value  int64       // the value of Int, set by Parse
	Int    string      `parser:"  @Int"`
	Bool   string      `parser:"| @( 'true' | 'false' )"`
	None   string      `parser:"| @'none'"`
	Quant  *Quantifier `parser:"| @@"`
	Cond   *CondExpr   `parser:"| @@"`
	Name   *NameExpr   `parser:"| @@"`
	Set    *SetLit     `parser:"| @@"`
	Seq    *SeqLit     `parser:"| @@"`
	Paren  *Expr       `parser:"| '(' @@ ')'"`
}

// NameExpr is a name, a call, or a record literal.
//
// NameExpr = ident [ "(" [ Exprs ] ")" | "{" FieldInit { "," FieldInit } [ "," ] "}" ] .
//
// A "{" after a name opens a record literal only when a field name and a
// colon follow, so `if x { ... }` is a block; record literals therefore
// name at least one field.
type NameExpr struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Name   *Ident       `parser:"@@"`
	Call   *CallArgs    `parser:"( @@"`
	Fields []*FieldInit `parser:"| (?= '{' ( Ident | Keyword ) ':' ) '{' @@ ( (?! ',' '}' ) ',' @@ )* ','? '}' )?"`
}

// CallArgs = "(" [ Expr { "," Expr } [ "," ] ] ")" .
type CallArgs struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Open   string  `parser:"@'('"`
	Args   []*Expr `parser:"( @@ ( (?! ',' ')' ) ',' @@ )* ','? )? ')'"`
}

// FieldInit = FieldName ":" Expr .
type FieldInit struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Name   *FieldName `parser:"@@ ':'"`
	Value  *Expr      `parser:"@@"`
}

// SetLit = "{" [ Expr { "," Expr } [ "," ] ] "}" .
type SetLit struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Open   string  `parser:"@'{'"`
	Elems  []*Expr `parser:"( @@ ( (?! ',' '}' ) ',' @@ )* ','? )? '}'"`
}

// SeqLit is a sequence literal or a map comprehension [x in D: e]; Parse
// accepts a body only after a single element of the form x in D.
//
// SeqLit = "[" [ Expr { "," Expr } [ "," ] ] [ ":" Expr ] "]" .
type SeqLit struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Open   string  `parser:"@'['"`
	Elems  []*Expr `parser:"( @@ ( (?! ',' ( ']' | ':' ) ) ',' @@ )* ','? )?"`
	Body   *Expr   `parser:"( ':' @@ )? ']'"`
}

// Quantifier = ( "all" | "any" | "count" ) Binding { "," Binding }
//
//	[ "where" Expr ] ":" Expr .
//
// The body extends as far right as possible.
type Quantifier struct {
	Pos      lexer.Position
	EndPos   lexer.Position
	Kind     string     `parser:"@( 'all' | 'any' | 'count' )"`
	Bindings []*Binding `parser:"@@ ( ',' @@ )*"`
	Where    *Expr      `parser:"( 'where' @@ )?"`
	Body     *Expr      `parser:"':' @@"`
}

// Binding = ident { "," ident } "in" Expr .
//
// Each variable ranges over the domain: all a, b in Server, t in Term binds
// a and b to servers and t to terms.
type Binding struct {
	Pos    lexer.Position
	Vars   []*Ident `parser:"@@ ( ',' @@ )* 'in'"`
	Domain *Expr    `parser:"@@"`
}

// CondExpr = "if" Expr "then" Expr "else" Expr .
type CondExpr struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Cond   *Expr `parser:"'if' @@"`
	Then   *Expr `parser:"'then' @@"`
	Else   *Expr `parser:"'else' @@"`
}
