package core

// ID names a node. IDs are chosen by the application and must be non-zero;
// the zero ID means "nobody" (no vote cast, no known leader).
type ID uint64

// None is the zero ID: no vote, no leader.
const None ID = 0

// Entry is one record of the replicated log. Its index is its position in the
// log counted from 1 (the log length just after it was appended).
type Entry struct {
	Term uint64
	Data []byte
	Type EntryType
}

// EntryType says what an entry is for.
type EntryType uint8

// The entry types. A leader appends one EntryNoop, with no data, when it is
// elected (Raft paper section 8): committing it commits every earlier entry
// without waiting for a client. Applications skip it.
const (
	EntryNormal EntryType = 0 // an application's proposal
	EntryNoop   EntryType = 1 // a new leader's empty entry
)

// HardState is the part of a node's protocol state that must survive a crash
// besides the log: the current term and the vote cast in it.
type HardState struct {
	Term     uint64
	VotedFor ID
}

// MsgType identifies the messages of the protocol.
type MsgType uint8

// The protocol's messages, named as in Kleppmann's formulation of Raft.
const (
	MsgVoteRequest  MsgType = 1 // candidate From asks To for a vote in Term
	MsgVoteResponse MsgType = 2 // voter From answers candidate To
	MsgLogRequest   MsgType = 3 // leader From sends log entries to follower To
	MsgLogResponse  MsgType = 4 // follower From acknowledges to leader To

	MsgPreVoteRequest  MsgType = 5 // pre-candidate From asks To whether it would vote for it in Term
	MsgPreVoteResponse MsgType = 6 // From answers pre-candidate To
)

// String returns the message type's name as the spec writes it.
func (t MsgType) String() string {
	switch t {
	case MsgVoteRequest:
		return "VoteRequest"
	case MsgVoteResponse:
		return "VoteResponse"
	case MsgLogRequest:
		return "LogRequest"
	case MsgLogResponse:
		return "LogResponse"
	case MsgPreVoteRequest:
		return "PreVoteRequest"
	case MsgPreVoteResponse:
		return "PreVoteResponse"
	}
	return "MsgType(?)"
}

// Message is one protocol message. It is a flat union: which fields are
// meaningful depends on Type, as listed beside each field. The sender's id
// (Kleppmann's cId, voterId, leaderId and follower) is always From.
type Message struct {
	Type MsgType
	From ID
	To   ID
	Term uint64 // all types: cTerm, term

	LogLength uint64 // VoteRequest, PreVoteRequest: cLogLength
	LogTerm   uint64 // VoteRequest, PreVoteRequest: cLogTerm

	Granted bool // VoteResponse, PreVoteResponse

	PrefixLen    uint64  // LogRequest
	PrefixTerm   uint64  // LogRequest
	LeaderCommit uint64  // LogRequest
	Entries      []Entry // LogRequest: the suffix

	Ack     uint64 // LogResponse
	Success bool   // LogResponse
}
