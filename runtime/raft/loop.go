package raft

import (
	"errors"
	"time"

	"github.com/rspec/rspec/runtime/core"
)

// maxBatch bounds how many events one batch takes without blocking before
// it is made durable with one Sync.
const maxBatch = 256

// loopState is the event loop's own state.
type loopState struct {
	election  *time.Timer
	recv      <-chan core.Message    // the transport's inbound channel; nil once closed
	pending   map[uint64][]*proposal // by index: proposals waiting for commit
	lastIndex uint64                 // log length
	commit    uint64                 // commitLength

	// The batch being built: what the steps since the last flush asked for.
	dirty     bool // storage has unsynced changes
	msgs      []core.Message
	committed []Entry
}

// run is the event loop. It owns the core: it takes one event, blocking,
// then every further event available without blocking (up to maxBatch),
// stepping the core for each and recording the state changes in storage;
// then flush makes them durable with one Sync and only then sends the
// messages and delivers the committed entries of the whole batch.
func (n *Node) run() {
	defer n.wg.Done()
	defer close(n.done)
	l := &n.loop
	l.election = time.NewTimer(randomTimeout(n.cfg.ElectionTimeout))
	defer l.election.Stop()
	hb := time.NewTicker(n.cfg.HeartbeatInterval)
	defer hb.Stop()

	l.recv = n.tr.Recv()
	err := n.loopEvents(hb.C)
	if err != nil {
		n.log.Error("node failed", "err", err)
		n.mu.Lock()
		n.err = err
		n.mu.Unlock()
	} else {
		err = ErrStopped
	}
	for idx, ps := range l.pending {
		for _, p := range ps {
			p.reply(0, 0, err)
		}
		delete(l.pending, idx)
	}
}

// loopEvents runs batches until the node stops (nil) or fails.
func (n *Node) loopEvents(heartbeat <-chan time.Time) error {
	l := &n.loop
	for {
		var err error
		select {
		case <-n.stopc:
			return nil
		case <-l.election.C:
			// Re-armed whatever the role: a leader ignores the timeout, but
			// it may step down later without a reason to reset the timer.
			l.election.Reset(randomTimeout(n.cfg.ElectionTimeout))
			err = n.handleEvent(core.ElectionTimeout{})
		case <-heartbeat:
			if n.core.Role() == core.Leader {
				err = n.handleEvent(core.HeartbeatTimeout{})
			}
		case m, ok := <-l.recv:
			err = n.handleReceive(m, ok)
		case p := <-n.propc:
			err = n.handleProposal(p)
		}
		for i := 0; err == nil && i < maxBatch; i++ {
			select {
			case m, ok := <-l.recv:
				err = n.handleReceive(m, ok)
			case p := <-n.propc:
				err = n.handleProposal(p)
			default:
				i = maxBatch
			}
		}
		if err == nil {
			err = n.flush()
		}
		if err != nil {
			return err
		}
	}
}

// handleEvent steps the core with ev and records the outcome in the batch.
// A rejected event (an invalid message, say) is logged and changes nothing;
// the error returned is a storage failure.
func (n *Node) handleEvent(ev core.Event) error {
	rd, err := n.core.Step(ev)
	if err != nil {
		n.log.Warn("event rejected", "err", err)
		return nil
	}
	return n.record(rd)
}

// handleReceive steps the core with a message from the transport; ok false
// means the transport closed, after which the node hears nothing more.
func (n *Node) handleReceive(m core.Message, ok bool) error {
	if !ok {
		n.log.Warn("transport closed: no more messages from peers")
		n.loop.recv = nil
		return nil
	}
	return n.handleEvent(core.Receive{Msg: m})
}

// handleProposal steps the core with a proposal. A non-leader refuses it at
// once, naming the leader; a leader's entry waits in pending for its index
// to commit.
func (n *Node) handleProposal(p *proposal) error {
	rd, err := n.core.Step(core.Propose{Data: p.data})
	if err != nil {
		var nle *core.NotLeaderError
		if errors.As(err, &nle) {
			err = &NotLeaderError{Node: n.cfg.ID, Leader: nle.Leader, Addr: n.cfg.Peers[nle.Leader]}
		}
		p.reply(0, 0, err)
		return nil
	}
	p.term = rd.Proposed.Term
	n.loop.pending[rd.Proposed.Index] = append(n.loop.pending[rd.Proposed.Index], p)
	return n.record(rd)
}

// record writes a step's durable changes to storage, unsynced, and adds its
// messages and committed entries to the batch.
func (n *Node) record(rd core.Ready) error {
	l := &n.loop
	if hs := rd.Persist.HardState; hs != nil {
		if err := n.store.SetHardState(*hs); err != nil {
			return err
		}
		l.dirty = true
	}
	if lc := rd.Persist.Log; lc != nil {
		if err := n.store.SetLog(lc.From, lc.Entries); err != nil {
			return err
		}
		l.dirty = true
		l.lastIndex = lc.From + uint64(len(lc.Entries))
	}
	l.msgs = append(l.msgs, rd.Messages...)
	for i, e := range rd.Committed {
		l.committed = append(l.committed, Entry{Index: rd.CommitIndex + uint64(i), Term: e.Term, Data: e.Data})
	}
	if rd.ResetElectionTimer {
		l.election.Reset(randomTimeout(n.cfg.ElectionTimeout))
	}
	return nil
}

// flush ends a batch: one Sync makes every change of the batch durable,
// then the messages go out, then the committed entries are delivered and
// the proposals they settle are answered.
func (n *Node) flush() error {
	l := &n.loop
	if l.dirty {
		if err := n.store.Sync(); err != nil {
			return err
		}
		l.dirty = false
	}
	for i, m := range l.msgs {
		if err := n.tr.Send(m); err != nil {
			n.log.Debug("send failed", "to", uint64(m.To), "type", m.Type.String(), "err", err)
		}
		l.msgs[i] = core.Message{}
	}
	l.msgs = l.msgs[:0]
	if len(l.committed) > 0 {
		for _, e := range l.committed {
			n.settle(e)
		}
		l.commit = l.committed[len(l.committed)-1].Index
		n.out.push(l.committed)
		l.committed = nil
	}
	prev := n.Status()
	n.publish()
	n.logChange(prev, n.Status())
	return nil
}

// settle answers the proposals waiting at e's index: the one whose term
// matches is committed; any other can never commit.
func (n *Node) settle(e Entry) {
	ps, ok := n.loop.pending[e.Index]
	if !ok {
		return
	}
	delete(n.loop.pending, e.Index)
	for _, p := range ps {
		if p.term == e.Term {
			p.reply(e.Index, e.Term, nil)
		} else {
			p.reply(0, 0, ErrProposalDropped)
		}
	}
}

// logChange logs a new term, role or leader.
func (n *Node) logChange(prev, cur Status) {
	if prev.Term == cur.Term && prev.Role == cur.Role && prev.Leader == cur.Leader {
		return
	}
	n.log.Info("state changed", "term", cur.Term, "role", cur.Role.String(),
		"leader", uint64(cur.Leader), "commit", cur.Commit, "last_index", cur.LastIndex)
}
