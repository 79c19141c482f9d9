package core

import (
	"errors"
	"fmt"
)

// ErrNotLeader is returned, wrapped in a *NotLeaderError, when a proposal is
// made to a node that is not the leader. Test for it with errors.Is.
var ErrNotLeader = errors.New("not leader")

// ErrInvalidMessage is wrapped by the error Step returns for a received
// message the core rejects: addressed to another node, from an unknown peer,
// of an unknown type, or with fields no correct peer would send. A rejected
// message changes nothing.
var ErrInvalidMessage = errors.New("invalid message")

// NotLeaderError is the error of a proposal made to a non-leader. Leader is
// the node's currentLeader, which may be None or stale; the caller can retry
// there.
type NotLeaderError struct {
	Leader ID
}

// Error reports that the node is not the leader, naming the known leader.
func (e *NotLeaderError) Error() string {
	if e.Leader == None {
		return "not leader (leader unknown)"
	}
	return fmt.Sprintf("not leader (leader is %d)", e.Leader)
}

// Is makes errors.Is(err, ErrNotLeader) hold.
func (e *NotLeaderError) Is(target error) bool {
	return target == ErrNotLeader
}

// invalidf returns an error wrapping ErrInvalidMessage.
func invalidf(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrInvalidMessage, fmt.Sprintf(format, args...))
}
