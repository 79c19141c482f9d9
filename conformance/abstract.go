package conformance

import (
	"fmt"

	"github.com/rspec/rspec/generated/raftspec"
	"github.com/rspec/rspec/runtime/core"
)

// Abstract returns the spec state that the runtime cluster c stands for: the
// node variables of spec server s from the core with id s+1 (its State()),
// and the network from the messages in flight, one spec message per runtime
// message, copies counted. The environment and ghost variables (requests,
// elected, commits, truncated, crashes), which are not runtime state, are
// copied from env. It fails when a runtime value has no spec counterpart,
// such as a term beyond MaxTerm or more messages in flight than the spec's
// network holds.
func Abstract(c *Cluster, env *raftspec.State) (raftspec.State, error) {
	st := *env
	st.Net = raftspec.Network{}
	for i, cr := range c.cores {
		if err := abstractNode(&st, i, cr); err != nil {
			return st, fmt.Errorf("%s: %w", nodeName(i), err)
		}
	}
	msgs := make([]raftspec.Msg, 0, len(c.inflight))
	for _, m := range c.inflight {
		sm, err := MsgOf(m)
		if err != nil {
			return st, fmt.Errorf("network: %s: %w", m, err)
		}
		msgs = append(msgs, sm)
	}
	net, err := networkOf(msgs)
	if err != nil {
		return st, fmt.Errorf("network: %w", err)
	}
	st.Net = net
	return st, nil
}

// abstractNode writes the variables of the core at position i into st.
func abstractNode(st *raftspec.State, i int, cr *core.Core) error {
	rs := cr.State()
	var err error
	if st.CurrentTerm[i], err = term(rs.Term, "currentTerm"); err != nil {
		return err
	}
	if st.VotedFor[i], err = optServer(rs.VotedFor); err != nil {
		return fmt.Errorf("votedFor: %w", err)
	}
	if st.Log[i], err = entries(rs.Log, "log"); err != nil {
		return err
	}
	if st.CommitLength[i], err = length(rs.CommitLength, "commitLength"); err != nil {
		return err
	}
	if rs.Role > core.PreCandidate {
		return fmt.Errorf("role %v has no spec counterpart", rs.Role)
	}
	st.Role[i] = raftspec.Role(rs.Role) // Follower, Candidate, Leader, PreCandidate in both
	if st.CurrentLeader[i], err = optServer(rs.Leader); err != nil {
		return fmt.Errorf("currentLeader: %w", err)
	}
	st.VotesReceived[i] = 0
	for _, id := range rs.VotesReceived {
		s, err := server(id, "votesReceived")
		if err != nil {
			return err
		}
		st.VotesReceived[i] |= 1 << s
	}
	st.HeardFrom[i] = 0
	for _, id := range rs.HeardFrom {
		s, err := server(id, "heardFrom")
		if err != nil {
			return err
		}
		st.HeardFrom[i] |= 1 << s
	}
	for t, id := range IDs {
		if st.SentLength[i][t], err = length(rs.SentLength[id], "sentLength"); err != nil {
			return err
		}
		if st.AckedLength[i][t], err = length(rs.AckedLength[id], "ackedLength"); err != nil {
			return err
		}
		st.Probing[i][t] = rs.Probing[id]
	}
	return nil
}

// networkOf returns the spec network holding msgs, built as the spec's
// sends build it (raftspec.Network.Add): each distinct message once, in the
// spec's canonical order, with its number of copies.
func networkOf(msgs []raftspec.Msg) (raftspec.Network, error) {
	var net raftspec.Network
	for _, m := range msgs {
		if !net.Add(m) {
			return net, fmt.Errorf("%d messages in flight, the spec's network holds at most %d", len(msgs), raftspec.MaxInFlight)
		}
	}
	return net, nil
}

// nodeName names the node at position i in both worlds: "s1 (id 2)".
func nodeName(i int) string {
	return fmt.Sprintf("s%d (id %d)", i, IDs[i])
}
