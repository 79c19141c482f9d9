package checker

import "sync/atomic"

// blockSize is the number of states in a frontier block. A level is kept in
// fixed-size blocks rather than one growing slice, so that queuing a state
// copies it once and a level that outgrows the last one never moves the
// states already queued.
const blockSize = 1024

// block holds up to blockSize queued states and their fingerprints. A plain
// block holds the states as they are; a packed block holds them encoded by a
// packer, chunk after chunk.
type block[S any] struct {
	n       int          // states in the block
	pending atomic.Int32 // chunks not yet expanded, while its level is expanded
	fps     []uint64     // the states' fingerprints, so none is computed twice

	states []S // plain

	data   []byte  // packed: the encoded states
	starts []int32 // packed: offset in data of each chunk's first state
}

// bytes returns the memory the block holds, used or not.
func (b *block[S]) bytes(stateSize int) int {
	return cap(b.states)*stateSize + 8*cap(b.fps) + cap(b.data) + 4*cap(b.starts)
}

// frontier is one worker's share of a BFS level: the blocks it filled, and
// the emptied blocks of an earlier level kept for reuse.
type frontier[S any] struct {
	pk     *packer // nil: plain blocks
	prev   []byte  // packed: the last state pushed (zero at a chunk start)
	full   int     // packed: bytes of the last block filled, to size new ones
	blocks []*block[S]
	free   []*block[S]
}

func newFrontier[S any](pk *packer) frontier[S] {
	f := frontier[S]{pk: pk}
	if pk != nil {
		f.prev = make([]byte, pk.padded())
	}
	return f
}

// push queues s with fingerprint fp.
func (f *frontier[S]) push(s *S, fp uint64) {
	n := len(f.blocks)
	if n == 0 || f.blocks[n-1].n == blockSize {
		if n > 0 && f.pk != nil {
			f.full = len(f.blocks[n-1].data)
		}
		f.blocks = append(f.blocks, f.newBlock())
		n++
	}
	b := f.blocks[n-1]
	b.fps = append(b.fps, fp)
	if f.pk == nil {
		b.states = append(b.states, *s)
	} else {
		if b.n%chunk == 0 {
			b.starts = append(b.starts, int32(len(b.data)))
			clear(f.prev)
		}
		b.data = f.pk.encode(b.data, stateBytes(s, f.pk.size), f.prev)
	}
	b.n++
}

// newBlock returns an empty block, reusing a freed one when there is one.
func (f *frontier[S]) newBlock() *block[S] {
	if n := len(f.free); n > 0 {
		b := f.free[n-1]
		f.free = f.free[:n-1]
		return b
	}
	if f.pk != nil {
		// Size the data for a block like the last one filled, and a little
		// more, rather than let append double it.
		return &block[S]{data: make([]byte, 0, f.full+f.full/16), starts: make([]int32, 0, blockSize/chunk),
			fps: make([]uint64, 0, blockSize)}
	}
	return &block[S]{states: make([]S, 0, blockSize), fps: make([]uint64, 0, blockSize)}
}

// len returns the number of queued states.
func (f *frontier[S]) len() int {
	n := 0
	for _, b := range f.blocks {
		n += b.n
	}
	return n
}

// bytes returns the memory held by the frontier's blocks, free ones included.
func (f *frontier[S]) bytes(stateSize int) int {
	n := 0
	for _, b := range f.blocks {
		n += b.bytes(stateSize)
	}
	for _, b := range f.free {
		n += b.bytes(stateSize)
	}
	return n
}

// release empties b, whose states have all been expanded, into the free
// list of f.
func (f *frontier[S]) release(b *block[S]) {
	b.n = 0
	clear(b.states) // drop what the states refer to, if anything
	b.states, b.fps = b.states[:0], b.fps[:0]
	b.data, b.starts = b.data[:0], b.starts[:0]
	f.free = append(f.free, b)
}
