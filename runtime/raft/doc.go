// Package raft is rspec's Raft library for applications: a Node drives the
// deterministic core (package core) with timers, a Storage (package storage)
// and a TCP transport (package transport), and gives the application a
// replicated log with one total order on every node. The protocol is the one
// of docs/protocol.md, Kleppmann's formulation of Raft.
//
// # The event loop
//
// One goroutine owns the core. It takes an event (an election or heartbeat
// timer, a message from a peer, a proposal), then every further event
// already waiting, stepping the core for each and recording each step's
// term, vote and log change in storage (a batch's appends as one change).
// The batch's committed entries are delivered at once: an entry is
// committed only when a quorum holds it durably. A second goroutine then
// makes the batch durable with one Sync, and only then sends its messages:
// no message ever depends on state that a crash could lose. The loop goes
// on meanwhile, so acknowledgements commit entries during a Sync, and the
// batches that end during a Sync share the next one (group commit). A log
// request or response is not sent when a later one, to the same peer in the
// same term and sent with it, carries all it does; so the proposals of one
// Sync go to each follower in one message. The election timeout is drawn
// afresh in [T, 2T) each time the core asks for the timer to be reset; a
// leader sends heartbeats every HeartbeatInterval.
//
// # Replication and elections
//
// A leader replicates as etcd does: it probes a follower whose log it is
// unsure of, one LogRequest at a time, jumping back by the follower's repair
// hint on a refusal (one round trip per divergent term, not per entry),
// then pipelines batches of at most MaxBatchEntries entries and
// MaxBatchBytes bytes with at most MaxInflightEntries unacknowledged. A
// follower a million entries behind catches up in seconds, and no message
// comes near the transport's frame limit. Pre-vote keeps a node that
// rejoins after a partition from deposing a healthy leader, and
// check-quorum makes a leader cut off from the majority step down; both are
// on unless DisablePreVote or DisableCheckQuorum is set.
//
// # Proposals
//
// Propose at the leader returns once the entry is committed, with its index
// and term, or ErrProposalDropped once another entry is committed at its
// index. A node that is not the leader refuses proposals with a
// *NotLeaderError naming the leader and its address; nodes do not forward
// proposals, the client retries at the leader. A proposal larger than
// MaxEntryBytes is refused with ErrEntryTooLarge. If the caller's context ends
// or the node stops first, the outcome is unknown: the entry may still
// commit.
//
// # Delivery
//
// Committed entries arrive on Committed in index order, every index once
// per run; an entry with Noop set is the empty entry a new leader appends,
// which the application skips (it keeps its index). The commit point is
// volatile, so a restarted node delivers every committed entry again from
// index 1; an application keeps the index of the last entry it applied and
// skips entries at or below it.
//
// A node's life looks like this:
//
//	n, err := raft.NewNode(raft.Config{
//		ID:      1,
//		Peers:   map[core.ID]string{1: "127.0.0.1:7001", 2: "127.0.0.1:7002", 3: "127.0.0.1:7003"},
//		DataDir: "data/1",
//	})
//	if err != nil {
//		return err
//	}
//	if err := n.Start(ctx); err != nil {
//		return err
//	}
//	defer n.Stop()
//	go func() {
//		for e := range n.Committed() {
//			if e.Index > applied { // skip what a previous run applied
//				if !e.Noop {
//					apply(e.Data)
//				}
//				applied = e.Index
//			}
//		}
//	}()
//	index, term, err := n.Propose(ctx, []byte("x"))
//	var nle *raft.NotLeaderError
//	if errors.As(err, &nle) {
//		// retry at nle.Leader (nle.Addr)
//	}
//
// Nodes share no global state: a process may run many, as tests and the
// dinner example do.
package raft
