package raft

import "github.com/rspec/rspec/runtime/core"

// syncDone is the syncer's answer to a job.
type syncDone struct {
	msgs []core.Message // the job's slice, emptied, for reuse
	err  error          // the Sync failed: the messages were not sent
}

// runSyncer takes jobs until jobs is closed. A job is the messages of the
// batches whose changes the loop has given to storage since the last job;
// for each, runSyncer makes those changes durable with one Sync, then sends
// the messages, then answers on done. The event loop goes on stepping the
// core meanwhile, so acknowledgements that arrive during a Sync commit
// entries at once, and proposals that arrive during it share the next one.
func (n *Node) runSyncer(jobs <-chan []core.Message, done chan<- syncDone) {
	for msgs := range jobs {
		err := n.store.Sync()
		if err == nil {
			n.send(msgs)
		}
		clear(msgs)
		done <- syncDone{msgs: msgs[:0], err: err}
	}
}

// send hands msgs to the transport and clears them.
func (n *Node) send(msgs []core.Message) {
	for i, m := range msgs {
		if err := n.tr.Send(m); err != nil {
			n.log.Debug("send failed", "to", uint64(m.To), "type", m.Type.String(), "err", err)
		}
		msgs[i] = core.Message{}
	}
}
