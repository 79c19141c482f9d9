// Package ir is the checked form of an RSL spec.
//
// ir.Check turns a parsed file into a *Spec in named phases, in a fixed order:
// collect declarations, evaluate constants (with command-line overrides),
// resolve types, check declarations and bodies, check call graphs, and lower
// (decide Go names, node-indexed variables, crash resets, warnings). The
// result is resolved and typed and already carries every Go identifier the
// code generator uses, so codegen is a pure function of a *Spec and never
// sees syntax.
//
//	f, err := parser.Parse("spec/raft.rsl", src)
//	if err != nil { ... }                     // a parser.ErrorList
//	spec, err := ir.Check(f, map[string]int64{"N": 5})
//	if err != nil { ... }                     // a parser.ErrorList, sorted, file:line:col: message
//	for _, w := range spec.Warnings { ... }  // unbounded state and similar
//
// What the front end guarantees to a Spec it accepts:
//
//   - Every expression has a non-nil type; none, {} and [] carry the type
//     their context gave them.
//   - An integer-typed expression may stand where another integer type is
//     expected (an int stored into a range, passed to a range parameter,
//     used as a map key of range type, put in a record field). The generated
//     code converts, and range-checks where the target is a range: a value
//     outside it is a model fault. Symmetric domains never mix with other
//     integers.
//   - RecordLit.Fields has one value per field in declaration order; an
//     omitted field is an error (missing field x in Entry literal).
//   - A type declared as `type T = Name` is an alias: it is the *Type of
//     Name and is not listed again in Spec.Types. `type T = lo..hi` and
//     `type T = set X` (any structural type) are new named types, listed in
//     Spec.Types; a named structural type is assignable to and from the
//     unnamed type of the same structure. Unnamed ranges (var x: 0..3) have
//     no GoName.
//   - Handlers are Actions named "on Msg" with GoName "OnMsg".
//   - Go names of spec-level objects are unique in the generated package
//     (a clash gets a numeric suffix: MaxValue2); locals are lowerCamel,
//     unique within their function, property or initial value, and never a
//     Go keyword, predeclared identifier or common package name.
//   - A variable that is not indexed by the node domain is environment
//     state; crashes leave it alone. Crash.Resets lists the rest.
//
// Dump renders a Spec as text for golden tests and for reading what the
// front end made of a spec.
package ir
