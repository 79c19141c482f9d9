package storage

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rspec/rspec/runtime/core"
)

// step is one change a test applies to a Storage.
type step struct {
	hs   *core.HardState // SetHardState when set
	from uint64          // otherwise SetLog(from, ents)
	ents []core.Entry
	sync bool // Sync after the change
}

func hsStep(term uint64, vote core.ID) step {
	return step{hs: &core.HardState{Term: term, VotedFor: vote}, sync: true}
}

func logStep(from uint64, terms ...uint64) step {
	return step{from: from, ents: ents(from, terms...), sync: true}
}

// ents returns entries with the given terms and data naming their position
// and term, so that a replaced entry differs from its replacement.
func ents(from uint64, terms ...uint64) []core.Entry {
	var out []core.Entry
	for i, t := range terms {
		out = append(out, core.Entry{Term: t, Data: fmt.Appendf(nil, "p%d-t%d", from+uint64(i), t)})
	}
	return out
}

func apply(t *testing.T, s Storage, steps ...step) {
	t.Helper()
	for _, st := range steps {
		if st.hs != nil {
			require.NoError(t, s.SetHardState(*st.hs))
		} else {
			require.NoError(t, s.SetLog(st.from, st.ents))
		}
		if st.sync {
			require.NoError(t, s.Sync())
		}
	}
}

// model applies steps to a MemStorage and returns its state.
func model(t *testing.T, steps ...step) (core.HardState, []core.Entry) {
	t.Helper()
	m := NewMemStorage()
	apply(t, m, steps...)
	hs, log, err := m.Load()
	require.NoError(t, err)
	return hs, log
}

func open(t *testing.T, dir string, opts *Options) *FileStorage {
	t.Helper()
	s, err := OpenFileStorage(dir, opts)
	require.NoError(t, err)
	return s
}

func load(t *testing.T, s Storage) (core.HardState, []core.Entry) {
	t.Helper()
	hs, log, err := s.Load()
	require.NoError(t, err)
	return hs, log
}

var roundTripCases = []struct {
	name  string
	steps []step
}{
	{name: "empty"},
	{name: "hard state only", steps: []step{hsStep(3, 2)}},
	{name: "appends", steps: []step{logStep(0, 1, 1), logStep(2, 1), logStep(3, 2, 2, 2)}},
	{name: "truncate then append", steps: []step{
		logStep(0, 1, 1, 1, 1, 1), hsStep(2, 0), logStep(2, 2, 2), logStep(4, 2), logStep(5, 3),
	}},
	{name: "truncate to empty", steps: []step{logStep(0, 1, 1), {from: 0, sync: true}, logStep(0, 4)}},
	{name: "truncate without entries", steps: []step{logStep(0, 1, 1, 1), {from: 1, sync: true}}},
	{name: "vote none after term change", steps: []step{hsStep(1, 2), hsStep(2, core.None)}},
	{name: "many changes one sync", steps: []step{
		{hs: &core.HardState{Term: 5, VotedFor: 1}},
		{from: 0, ents: ents(0, 1, 2, 3)},
		{from: 1, ents: ents(1, 5)},
		{hs: &core.HardState{Term: 6}},
		{from: 2, ents: ents(2, 6, 6), sync: true},
	}},
	{name: "empty and large data", steps: []step{
		{from: 0, ents: []core.Entry{{Term: 1}, {Term: 1, Data: []byte{}}, {Term: 1, Data: bytes.Repeat([]byte{7}, 1<<16)}}, sync: true},
	}},
}

func TestFileStorageRoundTrip(t *testing.T) {
	for _, tc := range roundTripCases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			wantHS, wantLog := model(t, tc.steps...)

			s := open(t, dir, nil)
			apply(t, s, tc.steps...)
			hs, log := load(t, s)
			assert.Equal(t, wantHS, hs, "before reopen")
			assert.Equal(t, wantLog, log, "before reopen")
			require.NoError(t, s.Close())

			s = open(t, dir, nil)
			defer s.Close()
			hs, log = load(t, s)
			assert.Equal(t, wantHS, hs, "after reopen")
			assert.Equal(t, wantLog, log, "after reopen")
		})
	}
}

func TestFileHoldsExactlyTheRecords(t *testing.T) {
	dir := t.TempDir()
	s := open(t, dir, nil)
	apply(t, s, hsStep(1, 2), logStep(0, 1, 1))
	require.NoError(t, s.SetLog(1, ents(1, 2)))
	require.NoError(t, s.SetHardState(core.HardState{Term: 2}))
	require.NoError(t, s.Sync())
	require.NoError(t, s.Sync())
	require.NoError(t, s.Close())

	want := appendHardState(walHeader(), core.HardState{Term: 1, VotedFor: 2})
	want, err := appendSetLog(want, 0, ents(0, 1, 1))
	require.NoError(t, err)
	want, err = appendSetLog(want, 1, ents(1, 2))
	require.NoError(t, err)
	want = appendHardState(want, core.HardState{Term: 2})
	got, err := os.ReadFile(filepath.Join(dir, WALName))
	require.NoError(t, err)
	assert.Equal(t, want, got)

	// The layout of a record, byte by byte.
	rec := appendHardState(nil, core.HardState{Term: 1, VotedFor: 2})
	assert.Equal(t, []byte{16, 0, 0, 0}, rec[:4], "payload length")
	assert.Equal(t, byte(recHardState), rec[8], "type")
	assert.Equal(t, []byte{1, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0}, rec[9:], "payload")
	crc := crc32.Checksum(append(append([]byte{}, rec[:4]...), rec[8:]...), crc32.MakeTable(crc32.Castagnoli))
	assert.Equal(t, crc, binary.LittleEndian.Uint32(rec[4:8]), "CRC-32C of length, type and payload")
}

func TestTruncateAppendAcrossRestarts(t *testing.T) {
	dir := t.TempDir()
	s := open(t, dir, nil)
	apply(t, s, logStep(0, 1, 1, 1, 1, 1))
	require.NoError(t, s.Close())

	s = open(t, dir, nil)
	apply(t, s, logStep(2, 2)) // truncate positions 2-4, append one
	require.NoError(t, s.Close())

	s = open(t, dir, nil)
	apply(t, s, logStep(3, 2, 2), logStep(5, 3))
	require.NoError(t, s.Close())

	s = open(t, dir, nil)
	defer s.Close()
	_, log := load(t, s)
	want := append(append(append(ents(0, 1, 1), ents(2, 2)...), ents(3, 2, 2)...), ents(5, 3)...)
	assert.Equal(t, want, log)
	assert.Equal(t, uint64(6), s.Len())
}

func TestSetLogGap(t *testing.T) {
	for _, tc := range []struct {
		name string
		s    Storage
	}{
		{"file", open(t, t.TempDir(), nil)},
		{"mem", NewMemStorage()},
	} {
		t.Run(tc.name, func(t *testing.T) {
			apply(t, tc.s, logStep(0, 1, 1))
			err := tc.s.SetLog(3, ents(3, 1))
			assert.ErrorIs(t, err, ErrGap)
			_, log := load(t, tc.s)
			assert.Equal(t, ents(0, 1, 1), log, "failed SetLog changes nothing")
			require.NoError(t, tc.s.Close())
			assert.ErrorIs(t, tc.s.Sync(), ErrClosed)
			assert.ErrorIs(t, tc.s.SetHardState(core.HardState{}), ErrClosed)
			assert.ErrorIs(t, tc.s.Close(), ErrClosed)
		})
	}
}

// lastRecordFile writes a log whose last record is the SetLog of one entry,
// and returns its path, its bytes, where the last record starts, and the
// state before that record.
func lastRecordFile(t *testing.T) (path string, data []byte, start int, hs core.HardState, log []core.Entry) {
	t.Helper()
	dir := t.TempDir()
	path = filepath.Join(dir, WALName)
	steps := []step{hsStep(1, 1), logStep(0, 1, 1), hsStep(2, core.None), logStep(1, 2)}
	s := open(t, dir, nil)
	apply(t, s, steps[:3]...)
	fi, err := os.Stat(path)
	require.NoError(t, err)
	apply(t, s, steps[3])
	require.NoError(t, s.Close())
	data, err = os.ReadFile(path)
	require.NoError(t, err)
	hs, log = model(t, steps[:3]...)
	return path, data, int(fi.Size()), hs, log
}

func TestTornLastRecord(t *testing.T) {
	path, data, start, wantHS, wantLog := lastRecordFile(t)
	for cut := start; cut < len(data); cut++ {
		t.Run(fmt.Sprintf("cut at %d", cut), func(t *testing.T) {
			require.NoError(t, os.WriteFile(path, data[:cut], 0o600))
			var logged bytes.Buffer
			s := open(t, filepath.Dir(path), &Options{Logger: slog.New(slog.NewTextHandler(&logged, nil))})
			hs, log := load(t, s)
			assert.Equal(t, wantHS, hs)
			assert.Equal(t, wantLog, log)
			if cut > start {
				assert.Contains(t, logged.String(), "torn tail")
			}
			onDisk, err := os.ReadFile(path)
			require.NoError(t, err)
			assert.Equal(t, data[:start], onDisk, "repaired at the last good record")

			// The repaired log takes appends and replays them.
			apply(t, s, logStep(2, 3))
			require.NoError(t, s.Close())
			s = open(t, filepath.Dir(path), nil)
			defer s.Close()
			_, log = load(t, s)
			assert.Equal(t, append(wantLog[:2:2], ents(2, 3)...), log)
		})
	}
}

func TestBitFlipLastRecordRepaired(t *testing.T) {
	path, data, start, wantHS, wantLog := lastRecordFile(t)
	for off := start; off < len(data); off++ {
		for _, bit := range []byte{0x01, 0x10, 0x80} {
			t.Run(fmt.Sprintf("offset %d bit %#x", off, bit), func(t *testing.T) {
				bad := bytes.Clone(data)
				bad[off] ^= bit
				require.NoError(t, os.WriteFile(path, bad, 0o600))
				s := open(t, filepath.Dir(path), nil)
				defer s.Close()
				hs, log := load(t, s)
				assert.Equal(t, wantHS, hs)
				assert.Equal(t, wantLog, log)
			})
		}
	}
}

func TestBitFlipMiddleRecordRefused(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, WALName)
	s := open(t, dir, nil)
	apply(t, s, hsStep(1, 1))
	fi, err := os.Stat(path)
	require.NoError(t, err)
	midStart := int(fi.Size())
	apply(t, s, logStep(0, 1, 1, 1))
	fi, err = os.Stat(path)
	require.NoError(t, err)
	midEnd := int(fi.Size())
	apply(t, s, hsStep(2, 3), logStep(3, 2))
	require.NoError(t, s.Close())
	data, err := os.ReadFile(path)
	require.NoError(t, err)

	for off := midStart; off < midEnd; off++ {
		t.Run(fmt.Sprintf("offset %d", off), func(t *testing.T) {
			bad := bytes.Clone(data)
			bad[off] ^= 0x04
			require.NoError(t, os.WriteFile(path, bad, 0o600))
			_, err := OpenFileStorage(dir, nil)
			require.ErrorIs(t, err, ErrCorruptLog)
			assert.Contains(t, err.Error(), path)
			assert.Contains(t, err.Error(), fmt.Sprintf("offset %d", midStart))
			after, rerr := os.ReadFile(path)
			require.NoError(t, rerr)
			assert.Equal(t, bad, after, "file left unchanged")
		})
	}
}

func TestBadHeaderRefused(t *testing.T) {
	for _, tc := range []struct {
		name string
		data []byte
	}{
		{"empty file", []byte{}},
		{"short header", []byte("rspec")},
		{"bad magic", append([]byte("xxxxxxxx"), 1, 0, 0, 0)},
		{"future version", append([]byte(walMagic), 2, 0, 0, 0)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, WALName)
			require.NoError(t, os.WriteFile(path, tc.data, 0o600))
			_, err := OpenFileStorage(dir, nil)
			assert.ErrorIs(t, err, ErrCorruptLog)
			after, rerr := os.ReadFile(path)
			require.NoError(t, rerr)
			assert.Equal(t, tc.data, after)
		})
	}
}

func TestSemanticallyBadRecordRefused(t *testing.T) {
	// A SetLog record from position 5 on an empty log: valid checksum,
	// impossible content.
	data := walHeader()
	data, err := appendSetLog(data, 5, ents(5, 1))
	require.NoError(t, err)
	for _, tc := range []struct {
		name string
		data []byte
		want string
	}{
		{"gap", data, "from position 5"},
		{"unknown type", appendRecord(walHeader(), 9, func(b []byte) []byte { return b }), "unknown record type 9"},
		{"short hard state", appendRecord(walHeader(), recHardState, func(b []byte) []byte { return append(b, 1) }), "hard state record of 1 bytes"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := replay("wal", tc.data)
			assert.ErrorIs(t, err, ErrCorruptLog)
			assert.ErrorContains(t, err, tc.want)
		})
	}
}

func TestVoteNonePersists(t *testing.T) {
	dir := t.TempDir()
	s := open(t, dir, nil)
	apply(t, s, hsStep(4, 2))
	require.NoError(t, s.Close())

	s = open(t, dir, nil)
	// A higher term is seen: the vote is reset to none in the same record.
	apply(t, s, hsStep(5, core.None))
	require.NoError(t, s.Close())

	s = open(t, dir, nil)
	defer s.Close()
	hs, _ := load(t, s)
	assert.Equal(t, core.HardState{Term: 5, VotedFor: core.None}, hs)
}

func crashOpts(c *crashFS) *Options { return &Options{fs: c} }

func TestCrashKeepsExactlySyncedState(t *testing.T) {
	synced := []step{hsStep(3, 1), logStep(0, 1, 2, 3), logStep(2, 3)}
	unsynced := []step{
		{hs: &core.HardState{Term: 4, VotedFor: 2}},
		{from: 1, ents: ents(1, 4, 4)},
		{from: 3, ents: ents(3, 4)},
	}
	wantHS, wantLog := model(t, synced...)

	t.Run("never written", func(t *testing.T) {
		c := newCrashFS()
		s := open(t, "d", crashOpts(c))
		apply(t, s, synced...)
		apply(t, s, unsynced...)
		s2 := open(t, "d", crashOpts(c.Crash(nil)))
		hs, log := load(t, s2)
		assert.Equal(t, wantHS, hs)
		assert.Equal(t, wantLog, log)
	})

	t.Run("written, fsync failed", func(t *testing.T) {
		c := newCrashFS()
		s := open(t, "d", crashOpts(c))
		apply(t, s, synced...)
		apply(t, s, unsynced...)
		c.failSync = errors.New("injected fsync failure")
		require.ErrorContains(t, s.Sync(), "injected fsync failure")
		assert.ErrorContains(t, s.SetLog(0, nil), "earlier failure", "storage unusable after failed sync")
		assert.Greater(t, len(c.Get(filepath.Join("d", WALName))), 0)

		crashed := c.Crash(nil)
		s2 := open(t, "d", crashOpts(crashed))
		hs, log := load(t, s2)
		assert.Equal(t, wantHS, hs)
		assert.Equal(t, wantLog, log)
	})

	t.Run("any prefix of the unsynced bytes", func(t *testing.T) {
		// Build the unsynced bytes once to learn their length.
		c := newCrashFS()
		s := open(t, "d", crashOpts(c))
		apply(t, s, synced...)
		apply(t, s, unsynced...)
		c.failSync = errors.New("injected")
		require.Error(t, s.Sync())
		name := filepath.Join("d", WALName)
		n := len(c.Get(name)) - len(c.Crash(nil).Get(name))
		require.Greater(t, n, 0)

		// Every state a crash can leave is the synced state with some
		// whole unsynced changes applied in order.
		var prefixes [][]core.Entry
		var prefixHS []core.HardState
		for i := 0; i <= len(unsynced); i++ {
			hs, log := model(t, append(append([]step{}, synced...), unsynced[:i]...)...)
			prefixes, prefixHS = append(prefixes, log), append(prefixHS, hs)
		}
		for k := 0; k <= n; k++ {
			crashed := c.Crash(func(string, []byte) int { return k })
			s2, err := OpenFileStorage("d", crashOpts(crashed))
			require.NoError(t, err, "keep %d", k)
			hs, log := load(t, s2)
			found := false
			for i := range prefixes {
				if assert.ObjectsAreEqual(prefixes[i], log) && prefixHS[i] == hs {
					found = true
				}
			}
			assert.True(t, found, "keep %d: state %v %v is no prefix of the changes", k, hs, log)
		}
	})
}

func TestCreateIsDurable(t *testing.T) {
	c := newCrashFS()
	s := open(t, "d", crashOpts(c))
	apply(t, s, hsStep(1, 1))
	// The file and its directory entry survive a crash.
	s2 := open(t, "d", crashOpts(c.Crash(nil)))
	hs, _ := load(t, s2)
	assert.Equal(t, core.HardState{Term: 1, VotedFor: 1}, hs)
}

func TestGroupCommitSharesFsync(t *testing.T) {
	const writers = 8
	c := newCrashFS()
	s := open(t, "d", crashOpts(c))
	base := c.Syncs()

	// The first Sync blocks inside its write; meanwhile the writers record
	// their changes and call Sync.
	gate := &gate{entered: make(chan struct{}), release: make(chan struct{})}
	s.mu.Lock()
	s.f = &gatedFile{walFile: s.f, g: gate}
	s.mu.Unlock()

	require.NoError(t, s.SetLog(0, ents(0, 1)))
	first := make(chan error, 1)
	go func() { first <- s.Sync() }()
	select {
	case <-gate.entered:
	case <-time.After(5 * time.Second):
		require.FailNow(t, "Sync never reached fsync")
	}

	var wg sync.WaitGroup
	var logMu sync.Mutex
	errs := make(chan error, writers)
	recorded := make(chan struct{}, writers)
	for range writers {
		wg.Go(func() {
			logMu.Lock()
			err := s.SetLog(s.Len(), ents(s.Len(), 1))
			logMu.Unlock()
			recorded <- struct{}{}
			if err == nil {
				err = s.Sync()
			}
			errs <- err
		})
	}
	for range writers {
		<-recorded
	}
	close(gate.release)
	require.NoError(t, <-first)
	wg.Wait()
	close(errs)
	for err := range errs {
		require.NoError(t, err)
	}
	assert.Equal(t, 2, c.Syncs()-base, "one fsync for the first change, one for all the writers")

	s2 := open(t, "d", crashOpts(c.Crash(nil)))
	_, log := load(t, s2)
	assert.Len(t, log, writers+1)
}

// gate makes the first Sync of a gatedFile wait until release is closed.
type gate struct {
	once    sync.Once
	entered chan struct{}
	release chan struct{}
}

type gatedFile struct {
	walFile
	g *gate
}

func (f *gatedFile) Sync() error {
	f.g.once.Do(func() {
		close(f.g.entered)
		<-f.g.release
	})
	return f.walFile.Sync()
}

func TestCompaction(t *testing.T) {
	c := newCrashFS()
	var logged bytes.Buffer
	opts := &Options{fs: c, CompactAt: 4 << 10, Logger: slog.New(slog.NewTextHandler(&logged, nil))}
	s := open(t, "d", opts)
	m := NewMemStorage()
	name := filepath.Join("d", WALName)
	maxSize := 0
	for i := range 400 {
		// A log that keeps being cut back and regrown, and a new term
		// every step: the file would grow without bound.
		n := uint64(i % 17)
		st := []step{hsStep(uint64(i), core.ID(i%3)), logStep(n, uint64(i), uint64(i))}
		apply(t, s, st...)
		apply(t, m, st...)
		maxSize = max(maxSize, len(c.Get(name)))
	}
	assert.Contains(t, logged.String(), "compacted log")
	assert.Less(t, maxSize, 8<<10, "file size bounded")
	wantHS, wantLog := load(t, m)

	// After compactions the file still takes changes, durable on Sync.
	require.NoError(t, s.SetHardState(core.HardState{Term: 1000, VotedFor: 1}))
	hs, log := load(t, open(t, "d", crashOpts(c.Crash(nil))))
	assert.Equal(t, wantHS, hs)
	assert.Equal(t, wantLog, log)
	require.NoError(t, s.Close())
	hs, _ = load(t, open(t, "d", crashOpts(c.Crash(nil))))
	assert.Equal(t, core.HardState{Term: 1000, VotedFor: 1}, hs)
}

func TestStaleTempFileRemoved(t *testing.T) {
	dir := t.TempDir()
	s := open(t, dir, nil)
	apply(t, s, logStep(0, 1))
	require.NoError(t, s.Close())
	tmp := filepath.Join(dir, WALName+".tmp")
	require.NoError(t, os.WriteFile(tmp, []byte("half a compaction"), 0o600))

	s = open(t, dir, nil)
	defer s.Close()
	_, log := load(t, s)
	assert.Equal(t, ents(0, 1), log)
	_, err := os.Stat(tmp)
	assert.True(t, errors.Is(err, os.ErrNotExist))
}

func TestEntriesAreCopied(t *testing.T) {
	for _, tc := range []struct {
		name string
		s    Storage
	}{
		{"file", open(t, t.TempDir(), nil)},
		{"mem", NewMemStorage()},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := []core.Entry{{Term: 1, Data: []byte("abc")}}
			require.NoError(t, tc.s.SetLog(0, in))
			in[0].Data[0] = 'X'
			_, out := load(t, tc.s)
			assert.Equal(t, "abc", string(out[0].Data))
			out[0].Data[0] = 'Y'
			_, again := load(t, tc.s)
			assert.Equal(t, "abc", string(again[0].Data))
			require.NoError(t, tc.s.Close())
		})
	}
}

func TestLargeSetLogSplitsRecords(t *testing.T) {
	defer func(old int) { chunkRecordAt = old }(chunkRecordAt)
	chunkRecordAt = 100
	batch := ents(3, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3)
	data, err := appendSetLog(walHeader(), 3, batch)
	require.NoError(t, err)
	records := 0
	for off := walHeaderLen; off < len(data); records++ {
		_, n, ok := readRecord(data[off:])
		require.True(t, ok)
		off += n
	}
	assert.Greater(t, records, 1)
	st := walState{log: ents(0, 1, 1, 1, 1, 1)}
	for off := walHeaderLen; off < len(data); {
		rec, n, _ := readRecord(data[off:])
		require.NoError(t, st.apply(rec))
		off += n
	}
	assert.Equal(t, append(ents(0, 1, 1, 1), batch...), st.log)
}
