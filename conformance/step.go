package conformance

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"

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
// returns the new cluster, or what went wrong. A runtime that panics has
// diverged: the panic and where it happened are the failure.
func (x *stepper) step(c *Cluster, s *raftspec.State, a raftspec.Action, next *raftspec.State) (d *Cluster, f *failure) {
	defer func() {
		if r := recover(); r != nil {
			d, f = nil, &failure{reason: fmt.Sprintf("runtime panicked: %v", r), diff: panicSite(debug.Stack())}
		}
	}()
	return x.replay(c, s, a, next)
}

// replay is step without the recovery from a panic.
func (x *stepper) replay(c *Cluster, s *raftspec.State, a raftspec.Action, next *raftspec.State) (*Cluster, *failure) {
	d := c.Clone()
	x.counts.add(a.Kind)
	var rd core.Ready
	var err error
	node := int(a.Node)
	switch a.Kind {
	case raftspec.ActionTimeout, raftspec.ActionCheckQuorum:
		rd, err = d.Step(node, core.ElectionTimeout{})
	case raftspec.ActionHeartbeat:
		rd, err = d.Step(node, core.HeartbeatTimeout{})
	case raftspec.ActionClientRequest:
		rd, err = d.Step(node, core.Propose{Data: Data(raftspec.Value(a.Args[0]))})
	case raftspec.ActionOnVoteRequest, raftspec.ActionOnVoteResponse, raftspec.ActionOnLogRequest, raftspec.ActionOnLogResponse,
		raftspec.ActionOnPreVoteRequest, raftspec.ActionOnPreVoteResponse:
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

// panicSite returns the frames of a panic's stack that are in the runtime,
// "function at file:line", innermost first, at most five.
func panicSite(stack []byte) []string {
	lines := strings.Split(string(stack), "\n")
	var out []string
	for i := 0; i+1 < len(lines) && len(out) < 5; i++ {
		fn, loc := lines[i], strings.TrimSpace(lines[i+1])
		if strings.Contains(fn, "/runtime/") && !strings.HasPrefix(fn, "\t") {
			if j := strings.LastIndex(loc, " +0x"); j >= 0 {
				loc = loc[:j]
			}
			out = append(out, "in "+funcName(fn)+" at "+loc)
			i++
		}
	}
	return out
}

// funcName drops the argument list from a stack frame's function line.
func funcName(frame string) string {
	from := 0
	if j := strings.LastIndex(frame, ")."); j >= 0 {
		from = j + 2
	}
	if k := strings.IndexByte(frame[from:], '('); k >= 0 {
		return frame[:from+k]
	}
	return frame
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
