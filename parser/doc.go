// Package parser reads RSL source into an abstract syntax tree. It checks
// syntax only; package ir resolves names and types.
//
// The grammar is written as participle structs: above each AST type is its
// production. Every node carries its lexer.Position (PosOf converts it to a
// Pos), and syntax errors come back as an ErrorList whose entries print as
// file:line:col: message, in the wording of Go's parser:
//
//	f, err := parser.Parse("spec/raft.rsl", src)
//	if err != nil {
//		fmt.Println(err) // spec/raft.rsl:42:7: expected "=" or "+=" or "-=", got "bar"
//	}
//	for _, d := range f.Decls { ... }
//
// Newlines are white space: a statement ends where the next one begins, and
// semicolons between statements are optional.
package parser
