package checker

import (
	"bufio"
	"encoding/binary"
	"fmt"
	"io"
	"os"
	"sync"
)

// parentLog keeps the parent links of the search on disk, as TLC keeps its
// state queue: a record of 16 bytes (fingerprint, parent fingerprint) for
// every new state and for every state found again from another parent of
// the same level, appended level by level to a temporary file. Traces are
// rebuilt from it after the search, one backward pass over the file for all
// of them, the least parent of a state in its level winning. Memory then
// holds only the fingerprints.
type parentLog struct {
	mu     sync.Mutex
	f      *os.File
	size   int64
	starts []int64 // starts[d]: offset of the first record of depth d (d >= 1)
	err    error   // the first write error
}

const (
	recordSize    = 16
	linkFlushSize = 64 << 10 // bytes a worker buffers before writing
	linkCacheSize = 4096     // entries of a worker's cache of recorded links
)

func newParentLog() (*parentLog, error) {
	f, err := os.CreateTemp("", "rspec-parents-*")
	if err != nil {
		return nil, fmt.Errorf("create the file of parent links: %w", err)
	}
	return &parentLog{f: f, starts: []int64{0}}, nil
}

// close removes the file.
func (l *parentLog) close() {
	name := l.f.Name()
	l.f.Close()
	os.Remove(name)
}

// beginLevel marks where the records of depth d start. Every worker must
// have flushed the records of earlier depths.
func (l *parentLog) beginLevel(d int) {
	for len(l.starts) <= d {
		l.starts = append(l.starts, l.size)
	}
}

// failed returns the first write error.
func (l *parentLog) failed() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.err
}

func (l *parentLog) write(b []byte) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.err != nil {
		return
	}
	n, err := l.f.Write(b)
	l.size += int64(n)
	if err != nil {
		l.err = fmt.Errorf("write parent links to %s: %w", l.f.Name(), err)
	}
}

// level returns the byte range of the records of depth d.
func (l *parentLog) level(d int) (lo, hi int64) {
	if d <= 0 || d >= len(l.starts) {
		return 0, 0
	}
	if d+1 < len(l.starts) {
		return l.starts[d], l.starts[d+1]
	}
	return l.starts[d], l.size
}

// chains returns, for each target (a fingerprint and its depth), the
// fingerprints from an initial state to it. It reads the file backwards
// level by level, once for all targets.
func (l *parentLog) chains(targets []linkTarget) ([][]uint64, error) {
	out := make([][]uint64, len(targets))
	maxDepth := 0
	for i, t := range targets {
		out[i] = make([]uint64, t.depth)
		out[i][t.depth-1] = t.fp
		maxDepth = max(maxDepth, t.depth)
	}
	for d := maxDepth; d >= 2; d-- {
		want := map[uint64]uint64{} // fingerprint at depth d -> least parent
		for i, t := range targets {
			if t.depth >= d {
				want[out[i][d-1]] = emptyFP
			}
		}
		if err := l.leastParents(d, want); err != nil {
			return nil, err
		}
		for i, t := range targets {
			if t.depth < d {
				continue
			}
			p := want[out[i][d-1]]
			if p == emptyFP {
				return nil, errorf(ErrNondeterministic, "trace: no parent recorded for fingerprint %#x at depth %d", out[i][d-1], d)
			}
			out[i][d-2] = p
		}
	}
	return out, nil
}

// leastParents sets want[fp] to the least parent recorded for fp among the
// records of depth d.
func (l *parentLog) leastParents(d int, want map[uint64]uint64) error {
	lo, hi := l.level(d)
	r := bufio.NewReaderSize(io.NewSectionReader(l.f, lo, hi-lo), 1<<20)
	var rec [recordSize]byte
	for off := lo; off < hi; off += recordSize {
		if _, err := io.ReadFull(r, rec[:]); err != nil {
			return fmt.Errorf("read parent links from %s: %w", l.f.Name(), err)
		}
		fp := binary.LittleEndian.Uint64(rec[:8])
		if cur, ok := want[fp]; ok {
			if p := binary.LittleEndian.Uint64(rec[8:]); cur == emptyFP || p < cur {
				want[fp] = p
			}
		}
	}
	return nil
}

// linkTarget is a state whose path is wanted: its fingerprint and depth.
type linkTarget struct {
	fp    uint64
	depth int
}

// linkWriter is a worker's buffer of parent links. Its cache remembers the
// least parent it wrote for recent fingerprints of the level, so that a
// state reached again from a larger parent (typically a sibling expanded by
// the same worker) costs no record.
type linkWriter struct {
	log   *parentLog
	buf   []byte
	cache []linkCacheEntry
	level uint32
}

type linkCacheEntry struct {
	fp, parent uint64
	level      uint32
}

func newLinkWriter(l *parentLog) *linkWriter {
	return &linkWriter{log: l, buf: make([]byte, 0, linkFlushSize+recordSize), cache: make([]linkCacheEntry, linkCacheSize), level: 1}
}

// add records that parent leads to fp.
func (w *linkWriter) add(fp, parent uint64) {
	e := &w.cache[mix(fp)&(linkCacheSize-1)]
	if e.level == w.level && e.fp == fp && e.parent <= parent {
		return
	}
	*e = linkCacheEntry{fp: fp, parent: parent, level: w.level}
	w.buf = binary.LittleEndian.AppendUint64(w.buf, fp)
	w.buf = binary.LittleEndian.AppendUint64(w.buf, parent)
	if len(w.buf) >= linkFlushSize {
		w.flush()
	}
}

// flush writes the buffered links.
func (w *linkWriter) flush() {
	if len(w.buf) > 0 {
		w.log.write(w.buf)
		w.buf = w.buf[:0]
	}
}

// endLevel flushes the links of the level and forgets the cached ones.
func (w *linkWriter) endLevel() {
	w.flush()
	w.level++
}
