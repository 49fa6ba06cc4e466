package chart

import (
	"bytes"
	"strconv"
	"strings"
)

// write writes the svg element of a laid-out chart.
//
// Every text anchors at its start (SVG's default text-anchor), and the svg
// sets the direction, which text inherits: right to left, a text's start is
// its right end, so labels align on the right edge and a value begins just
// left of its bar. Direction is written for left to right too, since an
// inline svg otherwise inherits the page's rtl. Each label and value is a
// text element of its own, a bidi paragraph of its own, so that a Latin
// label or a Western number cannot reorder with its neighbours.
func write(b *bytes.Buffer, c checked, l layout) {
	dir, role := "rtl", "img"
	if !c.rtl {
		dir = "ltr"
	}
	if c.linked {
		role = "group"
	}
	b.WriteString(`<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 `)
	b.WriteString(strconv.Itoa(l.width) + " " + strconv.Itoa(l.height))
	b.WriteString(`" width="100%" role="` + role + `" aria-labelledby="` + c.id + `-t" font-size="`)
	b.WriteString(strconv.Itoa(fontSize) + `" direction="` + dir + `">`)
	b.WriteString(`<title id="` + c.id + `-t">`)
	textEscaper.WriteString(b, c.title)
	b.WriteString("</title>\n")

	// x maps a position from the start edge, in tenths, to the drawing's x.
	x := func(s int) string {
		if c.rtl {
			s = l.width*10 - s
		}
		return units(s)
	}
	for i, r := range l.rows {
		bar := c.rows[i]
		top := i * rowPitch * 10
		end := "</g>\n"
		if bar.URL != "" {
			b.WriteString(`<a class="chart-row" href="`)
			attrEscaper.WriteString(b, bar.URL)
			b.WriteString(`">`)
			end = "</a>\n"
		} else {
			b.WriteString(`<g class="chart-row">`)
		}
		b.WriteString("<title>")
		textEscaper.WriteString(b, bar.Label+": "+bar.Shown)
		b.WriteString("</title>")
		if bar.URL != "" {
			b.WriteString(`<rect class="chart-hit" y="` + units(top) + `" width="` + strconv.Itoa(l.width))
			b.WriteString(`" height="` + strconv.Itoa(rowPitch) + `" fill="none" pointer-events="all"/>`)
		}
		if r.bar > 0 {
			start := l.barX
			if c.rtl {
				start += r.bar // the bar's left end, right to left
			}
			b.WriteString(`<rect class="chart-bar" x="` + x(start) + `" y="` + units(top+(rowPitch-barHeight)*5))
			b.WriteString(`" width="` + units(r.bar) + `" height="` + strconv.Itoa(barHeight) + `"/>`)
		}
		y := units(top + baseline*10)
		b.WriteString(`<text class="chart-label" x="` + x(l.labelX) + `" y="` + y + `">`)
		textEscaper.WriteString(b, r.label)
		b.WriteString(`</text><text class="chart-value" x="` + x(r.valueX) + `" y="` + y + `">`)
		textEscaper.WriteString(b, bar.Shown)
		b.WriteString("</text>" + end)
	}
	b.WriteString("</svg>")
}

// units writes a length in tenths of a unit as user units, with one
// decimal only when it is not whole.
func units(t int) string {
	s := strconv.Itoa(t / 10)
	if t%10 != 0 {
		s += "." + strconv.Itoa(t%10)
	}
	return s
}

// The escapers of text content and of double-quoted attribute values,
// valid in XML and in HTML's foreign content alike.
var (
	textEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")
	attrEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;")
)
