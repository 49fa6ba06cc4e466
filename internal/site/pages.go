package site

// Layout names the template a page is rendered with.
type Layout string

// The layouts a theme provides.
const (
	LayoutHome    Layout = "home"
	LayoutArticle Layout = "article"
	LayoutList    Layout = "list"  // articles of one term, paginated
	LayoutTerms   Layout = "terms" // an index of terms (/regions/, /tags/ …)
	Layout404     Layout = "404"
	LayoutSearch  Layout = "search"
)

// SearchURL is the search page.
const SearchURL = "/search/"

// Page is one HTML file to write.
type Page struct {
	Layout Layout
	URL    string
	Title  string
	// Section is the top-level index the page belongs to, for navigation.
	Section string

	Article *Article
	Term    *Term
	Terms   []*Term // for LayoutTerms
	Pager   *Pager
	Feed    string // the Atom feed of this page, if any
	Crumbs  []Crumb
}

// Crumb is one step of a breadcrumb trail.
type Crumb struct {
	Name string
	URL  string
}

// Pager is one page of a paginated list. Its links (PrevURL, NextURL,
// Links) are made when the page is rendered: a large site's lists have tens
// of thousands of pages, whose links would otherwise be held all build long.
type Pager struct {
	Number   int
	Total    int
	Articles []*Article
	Count    int    // articles in the whole list
	base     string // the list's first page, the others are numbered from
}

// PrevURL is the page of newer articles, "" on the first page.
func (p *Pager) PrevURL() string {
	if p.Number <= 1 {
		return ""
	}
	return PageURL(p.base, p.Number-1)
}

// NextURL is the page of older articles, "" on the last page.
func (p *Pager) NextURL() string {
	if p.Number >= p.Total {
		return ""
	}
	return PageURL(p.base, p.Number+1)
}

// Links are the numbered links to show.
func (p *Pager) Links() []PageLink { return pageLinks(p.base, p.Number, p.Total) }

// PageLink is a numbered link in the pager.
type PageLink struct {
	Number  int
	URL     string
	Current bool
	Gap     bool // an ellipsis stands here instead
}

func (s *Site) paginate() {
	cfg := s.Config
	home := &Page{Layout: LayoutHome, URL: "/", Title: cfg.Title, Feed: "/" + FeedName,
		Pager: &Pager{Number: 1, Total: 1, Articles: head(s.Articles, cfg.HomeArticles), Count: len(s.Articles)}}
	s.Pages = append(s.Pages, home)
	s.Feeds = append(s.Feeds, &Feed{URL: "/" + FeedName, PageURL: "/", Title: cfg.Title, Articles: head(s.Articles, cfg.FeedLength)})

	for _, a := range s.Articles {
		crumbs := []Crumb{{"الرئيسية", "/"}}
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
		s.Pages = append(s.Pages, &Page{Layout: LayoutArticle, URL: a.URL, Title: a.Title, Section: RegionsURL, Article: a, Crumbs: crumbs})
	}

	home2 := Crumb{"الرئيسية", "/"}
	s.Pages = append(s.Pages,
		&Page{Layout: LayoutTerms, URL: RegionsURL, Title: "الجهات", Section: RegionsURL, Terms: s.Regions, Crumbs: []Crumb{home2}},
		&Page{Layout: LayoutTerms, URL: FacilitiesURL, Title: "أنواع المؤسسات", Section: FacilitiesURL, Terms: s.Facilities, Crumbs: []Crumb{home2}},
		&Page{Layout: LayoutTerms, URL: ArchiveURL, Title: "الأرشيف", Section: ArchiveURL, Terms: s.Years, Crumbs: []Crumb{home2}},
	)
	if len(s.Tags) > 0 {
		s.Pages = append(s.Pages, &Page{Layout: LayoutTerms, URL: TagsURL, Title: "الوسوم", Section: TagsURL, Terms: s.Tags, Crumbs: []Crumb{home2}})
	}

	list := func(t *Term, section, title string, crumbs []Crumb, feed bool) {
		feedURL := ""
		if feed {
			feedURL = t.FeedURL()
			s.Feeds = append(s.Feeds, &Feed{URL: feedURL, PageURL: t.URL, Title: title + " — " + cfg.Title, Articles: head(t.Articles, cfg.FeedLength)})
		}
		for _, pg := range Paginate(t.URL, t.Articles, cfg.PageSize) {
			s.Pages = append(s.Pages, &Page{Layout: LayoutList, URL: PageURL(t.URL, pg.Number), Title: title, Section: section, Term: t, Pager: pg, Feed: feedURL, Crumbs: crumbs})
		}
	}
	for _, r := range s.Regions {
		list(r, RegionsURL, r.Full, []Crumb{home2, {"الجهات", RegionsURL}}, true)
	}
	for _, p := range s.Provinces {
		list(p, RegionsURL, p.Full, []Crumb{home2, {"الجهات", RegionsURL}, {p.Parent.Full, p.Parent.URL}}, true)
	}
	for _, f := range s.Facilities {
		list(f, FacilitiesURL, f.Name, []Crumb{home2, {"أنواع المؤسسات", FacilitiesURL}}, true)
	}
	for _, f := range s.FacilityRegions {
		parent := s.facility(f.Slug)
		list(f, FacilitiesURL, f.Name+" في "+f.Parent.Full, []Crumb{home2, {"أنواع المؤسسات", FacilitiesURL}, {parent.Name, parent.URL}}, false)
	}
	for _, t := range s.Tags {
		list(t, TagsURL, "وسم: "+t.Name, []Crumb{home2, {"الوسوم", TagsURL}}, false)
	}
	for _, y := range s.Years {
		list(y, ArchiveURL, "أرشيف "+y.Name, []Crumb{home2, {"الأرشيف", ArchiveURL}}, false)
	}
	s.Pages = append(s.Pages,
		&Page{Layout: LayoutSearch, URL: SearchURL, Title: "البحث", Section: SearchURL, Crumbs: []Crumb{home2}},
		&Page{Layout: Layout404, URL: "/404.html", Title: "الصفحة غير موجودة"})

	for _, p := range s.Pages {
		s.urls[p.URL] = true
	}
	for _, f := range s.Feeds {
		s.urls[f.URL] = true
	}
	for _, extra := range []string{"/sitemap.xml", "/robots.txt"} {
		s.urls[extra] = true
	}
}

func (s *Site) facility(slug string) *Term {
	for _, f := range s.Facilities {
		if f.Slug == slug {
			return f
		}
	}
	return nil
}

// Paginate splits a list into pages of size articles; an empty list still
// has one (empty) page so that its index URL exists.
func Paginate(base string, articles []*Article, size int) []*Pager {
	total := max(1, (len(articles)+size-1)/size)
	pagers := make([]*Pager, total)
	for i := range total {
		lo, hi := i*size, min(len(articles), (i+1)*size)
		pagers[i] = &Pager{Number: i + 1, Total: total, Articles: articles[lo:hi], Count: len(articles), base: base}
	}
	return pagers
}

// pageLinks numbers the first, last and nearby pages, with gaps between, so
// the pager stays short on a phone however long the list.
func pageLinks(base string, current, total int) []PageLink {
	if total <= 1 {
		return nil
	}
	// Only the pages shown are visited, so a list of thousands of pages
	// costs the same per page as a short one.
	shown := []int{1}
	for n := max(2, current-2); n <= min(total-1, current+2); n++ {
		shown = append(shown, n)
	}
	shown = append(shown, total)
	var links []PageLink
	for i, n := range shown {
		if i > 0 && n > shown[i-1]+1 {
			links = append(links, PageLink{Gap: true})
		}
		links = append(links, PageLink{Number: n, URL: PageURL(base, n), Current: n == current})
	}
	return links
}

func head(list []*Article, n int) []*Article {
	if len(list) > n {
		return list[:n]
	}
	return list
}
