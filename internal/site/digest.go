package site

import (
	"crypto/sha256"
	"encoding/binary"
	"maps"
	"slices"
	"sync"

	"github.com/jihat/jihat/internal/content"
	"github.com/jihat/jihat/internal/parallel"
)

// Digest identifies the inputs of something built: equal digests, equal
// output. The build compares a page's digest with the previous build's to
// skip rendering it.
//
// What a page's digest covers is the dependency model shared by jihat build
// (with its cache) and jihat serve:
//   - the page's own fields: layout, URL, title, section, feed, crumbs,
//     pager;
//   - every article the page shows in full (Page.Shown: its article with
//     the related, newer and older articles, its pager's articles), each
//     with the way the page reaches it;
//   - the terms of the page (.Page.Term, .Page.Terms, the article's terms)
//     as lists: their names, counts and breakdowns, and which articles they
//     hold in which order;
//   - the site-wide lists the templates read through .Site (recorded while
//     rendering), each as its terms, their counts and which articles they
//     hold, and — since a template can reach any article's content through
//     them — the content of every article (see Aggregate).
//
// The caller adds the template set, the configuration and the build mode.
// A template that reaches further through the page (the title of the newer
// article of the newer article, or of an article of .Page.Term beyond its
// pager) is not followed.
type Digest [16]byte

// Aggregate names a site-wide list a template can read through .Site.
type Aggregate uint16

// The site-wide lists, as bits of a set.
const (
	AggRegions Aggregate = 1 << iota
	AggProvinces
	AggFacilities
	AggFacilityRegions
	AggTags
	AggHasTags
	AggYears
	AggArticles
	AggBuilt
	AggStatic // which files static/ publishes (a stylesheet to link)
	// AggRegionCounts is the regions' names, pages and counts of articles,
	// and nothing of the articles: what the map draws.
	AggRegionCounts
	// AggMenu is the menu of the graph's language, which may take its
	// links' names from the titles of translated pages.
	AggMenu
	aggEnd
)

// AggContents are the lists through which a template reaches articles'
// content (titles, bodies, word counts): a page that reads one shows every
// article in full.
const AggContents = AggRegions | AggProvinces | AggFacilities | AggFacilityRegions | AggTags | AggYears | AggArticles

// digester collects what a digest covers and hashes it once: one SHA-256
// over a buffer is far cheaper than a hash.Hash fed field by field.
type digester struct{ buf []byte }

// digesters recycles digesters: every page and term takes its digest on
// every build, gigabytes of buffers at 100,000 articles otherwise.
var digesters = sync.Pool{New: func() any { return &digester{buf: make([]byte, 0, 512)} }}

func newDigester() *digester {
	d := digesters.Get().(*digester)
	d.buf = d.buf[:0]
	return d
}

func (d *digester) str(s string) {
	d.int(int64(len(s)))
	d.buf = append(d.buf, s...)
}

func (d *digester) int(i int64) { d.buf = binary.AppendVarint(d.buf, i) }

func (d *digester) dig(x Digest) { d.buf = append(d.buf, x[:]...) }

func (d *digester) bytes(b []byte) { d.buf = append(d.buf, b...) }

// sum returns the digest and gives the digester back: it is not used after.
func (d *digester) sum() Digest {
	full := sha256.Sum256(d.buf)
	if cap(d.buf) <= 64<<10 { // a site-wide one is not worth keeping
		digesters.Put(d)
	}
	return Digest(full[:len(Digest{})])
}

// Version identifies everything an article shows: its source, its bundle's
// files and the answers its body's links got from the graph.
func (a *Article) Version() Digest { return a.version }

func (a *Article) computeVersion() {
	d := newDigester()
	d.bytes(a.Hash[:])
	d.str(a.URL)
	for _, name := range slices.Sorted(maps.Keys(a.Files)) {
		d.str(name)
		d.str(a.Files[name])
	}
	for _, p := range a.Photos {
		d.str(p.Name)
		d.str(p.Key)
	}
	for _, l := range a.Lookups {
		d.int(int64(l.Kind))
		d.str(l.Key)
		d.str(l.Answer)
	}
	a.version = d.sum()
}

// termDigest covers a term's own fields, counts and which articles it holds.
func (t *Term) computeDigest() {
	d := newDigester()
	d.str(string(t.Kind))
	d.str(t.Slug)
	d.str(t.Name)
	d.str(t.NameFR)
	d.str(t.Full)
	d.str(t.URL)
	if t.Parent != nil {
		d.str(t.Parent.URL)
	}
	d.int(int64(len(t.Articles)))
	for _, a := range t.Articles {
		d.str(a.URL)
	}
	for _, list := range [][]*Count{t.Provinces, t.Facilities, t.Regions} {
		d.int(int64(len(list)))
		for _, c := range list {
			d.str(c.Term.URL)
			d.str(c.Term.Name)
			d.int(int64(c.N))
			d.str(c.URL)
		}
	}
	t.digest = d.sum()
}

// Seal computes the digests once the bodies are converted; the graph must
// not change afterwards.
func (s *Site) Seal() {
	for _, ls := range s.languages {
		ls.seal()
	}
}

func (s *Site) seal() {
	parallel.For(len(s.Articles), func(i int) { s.Articles[i].computeVersion() })
	for _, a := range s.Plain {
		a.computeVersion()
	}
	terms := s.allTerms()
	parallel.For(len(terms), func(i int) { terms[i].computeDigest() })
	s.computeAggregates()
}

// computeAggregates digests every site-wide list, after any article's
// version changed.
func (s *Site) computeAggregates() {
	s.menu = s.makeMenu()
	d := newDigester()
	for _, a := range s.Articles {
		d.dig(a.version)
	}
	s.contents = d.sum()
	for agg := Aggregate(1); agg < aggEnd; agg <<= 1 {
		s.aggregates[agg] = s.computeAggregate(agg)
	}
}

func (s *Site) allTerms() []*Term {
	var all []*Term
	for _, list := range [][]*Term{s.Regions, s.Provinces, s.Facilities, s.FacilityRegions, s.Tags, s.Years} {
		all = append(all, list...)
	}
	return all
}

func (s *Site) computeAggregate(agg Aggregate) Digest {
	d := newDigester()
	if agg&AggContents != 0 {
		d.dig(s.contents)
	}
	terms := func(list []*Term) {
		d.int(int64(len(list)))
		for _, t := range list {
			d.dig(t.digest)
		}
	}
	switch agg {
	case AggRegions:
		terms(s.Regions)
	case AggProvinces:
		terms(s.Provinces)
	case AggFacilities:
		terms(s.Facilities)
	case AggFacilityRegions:
		terms(s.FacilityRegions)
	case AggTags:
		terms(s.Tags)
	case AggHasTags:
		d.int(int64(min(1, len(s.Tags))))
	case AggYears:
		terms(s.Years)
	case AggArticles:
		d.int(int64(len(s.Articles)))
		for _, a := range s.Articles {
			d.str(a.URL)
		}
	case AggBuilt:
		d.int(s.Built.UnixNano())
	case AggStatic:
		for _, u := range s.static {
			d.str(u)
		}
	case AggRegionCounts:
		d.int(int64(len(s.Regions)))
		for _, t := range s.Regions {
			d.str(t.Slug)
			d.str(t.URL)
			d.str(t.Name)
			d.str(t.Full)
			d.str(t.NameFR)
			d.int(int64(len(t.Articles)))
		}
	case AggMenu:
		for _, m := range s.Menu() {
			d.str(m.Name)
			d.str(m.URL)
		}
	}
	return d.sum()
}

// AggregateDigests combines the digests of a set of site-wide lists.
func (s *Site) AggregateDigests(set Aggregate) Digest {
	d := newDigester()
	d.int(int64(set))
	for agg := Aggregate(1); agg < aggEnd; agg <<= 1 {
		if set&agg != 0 {
			d.dig(s.aggregates[agg])
		}
	}
	return d.sum()
}

// PageDigest covers what the page shows (see Digest), before the
// templates' reads of site-wide lists are added.
func (s *Site) PageDigest(p *Page) Digest {
	d := newDigester()
	d.str(string(p.Layout))
	d.str(p.URL)
	d.str(p.Title)
	d.str(p.Section)
	d.str(p.Feed)
	for _, alt := range p.Alternates {
		d.str(alt.Lang.Code)
		d.str(alt.URL)
	}
	d.int(int64(len(p.Alternates)))
	for _, c := range p.Crumbs {
		d.str(c.Name)
		d.str(c.URL)
	}
	d.int(int64(len(p.Crumbs)))
	if p.Unlisted {
		d.int(1)
	}
	for via, a := range p.Shown() {
		d.int(int64(via))
		// The version covers the terms a card names too: their addresses
		// and names follow from the source and the configuration.
		d.dig(a.version)
	}
	if a := p.Article; a != nil {
		for _, list := range [][]*Term{a.RegionTerms, a.ProvinceTerms, a.FacilityTerms, a.TagTerms, {a.YearTerm}} {
			d.int(int64(len(list)))
			for _, t := range list {
				d.dig(t.digest)
			}
		}
	}
	if p.Term != nil {
		d.dig(p.Term.digest)
	}
	d.int(int64(len(p.Terms)))
	for _, t := range p.Terms {
		d.dig(t.digest)
	}
	if pg := p.Pager; pg != nil {
		d.int(int64(pg.Number))
		d.int(int64(pg.Total))
		d.int(int64(pg.Count))
		d.str(pg.base) // with Number and Total, the pager's links
	}
	return d.sum()
}

// FeedDigest covers a feed's entries.
func (s *Site) FeedDigest(f *Feed) Digest {
	d := newDigester()
	d.str(f.URL)
	d.str(f.PageURL)
	d.str(f.Title)
	d.int(s.Built.UnixNano())
	for _, a := range f.Articles {
		d.dig(a.version)
		for _, list := range [][]*Term{a.RegionTerms, a.ProvinceTerms, a.FacilityTerms} {
			for _, t := range list {
				d.str(t.URL)
				d.str(t.Full)
			}
		}
	}
	return d.sum()
}

// ListDigest covers the list of pages with their newest dates, which the
// sitemaps are made of, and the articles in order, which the search index
// is made of.
func (s *Site) ListDigest() Digest {
	d := newDigester()
	for _, ls := range s.languages {
		d.int(ls.Built.UnixNano())
	}
	for _, p := range s.Pages {
		d.str(p.URL)
		d.str(string(p.Layout))
		if p.Unlisted {
			d.int(1)
		}
	}
	for _, a := range s.AllArticles() {
		d.dig(a.version)
	}
	return d.sum()
}

// GraphKey is what of an article places it in the graph: its file, address,
// dates and terms. An edit that keeps it (a new body, title or summary)
// leaves every index, list and related choice as it was, so the graph can
// be kept and only the article replaced (see Replace).
func GraphKey(a *content.Article) Digest {
	d := newDigester()
	d.str(a.Path)
	d.str(a.Dir)
	d.str(a.Slug)
	d.str(a.Lang)
	d.str(a.TranslationKey)
	d.int(a.Date.UnixNano())
	d.int(a.Lastmod.UnixNano())
	d.str(a.Date.Location().String())
	if a.Draft {
		d.int(1)
	}
	for _, r := range a.Regions {
		d.str(r.Slug)
	}
	d.int(-1)
	for _, p := range a.Provinces {
		d.str(p.Slug)
	}
	d.int(-1)
	for _, f := range a.Facilities {
		d.str(f.Slug)
	}
	d.int(-1)
	for i, t := range a.Tags {
		d.str(t)
		if i < len(a.TagSlugs) {
			d.str(a.TagSlugs[i])
		}
	}
	d.int(-1)
	for _, r := range a.Resources {
		d.str(r)
	}
	return d.sum()
}

// Replace puts a new version of an article with the same GraphKey in its
// place. Convert (or Reconvert) it, then call Refresh.
func (s *Site) Replace(a *Article, ca *content.Article) {
	before := a.Title
	a.setSource(ca)
	// A page titled after the article it shows follows its title.
	for _, p := range s.Pages {
		if p.Article == a && p.Title == before {
			p.Title = a.Title
		}
	}
}

// setSource makes ca the article's source.
func (a *Article) setSource(ca *content.Article) {
	a.Article = ca
	a.Title, a.Summary, a.Date, a.Lastmod = ca.Title, ca.Summary, ca.Date, ca.Lastmod
	a.Files = map[string]string{}
	for _, res := range ca.Resources {
		a.Files[res] = ca.Dir + "/" + res
	}
}

// Refresh recomputes what depends on replaced articles' own text: their
// versions and the site-wide lists that reach them.
func (s *Site) Refresh(edited []*Article) {
	for _, a := range edited {
		a.computeVersion()
	}
	for _, ls := range s.languages {
		ls.computeAggregates()
	}
}
