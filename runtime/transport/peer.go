package transport

import (
	"bufio"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net"
	"sync"
	"time"

	"github.com/rspec/rspec/runtime/core"
)

var errHandshake = errors.New("handshake")

// peer is the outbound side of one peer: its queue and the goroutine that
// keeps a connection to it and writes the queue out.
type peer struct {
	t    *Transport
	id   core.ID
	log  *slog.Logger
	wake chan struct{} // signalled when frames are queued

	mu   sync.Mutex
	addr string
	q    queue
}

func newPeer(t *Transport, id core.ID, addr string) *peer {
	return &peer{
		t:    t,
		id:   id,
		log:  t.log.With("peer", uint64(id)),
		wake: make(chan struct{}, 1),
		addr: addr,
		q:    queue{maxCount: t.cfg.QueueSize, maxBytes: t.cfg.QueueBytes},
	}
}

func (p *peer) setAddr(addr string) {
	p.mu.Lock()
	p.addr = addr
	p.mu.Unlock()
}

func (p *peer) push(frame []byte) {
	p.mu.Lock()
	dropped := p.q.push(frame)
	p.mu.Unlock()
	if dropped > 0 {
		p.t.dropped.Add(uint64(dropped))
	}
	select {
	case p.wake <- struct{}{}:
	default:
	}
}

func (p *peer) take(dst [][]byte) [][]byte {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.q.takeAll(dst)
}

// run dials the peer, streams the queue to it, and redials with backoff
// until the Transport closes. Frames queue while no connection is up.
func (p *peer) run() {
	defer p.t.wg.Done()
	b := backoff{min: p.t.cfg.MinBackoff, max: p.t.cfg.MaxBackoff}
	for p.t.ctx.Err() == nil {
		conn, err := p.dial()
		if err != nil {
			if p.t.ctx.Err() != nil {
				return
			}
			p.log.Debug("transport: dial failed", "err", err)
			if !p.t.sleep(b.next()) {
				return
			}
			continue
		}
		p.t.dials.Add(1)
		p.log.Debug("transport: connected", "remote", conn.RemoteAddr().String())
		began := time.Now()
		err = p.stream(conn)
		if p.t.ctx.Err() != nil {
			return
		}
		if errors.Is(err, errHandshake) {
			p.log.Warn("transport: peer refused or failed the handshake", "err", err)
		} else {
			p.log.Info("transport: connection lost", "err", err)
		}
		if time.Since(began) > p.t.cfg.MaxBackoff {
			b.reset()
		}
		if !p.t.sleep(b.next()) {
			return
		}
	}
}

func (p *peer) dial() (net.Conn, error) {
	p.mu.Lock()
	addr := p.addr
	p.mu.Unlock()
	if addr == "" {
		return nil, errors.New("no address")
	}
	d := net.Dialer{Timeout: p.t.cfg.DialTimeout}
	return d.DialContext(p.t.ctx, "tcp", addr)
}

// stream writes a hello, waits for the peer's hello in reply, then writes
// the queue until the connection breaks or the Transport closes. It closes
// conn before returning; Close closes it sooner. Nothing is taken from the queue before the peer has
// accepted the connection.
func (p *peer) stream(conn net.Conn) error {
	if !p.t.track(conn) {
		return p.t.ctx.Err()
	}
	defer p.t.untrack(conn)
	w := bufio.NewWriterSize(conn, 64<<10)
	hello := AppendHello(nil, Hello{From: p.t.cfg.ID, To: p.id})
	if err := p.write(conn, w, [][]byte{hello}); err != nil {
		return fmt.Errorf("%w: %w", errHandshake, err)
	}
	if err := p.awaitHello(conn); err != nil {
		return fmt.Errorf("%w: %w", errHandshake, err)
	}

	// The peer writes nothing more: a read returns only when the
	// connection is closed, at either end.
	gone := make(chan struct{})
	p.t.wg.Go(func() {
		var b [1]byte
		conn.Read(b[:])
		close(gone)
	})
	defer func() {
		conn.Close()
		<-gone
	}()
	var batch [][]byte
	for {
		batch = p.take(batch[:0])
		if len(batch) == 0 {
			select {
			case <-p.wake:
				continue
			case <-gone:
				return errors.New("closed by peer")
			case <-p.t.ctx.Done():
				return p.t.ctx.Err()
			}
		}
		if err := p.write(conn, w, batch); err != nil {
			p.t.dropped.Add(uint64(len(batch)))
			return err
		}
		p.t.sent.Add(uint64(len(batch)))
		clear(batch)
	}
}

// awaitHello reads the peer's reply to this node's hello.
func (p *peer) awaitHello(conn net.Conn) error {
	if err := conn.SetReadDeadline(time.Now().Add(p.t.cfg.HandshakeTimeout)); err != nil {
		return err
	}
	f, err := NewDecoder(conn, helloLen).Next()
	if err != nil {
		return err
	}
	if f.Type != FrameHello {
		return fmt.Errorf("got %s frame, want hello", core.MsgType(f.Type))
	}
	if f.Hello.From != p.id || f.Hello.To != p.t.cfg.ID {
		return fmt.Errorf("reached node %d (for node %d), want node %d", f.Hello.From, f.Hello.To, p.id)
	}
	return conn.SetReadDeadline(time.Time{})
}

func (p *peer) write(conn net.Conn, w *bufio.Writer, frames [][]byte) error {
	if err := conn.SetWriteDeadline(time.Now().Add(p.t.cfg.WriteTimeout)); err != nil {
		return err
	}
	for _, f := range frames {
		if _, err := w.Write(f); err != nil {
			return err
		}
	}
	return w.Flush()
}

// backoff yields redial delays: exponential from min to max, each drawn
// uniformly from its upper half so that peers do not redial in step.
type backoff struct {
	min, max, cur time.Duration
}

func (b *backoff) next() time.Duration {
	if b.cur < b.min {
		b.cur = b.min
	}
	d := b.cur/2 + rand.N(b.cur/2+1)
	b.cur = min(2*b.cur, b.max)
	return d
}

func (b *backoff) reset() { b.cur = 0 }
