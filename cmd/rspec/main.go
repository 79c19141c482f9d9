// Command rspec compiles RSL protocol specs to Go, model-checks them, and
// holds a hand-written Raft node to the spec trace by trace.
package main

import "os"

func main() { os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)) }
