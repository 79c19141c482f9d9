package transport

import (
	"errors"
	"fmt"
	"io"
	"net"
	"time"

	"github.com/rspec/rspec/runtime/core"
)

// acceptLoop accepts inbound connections until the listener closes.
func (t *Transport) acceptLoop() {
	defer t.wg.Done()
	for {
		c, err := t.ln.Accept()
		if err != nil {
			if t.ctx.Err() != nil || errors.Is(err, net.ErrClosed) {
				return
			}
			t.log.Warn("transport: accept", "err", err)
			if !t.sleep(50 * time.Millisecond) {
				return
			}
			continue
		}
		if !t.track(c) {
			return
		}
		t.wg.Go(func() { t.serve(c) })
	}
}

// serve reads one inbound connection: a hello, answered with this node's
// hello, then messages from the node it names to this node, delivered on
// Recv. A bad frame closes the
// connection.
func (t *Transport) serve(c net.Conn) {
	log := t.log.With("remote", c.RemoteAddr().String())
	defer t.untrack(c)
	err := t.readConn(c)
	switch {
	case t.ctx.Err() != nil:
	case errors.Is(err, io.EOF), errors.Is(err, net.ErrClosed):
		log.Debug("transport: inbound connection closed", "err", err)
	default:
		t.rejected.Add(1)
		log.Error("transport: closing inbound connection", "err", err)
	}
}

func (t *Transport) readConn(c net.Conn) error {
	d := NewDecoder(c, t.cfg.MaxFrameSize)
	if err := c.SetReadDeadline(time.Now().Add(t.cfg.HandshakeTimeout)); err != nil {
		return err
	}
	f, err := d.Next()
	if err != nil {
		return fmt.Errorf("handshake: %w", err)
	}
	if f.Type != FrameHello {
		return fmt.Errorf("handshake: got %s frame, want hello", core.MsgType(f.Type))
	}
	from := f.Hello.From
	if f.Hello.To != t.cfg.ID {
		return fmt.Errorf("handshake from %d: addressed to node %d", from, f.Hello.To)
	}
	t.mu.RLock()
	known := t.peers[from] != nil
	t.mu.RUnlock()
	if !known {
		return fmt.Errorf("handshake: unknown node %d", from)
	}
	if err := c.SetDeadline(time.Now().Add(t.cfg.HandshakeTimeout)); err != nil {
		return err
	}
	if _, err := c.Write(AppendHello(nil, Hello{From: t.cfg.ID, To: from})); err != nil {
		return fmt.Errorf("handshake reply to %d: %w", from, err)
	}
	if err := c.SetDeadline(time.Time{}); err != nil {
		return err
	}
	for {
		f, err := d.Next()
		if err != nil {
			return fmt.Errorf("from %d: %w", from, err)
		}
		if f.Type == FrameHello {
			return fmt.Errorf("from %d: second hello", from)
		}
		m := f.Message
		if m.From != from || m.To != t.cfg.ID {
			return fmt.Errorf("from %d: %s from %d to %d on this connection", from, m.Type, m.From, m.To)
		}
		select {
		case t.recv <- m:
			t.received.Add(1)
		case <-t.ctx.Done():
			return t.ctx.Err()
		}
	}
}
