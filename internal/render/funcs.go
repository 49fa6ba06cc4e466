package render

import (
	"encoding/json"
	"html/template"
	"strings"
	"time"
	"unicode"

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
	"abs":      func(s *site.Site, p string) string { return s.AbsURL(p) },
	"jsonld":   jsonLD,
	"add":      func(a, b int) int { return a + b },
	"first":    first,
}

// bidi escapes s and isolates each run of Latin text in <bdi>, so that a
// name like «INDH» or «Souss-Massa» inside Arabic keeps its own direction and
// does not drag neighbouring punctuation to the wrong side.
func bidi(s string) template.HTML {
	var b strings.Builder
	runes := []rune(s)
	for i := 0; i < len(runes); {
		if !isLatin(runes[i]) {
			b.WriteString(template.HTMLEscapeString(string(runes[i])))
			i++
			continue
		}
		j := i
		for j < len(runes) && (isLatin(runes[j]) || isLatinJoiner(runes, j)) {
			j++
		}
		b.WriteString(`<bdi dir="ltr">`)
		b.WriteString(template.HTMLEscapeString(string(runes[i:j])))
		b.WriteString("</bdi>")
		i = j
	}
	return template.HTML(b.String())
}

func isLatin(r rune) bool { return unicode.Is(unicode.Latin, r) }

// isLatinJoiner keeps "Souss-Massa", "Aït Melloul" and "M'diq" in one run:
// a space, hyphen, apostrophe, dot or digit between Latin letters.
func isLatinJoiner(runes []rune, j int) bool {
	if j+1 >= len(runes) || !isLatin(runes[j+1]) {
		return false
	}
	r := runes[j]
	return r == ' ' || r == '-' || r == '\'' || r == '’' || r == '.' || unicode.IsDigit(r)
}

func first(n int, list []*site.Article) []*site.Article {
	if len(list) > n {
		return list[:n]
	}
	return list
}

// jsonLD describes an article as a schema.org NewsArticle. json.Marshal
// escapes <, > and &, so the output is safe inside a script element.
func jsonLD(s *site.Site, a *site.Article) template.JS {
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
	publisher := s.Config.Publisher
	if publisher == "" {
		publisher = s.Config.Title
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
