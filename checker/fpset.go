package checker

import (
	"math"
	"math/bits"
	"sync"
)

// The fingerprint table records every visited state as its fingerprint: 8
// bytes a slot. It is split into shards by the low bits of the mixed
// fingerprint; each shard is an open-addressed, linearly probed array under
// its own mutex, grown by half when it is more than maxLoad full, so a slot
// is between 2/3·maxLoad and maxLoad full: 10 to 15 bytes a state at maxLoad
// 0.8. Parent links live on disk (see parentLog).
//
// A shard also keeps one "fresh" bit a slot, set when the slot is filled
// during the current BFS level, so that a state generated again from
// another parent of the same level can be told apart from an older one: its
// new parent link is recorded too, and the smallest parent wins when a trace
// is rebuilt, so that no counterexample depends on which worker got there
// first.
const (
	shardBits     = 9
	numShards     = 1 << shardBits
	minShardSlots = 16
	maxLoadPct    = 80
)

// emptyFP marks an empty slot; fingerprint 0 is stored as zeroFP instead.
const (
	emptyFP = 0
	zeroFP  = 0x9e3779b97f4a7c15
)

// canon maps a model's fingerprint to the value the table stores.
func canon(fp uint64) uint64 {
	if fp == emptyFP {
		return zeroFP
	}
	return fp
}

// mix spreads the bits of a fingerprint (MurmurHash3's finaliser), so that a
// model's weak fingerprint (a small counter) still spreads over the table.
func mix(x uint64) uint64 {
	x ^= x >> 33
	x *= 0xff51afd7ed558ccd
	x ^= x >> 33
	x *= 0xc4ceb9fe1a85ec53
	x ^= x >> 33
	return x
}

type shard struct {
	mu    sync.Mutex
	slots []uint64 // fingerprints; emptyFP in an empty slot
	fresh []uint64 // one bit a slot
	n     int
	dirty bool     // some fresh bit is set
	_     [64]byte // keep neighbouring shards' locks off one cache line
}

// fpSet is the concurrent fingerprint table.
type fpSet struct {
	shards [numShards]shard
}

// newFPSet returns a table sized for about expected fingerprints. Shards
// fill unevenly, so each gets room for four standard deviations above its
// share.
func newFPSet(expected uint64) *fpSet {
	per := float64(expected) / numShards
	per += 4 * math.Sqrt(per)
	n := max(minShardSlots, int(per*100/maxLoadPct)+1)
	t := &fpSet{}
	for i := range t.shards {
		t.shards[i].alloc(n)
	}
	return t
}

func (s *shard) alloc(n int) {
	s.slots = make([]uint64, n)
	s.fresh = make([]uint64, (n+63)/64)
	s.n = 0
}

// home returns the first slot to probe for the mixed fingerprint h.
func (s *shard) home(h uint64) int {
	hi, _ := bits.Mul64(h, uint64(len(s.slots)))
	return int(hi)
}

// insert adds fp and reports whether it was new, and whether it was added
// during the current level (true for a new one too).
func (t *fpSet) insert(fp uint64) (added, fresh bool) {
	h := mix(fp)
	s := &t.shards[h&(numShards-1)]
	s.mu.Lock()
	i := s.home(h)
	for {
		e := &s.slots[i]
		if *e == fp {
			fresh = s.fresh[i/64]&(1<<(i%64)) != 0
			s.mu.Unlock()
			return false, fresh
		}
		if *e == emptyFP {
			*e = fp
			s.fresh[i/64] |= 1 << (i % 64)
			s.dirty = true
			s.n++
			if s.n*100 > len(s.slots)*maxLoadPct {
				s.grow()
			}
			s.mu.Unlock()
			return true, true
		}
		if i++; i == len(s.slots) {
			i = 0
		}
	}
}

// grow rehashes the shard into half as many slots again.
func (s *shard) grow() {
	old, oldFresh := s.slots, s.fresh
	s.alloc(len(old) + len(old)/2)
	for j, e := range old {
		if e == emptyFP {
			continue
		}
		i := s.home(mix(e))
		for s.slots[i] != emptyFP {
			if i++; i == len(s.slots) {
				i = 0
			}
		}
		s.slots[i] = e
		if oldFresh[j/64]&(1<<(j%64)) != 0 {
			s.fresh[i/64] |= 1 << (i % 64)
		}
		s.n++
	}
}

// endLevel clears the fresh bits. It must not run concurrently with insert.
func (t *fpSet) endLevel() {
	for i := range t.shards {
		if s := &t.shards[i]; s.dirty {
			clear(s.fresh)
			s.dirty = false
		}
	}
}

// len returns the number of fingerprints. It must not run concurrently with
// insert.
func (t *fpSet) len() int {
	n := 0
	for i := range t.shards {
		n += t.shards[i].n
	}
	return n
}

// bytes returns the memory held by the slots and fresh bits. It must not run
// concurrently with insert.
func (t *fpSet) bytes() uint64 {
	var n uint64
	for i := range t.shards {
		s := &t.shards[i]
		n += uint64(len(s.slots))*8 + uint64(len(s.fresh))*8
	}
	return n
}
