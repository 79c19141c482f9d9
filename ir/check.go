package ir

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/rspec/rspec/parser"
)

// Check resolves and type-checks a parsed spec and lowers it to a *Spec.
// consts overrides constants by name (the -D flags of the CLI); a bool
// constant takes 0 or 1. The phases run in a fixed order: collect
// declarations, evaluate constants, resolve types, check declarations and
// bodies, check call graphs, lower.
//
// The error, if any, is a parser.ErrorList sorted by position. The Spec is
// returned even then, incomplete, so that callers can print its Warnings;
// it must not be used for anything else.
func Check(f *parser.File, consts map[string]int64) (*Spec, error) {
	c := newChecker(f, consts)
	c.collect()
	c.evalConsts()
	c.resolveTypes()
	c.checkDecls()
	c.checkBodies()
	c.checkGraphs()
	c.lower()
	c.errs.Sort()
	sortErrors(c.spec.Warnings)
	return c.spec, c.errs.Err()
}

// checker holds the state of one Check.
type checker struct {
	file      *parser.File
	overrides map[string]int64
	spec      *Spec
	errs      parser.ErrorList

	objs  map[string]*object // the spec scope
	order []*object          // spec objects in declaration order

	netDecl   *parser.NetworkDecl
	crashDecl *parser.CrashDecl

	funcs        map[*Func]*funcInfo
	procs        map[*Proc]*procInfo
	actionBodies map[*Action]*bodyState
	nodeType     *Type // the node domain of the network, else of crashes; nil when neither

	body  *bodyState // the body being checked
	later []func()   // checks deferred until every type is resolved

	callSites []callSite // calls of functions, checked once the call graph is known
}

func newChecker(f *parser.File, consts map[string]int64) *checker {
	name := filepath.Base(f.Name)
	name = strings.TrimSuffix(name, filepath.Ext(name))
	return &checker{
		file:         f,
		overrides:    consts,
		spec:         &Spec{Name: name, File: f.Name, Source: f.Source},
		objs:         map[string]*object{},
		funcs:        map[*Func]*funcInfo{},
		procs:        map[*Proc]*procInfo{},
		actionBodies: map[*Action]*bodyState{},
	}
}

func (c *checker) errorf(pos Pos, format string, args ...any) {
	c.errs.Add(pos, format, args...)
}

func (c *checker) warnf(pos Pos, format string, args ...any) {
	c.spec.Warnings = append(c.spec.Warnings, &Error{Pos: pos, Msg: fmt.Sprintf(format, args...)})
}

func sortErrors(l []*Error) { parser.ErrorList(l).Sort() }
