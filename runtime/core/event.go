package core

// Event is an input to Step: one of ElectionTimeout, HeartbeatTimeout,
// Receive and Propose.
type Event interface {
	isEvent()
}

// ElectionTimeout tells the core its election timer fired: a non-leader
// starts an election for the next term. A leader ignores it.
type ElectionTimeout struct{}

// HeartbeatTimeout tells the core its heartbeat timer fired: a leader sends
// every follower a LogRequest. Other roles ignore it.
type HeartbeatTimeout struct{}

// Receive hands the core a message from a peer.
type Receive struct {
	Msg Message
}

// Propose asks the leader to append Data to the log. The core keeps Data as
// it is; the caller must not modify it afterwards.
type Propose struct {
	Data []byte
}

func (ElectionTimeout) isEvent()  {}
func (HeartbeatTimeout) isEvent() {}
func (Receive) isEvent()          {}
func (Propose) isEvent()          {}
