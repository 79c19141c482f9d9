package storage

import (
	"errors"

	"github.com/rspec/rspec/runtime/core"
)

// Storage holds what a node must read back after a crash: its HardState and
// its log. Implementations are safe for concurrent use.
//
// Writes are grouped: SetHardState and SetLog record changes, and Sync makes
// every change recorded before it durable at once. A change is durable only
// once a Sync that began after it has returned nil; a crash may keep any
// prefix of the unsynced changes, or none of them. A driver therefore handles
// one step of the protocol as: record all of the step's changes, call Sync
// once, and only then send the messages that depend on them. Several steps
// may share one Sync, and concurrent calls to Sync share one fsync.
//
// After a failed write or Sync the Storage is unusable: every later call
// returns an error, because the state on disk is no longer known.
type Storage interface {
	// Load returns the durable HardState and log, as a restarted node needs
	// them. The returned entries are the caller's to keep.
	Load() (core.HardState, []core.Entry, error)

	// SetHardState records hs as the node's HardState. It is durable once
	// Sync returns.
	SetHardState(hs core.HardState) error

	// SetLog replaces the log from 0-based position from on with entries:
	// afterwards the log is log[:from] followed by entries. from == length
	// appends; from < length drops a conflicting suffix first; from > length
	// is an error. The entries are copied. They are durable once Sync returns.
	SetLog(from uint64, entries []core.Entry) error

	// Sync returns once every change recorded before the call is durable.
	Sync() error

	// Close makes recorded changes durable, as Sync, and releases the
	// Storage. Later calls return ErrClosed.
	Close() error
}

// ErrClosed is returned by every call on a Storage after Close.
var ErrClosed = errors.New("storage closed")

// ErrCorruptLog reports a write-ahead log that cannot be recovered without
// losing durable data: a damaged record followed by valid ones, or a valid
// record that contradicts the records before it. Nothing is changed on disk.
var ErrCorruptLog = errors.New("corrupt log")

// ErrGap is returned by SetLog when from is past the end of the log.
var ErrGap = errors.New("log position past the end of the log")

func cloneEntries(src []core.Entry) []core.Entry {
	if len(src) == 0 {
		return nil
	}
	dst := make([]core.Entry, len(src))
	for i, e := range src {
		dst[i] = core.Entry{Term: e.Term, Data: cloneBytes(e.Data), Type: e.Type}
	}
	return dst
}

func cloneBytes(b []byte) []byte {
	if len(b) == 0 {
		return nil
	}
	return append([]byte(nil), b...)
}
