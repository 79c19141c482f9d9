package transport

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"math"
	"slices"

	"github.com/rspec/rspec/runtime/core"
)

// A frame is
//
//	magic uint16 | version uint8 | type uint8 | length uint32 | payload | crc uint32
//
// little-endian, where length counts the payload bytes and crc is the CRC-32C
// (Castagnoli) of everything before it. The type is a core.MsgType for a
// message frame, or FrameHello. A message payload is
//
//	from, to, term, logLength, logTerm uint64 | granted uint8 |
//	prefixLen, prefixTerm, leaderCommit, ack uint64 | success uint8 |
//	count uint32 | count × (term uint64 | len uint32 | data)
//
// where the top bit of an entry's len marks a leader's no-op entry
// (core.EntryNoop) and the other bits are the length of its data; a hello
// payload is from uint64 | to uint64.
const (
	frameMagic      = 0x5352 // "RS" on the wire
	frameVersion    = 1
	frameHeaderLen  = 8
	frameTrailerLen = 4
	msgFixedLen     = 9*8 + 2 + 4
	entryHeaderLen  = 12
	helloLen        = 16
	noopBit         = 1 << 31 // of an entry's len: a no-op entry
)

// DefaultMaxFrameSize is the largest frame payload accepted unless
// configured otherwise.
const DefaultMaxFrameSize = 16 << 20

// FrameType is the type byte of a frame: a core.MsgType, or FrameHello.
type FrameType uint8

// FrameHello opens a connection: the dialing node names itself and the
// node it means to reach.
const FrameHello FrameType = 0x48

// ErrBadFrame is wrapped by every error that rejects a frame's content.
var ErrBadFrame = errors.New("bad frame")

// ErrFrameTooLarge is returned by AppendMessage for a message whose payload
// exceeds the limit it is given. It wraps ErrBadFrame.
var ErrFrameTooLarge = fmt.Errorf("%w: too large", ErrBadFrame)

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// Hello is the payload of a FrameHello.
type Hello struct {
	From core.ID // the dialing node
	To   core.ID // the node it means to reach
}

// Frame is one decoded frame: Hello is set when Type is FrameHello,
// Message otherwise.
type Frame struct {
	Type    FrameType
	Hello   Hello
	Message core.Message
}

// AppendMessage appends m encoded as one frame to dst. It fails if m's type
// is unknown or its payload would exceed maxPayload bytes. The frame does not
// tell nil from empty entries or data; they decode as nil.
func AppendMessage(dst []byte, m core.Message, maxPayload int) ([]byte, error) {
	if !knownMsgType(m.Type) {
		return dst, fmt.Errorf("encode message: unknown type %d: %w", m.Type, ErrBadFrame)
	}
	maxPayload = min(maxPayload, math.MaxUint32) // the length field's range
	size := msgFixedLen
	for _, e := range m.Entries {
		size += entryHeaderLen + len(e.Data)
		if size > maxPayload {
			break
		}
	}
	if size > maxPayload {
		return dst, fmt.Errorf("encode %s with %d entries: payload exceeds %d bytes: %w", m.Type, len(m.Entries), maxPayload, ErrFrameTooLarge)
	}
	start := len(dst)
	dst = slices.Grow(dst, frameHeaderLen+size+frameTrailerLen)
	dst = appendHeader(dst, FrameType(m.Type), size)
	for _, v := range []uint64{uint64(m.From), uint64(m.To), m.Term, m.LogLength, m.LogTerm} {
		dst = binary.LittleEndian.AppendUint64(dst, v)
	}
	dst = append(dst, boolByte(m.Granted))
	for _, v := range []uint64{m.PrefixLen, m.PrefixTerm, m.LeaderCommit, m.Ack} {
		dst = binary.LittleEndian.AppendUint64(dst, v)
	}
	dst = append(dst, boolByte(m.Success))
	dst = binary.LittleEndian.AppendUint32(dst, uint32(len(m.Entries)))
	for _, e := range m.Entries {
		dst = binary.LittleEndian.AppendUint64(dst, e.Term)
		n := uint32(len(e.Data))
		if e.Type == core.EntryNoop {
			n |= noopBit
		}
		dst = binary.LittleEndian.AppendUint32(dst, n)
		dst = append(dst, e.Data...)
	}
	return appendTrailer(dst, start), nil
}

// AppendHello appends h encoded as one frame to dst.
func AppendHello(dst []byte, h Hello) []byte {
	start := len(dst)
	dst = appendHeader(dst, FrameHello, helloLen)
	dst = binary.LittleEndian.AppendUint64(dst, uint64(h.From))
	dst = binary.LittleEndian.AppendUint64(dst, uint64(h.To))
	return appendTrailer(dst, start)
}

func appendHeader(dst []byte, t FrameType, length int) []byte {
	dst = binary.LittleEndian.AppendUint16(dst, frameMagic)
	dst = append(dst, frameVersion, byte(t))
	return binary.LittleEndian.AppendUint32(dst, uint32(length))
}

func appendTrailer(dst []byte, start int) []byte {
	return binary.LittleEndian.AppendUint32(dst, crc32.Checksum(dst[start:], castagnoli))
}

func boolByte(b bool) byte {
	if b {
		return 1
	}
	return 0
}

func knownMsgType(t core.MsgType) bool {
	return t >= core.MsgVoteRequest && t <= core.MsgPreVoteResponse
}

// DecodeFrame decodes the frame at the start of b, whose payload may hold at
// most maxPayload bytes, and returns it and its length in bytes. A b that
// ends before the frame does gives an error wrapping io.ErrUnexpectedEOF;
// every other failure wraps ErrBadFrame. The frame's entries do not alias b.
func DecodeFrame(b []byte, maxPayload int) (Frame, int, error) {
	if len(b) < frameHeaderLen {
		return Frame{}, 0, fmt.Errorf("decode frame: %d bytes, header needs %d: %w", len(b), frameHeaderLen, io.ErrUnexpectedEOF)
	}
	t, length, err := parseHeader(b[:frameHeaderLen], maxPayload)
	if err != nil {
		return Frame{}, 0, err
	}
	n := frameHeaderLen + length + frameTrailerLen
	if len(b) < n {
		return Frame{}, 0, fmt.Errorf("decode frame: %d bytes, frame needs %d: %w", len(b), n, io.ErrUnexpectedEOF)
	}
	f, err := parseBody(t, b[:n])
	return f, n, err
}

// parseHeader checks a frame header and returns its type and payload length.
func parseHeader(h []byte, maxPayload int) (FrameType, int, error) {
	if m := binary.LittleEndian.Uint16(h); m != frameMagic {
		return 0, 0, fmt.Errorf("decode frame: bad magic %#04x: %w", m, ErrBadFrame)
	}
	if v := h[2]; v != frameVersion {
		return 0, 0, fmt.Errorf("decode frame: unsupported version %d: %w", v, ErrBadFrame)
	}
	t := FrameType(h[3])
	if t != FrameHello && !knownMsgType(core.MsgType(t)) {
		return 0, 0, fmt.Errorf("decode frame: unknown type %d: %w", t, ErrBadFrame)
	}
	length := binary.LittleEndian.Uint32(h[4:])
	if uint64(length) > uint64(max(maxPayload, 0)) {
		return 0, 0, fmt.Errorf("decode frame: payload of %d bytes exceeds maximum %d: %w", length, maxPayload, ErrBadFrame)
	}
	return t, int(length), nil
}

// parseBody checks the checksum of frame, a whole frame of type t, and
// decodes its payload.
func parseBody(t FrameType, frame []byte) (Frame, error) {
	body := frame[:len(frame)-frameTrailerLen]
	want := binary.LittleEndian.Uint32(frame[len(body):])
	if got := crc32.Checksum(body, castagnoli); got != want {
		return Frame{}, fmt.Errorf("decode frame: checksum %#08x, want %#08x: %w", got, want, ErrBadFrame)
	}
	p := body[frameHeaderLen:]
	if t == FrameHello {
		return decodeHello(p)
	}
	m, err := decodeMessage(core.MsgType(t), p)
	if err != nil {
		return Frame{}, fmt.Errorf("decode %s frame: %w: %w", core.MsgType(t), err, ErrBadFrame)
	}
	return Frame{Type: t, Message: m}, nil
}

func decodeHello(p []byte) (Frame, error) {
	if len(p) != helloLen {
		return Frame{}, fmt.Errorf("decode hello frame: payload of %d bytes, want %d: %w", len(p), helloLen, ErrBadFrame)
	}
	h := Hello{From: core.ID(binary.LittleEndian.Uint64(p)), To: core.ID(binary.LittleEndian.Uint64(p[8:]))}
	return Frame{Type: FrameHello, Hello: h}, nil
}

// payload reads a message payload front to back.
type payload struct {
	b   []byte
	err error
}

func (r *payload) u64() uint64 {
	if r.err != nil {
		return 0
	}
	if len(r.b) < 8 {
		r.err = fmt.Errorf("short payload")
		return 0
	}
	v := binary.LittleEndian.Uint64(r.b)
	r.b = r.b[8:]
	return v
}

func (r *payload) boolean(field string) bool {
	if r.err != nil {
		return false
	}
	if len(r.b) < 1 {
		r.err = fmt.Errorf("short payload")
		return false
	}
	v := r.b[0]
	r.b = r.b[1:]
	if v > 1 {
		r.err = fmt.Errorf("%s is %d, not 0 or 1", field, v)
	}
	return v == 1
}

func decodeMessage(t core.MsgType, p []byte) (core.Message, error) {
	if len(p) < msgFixedLen {
		return core.Message{}, fmt.Errorf("short payload: %d bytes, at least %d needed", len(p), msgFixedLen)
	}
	r := payload{b: p}
	m := core.Message{Type: t}
	m.From, m.To, m.Term = core.ID(r.u64()), core.ID(r.u64()), r.u64()
	m.LogLength, m.LogTerm = r.u64(), r.u64()
	m.Granted = r.boolean("granted")
	m.PrefixLen, m.PrefixTerm, m.LeaderCommit, m.Ack = r.u64(), r.u64(), r.u64(), r.u64()
	m.Success = r.boolean("success")
	if r.err != nil {
		return core.Message{}, r.err
	}
	count := binary.LittleEndian.Uint32(r.b)
	rest := r.b[4:]
	// Every entry takes at least entryHeaderLen bytes, which bounds count
	// before anything is allocated for it.
	if uint64(count) > uint64(len(rest)/entryHeaderLen) {
		return core.Message{}, fmt.Errorf("%d entries cannot fit in %d bytes", count, len(rest))
	}
	if count > 0 {
		m.Entries = make([]core.Entry, count)
	}
	for i := range m.Entries {
		if len(rest) < entryHeaderLen {
			return core.Message{}, fmt.Errorf("entry %d: short payload", i)
		}
		term := binary.LittleEndian.Uint64(rest)
		size := binary.LittleEndian.Uint32(rest[8:])
		typ := core.EntryNormal
		if size&noopBit != 0 {
			typ, size = core.EntryNoop, size&^noopBit
		}
		rest = rest[entryHeaderLen:]
		if uint64(size) > uint64(len(rest)) {
			return core.Message{}, fmt.Errorf("entry %d: %d bytes of data, %d left", i, size, len(rest))
		}
		m.Entries[i] = core.Entry{Term: term, Type: typ}
		if size > 0 {
			m.Entries[i].Data = slices.Clone(rest[:size])
		}
		rest = rest[size:]
	}
	if len(rest) != 0 {
		return core.Message{}, fmt.Errorf("%d trailing bytes", len(rest))
	}
	return m, nil
}

// Decoder reads frames from a stream.
type Decoder struct {
	r          io.Reader
	maxPayload int
	buf        []byte
}

// NewDecoder returns a Decoder reading from r frames whose payload holds at
// most maxPayload bytes.
func NewDecoder(r io.Reader, maxPayload int) *Decoder {
	return &Decoder{r: r, maxPayload: maxPayload}
}

// readChunk bounds how much memory a frame's declared length commits before
// its bytes arrive.
const readChunk = 64 << 10

// Next reads and decodes the next frame. It returns io.EOF at a clean end of
// the stream, an error wrapping io.ErrUnexpectedEOF inside a frame, and one
// wrapping ErrBadFrame for a bad frame, detected from the header before the
// payload is read where the header suffices.
func (d *Decoder) Next() (Frame, error) {
	d.buf = slices.Grow(d.buf[:0], frameHeaderLen)[:frameHeaderLen]
	if _, err := io.ReadFull(d.r, d.buf); err != nil {
		if errors.Is(err, io.ErrUnexpectedEOF) {
			return Frame{}, fmt.Errorf("read frame header: %w", err)
		}
		return Frame{}, err
	}
	t, length, err := parseHeader(d.buf, d.maxPayload)
	if err != nil {
		return Frame{}, err
	}
	n := frameHeaderLen + length + frameTrailerLen
	for len(d.buf) < n {
		chunk := min(n-len(d.buf), readChunk)
		d.buf = slices.Grow(d.buf, chunk)
		if _, err := io.ReadFull(d.r, d.buf[len(d.buf):len(d.buf)+chunk]); err != nil {
			if errors.Is(err, io.EOF) {
				err = io.ErrUnexpectedEOF
			}
			return Frame{}, fmt.Errorf("read %d-byte frame: %w", n, err)
		}
		d.buf = d.buf[:len(d.buf)+chunk]
	}
	f, err := parseBody(t, d.buf)
	if cap(d.buf) > 4*readChunk {
		d.buf = nil // do not hold on to one large frame's buffer
	}
	return f, err
}
