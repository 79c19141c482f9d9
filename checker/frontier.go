package checker

// blockSize is the number of states in a frontier block. A level is kept in
// fixed-size blocks rather than one growing slice, so that queuing a state
// copies it once and a level that outgrows the last one never moves the
// states already queued.
const blockSize = 4096

// block holds up to blockSize queued states and their fingerprints.
type block[S any] struct {
	states []S
	fps    []uint64
}

// frontier is one worker's share of a BFS level: the blocks it filled, and
// the emptied blocks of an earlier level kept for reuse.
type frontier[S any] struct {
	blocks []*block[S]
	free   []*block[S]
}

// push queues s with fingerprint fp.
func (f *frontier[S]) push(s *S, fp uint64) {
	n := len(f.blocks)
	if n == 0 || len(f.blocks[n-1].states) == blockSize {
		f.blocks = append(f.blocks, f.newBlock())
		n++
	}
	b := f.blocks[n-1]
	b.states = append(b.states, *s)
	b.fps = append(b.fps, fp)
}

// newBlock returns an empty block, reusing a freed one when there is one.
func (f *frontier[S]) newBlock() *block[S] {
	if n := len(f.free); n > 0 {
		b := f.free[n-1]
		f.free = f.free[:n-1]
		return b
	}
	return &block[S]{states: make([]S, 0, blockSize), fps: make([]uint64, 0, blockSize)}
}

// len returns the number of queued states.
func (f *frontier[S]) len() int {
	n := 0
	for _, b := range f.blocks {
		n += len(b.states)
	}
	return n
}

// recycle empties every block of f into the free list of dst.
func (f *frontier[S]) recycle(dst *frontier[S]) {
	for _, b := range f.blocks {
		b.states, b.fps = b.states[:0], b.fps[:0]
		dst.free = append(dst.free, b)
	}
	clear(f.blocks)
	f.blocks = f.blocks[:0]
}
