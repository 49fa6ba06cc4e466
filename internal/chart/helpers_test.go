package chart

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
)

// The parsed shape of a chart, as encoding/xml reads it.
type svgDoc struct {
	XMLName    xml.Name `xml:"svg"`
	ViewBox    string   `xml:"viewBox,attr"`
	Role       string   `xml:"role,attr"`
	Labelledby string   `xml:"aria-labelledby,attr"`
	Direction  string   `xml:"direction,attr"`
	Title      struct {
		ID   string `xml:"id,attr"`
		Text string `xml:",chardata"`
	} `xml:"title"`
	Rows []svgRow `xml:",any"`
}

type svgRow struct {
	XMLName xml.Name
	Class   string    `xml:"class,attr"`
	Href    string    `xml:"href,attr"`
	Title   string    `xml:"title"`
	Rects   []svgRect `xml:"rect"`
	Texts   []svgText `xml:"text"`
}

type svgRect struct {
	Class  string  `xml:"class,attr"`
	X      float64 `xml:"x,attr"`
	Width  float64 `xml:"width,attr"`
	Height float64 `xml:"height,attr"`
}

type svgText struct {
	Class string  `xml:"class,attr"`
	X     float64 `xml:"x,attr"`
	Text  string  `xml:",chardata"`
}

// wellFormed reads out token by token, strictly, and reports the first
// error, a style attribute or element (which the site's CSP forbids), and
// anything outside the one svg element.
func wellFormed(out []byte) error {
	d := xml.NewDecoder(bytes.NewReader(out))
	depth, roots := 0, 0
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			if depth == 0 {
				roots++
			}
			depth++
			if tok.Name.Local == "style" || tok.Name.Local == "script" || tok.Name.Local == "foreignObject" {
				return fmt.Errorf("element %s", tok.Name.Local)
			}
			for _, a := range tok.Attr {
				if a.Name.Local == "style" || strings.HasPrefix(a.Name.Local, "on") {
					return fmt.Errorf("attribute %s on %s", a.Name.Local, tok.Name.Local)
				}
			}
		case xml.EndElement:
			depth--
		case xml.CharData:
			if depth == 0 && len(bytes.TrimSpace(tok)) > 0 {
				return fmt.Errorf("text outside the svg element: %q", tok)
			}
		case xml.ProcInst, xml.Directive:
			return fmt.Errorf("prolog or directive %T", tok)
		}
	}
	if roots != 1 {
		return fmt.Errorf("%d root elements, want 1", roots)
	}
	return nil
}

// parse parses a chart.
func parse(out []byte) (svgDoc, error) {
	var doc svgDoc
	err := xml.Unmarshal(out, &doc)
	return doc, err
}

// checkGeometry checks a chart drawn from bars against what Bars promises:
// one row per bar in order, each titled "label: value"; a bar for each value
// above 0 and only for those, all starting at the same edge (the right one
// right to left), in proportion to their values with a sliver at least;
// the longest one reaching the value column; labels aligned on the start
// edge and either whole or cut with "…"; links where asked.
func checkGeometry(out []byte, bars []Bar, opts Options) error {
	if err := wellFormed(out); err != nil {
		return fmt.Errorf("not well-formed: %v", err)
	}
	doc, err := parse(out)
	if err != nil {
		return err
	}
	w := opts.Width
	if w == 0 {
		w = DefaultWidth
	}
	if want := fmt.Sprintf("0 0 %d %d", w, len(bars)*rowPitch); doc.ViewBox != want {
		return fmt.Errorf("viewBox %q, want %q", doc.ViewBox, want)
	}
	if doc.Labelledby != opts.ID+"-t" || doc.Title.ID != opts.ID+"-t" || doc.Title.Text != collapse(opts.Title) {
		return fmt.Errorf("svg labelled by %q, title %q %q", doc.Labelledby, doc.Title.ID, doc.Title.Text)
	}
	rtl := !opts.LTR
	if want := map[bool]string{true: "rtl", false: "ltr"}[rtl]; doc.Direction != want {
		return fmt.Errorf("direction %q, want %q", doc.Direction, want)
	}
	if len(doc.Rows) != len(bars) {
		return fmt.Errorf("%d rows, want %d", len(doc.Rows), len(bars))
	}
	maxValue, linked, valueEm := 0, false, 0.0
	for _, b := range bars {
		maxValue = max(maxValue, b.Value)
		linked = linked || b.URL != ""
		valueEm = max(valueEm, width(shown(b)))
	}
	if want := map[bool]string{true: "group", false: "img"}[linked]; doc.Role != want {
		return fmt.Errorf("role %q, want %q", doc.Role, want)
	}
	// The bar area, measured on the longest bar; its far end is where the
	// value column begins.
	area := 0.0
	for i, b := range bars {
		if b.Value == maxValue && b.Value > 0 {
			area = doc.Rows[i].bar().Width
			break
		}
	}
	edge := math.NaN() // the x every bar starts from
	for i, b := range bars {
		row := doc.Rows[i]
		label, value := collapse(b.Label), shown(b)
		if row.Title != label+": "+value {
			return fmt.Errorf("row %d: title %q, want %q", i, row.Title, label+": "+value)
		}
		switch {
		case b.URL != "" && (row.XMLName.Local != "a" || row.Href != b.URL):
			return fmt.Errorf("row %d: <%s href=%q>, want a link to %q", i, row.XMLName.Local, row.Href, b.URL)
		case b.URL == "" && row.XMLName.Local != "g":
			return fmt.Errorf("row %d: <%s>, want g", i, row.XMLName.Local)
		}
		if len(row.Texts) != 2 || row.Texts[0].Class != "chart-label" || row.Texts[1].Class != "chart-value" {
			return fmt.Errorf("row %d: texts %+v", i, row.Texts)
		}
		if got := row.Texts[1].Text; got != value {
			return fmt.Errorf("row %d: value %q, want %q", i, got, value)
		}
		got := row.Texts[0].Text
		cut := strings.TrimSuffix(strings.TrimSuffix(got, "\u200e"), "\u200f") // the mark after a cut
		if got != label && !(strings.HasSuffix(cut, ellipsis) && strings.HasPrefix(label, strings.TrimSuffix(cut, ellipsis))) {
			return fmt.Errorf("row %d: label %q is neither %q nor a beginning of it with …", i, got, label)
		}
		if x := row.Texts[0].X; rtl && x != float64(w-pad) || !rtl && x != pad {
			return fmt.Errorf("row %d: label at x=%g, want the start edge", i, x)
		}
		bar := row.bar()
		if b.Value == 0 {
			if bar != nil {
				return fmt.Errorf("row %d: a bar for 0", i)
			}
			continue
		}
		if bar == nil {
			return fmt.Errorf("row %d: no bar for %d", i, b.Value)
		}
		start := bar.X
		if rtl {
			start = bar.X + bar.Width
		}
		if math.IsNaN(edge) {
			edge = start
		} else if math.Abs(start-edge) > 1e-9 {
			return fmt.Errorf("row %d: bar starts at x=%g, others at %g", i, start, edge)
		}
		want := max(area*float64(b.Value)/float64(maxValue), minSliver)
		if math.Abs(bar.Width-want) > 0.1 {
			return fmt.Errorf("row %d: bar %g long, want %g (%d of %d over %g)", i, bar.Width, want, b.Value, maxValue, area)
		}
		end, valueX := bar.X, row.Texts[1].X
		if !rtl {
			end = bar.X + bar.Width
		}
		if math.Abs(math.Abs(valueX-end)-valueGap) > 1e-9 {
			return fmt.Errorf("row %d: value at x=%g, bar ends at %g", i, valueX, end)
		}
	}
	if maxValue > 0 {
		// The longest bar leaves room for the widest value and no more.
		far := edge - area
		if !rtl {
			far = float64(w) - (edge + area)
		}
		room := far - valueGap - pad
		if room < valueEm*fontSize-1e-9 || room > valueEm*fontSize+0.1 {
			return fmt.Errorf("the longest bar leaves %g units for values %g wide", room, valueEm*fontSize)
		}
	}
	return nil
}

func (r svgRow) bar() *svgRect {
	for i := range r.Rects {
		if r.Rects[i].Class == "chart-bar" {
			return &r.Rects[i]
		}
	}
	return nil
}

func collapse(s string) string { return strings.Join(strings.Fields(s), " ") }

func shown(b Bar) string {
	if s := collapse(b.Shown); s != "" {
		return s
	}
	return strconv.Itoa(b.Value)
}
