package render

import (
	"encoding/json"
	"html/template"
	"strings"
	"time"

	"github.com/jihat/jihat/internal/arabic"
	"github.com/jihat/jihat/internal/site"
)

var funcs = template.FuncMap{
	"date":     arabic.Date,
	"isodate":  isoDate,
	"ymd":      func(t time.Time) string { return t.Format("2006-01-02") },
	"articles": arabic.Articles.Count,
	"pages":    arabic.Pages.Count,
	"bidi":     bidi,
	"abs":      func(s *SiteView, p string) string { return s.AbsURL(p) },
	"jsonld":   jsonLD,
	"add":      func(a, b int) int { return a + b },
	"first":    first,
}

// bidi escapes s and isolates each run of Latin text in <bdi>, so that a
// name like «INDH» or «Souss-Massa» inside Arabic keeps its own direction.
func bidi(s string) template.HTML {
	var b strings.Builder
	last := 0
	for _, run := range arabic.LatinRuns(s) {
		b.WriteString(template.HTMLEscapeString(s[last:run[0]]))
		b.WriteString(`<bdi dir="ltr">`)
		b.WriteString(template.HTMLEscapeString(s[run[0]:run[1]]))
		b.WriteString("</bdi>")
		last = run[1]
	}
	b.WriteString(template.HTMLEscapeString(s[last:]))
	return template.HTML(b.String())
}

func first(n int, list []*site.Article) []*site.Article {
	if len(list) > n {
		return list[:n]
	}
	return list
}

// jsonLD describes an article as a schema.org NewsArticle. json.Marshal
// escapes <, > and &, so the output is safe inside a script element.
func jsonLD(s *SiteView, a *site.Article) template.JS {
	var places []map[string]any
	for _, r := range a.RegionTerms {
		places = append(places, map[string]any{"@type": "AdministrativeArea", "name": r.Full, "url": s.AbsURL(r.URL)})
	}
	for _, p := range a.ProvinceTerms {
		places = append(places, map[string]any{"@type": "AdministrativeArea", "name": p.Full, "url": s.AbsURL(p.URL)})
	}
	doc := map[string]any{
		"@context":         "https://schema.org",
		"@type":            "NewsArticle",
		"headline":         a.Title,
		"datePublished":    a.Date.Format(time.RFC3339),
		"dateModified":     a.Lastmod.Format(time.RFC3339),
		"inLanguage":       "ar",
		"mainEntityOfPage": s.AbsURL(a.URL),
		"url":              s.AbsURL(a.URL),
		"contentLocation":  places,
		"wordCount":        a.WordCount,
	}
	if a.Excerpt != "" {
		doc["description"] = a.Excerpt
	}
	if a.ImageSrc != "" {
		doc["image"] = s.AbsURL(a.URL + a.ImageSrc)
	}
	publisher := s.Config().Publisher
	if publisher == "" {
		publisher = s.Config().Title
	}
	doc["publisher"] = map[string]any{"@type": "Organization", "name": publisher}
	doc["author"] = map[string]any{"@type": "Organization", "name": publisher}
	var keywords []string
	for _, f := range a.FacilityTerms {
		keywords = append(keywords, f.Name)
	}
	keywords = append(keywords, a.Tags...)
	if len(keywords) > 0 {
		doc["keywords"] = keywords
	}
	out, err := json.Marshal(doc)
	if err != nil {
		return template.JS("{}")
	}
	return template.JS(out)
}

// isoDate is a <time datetime> value: a date-only front-matter value stays a
// date, rather than inventing midnight UTC.
func isoDate(t time.Time) string {
	if t.Location() == time.UTC && t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 && t.Nanosecond() == 0 {
		return t.Format("2006-01-02")
	}
	return t.Format(time.RFC3339)
}
