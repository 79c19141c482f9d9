// Package raftspec is spec/raft.rsl compiled to Go: a checker.Model of Raft
// that the model checker explores and that conformance replays against the
// runtime. Everything but this file is generated; regenerate with
//
//	go generate ./generated/raftspec
//
// The state is a value type (State); New returns the model. SpecHash and
// SpecSource identify the spec it was compiled from, so tools can warn when
// spec/raft.rsl has changed since. Servers are a symmetric domain, so the
// model also implements checker.Symmetric (CanonicalFingerprint, Rename) for
// symmetry reduction.
//
//	m := raftspec.New()
//	res, err := checker.Check(ctx, m, checker.Options{Depth: 10})
//	res, err = checker.Check(ctx, m, checker.Options{Depth: 10, Symmetry: true})
package raftspec

//go:generate go run github.com/rspec/rspec/internal/rspecgen -o . -p raftspec ../../spec/raft.rsl
