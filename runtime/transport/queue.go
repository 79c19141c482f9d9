package transport

// queue holds encoded frames waiting for a peer's connection. It is bounded
// by count and by bytes; push drops the oldest frames to make room, since
// a newer Raft message carries newer state than an older one.
type queue struct {
	frames   [][]byte
	head     int // frames[head:] are queued
	bytes    int
	maxCount int
	maxBytes int
}

// push queues f and returns how many older frames it dropped. A frame
// larger than maxBytes on its own is queued alone.
func (q *queue) push(f []byte) (dropped int) {
	for q.len() > 0 && (q.len() >= q.maxCount || q.bytes+len(f) > q.maxBytes) {
		q.bytes -= len(q.frames[q.head])
		q.frames[q.head] = nil
		q.head++
		dropped++
	}
	if q.head > 0 && q.head >= len(q.frames)/2 {
		n := copy(q.frames, q.frames[q.head:])
		clear(q.frames[n:])
		q.frames, q.head = q.frames[:n], 0
	}
	q.frames = append(q.frames, f)
	q.bytes += len(f)
	return dropped
}

func (q *queue) len() int { return len(q.frames) - q.head }

// takeAll removes and returns every queued frame, oldest first.
func (q *queue) takeAll(dst [][]byte) [][]byte {
	dst = append(dst, q.frames[q.head:]...)
	clear(q.frames)
	q.frames, q.head, q.bytes = q.frames[:0], 0, 0
	return dst
}
