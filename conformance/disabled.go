package conformance

import (
	"errors"
	"fmt"

	"github.com/rspec/rspec/generated/raftspec"
	"github.com/rspec/rspec/runtime/core"
)

// disabled checks what the runtime does, in spec state s as replayed by c,
// with the events that the protocol does not enable at a node, the spec's
// guards on its role: an election timeout at a leader (without
// check-quorum) and a heartbeat at a non-leader must be ignored (no error, an empty Ready), and a proposal at a
// non-leader refused with a *core.NotLeaderError naming the node's
// currentLeader; either way the node must not change. Guards that are only
// the spec's bounds (MaxTerm, MaxRequests) are not checked: the runtime has
// none. It steps clones of the cores, so c does not change. It returns the
// spec's label of the first event that fails, and what went wrong.
func (x *stepper) disabled(m *raftspec.Model, c *Cluster, s *raftspec.State) (string, *failure) {
	for i := range N {
		var evs []raftspec.Action
		if s.Role[i] == raftspec.RoleLeader {
			if !raftspec.UseCheckQuorum {
				evs = append(evs, raftspec.Action{Kind: raftspec.ActionTimeout, Node: uint8(i)})
			}
		} else {
			evs = append(evs,
				raftspec.Action{Kind: raftspec.ActionHeartbeat, Node: uint8(i)},
				raftspec.Action{Kind: raftspec.ActionClientRequest, Node: uint8(i)})
		}
		for _, a := range evs {
			x.counts.Disabled++
			if f := disabledAt(s, c.cores[i], i, a); f != nil {
				return m.Label(s, a), f
			}
		}
	}
	return "", nil
}

// disabledAt steps a clone of cr, the core of the node at position i, with
// the event of spec action a, which the spec does not enable in s, and
// checks that it is ignored or refused without a change.
func disabledAt(s *raftspec.State, cr *core.Core, i int, a raftspec.Action) *failure {
	cr = cr.Clone()
	var rd core.Ready
	var err error
	var out []string
	switch a.Kind {
	case raftspec.ActionTimeout:
		rd, err = cr.Step(core.ElectionTimeout{})
	case raftspec.ActionHeartbeat:
		rd, err = cr.Step(core.HeartbeatTimeout{})
	case raftspec.ActionClientRequest:
		rd, err = cr.Step(core.Propose{Data: Data(raftspec.Value(a.Args[0]))})
		out = append(out, checkNotLeader(s, i, err)...)
		err = nil
	}
	if err != nil {
		out = append(out, fmt.Sprintf("%s returned error %v, want none", nodeName(i), err))
	}
	if !rd.Empty() || !isZeroReady(rd) {
		out = append(out, fmt.Sprintf("%s Ready: %s (Empty() %t), want an empty one", nodeName(i), fmtReady(rd), rd.Empty()))
	}
	if st := *s; abstractNode(&st, i, cr) != nil || st != *s {
		d := diffNode(s, i, cr.State())
		if len(d) == 0 { // the abstraction failed on a value diffNode shows as is
			d = []string{fmt.Sprintf("%s: %v", nodeName(i), abstractNode(&st, i, cr))}
		}
		out = append(out, d...)
	}
	if len(out) == 0 {
		return nil
	}
	return &failure{reason: fmt.Sprintf("the spec does not enable it at a %v, and the runtime did not ignore or refuse it", s.Role[i]), diff: out}
}

// checkNotLeader checks that err refuses a proposal at the node at position
// i as a *core.NotLeaderError (errors.Is core.ErrNotLeader) naming the spec's
// currentLeader.
func checkNotLeader(s *raftspec.State, i int, err error) []string {
	var nl *core.NotLeaderError
	switch {
	case err == nil:
		return []string{fmt.Sprintf("%s accepted the proposal, want a *core.NotLeaderError", nodeName(i))}
	case !errors.Is(err, core.ErrNotLeader) || !errors.As(err, &nl):
		return []string{fmt.Sprintf("%s refused the proposal with %q, want a *core.NotLeaderError", nodeName(i), err)}
	case fmtID(nl.Leader) != fmtOpt(s.CurrentLeader[i]):
		return []string{fmt.Sprintf("%s refused the proposal naming leader %s, spec currentLeader %s",
			nodeName(i), fmtID(nl.Leader), fmtOpt(s.CurrentLeader[i]))}
	}
	return nil
}
