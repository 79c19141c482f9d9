package storage

import (
	"fmt"
	"sync"

	"github.com/rspec/rspec/runtime/core"
)

// Op names a MemStorage operation, as passed to its fault hook.
type Op uint8

// The operations of a Storage.
const (
	OpLoad Op = iota + 1
	OpSetHardState
	OpSetLog
	OpSync
)

// String returns the operation's method name.
func (o Op) String() string {
	switch o {
	case OpLoad:
		return "Load"
	case OpSetHardState:
		return "SetHardState"
	case OpSetLog:
		return "SetLog"
	case OpSync:
		return "Sync"
	}
	return "Op(?)"
}

var _ Storage = (*MemStorage)(nil)

// MemStorage is a Storage in memory, for tests. It keeps recorded and synced
// state apart, so that Crash shows what a real disk would have kept, and it
// can inject faults. It copies entries in and out.
type MemStorage struct {
	mu      sync.Mutex
	hs      core.HardState
	log     []core.Entry
	durHS   core.HardState
	durLog  []core.Entry
	syncs   int
	fault   func(Op) error
	failed  error
	closed  bool
	pending bool
}

// NewMemStorage returns an empty MemStorage.
func NewMemStorage() *MemStorage {
	return &MemStorage{}
}

// NewMemStorageFrom returns a MemStorage whose durable state is hs and log,
// as if written and synced. The entries are copied.
func NewMemStorageFrom(hs core.HardState, log []core.Entry) *MemStorage {
	return &MemStorage{hs: hs, log: cloneEntries(log), durHS: hs, durLog: cloneEntries(log)}
}

// SetFault installs f, called before every operation; a non-nil result is
// returned by the operation, which then changes nothing. A failed SetHardState,
// SetLog or Sync makes the storage unusable, as a real disk error does. A nil
// f removes the hook.
func (m *MemStorage) SetFault(f func(Op) error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.fault = f
}

// check runs the fault hook for op and reports the storage's sticky error.
func (m *MemStorage) check(op Op) error {
	if m.closed {
		return ErrClosed
	}
	if m.failed != nil {
		return fmt.Errorf("mem storage: earlier failure: %w", m.failed)
	}
	if m.fault == nil {
		return nil
	}
	if err := m.fault(op); err != nil {
		if op != OpLoad {
			m.failed = err
		}
		return fmt.Errorf("mem storage %s: %w", op, err)
	}
	return nil
}

// Load returns the recorded HardState and log (on a fresh or crashed
// MemStorage, the durable ones).
func (m *MemStorage) Load() (core.HardState, []core.Entry, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.check(OpLoad); err != nil {
		return core.HardState{}, nil, err
	}
	return m.hs, cloneEntries(m.log), nil
}

// SetHardState records hs.
func (m *MemStorage) SetHardState(hs core.HardState) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.check(OpSetHardState); err != nil {
		return err
	}
	m.hs = hs
	m.pending = true
	return nil
}

// SetLog replaces the log from position from on with a copy of entries.
func (m *MemStorage) SetLog(from uint64, entries []core.Entry) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.check(OpSetLog); err != nil {
		return err
	}
	if from > uint64(len(m.log)) {
		return fmt.Errorf("mem storage set log from %d, length %d: %w", from, len(m.log), ErrGap)
	}
	m.log = append(m.log[:from], cloneEntries(entries)...)
	m.pending = true
	return nil
}

// Sync makes the recorded state durable.
func (m *MemStorage) Sync() error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.check(OpSync); err != nil {
		return err
	}
	m.sync()
	return nil
}

func (m *MemStorage) sync() {
	m.syncs++
	if !m.pending {
		return
	}
	m.durHS = m.hs
	m.durLog = cloneEntries(m.log)
	m.pending = false
}

// Close syncs and closes the storage.
func (m *MemStorage) Close() error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.closed {
		return ErrClosed
	}
	err := m.check(OpSync)
	if err == nil {
		m.sync()
	}
	m.closed = true
	return err
}

// Syncs returns how many times Sync has succeeded.
func (m *MemStorage) Syncs() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.syncs
}

// Unsynced reports whether changes have been recorded since the last Sync.
func (m *MemStorage) Unsynced() bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.pending
}

// Crash returns a new MemStorage holding only this one's durable state, as a
// node would find its disk after a crash. The receiver is left unchanged.
func (m *MemStorage) Crash() *MemStorage {
	m.mu.Lock()
	defer m.mu.Unlock()
	return NewMemStorageFrom(m.durHS, m.durLog)
}
