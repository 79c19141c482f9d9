package codegen

import (
	"strings"
	"unicode"

	"github.com/rspec/rspec/ir"
)

// upper returns s with its first letter in upper case.
func upper(s string) string {
	if s == "" {
		return s
	}
	r := []rune(s)
	r[0] = unicode.ToUpper(r[0])
	return string(r)
}

// funcName is the Go function compiled from a spec function.
func funcName(f *ir.Func) string { return "fn" + upper(goOr(f.GoName, f.Name)) }

// procName is the exec method compiled from a procedure.
func procName(p *ir.Proc) string { return "proc" + upper(goOr(p.GoName, p.Name)) }

// actName is the exec method compiled from an action's body.
func actName(a *ir.Action) string { return "act" + upper(actionID(a)) }

// guardName is the function holding an action's leading requires.
func guardName(a *ir.Action) string { return "guard" + upper(actionID(a)) }

// kindName is the ActionKind constant of an action.
func kindName(a *ir.Action) string { return "Action" + upper(actionID(a)) }

// propName is the predicate function of a property.
func propName(p *ir.Property) string { return "prop" + upper(goOr(p.GoName, p.Name)) }

// tagName is the MsgTag constant of a message type.
func tagName(r *ir.Record) string { return "Tag" + goName(r.Type) }

// actionID is the Go name of an action; receive handlers are named after
// their message (OnVoteRequest).
func actionID(a *ir.Action) string {
	if a.GoName != "" {
		return a.GoName
	}
	if a.Kind == ir.ActionReceive {
		return "On" + a.Msg.Name
	}
	return a.Name
}

// label is the name an action shows in traces.
func label(a *ir.Action) string {
	if a.Kind == ir.ActionReceive {
		return "Deliver"
	}
	return a.Name
}

func goOr(goName, name string) string {
	if goName != "" {
		return goName
	}
	return name
}

// domainPrefix is how values of a domain print: Server -> "s", as in s0, s1.
func domainPrefix(t *ir.Type) string {
	if t.Name == "" {
		return ""
	}
	return strings.ToLower(t.Name[:1])
}
