package storage

import (
	"errors"
	"path/filepath"
	"testing"

	"github.com/rspec/rspec/runtime/core"
)

// FuzzRecover opens a log file holding arbitrary bytes. Opening never
// panics; it either refuses with ErrCorruptLog, leaving the file unchanged, or
// recovers a state that a second open reads back unchanged and that takes
// further changes.
func FuzzRecover(f *testing.F) {
	valid := walHeader()
	valid = appendHardState(valid, core.HardState{Term: 2, VotedFor: 1})
	valid, _ = appendSetLog(valid, 0, ents(0, 1, 1, 2))
	valid, _ = appendSetLog(valid, 1, ents(1, 2))
	valid = appendHardState(valid, core.HardState{Term: 3})
	f.Add(valid)
	f.Add(valid[:len(valid)-3])
	f.Add(walHeader())
	f.Add([]byte{})
	mid := append([]byte(nil), valid...)
	mid[walHeaderLen+10] ^= 1
	f.Add(mid)

	f.Fuzz(func(t *testing.T, data []byte) {
		checkRecover(t, data)
		// Again with data read as records with matching checksums, so
		// that the replay of record contents is explored too.
		checkRecover(t, asRecords(data))
	})
}

// asRecords builds a log file from data read as a sequence of
// type uint8 | length uint8 | payload, records written with valid checksums,
// and any bytes left over appended raw.
func asRecords(data []byte) []byte {
	out := walHeader()
	for len(data) >= 2 && int(data[1]) <= len(data)-2 {
		typ, payload := data[0]%4, data[2:2+int(data[1])]
		out = appendRecord(out, typ, func(b []byte) []byte { return append(b, payload...) })
		data = data[2+len(payload):]
	}
	return append(out, data...)
}

func checkRecover(t *testing.T, data []byte) {
	t.Helper()
	c := newCrashFS()
	name := filepath.Join("d", WALName)
	c.Put(name, data)
	s, err := OpenFileStorage("d", &Options{fs: c})
	if err != nil {
		if !errors.Is(err, ErrCorruptLog) {
			t.Fatalf("open: %v, not ErrCorruptLog", err)
		}
		if string(c.Get(name)) != string(data) {
			t.Fatal("refused log was changed")
		}
		return
	}
	hs, log, err := s.Load()
	if err != nil {
		t.Fatal(err)
	}
	s2, err := OpenFileStorage("d", &Options{fs: c.Crash(nil)})
	if err != nil {
		t.Fatalf("reopen after recovery: %v", err)
	}
	hs2, log2, _ := s2.Load()
	if hs != hs2 || !equalLogs(log, log2) {
		t.Fatalf("reopen: %v %v, recovered %v %v", hs2, log2, hs, log)
	}
	if err := s2.SetLog(uint64(len(log2)), ents(uint64(len(log2)), 9)); err != nil {
		t.Fatal(err)
	}
	if err := s2.Close(); err != nil {
		t.Fatal(err)
	}
}

func equalLogs(a, b []core.Entry) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].Term != b[i].Term || string(a[i].Data) != string(b[i].Data) {
			return false
		}
	}
	return true
}
