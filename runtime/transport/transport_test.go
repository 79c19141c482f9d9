package transport

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rspec/rspec/runtime/core"
)

const waitFor = 5 * time.Second

// logBuf collects log output from many goroutines.
type logBuf struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *logBuf) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *logBuf) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func newTransport(t *testing.T, id core.ID, addr string, peers map[core.ID]string, logs *logBuf, opts ...func(*Config)) *Transport {
	t.Helper()
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	cfg := Config{ID: id, ListenAddr: addr, Peers: peers, MinBackoff: 5 * time.Millisecond, MaxBackoff: 50 * time.Millisecond}
	if logs != nil {
		cfg.Logger = slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	for _, o := range opts {
		o(&cfg)
	}
	tr, err := New(cfg)
	require.NoError(t, err)
	t.Cleanup(func() { tr.Close() })
	return tr
}

// cluster starts n transports with IDs 1..n, each knowing the others.
func cluster(t *testing.T, n int) []*Transport {
	t.Helper()
	ts := make([]*Transport, n)
	for i := range ts {
		ts[i] = newTransport(t, core.ID(i+1), "", nil, nil)
	}
	for i, a := range ts {
		for j, b := range ts {
			if i != j {
				require.NoError(t, a.SetPeer(core.ID(j+1), b.Addr().String()))
			}
		}
	}
	return ts
}

func recv(t *testing.T, tr *Transport) core.Message {
	t.Helper()
	select {
	case m, ok := <-tr.Recv():
		require.True(t, ok, "recv channel closed")
		return m
	case <-time.After(waitFor):
		require.FailNow(t, "no message within timeout")
	}
	return core.Message{}
}

func TestThreeNodesExchange(t *testing.T) {
	ts := cluster(t, 3)
	want := map[core.ID][]core.Message{}
	for i, a := range ts {
		from := core.ID(i + 1)
		for j := range ts {
			to := core.ID(j + 1)
			if to == from {
				continue
			}
			for k, tc := range sampleMessages {
				m := tc.msg
				m.From, m.To, m.Term = from, to, uint64(k)
				require.NoError(t, a.Send(m))
				want[to] = append(want[to], m)
			}
		}
	}
	for j, b := range ts {
		to := core.ID(j + 1)
		got := map[core.ID][]core.Message{}
		for range want[to] {
			m := recv(t, b)
			got[m.From] = append(got[m.From], m)
		}
		for from, ms := range got {
			var exp []core.Message
			for _, m := range want[to] {
				if m.From == from {
					exp = append(exp, m)
				}
			}
			assert.Equal(t, exp, ms, "from %d to %d, in order", from, to)
		}
		assert.Len(t, got, 2)
	}
	// The counters are bumped just after a write or a hand-off, so a
	// receiver may see a message before its sender has counted it.
	want2 := uint64(2 * len(sampleMessages))
	for _, tr := range ts {
		require.Eventually(t, func() bool {
			st := tr.Stats()
			return st.Sent == want2 && st.Received == want2
		}, waitFor, time.Millisecond, "stats %+v", tr.Stats())
		assert.Zero(t, tr.Stats().Dropped)
	}
}

func TestReconnectAfterPeerRestart(t *testing.T) {
	a := newTransport(t, 1, "", nil, nil)
	b := newTransport(t, 2, "", map[core.ID]string{1: a.Addr().String()}, nil)
	addr := b.Addr().String()
	require.NoError(t, a.SetPeer(2, addr))

	require.NoError(t, a.Send(core.Message{Type: core.MsgVoteRequest, From: 1, To: 2, Term: 1}))
	assert.Equal(t, uint64(1), recv(t, b).Term)
	require.NoError(t, b.Close())

	// The restarted peer listens on the same address.
	b2 := newTransport(t, 2, addr, map[core.ID]string{1: a.Addr().String()}, nil)
	deadline := time.Now().Add(waitFor)
	term := uint64(2)
	for {
		require.NoError(t, a.Send(core.Message{Type: core.MsgVoteRequest, From: 1, To: 2, Term: term}))
		select {
		case m := <-b2.Recv():
			assert.GreaterOrEqual(t, m.Term, uint64(2))
			assert.GreaterOrEqual(t, a.Stats().Dials, uint64(2))
			return
		case <-time.After(20 * time.Millisecond):
		}
		require.True(t, time.Now().Before(deadline), "no message after restart")
		term++
	}
}

func TestBadInboundConnectionClosed(t *testing.T) {
	logs := &logBuf{}
	a := newTransport(t, 1, "", nil, nil)
	b := newTransport(t, 2, "", map[core.ID]string{1: a.Addr().String(), 3: "127.0.0.1:1"}, logs)
	require.NoError(t, a.SetPeer(2, b.Addr().String()))

	hello3 := AppendHello(nil, Hello{From: 3, To: 2})
	msg := func(from, to core.ID) []byte {
		f, err := AppendMessage(nil, core.Message{Type: core.MsgLogResponse, From: from, To: to, Term: 1}, DefaultMaxFrameSize)
		require.NoError(t, err)
		return f
	}
	badCRC := msg(3, 2)
	badCRC[len(badCRC)-2] ^= 0xff
	oversized := rawFrame(frameMagic, frameVersion, 3, 1<<30, nil)[:frameHeaderLen]

	for _, tc := range []struct {
		name  string
		bytes []byte
		want  string
	}{
		{"garbage", []byte("GET / HTTP/1.1\r\nHost: x\r\n\r\n"), "bad magic"},
		{"message before hello", msg(3, 2), "want hello"},
		{"hello to another node", AppendHello(nil, Hello{From: 3, To: 7}), "addressed to node 7"},
		{"hello from unknown node", AppendHello(nil, Hello{From: 9, To: 2}), "unknown node 9"},
		{"oversized frame", append(bytes.Clone(hello3), oversized...), "exceeds maximum"},
		{"bad checksum", append(bytes.Clone(hello3), badCRC...), "checksum"},
		{"unknown frame type", append(bytes.Clone(hello3), frameOf(0x77, nil)...), "unknown type 119"},
		{"spoofed sender", append(bytes.Clone(hello3), msg(1, 2)...), "LogResponse from 1 to 2 on this connection"},
		{"second hello", append(bytes.Clone(hello3), hello3...), "second hello"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rejected := b.Stats().Rejected
			c, err := net.Dial("tcp", b.Addr().String())
			require.NoError(t, err)
			defer c.Close()
			_, err = c.Write(tc.bytes)
			require.NoError(t, err)

			require.NoError(t, c.SetReadDeadline(time.Now().Add(waitFor)))
			// Read until the transport closes the connection (a hello
			// in reply comes first when the handshake was accepted).
			_, err = io.ReadAll(c)
			var ne net.Error
			require.False(t, errors.As(err, &ne) && ne.Timeout(), "connection not closed by the transport")
			assert.Eventually(t, func() bool { return b.Stats().Rejected == rejected+1 }, waitFor, 5*time.Millisecond)
			assert.Contains(t, logs.String(), tc.want)

			// The good peer is still served.
			require.NoError(t, a.Send(core.Message{Type: core.MsgVoteResponse, From: 1, To: 2, Term: 42, Granted: true}))
			m := recv(t, b)
			assert.Equal(t, core.Message{Type: core.MsgVoteResponse, From: 1, To: 2, Term: 42, Granted: true}, m)
		})
	}
	assert.Equal(t, uint64(1), a.Stats().Dials, "the good peer's connection was never broken")
	assert.Contains(t, logs.String(), "level=ERROR")
}

func TestSendErrors(t *testing.T) {
	a := newTransport(t, 1, "", map[core.ID]string{2: "127.0.0.1:1"}, nil, func(c *Config) { c.MaxFrameSize = 200 })
	for _, tc := range []struct {
		name string
		msg  core.Message
		want error
		text string
	}{
		{name: "unknown peer", msg: core.Message{Type: core.MsgVoteRequest, From: 1, To: 5}, want: ErrUnknownPeer},
		{name: "not from this node", msg: core.Message{Type: core.MsgVoteRequest, From: 3, To: 2}, text: "sender is not this node 1"},
		{name: "too large", msg: core.Message{Type: core.MsgLogRequest, From: 1, To: 2, Entries: []core.Entry{{Data: make([]byte, 200)}}}, want: ErrFrameTooLarge},
		{name: "unknown type", msg: core.Message{Type: 0, From: 1, To: 2}, want: ErrBadFrame},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := a.Send(tc.msg)
			if tc.want != nil {
				assert.ErrorIs(t, err, tc.want)
			} else {
				assert.ErrorContains(t, err, tc.text)
			}
		})
	}
	require.NoError(t, a.Close())
	assert.ErrorIs(t, a.Send(core.Message{Type: core.MsgVoteRequest, From: 1, To: 2}), ErrClosed)
	assert.ErrorIs(t, a.SetPeer(3, "x"), ErrClosed)
	assert.NoError(t, a.Close(), "Close is idempotent")
	_, err := New(Config{ListenAddr: "127.0.0.1:0"})
	assert.ErrorContains(t, err, "zero node id")
}

// freeAddr returns a loopback address nothing listens on.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	require.NoError(t, ln.Close())
	return addr
}

func TestFullQueueDropsOldest(t *testing.T) {
	addr := freeAddr(t)
	a := newTransport(t, 1, "", map[core.ID]string{2: addr}, nil, func(c *Config) { c.QueueSize = 4 })
	for term := uint64(1); term <= 10; term++ {
		require.NoError(t, a.Send(core.Message{Type: core.MsgVoteRequest, From: 1, To: 2, Term: term}))
	}
	assert.Equal(t, uint64(6), a.Stats().Dropped)

	b := newTransport(t, 2, addr, map[core.ID]string{1: a.Addr().String()}, nil)
	for want := uint64(7); want <= 10; want++ {
		assert.Equal(t, want, recv(t, b).Term)
	}
}

func TestCloseStopsEverything(t *testing.T) {
	func() {
		ts := cluster(t, 3)
		for i, a := range ts {
			for j := range ts {
				if i != j {
					require.NoError(t, a.Send(core.Message{Type: core.MsgVoteRequest, From: core.ID(i + 1), To: core.ID(j + 1)}))
				}
			}
		}
		for _, b := range ts {
			recv(t, b)
			recv(t, b)
		}
		// An inbound connection stuck before its hello, and a peer that
		// never answers, are stopped by Close too.
		c, err := net.Dial("tcp", ts[0].Addr().String())
		require.NoError(t, err)
		defer c.Close()
		require.NoError(t, ts[0].SetPeer(9, freeAddr(t)))
		require.NoError(t, ts[0].Send(core.Message{Type: core.MsgVoteRequest, From: 1, To: 9}))

		for _, tr := range ts {
			require.NoError(t, tr.Close())
			for range tr.Recv() {
			}
		}
	}()
	// Close has waited for every goroutine of the transports: none is
	// left running the package's code. A goroutine that has signalled its
	// end may still be leaving its last frame, so the check allows it a
	// moment (a goroutine still blocked in the package never leaves).
	var left []string
	for deadline := time.Now().Add(2 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		left = transportGoroutines()
		if len(left) == 0 || time.Now().After(deadline) {
			break
		}
	}
	for _, g := range left {
		t.Errorf("goroutine left after Close:\n%s", g)
	}
}

// transportGoroutines returns the stacks of the goroutines running this
// package's code, the test's own aside.
func transportGoroutines() []string {
	buf := make([]byte, 1<<20)
	buf = buf[:runtime.Stack(buf, true)]
	var out []string
	for _, g := range strings.Split(string(buf), "\n\n") {
		if strings.Contains(g, "rspec/runtime/transport.") && !strings.Contains(g, "TestCloseStopsEverything") &&
			!strings.Contains(g, "transportGoroutines") {
			out = append(out, g)
		}
	}
	return out
}

func TestBackoff(t *testing.T) {
	b := backoff{min: 10 * time.Millisecond, max: 80 * time.Millisecond}
	for i, ceil := range []time.Duration{10, 20, 40, 80, 80, 80} {
		ceil *= time.Millisecond
		d := b.next()
		assert.GreaterOrEqual(t, d, ceil/2, "step %d", i)
		assert.LessOrEqual(t, d, ceil, "step %d", i)
	}
	b.reset()
	assert.LessOrEqual(t, b.next(), 10*time.Millisecond)
}

func TestQueue(t *testing.T) {
	for _, tc := range []struct {
		name              string
		maxCount, maxByte int
		push              []string
		wantDropped       int
		want              []string
	}{
		{"fits", 4, 100, []string{"a", "b"}, 0, []string{"a", "b"}},
		{"count bound drops oldest", 2, 100, []string{"a", "b", "c", "d"}, 2, []string{"c", "d"}},
		{"byte bound drops oldest", 10, 5, []string{"aa", "bb", "cc"}, 1, []string{"bb", "cc"}},
		{"oversized frame alone", 10, 3, []string{"a", "bbbbb"}, 1, []string{"bbbbb"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			q := queue{maxCount: tc.maxCount, maxBytes: tc.maxByte}
			dropped := 0
			for _, s := range tc.push {
				dropped += q.push([]byte(s))
			}
			assert.Equal(t, tc.wantDropped, dropped)
			var got []string
			for _, f := range q.takeAll(nil) {
				got = append(got, string(f))
			}
			assert.Equal(t, tc.want, got)
			assert.Zero(t, q.len())
			assert.Zero(t, q.bytes)
		})
	}
	// Many pushes through a small queue keep its memory bounded.
	q := queue{maxCount: 3, maxBytes: 1 << 20}
	for i := range 1000 {
		q.push(fmt.Appendf(nil, "%d", i))
	}
	assert.LessOrEqual(t, cap(q.frames), 16)
	got := q.takeAll(nil)
	assert.Equal(t, []string{"997", "998", "999"}, []string{string(got[0]), string(got[1]), string(got[2])})
}

func TestDialerChecksPeerHello(t *testing.T) {
	// A server at peer 2's address that answers as node 7.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer ln.Close()
	served := make(chan Hello, 1)
	go func() {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		defer c.Close()
		f, err := NewDecoder(c, DefaultMaxFrameSize).Next()
		if err != nil {
			return
		}
		c.Write(AppendHello(nil, Hello{From: 7, To: 1}))
		served <- f.Hello
		io.Copy(io.Discard, c)
	}()

	logs := &logBuf{}
	a := newTransport(t, 1, "", map[core.ID]string{2: ln.Addr().String()}, logs)
	require.NoError(t, a.Send(core.Message{Type: core.MsgVoteRequest, From: 1, To: 2}))
	select {
	case h := <-served:
		assert.Equal(t, Hello{From: 1, To: 2}, h)
	case <-time.After(waitFor):
		require.FailNow(t, "no connection")
	}
	assert.Eventually(t, func() bool { return strings.Contains(logs.String(), "reached node 7") }, waitFor, 5*time.Millisecond)
	st := a.Stats()
	assert.Zero(t, st.Sent, "nothing sent to the wrong node")
	assert.Zero(t, st.Dropped)
}
