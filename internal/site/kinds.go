package site

import (
	"iter"
)

// Layout names the template a page is rendered with: layouts/<Layout>.html.
type Layout string

// The layouts of the built-in page kinds.
const (
	LayoutHome    Layout = "home"
	LayoutArticle Layout = "article"
	LayoutList    Layout = "list"  // articles of one term, paginated
	LayoutTerms   Layout = "terms" // an index of terms (/regions/, /tags/ …)
	Layout404     Layout = "404"
	LayoutSearch  Layout = "search"
	LayoutPage    Layout = "page" // a plain page: about us, contact
	// LayoutStatistics is the page of counts: per region, facility type,
	// year, and facility types per region, as charts and tables.
	LayoutStatistics Layout = "statistics"
)

// A PageKind declares one kind of page: which pages of it the graph has and
// the layout they are rendered with. Everything else is read from the Page
// values it makes — what a page's digest covers, which edits make it stale,
// which bodies must be at hand to render it (Page.Shown) — so adding a kind
// is one declaration and one layout, and those can never disagree.
type PageKind struct {
	Layout Layout
	// Pages adds the kind's pages, and the feeds that go with them, once
	// the indexes and related articles are made.
	Pages func(s *Site, add *Adder)
}

// Adder collects the pages and feeds of the kinds, in order.
type Adder struct{ s *Site }

// Page adds a page.
func (a *Adder) Page(p *Page) {
	p.site = a.s
	a.s.Pages = append(a.s.Pages, p)
}

// Feed adds an Atom feed.
func (a *Adder) Feed(f *Feed) {
	f.site = a.s
	a.s.Feeds = append(a.s.Feeds, f)
}

// Kinds are the built-in page kinds, in the order their pages are listed
// (the order of the sitemap).
func Kinds() []PageKind {
	return []PageKind{homeKind, articleKind, termsKind, listKind, searchKind, statisticsKind, plainKind, notFoundKind}
}

// Layouts lists the layouts of kinds, once each.
func Layouts(kinds []PageKind) []Layout {
	var out []Layout
	seen := map[Layout]bool{}
	for _, k := range kinds {
		if !seen[k.Layout] {
			seen[k.Layout] = true
			out = append(out, k.Layout)
		}
	}
	return out
}

// SearchURL is the search page.
const SearchURL = "/search/"

var homeKind = PageKind{Layout: LayoutHome, Pages: func(s *Site, add *Adder) {
	cfg := s.Config
	add.Page(&Page{Layout: LayoutHome, URL: s.at("/"), Title: s.Lang.Title, Feed: s.at("/" + FeedName),
		Pager: &Pager{Number: 1, Total: 1, Articles: head(s.Articles, cfg.HomeArticles), Count: len(s.Articles), lang: s.Lang}})
	add.Feed(&Feed{URL: s.at("/" + FeedName), PageURL: s.at("/"), Title: s.Lang.Title, Articles: head(s.Articles, cfg.FeedLength)})
}}

// An article's breadcrumbs follow its first region and that region's first
// province the article names.
var articleKind = PageKind{Layout: LayoutArticle, Pages: func(s *Site, add *Adder) {
	for _, a := range s.Articles {
		crumbs := []Crumb{s.homeCrumb()}
		if len(a.RegionTerms) > 0 {
			r := a.RegionTerms[0]
			crumbs = append(crumbs, Crumb{r.Full, r.URL})
			for _, p := range a.ProvinceTerms {
				if p.Parent == r {
					crumbs = append(crumbs, Crumb{p.Full, p.URL})
					break
				}
			}
		}
		add.Page(&Page{Layout: LayoutArticle, URL: a.URL, Title: a.Title, Section: RegionsURL, Article: a, Crumbs: crumbs})
	}
}}

// sections are the indexes of terms, each with its own page.
var sections = []struct {
	url, label string
	terms      func(s *Site) []*Term
	optional   bool // no page when the index is empty
}{
	{RegionsURL, "regions", func(s *Site) []*Term { return s.Regions }, false},
	{FacilitiesURL, "facilities", func(s *Site) []*Term { return s.Facilities }, false},
	{ArchiveURL, "archive", func(s *Site) []*Term { return s.Years }, false},
	{TagsURL, "tags", func(s *Site) []*Term { return s.Tags }, true},
}

var termsKind = PageKind{Layout: LayoutTerms, Pages: func(s *Site, add *Adder) {
	for _, sec := range sections {
		terms := sec.terms(s)
		if sec.optional && len(terms) == 0 {
			continue
		}
		add.Page(&Page{Layout: LayoutTerms, URL: s.at(sec.url), Title: s.label(sec.label), Section: sec.url, Terms: terms, Crumbs: []Crumb{s.homeCrumb()}})
	}
}}

// listKind is every term's paginated list of articles; the main indexes'
// lists have a feed.
var listKind = PageKind{Layout: LayoutList, Pages: func(s *Site, add *Adder) {
	cfg := s.Config
	list := func(t *Term, section, title string, crumbs []Crumb, feed bool) {
		feedURL := ""
		if feed {
			feedURL = t.FeedURL()
			add.Feed(&Feed{URL: feedURL, PageURL: t.URL, Title: s.label("feed", "title", title, "site", s.Lang.Title), Articles: head(t.Articles, cfg.FeedLength)})
		}
		for _, pg := range Paginate(t.URL, t.Articles, cfg.PageSize) {
			pg.lang = s.Lang
			add.Page(&Page{Layout: LayoutList, URL: PageURL(t.URL, pg.Number), Title: title, Section: section, Term: t, Pager: pg, Feed: feedURL, Crumbs: crumbs})
		}
	}
	home := s.homeCrumb()
	regions := Crumb{s.label("regions"), s.at(RegionsURL)}
	facilities := Crumb{s.label("facilities"), s.at(FacilitiesURL)}
	for _, r := range s.Regions {
		list(r, RegionsURL, r.Full, []Crumb{home, regions}, true)
	}
	for _, p := range s.Provinces {
		list(p, RegionsURL, p.Full, []Crumb{home, regions, {p.Parent.Full, p.Parent.URL}}, true)
	}
	for _, f := range s.Facilities {
		list(f, FacilitiesURL, f.Name, []Crumb{home, facilities}, true)
	}
	for _, f := range s.FacilityRegions {
		parent := s.facility(f.Slug)
		list(f, FacilitiesURL, s.label("facility_in_region", "name", f.Name, "region", f.Parent.Full), []Crumb{home, facilities, {parent.Name, parent.URL}}, false)
	}
	for _, t := range s.Tags {
		list(t, TagsURL, s.label("tag", "name", t.Name), []Crumb{home, {s.label("tags"), s.at(TagsURL)}}, false)
	}
	for _, y := range s.Years {
		list(y, ArchiveURL, s.label("year", "name", y.Name), []Crumb{home, {s.label("archive"), s.at(ArchiveURL)}}, false)
	}
}}

var searchKind = PageKind{Layout: LayoutSearch, Pages: func(s *Site, add *Adder) {
	add.Page(&Page{Layout: LayoutSearch, URL: s.at(SearchURL), Title: s.label("search"), Section: SearchURL, Crumbs: []Crumb{s.homeCrumb()}})
}}

// statisticsKind is one page; what it counts it reads from the site-wide
// lists, through .Site, so that its digest follows them.
var statisticsKind = PageKind{Layout: LayoutStatistics, Pages: func(s *Site, add *Adder) {
	add.Page(&Page{Layout: LayoutStatistics, URL: s.at(StatisticsURL), Title: s.label("statistics"), Section: StatisticsURL, Crumbs: []Crumb{s.homeCrumb()}})
}}

var plainKind = PageKind{Layout: LayoutPage, Pages: func(s *Site, add *Adder) {
	for _, a := range s.Plain {
		add.Page(&Page{Layout: LayoutPage, URL: a.URL, Title: a.Title, Plain: a, Crumbs: []Crumb{s.homeCrumb()}})
	}
}}

// notFoundKind is the default language's alone: a CDN serves /404.html for
// every missing address, whatever its language.
var notFoundKind = PageKind{Layout: Layout404, Pages: func(s *Site, add *Adder) {
	if !s.Lang.Default {
		return
	}
	add.Page(&Page{Layout: Layout404, URL: "/404.html", Title: s.label("not_found"), Unlisted: true})
}}

func (s *Site) homeCrumb() Crumb { return Crumb{s.label("home"), s.at("/")} }

// Labels are the words the graph puts in page titles, breadcrumbs and feed
// titles. They come from the theme (layouts/strings.toml), so that a theme
// or a site changes them, and another language can follow, without Go.
type Labels map[string]string

// LabelKeys are the labels the built-in page kinds use, each with the
// placeholders it may hold.
var LabelKeys = map[string][]string{
	"home":               nil,
	"regions":            nil,
	"facilities":         nil,
	"archive":            nil,
	"tags":               nil,
	"search":             nil,
	"not_found":          nil,
	"statistics":         nil,
	"tag":                {"name"},
	"year":               {"name"},
	"facility_in_region": {"name", "region"},
	"feed":               {"title", "site"},
}

// label fills the label key's {placeholders} from name, value pairs. The
// theme's labels are checked when it is loaded, so a missing one here is
// the declaration's mistake, shown where it is made.
func (s *Site) label(key string, pairs ...string) string { return s.Lang.fill(key, pairs) }

func placeholders(pairs []string) []string {
	out := make([]string, len(pairs))
	for i := 0; i+1 < len(pairs); i += 2 {
		out[i], out[i+1] = "{"+pairs[i]+"}", pairs[i+1]
	}
	return out
}

// makePages runs every kind's declaration and registers the URLs made.
func (s *Site) makePages(kinds []PageKind) {
	add := &Adder{s: s}
	for _, k := range kinds {
		k.Pages(s, add)
	}
	for _, p := range s.Pages {
		s.urls[p.URL] = true
	}
	for _, f := range s.Feeds {
		s.urls[f.URL] = true
	}
	for _, extra := range []string{"/sitemap.xml", "/robots.txt"} {
		s.urls[extra] = true
	}
	s.registerData()
}

// Via says how a page reaches an article it shows: a template can tell
// them apart, so a digest does too.
type Via uint8

// The ways a page shows an article in full.
const (
	ViaArticle Via = iota + 1 // .Page.Article
	ViaRelated                // .Page.Article.Related
	ViaNewer                  // .Page.Article.Newer
	ViaOlder                  // .Page.Article.Older
	ViaPager                  // .Page.Pager.Articles
)

// Shown lists the articles a page shows in full, with the way it reaches
// each. It is the one list of them: the page's digest covers them, an edit
// to one of them renders the page again, and their bodies are made ready
// before it is rendered. Articles a template reaches through .Site are
// counted by the lists it reads (see Aggregate); those it reaches through a
// term of the page (.Page.Term.Articles) count as that term's list (which
// articles, in which order), not as their content.
func (p *Page) Shown() iter.Seq2[Via, *Article] {
	return func(yield func(Via, *Article) bool) {
		if p.Plain != nil && !yield(ViaArticle, p.Plain) {
			return
		}
		if a := p.Article; a != nil {
			if !yield(ViaArticle, a) {
				return
			}
			for _, r := range a.Related {
				if !yield(ViaRelated, r) {
					return
				}
			}
			if a.Newer != nil && !yield(ViaNewer, a.Newer) {
				return
			}
			if a.Older != nil && !yield(ViaOlder, a.Older) {
				return
			}
		}
		if p.Pager != nil {
			for _, a := range p.Pager.Articles {
				if !yield(ViaPager, a) {
					return
				}
			}
		}
	}
}

// Shows reports whether a page shows any of the articles in full: it must
// be rendered again when they change.
func (p *Page) Shows(set map[*Article]bool) bool {
	for _, a := range p.Shown() {
		if set[a] {
			return true
		}
	}
	return false
}
