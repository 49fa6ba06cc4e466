// Package site builds the site graph from loaded articles: the URL of every
// page, the region, province, facility-type, tag and year indexes with their
// pagination, related articles, feeds to write, and each article's body
// converted with its links resolved against the graph. It decides what pages
// exist; the render package decides how they look.
package site

import (
	"cmp"
	"html/template"
	"maps"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/jihat/jihat/internal/arabic"
	"github.com/jihat/jihat/internal/config"
	"github.com/jihat/jihat/internal/content"
	"github.com/jihat/jihat/internal/diag"
	"github.com/jihat/jihat/internal/gazetteer"
	"github.com/jihat/jihat/internal/parallel"
)

// Kind names a kind of list page; templates switch on it.
type Kind string

// The kinds of term.
const (
	KindRegion   Kind = "region"
	KindProvince Kind = "province"
	KindFacility Kind = "facility"
	KindTag      Kind = "tag"
	KindYear     Kind = "year"
)

// Article is a published article placed in the graph.
type Article struct {
	*content.Article
	URL string

	// Title, Summary, Date and Lastmod repeat the source's, set with it by
	// setSource: every page reads them, and text/template finds a field of
	// an embedded struct only by a slow, allocating search.
	Title   string
	Summary string
	Date    time.Time
	Lastmod time.Time

	// Filled by Convert. The body is read with Body().
	body      template.HTML
	spill     *Spill
	bodyOff   int64
	bodyLen   int64
	bodyKnown bool
	bodyMu    sync.Mutex // the body is converted again when read and not at hand
	Excerpt   string     // summary, or the start of the first paragraph
	ImageSrc  string     // lead image, relative to the page
	ImageW    int
	ImageH    int
	// ImageSrcset offers the lead photo's published sizes (empty for a
	// GIF or WebP); ImageSizes says how wide the page shows it.
	ImageSrcset string
	Headings    int
	WordCount   int

	RegionTerms   []*Term
	ProvinceTerms []*Term
	FacilityTerms []*Term
	TagTerms      []*Term
	YearTerm      *Term

	Related []*Article
	Newer   *Article
	Older   *Article

	// Files copied next to the page: output name → source path.
	Files map[string]string
	// Photos are the JPEGs and PNGs the article shows, published as
	// resized variants next to the page (the originals are in Files only
	// when site.toml keeps them or the body links to them), by Name.
	Photos []Photo
	// Lookups are the questions the body's conversion asked the graph.
	Lookups []Lookup
	// BodyWarnings are the body's problems that did not stop the build.
	BodyWarnings diag.List

	position int // index in Site.Articles
	version  Digest
	site     *Site
}

// Term is one entry of an index: a region, province, facility type, tag or
// year, with its articles newest first.
type Term struct {
	Kind   Kind
	Slug   string
	Name   string // display name, in the graph's language
	NameFR string // the French name, which Arabic pages show beside
	Full   string // name with its type word (جهة …, Région de …)
	// NameLang is the language of Name and Full when the gazetteer has
	// none in the graph's language ("ar" on an Amazigh page), else "".
	NameLang string
	URL      string

	Parent   *Term // a province's region
	Articles []*Article
	lang     *Language

	// Breakdown by another index, for the pages that show it: a region's
	// provinces and facility types, a facility type's regions.
	Provinces  []*Count
	Facilities []*Count
	Regions    []*Count

	digest Digest
}

// Count is a term with the number of articles it has in some context.
type Count struct {
	Term *Term
	N    int
	URL  string // where the count links to (may differ from Term.URL)
}

// Language is the language of the term's pages.
func (t *Term) Language() *Language { return t.lang }

// Language is the language the article is written in.
func (a *Article) Language() *Language { return a.site.Lang }

// FeedURL is the term's Atom feed.
func (t *Term) FeedURL() string { return FeedURL(t.URL) }

// Site is the whole graph.
type Site struct {
	Config    *config.Site
	Gazetteer *gazetteer.Gazetteer
	Built     time.Time // newest lastmod, so output never depends on the clock

	Articles   []*Article // newest first
	Plain      []*Article // plain pages (content.Article.IsPage), by address
	Regions    []*Term    // all regions, in official order
	Provinces  []*Term    // provinces with articles
	Facilities []*Term    // facility types with articles, vocabulary order
	Tags       []*Term    // by name
	Years      []*Term    // newest first

	// FacilityRegions holds the per-region filter pages of facility types.
	FacilityRegions []*Term

	Pages []*Page
	Feeds []*Feed

	bySource    map[string]*Article
	unpublished map[string]string
	urls        map[string]bool
	// warnings are the graph's problems that do not stop the build (tag
	// spellings merged).
	warnings diag.List
	static   []string // the URLs of static files, sorted
	// NoIndex: see Options.NoIndex.
	NoIndex    bool
	aggregates map[Aggregate]Digest
	assets     map[string]string // see Options.Assets
	// contents covers every article's version, in order: the site-wide
	// lists reach any article's content.
	contents Digest

	// bodies converts again, on demand, a body that is not at hand.
	bodies bodyLoader

	// Lang is the graph's language.
	Lang *Language
	// languages: see Languages.
	languages []*Site
	menu      []config.MenuItem // see Menu
}

// Feed is one Atom feed to write.
type Feed struct {
	URL      string
	PageURL  string
	Title    string
	Articles []*Article

	site *Site
}

// Site is the graph of the feed's language.
func (f *Feed) Site() *Site { return f.site }

// Options for New.
type Options struct {
	// StaticFiles maps the URL paths served from static/ to their files,
	// so that links to them can be checked and clashes reported.
	StaticFiles map[string]string
	// Unpublished explains article files that are not in the graph.
	Unpublished map[string]string
	// Related carries the related-article choices from the previous build,
	// reused when nothing they depend on changed. May be nil.
	Related *RelatedCache
	// Kinds are the kinds of page to make (nil: Kinds()).
	Kinds []PageKind
	// Labels are the theme's words for titles, breadcrumbs and the
	// layouts, by language code.
	Labels map[string]Labels
	// NoIndex asks search engines to keep the site out of their index
	// (a deploy preview): robots.txt and every page say so.
	NoIndex bool
	// Assets maps the URL of a stylesheet or script to the name it is
	// published under with its content's hash (/style.css →
	// /style.3f2a1c9e0b.css), which a CDN and a browser may keep for a
	// year. Nil: pages link the plain names (jihat serve, the archive).
	Assets map[string]string
}

// RelatedCache keeps related-article choices between builds. They depend
// only on each article's place, date and terms, so an edit to a body or a
// title keeps them.
type RelatedCache struct {
	Signature Digest
	ByPath    map[string][]string
}

// New places the articles in the graph: one graph for each of the site's
// languages, each with its own pages, indexes and feeds under its prefix,
// and pages linked to their translations. It returns the default
// language's graph, whose Pages and Feeds list every language's. It reports
// graph-level problems; Markdown bodies are converted afterwards by Convert.
func New(cfg *config.Site, g *gazetteer.Gazetteer, articles []*content.Article, opts Options) (*Site, diag.List) {
	var problems diag.List
	langs := cfg.Languages
	if len(langs) == 0 {
		langs = []config.Lang{cfg.DefaultLanguage()}
	}
	byLang := map[string][]*content.Article{}
	for _, ca := range articles {
		code := ca.Lang
		if _, ok := cfg.LanguageByCode(code); !ok {
			code = langs[0].Code
		}
		byLang[code] = append(byLang[code], ca)
	}
	kinds := opts.Kinds
	if kinds == nil {
		kinds = Kinds()
	}
	sites := make([]*Site, len(langs))
	// Every language's graph answers for every article and address: a
	// body's link may lead to a page in another language.
	bySource, urls := map[string]*Article{}, map[string]bool{}
	for i, l := range langs {
		s := &Site{Config: cfg, Gazetteer: g, bySource: bySource, unpublished: opts.Unpublished, urls: urls, aggregates: map[Aggregate]Digest{}, NoIndex: opts.NoIndex, assets: opts.Assets}
		s.Lang = newLanguage(l, opts.Labels[l.Code])
		s.languages = sites
		related := opts.Related
		if i > 0 {
			related = nil // chosen afresh: a translation is a small part of a site
		}
		problems.Append(s.place(byLang[l.Code], related, kinds))
		sites[i] = s
	}
	problems.Append(linkTranslations(sites))
	s := sites[0]
	for _, other := range sites[1:] {
		s.Pages = append(s.Pages, other.Pages...)
		s.Feeds = append(s.Feeds, other.Feeds...)
	}
	// A static file clashes with a page when both would be written to one
	// output file (static/regions/index.html and the page /regions/).
	generated := make(map[string]string, len(s.urls))
	for u := range s.urls {
		generated[FileFor(u)] = u
	}
	for _, u := range slices.Sorted(maps.Keys(opts.StaticFiles)) {
		if page, ok := generated[FileFor(u)]; ok {
			problems.Add(opts.StaticFiles[u], 0, 0, "this file would replace the generated %s: rename or move it", page)
		}
		s.urls[u] = true
		s.static = append(s.static, u)
	}
	for _, other := range sites[1:] {
		other.static = s.static
	}
	for _, m := range cfg.Menu {
		if strings.HasPrefix(m.URL, "/") && !s.HasURL(CleanLink(m.URL)) {
			problems.Add(config.FileName, 0, 0, "menu url %q: the site has no page %s; write one (content/pages/<name>.md is a page at /<name>/) or correct the address", m.URL, CleanLink(m.URL))
		}
	}
	for _, f := range []struct{ key, name string }{{"logo", cfg.Logo}, {"publisher_logo", cfg.PublisherLogo}} {
		if f.name != "" && opts.StaticFiles != nil && !s.urls["/"+f.name] {
			problems.Add(config.FileName, 0, 0, "%s %q: there is no static/%s; put the file there or correct the name", f.key, f.name, f.name)
		}
	}
	return s, problems
}

// place files one language's articles: its pages, indexes, related
// articles and pages of every kind.
func (s *Site) place(articles []*content.Article, related *RelatedCache, kinds []PageKind) diag.List {
	var problems diag.List
	for _, ca := range articles {
		if len(ca.TagSlugs) != len(ca.Tags) {
			ca.TagSlugs = make([]string, len(ca.Tags))
			for i, tag := range ca.Tags {
				ca.TagSlugs[i] = arabic.Slug(tag)
			}
		}
		if ca.IsPage {
			a := &Article{URL: s.at(PlainURL(ca.Slug)), site: s}
			a.setSource(ca)
			s.Plain = append(s.Plain, a)
			s.bySource[ca.Path] = a
			continue
		}
		a := &Article{URL: s.at(ArticleURL(ca.Slug)), site: s}
		a.setSource(ca)
		s.Articles = append(s.Articles, a)
		s.bySource[ca.Path] = a
		if ca.Lastmod.After(s.Built) {
			s.Built = ca.Lastmod
		}
	}
	if s.Built.IsZero() {
		s.Built = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	for i, a := range s.Articles {
		a.position = i
		if i > 0 {
			a.Newer = s.Articles[i-1]
		}
		if i+1 < len(s.Articles) {
			a.Older = s.Articles[i+1]
		}
	}
	slices.SortFunc(s.Plain, func(a, b *Article) int {
		return cmp.Or(strings.Compare(a.URL, b.URL), strings.Compare(a.Path, b.Path))
	})
	problems.Append(s.checkPlain())
	s.buildIndexes()
	var arabicNames []string
	for _, t := range s.allTerms() {
		t.lang = s.Lang
		if t.NameLang != "" && t.Kind != KindTag && t.Kind != KindYear && (len(t.Articles) > 0 || t.Kind == KindRegion) && !slices.Contains(arabicNames, t.Name) {
			arabicNames = append(arabicNames, t.Name)
		}
	}
	if len(arabicNames) > 0 {
		s.warnings.Add(config.FileName, 0, 0, "%d names on the pages in %s are shown in Arabic: the gazetteer has no %s name for them (none of its sources gives one): %s", len(arabicNames), s.Lang.Name, s.Lang.Name, strings.Join(arabicNames, "، "))
	}
	s.relateCached(related)
	s.makePages(kinds)
	return problems
}

// names are a gazetteer entry's bare and full names in the graph's
// language; where it has only the full form that is both, and where it has
// neither, the Arabic names, with their language.
func (s *Site) names(bare, full func(lang string) (string, bool)) (name, fullName, nameLang string) {
	code := s.Lang.Code
	name, ok := bare(code)
	fullName, okFull := full(code)
	switch {
	case !ok && okFull:
		name = fullName
	case ok && !okFull:
		fullName = name
	case !ok && !okFull && code != "ar":
		nameLang = "ar"
	}
	return name, fullName, nameLang
}

// at is the address of a page of this graph's language.
func (s *Site) at(u string) string { return s.Lang.Prefix + u }

// Languages are the graphs of the site's languages, the default first.
func (s *Site) Languages() []*Site { return s.languages }

// Warnings are the problems that did not stop the build: the graph's, and
// the articles' from parsing and converting them, in file and line order.
func (s *Site) Warnings() diag.List {
	var all diag.List
	for _, ls := range s.languages {
		all = append(all, ls.warnings...)
		all = append(all, ls.photoWarnings()...)
		for _, a := range ls.Articles {
			all = append(all, a.Article.Warnings...)
			all = append(all, a.BodyWarnings...)
		}
	}
	all.Sort()
	return all
}

// reservedSlugs are the addresses the site's own pages take at the top, which a
// plain page cannot.
var reservedSlugs = []string{"articles", "regions", "facilities", "archive", "tags", "search", "data", "statistics", "fr", "zgh"}

// checkPlain reports plain pages whose address another page holds.
func (s *Site) checkPlain() diag.List {
	var problems diag.List
	seen := map[string]string{}
	for _, a := range s.Plain {
		if slices.Contains(reservedSlugs, a.Slug) {
			problems.Add(a.Path, 0, 0, "the page's address %s is the site's own section: give it another with slug: (e.g. slug: about-%s)", a.URL, a.Slug)
		} else if other, ok := seen[a.URL]; ok {
			problems.Add(a.Path, 0, 0, "the page's address %s is %s's too: give one of them another with slug:", a.URL, other)
		}
		seen[a.URL] = a.Path
	}
	return problems
}

// buildIndexes files every article under its regions, provinces, facility
// types, tags and year, then orders the indexes and counts the breakdowns
// their pages show.
func (s *Site) buildIndexes() {
	idx := s.fileArticles()
	s.warnings = idx.nameTags()
	s.orderIndexes(idx)
	s.countBreakdowns()
}

// indexes are the terms by slug while articles are filed.
type indexes struct {
	regions, provinces, facilities, tags map[string]*Term
	years                                map[int]*Term
	// tagKeys gives each tag address the key of its tag: spellings that
	// share an address are one tag too, even when they fold apart
	// ("M'diq" and "M diq").
	tagKeys map[string]string
	prefix  string // the language's (Language.Prefix)
}

// fileArticles makes the terms the articles name and files each article
// under them, newest first as the articles come.
func (s *Site) fileArticles() *indexes {
	idx := &indexes{regions: map[string]*Term{}, provinces: map[string]*Term{}, facilities: map[string]*Term{}, tags: map[string]*Term{}, years: map[int]*Term{}, tagKeys: map[string]string{}, prefix: s.Lang.Prefix}
	for _, r := range s.Gazetteer.Regions() {
		t := &Term{Kind: KindRegion, Slug: r.Slug, NameFR: r.NameFR, URL: s.at(RegionURL(r.Slug))}
		t.Name, t.Full, t.NameLang = s.names(r.Name, r.FullName)
		idx.regions[r.Slug] = t
		s.Regions = append(s.Regions, t) // every region, with articles or not
	}
	for _, a := range s.Articles {
		for _, r := range a.Regions {
			t := idx.regions[r.Slug]
			t.Articles = append(t.Articles, a)
			a.RegionTerms = append(a.RegionTerms, t)
		}
		for _, p := range a.Provinces {
			t := idx.provinces[p.Slug]
			if t == nil {
				parent := idx.regions[p.Region.Slug]
				t = &Term{Kind: KindProvince, Slug: p.Slug, NameFR: p.NameFR, URL: s.at(ProvinceURL(p.Region.Slug, p.Slug)), Parent: parent}
				t.Name, t.Full, t.NameLang = s.names(p.Name, p.FullName)
				idx.provinces[p.Slug] = t
			}
			t.Articles = append(t.Articles, a)
			a.ProvinceTerms = append(a.ProvinceTerms, t)
		}
		for _, f := range a.Facilities {
			t := idx.facilities[f.Slug]
			if t == nil {
				t = &Term{Kind: KindFacility, Slug: f.Slug, NameFR: f.NameFR, URL: s.at(FacilityURL(f.Slug))}
				t.Name, t.Full, t.NameLang = s.names(f.Name, f.Name)
				idx.facilities[f.Slug] = t
			}
			t.Articles = append(t.Articles, a)
			a.FacilityTerms = append(a.FacilityTerms, t)
		}
		s.fileTags(idx, a)
		y := a.Date.Year()
		t := idx.years[y]
		if t == nil {
			name := a.Date.Format("2006")
			t = &Term{Kind: KindYear, Slug: name, Name: name, Full: name, URL: s.at(YearURL(y))}
			idx.years[y] = t
		}
		t.Articles = append(t.Articles, a)
		a.YearTerm = t
	}
	return idx
}

// fileTags files an article under its tags. Spellings that normalise alike
// (tashkeel, hamza forms, ta marbuta, case, spaces and hyphens) are one tag;
// nameTags then names its page.
func (s *Site) fileTags(idx *indexes, a *Article) {
	for i, tag := range a.Tags {
		key := idx.tagKey(tag, a.TagSlugs[i])
		t := idx.tags[key]
		if t == nil {
			t = &Term{Kind: KindTag, Slug: a.TagSlugs[i], Name: tag, Full: tag, URL: s.at(TagURL(a.TagSlugs[i]))}
			idx.tags[key] = t
		}
		if containsTerm(a.TagTerms, t) {
			continue // the same tag spelled twice in one article
		}
		t.Articles = append(t.Articles, a)
		a.TagTerms = append(a.TagTerms, t)
	}
}

// orderIndexes lists the terms with articles: the gazetteer's official
// order for its indexes, names for tags, newest first for years.
func (s *Site) orderIndexes(idx *indexes) {
	for _, r := range s.Gazetteer.Regions() {
		for _, p := range r.Provinces {
			if t := idx.provinces[p.Slug]; t != nil {
				s.Provinces = append(s.Provinces, t)
			}
		}
	}
	for _, f := range s.Gazetteer.FacilityTypes() {
		if t := idx.facilities[f.Slug]; t != nil {
			s.Facilities = append(s.Facilities, t)
		}
	}
	for _, t := range idx.tags {
		s.Tags = append(s.Tags, t)
	}
	sort.Slice(s.Tags, func(i, j int) bool { return s.Tags[i].Slug < s.Tags[j].Slug })
	for _, t := range idx.years {
		s.Years = append(s.Years, t)
	}
	sort.Slice(s.Years, func(i, j int) bool { return s.Years[i].Slug > s.Years[j].Slug })
}

// countBreakdowns counts what the index pages show of each term by
// another index: a region's provinces and facility types, a province's
// facility types, a facility type's regions (each with its own page).
func (s *Site) countBreakdowns() {
	for _, r := range s.Regions {
		for _, p := range s.Provinces {
			if p.Parent == r {
				r.Provinces = append(r.Provinces, &Count{Term: p, N: len(p.Articles), URL: p.URL})
			}
		}
		r.Facilities = facilityCounts(s.Facilities, r.Articles, func(f *Term) string { return s.at(FacilityRegionURL(f.Slug, r.Slug)) })
	}
	for _, p := range s.Provinces {
		p.Facilities = facilityCounts(s.Facilities, p.Articles, func(f *Term) string { return f.URL })
	}
	for _, f := range s.Facilities {
		for _, r := range s.Regions {
			var in []*Article
			for _, a := range f.Articles {
				if containsTerm(a.RegionTerms, r) {
					in = append(in, a)
				}
			}
			if len(in) == 0 {
				continue
			}
			sub := &Term{Kind: KindFacility, Slug: f.Slug, Name: f.Name, NameFR: f.NameFR, Full: f.Full,
				URL: s.at(FacilityRegionURL(f.Slug, r.Slug)), Parent: r, Articles: in}
			f.Regions = append(f.Regions, &Count{Term: r, N: len(in), URL: sub.URL})
			s.FacilityRegions = append(s.FacilityRegions, sub)
		}
	}
}

func facilityCounts(all []*Term, articles []*Article, link func(*Term) string) []*Count {
	var out []*Count
	for _, f := range all {
		n := 0
		for _, a := range articles {
			if containsTerm(a.FacilityTerms, f) {
				n++
			}
		}
		if n > 0 {
			out = append(out, &Count{Term: f, N: n, URL: link(f)})
		}
	}
	return out
}

func containsTerm(list []*Term, t *Term) bool {
	for _, x := range list {
		if x == t {
			return true
		}
	}
	return false
}

// tagKey is what spellings of one tag share: their folded form, or their
// address when another spelling has it already.
func (idx *indexes) tagKey(tag, slug string) string {
	if k, ok := idx.tagKeys[slug]; ok {
		return k
	}
	k := arabic.Fold(tag)
	if k == "" {
		k = slug
	}
	idx.tagKeys[slug] = k
	return k
}

// nameTags names each tag's page, and gives it its address, after the
// spelling most of its articles use (the first met on a tie: newest article
// first), and warns about each article that spells it otherwise: the
// editor is told, the build goes on.
func (idx *indexes) nameTags() diag.List {
	var warnings diag.List
	for _, key := range slices.Sorted(maps.Keys(idx.tags)) {
		t := idx.tags[key]
		count := map[string]int{}
		firstIn := map[string]*Article{} // spelling → the first article using it
		var order []string
		slugOf := map[string]string{}
		for _, a := range t.Articles {
			for i, tag := range a.Tags {
				if idx.tagKey(tag, a.TagSlugs[i]) != key {
					continue
				}
				if count[tag] == 0 {
					order = append(order, tag)
					firstIn[tag], slugOf[tag] = a, a.TagSlugs[i]
				}
				count[tag]++
			}
		}
		if len(order) < 2 {
			continue
		}
		name := order[0]
		for _, sp := range order[1:] {
			if count[sp] > count[name] {
				name = sp
			}
		}
		t.Name, t.Full, t.Slug = name, name, slugOf[name]
		t.URL = idx.prefix + TagURL(t.Slug)
		for _, a := range t.Articles {
			for i, tag := range a.Tags {
				if tag != name && idx.tagKey(tag, a.TagSlugs[i]) == key {
					warnings.Add(a.Path, 0, 0, "tag %q is written %q in %s: both are the one tag page %s, named %q; write it the same way everywhere", tag, name, firstIn[name].Path, t.URL, name)
				}
			}
		}
	}
	return warnings
}

func (s *Site) relateCached(cache *RelatedCache) {
	if cache == nil {
		s.relate()
		return
	}
	d := newDigester()
	d.int(int64(s.Config.RelatedArticles))
	for _, a := range s.Articles {
		d.str(a.Path)
		d.int(a.Date.UnixNano())
		for _, list := range [][]*Term{a.FacilityTerms, a.ProvinceTerms, a.RegionTerms, a.TagTerms} {
			d.int(int64(len(list)))
			for _, t := range list {
				d.str(t.URL)
			}
		}
	}
	sig := d.sum()
	if sig == cache.Signature && cache.ByPath != nil {
		for _, a := range s.Articles {
			paths := cache.ByPath[a.Path]
			a.Related = make([]*Article, 0, len(paths))
			for _, p := range paths {
				a.Related = append(a.Related, s.bySource[p])
			}
		}
		return
	}
	s.relate()
	cache.Signature = sig
	cache.ByPath = make(map[string][]string, len(s.Articles))
	for _, a := range s.Articles {
		paths := make([]string, len(a.Related))
		for i, r := range a.Related {
			paths[i] = r.Path
		}
		cache.ByPath[a.Path] = paths
	}
}

// relate picks each article's related articles by shared facility types,
// provinces, regions and tags. Candidates come from a window around the
// article in each of its index lists, so the cost stays linear in the site.
func (s *Site) relate() {
	n := s.Config.RelatedArticles
	if n == 0 {
		return
	}
	// Articles are independent here: split them among the cores, each
	// worker with its own score table indexed by article position (a map
	// per article cost more than the rest of the graph together).
	parallel.Workers(len(s.Articles), func() func(int) {
		scores := make([]int32, len(s.Articles))
		var touched []int
		return func(i int) {
			touched = s.relateOne(s.Articles[i], n, scores, touched[:0])
		}
	})
}

// relatedWindow bounds the candidates taken from each of an article's index
// lists: the neighbours in time, so the cost stays linear in the site.
const relatedWindow = 40

func (s *Site) relateOne(a *Article, n int, scores []int32, touched []int) []int {
	add := func(terms []*Term, weight int32) {
		for _, t := range terms {
			i := indexOf(t.Articles, a)
			lo, hi := max(0, i-relatedWindow), min(len(t.Articles), i+relatedWindow+1)
			for _, b := range t.Articles[lo:hi] {
				if b == a {
					continue
				}
				if scores[b.position] == 0 {
					touched = append(touched, b.position)
				}
				scores[b.position] += weight
			}
		}
	}
	add(a.FacilityTerms, 3)
	add(a.ProvinceTerms, 2)
	add(a.RegionTerms, 1)
	add(a.TagTerms, 1)
	// The best n by score, then nearest in time, then path: a selection
	// into a short list, as n is small and the candidates are many.
	better := func(x, y *Article) bool {
		if sx, sy := scores[x.position], scores[y.position]; sx != sy {
			return sx > sy
		}
		dx, dy := absDays(a.Date, x.Date), absDays(a.Date, y.Date)
		if dx != dy {
			return dx < dy
		}
		return x.Path < y.Path
	}
	related := make([]*Article, 0, n+1)
	for _, p := range touched {
		c := s.Articles[p]
		if len(related) == n && !better(c, related[n-1]) {
			continue
		}
		i := len(related)
		for i > 0 && better(c, related[i-1]) {
			i--
		}
		related = slices.Insert(related, i, c)
		if len(related) > n {
			related = related[:n]
		}
	}
	a.Related = related
	for _, p := range touched {
		scores[p] = 0
	}
	return touched
}

func indexOf(list []*Article, a *Article) int {
	// Lists are newest first; binary search by date then scan the ties.
	i := sort.Search(len(list), func(i int) bool { return !list[i].Date.After(a.Date) })
	for ; i < len(list); i++ {
		if list[i] == a {
			return i
		}
	}
	return 0
}

func absDays(a, b time.Time) int64 {
	d := a.Sub(b)
	if d < 0 {
		d = -d
	}
	return int64(d / (24 * time.Hour))
}

// ArticleBySource finds an article by its source path (content/…/x.md).
func (s *Site) ArticleBySource(p string) *Article { return s.bySource[p] }

// HasURL reports whether the site will serve a URL path.
func (s *Site) HasURL(p string) bool { return s.urls[p] }

// HasStatic reports whether the site publishes a file of static/ at the
// URL path u (the theme's or its own).
func (s *Site) HasStatic(u string) bool {
	_, ok := slices.BinarySearch(s.static, u)
	return ok
}

// Asset is the URL pages link a stylesheet or script by: its name with the
// hash of its content when the build gives one (Options.Assets), else u.
func (s *Site) Asset(u string) string {
	if hashed, ok := s.assets[u]; ok {
		return hashed
	}
	return u
}

// AbsURL joins the base URL and a site path.
func (s *Site) AbsURL(p string) string {
	return strings.TrimSuffix(s.Config.BaseURL, "/") + p
}
