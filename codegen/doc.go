// Package codegen compiles a checked spec (*ir.Spec) to a Go package that
// implements checker.Model, as SPIN compiles Promela into a C verifier.
//
// Generate is a pure function of the spec and the options: it returns the
// contents of the package's *_gen.go files, byte for byte the same for the
// same input. WriteDir writes them into a directory and removes stale
// *_gen.go files there; rspecgen (go generate) and `rspec gen` both use it.
//
//	spec, err := ir.Check(file, nil)
//	if err != nil { ... }
//	files, err := codegen.Generate(spec, codegen.Options{Package: "raftspec", Source: "spec/raft.rsl"})
//
// # Encoding
//
// State is a value type, so *dst = *s copies it. Integers of a range type are
// stored in the smallest Go integer type holding the range (named types such
// as Term keep their name) and are Go ints inside expressions; every store
// into a range is checked unless the value is known statically to fit. Maps
// over finite domains are arrays indexed by the key's ordinal; sets are
// bitsets over the element's ordinal: one unsigned integer for at most 64
// elements, else (up to 65536 elements) an array of 64-bit words of a named
// type such as set128, whose methods implement the set operations; options
// are the element's ordinal plus one, 0 for none; sequences are a length and
// an array as long as the longest bound of their element type, with the
// unused tail kept zero; records and messages are structs; enums are small
// integers with String.
//
// The network is an array of message slots (tag, sender, receiver and one
// field per message type) kept in a canonical order: sorted for bags (with a
// count of copies per slot) and duplicating networks, grouped by channel in
// send order for FIFO networks. A send that would exceed the capacity or the
// copy bound makes the step Pruned.
//
// Each action compiles to a guard (its leading requires, checked on the
// source state before copying) and a body run on the copy; procedures are
// methods called from bodies, functions are Go functions of the state. Model
// faults panic with a fault site that Next turns into a *Fault naming the
// spec position. Fingerprint hashes the state's bytes with a fixed-seed
// wyhash-style mix when the layout has no padding (checked at compile time
// with unsafe.Offsetof), and hashes field by field otherwise.
package codegen
