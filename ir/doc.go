// Package ir is the checked form of an RSL spec.
//
// ir.Check turns a parsed file into a *Spec in named phases, in a fixed order:
// collect declarations, evaluate constants (with command-line overrides),
// resolve names, check types, and lower (fill defaults, decide Go names). The
// result is resolved and typed and already carries every Go identifier the
// code generator uses, so codegen is a pure function of a *Spec and never
// sees syntax.
//
//	f, err := parser.Parse("spec/raft.rsl", src)
//	if err != nil { ... }                     // a parser.ErrorList
//	spec, err := ir.Check(f, map[string]int64{"N": 5})
//	if err != nil { ... }                     // a parser.ErrorList, sorted, file:line:col: message
//	for _, w := range spec.Warnings { ... }  // unbounded state and similar
package ir
