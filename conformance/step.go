package conformance

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"

	"github.com/rspec/rspec/generated/raftspec"
	"github.com/rspec/rspec/runtime/core"
)

// stepper replays spec actions against runtime clusters. Each worker has
// its own; it counts what it replays.
type stepper struct {
	fileEvery int    // every fileEvery-th restart goes through FileStorage
	dir       string // this worker's directory for FileStorage restarts
	crashes   int    // restarts replayed so far
	counts    Counts
}

// failure is a step the runtime could not take as the spec did.
type failure struct {
	reason string
	diff   []string
}

// step replays spec action a, taken in spec state s and leading to next, on
// a clone of c, and checks the result: the runtime must accept the event,
// hold the message a delivers, deliver to the application exactly the
// entries the spec commits, return a Ready that asks for exactly the step's
// changes (checkReady), and end in a state that abstracts to next. It
// returns the new cluster, or what went wrong.
func (x *stepper) step(c *Cluster, s *raftspec.State, a raftspec.Action, next *raftspec.State) (*Cluster, *failure) {
	d := c.Clone()
	x.counts.add(a.Kind)
	var rd core.Ready
	var err error
	node := int(a.Node)
	switch a.Kind {
	case raftspec.ActionTimeout:
		rd, err = d.Step(node, core.ElectionTimeout{})
	case raftspec.ActionHeartbeat:
		rd, err = d.Step(node, core.HeartbeatTimeout{})
	case raftspec.ActionClientRequest:
		rd, err = d.Step(node, core.Propose{Data: Data(raftspec.Value(a.Args[0]))})
	case raftspec.ActionOnVoteRequest, raftspec.ActionOnVoteResponse, raftspec.ActionOnLogRequest, raftspec.ActionOnLogResponse:
		want := s.Net.Msgs[a.Slot]
		k := findMsg(d.inflight, want)
		if k < 0 {
			return nil, &failure{reason: "runtime has no such message in flight: " + FormatMsg(want)}
		}
		node = int(want.To)
		_, rd, err = d.Deliver(k)
	case raftspec.ActionCrash:
		err = x.crash(d, node)
	default:
		return nil, &failure{reason: fmt.Sprintf("action kind %d has no runtime counterpart", a.Kind)}
	}
	if err != nil {
		return nil, &failure{reason: "runtime refused the step: " + err.Error()}
	}
	var diff []string
	if a.Kind != raftspec.ActionCrash {
		diff = checkReady(s, next, a, node, rd)
	}
	if !agrees(next, d, node) {
		diff = append(diff, Diff(next, d)...)
		if len(diff) == 0 { // the abstraction failed on a value Diff shows as is
			_, err := Abstract(d, next)
			diff = append(diff, fmt.Sprint(err))
		}
	}
	if len(diff) > 0 {
		return nil, &failure{reason: "runtime state differs from the spec", diff: diff}
	}
	return d, nil
}

// crash replays Crash at the node at position i: through a FileStorage for
// the worker's first restart and every fileEvery-th after, otherwise from
// MemStorage.Crash.
func (x *stepper) crash(c *Cluster, i int) error {
	k := x.crashes
	x.crashes++
	if x.fileEvery <= 0 || k%x.fileEvery != 0 {
		x.counts.MemRestarts++
		return c.CrashMem(i)
	}
	x.counts.FileRestarts++
	dir := filepath.Join(x.dir, "restart-"+strconv.Itoa(k))
	defer os.RemoveAll(dir)
	return c.CrashFile(i, dir)
}

// findMsg returns the position of the first in-flight message that stands
// for spec message want, or -1.
func findMsg(inflight []core.Message, want raftspec.Msg) int {
	for k, m := range inflight {
		if sm, err := MsgOf(m); err == nil && sm == want {
			return k
		}
	}
	return -1
}

// agrees reports whether c abstracts to want and the node at position i,
// the one that stepped, has persisted what its core holds. It is the fast
// path; Diff explains a disagreement.
func agrees(want *raftspec.State, c *Cluster, i int) bool {
	got, err := Abstract(c, want)
	if err != nil || got != *want {
		return false
	}
	st, err := c.Stored(i)
	if err != nil {
		return false
	}
	cr := c.cores[i]
	rs := cr.State()
	return sameStored(st, core.Stored{HardState: core.HardState{Term: rs.Term, VotedFor: rs.VotedFor}, Log: rs.Log})
}
