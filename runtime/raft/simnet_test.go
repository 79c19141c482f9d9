package raft

import (
	"fmt"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/rspec/rspec/runtime/core"
)

// simFaults is what a simNet does to each message. The zero value is a
// reliable network that delivers every message at once, in order.
type simFaults struct {
	drop     float64       // probability that a message is lost
	dup      float64       // probability that a message is delivered twice
	maxDelay time.Duration // each delivery is delayed by [0, maxDelay): reordering
	long     float64       // probability of a long delay instead ...
	longMax  time.Duration // ... of [maxDelay, longMax): a message from the past
}

// unreliable is the lab's unreliable network: a tenth of the messages lost,
// some duplicated, all delayed by up to 25 ms, so reordered.
var unreliable = simFaults{drop: 0.1, dup: 0.05, maxDelay: 25 * time.Millisecond}

// longReordering adds to unreliable the lab's long reordering: one message
// in ten arrives up to a second late, long after newer ones.
var longReordering = simFaults{drop: 0.1, dup: 0.05, maxDelay: 25 * time.Millisecond,
	long: 0.1, longMax: time.Second}

// simNet is a simulated network joining in-process transports. It loses,
// delays, duplicates and reorders messages as its simFaults say, and cuts
// links: a node is connected or not, and belongs to a group; a message
// passes only between two connected nodes of the same group, checked both
// when it is sent and when it arrives (a message in flight when a link is
// cut is lost). Every random choice comes from one source seeded by the
// test, so a seed replays the same sequence of choices; which message each
// choice falls on still depends on goroutine scheduling.
//
// The network also watches the protocol: a LogRequest is only sent by the
// leader of its term, so two senders of LogRequests in one term are two
// leaders in one term.
type simNet struct {
	mu     sync.Mutex
	rng    *rand.Rand
	faults simFaults
	closed bool
	nodes  map[core.ID]*simTransport // the current run of each node
	up     map[core.ID]bool          // connected
	group  map[core.ID]int           // partition; links join equal groups

	leaders map[uint64]core.ID // term -> the node seen sending LogRequests
	onBad   func(string)       // reports a safety violation
	onSend  func(core.Message) // the scenario's hook; nil when none

	sent, dropped, duplicated int
}

func newSimNet(seed uint64, onBad func(string)) *simNet {
	return &simNet{
		rng:     rand.New(rand.NewPCG(seed, 0x51e7)),
		nodes:   map[core.ID]*simTransport{},
		up:      map[core.ID]bool{},
		group:   map[core.ID]int{},
		leaders: map[uint64]core.ID{},
		onBad:   onBad,
	}
}

// transport returns the transport of a new run of node id, replacing any
// earlier one: messages in flight to id reach the new run.
func (nw *simNet) transport(id core.ID) *simTransport {
	t := &simTransport{nw: nw, id: id, in: make(chan core.Message, 1024)}
	nw.mu.Lock()
	defer nw.mu.Unlock()
	nw.nodes[id] = t
	if _, ok := nw.up[id]; !ok {
		nw.up[id] = true
	}
	return t
}

// setFaults changes what happens to the messages sent from now on.
func (nw *simNet) setFaults(f simFaults) {
	nw.mu.Lock()
	defer nw.mu.Unlock()
	nw.faults = f
}

// observe makes f see every message sent, with the network's lock held;
// nil removes it.
func (nw *simNet) observe(f func(core.Message)) {
	nw.mu.Lock()
	defer nw.mu.Unlock()
	nw.onSend = f
}

// connect and disconnect join node id to the network or cut it off.
func (nw *simNet) connect(id core.ID)    { nw.setUp(id, true) }
func (nw *simNet) disconnect(id core.ID) { nw.setUp(id, false) }

func (nw *simNet) setUp(id core.ID, up bool) {
	nw.mu.Lock()
	defer nw.mu.Unlock()
	nw.up[id] = up
}

// connected reports whether node id is connected.
func (nw *simNet) connected(id core.ID) bool {
	nw.mu.Lock()
	defer nw.mu.Unlock()
	return nw.up[id]
}

// partition splits the network into the groups given; a node in none of
// them is alone. Connections are left as they are.
func (nw *simNet) partition(groups ...[]core.ID) {
	nw.mu.Lock()
	defer nw.mu.Unlock()
	for id := range nw.up {
		nw.group[id] = -int(id) // alone
	}
	for g, ids := range groups {
		for _, id := range ids {
			nw.group[id] = g + 1
		}
	}
}

// join ends every partition; connections are left as they are.
func (nw *simNet) join() {
	nw.mu.Lock()
	defer nw.mu.Unlock()
	clear(nw.group)
}

// heal connects every node, ends every partition and stops every fault.
func (nw *simNet) heal() {
	nw.mu.Lock()
	defer nw.mu.Unlock()
	for id := range nw.up {
		nw.up[id] = true
	}
	clear(nw.group)
	nw.faults = simFaults{}
}

// close drops every message from now on.
func (nw *simNet) close() {
	nw.mu.Lock()
	defer nw.mu.Unlock()
	nw.closed = true
}

// reachable reports whether messages pass between a and b.
func (nw *simNet) reachable(a, b core.ID) bool {
	nw.mu.Lock()
	defer nw.mu.Unlock()
	return nw.linked(a, b)
}

// linked reports whether a message can pass from a to b. nw.mu is held.
func (nw *simNet) linked(a, b core.ID) bool {
	return !nw.closed && nw.up[a] && nw.up[b] && nw.group[a] == nw.group[b]
}

// send puts m on the wire: it decides, with the network's faults, whether
// and when m and perhaps a copy of it arrive.
func (nw *simNet) send(m core.Message) {
	m = cloneMessage(m) // the wire holds its own copy, as an encoding would
	nw.mu.Lock()
	defer nw.mu.Unlock()
	nw.sent++
	nw.watch(m)
	if nw.onSend != nil {
		nw.onSend(m)
	}
	if !nw.linked(m.From, m.To) || nw.rng.Float64() < nw.faults.drop {
		nw.dropped++
		return
	}
	copies := 1
	if nw.rng.Float64() < nw.faults.dup {
		copies = 2
		nw.duplicated++
	}
	for range copies {
		if d := nw.delay(); d > 0 {
			time.AfterFunc(d, func() { nw.arrive(m) })
		} else {
			nw.deliver(m)
		}
	}
}

// delay draws a message's delay. nw.mu is held.
func (nw *simNet) delay() time.Duration {
	f := nw.faults
	if f.long > 0 && f.longMax > f.maxDelay && nw.rng.Float64() < f.long {
		return f.maxDelay + time.Duration(nw.rng.Int64N(int64(f.longMax-f.maxDelay)))
	}
	if f.maxDelay <= 0 {
		return 0
	}
	return time.Duration(nw.rng.Int64N(int64(f.maxDelay)))
}

// arrive delivers a delayed message if its link still stands.
func (nw *simNet) arrive(m core.Message) {
	nw.mu.Lock()
	defer nw.mu.Unlock()
	if nw.linked(m.From, m.To) {
		nw.deliver(m)
	} else {
		nw.dropped++
	}
}

// deliver hands m to the current run of its addressee; a full inbound
// queue or a stopped node loses it. nw.mu is held.
func (nw *simNet) deliver(m core.Message) {
	dst := nw.nodes[m.To]
	if dst == nil || dst.closed {
		nw.dropped++
		return
	}
	select {
	case dst.in <- cloneMessage(m): // a duplicate is a copy too
	default:
		nw.dropped++
	}
}

// watch records the leader of m's term if m is a LogRequest, reporting a
// second one. nw.mu is held.
func (nw *simNet) watch(m core.Message) {
	if m.Type != core.MsgLogRequest {
		return
	}
	if prev, ok := nw.leaders[m.Term]; ok && prev != m.From {
		nw.onBad(fmt.Sprintf("two leaders in term %d: nodes %d and %d sent LogRequests", m.Term, prev, m.From))
		return
	}
	nw.leaders[m.Term] = m.From
}

// stats returns the counts of messages sent, lost and duplicated.
func (nw *simNet) stats() (sent, dropped, duplicated int) {
	nw.mu.Lock()
	defer nw.mu.Unlock()
	return nw.sent, nw.dropped, nw.duplicated
}

// cloneMessage returns m with its own copy of its entries.
func cloneMessage(m core.Message) core.Message {
	if m.Entries != nil {
		es := make([]core.Entry, len(m.Entries))
		for i, e := range m.Entries {
			es[i] = core.Entry{Term: e.Term, Data: append([]byte(nil), e.Data...)}
		}
		m.Entries = es
	}
	return m
}

// simTransport is one run of a node's Transport on a simNet.
type simTransport struct {
	nw     *simNet
	id     core.ID
	in     chan core.Message
	closed bool // guarded by nw.mu
}

var _ Transport = (*simTransport)(nil)

// Send puts m on the network; it never blocks and never fails, as a lossy
// network does not tell the sender.
func (t *simTransport) Send(m core.Message) error {
	t.nw.send(m)
	return nil
}

// Recv returns the node's inbound messages.
func (t *simTransport) Recv() <-chan core.Message { return t.in }

// Close stops deliveries to this run of the node.
func (t *simTransport) Close() error {
	t.nw.mu.Lock()
	defer t.nw.mu.Unlock()
	if !t.closed {
		t.closed = true
		close(t.in)
	}
	return nil
}
