package diagram

import (
	"fmt"
	"strings"

	"github.com/rspec/rspec/checker"
)

// Layout of the SVG, in pixels.
const (
	laneW   = 150 // width of one node's lane
	marginL = 260 // the step labels' column
	marginT = 78  // the title and the lane headers
	rowH    = 34  // one step
	marginB = 30
	charW   = 6.6 // average width of a 11px character, to size boxes
)

// palette colours message types in order of first appearance.
var palette = []string{"#2563eb", "#16a34a", "#d97706", "#9333ea", "#0891b2", "#db2777"}

// arrow is one message drawn from its send to its delivery or drop.
type arrow struct {
	from, to    string
	sent, ended int // steps; ended is -1 while in flight
	label       string
	detail      string
	kind        checker.EventKind // deliver, drop, or send (still in flight)
	colour      int
}

// arrows pairs each delivery or drop with the earliest pending send of the
// same message; a delivery with no send on the trace starts at its own step.
func arrows(d *Diagram) []arrow {
	pending := map[string][]int{}
	colours := map[string]int{}
	var out []arrow
	colour := func(label string) int {
		c, ok := colours[label]
		if !ok {
			c = len(colours) % len(palette)
			colours[label] = c
		}
		return c
	}
	for i, s := range d.Steps {
		for _, e := range s.Events {
			key := e.Detail
			if key == "" {
				key = e.Label + " " + e.From + "->" + e.To
			}
			switch e.Kind {
			case checker.EventSend:
				pending[key] = append(pending[key], len(out))
				out = append(out, arrow{from: e.From, to: e.To, sent: i, ended: -1, label: e.Label, detail: e.Detail, kind: checker.EventSend, colour: colour(e.Label)})
			case checker.EventDeliver, checker.EventDrop:
				if q := pending[key]; len(q) > 0 {
					a := &out[q[0]]
					pending[key] = q[1:]
					a.ended, a.kind = i, e.Kind
					continue
				}
				out = append(out, arrow{from: e.From, to: e.To, sent: i, ended: i, label: e.Label, detail: e.Detail, kind: e.Kind, colour: colour(e.Label)})
			}
		}
	}
	return out
}

// SVG renders d as a standalone SVG document. Each step is a group with a
// data-step attribute (its index) so that a page can make rows clickable.
func SVG(d *Diagram) string {
	var b strings.Builder
	lanes := map[string]int{}
	for i, n := range d.Nodes {
		lanes[n] = i
	}
	laneX := func(n string) float64 {
		i, ok := lanes[n]
		if !ok {
			return marginL - 12 // an action at no node: beside the labels
		}
		return float64(marginL + i*laneW + laneW/2)
	}
	rowY := func(i int) float64 { return float64(marginT + i*rowH + rowH/2) }
	arrs := arrows(d)
	rows := len(d.Steps)
	for _, a := range arrs {
		if a.kind == checker.EventSend {
			rows = len(d.Steps) + 1 // a last row where messages in flight end
			break
		}
	}
	w := marginL + len(d.Nodes)*laneW + 20
	h := marginT + rows*rowH + marginB
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" class="seq" width="%d" height="%d" viewBox="0 0 %d %d" font-family="system-ui, -apple-system, Segoe UI, Helvetica, Arial, sans-serif" font-size="11">`+"\n", w, h, w, h)
	b.WriteString(svgStyle)
	b.WriteString("<defs>")
	for i, c := range palette {
		fmt.Fprintf(&b, `<marker id="arr%d" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="%s"/></marker>`, i, c)
	}
	b.WriteString(`<marker id="arrgrey" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#9ca3af"/></marker>`)
	b.WriteString("</defs>\n")
	fmt.Fprintf(&b, `<rect width="%d" height="%d" fill="#ffffff"/>`+"\n", w, h)
	if d.Title != "" {
		fmt.Fprintf(&b, `<text class="title" x="12" y="22">%s</text>`+"\n", esc(d.Title))
	}

	// Rows: a band per step with its number and label.
	for i := range d.Steps {
		y := marginT + i*rowH
		cls := "row"
		if i%2 == 1 {
			cls = "row odd"
		}
		fmt.Fprintf(&b, `<g class="step" data-step="%d"><title>%s</title><rect class="%s" x="0" y="%d" width="%d" height="%d"/>`, i, esc(stepTitle(d, i)), cls, y, w, rowH)
		fmt.Fprintf(&b, `<text class="num" x="30" y="%.0f" text-anchor="end">%d</text>`, rowY(i)+4, i)
		fmt.Fprintf(&b, `<text class="lbl" x="38" y="%.0f">%s</text></g>`+"\n", rowY(i)+4, esc(truncate(d.ShortLabel(i), 36)))
	}

	if rows > len(d.Steps) {
		fmt.Fprintf(&b, `<text class="pending" x="38" y="%.0f">in flight</text>`+"\n", rowY(len(d.Steps))+4)
	}

	// Lanes: a header and a line per node.
	for _, n := range d.Nodes {
		x := laneX(n)
		fmt.Fprintf(&b, `<line class="lane" x1="%.0f" y1="%d" x2="%.0f" y2="%d"/>`, x, marginT-10, x, h-marginB+10)
		fmt.Fprintf(&b, `<rect class="head" x="%.0f" y="%d" width="76" height="26" rx="6"/><text class="headtxt" x="%.0f" y="%d" text-anchor="middle">%s</text>`+"\n", x-38, marginT-40, x, marginT-22, esc(n))
	}

	// Messages.
	for _, a := range arrs {
		x1, y1 := laneX(a.from), rowY(a.sent)
		end := a.ended
		if end < 0 {
			end = len(d.Steps)
		}
		x2, y2 := laneX(a.to), rowY(end)
		col := palette[a.colour]
		title := a.detail
		if title == "" {
			title = a.label + " " + a.from + "→" + a.to
		}
		switch a.kind {
		case checker.EventSend: // still in flight
			title += " (in flight)"
			fmt.Fprintf(&b, `<g class="msg inflight"><title>%s</title><line x1="%.0f" y1="%.0f" x2="%.0f" y2="%.0f" stroke="#9ca3af" stroke-dasharray="5 4" marker-end="url(#arrgrey)"/>`, esc(title), x1, y1, x2, y2)
		case checker.EventDrop:
			mx, my := (x1+x2)/2, (y1+y2)/2
			fmt.Fprintf(&b, `<g class="msg dropped"><title>%s (dropped)</title><line x1="%.0f" y1="%.0f" x2="%.0f" y2="%.0f" stroke="%s" stroke-dasharray="2 3"/>`, esc(title), x1, y1, mx, my, col)
			fmt.Fprintf(&b, `<path d="M%.0f,%.0f l8,8 m0,-8 l-8,8" stroke="#dc2626" stroke-width="2"/>`, mx-4, my-4)
		default:
			fmt.Fprintf(&b, `<g class="msg"><title>%s</title><line x1="%.0f" y1="%.0f" x2="%.0f" y2="%.0f" stroke="%s" stroke-width="1.6" marker-end="url(#arr%d)"/>`, esc(title), x1, y1, x2, y2, col, a.colour)
		}
		lx, ly := x1+(x2-x1)*0.5, y1+(y2-y1)*0.5-4
		if a.kind == checker.EventDrop {
			lx, ly = x1+(x2-x1)*0.25, y1+(y2-y1)*0.25-4
		}
		if a.kind == checker.EventSend {
			col = "#9ca3af"
		}
		fmt.Fprintf(&b, `<text class="msglbl" x="%.0f" y="%.0f" text-anchor="middle" fill="%s">%s</text></g>`+"\n", lx, ly, col, esc(a.label))
	}

	// Local actions, crashes and marks, on top of the arrows.
	for i, s := range d.Steps {
		y := rowY(i)
		halfW := map[string]float64{}
		for _, e := range s.Events {
			if e.Kind != checker.EventLocal && e.Kind != checker.EventCrash {
				continue
			}
			text := e.Label
			cls := "local"
			if e.Kind == checker.EventCrash {
				text, cls = "✕ "+e.Label, "crash"
			}
			bw := float64(len([]rune(text)))*charW + 14
			x := laneX(e.From)
			halfW[e.From] = bw / 2
			fmt.Fprintf(&b, `<g class="%s"><rect x="%.0f" y="%.0f" width="%.0f" height="20" rx="4"/><text x="%.0f" y="%.0f" text-anchor="middle">%s</text></g>`+"\n", cls, x-bw/2, y-10, bw, x, y+4, esc(text))
		}
		off := map[string]float64{}
		for _, m := range s.Marks {
			x := laneX(m.Node) + max(halfW[m.Node], 8) + 6 + off[m.Node]
			text := markIcon(m.Kind) + m.Text
			bw := float64(len([]rune(text)))*charW + 10
			off[m.Node] += bw + 4
			fmt.Fprintf(&b, `<g class="mark %s"><rect x="%.0f" y="%.0f" width="%.0f" height="18" rx="9"/><text x="%.0f" y="%.0f">%s</text></g>`+"\n", esc(m.Kind), x, y-9, bw, x+5, y+4, esc(text))
		}
		if s.Fault != "" {
			fmt.Fprintf(&b, `<text class="fault" x="%d" y="%.0f">fault: %s</text>`+"\n", marginL, y+4, esc(truncate(s.Fault, 80)))
		}
	}
	b.WriteString("</svg>\n")
	return b.String()
}

const svgStyle = `<style>
.title{font-size:14px;font-weight:600;fill:#111827}
.row{fill:#ffffff}.row.odd{fill:#f8fafc}
.step .num{fill:#9ca3af}.step .lbl{fill:#374151}
.lane{stroke:#cbd5e1;stroke-width:2}
.head{fill:#1f2937}.headtxt{fill:#ffffff;font-weight:600;font-size:12px}
.msglbl{font-size:10px;paint-order:stroke;stroke:#ffffff;stroke-width:3px}
.local rect{fill:#e0e7ff;stroke:#6366f1}.local text{fill:#312e81}
.crash rect{fill:#fee2e2;stroke:#dc2626}.crash text{fill:#991b1b;font-weight:600}
.mark rect{fill:#f3f4f6;stroke:#9ca3af}.mark text{fill:#111827;font-weight:600}
.mark.leader rect{fill:#fef3c7;stroke:#d97706}.mark.commit rect{fill:#dcfce7;stroke:#16a34a}
.fault{fill:#dc2626;font-weight:600}
.pending{fill:#9ca3af;font-style:italic}
</style>
`

func markIcon(kind string) string {
	switch kind {
	case "leader":
		return "★ "
	case "commit":
		return "✓ "
	}
	return ""
}

// stepTitle is the tooltip of step i: its number and full label.
func stepTitle(d *Diagram, i int) string {
	s := d.Steps[i]
	t := fmt.Sprintf("%d. %s", i, s.Label)
	for _, m := range s.Marks {
		t += "\n" + m.Node + ": " + m.Text
	}
	if s.Fault != "" {
		t += "\nfault: " + s.Fault
	}
	return t
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

var escaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;")

func esc(s string) string { return escaper.Replace(s) }
