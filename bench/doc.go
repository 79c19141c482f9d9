// Command bench measures rspec's Raft runtime against hashicorp/raft, side
// by side in one process: a 3-node cluster of each on loopback TCP, every
// node persisting to its own directory with fsync on, driven by the same
// closed-loop load of 64-byte proposals with a fixed number in flight.
//
// The systems, run one after another in each round:
//
//	rspec                  runtime/raft Nodes, FileStorage, the TCP transport
//	hashicorp              hashicorp/raft v1.7.3, raft-boltdb/v2 (NoSync false),
//	                       NetworkTransport over TCP, DefaultConfig
//	hashicorp+logcache     the same with the log store behind a 512-entry
//	                       raft.NewLogCache, as Consul runs it
//
// For each it prints committed proposals per second, the p50 and p99 of the
// time from a proposal's submission at the leader to its commit, and the
// ratio of rspec's figures to each hashicorp variant's. Run it from this
// directory, which is a module of its own so that the main module never
// depends on another Raft library:
//
//	cd bench && go run .
//	go run . -inflight 64 -duration 20s -rounds 3
//	go run . -count 200000 -systems rspec,hashicorp+logcache
//
// See README.md for the flags and how to read the figures.
package main
