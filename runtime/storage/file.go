package storage

import (
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"path/filepath"
	"sync"

	"github.com/rspec/rspec/runtime/core"
)

// WALName is the name of the write-ahead log inside a FileStorage's
// directory; a compaction in progress writes WALName+".tmp".
const WALName = "raft.wal"

// DefaultCompactAt is the default Options.CompactAt.
const DefaultCompactAt = 64 << 20

// Options configures OpenFileStorage. The zero value is usable.
type Options struct {
	// Logger receives the repair of a torn tail and each compaction. Nil
	// discards them.
	Logger *slog.Logger

	// CompactAt is the log file size past which Sync rewrites the log as
	// one hard-state record and the live entries, when that would at least
	// halve it. Zero means DefaultCompactAt; negative disables compaction.
	CompactAt int64

	fs fileSystem // the file system; nil means the real one
}

var _ Storage = (*FileStorage)(nil)

// FileStorage is a Storage kept in a write-ahead log file in a directory.
// The whole log is also held in memory, its data packed into large chunks
// (see entryLog), so Load and SetLog never read the disk. SetHardState and
// SetLog encode records into a buffer; Sync writes the buffer with one
// write and one fsync. Concurrent Syncs share an fsync: a Sync that finds
// another in progress waits for it and returns at once if it already
// covered its changes.
type FileStorage struct {
	dir    string
	path   string
	logger *slog.Logger
	fs     fileSystem
	limit  int64 // CompactAt, or -1

	syncMu sync.Mutex // held across writing and fsyncing the buffer

	mu       sync.Mutex // guards what follows
	f        walFile
	hs       core.HardState
	log      entryLog
	live     int64  // bytes a compacted log would take
	size     int64  // bytes in the file, written or not yet
	buf      []byte // records not yet written to the file
	seq      uint64 // changes recorded
	syncedAt uint64 // changes durable
	err      error  // sticky failure
	closed   bool
}

// OpenFileStorage opens the log in dir, creating dir and an empty log if
// they do not exist, and recovers its state. A torn last record, as a crash
// during a write leaves, is cut off (and logged); a damaged record followed by
// valid data is refused with an error wrapping ErrCorruptLog, and then the
// file is left as it was.
func OpenFileStorage(dir string, opts *Options) (*FileStorage, error) {
	if opts == nil {
		opts = &Options{}
	}
	s := &FileStorage{
		dir:    dir,
		path:   filepath.Join(dir, WALName),
		logger: opts.Logger,
		fs:     opts.fs,
		limit:  opts.CompactAt,
	}
	if s.logger == nil {
		s.logger = slog.New(slog.DiscardHandler)
	}
	if s.fs == nil {
		s.fs = osFS{}
	}
	switch {
	case s.limit == 0:
		s.limit = DefaultCompactAt
	case s.limit < 0:
		s.limit = -1
	}
	if err := s.open(); err != nil {
		return nil, err
	}
	return s, nil
}

func (s *FileStorage) open() error {
	created, err := s.fs.MkdirAll(s.dir)
	if err != nil {
		return fmt.Errorf("open storage %s: %w", s.dir, err)
	}
	if created {
		if err := syncParent(s.fs, s.dir); err != nil {
			return fmt.Errorf("open storage %s: sync parent: %w", s.dir, err)
		}
	}
	tmp := s.path + ".tmp"
	if err := s.fs.Remove(tmp); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("open storage: remove %s: %w", tmp, err)
	}
	data, err := s.fs.ReadFile(s.path)
	if errors.Is(err, fs.ErrNotExist) {
		return s.create()
	}
	if err != nil {
		return fmt.Errorf("open log %s: %w", s.path, err)
	}
	st, err := replay(s.path, data)
	if err != nil {
		return fmt.Errorf("open log: %w", err)
	}
	f, err := s.fs.OpenAppend(s.path)
	if err != nil {
		return fmt.Errorf("open log %s: %w", s.path, err)
	}
	if st.torn {
		if err := repair(f, st.good); err != nil {
			f.Close()
			return fmt.Errorf("repair log %s: %w", s.path, err)
		}
		s.logger.Warn("storage: cut off torn tail of log",
			"file", s.path, "offset", st.good, "dropped_bytes", int64(len(data))-st.good)
	}
	s.f, s.hs, s.size = f, st.hs, st.good
	for _, e := range st.log {
		s.log.append(e)
	}
	s.live = liveSize(st.log)
	return nil
}

func repair(f walFile, good int64) error {
	if err := f.Truncate(good); err != nil {
		return err
	}
	return f.Sync()
}

// create makes an empty log durably: a header written to a temporary file,
// fsynced, renamed into place, and the directory fsynced.
func (s *FileStorage) create() error {
	f, err := s.writeFile(walHeader())
	if err != nil {
		return fmt.Errorf("create log %s: %w", s.path, err)
	}
	s.f, s.size, s.live = f, int64(walHeaderLen), liveSize(nil)
	return nil
}

// writeFile replaces the log file by one holding data, durably, and returns
// it open for appending.
func (s *FileStorage) writeFile(data []byte) (walFile, error) {
	tmp := s.path + ".tmp"
	f, err := s.fs.Create(tmp)
	if err != nil {
		return nil, err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return nil, err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return nil, err
	}
	if err := f.Close(); err != nil {
		return nil, err
	}
	if err := s.fs.Rename(tmp, s.path); err != nil {
		return nil, err
	}
	if err := s.fs.SyncDir(s.dir); err != nil {
		return nil, err
	}
	return s.fs.OpenAppend(s.path)
}

// liveSize is the size of a log file holding only a hard-state record and
// log.
func liveSize(log []core.Entry) int64 {
	n := int64(walHeaderLen + recHeaderLen + hardStateLen + recHeaderLen + setLogHdrLen)
	for _, e := range log {
		n += entrySize(e)
	}
	return n
}

func entrySize(e core.Entry) int64 { return int64(entryHdrLen + len(e.Data)) }

// usable reports why the storage cannot be used, if it cannot. s.mu is held.
func (s *FileStorage) usable() error {
	if s.closed {
		return ErrClosed
	}
	if s.err != nil {
		return fmt.Errorf("storage %s: earlier failure: %w", s.dir, s.err)
	}
	return nil
}

// Load returns the HardState and log as recorded. Right after
// OpenFileStorage they are the durable ones.
func (s *FileStorage) Load() (core.HardState, []core.Entry, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.usable(); err != nil {
		return core.HardState{}, nil, err
	}
	return s.hs, s.log.clone(), nil
}

// Len returns the length of the recorded log.
func (s *FileStorage) Len() uint64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return uint64(s.log.len())
}

// SetHardState records hs, to be made durable by Sync.
func (s *FileStorage) SetHardState(hs core.HardState) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.usable(); err != nil {
		return err
	}
	n := len(s.buf)
	s.buf = appendHardState(s.buf, hs)
	s.size += int64(len(s.buf) - n)
	s.hs = hs
	s.seq++
	return nil
}

// SetLog records that the log from position from on is replaced by entries,
// to be made durable by Sync.
func (s *FileStorage) SetLog(from uint64, entries []core.Entry) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.usable(); err != nil {
		return err
	}
	if from > uint64(s.log.len()) {
		return fmt.Errorf("set log from %d, length %d: %w", from, s.log.len(), ErrGap)
	}
	n := len(s.buf)
	buf, err := appendSetLog(s.buf, from, entries)
	if err != nil {
		s.buf = buf[:n]
		return fmt.Errorf("set log: %w", err)
	}
	s.buf = buf
	s.size += int64(len(s.buf) - n)
	for i := int(from); i < s.log.len(); i++ {
		s.live -= entrySize(s.log.entry(i))
	}
	s.log.truncate(int(from))
	for _, e := range entries {
		s.log.append(e)
		s.live += entrySize(e)
	}
	s.seq++
	return nil
}

// Sync writes the recorded changes and fsyncs the file once. If another Sync
// is fsyncing, it waits for it and returns at once when that one covered
// every change recorded before this call.
func (s *FileStorage) Sync() error {
	s.mu.Lock()
	if err := s.usable(); err != nil {
		s.mu.Unlock()
		return err
	}
	want := s.seq
	s.mu.Unlock()

	s.syncMu.Lock()
	defer s.syncMu.Unlock()
	return s.syncTo(want)
}

// syncTo makes the changes up to sequence want durable. s.syncMu is held.
func (s *FileStorage) syncTo(want uint64) error {
	s.mu.Lock()
	if err := s.usable(); err != nil {
		s.mu.Unlock()
		return err
	}
	if s.syncedAt >= want {
		s.mu.Unlock()
		return nil
	}
	buf, seq, f := s.buf, s.seq, s.f
	s.buf = nil
	s.mu.Unlock()

	// Writers go on filling a new buffer while this one is written.
	err := writeSync(f, buf)

	s.mu.Lock()
	defer s.mu.Unlock()
	if err != nil {
		s.err = err
		return fmt.Errorf("sync log %s: %w", s.path, err)
	}
	s.syncedAt = seq
	if s.limit > 0 && s.size > s.limit && s.size > 2*s.live {
		if err := s.compact(); err != nil {
			s.err = err
			return fmt.Errorf("compact log %s: %w", s.path, err)
		}
	}
	return nil
}

func writeSync(f walFile, buf []byte) error {
	if len(buf) > 0 {
		if _, err := f.Write(buf); err != nil {
			return err
		}
	}
	return f.Sync()
}

// compact rewrites the log as the current state: a hard-state record and
// the live entries, including changes recorded after the last Sync. s.mu and
// s.syncMu are held.
func (s *FileStorage) compact() error {
	old := s.size
	data := appendHardState(walHeader(), s.hs)
	data, err := appendSetLog(data, 0, s.log.view(0))
	if err != nil {
		return err
	}
	f, err := s.writeFile(data)
	if err != nil {
		return err
	}
	if err := s.f.Close(); err != nil {
		s.logger.Warn("storage: close replaced log", "file", s.path, "err", err)
	}
	s.f, s.buf, s.size, s.syncedAt = f, nil, int64(len(data)), s.seq
	s.logger.Info("storage: compacted log", "file", s.path, "from_bytes", old, "to_bytes", s.size)
	return nil
}

// Close syncs recorded changes and closes the log file.
func (s *FileStorage) Close() error {
	s.syncMu.Lock()
	defer s.syncMu.Unlock()
	s.mu.Lock()
	want := s.seq
	closed := s.closed
	s.mu.Unlock()
	if closed {
		return ErrClosed
	}
	err := s.syncTo(want)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closed = true
	if cerr := s.f.Close(); cerr != nil && err == nil {
		err = fmt.Errorf("close log %s: %w", s.path, cerr)
	}
	return err
}
