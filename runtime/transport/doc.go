// Package transport carries Raft messages between nodes over TCP.
//
// Messages travel in frames
//
//	magic uint16 | version uint8 | type uint8 | length uint32 | payload | CRC-32C uint32
//
// encoding every field of a core.Message, entries included. DecodeFrame and
// Decoder check the header (magic, version, type, length against a maximum)
// before reading or allocating for the payload, then the checksum, then the
// payload field by field; a bad frame is an error wrapping ErrBadFrame, never
// a panic.
//
// A Transport listens for peers and keeps one outbound connection to each,
// opened with a hello frame naming both ends and redialled with exponential
// backoff and jitter when it breaks. Send never blocks: each peer has a
// bounded queue that drops its oldest message when full, as Raft tolerates
// lost messages and the newest carry the newest state. Inbound messages
// arrive on Recv. An inbound connection that sends a bad frame, or a message
// that does not match its hello, is closed and logged; other connections go
// on. Transports share no global state, so many can run in one process.
//
// A node's driver wires it up as:
//
//	t, err := transport.New(transport.Config{
//		ID:         1,
//		ListenAddr: "127.0.0.1:7001",
//		Peers:      map[core.ID]string{2: "127.0.0.1:7002", 3: "127.0.0.1:7003"},
//	})
//	if err != nil { ... }
//	defer t.Close()
//	t.Send(core.Message{Type: core.MsgVoteRequest, From: 1, To: 2, Term: 5})
//	for m := range t.Recv() { ... } // hand m to the node
package transport
