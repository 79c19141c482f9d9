// Package run is the command-line face of the checker: the flags of
// `rspec check`, and a Run function that checks a model with them and prints
// progress, the report, traces and an exit code.
//
// `rspec check` calls Run on the model compiled into the binary. For any other
// spec it generates a package into a cache directory with a main that calls
// Main, builds it with the Go toolchain and runs it with the same flags, so
// both paths behave the same.
//
//	func main() { os.Exit(run.Main(raftspec.New(), os.Args[1:])) }
package run
