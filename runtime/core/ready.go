package core

// Ready is everything one Step asks of its driver. The driver must, in this
// order:
//
//  1. persist Persist durably (HardState, then Log, or both atomically);
//  2. send Messages;
//  3. deliver Committed to the application, Committed[0] at index
//     CommitIndex, Committed[1] at CommitIndex+1, and so on.
//
// Persisting before sending is what makes a vote or an acknowledgement
// survive a crash. Delivery may repeat after a restart (commitLength is
// volatile), so the application skips indexes it has already applied.
// Step 3 may come before this node's own persist completes when the cluster
// has two or more nodes: an entry commits only once a follower has
// acknowledged it, and followers acknowledge only entries that the leader
// persisted before sending and that they persisted before acknowledging, so
// a committed entry is already durable on a quorum (runtime/raft does this).
//
// Slices in a Ready share memory with the core and with each other; treat
// them as read-only. They stay valid after later Steps.
type Ready struct {
	// Persist is the change to durable state this step made.
	Persist Persist
	// Messages are the messages to send, in the order the protocol emits
	// them. None is addressed to this node.
	Messages []Message
	// Committed are entries newly known committed, in log order.
	Committed []Entry
	// CommitIndex is the 1-based index of Committed[0]; 0 when Committed is
	// empty.
	CommitIndex uint64
	// Proposed is the index and term given to the entry of a successful
	// Propose; zero for other events.
	Proposed EntryID
	// ResetElectionTimer tells the driver to restart its election timer: this
	// node started an election, granted a vote, or heard a LogRequest of its
	// current term from the leader.
	ResetElectionTimer bool
}

// Persist is a change to a node's durable state. Applying every Persist a
// core returns, in order, to a Stored yields what New needs after a crash.
type Persist struct {
	// HardState is the new term and vote; nil when neither changed.
	HardState *HardState
	// Log is the change to the log; nil when the log did not change.
	Log *LogChange
}

// Empty reports whether there is nothing to persist.
func (p Persist) Empty() bool {
	return p.HardState == nil && p.Log == nil
}

// LogChange replaces the stored log from position From (0-based) on by
// Entries: the new log is old[:From] followed by Entries. A pure append has
// From equal to the old length.
type LogChange struct {
	From    uint64
	Entries []Entry
}

// Apply returns log with the change applied. It never modifies the entries
// of log visible to the caller.
func (lc LogChange) Apply(log []Entry) []Entry {
	n := min(lc.From, uint64(len(log)))
	return append(log[:n:n], lc.Entries...)
}

// EntryID names a log entry by its 1-based index and its term.
type EntryID struct {
	Index uint64
	Term  uint64
}

// Empty reports whether the step produced nothing at all.
func (rd Ready) Empty() bool {
	return rd.Persist.Empty() && len(rd.Messages) == 0 && len(rd.Committed) == 0 &&
		rd.Proposed == EntryID{} && !rd.ResetElectionTimer
}
