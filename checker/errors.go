package checker

import (
	"errors"
	"fmt"
)

// ErrNondeterministic is wrapped by the error returned when a trace cannot be
// rebuilt because the model answered differently when replayed (Init,
// Actions, Next or Fingerprint is not deterministic).
var ErrNondeterministic = errors.New("model is not deterministic")

// ErrReplay is wrapped by the errors of Replay when a trace does not fit the
// model.
var ErrReplay = errors.New("trace does not replay")

// errorf returns an error that wraps sentinel with a formatted message.
func errorf(sentinel error, format string, args ...any) error {
	return fmt.Errorf("%w: %s", sentinel, fmt.Sprintf(format, args...))
}
