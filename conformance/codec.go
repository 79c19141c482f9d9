package conformance

import (
	"fmt"

	"github.com/rspec/rspec/generated/raftspec"
	"github.com/rspec/rspec/runtime/core"
)

// N is the number of nodes: the spec's servers s0..s(N-1) are the runtime's
// nodes 1..N.
const N = raftspec.N

// IDs are the runtime ids of the cluster, in ascending order.
var IDs = func() []core.ID {
	ids := make([]core.ID, N)
	for i := range ids {
		ids[i] = core.ID(i + 1)
	}
	return ids
}()

// NodeID returns the runtime id of spec server s.
func NodeID(s raftspec.Server) core.ID { return core.ID(s) + 1 }

// ServerOf returns the spec server of runtime id id, false when there is
// none.
func ServerOf(id core.ID) (raftspec.Server, bool) {
	if id < 1 || id > N {
		return 0, false
	}
	return raftspec.Server(id - 1), true
}

// Data returns the entry data that stands for spec value v: one byte, v.
func Data(v raftspec.Value) []byte { return []byte{byte(v)} }

// ValueOf returns the spec value that entry data stands for, false when the
// data is not the encoding of a value.
func ValueOf(data []byte) (raftspec.Value, bool) {
	if len(data) != 1 || int(data[0]) >= raftspec.NumValues {
		return 0, false
	}
	return raftspec.Value(data[0]), true
}

// EntryOf returns the runtime entry of a spec entry: an entry without a
// value is a leader's no-op entry.
func EntryOf(e raftspec.Entry) core.Entry {
	if e.Value == 0 {
		return core.Entry{Term: uint64(e.Term), Type: core.EntryNoop}
	}
	return core.Entry{Term: uint64(e.Term), Data: Data(raftspec.Value(e.Value - 1))}
}

// entryValue returns the spec's option Value of runtime entry e: none for
// a no-op entry, some(v) for data that encodes v.
func entryValue(e core.Entry) (uint8, error) {
	if e.Type == core.EntryNoop {
		if len(e.Data) > 0 {
			return 0, fmt.Errorf("no-op entry with data %q", e.Data)
		}
		return 0, nil
	}
	v, ok := ValueOf(e.Data)
	if e.Type != core.EntryNormal || !ok {
		return 0, fmt.Errorf("entry of type %d with data %q encodes no spec value", e.Type, e.Data)
	}
	return uint8(v) + 1, nil
}

// optServer is the spec's encoding of an option Server: 0 for none, s+1 for
// some(s).
func optServer(id core.ID) (uint8, error) {
	if id == core.None {
		return 0, nil
	}
	s, ok := ServerOf(id)
	if !ok {
		return 0, fmt.Errorf("node id %d is not a spec server", id)
	}
	return uint8(s) + 1, nil
}

// server returns the spec server of id, or an error naming what holds it.
func server(id core.ID, what string) (raftspec.Server, error) {
	s, ok := ServerOf(id)
	if !ok {
		return 0, fmt.Errorf("%s: node id %d is not a spec server", what, id)
	}
	return s, nil
}

// term returns t as a spec Term, or an error when it is out of the spec's
// range.
func term(t uint64, what string) (raftspec.Term, error) {
	if t > raftspec.MaxTerm {
		return 0, fmt.Errorf("%s: term %d out of the spec's range 0..%d", what, t, raftspec.MaxTerm)
	}
	return raftspec.Term(t), nil
}

// length returns n as a spec Length, or an error when it is out of range.
func length(n uint64, what string) (raftspec.Length, error) {
	if n > raftspec.MaxLog {
		return 0, fmt.Errorf("%s: length %d out of the spec's range 0..%d", what, n, raftspec.MaxLog)
	}
	return raftspec.Length(n), nil
}

// entries returns es as a spec sequence of entries.
func entries(es []core.Entry, what string) (raftspec.EntrySeq, error) {
	var q raftspec.EntrySeq
	if len(es) > len(q.Elems) {
		return q, fmt.Errorf("%s: %d entries, the spec holds at most %d", what, len(es), len(q.Elems))
	}
	for i, e := range es {
		t, err := term(e.Term, what)
		if err != nil {
			return q, err
		}
		v, err := entryValue(e)
		if err != nil {
			return q, fmt.Errorf("%s: entry %d: %w", what, i+1, err)
		}
		q.Elems[i] = raftspec.Entry{Term: t, Value: v}
	}
	q.Len = uint8(len(es))
	return q, nil
}

// MsgOf returns the spec message a runtime message stands for. Fields that
// the message's type does not use are ignored, as the core ignores them.
func MsgOf(m core.Message) (raftspec.Msg, error) {
	var out raftspec.Msg
	var err error
	if out.From, err = server(m.From, "sender"); err != nil {
		return out, err
	}
	if out.To, err = server(m.To, "receiver"); err != nil {
		return out, err
	}
	t, err := term(m.Term, m.Type.String())
	if err != nil {
		return out, err
	}
	switch m.Type {
	case core.MsgVoteRequest, core.MsgPreVoteRequest:
		r := raftspec.VoteRequest{Cid: out.From, Cterm: t}
		if r.ClogLength, err = length(m.LogLength, m.Type.String()+".clogLength"); err != nil {
			return out, err
		}
		r.ClogTerm, err = term(m.LogTerm, m.Type.String()+".clogTerm")
		if m.Type == core.MsgVoteRequest {
			out.Tag, out.VoteRequest = raftspec.TagVoteRequest, r
		} else { // the spec declares both with the same fields
			out.Tag, out.PreVoteRequest = raftspec.TagPreVoteRequest, raftspec.PreVoteRequest(r)
		}
	case core.MsgVoteResponse:
		out.Tag = raftspec.TagVoteResponse
		out.VoteResponse = raftspec.VoteResponse{VoterId: out.From, Term: t, Granted: m.Granted}
	case core.MsgPreVoteResponse:
		out.Tag = raftspec.TagPreVoteResponse
		out.PreVoteResponse = raftspec.PreVoteResponse{VoterId: out.From, Term: t, Granted: m.Granted}
	case core.MsgLogRequest:
		out.Tag = raftspec.TagLogRequest
		r := &out.LogRequest
		r.LeaderId, r.Term = out.From, t
		if r.PrefixLen, err = length(m.PrefixLen, "LogRequest.prefixLen"); err != nil {
			return out, err
		}
		if r.PrefixTerm, err = term(m.PrefixTerm, "LogRequest.prefixTerm"); err != nil {
			return out, err
		}
		if r.LeaderCommit, err = length(m.LeaderCommit, "LogRequest.leaderCommit"); err != nil {
			return out, err
		}
		r.Suffix, err = entries(m.Entries, "LogRequest.suffix")
	case core.MsgLogResponse:
		out.Tag = raftspec.TagLogResponse
		r := &out.LogResponse
		r.Follower, r.Term, r.Success = out.From, t, m.Success
		r.Ack, err = length(m.Ack, "LogResponse.ack")
	default:
		err = fmt.Errorf("message type %d has no spec counterpart", uint8(m.Type))
	}
	return out, err
}

// MessageOf returns the runtime message of a spec message, as the core
// would send it.
func MessageOf(m raftspec.Msg) core.Message {
	out := core.Message{From: NodeID(m.From), To: NodeID(m.To)}
	switch m.Tag {
	case raftspec.TagVoteRequest:
		r := m.VoteRequest
		out.Type, out.Term = core.MsgVoteRequest, uint64(r.Cterm)
		out.LogLength, out.LogTerm = uint64(r.ClogLength), uint64(r.ClogTerm)
	case raftspec.TagVoteResponse:
		r := m.VoteResponse
		out.Type, out.Term, out.Granted = core.MsgVoteResponse, uint64(r.Term), r.Granted
	case raftspec.TagPreVoteRequest:
		r := m.PreVoteRequest
		out.Type, out.Term = core.MsgPreVoteRequest, uint64(r.Cterm)
		out.LogLength, out.LogTerm = uint64(r.ClogLength), uint64(r.ClogTerm)
	case raftspec.TagPreVoteResponse:
		r := m.PreVoteResponse
		out.Type, out.Term, out.Granted = core.MsgPreVoteResponse, uint64(r.Term), r.Granted
	case raftspec.TagLogRequest:
		r := m.LogRequest
		out.Type, out.Term = core.MsgLogRequest, uint64(r.Term)
		out.PrefixLen, out.PrefixTerm, out.LeaderCommit = uint64(r.PrefixLen), uint64(r.PrefixTerm), uint64(r.LeaderCommit)
		for _, e := range r.Suffix.Items() {
			out.Entries = append(out.Entries, EntryOf(e))
		}
	case raftspec.TagLogResponse:
		r := m.LogResponse
		out.Type, out.Term, out.Ack, out.Success = core.MsgLogResponse, uint64(r.Term), uint64(r.Ack), r.Success
	}
	return out
}
