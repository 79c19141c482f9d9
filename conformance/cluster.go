package conformance

import (
	"fmt"
	"slices"

	"github.com/rspec/rspec/generated/raftspec"
	"github.com/rspec/rspec/runtime/core"
	"github.com/rspec/rspec/runtime/storage"
)

// Cluster is the runtime side of a conformance run: N cores, ids 1..N, each
// with the storage its driver persists to, and the multiset of messages in
// flight between them. Step drives a core as a real driver does: it
// persists Ready.Persist and syncs, then puts Ready.Messages in flight.
//
// Clone is cheap: cores and stores are shared between clones until one of
// them steps or persists (copy on write), so that exhaustive replay can keep
// a cluster beside every spec state.
type Cluster struct {
	cores    [N]*core.Core
	stores   [N]*store
	owned    [N]bool // cores[i] belongs to this cluster alone
	inflight []core.Message
}

// store is one node's durable storage. It is immutable once a cluster
// holds it: persisting replaces it.
type store struct {
	mem     *storage.MemStorage
	journal *journal // every Persist applied to mem, newest first
}

// journal is a persistent list of the Persist records a node wrote, so that
// a restart can replay them through a FileStorage.
type journal struct {
	prev *journal
	p    core.Persist
}

// NewCluster returns a cluster of N fresh nodes with empty storage and no
// messages in flight.
func NewCluster() (*Cluster, error) {
	c := &Cluster{}
	empty := &store{mem: storage.NewMemStorage()}
	for i := range c.cores {
		cr, err := core.New(config(i), core.Stored{})
		if err != nil {
			return nil, err
		}
		c.cores[i], c.stores[i], c.owned[i] = cr, empty, true
	}
	return c, nil
}

// config is the configuration of the node at position i.
func config(i int) core.Config {
	return core.Config{
		ID:                 IDs[i],
		Peers:              IDs,
		MaxBatchEntries:    raftspec.MaxBatch,
		MaxInflightEntries: raftspec.MaxInflight,
		PreVote:            raftspec.UsePreVote,
		CheckQuorum:        raftspec.UseCheckQuorum,
	}
}

// Clone returns a cluster that evolves independently of c.
func (c *Cluster) Clone() *Cluster {
	d := &Cluster{cores: c.cores, stores: c.stores, inflight: slices.Clip(c.inflight)}
	c.owned = [N]bool{}
	return d
}

// Core returns the core of the node at position i (spec server i). It must
// not be stepped.
func (c *Cluster) Core(i int) *core.Core { return c.cores[i] }

// InFlight returns the messages in flight, oldest first.
func (c *Cluster) InFlight() []core.Message { return slices.Clone(c.inflight) }

// Stored returns what the node at position i has made durable.
func (c *Cluster) Stored(i int) (core.Stored, error) {
	hs, log, err := c.stores[i].mem.Load()
	if err != nil {
		return core.Stored{}, fmt.Errorf("load storage of node %d: %w", IDs[i], err)
	}
	return core.Stored{HardState: hs, Log: log}, nil
}

// Send puts m in flight, as if a node had sent it.
func (c *Cluster) Send(m core.Message) {
	c.inflight = append(c.inflight, m)
}

// Step hands ev to the node at position i and carries out the Ready: the
// step's changes are persisted and synced before its messages are put in
// flight. An error from the core leaves the cluster unchanged.
func (c *Cluster) Step(i int, ev core.Event) (core.Ready, error) {
	if !c.owned[i] {
		c.cores[i], c.owned[i] = c.cores[i].Clone(), true
	}
	rd, err := c.cores[i].Step(ev)
	if err != nil {
		return rd, err
	}
	if !rd.Persist.Empty() {
		st, err := c.stores[i].persist(rd.Persist)
		if err != nil {
			return rd, fmt.Errorf("node %d: %w", IDs[i], err)
		}
		c.stores[i] = st
	}
	c.inflight = append(c.inflight, rd.Messages...)
	return rd, nil
}

// persist returns the store with p applied and synced.
func (s *store) persist(p core.Persist) (*store, error) {
	mem := s.mem.Crash() // a copy: every change to s.mem was synced
	if err := applyPersist(mem, p); err != nil {
		return nil, err
	}
	return &store{mem: mem, journal: &journal{prev: s.journal, p: p}}, nil
}

// applyPersist records p in st, hard state first, and syncs once.
func applyPersist(st storage.Storage, p core.Persist) error {
	if p.HardState != nil {
		if err := st.SetHardState(*p.HardState); err != nil {
			return fmt.Errorf("persist hard state: %w", err)
		}
	}
	if p.Log != nil {
		if err := st.SetLog(p.Log.From, p.Log.Entries); err != nil {
			return fmt.Errorf("persist log: %w", err)
		}
	}
	if err := st.Sync(); err != nil {
		return fmt.Errorf("sync: %w", err)
	}
	return nil
}

// Take removes the in-flight message at position k and returns it.
func (c *Cluster) Take(k int) core.Message {
	m := c.inflight[k]
	c.inflight = slices.Delete(slices.Clone(c.inflight), k, k+1)
	return m
}

// Deliver removes the in-flight message at position k and steps its
// receiver with it.
func (c *Cluster) Deliver(k int) (core.Message, core.Ready, error) {
	m := c.Take(k)
	s, ok := ServerOf(m.To)
	if !ok {
		return m, core.Ready{}, fmt.Errorf("message to unknown node %d", m.To)
	}
	rd, err := c.Step(int(s), core.Receive{Msg: m})
	return m, rd, err
}

// CrashMem crashes the node at position i and restarts it from what its
// MemStorage kept (MemStorage.Crash). Messages in flight to and from it stay
// in flight.
func (c *Cluster) CrashMem(i int) error {
	mem := c.stores[i].mem.Crash()
	hs, log, err := mem.Load()
	if err != nil {
		return fmt.Errorf("restart node %d: load: %w", IDs[i], err)
	}
	return c.restart(i, &store{mem: mem, journal: c.stores[i].journal}, core.Stored{HardState: hs, Log: log})
}

// CrashFile crashes the node at position i and restarts it through a real
// FileStorage in dir (which must not exist yet): every Persist the node
// wrote is applied to a new FileStorage and synced, the storage is closed
// and opened again, and the node restarts from what the reopened files
// hold. That must equal what its MemStorage kept; a difference is an error.
func (c *Cluster) CrashFile(i int, dir string) error {
	st, err := replayFile(c.stores[i].journal, dir)
	if err != nil {
		return fmt.Errorf("restart node %d through FileStorage: %w", IDs[i], err)
	}
	mem := c.stores[i].mem.Crash()
	hs, log, err := mem.Load()
	if err != nil {
		return fmt.Errorf("restart node %d: load: %w", IDs[i], err)
	}
	if want := (core.Stored{HardState: hs, Log: log}); !sameStored(st, want) {
		return fmt.Errorf("restart node %d: FileStorage reopened holds %s, MemStorage kept %s",
			IDs[i], formatStored(st), formatStored(want))
	}
	return c.restart(i, &store{mem: mem, journal: c.stores[i].journal}, st)
}

// restart replaces the core at position i by one started from st.
func (c *Cluster) restart(i int, s *store, st core.Stored) error {
	cr, err := core.New(config(i), st)
	if err != nil {
		return fmt.Errorf("restart node %d: %w", IDs[i], err)
	}
	c.cores[i], c.owned[i], c.stores[i] = cr, true, s
	return nil
}

// replayFile writes the journal, oldest first, to a new FileStorage in dir,
// one Sync per record as the driver did, reopens it and returns what it
// holds.
func replayFile(j *journal, dir string) (core.Stored, error) {
	var recs []core.Persist
	for ; j != nil; j = j.prev {
		recs = append(recs, j.p)
	}
	slices.Reverse(recs)
	opts := &storage.Options{CompactAt: 256} // small, so that long journals compact
	fs, err := storage.OpenFileStorage(dir, opts)
	if err != nil {
		return core.Stored{}, err
	}
	for _, p := range recs {
		if err := applyPersist(fs, p); err != nil {
			fs.Close()
			return core.Stored{}, err
		}
	}
	if err := fs.Close(); err != nil {
		return core.Stored{}, err
	}
	fs, err = storage.OpenFileStorage(dir, opts)
	if err != nil {
		return core.Stored{}, fmt.Errorf("reopen: %w", err)
	}
	defer fs.Close()
	hs, log, err := fs.Load()
	if err != nil {
		return core.Stored{}, fmt.Errorf("reopen: %w", err)
	}
	return core.Stored{HardState: hs, Log: log}, nil
}

// sameStored reports whether a and b hold the same hard state and log.
func sameStored(a, b core.Stored) bool {
	return a.HardState == b.HardState && sameEntries(a.Log, b.Log)
}

// formatStored renders st for error messages.
func formatStored(st core.Stored) string {
	return fmt.Sprintf("term %d, vote %d, log %s", st.HardState.Term, st.HardState.VotedFor, core.FormatEntries(st.Log))
}
