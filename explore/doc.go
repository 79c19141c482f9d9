// Package explore serves the Explorer: a web page on which a learner steps
// through a model action by action, sees every node's state and the
// messages in flight, which properties hold, and a sequence diagram of the
// path so far, and jumps to the counterexamples and examples the checker
// found.
//
// The server is generic over checker.Model; the page (embedded HTML,
// JavaScript and CSS, no network access) holds no protocol logic and learns
// everything from the JSON API:
//
//	GET  /api/model                  name, nodes, variables, properties
//	GET  /api/state?path=0/2/1       the state at the end of a path, its enabled actions, property status
//	GET  /api/diagram.svg?path=...   the path as an SVG sequence diagram
//	GET  /api/diagram.mmd?path=...   the same as Mermaid text
//	GET  /api/traces                 loaded and computed traces, each with its path
//	POST /api/traces/compute?depth=8 run the checker and add its traces
//
// A path is a list of items separated by "/": each the index of an enabled
// action of the current state (in the model's order) or its label,
// URL-escaped. A bad path is answered 400 with {"error": "..."}.
//
//	srv := explore.New(raftspec.New(), explore.Options{Name: "raft"})
//	http.ListenAndServe("127.0.0.1:3000", srv.Handler())
package explore
