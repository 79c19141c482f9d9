package raft

import (
	"errors"
	"fmt"

	"github.com/rspec/rspec/runtime/core"
)

// ErrNotLeader is the sentinel of a proposal made to a node that is not the
// leader; the error Propose returns is a *NotLeaderError wrapping it. It is
// core.ErrNotLeader, so errors.Is works with either name.
var ErrNotLeader = core.ErrNotLeader

// ErrProposalDropped is returned by Propose when a different entry was
// committed at the index the proposal was given: the proposal is certainly
// not in the log and never will be, so the client may propose it again.
var ErrProposalDropped = errors.New("proposal dropped: another entry committed at its index")

// ErrStopped is returned by calls on a node that has stopped, and by
// Propose calls still waiting when the node stops. A proposal cut short by
// it may or may not commit.
var ErrStopped = errors.New("raft node stopped")

// ErrEntryTooLarge is returned by Propose for data larger than the node's
// MaxEntryBytes.
var ErrEntryTooLarge = errors.New("proposal larger than the node's MaxEntryBytes")

// ErrNotStarted is returned by Propose on a node that has not been started.
var ErrNotStarted = errors.New("raft node not started")

// NotLeaderError is the error of a proposal made to a node that is not the
// leader. The node does not forward proposals: the client retries at Leader,
// whose transport address is Addr. Leader is None (and Addr empty) while no
// leader is known, for instance during an election; Leader may be stale.
type NotLeaderError struct {
	Node   core.ID // the node that refused the proposal
	Leader core.ID
	Addr   string
}

// Error reports the refusal, naming the leader when one is known.
func (e *NotLeaderError) Error() string {
	if e.Leader == core.None {
		return fmt.Sprintf("node %d is not leader (leader unknown)", e.Node)
	}
	return fmt.Sprintf("node %d is not leader (leader is %d at %s)", e.Node, e.Leader, e.Addr)
}

// Is makes errors.Is(err, ErrNotLeader) hold.
func (e *NotLeaderError) Is(target error) bool { return target == ErrNotLeader }
