// Package storage keeps the durable state of a Raft node: its HardState
// (current term and vote) and its log.
//
// Storage is the interface a node's driver uses; MemStorage implements it in
// memory for tests and FileStorage in a write-ahead log on disk. Writes are
// grouped: the driver records one step's changes with SetHardState and
// SetLog, calls Sync once (one fsync), and only then sends the messages that
// depend on those changes:
//
//	s, err := storage.OpenFileStorage(dir, &storage.Options{Logger: logger})
//	if err != nil { ... }
//	hs, log, err := s.Load() // restart from here
//	...
//	s.SetHardState(core.HardState{Term: 5, VotedFor: core.None})
//	s.SetLog(from, entries) // from < len(log) drops a conflicting suffix
//	if err := s.Sync(); err != nil { ... } // one fsync for the whole step
//	// now send the step's messages
//
// # The log file
//
// FileStorage appends records to dir/raft.wal, each
//
//	length uint32 | CRC-32C uint32 | type uint8 | payload
//
// holding either a HardState or a log change "from position p on, the log is
// these entries" (an append when p is the log's length, a truncation and
// append when it is less). Opening replays the records. A crash during a
// write can leave a torn last record; it is cut off, the tail repaired, and
// the repair logged. A damaged record followed by a valid one cannot come
// from a crash during an append, so it is refused with ErrCorruptLog and the
// file is left alone. When the file grows past Options.CompactAt and to more
// than twice its live size, Sync rewrites it as the current state (a new file,
// fsynced, renamed into place, directory fsynced).
//
// # Limits
//
// The whole log is held in memory; there are no snapshots. A crash that
// persists a later block of an unsynced write but not an earlier one (some
// file systems' writeback allows it) leaves damage followed by valid data,
// which opening refuses as ErrCorruptLog rather than guess. A bit flip in
// the last record is indistinguishable from a torn write, so that record is
// dropped. The recovery scan that tells the two cases apart could take bytes
// inside an entry's data for a record; it then refuses to open, never
// drops data.
package storage
