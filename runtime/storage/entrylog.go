package storage

import "github.com/rspec/rspec/runtime/core"

// Chunk sizes of an entryLog: the first chunk holds minChunk bytes, each
// later one twice its predecessor, up to maxChunk. An entry larger than the
// free space starts a new chunk; one larger than maxChunk gets a chunk of its
// own.
const (
	minChunk = 4 << 10
	maxChunk = 1 << 20
)

// entryLog is the log as FileStorage keeps it in memory. The entries' data
// are packed into large chunks that entries refer to by position, so the log
// holds no pointer per entry: a long log costs the garbage collector only its
// chunks to scan, growing it never copies data, and appending an entry
// allocates nothing but, now and then, a chunk.
type entryLog struct {
	locs   []entryLoc
	chunks [][]byte
}

// entryLoc is one entry: its term, its type and where its data lie.
type entryLoc struct {
	term  uint64
	chunk uint32
	off   uint32
	size  uint32
	typ   core.EntryType
}

func (l *entryLog) len() int { return len(l.locs) }

// append adds a copy of e.
func (l *entryLog) append(e core.Entry) {
	n := len(e.Data)
	last := len(l.chunks) - 1
	if last < 0 || cap(l.chunks[last])-len(l.chunks[last]) < n {
		size := minChunk
		if last >= 0 {
			size = min(2*cap(l.chunks[last]), maxChunk)
		}
		l.chunks = append(l.chunks, make([]byte, 0, max(size, n)))
		last++
	}
	c := l.chunks[last]
	l.locs = append(l.locs, entryLoc{term: e.Term, chunk: uint32(last), off: uint32(len(c)), size: uint32(n), typ: e.Type})
	l.chunks[last] = append(c, e.Data...)
}

// truncate shortens the log to n entries and frees the space of the rest
// for later appends.
func (l *entryLog) truncate(n int) {
	if n >= len(l.locs) {
		return
	}
	l.locs = l.locs[:n]
	keep := 0 // chunks still in use
	if n > 0 {
		last := l.locs[n-1]
		keep = int(last.chunk) + 1
		l.chunks[last.chunk] = l.chunks[last.chunk][:last.off+last.size]
	}
	clear(l.chunks[keep:])
	l.chunks = l.chunks[:keep]
}

// entry returns entry i. Its data share memory with the log: read them
// only until the log next changes.
func (l *entryLog) entry(i int) core.Entry {
	loc := l.locs[i]
	if loc.size == 0 {
		return core.Entry{Term: loc.term, Type: loc.typ}
	}
	end := loc.off + loc.size
	return core.Entry{Term: loc.term, Data: l.chunks[loc.chunk][loc.off:end:end], Type: loc.typ}
}

// view returns the entries from position from on, sharing memory with the
// log as entry does.
func (l *entryLog) view(from int) []core.Entry {
	if from >= len(l.locs) {
		return nil
	}
	es := make([]core.Entry, len(l.locs)-from)
	for i := range es {
		es[i] = l.entry(from + i)
	}
	return es
}

// clone returns a copy of the whole log whose entries share one fresh
// allocation for their data and nothing with the log.
func (l *entryLog) clone() []core.Entry {
	if len(l.locs) == 0 {
		return nil
	}
	total := 0
	for _, loc := range l.locs {
		total += int(loc.size)
	}
	data := make([]byte, 0, total)
	es := make([]core.Entry, len(l.locs))
	for i := range es {
		e := l.entry(i)
		if e.Data != nil {
			start := len(data)
			data = append(data, e.Data...)
			e.Data = data[start:len(data):len(data)]
		}
		es[i] = e
	}
	return es
}
