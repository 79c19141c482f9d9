package core_test

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/cockroachdb/datadriven"

	"github.com/rspec/rspec/runtime/core"
	"github.com/rspec/rspec/runtime/core/coretest"
)

// TestInteraction runs the scripts in testdata/. Each command is handled by
// a thin wrapper over a coretest.Cluster; run with -rewrite to regenerate the
// expected output, then review the diff against docs/protocol.md.
func TestInteraction(t *testing.T) {
	datadriven.Walk(t, "testdata", func(t *testing.T, path string) {
		var h harness
		datadriven.RunTest(t, path, func(t *testing.T, d *datadriven.TestData) string {
			out, err := h.handle(d)
			if err != nil {
				return fmt.Sprintf("error: %v\n", err)
			}
			return out
		})
	})
}

// harness holds the cluster of one script.
type harness struct {
	c *coretest.Cluster
}

// handle dispatches one command to its handler.
func (h *harness) handle(d *datadriven.TestData) (string, error) {
	if h.c == nil && d.Cmd != "new" {
		return "", fmt.Errorf("%s before new", d.Cmd)
	}
	switch d.Cmd {
	case "new":
		return h.handleNew(d)
	case "timeout":
		return h.handleEvent(d, core.ElectionTimeout{})
	case "heartbeat":
		return h.handleEvent(d, core.HeartbeatTimeout{})
	case "propose":
		return h.handlePropose(d)
	case "deliver":
		return h.handleDeliver(d)
	case "drop":
		return h.handleDrop(d)
	case "pending":
		return h.handlePending(d)
	case "stabilize":
		return h.handleStabilize()
	case "crash":
		return h.handleCrash(d)
	case "state":
		return h.handleState(d)
	case "log":
		return h.handleLog(d)
	}
	return "", fmt.Errorf("unknown command %q", d.Cmd)
}

// handleNew: new N [prevote] [checkquorum] — a fresh cluster of nodes
// 1..N, with pre-vote and check-quorum on as named.
func (h *harness) handleNew(d *datadriven.TestData) (string, error) {
	n, err := posInt(d, 0)
	if err != nil {
		return "", err
	}
	var cfg core.Config
	for _, a := range d.CmdArgs[1:] {
		switch a.Key {
		case "prevote":
			cfg.PreVote = true
		case "checkquorum":
			cfg.CheckQuorum = true
		default:
			return "", fmt.Errorf("new: unknown option %q", a.Key)
		}
	}
	h.c, err = coretest.NewClusterConfig(n, cfg)
	return "ok\n", err
}

// handleEvent: timeout ID, heartbeat ID — a timer fires at node ID.
func (h *harness) handleEvent(d *datadriven.TestData, ev core.Event) (string, error) {
	id, err := h.nodeArg(d, 0)
	if err != nil {
		return "", err
	}
	return h.step("", id, ev)
}

// handlePropose: propose ID DATA — a client request at node ID.
func (h *harness) handlePropose(d *datadriven.TestData) (string, error) {
	id, err := h.nodeArg(d, 0)
	if err != nil {
		return "", err
	}
	if len(d.CmdArgs) != 2 {
		return "", fmt.Errorf("usage: propose ID DATA")
	}
	return h.step("", id, core.Propose{Data: []byte(d.CmdArgs[1].Key)})
}

// handleDeliver: deliver [from=ID] [to=ID] [type=T] [dup] — deliver, oldest
// first, every in-flight message that matches and was in flight when the
// command started; with dup each stays in flight to arrive again later.
func (h *harness) handleDeliver(d *datadriven.TestData) (string, error) {
	match, err := filter(d)
	if err != nil {
		return "", err
	}
	dup := d.HasArg("dup")
	var b strings.Builder
	pending := h.c.Pending()
	skipped := 0
	for _, m := range pending {
		if !match(m) {
			skipped++
			continue
		}
		var out string
		if dup {
			out, err = h.deliver(skipped, h.c.Duplicate)
			skipped++
		} else {
			out, err = h.deliver(skipped, h.c.Deliver)
		}
		b.WriteString(out)
		if err != nil {
			return b.String(), err
		}
	}
	return b.String(), nil
}

// deliver hands in-flight message i to its receiver and formats the result.
func (h *harness) deliver(i int, how func(int) (core.Message, core.Ready, error)) (string, error) {
	m := h.c.Pending()[i]
	out, err := h.trace("  ", m.To, func() (core.Ready, error) {
		_, rd, err := how(i)
		return rd, err
	})
	return fmt.Sprintf("%s\n%s", m, out), err
}

// handleDrop: drop [from=ID] [to=ID] [type=T] — lose matching messages.
func (h *harness) handleDrop(d *datadriven.TestData) (string, error) {
	match, err := filter(d)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	for i := 0; i < len(h.c.Pending()); {
		if m := h.c.Pending()[i]; !match(m) {
			i++
			continue
		}
		m, err := h.c.Drop(i)
		if err != nil {
			return b.String(), err
		}
		fmt.Fprintf(&b, "dropped %s\n", m)
	}
	return b.String(), nil
}

// handlePending: pending — list the in-flight messages.
func (h *harness) handlePending(d *datadriven.TestData) (string, error) {
	var b strings.Builder
	for _, m := range h.c.Pending() {
		fmt.Fprintf(&b, "%s\n", m)
	}
	if b.Len() == 0 {
		return "none\n", nil
	}
	return b.String(), nil
}

// handleStabilize: stabilize — deliver oldest first until nothing is in
// flight.
func (h *harness) handleStabilize() (string, error) {
	var b strings.Builder
	for k := 0; len(h.c.Pending()) > 0; k++ {
		if k == 1000 {
			return b.String(), fmt.Errorf("no quiescence after %d deliveries", k)
		}
		out, err := h.deliver(0, h.c.Deliver)
		b.WriteString(out)
		if err != nil {
			return b.String(), err
		}
	}
	return b.String(), nil
}

// handleCrash: crash ID — restart node ID from its store.
func (h *harness) handleCrash(d *datadriven.TestData) (string, error) {
	id, err := h.nodeArg(d, 0)
	if err != nil {
		return "", err
	}
	if err := h.c.Crash(id); err != nil {
		return "", err
	}
	n := h.c.Node(id)
	return coretest.FormatState(n.Core.State(), n.App.Applied), nil
}

// handleState: state ID... — every protocol variable of the nodes.
func (h *harness) handleState(d *datadriven.TestData) (string, error) {
	var b strings.Builder
	for i := range d.CmdArgs {
		id, err := h.nodeArg(d, i)
		if err != nil {
			return "", err
		}
		n := h.c.Node(id)
		b.WriteString(coretest.FormatState(n.Core.State(), n.App.Applied))
	}
	return b.String(), nil
}

// handleLog: log ID... — the nodes' logs, one line each.
func (h *harness) handleLog(d *datadriven.TestData) (string, error) {
	var b strings.Builder
	for i := range d.CmdArgs {
		id, err := h.nodeArg(d, i)
		if err != nil {
			return "", err
		}
		st := h.c.Node(id).Core.State()
		fmt.Fprintf(&b, "%d: %s commitLength=%d\n", id, core.FormatEntries(st.Log), st.CommitLength)
	}
	return b.String(), nil
}

// step hands ev to node id and formats the effects.
func (h *harness) step(indent string, id core.ID, ev core.Event) (string, error) {
	return h.trace(indent, id, func() (core.Ready, error) { return h.c.Step(id, ev) })
}

// trace runs f, a step of node id, and formats its Ready with the role and
// leader changes it made.
func (h *harness) trace(indent string, id core.ID, f func() (core.Ready, error)) (string, error) {
	n := h.c.Node(id)
	role, leader := n.Core.Role(), n.Core.Leader()
	rd, err := f()
	if err != nil {
		return "", err
	}
	var b strings.Builder
	if r := n.Core.Role(); r != role {
		fmt.Fprintf(&b, "%s%d: role %s -> %s\n", indent, id, role, r)
	}
	if l := n.Core.Leader(); l != leader {
		fmt.Fprintf(&b, "%s%d: leader %d -> %d\n", indent, id, leader, l)
	}
	b.WriteString(coretest.FormatReady(indent, id, rd))
	if b.Len() == 0 {
		return indent + "(nothing)\n", nil
	}
	return b.String(), nil
}

// filter returns the predicate of the from=, to= and type= arguments.
func filter(d *datadriven.TestData) (func(core.Message) bool, error) {
	var from, to core.ID
	var typ string
	for _, a := range d.CmdArgs {
		switch a.Key {
		case "from", "to":
			if len(a.Vals) != 1 {
				return nil, fmt.Errorf("%s needs one value", a.Key)
			}
			v, err := strconv.ParseUint(a.Vals[0], 10, 64)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", a.Key, err)
			}
			if a.Key == "from" {
				from = core.ID(v)
			} else {
				to = core.ID(v)
			}
		case "type":
			if len(a.Vals) != 1 {
				return nil, fmt.Errorf("type needs one value")
			}
			typ = a.Vals[0]
		case "dup":
		default:
			return nil, fmt.Errorf("unknown argument %q", a.Key)
		}
	}
	return func(m core.Message) bool {
		return (from == core.None || m.From == from) &&
			(to == core.None || m.To == to) &&
			(typ == "" || m.Type.String() == typ)
	}, nil
}

// nodeArg parses positional argument i as a node id of the cluster.
func (h *harness) nodeArg(d *datadriven.TestData, i int) (core.ID, error) {
	n, err := posInt(d, i)
	if err != nil {
		return core.None, err
	}
	if h.c.Node(core.ID(n)) == nil {
		return core.None, fmt.Errorf("%s: no node %d", d.Cmd, n)
	}
	return core.ID(n), nil
}

// posInt parses positional argument i as a positive integer.
func posInt(d *datadriven.TestData, i int) (int, error) {
	if i >= len(d.CmdArgs) {
		return 0, fmt.Errorf("%s: missing argument %d", d.Cmd, i+1)
	}
	n, err := strconv.Atoi(d.CmdArgs[i].Key)
	if err != nil || n < 1 {
		return 0, fmt.Errorf("%s: argument %q is not a positive integer", d.Cmd, d.CmdArgs[i].Key)
	}
	return n, nil
}
