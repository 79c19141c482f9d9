package coretest

import (
	"fmt"

	"github.com/rspec/rspec/runtime/core"
)

// Safety checks Raft's safety properties over a cluster's history. Call
// Check after every step; it remembers what it has seen (leaders per term,
// leaders' logs, committed entries) so that properties over time are checked
// too.
type Safety struct {
	leaders    map[uint64]core.ID    // term -> the node seen leading it
	leaderLogs map[core.ID]leaderLog // last log seen of each current leader
	committed  []committedEntry      // committed[i] is at index i+1
	appChecked map[core.ID]int       // applied entries already checked
}

// leaderLog is a leader's log as last seen, in the term it led.
type leaderLog struct {
	term uint64
	log  []core.Entry
}

// committedEntry is an entry some node knew committed, and the lowest term
// that node was in when it was seen: the entry was committed in that term or
// earlier.
type committedEntry struct {
	entry core.Entry
	term  uint64
}

// NewSafety returns a checker with no history.
func NewSafety() *Safety {
	return &Safety{
		leaders:    make(map[uint64]core.ID),
		leaderLogs: make(map[core.ID]leaderLog),
		appChecked: make(map[core.ID]int),
	}
}

// Check verifies, on the cluster's current state and its history so far:
// Election Safety, Leader Append-Only, Log Matching, Leader Completeness and
// State Machine Safety. It returns the first violation found.
func (s *Safety) Check(c *Cluster) error {
	states := make([]core.State, 0, len(c.ids))
	for _, id := range c.ids {
		states = append(states, c.nodes[id].Core.State())
	}
	for _, st := range states {
		if err := s.checkLeader(st); err != nil {
			return err
		}
		if err := s.recordCommitted(st); err != nil {
			return err
		}
	}
	for i := range states {
		for j := i + 1; j < len(states); j++ {
			if err := logMatching(states[i], states[j]); err != nil {
				return err
			}
		}
	}
	for _, st := range states {
		if err := s.leaderCompleteness(st); err != nil {
			return err
		}
	}
	for _, id := range c.ids {
		if err := s.stateMachine(id, c.nodes[id].App.Applied); err != nil {
			return err
		}
	}
	return nil
}

// checkLeader checks Election Safety (one leader per term, ever) and Leader
// Append-Only (a leader's log only grows while it leads).
func (s *Safety) checkLeader(st core.State) error {
	if st.Role != core.Leader {
		delete(s.leaderLogs, st.ID)
		return nil
	}
	if other, ok := s.leaders[st.Term]; ok && other != st.ID {
		return fmt.Errorf("election safety: nodes %d and %d both led term %d", other, st.ID, st.Term)
	}
	s.leaders[st.Term] = st.ID
	if prev, ok := s.leaderLogs[st.ID]; ok && prev.term == st.Term {
		if len(st.Log) < len(prev.log) || firstDiff(prev.log, st.Log) < len(prev.log) {
			return fmt.Errorf("leader append-only: leader %d of term %d changed its log from %s to %s",
				st.ID, st.Term, core.FormatEntries(prev.log), core.FormatEntries(st.Log))
		}
	}
	s.leaderLogs[st.ID] = leaderLog{term: st.Term, log: st.Log}
	return nil
}

// recordCommitted adds the entries st knows committed to the record, and
// checks those already recorded against st's log.
func (s *Safety) recordCommitted(st core.State) error {
	if st.CommitLength > uint64(len(st.Log)) {
		return fmt.Errorf("node %d: commitLength %d beyond log length %d", st.ID, st.CommitLength, len(st.Log))
	}
	for i, e := range st.Log[:st.CommitLength] {
		if i >= len(s.committed) {
			s.committed = append(s.committed, committedEntry{entry: e, term: st.Term})
			continue
		}
		ce := &s.committed[i]
		if !sameEntry(ce.entry, e) {
			return fmt.Errorf("state machine safety: node %d committed %s at index %d, committed earlier: %s",
				st.ID, e, i+1, ce.entry)
		}
		ce.term = min(ce.term, st.Term)
	}
	return nil
}

// logMatching checks that two logs holding entries of the same term at the
// same index agree on every entry up to there.
func logMatching(a, b core.State) error {
	n := min(len(a.Log), len(b.Log))
	for i := firstDiff(a.Log, b.Log); i < n; i++ {
		if a.Log[i].Term == b.Log[i].Term {
			return fmt.Errorf("log matching: nodes %d and %d have term %d at index %d but differ before: %s and %s",
				a.ID, b.ID, a.Log[i].Term, i+1, core.FormatEntries(a.Log), core.FormatEntries(b.Log))
		}
	}
	return nil
}

// leaderCompleteness checks that a leader holds every entry committed in a
// term before its own.
func (s *Safety) leaderCompleteness(st core.State) error {
	if st.Role != core.Leader {
		return nil
	}
	for i, ce := range s.committed {
		if ce.term >= st.Term {
			continue
		}
		if i >= len(st.Log) || !sameEntry(st.Log[i], ce.entry) {
			return fmt.Errorf("leader completeness: leader %d of term %d lacks %s at index %d, committed by term %d",
				st.ID, st.Term, ce.entry, i+1, ce.term)
		}
	}
	return nil
}

// stateMachine checks State Machine Safety: every entry a node's
// application applied is the entry committed at that index.
func (s *Safety) stateMachine(id core.ID, applied []core.Entry) error {
	for i := s.appChecked[id]; i < len(applied); i++ {
		if i >= len(s.committed) {
			return fmt.Errorf("state machine safety: node %d applied index %d, never seen committed", id, i+1)
		}
		if !sameEntry(applied[i], s.committed[i].entry) {
			return fmt.Errorf("state machine safety: node %d applied %s at index %d, committed: %s",
				id, applied[i], i+1, s.committed[i].entry)
		}
	}
	s.appChecked[id] = len(applied)
	return nil
}

// firstDiff returns the first index where a and b differ, or the shorter
// length.
func firstDiff(a, b []core.Entry) int {
	n := min(len(a), len(b))
	for i := 0; i < n; i++ {
		if !sameEntry(a[i], b[i]) {
			return i
		}
	}
	return n
}
