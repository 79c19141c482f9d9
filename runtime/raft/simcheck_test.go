package raft

import (
	"bytes"
	"fmt"
	"slices"
	"sync"

	"github.com/rspec/rspec/runtime/core"
)

// simChecker watches a simulated cluster for violations of safety: it sees
// every entry each run of each node delivers on Committed, every
// acknowledged proposal and every leader a node reports. It records a
// violation as a message; the cluster fails the test with them.
type simChecker struct {
	mu        sync.Mutex
	applied   map[core.ID][]Entry // by node, across its runs
	committed map[uint64]Entry    // by index: the first delivery of each
	firstBy   map[uint64]core.ID  // by index: the node that delivered it first
	at        map[string]uint64   // by data: the index it was delivered at
	acks      map[uint64]Entry    // by index: the acknowledged proposal
	leaders   map[uint64]core.ID  // by term: the node whose Status said Leader
	bad       []string
}

func newSimChecker() *simChecker {
	return &simChecker{
		applied:   map[core.ID][]Entry{},
		committed: map[uint64]Entry{},
		firstBy:   map[uint64]core.ID{},
		at:        map[string]uint64{},
		acks:      map[uint64]Entry{},
		leaders:   map[uint64]core.ID{},
	}
}

// maxViolations bounds how many violations are kept.
const maxViolations = 20

// violation records a broken safety property.
func (k *simChecker) violation(msg string) {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.violationLocked(msg)
}

func (k *simChecker) violationLocked(msg string) {
	if len(k.bad) < maxViolations {
		k.bad = append(k.bad, msg)
	}
}

// violations returns the violations recorded so far.
func (k *simChecker) violations() []string {
	k.mu.Lock()
	defer k.mu.Unlock()
	return slices.Clone(k.bad)
}

// consume reads one run of node id's Committed channel until it closes.
func (k *simChecker) consume(id core.ID, c <-chan Entry) {
	var prev uint64 // the index this run delivered last
	for e := range c {
		k.deliver(id, prev, e)
		prev = e.Index
	}
}

// deliver checks entry e, delivered by node id after index prev in the
// same run (0 at the start of a run), against what id delivered in earlier
// runs, what other nodes delivered at its index, the acknowledged proposal
// at its index and the index its data was delivered at elsewhere.
func (k *simChecker) deliver(id core.ID, prev uint64, e Entry) {
	k.mu.Lock()
	defer k.mu.Unlock()
	applied := k.applied[id]
	switch {
	case prev != 0 && e.Index != prev+1:
		k.violationLocked(fmt.Sprintf("node %d delivered index %d after %d", id, e.Index, prev))
	case e.Index == 0 || e.Index > uint64(len(applied))+1:
		k.violationLocked(fmt.Sprintf("node %d delivered index %d with only %d applied", id, e.Index, len(applied)))
		return
	case e.Index <= uint64(len(applied)):
		if old := applied[e.Index-1]; !sameEntry(old, e) {
			k.violationLocked(fmt.Sprintf("node %d delivered index %d as %s, earlier as %s",
				id, e.Index, fmtEntry(e), fmtEntry(old)))
		}
	default:
		k.applied[id] = append(applied, e)
	}
	if first, ok := k.committed[e.Index]; !ok {
		k.committed[e.Index], k.firstBy[e.Index] = e, id
	} else if !sameEntry(first, e) {
		k.violationLocked(fmt.Sprintf("index %d: node %d delivered %s, node %d delivered %s",
			e.Index, id, fmtEntry(e), k.firstBy[e.Index], fmtEntry(first)))
	}
	if a, ok := k.acks[e.Index]; ok && !sameEntry(a, e) {
		k.violationLocked(fmt.Sprintf("index %d: node %d delivered %s, but %s was acknowledged there",
			e.Index, id, fmtEntry(e), fmtEntry(a)))
	}
	k.checkUnique(e)
}

// checkUnique records where e's data was delivered. Every proposal of these
// tests has its own data, so data delivered at two indexes was appended
// twice. Empty data (a leader's no-op entry, say) is not checked.
func (k *simChecker) checkUnique(e Entry) {
	if len(e.Data) == 0 {
		return
	}
	if idx, ok := k.at[string(e.Data)]; ok && idx != e.Index {
		k.violationLocked(fmt.Sprintf("value %q delivered at index %d and %d", e.Data, idx, e.Index))
		return
	}
	k.at[string(e.Data)] = e.Index
}

// ack records a proposal that Propose acknowledged as committed at e.Index.
func (k *simChecker) ack(e Entry) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if a, ok := k.acks[e.Index]; ok && !sameEntry(a, e) {
		k.violationLocked(fmt.Sprintf("index %d acknowledged twice: %s and %s", e.Index, fmtEntry(a), fmtEntry(e)))
	}
	if c, ok := k.committed[e.Index]; ok && !sameEntry(c, e) {
		k.violationLocked(fmt.Sprintf("index %d: %s acknowledged, but node %d delivered %s there",
			e.Index, fmtEntry(e), k.firstBy[e.Index], fmtEntry(c)))
	}
	k.acks[e.Index] = e
}

// sawLeader records that node id's Status said it leads term.
func (k *simChecker) sawLeader(term uint64, id core.ID) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if prev, ok := k.leaders[term]; ok && prev != id {
		k.violationLocked(fmt.Sprintf("two leaders in term %d: Status of nodes %d and %d", term, prev, id))
		return
	}
	k.leaders[term] = id
}

// delivered reports whether node id delivered data at index.
func (k *simChecker) delivered(id core.ID, index uint64, data []byte) bool {
	k.mu.Lock()
	defer k.mu.Unlock()
	applied := k.applied[id]
	return index >= 1 && index <= uint64(len(applied)) && bytes.Equal(applied[index-1].Data, data)
}

// deliveredAnywhere reports whether some node delivered data.
func (k *simChecker) deliveredAnywhere(data string) bool {
	k.mu.Lock()
	defer k.mu.Unlock()
	_, ok := k.at[data]
	return ok
}

// appliedLen returns how many entries node id has delivered.
func (k *simChecker) appliedLen(id core.ID) int {
	k.mu.Lock()
	defer k.mu.Unlock()
	return len(k.applied[id])
}

// checkAgreement returns the disagreements about the first n entries among
// the nodes ids, each of which must have delivered them, and the
// acknowledged proposals among them that are missing.
func (k *simChecker) checkAgreement(ids []core.ID, n uint64) []string {
	k.mu.Lock()
	defer k.mu.Unlock()
	var errs []string
	for _, id := range ids {
		applied := k.applied[id]
		if uint64(len(applied)) < n {
			errs = append(errs, fmt.Sprintf("node %d delivered %d entries, want %d", id, len(applied), n))
			continue
		}
		for i, e := range applied[:n] {
			if want := k.committed[uint64(i)+1]; !sameEntry(want, e) {
				errs = append(errs, fmt.Sprintf("node %d index %d: %s, want %s", id, i+1, fmtEntry(e), fmtEntry(want)))
			}
		}
	}
	for idx, a := range k.acks {
		if c, ok := k.committed[idx]; idx <= n && (!ok || !sameEntry(a, c)) {
			errs = append(errs, fmt.Sprintf("acknowledged %s missing", fmtEntry(a)))
		}
	}
	return errs
}

// counts returns how many proposals were acknowledged and how many entries
// were delivered by some node.
func (k *simChecker) counts() (acks, committed int) {
	k.mu.Lock()
	defer k.mu.Unlock()
	return len(k.acks), len(k.committed)
}

func sameEntry(a, b Entry) bool {
	return a.Index == b.Index && a.Term == b.Term && bytes.Equal(a.Data, b.Data)
}

func fmtEntry(e Entry) string { return fmt.Sprintf("%d/t%d/%q", e.Index, e.Term, e.Data) }
