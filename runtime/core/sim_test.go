package core_test

import (
	"errors"
	"flag"
	"fmt"
	"maps"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/rspec/rspec/runtime/core"
	"github.com/rspec/rspec/runtime/core/coretest"
)

var (
	simSeeds = flag.Int("sim.seeds", 40, "seeds per cluster size in TestSimulation")
	simSteps = flag.Int("sim.steps", 2500, "faulty steps per seed in TestSimulation")
)

// TestSimulation drives clusters of 3 and 5 nodes through seeded random
// schedules of deliveries, drops, duplicates, partitions, timeouts,
// proposals and crashes, checking Raft's safety properties after every
// step; then it stops the faults and checks that a leader is elected and a
// fresh proposal commits on every node.
func TestSimulation(t *testing.T) {
	for _, n := range []int{3, 5} {
		for seed := range *simSeeds {
			t.Run(fmt.Sprintf("n=%d/seed=%d", n, seed), func(t *testing.T) {
				rng := rand.New(rand.NewPCG(uint64(seed), uint64(n)))
				d, err := newDriver(n, func(k int) (int, bool) { return rng.IntN(k), true })
				if err != nil {
					t.Fatal(err)
				}
				// Each seed scales each action's weight by 1/4 to 2, so that
				// some runs are calm, some crash-heavy, some lossy.
				for a, w := range d.weights {
					d.weights[a] = max(1, w*(1+rng.IntN(8))/4)
				}
				for range *simSteps {
					if err := d.step(); err != nil {
						t.Fatalf("seed %d: %v\nlast steps:\n%s", seed, err, d.history())
					}
				}
				if err := d.settle(); err != nil {
					t.Fatalf("seed %d: %v\nlast steps:\n%s", seed, err, d.history())
				}
				t.Logf("%s", d.stats)
			})
		}
	}
}

// driver runs a cluster under a schedule of faults drawn from choose, which
// returns a number in [0, k) or false when the schedule is over.
type driver struct {
	c       *coretest.Cluster
	ids     []core.ID
	safety  *coretest.Safety
	choose  func(k int) (int, bool)
	weights [numActions]int
	group   map[core.ID]int // partition: messages between groups are lost
	log     []action        // recent actions, for failure reports
	next    int             // data of the next proposal
	stats   simStats
}

// simStats counts what a run did, to show the schedule is not idle.
type simStats struct {
	steps, delivered, dropped, crashes, partitions, proposals, leaders, committed int
}

func (s simStats) String() string {
	return fmt.Sprintf("%d steps: %d delivered, %d dropped, %d crashes, %d partitions, %d proposals accepted, %d leaders elected, %d entries committed",
		s.steps, s.delivered, s.dropped, s.crashes, s.partitions, s.proposals, s.leaders, s.committed)
}

func newDriver(n int, choose func(int) (int, bool)) (*driver, error) {
	c, err := coretest.NewCluster(n)
	if err != nil {
		return nil, err
	}
	return &driver{
		c:       c,
		ids:     c.IDs(),
		safety:  coretest.NewSafety(),
		choose:  choose,
		weights: defaultWeights,
		group:   map[core.ID]int{},
	}, nil
}

// errDone ends a schedule that ran out of choices.
var errDone = errors.New("schedule over")

// pick returns a choice in [0, k), or errDone.
func (d *driver) pick(k int) (int, error) {
	v, ok := d.choose(k)
	if !ok {
		return 0, errDone
	}
	return v, nil
}

// The actions of a schedule, and their default weights.
const (
	actDeliver = iota
	actDuplicate
	actDrop
	actElection
	actHeartbeat
	actPropose
	actCrash
	actPartition
	actHeal
	numActions
)

var defaultWeights = [numActions]int{50, 4, 4, 4, 12, 18, 2, 2, 4}

// step performs one random action and checks the safety properties.
func (d *driver) step() error {
	action, err := d.action()
	if err != nil {
		return err
	}
	d.stats.steps++
	switch action {
	case actDeliver:
		err = d.deliver(false)
	case actDuplicate:
		err = d.deliver(true)
	case actDrop:
		err = d.drop()
	case actElection:
		err = d.timer(core.ElectionTimeout{})
	case actHeartbeat:
		err = d.timer(core.HeartbeatTimeout{})
	case actPropose:
		err = d.propose()
	case actCrash:
		err = d.crash()
	case actPartition:
		err = d.partition()
	case actHeal:
		d.heal()
	}
	if err != nil {
		return err
	}
	return d.check()
}

// action draws the next action by weight. While many messages are in
// flight only deliveries and drops are drawn, to keep the network bounded.
func (d *driver) action() (int, error) {
	last := numActions
	if len(d.c.Pending()) > 60 {
		last = actDrop + 1
	}
	total := 0
	for _, w := range d.weights[:last] {
		total += w
	}
	v, err := d.pick(total)
	if err != nil {
		return 0, err
	}
	for a, w := range d.weights[:last] {
		if v < w {
			return a, nil
		}
		v -= w
	}
	panic("unreachable")
}

// deliver hands a random in-flight message to its receiver, or loses it if a
// partition separates the two; dup leaves it in flight.
func (d *driver) deliver(dup bool) error {
	pending := d.c.Pending()
	if len(pending) == 0 {
		return nil
	}
	i, err := d.pick(len(pending))
	if err != nil {
		return err
	}
	m := pending[i]
	if d.group[m.From] != d.group[m.To] {
		d.record("lose %s", m)
		d.stats.dropped++
		_, err := d.c.Drop(i)
		return err
	}
	d.record("deliver %s", m)
	d.stats.delivered++
	var rd core.Ready
	role := d.c.Node(m.To).Core.Role()
	if dup {
		_, rd, err = d.c.Duplicate(i)
	} else {
		_, rd, err = d.c.Deliver(i)
	}
	if err != nil {
		return fmt.Errorf("deliver %s: %w", m, err)
	}
	d.countLeader(m.To, role)
	return d.checkReady(m.To, rd)
}

// drop loses a random in-flight message.
func (d *driver) drop() error {
	pending := d.c.Pending()
	if len(pending) == 0 {
		return nil
	}
	i, err := d.pick(len(pending))
	if err != nil {
		return err
	}
	d.record("drop %s", pending[i])
	d.stats.dropped++
	_, err = d.c.Drop(i)
	return err
}

// timer fires ev at a random node.
func (d *driver) timer(ev core.Event) error {
	id, err := d.node()
	if err != nil {
		return err
	}
	return d.stepNode(id, ev)
}

// propose makes a client request, at a leader more often than not.
func (d *driver) propose() error {
	id, err := d.node()
	if err != nil {
		return err
	}
	if leader := d.c.Leader(); leader != core.None {
		if k, err := d.pick(4); err != nil {
			return err
		} else if k > 0 {
			id = leader
		}
	}
	d.next++
	data := []byte(fmt.Sprintf("v%d", d.next))
	err = d.stepNode(id, core.Propose{Data: data})
	if errors.Is(err, core.ErrNotLeader) {
		return nil
	}
	if err == nil {
		d.stats.proposals++
	}
	return err
}

// crash restarts a random node from its store.
func (d *driver) crash() error {
	id, err := d.node()
	if err != nil {
		return err
	}
	d.record("crash %d", id)
	d.stats.crashes++
	return d.c.Crash(id)
}

// partition splits the nodes into two random groups.
func (d *driver) partition() error {
	for _, id := range d.ids {
		g, err := d.pick(2)
		if err != nil {
			return err
		}
		d.group[id] = g
	}
	d.record("partition %v", maps.Clone(d.group))
	d.stats.partitions++
	return nil
}

// heal ends any partition.
func (d *driver) heal() {
	clear(d.group)
	d.record("heal")
}

// node returns a random node id.
func (d *driver) node() (core.ID, error) {
	i, err := d.pick(len(d.ids))
	return d.ids[i], err
}

// stepNode steps node id with ev and checks its Ready.
func (d *driver) stepNode(id core.ID, ev core.Event) error {
	d.record("%d: %T%v", id, ev, ev)
	role := d.c.Node(id).Core.Role()
	rd, err := d.c.Step(id, ev)
	if err != nil {
		return fmt.Errorf("node %d %T: %w", id, ev, err)
	}
	d.countLeader(id, role)
	return d.checkReady(id, rd)
}

// countLeader counts node id's becoming leader from role.
func (d *driver) countLeader(id core.ID, role core.Role) {
	if role != core.Leader && d.c.Node(id).Core.Role() == core.Leader {
		d.stats.leaders++
	}
}

// checkReady checks what the protocol says of every Ready: messages go to
// other nodes, in ascending order within a broadcast, and commits count.
func (d *driver) checkReady(id core.ID, rd core.Ready) error {
	for i, m := range rd.Messages {
		if m.From != id || m.To == id {
			return fmt.Errorf("node %d sent %s", id, m)
		}
		if i > 0 && m.Type == rd.Messages[i-1].Type && m.Type == core.MsgVoteRequest && m.To <= rd.Messages[i-1].To {
			return fmt.Errorf("node %d: VoteRequests out of order: %s after %s", id, m, rd.Messages[i-1])
		}
	}
	d.stats.committed += len(rd.Committed)
	return nil
}

// check runs the safety checker.
func (d *driver) check() error {
	return d.safety.Check(d.c)
}

// settle stops the faults and checks liveness: with partitions healed, no
// losses or crashes, fair delivery and timeouts, a leader is elected and a
// fresh proposal commits on every node.
func (d *driver) settle() error {
	d.heal()
	n := len(d.ids)
	for try := 0; d.c.Leader() == core.None; try++ {
		if try == 10*n {
			return fmt.Errorf("no leader after %d election timeouts", try)
		}
		if err := d.stepNode(d.ids[try%n], core.ElectionTimeout{}); err != nil {
			return err
		}
		if err := d.stabilize(); err != nil {
			return err
		}
	}
	leader := d.c.Leader()
	if err := d.stepNode(leader, core.HeartbeatTimeout{}); err != nil {
		return err
	}
	if err := d.stabilize(); err != nil {
		return err
	}
	rd, err := d.c.Step(leader, core.Propose{Data: []byte("final")})
	if err != nil {
		return fmt.Errorf("final proposal at leader %d: %w", leader, err)
	}
	d.record("%d: final proposal at %d", leader, rd.Proposed.Index)
	if err := d.stabilize(); err != nil {
		return err
	}
	if err := d.stepNode(leader, core.HeartbeatTimeout{}); err != nil {
		return err
	}
	if err := d.stabilize(); err != nil {
		return err
	}
	for _, id := range d.ids {
		applied := d.c.Node(id).App.Applied
		idx := rd.Proposed.Index
		if uint64(len(applied)) < idx || string(applied[idx-1].Data) != "final" {
			return fmt.Errorf("node %d did not apply the final proposal at index %d: applied %s",
				id, idx, core.FormatEntries(applied))
		}
	}
	return nil
}

// stabilize delivers every in-flight message, oldest first, checking safety
// after each.
func (d *driver) stabilize() error {
	for k := 0; len(d.c.Pending()) > 0; k++ {
		if k == 100000 {
			return fmt.Errorf("no quiescence after %d deliveries", k)
		}
		m, rd, err := d.c.Deliver(0)
		d.record("deliver %s", m)
		if err != nil {
			return fmt.Errorf("deliver %s: %w", m, err)
		}
		if err := d.checkReady(m.To, rd); err != nil {
			return err
		}
		if err := d.check(); err != nil {
			return err
		}
	}
	return nil
}

// action is a recorded action, formatted only when a run fails.
type action struct {
	format string
	args   []any
}

// record remembers an action for the failure report.
func (d *driver) record(format string, args ...any) {
	const keep = 40
	if len(d.log) == 2*keep {
		d.log = append(d.log[:0], d.log[keep:]...)
	}
	d.log = append(d.log, action{format, args})
}

// history returns the recent actions.
func (d *driver) history() string {
	var lines []string
	for _, a := range d.log {
		lines = append(lines, fmt.Sprintf(a.format, a.args...))
	}
	return strings.Join(lines, "\n")
}
