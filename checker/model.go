package checker

import "strconv"

// Model is a finite transition system; generated spec packages implement it.
//
// S is the state: a plain value type (fixed-size arrays, integers, booleans)
// so that *dst = *s is a complete, independent copy. A model whose state holds
// slices or maps must treat them as immutable (copy on write), because the
// checker copies states by assignment and keeps copies of them side by side.
//
// A is an action: a small value naming one way the state may change, such as
// an index into a table of (action, parameters) pairs. The checker never looks
// inside an action; it only hands it back to Next and Label.
//
// Every method must be deterministic: the same state gives the same actions
// in the same order, the same successors and the same fingerprints. Counter-
// examples are rebuilt by replaying the model from an initial state and rely
// on it.
//
// Methods are called concurrently from several workers, each with its own
// states and buffers; a model must not mutate shared data in them.
type Model[S any, A any] interface {
	// Init returns the initial states. The checker may call it more than once
	// (to rebuild traces) and must get the same states in the same order.
	Init() []S

	// Actions appends to dst the actions that are enabled, or may be enabled,
	// in s, in a deterministic order, and returns the extended slice. An action
	// listed here may still turn out to be disabled: Next decides.
	Actions(s *S, dst []A) []A

	// Next writes the successor of s under a into dst, typically by starting
	// with *dst = *s. s and dst never alias. The outcome says what happened:
	// Disabled (the action's guard is false; dst is ignored), Enabled (dst is
	// the successor) or Pruned (a capacity bound of the model was exceeded:
	// the step is counted as pruned and dst is not explored). A non-nil error
	// is a model fault, such as a value leaving its declared range; the checker
	// reports it like a property violation, with the path that leads to it.
	Next(s *S, a A, dst *S) (Outcome, error)

	// Fingerprint returns a hash of s that is equal for equal states. It is
	// called for every generated state and must not allocate. The checker
	// treats states with equal fingerprints as the same state. A model that
	// reduces by symmetry canonicalises the state itself (in Init and Next),
	// so that equal fingerprints also mean equal representations.
	Fingerprint(s *S) uint64

	// Properties returns the properties to check and the constraints that
	// bound the explored space, in declaration order.
	Properties() []Property[S]

	// Label renders action a taken from state s for traces, for example
	// "Timeout(s1)" or "Deliver(VoteRequest{cid: s0, cterm: 1} s0->s1)".
	// Tools replay traces by matching labels, so distinct enabled actions of
	// one state must have distinct labels. Label is only called to build
	// traces, never on the hot path.
	Label(s *S, a A) string

	// VarNames returns the names of the displayed variables in declaration
	// order. A function-valued variable may be split into one entry per key
	// ("role[s0]", "role[s1]") so that a trace points at the cell that
	// changed.
	VarNames() []string

	// FormatVars appends to dst the values of the displayed variables of s,
	// rendered as text, in the order of VarNames, and returns the extended
	// slice.
	FormatVars(s *S, dst []string) []string
}

// Outcome is what happened when Next applied an action.
type Outcome uint8

const (
	// Disabled means the action's guard is false in the state.
	Disabled Outcome = iota
	// Enabled means the action fired and the successor was written.
	Enabled
	// Pruned means the action fired but the successor exceeds a capacity
	// bound of the model; it is counted in Result.Pruned and not explored.
	Pruned
)

// String returns "disabled", "enabled" or "pruned".
func (o Outcome) String() string {
	switch o {
	case Disabled:
		return "disabled"
	case Enabled:
		return "enabled"
	case Pruned:
		return "pruned"
	}
	return "outcome(" + strconv.Itoa(int(o)) + ")"
}
