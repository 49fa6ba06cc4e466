package render

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"html/template"
	"time"

	"github.com/jihat/jihat/internal/arabic"
	"github.com/jihat/jihat/internal/content"
	"github.com/jihat/jihat/internal/site"
)

var funcs = template.FuncMap{
	"date":      arabic.Date,
	"isodate":   isoDate,
	"ymd":       func(t time.Time) string { return t.Format("2006-01-02") },
	"articles":  arabic.Articles.Count,
	"pages":     arabic.Pages.Count,
	"bidi":      bidi,
	"abs":       func(s *SiteView, p string) string { return s.AbsURL(p) },
	"jsonld":    jsonLD,
	"add":       func(a, b int) int { return a + b },
	"first":     first,
	"num":       num,
	"digits":    digits,
	"statrows":  statRows,
	"byCount":   byCount,
	"chart":     barChart,
	"regionMap": regionMap,
	"stat":      statBlock,
	"accentCSS": accentCSS,
	"csp":       csp,
}

// bidi escapes s and isolates each run of Latin text in <bdi>, so that a
// name like «INDH» or «Souss-Massa» inside Arabic keeps its own direction.
func bidi(s string) template.HTML { return site.Isolate(s, arabic.LatinRuns(s), "ltr") }

func first(n int, list []*site.Article) []*site.Article {
	if len(list) > n {
		return list[:n]
	}
	return list
}

// jsonLD describes an article as a schema.org NewsArticle. json.Marshal
// escapes <, > and &, so the output is safe inside a script element.
func jsonLD(s *SiteView, a *site.Article) template.JS {
	var places []ldThing
	for _, r := range a.RegionTerms {
		places = append(places, ldThing{Type: "AdministrativeArea", Name: r.Full, URL: s.AbsURL(r.URL)})
	}
	for _, p := range a.ProvinceTerms {
		places = append(places, ldThing{Type: "AdministrativeArea", Name: p.Full, URL: s.AbsURL(p.URL)})
	}
	publisher := s.Config().Publisher
	if publisher == "" {
		publisher = s.Config().Title
	}
	author := ldThing{Type: "Organization", Name: publisher}
	if a.Author != "" {
		author = ldThing{Type: "Person", Name: a.Author}
	}
	doc := ldArticle{
		Context:          "https://schema.org",
		Type:             "NewsArticle",
		Author:           author,
		ContentLocation:  places,
		DateModified:     a.Lastmod.Format(time.RFC3339),
		DatePublished:    a.Date.Format(time.RFC3339),
		Description:      a.Excerpt,
		Headline:         a.Title,
		InLanguage:       a.Language().Tag(),
		MainEntityOfPage: s.AbsURL(a.URL),
		Publisher:        ldThing{Type: "Organization", Name: publisher, Logo: ldLogo(s, s.Config().PublisherLogo)},
		URL:              s.AbsURL(a.URL),
		WordCount:        a.WordCount,
	}
	if a.ImageSrc != "" {
		doc.Image = s.AbsURL(a.URL + a.ImageSrc)
	}
	for _, f := range a.FacilityTerms {
		doc.Keywords = append(doc.Keywords, f.Name)
	}
	doc.Keywords = append(doc.Keywords, a.Tags...)
	out, err := json.Marshal(doc)
	if err != nil {
		return template.JS("{}")
	}
	return template.JS(out)
}

// ldArticle is schema.org's NewsArticle as the pages give it, fields in
// name order.
type ldArticle struct {
	Context          string    `json:"@context"`
	Type             string    `json:"@type"`
	Author           ldThing   `json:"author"`
	ContentLocation  []ldThing `json:"contentLocation"`
	DateModified     string    `json:"dateModified"`
	DatePublished    string    `json:"datePublished"`
	Description      string    `json:"description,omitempty"`
	Headline         string    `json:"headline"`
	Image            string    `json:"image,omitempty"`
	InLanguage       string    `json:"inLanguage"`
	Keywords         []string  `json:"keywords,omitempty"`
	MainEntityOfPage string    `json:"mainEntityOfPage"`
	Publisher        ldThing   `json:"publisher"`
	URL              string    `json:"url"`
	WordCount        int       `json:"wordCount"`
}

type ldThing struct {
	Type string   `json:"@type"`
	Name string   `json:"name"`
	URL  string   `json:"url,omitempty"`
	Logo *ldImage `json:"logo,omitempty"`
}

type ldImage struct {
	Type string `json:"@type"`
	URL  string `json:"url"`
}

// ldLogo is the publisher's logo, a file of static/ (nil for none).
func ldLogo(s *SiteView, file string) *ldImage {
	if file == "" {
		return nil
	}
	return &ldImage{Type: "ImageObject", URL: s.AbsURL("/" + file)}
}

// inMorocco reports a time whose offset is Morocco's at that moment: a date
// read in Morocco's zone, also once the cache has kept it with its offset
// alone.
func inMorocco(t time.Time) bool {
	_, off := t.Zone()
	_, want := t.In(content.Morocco).Zone()
	return off == want
}

// isoDate is a <time datetime> value: a date-only front-matter value stays a
// date, rather than inventing midnight UTC.
func isoDate(t time.Time) string {
	if t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 && t.Nanosecond() == 0 && (t.Location() == time.UTC || inMorocco(t)) {
		return t.Format("2006-01-02")
	}
	return t.Format(time.RFC3339)
}

// accentCSS is the rule that sets the site's accent colour, "" without
// one; csp allows exactly this text in a style element.
func accentCSS(s *SiteView) template.CSS {
	if a := s.Config().Accent; a != "" {
		return template.CSS(":root{--accent:" + a + "}") // config checked it is #rgb or #rrggbb
	}
	return ""
}

// csp is the page's Content-Security-Policy: only the site's own scripts,
// styles and images, and the one inline style the theme writes (the
// accent), by its hash. No inline script, no style attribute.
func csp(s *SiteView) string {
	style := "'self'"
	if css := accentCSS(s); css != "" {
		sum := sha256.Sum256([]byte(css))
		style += " 'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
	}
	return "default-src 'self'; img-src 'self' data:; style-src " + style + "; script-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'"
}
