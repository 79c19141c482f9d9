package raft

import (
	"bytes"
	"context"
	"fmt"
)

// proposal is one Propose call waiting for its outcome.
type proposal struct {
	data   []byte
	term   uint64             // the term the leader appended it in
	result chan proposeResult // buffered: the loop never blocks on it
}

type proposeResult struct {
	index, term uint64
	err         error
}

// reply sends the proposal's outcome; the loop calls it at most once.
func (p *proposal) reply(index, term uint64, err error) {
	p.result <- proposeResult{index: index, term: term, err: err}
}

// Propose asks the cluster to append data to the replicated log and waits
// for the outcome:
//
//   - at the leader, once the entry is committed, it returns the entry's
//     index and term; the entry is (or will be) delivered on Committed at
//     that index on every node;
//   - if a different entry is committed at that index first (the leader
//     lost its leadership and a new leader overwrote the entry), it returns
//     ErrProposalDropped: the proposal will never commit and can be made
//     again;
//   - at a node that is not the leader it returns at once a
//     *NotLeaderError (errors.Is ErrNotLeader) naming the leader and its
//     address, if known. Nodes do not forward proposals: the client retries
//     at the leader.
//
// A leader that loses its leadership keeps waiting for the proposal's index
// to commit: an entry overwritten at this node may still be committed from
// another node's log, so only a commit at its index settles it. If ctx ends
// first, Propose returns ctx.Err(), and if the node stops, ErrStopped; in
// both cases the entry may still commit. Propose copies data.
func (n *Node) Propose(ctx context.Context, data []byte) (index, term uint64, err error) {
	if !n.started.Load() {
		return 0, 0, ErrNotStarted
	}
	if uint64(len(data)) > n.cfg.MaxEntryBytes {
		return 0, 0, fmt.Errorf("propose %d bytes: %w", len(data), ErrEntryTooLarge)
	}
	p := &proposal{data: bytes.Clone(data), result: make(chan proposeResult, 1)}
	if p.data == nil {
		p.data = []byte{}
	}
	select {
	case n.propc <- p:
	case <-ctx.Done():
		return 0, 0, ctx.Err()
	case <-n.done:
		return 0, 0, n.stoppedErr()
	}
	select {
	case r := <-p.result:
		return r.index, r.term, r.err
	case <-ctx.Done():
		return 0, 0, ctx.Err()
	case <-n.done:
		select {
		case r := <-p.result:
			return r.index, r.term, r.err
		default:
			return 0, 0, n.stoppedErr()
		}
	}
}

// stoppedErr is the error of a call on a node whose loop has ended.
func (n *Node) stoppedErr() error {
	if err := n.Err(); err != nil {
		return err
	}
	return ErrStopped
}
