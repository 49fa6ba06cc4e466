// Package feed writes the machine-readable indexes of a site: Atom feeds,
// sitemap.xml and robots.txt.
package feed

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"time"

	"github.com/jihat/jihat/internal/site"
)

type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Lang    string      `xml:"http://www.w3.org/XML/1998/namespace lang,attr"`
	Title   string      `xml:"title"`
	ID      string      `xml:"id"`
	Updated string      `xml:"updated"`
	Links   []atomLink  `xml:"link"`
	Author  atomPerson  `xml:"author"`
	Entries []atomEntry `xml:"entry"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomPerson struct {
	Name string `xml:"name"`
}

type atomEntry struct {
	Title     string      `xml:"title"`
	ID        string      `xml:"id"`
	Link      atomLink    `xml:"link"`
	Published string      `xml:"published"`
	Updated   string      `xml:"updated"`
	Author    *atomPerson `xml:"author,omitempty"` // the byline; the feed's otherwise
	Summary   *atomText   `xml:"summary,omitempty"`
	Category  []category  `xml:"category"`
}

type atomText struct {
	Type string `xml:"type,attr"`
	Body string `xml:",chardata"`
}

type category struct {
	Term  string `xml:"term,attr"`
	Label string `xml:"label,attr"`
}

// Atom renders one feed. Its updated time is the newest entry's, so that an
// unchanged site yields an unchanged feed.
func Atom(s *site.Site, f *site.Feed) ([]byte, error) {
	publisher := s.Config.Publisher
	if publisher == "" {
		publisher = s.Lang.Title
	}
	out := atomFeed{
		Lang:  s.Lang.Tag(),
		Title: f.Title,
		ID:    s.AbsURL(f.PageURL),
		Links: []atomLink{
			{Rel: "self", Type: "application/atom+xml", Href: s.AbsURL(f.URL)},
			{Rel: "alternate", Type: "text/html", Href: s.AbsURL(f.PageURL)},
		},
		Author: atomPerson{Name: publisher},
	}
	updated := s.Built
	if len(f.Articles) > 0 {
		updated = time.Time{}
	}
	for _, a := range f.Articles {
		if a.Lastmod.After(updated) {
			updated = a.Lastmod
		}
		e := atomEntry{
			Title:     a.Title,
			ID:        s.AbsURL(a.URL),
			Link:      atomLink{Rel: "alternate", Type: "text/html", Href: s.AbsURL(a.URL)},
			Published: a.Date.Format(time.RFC3339),
			Updated:   a.Lastmod.Format(time.RFC3339),
		}
		if a.Author != "" {
			e.Author = &atomPerson{Name: a.Author}
		}
		if a.Excerpt != "" {
			e.Summary = &atomText{Type: "text", Body: a.Excerpt}
		}
		for _, r := range a.RegionTerms {
			e.Category = append(e.Category, category{Term: r.Slug, Label: r.Full})
		}
		for _, t := range a.FacilityTerms {
			e.Category = append(e.Category, category{Term: t.Slug, Label: t.Name})
		}
		out.Entries = append(out.Entries, e)
	}
	out.Updated = updated.Format(time.RFC3339)
	return marshal(out)
}

type urlSet struct {
	XMLName xml.Name   `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
	XHTML   string     `xml:"xmlns:xhtml,attr,omitempty"`
	URLs    []urlEntry `xml:"url"`
}

type urlEntry struct {
	XMLName xml.Name `xml:"url"`
	Loc     string   `xml:"loc"`
	Lastmod string   `xml:"lastmod,omitempty"`
	// Alternates are the page in each language, itself included, as
	// search engines take them from a sitemap (xhtml:link).
	Alternates []xhtmlLink
}

type xhtmlLink struct {
	XMLName  xml.Name `xml:"xhtml:link"`
	Rel      string   `xml:"rel,attr"`
	Hreflang string   `xml:"hreflang,attr"`
	Href     string   `xml:"href,attr"`
}

const xhtmlNS = "http://www.w3.org/1999/xhtml"

// SitemapLimit is the protocol's maximum number of URLs in one sitemap file.
const SitemapLimit = 50000

type sitemapIndex struct {
	XMLName  xml.Name     `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 sitemapindex"`
	Sitemaps []sitemapRef `xml:"sitemap"`
}

type sitemapRef struct {
	XMLName xml.Name `xml:"sitemap"`
	Loc     string   `xml:"loc"`
	Lastmod string   `xml:"lastmod,omitempty"`
}

// Sitemaps lists every HTML page but the 404 page, with the newest lastmod
// of what the page shows, as file name → content. Up to SitemapLimit pages
// it is one sitemap.xml; beyond, sitemap.xml is an index of
// sitemap-1.xml, sitemap-2.xml … each within the limit.
func Sitemaps(s *site.Site, limit int) (map[string][]byte, error) {
	var all []urlEntry
	xhtml := ""
	for _, p := range s.Pages {
		if p.Layout == site.Layout404 {
			continue
		}
		e := urlEntry{Loc: s.AbsURL(p.URL), Lastmod: lastmod(p.Site(), p).Format("2006-01-02")}
		for _, alt := range p.Alternates {
			e.Alternates = append(e.Alternates, xhtmlLink{Rel: "alternate", Hreflang: alt.Lang.Tag(), Href: s.AbsURL(alt.URL)})
			if alt.Lang.Default {
				e.Alternates = append(e.Alternates, xhtmlLink{Rel: "alternate", Hreflang: "x-default", Href: s.AbsURL(alt.URL)})
			}
		}
		if len(e.Alternates) > 0 {
			xhtml = xhtmlNS
		}
		all = append(all, e)
	}
	files := map[string][]byte{}
	if len(all) <= limit {
		data, err := marshal(urlSet{XHTML: xhtml, URLs: all})
		files["sitemap.xml"] = data
		return files, err
	}
	var index sitemapIndex
	for i := 0; i*limit < len(all); i++ {
		part := all[i*limit : min(len(all), (i+1)*limit)]
		name := fmt.Sprintf("sitemap-%d.xml", i+1)
		data, err := marshal(urlSet{XHTML: xhtml, URLs: part})
		if err != nil {
			return nil, err
		}
		files[name] = data
		newest := ""
		for _, u := range part {
			newest = max(newest, u.Lastmod)
		}
		index.Sitemaps = append(index.Sitemaps, sitemapRef{Loc: s.AbsURL("/" + name), Lastmod: newest})
	}
	data, err := marshal(index)
	files["sitemap.xml"] = data
	return files, err
}

func lastmod(s *site.Site, p *site.Page) time.Time {
	switch {
	case p.Article != nil:
		return p.Article.Lastmod
	case p.Pager != nil:
		var t time.Time
		for _, a := range p.Pager.Articles {
			if a.Lastmod.After(t) {
				t = a.Lastmod
			}
		}
		if !t.IsZero() {
			return t
		}
	}
	return s.Built
}

// Robots allows everything and names the sitemap.
func Robots(s *site.Site) []byte {
	if s.NoIndex {
		return []byte("User-agent: *\nDisallow: /\n")
	}
	return []byte("User-agent: *\nAllow: /\n\nSitemap: " + s.AbsURL("/sitemap.xml") + "\n")
}

func marshal(v any) ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	enc.Indent("", "  ")
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	buf.WriteByte('\n')
	return buf.Bytes(), nil
}
