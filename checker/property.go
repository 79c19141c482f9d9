package checker

import "fmt"

// Kind says how a property is checked.
type Kind uint8

const (
	// KindInvariant must hold in every reachable state, initial ones included.
	KindInvariant Kind = iota + 1
	// KindReachable is a goal: some reachable state should satisfy it. A goal
	// never reached is reported as a warning, not a failure, and its first
	// example path is kept.
	KindReachable
	// KindTransition must hold for every step (old, new) the model takes,
	// including steps into states already seen.
	KindTransition
	// KindConstraint bounds the explored space. A state outside it is counted
	// as pruned and nothing else happens to it: it is not counted in
	// Result.States, not checked against any property and not expanded.
	KindConstraint
	// KindDeadlock is the check that every expanded state has an enabled
	// action (Options.Deadlock). Actions that fire but are pruned count as
	// enabled. It appears only in results.
	KindDeadlock
	// KindFault is a model fault: Next returned an error. It appears only in
	// results.
	KindFault
)

var kindNames = [...]string{
	KindInvariant:  "invariant",
	KindReachable:  "reachable",
	KindTransition: "transition",
	KindConstraint: "constraint",
	KindDeadlock:   "deadlock",
	KindFault:      "fault",
}

// String returns the kind's lowercase name, e.g. "invariant".
func (k Kind) String() string {
	if int(k) < len(kindNames) && kindNames[k] != "" {
		return kindNames[k]
	}
	return fmt.Sprintf("kind(%d)", uint8(k))
}

// MarshalText renders the kind by name, so JSON shows "invariant".
func (k Kind) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// UnmarshalText parses a kind name written by MarshalText.
func (k *Kind) UnmarshalText(b []byte) error {
	for i, n := range kindNames {
		if n != "" && n == string(b) {
			*k = Kind(i)
			return nil
		}
	}
	return fmt.Errorf("unknown property kind %q", b)
}

// Property is a named check over states or steps. Build one with Invariant,
// Reachable, Transition or Constraint.
type Property[S any] struct {
	Name string
	Kind Kind
	// State is the predicate of invariants, goals and constraints.
	State func(s *S) bool
	// Step is the predicate of transition properties.
	Step func(old, new *S) bool
}

// PredicateFault is the panic value with which a model's predicate reports
// a model fault while it is evaluated (a value out of its range, an index
// past a sequence's end): the checker reports it as a fault at the state
// or step being checked, never as a verdict of the property. Generated
// models raise it; other panics are not recovered.
type PredicateFault struct {
	Property string
	Err      error
}

// Error names the property and the fault.
func (f PredicateFault) Error() string { return f.Property + ": " + f.Err.Error() }

// Unwrap returns the model's fault.
func (f PredicateFault) Unwrap() error { return f.Err }

// Eval evaluates the state predicate of p on s; a PredicateFault raised by
// it is returned as the error.
func (p *Property[S]) Eval(s *S) (ok bool, err error) {
	defer recoverPredicate(&err)
	return p.State(s), nil
}

// EvalStep evaluates the step predicate of p on old and new as Eval does.
func (p *Property[S]) EvalStep(old, new *S) (ok bool, err error) {
	defer recoverPredicate(&err)
	return p.Step(old, new), nil
}

// recoverPredicate turns a recovered PredicateFault into *err; any other
// panic goes on.
func recoverPredicate(err *error) {
	if r := recover(); r != nil {
		f, ok := r.(PredicateFault)
		if !ok {
			panic(r)
		}
		*err = f
	}
}

// Invariant returns a property whose predicate holds must be true in every reachable
// state, initial states included.
func Invariant[S any](name string, holds func(s *S) bool) Property[S] {
	return Property[S]{Name: name, Kind: KindInvariant, State: holds}
}

// Reachable returns a goal: the checker looks for a reachable state where
// goal is true and keeps the first path to one.
func Reachable[S any](name string, goal func(s *S) bool) Property[S] {
	return Property[S]{Name: name, Kind: KindReachable, State: goal}
}

// Transition returns a property that every step from old to new must satisfy.
func Transition[S any](name string, holds func(old, new *S) bool) Property[S] {
	return Property[S]{Name: name, Kind: KindTransition, Step: holds}
}

// Constraint returns a state constraint: states where within is false are
// counted as pruned and neither checked nor expanded.
func Constraint[S any](name string, within func(s *S) bool) Property[S] {
	return Property[S]{Name: name, Kind: KindConstraint, State: within}
}

// validate reports a property that cannot be checked.
func (p *Property[S]) validate() error {
	switch p.Kind {
	case KindInvariant, KindReachable, KindConstraint:
		if p.State == nil {
			return fmt.Errorf("%s %s: nil state predicate", p.Kind, p.Name)
		}
	case KindTransition:
		if p.Step == nil {
			return fmt.Errorf("%s %s: nil step predicate", p.Kind, p.Name)
		}
	default:
		return fmt.Errorf("property %s: kind %v cannot be declared by a model", p.Name, p.Kind)
	}
	return nil
}
