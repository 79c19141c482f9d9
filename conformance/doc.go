// Package conformance holds the hand-written Raft runtime (runtime/core and
// runtime/storage) to the spec it implements (spec/raft.rsl, compiled to
// generated/raftspec): it replays spec behaviours against real cores, step
// by step, and reports the first step where the two disagree.
//
// The adapter maps spec server s to runtime node id s+1 and spec value v to
// entry data []byte{v}. Abstract maps a runtime Cluster (N cores, their
// storage and the messages in flight) to the spec state it stands for; Diff
// compares the two field by field. Each spec action becomes runtime events:
//
//	Timeout(s)           ElectionTimeout at node s+1
//	Heartbeat(s)         HeartbeatTimeout at node s+1
//	ClientRequest(s, v)  Propose{Data: []byte{v}} at node s+1
//	Deliver(m)           Receive of the in-flight message that stands for m
//	Crash(s)             core.New from what node s+1 persisted, through a
//	                     reopened FileStorage or MemStorage.Crash
//
// The cluster drives cores as a real driver does: it persists and syncs
// Ready.Persist, then puts Ready.Messages in flight. After every step the
// runtime must have accepted the event, handed the application exactly the
// entries the spec commits, persisted what its core holds, and reached a
// state that abstracts to the spec's; the messages it sent are checked as
// part of the network. The rest of the step's Ready must ask for exactly
// the step's changes: a hard state to persist exactly when the term or vote
// changes and a log change exactly when the log does, CommitIndex 0 when
// nothing is committed, Proposed only for a client request, and an election
// timer restart exactly when the node starts an election, grants a vote or
// hears a LogRequest of its current term. In every state replayed, the
// events the protocol does not enable at a node (an election timeout at a
// leader, a heartbeat or a proposal at a non-leader) must be ignored or
// refused with a *core.NotLeaderError naming the spec's currentLeader, and
// change nothing.
//
// Behaviours come from three sources: Exhaustive (every transition of the
// state graph up to a depth, sharing replayed prefixes), Walks (seeded
// random walks) and Traces (traces the checker wrote). For example:
//
//	res, err := conformance.Exhaustive(ctx, 8, conformance.Options{})
//	if err != nil {
//		return err
//	}
//	if !res.OK() {
//		fmt.Print(res.Divergence.Report())
//	}
//	fmt.Print(res.Summary())
//
// scripts/mutation.sh measures how much of runtime/core these checks pin
// down: it runs gremlins over the core with this suite as the only test.
package conformance
