package raft

import (
	"errors"
	"time"

	"github.com/rspec/rspec/runtime/core"
)

// maxBatch bounds how many events one batch takes without blocking before
// it ends (see endBatch).
const maxBatch = 256

// maxHeld bounds how many events the loop steps while the syncer is busy:
// past it, the loop waits for the syncer before it takes more.
const maxHeld = 4096

// loopState is the event loop's own state.
type loopState struct {
	election  *time.Timer
	recv      <-chan core.Message    // the transport's inbound channel; nil once closed
	pending   map[uint64][]*proposal // by index: proposals waiting for commit
	lastIndex uint64                 // log length
	commit    uint64                 // commitLength

	// What the steps since the syncer took its last job asked for.
	dirty     bool         // storage has changes no job covers
	staged    bool         // a log change waits to be given to storage:
	logFrom   uint64       // from position logFrom on,
	logEnts   []core.Entry // the log is logEnts
	msgs      []core.Message
	committed []Entry
	seen      []core.Message // scratch for coalesce

	// The syncer (see endBatch and runSyncer).
	jobs    chan<- []core.Message
	syncing bool           // a job is with the syncer
	held    int            // events stepped since the syncer took its job
	spare   []core.Message // a message slice back from the syncer, for reuse
}

// run is the event loop. It owns the core: it takes one event, blocking,
// then every further event available without blocking (up to maxBatch),
// stepping the core for each and recording the state changes in storage;
// then endBatch delivers the batch's committed entries and hands its changes
// and messages to the syncer, which makes the changes durable with one Sync
// and only then sends the messages.
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

// loopEvents runs batches until the node stops (nil) or fails. It runs the
// syncer beside it and waits for the syncer to finish before returning.
func (n *Node) loopEvents(heartbeat <-chan time.Time) error {
	l := &n.loop
	jobs, done := make(chan []core.Message, 1), make(chan syncDone, 1)
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		n.runSyncer(jobs, done)
	}()
	defer func() {
		close(jobs)
		<-finished
	}()
	l.jobs = jobs
	for {
		propc, recv := n.propc, l.recv
		if l.syncing && l.held >= maxHeld {
			propc, recv = nil, nil // wait for the syncer before taking more
		}
		var err error
		select {
		case <-n.stopc:
			return nil
		case d := <-done:
			l.syncing, l.spare, err = false, d.msgs, d.err
		case <-l.election.C:
			// Re-armed whatever the role: a leader ignores the timeout, but
			// it may step down later without a reason to reset the timer.
			l.election.Reset(randomTimeout(n.cfg.ElectionTimeout))
			err = n.handleEvent(core.ElectionTimeout{})
		case <-heartbeat:
			if n.core.Role() == core.Leader {
				err = n.handleEvent(core.HeartbeatTimeout{})
			}
		case m, ok := <-recv:
			err = n.handleReceive(m, ok)
		case p := <-propc:
			err = n.handleProposal(p)
		}
		for i := 0; err == nil && i < maxBatch; i++ {
			select {
			case m, ok := <-recv:
				err = n.handleReceive(m, ok)
			case p := <-propc:
				err = n.handleProposal(p)
			default:
				i = maxBatch
			}
		}
		if err == nil {
			err = n.endBatch()
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
// messages and committed entries to the batch. Log changes are staged and
// merged with the next ones (stageLog), so that a batch of proposals is one
// SetLog; a HardState change first writes what is staged, which keeps the
// changes in storage in the order the steps made them.
func (n *Node) record(rd core.Ready) error {
	l := &n.loop
	l.held++
	if hs := rd.Persist.HardState; hs != nil {
		if err := n.writeStaged(); err != nil {
			return err
		}
		if err := n.store.SetHardState(*hs); err != nil {
			return err
		}
		l.dirty = true
	}
	if lc := rd.Persist.Log; lc != nil {
		l.stageLog(*lc)
		l.dirty = true
		l.lastIndex = lc.From + uint64(len(lc.Entries))
	}
	l.msgs = append(l.msgs, rd.Messages...)
	for i, e := range rd.Committed {
		l.committed = append(l.committed, Entry{Index: rd.CommitIndex + uint64(i), Term: e.Term, Data: e.Data, Noop: e.Type == core.EntryNoop})
	}
	if rd.ResetElectionTimer {
		l.election.Reset(randomTimeout(n.cfg.ElectionTimeout))
	}
	return nil
}

// stageLog merges lc into the staged log change. Both say "from position p
// on, the log is these entries", so the merge is lc applied to the staged
// entries; lc starting before them replaces them all.
func (l *loopState) stageLog(lc core.LogChange) {
	switch {
	case !l.staged || lc.From < l.logFrom:
		clear(l.logEnts)
		l.logFrom, l.logEnts, l.staged = lc.From, append(l.logEnts[:0], lc.Entries...), true
	default:
		// lc.From is at most the log's length, so within or just past
		// the staged entries.
		keep := lc.From - l.logFrom
		clear(l.logEnts[keep:])
		l.logEnts = append(l.logEnts[:keep], lc.Entries...)
	}
}

// writeStaged gives the staged log change to storage, unsynced.
func (n *Node) writeStaged() error {
	l := &n.loop
	if !l.staged {
		return nil
	}
	err := n.store.SetLog(l.logFrom, l.logEnts)
	clear(l.logEnts)
	l.logEnts, l.staged = l.logEnts[:0], false
	return err
}

// endBatch ends a batch. It delivers the batch's committed entries and
// answers the proposals they settle. Then, unless the syncer is busy, the
// changes and messages of the batches since its last job go to it: it makes
// the changes durable with one Sync and only then sends the messages, less
// those that a later one supersedes (coalesce). A batch that changed nothing
// durable sends its messages itself when no Sync is pending.
//
// Committed entries need not wait for the Sync: an entry is committed only
// once a quorum holds it durably. A leader counts its own copy at once, but
// a quorum of 2 or more (a cluster has at least 2 nodes) also needs a
// follower's LogResponse, and followers acknowledge only entries they
// received, which the leader sent after syncing them, and only after
// syncing them too. A node delivering before its own Sync can thus lose only
// its copy of an entry in a crash, never the entry, and relearns it as any
// restarted node does.
func (n *Node) endBatch() error {
	l := &n.loop
	if err := n.writeStaged(); err != nil {
		return err
	}
	if len(l.committed) > 0 {
		for _, e := range l.committed {
			n.settle(e)
		}
		l.commit = l.committed[len(l.committed)-1].Index
		n.out.push(l.committed)
		l.committed = nil
	}
	if !l.syncing && (l.dirty || len(l.msgs) > 0) {
		var msgs []core.Message
		msgs, l.seen = coalesce(l.msgs, l.seen)
		msgs = mergeRuns(msgs, n.cfg.MaxBatchEntries, n.cfg.MaxBatchBytes)
		if l.dirty {
			l.jobs <- msgs // the syncer is idle
			l.msgs, l.spare = l.spare, nil
			l.syncing, l.dirty, l.held = true, false, 0
		} else {
			n.send(msgs)
			l.msgs = l.msgs[:0]
		}
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
