package raft

import "sync"

// outbox queues committed entries between the event loop, which must never
// block on a slow application, and the Committed channel.
type outbox struct {
	c    chan Entry
	mu   sync.Mutex
	q    []Entry
	wake chan struct{} // holds a token while q may be non-empty
}

func newOutbox() *outbox {
	return &outbox{c: make(chan Entry), wake: make(chan struct{}, 1)}
}

// push queues es; the outbox keeps the slice.
func (o *outbox) push(es []Entry) {
	o.mu.Lock()
	o.q = append(o.q, es...)
	o.mu.Unlock()
	select {
	case o.wake <- struct{}{}:
	default:
	}
}

// run sends queued entries on c, in order, until stop is closed; then it
// closes c.
func (o *outbox) run(wg *sync.WaitGroup, stop <-chan struct{}) {
	defer wg.Done()
	defer close(o.c)
	for {
		o.mu.Lock()
		batch := o.q
		o.q = nil
		o.mu.Unlock()
		for _, e := range batch {
			select {
			case o.c <- e:
			case <-stop:
				return
			}
		}
		if len(batch) == 0 {
			select {
			case <-o.wake:
			case <-stop:
				return
			}
		}
	}
}

// close closes c for a node that never ran.
func (o *outbox) close() { close(o.c) }
