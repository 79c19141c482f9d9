// Package checker is rspec's explicit-state model checker: a generic engine
// that explores any Model breadth-first, in parallel, and checks its
// properties, or runs reproducible random walks through it.
//
// A model is a finite transition system seen through the small Model
// interface: initial states, the actions of a state, the successor under an
// action, a fingerprint, properties, and text renderings for traces.
// Packages generated from RSL specs implement it; so can hand-written Go.
//
// # Search
//
// Check explores level by level. Initial states are at depth 1 and
// Options.Depth 10 explores paths of up to 9 actions (Stateright's
// convention). Result.States counts every generated state, repeats included;
// Result.Unique counts distinct fingerprints. For each visited state the
// checker keeps in memory only its fingerprint (10 to 15 bytes with the
// table's free slots); the fingerprint of its parent goes to a temporary
// file (see parentLog), as TLC keeps its queue on disk. States are kept only
// while queued for expansion, packed (each as its difference from the one
// queued before it, see packer) when the state type holds no pointers.
// Result.TableBytes, Result.FrontierBytes and Result.ParentLogBytes give the
// figures. Counterexamples are rebuilt by following parent links back to an
// initial state (one pass over the file for all of them) and replaying the
// model forward, so they are shortest paths. They are also deterministic:
// when two parents of one level reach a state, the smaller parent
// fingerprint is kept, and among the violations found in a level the least
// by (depth, property, fingerprint, action) is reported, so the result
// does not depend on Options.Workers.
//
// With Options.Symmetry, a model that implements Symmetric is explored up to
// renaming: states whose canonical fingerprints agree count once. Traces
// still replay concrete states, so they show the names actions used.
//
// Properties are invariants (checked on every new state), transition
// properties (on every step), reachable goals (the first path to each is
// kept; a goal never reached is a warning) and constraints (states outside
// are counted as pruned and neither checked nor expanded). Options.Deadlock
// reports states without an enabled action, and an error from Model.Next is
// reported as a fault with its path.
//
// # Output
//
// Options.Progress receives a line a second in Stateright's form
// ("Checking. states=475674, unique=133824, depth=10, states/s=237837") and a
// final "Done. states=924710, unique=259150, depth=10, sec=3". WriteReport
// prints a Result as text with numbered steps and the variables each step
// changed; WriteTrace and ReadTraces store traces as JSON lines, and Replay
// follows a stored trace through a model by its labels.
//
// # Example
//
//	m := &clock.Model{} // a generated or hand-written checker.Model
//	res, err := checker.Check(ctx, m, checker.Options{Depth: 10, Progress: os.Stderr})
//	if err != nil {
//		return err
//	}
//	checker.WriteReport(os.Stdout, res, checker.ReportOptions{})
//	if !res.OK() {
//		os.Exit(1)
//	}
package checker
