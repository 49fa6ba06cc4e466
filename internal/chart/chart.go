// Package chart draws horizontal bar charts as SVG at build time, to inline
// in a page: articles per region, per facility type or per year on the
// statistics page and on each region page. It draws and does nothing else:
// counting belongs to the caller, and the accessible table of the same
// numbers that follows each chart belongs to the template.
//
// A chart reads in the direction of the page's text. Right to left (the
// default) the category label stands at the right edge, the bars grow from
// a common right edge towards the left and each value follows the end of
// its bar; left to right mirrors all of it.
//
// The markup holds no style attribute and no style element, so that a
// strict Content-Security-Policy can forbid both; the theme colours these
// classes:
//
//	chart        the svg element
//	chart-row    each row: a g element, or an a element when the bar links
//	chart-hit    a linked row's transparent background (the whole row
//	             takes the pointer; only in linked rows)
//	chart-bar    the bar, a rect (absent when the value is 0)
//	chart-label  the category label, a text element
//	chart-value  the value, a text element
//
// Without the theme's rules bars and text are black, SVG's default. A
// theme's rules, with its colour variables (which switch in dark mode):
//
//	.chart{display:block;inline-size:100%;max-inline-size:25rem;block-size:auto;overflow:visible}
//	.chart-bar{fill:var(--accent)}
//	.chart-label{fill:var(--ink)}
//	.chart-value{fill:var(--muted)}
//	.chart a:hover .chart-bar,.chart a:focus-visible .chart-bar{fill:var(--ink)}
//
// (overflow:visible lets a focused row's outline show past the edges). The font
// size is fixed in the drawing (see fontSize) since label widths are
// estimated from it: a stylesheet must not change it, nor set direction or
// text-anchor on the chart's text.
package chart

import (
	"bytes"
	"errors"
)

// Bar is one row of a chart.
type Bar struct {
	// Label names the category, in Arabic or Latin script ("الدار
	// البيضاء سطات"). Runs of white space count as one space; a label
	// wider than the label column is cut and ends with "…", the row's
	// title keeping it whole.
	Label string
	// Value is the bar's length, 0 or more.
	Value int
	// Shown is Value as the page writes it ("12" or "١٢"): the caller
	// chooses the digits. Empty means strconv.Itoa(Value).
	Shown string
	// URL, when set, makes the row a link to it: relative, or absolute
	// with the http or https scheme. It is written as given, escaped.
	URL string
}

// Options describe a chart as a whole.
type Options struct {
	// Title is the chart's accessible name (required): the svg element is
	// labelled by a title element holding it.
	Title string
	// ID prefixes the ids the chart gives its elements (required). Only
	// ASCII letters, digits, "-" and "_", beginning with a letter; the
	// caller keeps it unique in the page.
	ID string
	// Width of the drawing in user units, DefaultWidth when 0. The svg
	// scales to its container's width, so Width sets the text size
	// relative to the chart's: 16 units of text in Width units of chart.
	Width int
	// LTR draws left to right, for pages in French. The zero value draws
	// right to left, as the Arabic pages do.
	LTR bool
}

// DefaultWidth is the width of the drawing when Options.Width is 0: on a
// phone about 340 pixels wide, its 16-unit text shows at about 13.5 pixels.
const DefaultWidth = 400

// ErrNoBars is Bars' error for an empty list of bars: a chart of nothing is
// not drawn, and the caller leaves it (and its table) out of the page.
var ErrNoBars = errors.New("chart: no bars to draw")

// Bars draws bars, in the order given, as an svg element ready to inline in
// an HTML5 page (no XML prolog). The output is the same, byte for byte, for
// the same input.
//
// The longest bar stands for the largest value and spans the whole bar
// area; the others are in proportion, except that a value above 0 always
// shows at least a sliver. When no value is above 0 no bar is drawn.
//
// Bars reports ErrNoBars for no bars, and an error for a negative value, an
// empty label, a URL that is not relative, http or https (javascript: among
// them), text that is not UTF-8 or holds a character a page cannot, a
// missing Title or a bad ID, and a Width too narrow for the values.
//
// The svg has role "img", named by Title, when no row links: its rows are
// then a picture of the table that follows. When a row links, the svg is a
// "group" instead, so that its links reach assistive technology; each row's
// title, "label: value", names the link and is the tooltip that shows a
// truncated label whole.
func Bars(bars []Bar, opts Options) ([]byte, error) {
	if len(bars) == 0 {
		return nil, ErrNoBars
	}
	c, err := check(bars, opts)
	if err != nil {
		return nil, err
	}
	l, err := lay(c)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	write(&b, c, l)
	return b.Bytes(), nil
}
