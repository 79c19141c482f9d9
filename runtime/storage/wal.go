package storage

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"

	"github.com/rspec/rspec/runtime/core"
)

// The write-ahead log is a file header followed by records:
//
//	header: "rspecWAL" | version uint32
//	record: length uint32 | crc uint32 | type uint8 | payload (length bytes)
//
// Integers are little-endian. crc is CRC-32C (Castagnoli) of the length
// bytes, the type byte and the payload. Payloads by type:
//
//	recHardState: term uint64 | votedFor uint64
//	recSetLog:    from uint64 | count uint32 | count × (term uint64 | len uint32 | data)
//
// The top bit of an entry's len marks a leader's no-op entry
// (core.EntryNoop); the other bits are the length of its data.
//
// A recSetLog record replaces the log from position from on by its entries,
// so one record type covers appends (from == length) and truncation of a
// conflicting suffix (from < length).
const (
	walMagic     = "rspecWAL"
	walVersion   = 1
	walHeaderLen = len(walMagic) + 4
	recHeaderLen = 9
	hardStateLen = 16
	setLogHdrLen = 12
	entryHdrLen  = 12
	maxRecordLen = 1 << 30 // the largest payload a record may hold
)

// chunkRecordAt is the payload size past which SetLog starts a new record.
var chunkRecordAt = 32 << 20

const (
	recHardState = 1
	recSetLog    = 2
)

// noopBit is the bit of an entry's length field that marks a no-op entry.
const noopBit = 1 << 31

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// entryLenField is the length field of e: the length of its data, with
// noopBit for a no-op entry.
func entryLenField(e core.Entry) uint32 {
	n := uint32(len(e.Data))
	if e.Type == core.EntryNoop {
		n |= noopBit
	}
	return n
}

// splitLenField is entryLenField's inverse: the entry type and data length.
func splitLenField(f uint32) (core.EntryType, uint32) {
	if f&noopBit != 0 {
		return core.EntryNoop, f &^ noopBit
	}
	return core.EntryNormal, f
}

var errEntryTooLarge = errors.New("entry too large for one record")

func walHeader() []byte {
	b := append([]byte(walMagic), 0, 0, 0, 0)
	binary.LittleEndian.PutUint32(b[len(walMagic):], walVersion)
	return b
}

// appendRecord appends one record of type typ to dst; fill appends the
// payload to the slice it is given.
func appendRecord(dst []byte, typ byte, fill func([]byte) []byte) []byte {
	start := len(dst)
	dst = append(dst, make([]byte, recHeaderLen)...)
	dst[start+8] = typ
	dst = fill(dst)
	payload := len(dst) - start - recHeaderLen
	binary.LittleEndian.PutUint32(dst[start:], uint32(payload))
	crc := crc32.Update(0, castagnoli, dst[start:start+4])
	crc = crc32.Update(crc, castagnoli, dst[start+8:])
	binary.LittleEndian.PutUint32(dst[start+4:], crc)
	return dst
}

func appendHardState(dst []byte, hs core.HardState) []byte {
	return appendRecord(dst, recHardState, func(b []byte) []byte {
		b = binary.LittleEndian.AppendUint64(b, hs.Term)
		return binary.LittleEndian.AppendUint64(b, uint64(hs.VotedFor))
	})
}

// appendSetLog appends the records for SetLog(from, entries): one record, or
// several when the entries exceed chunkRecordAt bytes, the later ones appends.
func appendSetLog(dst []byte, from uint64, entries []core.Entry) ([]byte, error) {
	for {
		n, size := 0, setLogHdrLen
		for n < len(entries) {
			es := entryHdrLen + len(entries[n].Data)
			if es > maxRecordLen-setLogHdrLen {
				return dst, fmt.Errorf("entry at position %d, %d bytes: %w", from+uint64(n), len(entries[n].Data), errEntryTooLarge)
			}
			if n > 0 && size+es > chunkRecordAt {
				break
			}
			size += es
			n++
		}
		chunk := entries[:n]
		dst = appendRecord(dst, recSetLog, func(b []byte) []byte {
			b = binary.LittleEndian.AppendUint64(b, from)
			b = binary.LittleEndian.AppendUint32(b, uint32(len(chunk)))
			for _, e := range chunk {
				b = binary.LittleEndian.AppendUint64(b, e.Term)
				b = binary.LittleEndian.AppendUint32(b, entryLenField(e))
				b = append(b, e.Data...)
			}
			return b
		})
		entries = entries[n:]
		from += uint64(n)
		if len(entries) == 0 {
			return dst, nil
		}
	}
}

// record is one record read back from the log.
type record struct {
	typ     byte
	payload []byte
}

// readRecord parses the record at the start of b. ok is false when b does not
// start with a whole record whose checksum matches.
func readRecord(b []byte) (rec record, n int, ok bool) {
	if len(b) < recHeaderLen {
		return record{}, 0, false
	}
	length := binary.LittleEndian.Uint32(b)
	if length > maxRecordLen || uint64(length) > uint64(len(b)-recHeaderLen) {
		return record{}, 0, false
	}
	n = recHeaderLen + int(length)
	crc := crc32.Update(0, castagnoli, b[:4])
	crc = crc32.Update(crc, castagnoli, b[8:n])
	if crc != binary.LittleEndian.Uint32(b[4:]) {
		return record{}, 0, false
	}
	return record{typ: b[8], payload: b[recHeaderLen:n]}, n, true
}

// walState is the state a log replays to.
type walState struct {
	hs  core.HardState
	log []core.Entry
	// good is the offset just past the last valid record; torn reports that
	// bytes after it were dropped as a torn tail.
	good int64
	torn bool
}

// replay rebuilds the state recorded in data, the bytes of the log file
// named name. A damaged tail (no valid record after the damage) ends the
// replay at the last good record; damage followed by a valid record, and
// valid records that make no sense, are ErrCorruptLog.
func replay(name string, data []byte) (walState, error) {
	var st walState
	if len(data) < walHeaderLen || string(data[:len(walMagic)]) != walMagic {
		return st, fmt.Errorf("%s: bad file header: %w", name, ErrCorruptLog)
	}
	if v := binary.LittleEndian.Uint32(data[len(walMagic):]); v != walVersion {
		return st, fmt.Errorf("%s: unsupported version %d: %w", name, v, ErrCorruptLog)
	}
	off := walHeaderLen
	for off < len(data) {
		rec, n, ok := readRecord(data[off:])
		if !ok {
			if next := findRecord(data, off+1); next >= 0 {
				return st, fmt.Errorf("%s: damaged record at offset %d, valid record at offset %d: %w", name, off, next, ErrCorruptLog)
			}
			st.torn = true
			break
		}
		if err := st.apply(rec); err != nil {
			return st, fmt.Errorf("%s: record at offset %d: %w: %w", name, off, err, ErrCorruptLog)
		}
		off += n
	}
	st.good = int64(off)
	return st, nil
}

// findRecord returns the offset of the first valid record in data at or
// after from, or -1.
func findRecord(data []byte, from int) int {
	for p := from; p+recHeaderLen <= len(data); p++ {
		if _, _, ok := readRecord(data[p:]); ok {
			return p
		}
	}
	return -1
}

func (st *walState) apply(rec record) error {
	switch rec.typ {
	case recHardState:
		if len(rec.payload) != hardStateLen {
			return fmt.Errorf("hard state record of %d bytes", len(rec.payload))
		}
		st.hs = core.HardState{
			Term:     binary.LittleEndian.Uint64(rec.payload),
			VotedFor: core.ID(binary.LittleEndian.Uint64(rec.payload[8:])),
		}
		return nil
	case recSetLog:
		return st.applySetLog(rec.payload)
	}
	return fmt.Errorf("unknown record type %d", rec.typ)
}

func (st *walState) applySetLog(p []byte) error {
	if len(p) < setLogHdrLen {
		return fmt.Errorf("log record of %d bytes", len(p))
	}
	from := binary.LittleEndian.Uint64(p)
	count := binary.LittleEndian.Uint32(p[8:])
	p = p[setLogHdrLen:]
	if from > uint64(len(st.log)) {
		return fmt.Errorf("log record from position %d, log length %d", from, len(st.log))
	}
	if uint64(count) > uint64(len(p)/entryHdrLen) {
		return fmt.Errorf("log record of %d entries in %d bytes", count, len(p))
	}
	log := st.log[:from]
	for i := range count {
		if len(p) < entryHdrLen {
			return fmt.Errorf("log record entry %d: short header", i)
		}
		term := binary.LittleEndian.Uint64(p)
		typ, size := splitLenField(binary.LittleEndian.Uint32(p[8:]))
		p = p[entryHdrLen:]
		if uint64(size) > uint64(len(p)) {
			return fmt.Errorf("log record entry %d: %d bytes of data, %d left", i, size, len(p))
		}
		log = append(log, core.Entry{Term: term, Data: cloneBytes(p[:size]), Type: typ})
		p = p[size:]
	}
	if len(p) != 0 {
		return fmt.Errorf("log record: %d trailing bytes", len(p))
	}
	st.log = log
	return nil
}
