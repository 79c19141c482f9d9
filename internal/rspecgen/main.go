// Command rspecgen compiles an RSL spec into a Go package. It is what
// //go:generate runs in generated/raftspec, and it imports only the parser,
// ir and codegen, so that it builds even while the generated package it
// rewrites is stale or broken.
//
//	go run github.com/rspec/rspec/internal/rspecgen -o . -p raftspec ../../spec/raft.rsl
package main

import (
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/rspec/rspec/codegen"
	"github.com/rspec/rspec/ir"
	"github.com/rspec/rspec/parser"
)

// defines collects repeated -D NAME=VALUE flags; ir.ParseOverrides reads
// them as rspec's own -D does.
type defines []string

func (d *defines) String() string { return strings.Join(*d, " ") }

func (d *defines) Set(s string) error {
	*d = append(*d, s)
	return nil
}

func main() {
	out := flag.String("o", ".", "output directory")
	pkg := flag.String("p", "", "package name (default <spec>spec)")
	var defs defines
	flag.Var(&defs, "D", "override a constant: -D NAME=VALUE (repeatable)")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: rspecgen [-o DIR] [-p PACKAGE] [-D NAME=VALUE ...] SPEC.rsl")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() != 1 {
		flag.Usage()
		os.Exit(2)
	}
	consts, err := ir.ParseOverrides(defs)
	if err != nil {
		fmt.Fprintln(os.Stderr, "rspecgen:", err)
		os.Exit(2)
	}
	if err := gen(flag.Arg(0), *out, *pkg, consts); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func gen(path, out, pkg string, consts map[string]int64) error {
	src, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	source := codegen.SourcePath(path)
	f, err := parser.Parse(source, src)
	if err != nil {
		return err
	}
	spec, err := ir.Check(f, consts)
	if err != nil {
		return err
	}
	_, err = codegen.WriteDir(spec, out, codegen.Options{Package: pkg, Source: source})
	return err
}
