package checker

import (
	"encoding/binary"
	"math/bits"
	"reflect"
	"unsafe"
)

// packer encodes the states of a frontier compactly. Each state is stored
// as its difference from the state queued just before it in the same chunk
// (the first of a chunk from the zero state): a bit mask of the 8-byte words
// that differ, then for each such word a mask of the bytes that differ and
// those bytes of the XOR. States queued one after another are mostly
// successors of one state and differ in a few bytes, so a state of a couple
// of hundred bytes takes a few dozen.
//
// Packing copies raw bytes, so it applies only to state types without
// pointers (see newPacker); others are queued as they are.
type packer struct {
	size  int // bytes in a state
	words int // 8-byte words, the last one padded with zeros
}

// newPacker returns a packer for S, or nil when S holds pointers (slices,
// maps, strings, interfaces), whose bytes cannot be stored as data.
func newPacker[S any]() *packer {
	t := reflect.TypeFor[S]()
	if !pointerFree(t) || t.Size() == 0 {
		return nil
	}
	size := int(t.Size())
	return &packer{size: size, words: (size + 7) / 8}
}

func pointerFree(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Float32, reflect.Float64, reflect.Complex64, reflect.Complex128:
		return true
	case reflect.Array:
		return t.Len() == 0 || pointerFree(t.Elem())
	case reflect.Struct:
		for i := range t.NumField() {
			if !pointerFree(t.Field(i).Type) {
				return false
			}
		}
		return true
	}
	return false
}

// stateBytes returns the memory of *s as bytes.
func stateBytes[S any](s *S, size int) []byte {
	return unsafe.Slice((*byte)(unsafe.Pointer(s)), size)
}

// padded returns the length of the word buffers encode and decode use.
func (p *packer) padded() int { return 8 * p.words }

// word returns word w of b, a state's bytes, reading zeros past its end.
func (p *packer) word(b []byte, w int) uint64 {
	lo := 8 * w
	if lo+8 <= len(b) {
		return binary.LittleEndian.Uint64(b[lo:])
	}
	var t [8]byte
	copy(t[:], b[lo:])
	return binary.LittleEndian.Uint64(t[:])
}

// encode appends to dst the encoding of cur (a state's bytes) against prev
// (the previous state, padded), stores cur in prev and returns dst.
func (p *packer) encode(dst, cur, prev []byte) []byte {
	maskAt := len(dst)
	for range (p.words + 7) / 8 {
		dst = append(dst, 0)
	}
	for w := range p.words {
		x := p.word(cur, w) ^ binary.LittleEndian.Uint64(prev[8*w:])
		if x == 0 {
			continue
		}
		dst[maskAt+w/8] |= 1 << (w % 8)
		bmAt := len(dst)
		dst = append(dst, 0)
		for k := range 8 {
			if c := byte(x >> (8 * k)); c != 0 {
				dst[bmAt] |= 1 << k
				dst = append(dst, c)
			}
		}
	}
	copy(prev, cur)
	return dst
}

// decode applies the encoding at data[off:] to cur (the previous state,
// padded), which becomes the state encoded there, and returns the offset of
// the next encoding.
func (p *packer) decode(data []byte, off int, cur []byte) int {
	maskAt := off
	off += (p.words + 7) / 8
	for i := range (p.words + 7) / 8 {
		for m := data[maskAt+i]; m != 0; m &= m - 1 {
			w := 8*i + bits.TrailingZeros8(m)
			bm := data[off]
			off++
			for ; bm != 0; bm &= bm - 1 {
				cur[8*w+bits.TrailingZeros8(bm)] ^= data[off]
				off++
			}
		}
	}
	return off
}
