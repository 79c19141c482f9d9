package diagram

import (
	"fmt"
	"strings"

	"github.com/rspec/rspec/checker"
)

// Mermaid renders d as a Mermaid sequenceDiagram. Mermaid draws a message
// as one instant arrow, so a message appears when it is delivered (or
// dropped); messages still in flight at the end appear last, dashed.
func Mermaid(d *Diagram) string {
	var b strings.Builder
	b.WriteString("sequenceDiagram\n")
	if d.Title != "" {
		fmt.Fprintf(&b, "    title %s\n", mmdText(d.Title))
	}
	for _, n := range d.Nodes {
		fmt.Fprintf(&b, "    participant %s\n", mmdID(n))
	}
	for i, s := range d.Steps {
		if i == 0 {
			continue
		}
		wrote := false
		for _, e := range s.Events {
			text := e.Detail
			if text == "" {
				text = e.Label
			}
			text = strings.TrimSuffix(text, " "+e.From+"->"+e.To)
			switch e.Kind {
			case checker.EventDeliver:
				fmt.Fprintf(&b, "    %s->>%s: %d. %s\n", mmdID(e.From), mmdID(e.To), i, mmdText(text))
				wrote = true
			case checker.EventDrop:
				fmt.Fprintf(&b, "    %s-x%s: %d. dropped %s\n", mmdID(e.From), mmdID(e.To), i, mmdText(text))
				wrote = true
			case checker.EventLocal, checker.EventCrash:
				if e.From == "" {
					continue
				}
				fmt.Fprintf(&b, "    Note over %s: %d. %s\n", mmdID(e.From), i, mmdText(s.Label))
				wrote = true
			}
		}
		if !wrote && len(d.Nodes) > 0 {
			fmt.Fprintf(&b, "    Note over %s,%s: %d. %s\n", mmdID(d.Nodes[0]), mmdID(d.Nodes[len(d.Nodes)-1]), i, mmdText(s.Label))
		}
		for _, m := range s.Marks {
			fmt.Fprintf(&b, "    Note right of %s: %s%s\n", mmdID(m.Node), markIcon(m.Kind), mmdText(m.Text))
		}
		if s.Fault != "" && len(d.Nodes) > 0 {
			fmt.Fprintf(&b, "    Note over %s,%s: fault: %s\n", mmdID(d.Nodes[0]), mmdID(d.Nodes[len(d.Nodes)-1]), mmdText(s.Fault))
		}
	}
	for _, a := range arrows(d) {
		if a.kind != checker.EventSend {
			continue
		}
		text := strings.TrimSuffix(a.detail, " "+a.from+"->"+a.to)
		if text == "" {
			text = a.label
		}
		fmt.Fprintf(&b, "    %s--)%s: in flight since %d: %s\n", mmdID(a.from), mmdID(a.to), a.sent, mmdText(text))
	}
	return b.String()
}

// mmdID makes a participant name Mermaid accepts.
func mmdID(s string) string {
	if s == "" {
		return "env"
	}
	return strings.Map(func(r rune) rune {
		if r == '-' || r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' {
			return r
		}
		return '_'
	}, s)
}

// mmdText escapes the characters that end or break a Mermaid statement.
var mmdText = strings.NewReplacer(";", "#59;", "#", "#35;", "\n", " ", "\r", " ").Replace
