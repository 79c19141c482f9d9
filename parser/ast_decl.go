package parser

import "github.com/alecthomas/participle/v2/lexer"

// File = { Decl [ ";" ] } .
type File struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Name   string  // the file name given to Parse
	Source []byte  // the source text given to Parse
	Decls  []*Decl `parser:"( @@ ';'? )*"`
}

// Decl = ConstDecl | DomainDecl | TypeDecl | EnumDecl | RecordDecl
//
//	| NetworkDecl | CrashDecl | VarDecl | FnDecl | ProcDecl
//	| ActionDecl | HandlerDecl | PropDecl .
type Decl struct {
	Pos     lexer.Position
	EndPos  lexer.Position
	Const   *ConstDecl   `parser:"  @@"`
	Domain  *DomainDecl  `parser:"| @@"`
	Type    *TypeDecl    `parser:"| @@"`
	Enum    *EnumDecl    `parser:"| @@"`
	Record  *RecordDecl  `parser:"| @@"`
	Network *NetworkDecl `parser:"| @@"`
	Crash   *CrashDecl   `parser:"| @@"`
	Var     *VarDecl     `parser:"| @@"`
	Fn      *FnDecl      `parser:"| @@"`
	Proc    *ProcDecl    `parser:"| @@"`
	Action  *ActionDecl  `parser:"| @@"`
	Handler *HandlerDecl `parser:"| @@"`
	Prop    *PropDecl    `parser:"| @@"`
}

// Ident is a name with its position.
//
// Ident = ident .
type Ident struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Name   string `parser:"@Ident"`
}

// ConstDecl = "const" ident "=" Expr .
type ConstDecl struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Name   *Ident `parser:"'const' @@ '='"`
	Value  *Expr  `parser:"@@"`
}

// DomainDecl = [ "symmetric" ] "domain" ident "=" AddExpr ".." AddExpr .
type DomainDecl struct {
	Pos       lexer.Position
	EndPos    lexer.Position
	Symmetric bool     `parser:"@'symmetric'? 'domain'"`
	Name      *Ident   `parser:"@@ '='"`
	Lo        *AddExpr `parser:"@@ '..'"`
	Hi        *AddExpr `parser:"@@"`
}

// TypeDecl = "type" ident "=" Type .
type TypeDecl struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Name   *Ident `parser:"'type' @@ '='"`
	Type   *Type  `parser:"@@"`
}

// EnumDecl = "enum" ident "{" ident { "," ident } [ "," ] "}" .
type EnumDecl struct {
	Pos     lexer.Position
	EndPos  lexer.Position
	Name    *Ident   `parser:"'enum' @@ '{'"`
	Members []*Ident `parser:"@@ ( (?! ',' '}' ) ',' @@ )* ','? '}'"`
}

// RecordDecl = ( "record" | "message" ) ident "{" [ Field { "," Field } [ "," ] ] "}" .
type RecordDecl struct {
	Pos     lexer.Position
	EndPos  lexer.Position
	Message bool     `parser:"( @'message' | 'record' )"`
	Name    *Ident   `parser:"@@ '{'"`
	Fields  []*Field `parser:"( @@ ( (?! ',' '}' ) ',' @@ )* ','? )? '}'"`
}

// Param is a parameter.
//
// Param = ident ":" Type .
type Param struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Name   *Ident `parser:"@@ ':'"`
	Type   *Type  `parser:"@@"`
}

// Field is a field of a record or message.
//
// Field = FieldName ":" Type .
type Field struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Name   *FieldName `parser:"@@ ':'"`
	Type   *Type      `parser:"@@"`
}

// FieldName is the name of a field. Keywords are allowed (from, to, in, at
// make natural field names), since a field name never stands alone.
//
// FieldName = ident | keyword .
type FieldName struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Name   string `parser:"@( Ident | Keyword )"`
}

// NetworkDecl = "network" ident { NetOption } .
type NetworkDecl struct {
	Pos     lexer.Position
	EndPos  lexer.Position
	Node    *Ident       `parser:"'network' @@"`
	Options []*NetOption `parser:"@@*"`
}

// NetOption = "bag" | "duplicating" | "fifo" | "lossy" [ "if" Expr ]
//
//	| ( "capacity" | "copies" ) Expr .
type NetOption struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Name   string `parser:"( @( 'capacity' | 'copies' )"`
	Value  *Expr  `parser:"  @@"`
	Flag   string `parser:"| @( 'bag' | 'duplicating' | 'fifo' | 'lossy' )"`
	Cond   *Expr  `parser:"  ( 'if' @@ )? )"` // lossy only: a bool constant expression
}

// CrashDecl = "crash" ident "max" Expr .
type CrashDecl struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Node   *Ident `parser:"'crash' @@ 'max'"`
	Max    *Expr  `parser:"@@"`
}

// VarDecl = [ "durable" | "ghost" ] "var" ident ":" Type [ "=" Expr ] .
type VarDecl struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Class  string `parser:"@( 'durable' | 'ghost' )? 'var'"`
	Name   *Ident `parser:"@@ ':'"`
	Type   *Type  `parser:"@@"`
	Init   *Expr  `parser:"( '=' @@ )?"`
}

// FnDecl = "fn" ident "(" [ Params ] ")" ":" Type "=" Expr .
type FnDecl struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Name   *Ident   `parser:"'fn' @@ '('"`
	Params []*Param `parser:"( @@ ( (?! ',' ')' ) ',' @@ )* ','? )? ')' ':'"`
	Result *Type    `parser:"@@ '='"`
	Body   *Expr    `parser:"@@"`
}

// ProcDecl = "proc" ident "(" [ Params ] ")" [ "at" ident ] Block .
type ProcDecl struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Name   *Ident   `parser:"'proc' @@ '('"`
	Params []*Param `parser:"( @@ ( (?! ',' ')' ) ',' @@ )* ','? )? ')'"`
	Node   *Ident   `parser:"( 'at' @@ )?"`
	Body   *Block   `parser:"@@"`
}

// ActionDecl = "action" ident [ "(" [ Params ] ")" ] [ "at" ident ] Block .
type ActionDecl struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Name   *Ident   `parser:"'action' @@"`
	Params []*Param `parser:"( '(' ( @@ ( (?! ',' ')' ) ',' @@ )* ','? )? ')' )?"`
	Node   *Ident   `parser:"( 'at' @@ )?"`
	Body   *Block   `parser:"@@"`
}

// HandlerDecl = "on" ident ident [ "from" ident ] "at" ident Block .
type HandlerDecl struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Msg    *Ident `parser:"'on' @@"`
	Var    *Ident `parser:"@@"`
	From   *Ident `parser:"( 'from' @@ )?"`
	Node   *Ident `parser:"'at' @@"`
	Body   *Block `parser:"@@"`
}

// PropDecl = ( "invariant" | "reachable" | "transition" | "constraint" ) ident ":" Expr .
type PropDecl struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Kind   string `parser:"@( 'invariant' | 'reachable' | 'transition' | 'constraint' )"`
	Name   *Ident `parser:"@@ ':'"`
	Expr   *Expr  `parser:"@@"`
}
