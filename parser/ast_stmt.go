package parser

import "github.com/alecthomas/participle/v2/lexer"

// Block = "{" { Stmt [ ";" ] } "}" .
type Block struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Open   string  `parser:"@'{'"`
	Stmts  []*Stmt `parser:"( @@ ';'? )* '}'"`
}

// Stmt = RequireStmt | LetStmt | IfStmt | ForStmt | SendStmt
//
//	| BroadcastStmt | CallStmt | AssignStmt .
type Stmt struct {
	Pos       lexer.Position
	EndPos    lexer.Position
	Require   *RequireStmt   `parser:"  @@"`
	Let       *LetStmt       `parser:"| @@"`
	If        *IfStmt        `parser:"| @@"`
	For       *ForStmt       `parser:"| @@"`
	Send      *SendStmt      `parser:"| @@"`
	Broadcast *BroadcastStmt `parser:"| @@"`
	Call      *CallStmt      `parser:"| @@"`
	Assign    *AssignStmt    `parser:"| @@"`
}

// RequireStmt = "require" Expr .
type RequireStmt struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Cond   *Expr `parser:"'require' @@"`
}

// LetStmt = "let" ident "=" Expr .
type LetStmt struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Name   *Ident `parser:"'let' @@ '='"`
	Value  *Expr  `parser:"@@"`
}

// IfStmt = "if" Expr Block [ "else" ( IfStmt | Block ) ] .
type IfStmt struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Cond   *Expr   `parser:"'if' @@"`
	Then   *Block  `parser:"@@"`
	ElseIf *IfStmt `parser:"( 'else' ( @@"`
	Else   *Block  `parser:"| @@ ) )?"`
}

// ForStmt = "for" ident "in" Expr [ "where" Expr ] Block .
type ForStmt struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Var    *Ident `parser:"'for' @@ 'in'"`
	Domain *Expr  `parser:"@@"`
	Where  *Expr  `parser:"( 'where' @@ )?"`
	Body   *Block `parser:"@@"`
}

// SendStmt = "send" Expr "to" Expr .
type SendStmt struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Msg    *Expr `parser:"'send' @@"`
	To     *Expr `parser:"'to' @@"`
}

// BroadcastStmt = "broadcast" Expr .
type BroadcastStmt struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Msg    *Expr `parser:"'broadcast' @@"`
}

// CallStmt = ident CallArgs .
type CallStmt struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Name   *Ident    `parser:"(?= Ident '(' ) @@"`
	Args   *CallArgs `parser:"@@"`
}

// AssignStmt = LValue ( "=" | "+=" | "-=" ) Expr .
type AssignStmt struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Target *LValue `parser:"@@"`
	Op     string  `parser:"@( '=' | '+=' | '-=' )"`
	Value  *Expr   `parser:"@@"`
}

// LValue = ident { Selector } .
type LValue struct {
	Pos       lexer.Position
	EndPos    lexer.Position
	Name      *Ident      `parser:"@@"`
	Selectors []*Selector `parser:"@@*"`
}

// Selector = "[" Expr "]" | "." FieldName .
type Selector struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Index  *Expr      `parser:"  '[' @@ ']'"`
	Field  *FieldName `parser:"| '.' @@"`
}
