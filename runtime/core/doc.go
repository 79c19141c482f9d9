// Package core is the deterministic heart of rspec's Raft library: one
// node's protocol state machine, exactly the protocol of docs/protocol.md
// (Kleppmann's formulation of Raft). It performs no I/O, starts no
// goroutines and reads no clock, so the same events always produce the same
// state and the same messages; the conformance tool replays model-checker
// traces against it step by step.
//
// A driver owns a Core and feeds it events: timer expiries
// (ElectionTimeout, HeartbeatTimeout), messages from peers (Receive) and
// client requests (Propose). Each Step returns a Ready, which the driver
// carries out in order:
//
//  1. persist rd.Persist (term and vote before the log change);
//  2. send rd.Messages;
//  3. deliver rd.Committed to the application, from index rd.CommitIndex.
//
// After a crash the driver calls New with what it persisted; volatile state
// (role, leader, commit point, replication progress) starts afresh and
// committed entries are delivered again from index 1, so the application
// skips the indexes it has applied.
//
// Driving a node looks like this:
//
//	c, err := core.New(core.Config{ID: 1, Peers: []core.ID{1, 2, 3}}, stored)
//	if err != nil {
//		return err
//	}
//	for ev := range events { // timers, received messages, proposals
//		rd, err := c.Step(ev)
//		if err != nil {
//			log.Print(err) // e.g. errors.Is(err, core.ErrNotLeader)
//			continue
//		}
//		if rd.ResetElectionTimer {
//			electionTimer.Reset(randomTimeout())
//		}
//		if err := storage.Save(rd.Persist); err != nil { // durably, before sending
//			return err
//		}
//		for _, m := range rd.Messages {
//			transport.Send(m)
//		}
//		for i, e := range rd.Committed {
//			app.Apply(rd.CommitIndex+uint64(i), e.Data) // skips indexes already applied
//		}
//	}
//
// Package coretest holds an in-memory cluster of cores for tests.
package core
