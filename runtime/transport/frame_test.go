package transport

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"io"
	"reflect"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rspec/rspec/runtime/core"
)

var sampleMessages = []struct {
	name string
	msg  core.Message
}{
	{"vote request", core.Message{Type: core.MsgVoteRequest, From: 1, To: 2, Term: 7, LogLength: 12, LogTerm: 6}},
	{"vote response granted", core.Message{Type: core.MsgVoteResponse, From: 2, To: 1, Term: 7, Granted: true}},
	{"vote response refused", core.Message{Type: core.MsgVoteResponse, From: 3, To: 1, Term: 8}},
	{"log request heartbeat", core.Message{Type: core.MsgLogRequest, From: 1, To: 3, Term: 7, PrefixLen: 4, PrefixTerm: 6, LeaderCommit: 3}},
	{"log request entries", core.Message{Type: core.MsgLogRequest, From: 1, To: 3, Term: 7, PrefixLen: 4, PrefixTerm: 6, LeaderCommit: 3,
		Entries: []core.Entry{{Term: 6, Data: []byte("a")}, {Term: 7, Type: core.EntryNoop}, {Term: 7, Data: bytes.Repeat([]byte{0xff}, 3000)}}}},
	{"log response", core.Message{Type: core.MsgLogResponse, From: 3, To: 1, Term: 7, Ack: 7, Success: true}},
	{"every field at its maximum", core.Message{Type: core.MsgLogRequest, From: ^core.ID(0), To: ^core.ID(0) - 1, Term: ^uint64(0),
		LogLength: ^uint64(0), LogTerm: ^uint64(0), Granted: true, PrefixLen: ^uint64(0), PrefixTerm: ^uint64(0),
		LeaderCommit: ^uint64(0), Entries: []core.Entry{{Term: ^uint64(0), Data: []byte{0}}}, Ack: ^uint64(0), Success: true}},
	{"pre-vote request", core.Message{Type: core.MsgPreVoteRequest, From: 1, To: 2, Term: 8, LogLength: 12, LogTerm: 6}},
	{"pre-vote response", core.Message{Type: core.MsgPreVoteResponse, From: 2, To: 1, Term: 8, Granted: true}},
}

func TestFrameRoundTrip(t *testing.T) {
	var stream []byte
	for _, tc := range sampleMessages {
		t.Run(tc.name, func(t *testing.T) {
			b, err := AppendMessage(nil, tc.msg, DefaultMaxFrameSize)
			require.NoError(t, err)
			f, n, err := DecodeFrame(append(b, 0xAA), DefaultMaxFrameSize)
			require.NoError(t, err)
			assert.Equal(t, len(b), n)
			assert.Equal(t, FrameType(tc.msg.Type), f.Type)
			assert.Equal(t, tc.msg, f.Message)
			stream = append(stream, b...)
		})
	}
	hello := Hello{From: 9, To: 4}
	stream = AppendHello(stream, hello)

	d := NewDecoder(bytes.NewReader(stream), DefaultMaxFrameSize)
	for _, tc := range sampleMessages {
		f, err := d.Next()
		require.NoError(t, err)
		assert.Equal(t, tc.msg, f.Message)
	}
	f, err := d.Next()
	require.NoError(t, err)
	assert.Equal(t, Frame{Type: FrameHello, Hello: hello}, f)
	_, err = d.Next()
	assert.Equal(t, io.EOF, err)
}

func TestDecodedEntriesDoNotAlias(t *testing.T) {
	b, err := AppendMessage(nil, sampleMessages[4].msg, DefaultMaxFrameSize)
	require.NoError(t, err)
	f, _, err := DecodeFrame(b, DefaultMaxFrameSize)
	require.NoError(t, err)
	clear(b)
	assert.Equal(t, sampleMessages[4].msg.Entries, f.Message.Entries)
}

// rawFrame builds a frame with any header fields and a correct checksum.
func rawFrame(magic uint16, version, typ byte, length uint32, payload []byte) []byte {
	b := binary.LittleEndian.AppendUint16(nil, magic)
	b = append(b, version, typ)
	b = binary.LittleEndian.AppendUint32(b, length)
	b = append(b, payload...)
	return binary.LittleEndian.AppendUint32(b, crc32.Checksum(b, castagnoli))
}

// msgPayload is a valid payload of a message with the given entry count and
// entry bytes.
func msgPayload(count uint32, entries []byte) []byte {
	p := make([]byte, msgFixedLen-4)
	p = binary.LittleEndian.AppendUint32(p, count)
	return append(p, entries...)
}

func frameOf(typ byte, payload []byte) []byte {
	return rawFrame(frameMagic, frameVersion, typ, uint32(len(payload)), payload)
}

func TestDecodeRejects(t *testing.T) {
	good, err := AppendMessage(nil, sampleMessages[4].msg, DefaultMaxFrameSize)
	require.NoError(t, err)
	flipped := bytes.Clone(good)
	flipped[20] ^= 0x10
	badCRC := bytes.Clone(good)
	badCRC[len(badCRC)-1] ^= 1
	entry := func(term uint64, size uint32, data []byte) []byte {
		b := binary.LittleEndian.AppendUint64(nil, term)
		b = binary.LittleEndian.AppendUint32(b, size)
		return append(b, data...)
	}
	granted := msgPayload(0, nil)
	granted[40] = 2

	for _, tc := range []struct {
		name  string
		frame []byte
		max   int
		want  string
		isEOF bool
	}{
		{name: "bad magic", frame: rawFrame(0x1234, frameVersion, 1, 0, nil), want: "bad magic 0x1234"},
		{name: "bad version", frame: rawFrame(frameMagic, 9, 1, 0, nil), want: "unsupported version 9"},
		{name: "unknown type", frame: rawFrame(frameMagic, frameVersion, 0, 0, nil), want: "unknown type 0"},
		{name: "unknown type 7", frame: frameOf(7, msgPayload(0, nil)), want: "unknown type 7"},
		{name: "oversized length", frame: rawFrame(frameMagic, frameVersion, 3, 1<<31, nil), want: "payload of 2147483648 bytes exceeds maximum"},
		{name: "over configured max", frame: good, max: 100, want: "exceeds maximum 100"},
		{name: "flipped payload bit", frame: flipped, want: "checksum"},
		{name: "bad checksum", frame: badCRC, want: "checksum"},
		{name: "short payload", frame: frameOf(3, make([]byte, 20)), want: "short payload: 20 bytes"},
		{name: "trailing payload", frame: frameOf(3, append(msgPayload(0, nil), 1, 2)), want: "2 trailing bytes"},
		{name: "entry count overflow", frame: frameOf(3, msgPayload(0xffffffff, nil)), want: "4294967295 entries cannot fit in 0 bytes"},
		{name: "entry count past payload", frame: frameOf(3, msgPayload(3, entry(1, 0, nil))), want: "3 entries cannot fit"},
		{name: "entry data past payload", frame: frameOf(3, msgPayload(1, entry(1, 0xffffffff, []byte("abc")))), want: "entry 0: 2147483647 bytes of data, 3 left"},
		{name: "entry data short", frame: frameOf(3, msgPayload(2, append(entry(1, 1, []byte("x")), entry(1, 5, []byte("yz"))...))), want: "entry 1: 5 bytes of data, 2 left"},
		{name: "bool not 0 or 1", frame: frameOf(2, granted), want: "granted is 2"},
		{name: "hello of wrong size", frame: frameOf(byte(FrameHello), make([]byte, 15)), want: "payload of 15 bytes, want 16"},
		{name: "short header", frame: good[:5], isEOF: true},
		{name: "short frame", frame: good[:len(good)-1], isEOF: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			max := DefaultMaxFrameSize
			if tc.max != 0 {
				max = tc.max
			}
			_, _, err := DecodeFrame(tc.frame, max)
			require.Error(t, err)
			if tc.isEOF {
				assert.ErrorIs(t, err, io.ErrUnexpectedEOF)
				return
			}
			assert.ErrorIs(t, err, ErrBadFrame)
			assert.ErrorContains(t, err, tc.want)

			_, err = NewDecoder(bytes.NewReader(tc.frame), max).Next()
			assert.ErrorIs(t, err, ErrBadFrame, "stream decoder")
			assert.ErrorContains(t, err, tc.want, "stream decoder")
		})
	}
}

// countingReader counts the bytes read through it.
type countingReader struct {
	r io.Reader
	n int
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += n
	return n, err
}

func TestDecoderRejectsOversizedFromHeader(t *testing.T) {
	// The header claims 1 GiB; the decoder stops after the header, having
	// neither read nor allocated the payload.
	frame := append(rawFrame(frameMagic, frameVersion, 3, 1<<30, nil), make([]byte, 1<<16)...)
	r := &countingReader{r: bytes.NewReader(frame)}
	d := NewDecoder(r, 1<<20)
	_, err := d.Next()
	require.ErrorIs(t, err, ErrBadFrame)
	assert.Equal(t, frameHeaderLen, r.n)
	assert.LessOrEqual(t, cap(d.buf), 64)
}

func TestDecoderTruncatedStream(t *testing.T) {
	good, err := AppendMessage(nil, sampleMessages[4].msg, DefaultMaxFrameSize)
	require.NoError(t, err)
	for _, cut := range []int{1, frameHeaderLen, frameHeaderLen + 1, len(good) - 1} {
		_, err := NewDecoder(bytes.NewReader(good[:cut]), DefaultMaxFrameSize).Next()
		assert.ErrorIs(t, err, io.ErrUnexpectedEOF, "cut at %d", cut)
	}
}

func TestAppendMessageRejects(t *testing.T) {
	_, err := AppendMessage(nil, core.Message{Type: 9}, DefaultMaxFrameSize)
	assert.ErrorContains(t, err, "unknown type 9")
	big := core.Message{Type: core.MsgLogRequest, Entries: []core.Entry{{Term: 1, Data: make([]byte, 1000)}}}
	_, err = AppendMessage(nil, big, 1000)
	assert.True(t, errors.Is(err, ErrFrameTooLarge))
	_, err = AppendMessage(nil, big, 2000)
	assert.NoError(t, err)
}

// FuzzDecodeFrame decodes arbitrary bytes. It never panics; a frame it
// accepts re-encodes to exactly the bytes it consumed, and the stream
// decoder agrees with DecodeFrame.
func FuzzDecodeFrame(f *testing.F) {
	for _, tc := range sampleMessages {
		b, _ := AppendMessage(nil, tc.msg, DefaultMaxFrameSize)
		f.Add(b)
	}
	f.Add(AppendHello(nil, Hello{From: 1, To: 2}))
	f.Add(frameOf(3, msgPayload(0xffffffff, nil)))
	f.Fuzz(func(t *testing.T, data []byte) {
		checkDecode(t, data)
		// Again with the checksum made to match, so that the payload
		// decoding is explored too.
		if len(data) >= frameHeaderLen+frameTrailerLen {
			fixed := bytes.Clone(data)
			body := fixed[:len(fixed)-frameTrailerLen]
			binary.LittleEndian.PutUint32(fixed[len(body):], crc32.Checksum(body, castagnoli))
			checkDecode(t, fixed)
		}
	})
}

// checkDecode decodes data both ways and checks that an accepted frame
// re-encodes to the bytes consumed.
func checkDecode(t *testing.T, data []byte) {
	t.Helper()
	const max = 1 << 16
	fr, n, err := DecodeFrame(data, max)
	sf, serr := NewDecoder(bytes.NewReader(data), max).Next()
	if err != nil {
		if serr == nil {
			t.Fatalf("stream decoder accepted what DecodeFrame refused: %v", err)
		}
		return
	}
	if serr != nil {
		t.Fatalf("stream decoder: %v", serr)
	}
	var again []byte
	if fr.Type == FrameHello {
		again = AppendHello(nil, fr.Hello)
	} else {
		again, err = AppendMessage(nil, fr.Message, max)
		if err != nil {
			t.Fatalf("re-encode: %v", err)
		}
	}
	if !bytes.Equal(again, data[:n]) {
		t.Fatalf("re-encoded frame differs:\n%x\n%x", again, data[:n])
	}
	if !equalFrames(fr, sf) {
		t.Fatalf("decoders disagree: %+v, %+v", fr, sf)
	}
}

func equalFrames(a, b Frame) bool { return reflect.DeepEqual(a, b) }
