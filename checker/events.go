package checker

// EventKind says what happened to a node or a message in one step.
type EventKind string

const (
	// EventSend is a message put into the network, From its sender To its
	// receiver.
	EventSend EventKind = "send"
	// EventDeliver is a message taken out of the network and handled by To.
	EventDeliver EventKind = "deliver"
	// EventDrop is a message the network lost.
	EventDrop EventKind = "drop"
	// EventLocal is an action that runs at node From without a message, such
	// as a timeout or a client request.
	EventLocal EventKind = "local"
	// EventCrash is node From crashing and restarting.
	EventCrash EventKind = "crash"
)

// Event is one thing that happened in a step, for pictures of traces such as
// sequence diagrams. Nodes are named as traces show them ("s0").
type Event struct {
	Kind EventKind `json:"kind"`
	// From is the sender of a message, or the node of a local action or a
	// crash; empty for an action that runs at no node.
	From string `json:"from,omitempty"`
	// To is the receiver of a message.
	To string `json:"to,omitempty"`
	// Label names the event shortly: the message type ("VoteRequest") or the
	// action ("Timeout").
	Label string `json:"label"`
	// Detail is the full text of a message and its channel, as traces show
	// it ("VoteRequest{cid: s0, cterm: 1, ...} s0->s1"); it identifies a
	// message from its send to its delivery.
	Detail string `json:"detail,omitempty"`
}

// Eventer is implemented by models that can say what a step did: which
// messages were sent, delivered or dropped and which node acted or crashed.
// It is optional; tools that draw traces fall back to the labels without it.
type Eventer[S any, A any] interface {
	// Events describes the step from old to next under a, where next is the
	// successor Next wrote. Sends come after the delivery or action that
	// caused them, in the network's order.
	Events(old *S, a A, next *S) []Event
}
