package core

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// String formats e as term:data, data quoted when it is not plain
// printable text, and a no-op entry as term:noop.
func (e Entry) String() string {
	if e.Type == EntryNoop {
		return strconv.FormatUint(e.Term, 10) + ":noop"
	}
	return strconv.FormatUint(e.Term, 10) + ":" + formatData(e.Data)
}

// String formats m on one line: sender->receiver, type, then the fields its
// type uses, named as in the spec.
func (m Message) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d->%d %s term=%d", m.From, m.To, m.Type, m.Term)
	switch m.Type {
	case MsgVoteRequest, MsgPreVoteRequest:
		fmt.Fprintf(&b, " logLength=%d logTerm=%d", m.LogLength, m.LogTerm)
	case MsgVoteResponse, MsgPreVoteResponse:
		fmt.Fprintf(&b, " granted=%t", m.Granted)
	case MsgLogRequest:
		fmt.Fprintf(&b, " prefixLen=%d prefixTerm=%d leaderCommit=%d suffix=%s",
			m.PrefixLen, m.PrefixTerm, m.LeaderCommit, FormatEntries(m.Entries))
	case MsgLogResponse:
		fmt.Fprintf(&b, " ack=%d success=%t", m.Ack, m.Success)
	}
	return b.String()
}

// FormatEntries formats es as [term:data term:data ...].
func FormatEntries(es []Entry) string {
	var b strings.Builder
	b.WriteByte('[')
	for i, e := range es {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(e.String())
	}
	b.WriteByte(']')
	return b.String()
}

// formatData returns data as it is when it is a non-empty run of printable,
// non-space characters without quotes or brackets, and quoted otherwise.
func formatData(data []byte) string {
	s := string(data)
	plain := s != "" && utf8.ValidString(s)
	for _, r := range s {
		if !unicode.IsPrint(r) || unicode.IsSpace(r) || strings.ContainsRune(`"[]`, r) {
			plain = false
			break
		}
	}
	if plain {
		return s
	}
	return strconv.Quote(s)
}
