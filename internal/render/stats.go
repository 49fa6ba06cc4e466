package render

import (
	"cmp"
	"fmt"
	"html/template"
	"slices"
	"strconv"
	"strings"

	"github.com/jihat/jihat/internal/chart"
	"github.com/jihat/jihat/internal/geo"
	"github.com/jihat/jihat/internal/site"
)

// The map and the statistics: counts the graph already holds, drawn by the
// build as inline SVG (no script, no tiles: they work from disk), each
// chart beside a table of the same numbers for those who cannot see it.

// num writes n with the site's digits (site.toml's digits).
func num(s *SiteView, n int) string { return digits(s, strconv.Itoa(n)) }

// digits rewrites the ASCII digits of text in the site's digits.
func digits(s *SiteView, text string) string {
	if s.Config().Digits != "arabic" {
		return text
	}
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return '٠' + (r - '0')
		}
		return r
	}, text)
}

// StatRow is one line of a chart and of its table.
type StatRow struct {
	Name  string // the category as the page shows it
	URL   string // its page, "" when it has none
	N     int
	Shown string // N with the site's digits
}

// statRows reads a list of terms (counting their articles) or of counts
// as rows, in their order.
func statRows(s *SiteView, list any) ([]StatRow, error) {
	var rows []StatRow
	switch l := list.(type) {
	case []*site.Term:
		for _, t := range l {
			r := StatRow{Name: t.Name, N: len(t.Articles)}
			if t.Kind == site.KindYear {
				r.Name = digits(s, t.Name)
			}
			if r.N > 0 {
				r.URL = t.URL
			}
			rows = append(rows, r)
		}
	case []*site.Count:
		for _, c := range l {
			rows = append(rows, StatRow{Name: c.Term.Name, URL: c.URL, N: c.N})
		}
	default:
		return nil, fmt.Errorf("statrows: a list of terms or counts, not %T", list)
	}
	for i := range rows {
		rows[i].Shown = num(s, rows[i].N)
	}
	return rows, nil
}

// byCount orders rows by their numbers, largest first, ties as given.
func byCount(rows []StatRow) []StatRow {
	out := slices.Clone(rows)
	slices.SortStableFunc(out, func(a, b StatRow) int { return cmp.Compare(b.N, a.N) })
	return out
}

// barChart draws rows as a right-to-left bar chart, an image named by its
// title; nothing when there are no rows.
func barChart(id, title string, rows []StatRow, lang ...*site.Language) (template.HTML, error) {
	if len(rows) == 0 {
		return "", nil
	}
	// The bars are a picture of the table that follows, which holds the
	// links: linked bars would double every stop of the keyboard.
	bars := make([]chart.Bar, len(rows))
	for i, r := range rows {
		bars[i] = chart.Bar{Label: r.Name, Value: r.N, Shown: r.Shown}
	}
	ltr := len(lang) > 0 && lang[0] != nil && lang[0].Dir() == "ltr"
	svg, err := chart.Bars(bars, chart.Options{Title: title, ID: id, LTR: ltr})
	if err != nil {
		return "", fmt.Errorf("chart %s: %w", id, err)
	}
	return template.HTML(svg), nil // chart escapes every text and address it writes
}

// MapView is what the map partial draws: the regions' outlines, each with
// its count and page.
type MapView struct {
	Width, Height float64
	Regions       []MapRegion
	Attribution   string
	Current       string // the slug of the region the page is about
	Lang          *site.Language
}

// MapRegion is one region on the map.
type MapRegion struct {
	Slug, Name, Full, NameFR string
	URL                      string // "" when the region has no articles, and so no page
	Path                     string
	X, Y                     float64 // where its count is written
	N                        int
	Shown                    string
	// Level is the colour step, 0 for no articles, then 1 to 4 by the
	// share of the largest count.
	Level   int
	Current bool
}

// MapLevels is the number of colour steps above zero.
const MapLevels = 4

// regionMap is the map of the regions with their counts; current is the
// slug of the region to highlight ("" for none).
func regionMap(s *SiteView, current string) (*MapView, error) {
	m, err := geo.Morocco()
	if err != nil {
		return nil, err
	}
	terms := map[string]*site.Term{}
	most := 0
	for _, t := range s.regionCounts() {
		terms[t.Slug] = t
		most = max(most, len(t.Articles))
	}
	v := &MapView{Width: m.Width, Height: m.Height, Attribution: m.Attribution, Current: current, Lang: s.Lang()}
	for _, r := range m.Regions {
		mr := MapRegion{Slug: r.Slug, Path: r.Path, X: r.Label.X, Y: r.Label.Y, Current: r.Slug == current}
		if t := terms[r.Slug]; t != nil {
			mr.Name, mr.Full, mr.NameFR, mr.N = t.Name, t.Full, t.NameFR, len(t.Articles)
			if mr.N > 0 {
				mr.URL = t.URL
				mr.Level = (MapLevels*mr.N + most - 1) / most
			}
		}
		mr.Shown = num(s, mr.N)
		v.Regions = append(v.Regions, mr)
	}
	return v, nil
}

// StatBlock is one chart and its table, for the "stat" partial.
type StatBlock struct {
	ID, Title, Column string // the chart's id prefix, its title, the table's first column
	Rows              []StatRow
	Lang              *site.Language // the page's, for the table's words
}

// statBlock gathers a block's parts, which a template passes as one.
func statBlock(lang *site.Language, id, title, column string, rows []StatRow) StatBlock {
	return StatBlock{ID: id, Title: title, Column: column, Rows: rows, Lang: lang}
}
