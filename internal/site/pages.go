package site

// Page is one HTML file to write.
type Page struct {
	Layout Layout
	URL    string
	Title  string
	// Section is the top-level index the page belongs to, for navigation.
	Section string

	Article *Article
	Plain   *Article // the plain page shown (LayoutPage)
	Term    *Term
	Terms   []*Term // for LayoutTerms
	Pager   *Pager
	Feed    string // the Atom feed of this page, if any
	Crumbs  []Crumb
	// Unlisted pages are left out of the sitemap (the 404 page).
	Unlisted bool
	// Alternates are the page in each of the site's languages it exists
	// in, itself included, in the order of site.toml (the default first).
	Alternates []Alternate

	site *Site
}

// Alternate is a page in one language.
type Alternate struct {
	Lang *Language
	URL  string
	page *Page
}

// Site is the graph of the page's language.
func (p *Page) Site() *Site { return p.site }

// Translation is the page in lang, or nil when it has none there.
func (p *Page) Translation(code string) *Alternate {
	for i := range p.Alternates {
		if p.Alternates[i].Lang.Code == code {
			return &p.Alternates[i]
		}
	}
	return nil
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
	lang     *Language
}

// Lang is the language of the list.
func (p *Pager) Lang() *Language { return p.lang }

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
func (p *Pager) Links() []PageLink {
	links := pageLinks(p.base, p.Number, p.Total)
	for i := range links {
		links[i].Lang = p.lang
	}
	return links
}

// PageLink is a numbered link in the pager.
type PageLink struct {
	Lang    *Language
	Number  int
	URL     string
	Current bool
	Gap     bool // an ellipsis stands here instead
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
