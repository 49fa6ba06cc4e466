package site

// The open data downloads: which articles the site publishes as data, and
// at which addresses. Package opendata encodes them; the build writes them.
// They are decided here, with the graph, so that the files written and the
// addresses a link may name cannot disagree.

// DataURL is the folder of the open data downloads.
const DataURL = "/data/"

// DataFormats are the extensions each data set is written with.
var DataFormats = []string{".csv", ".json"}

// A DataSet is one download: a list of published articles written as
// <URL>.csv and <URL>.json.
type DataSet struct {
	// URL is the files' address without the extension: /data/articles,
	// /data/regions/<region>.
	URL string
	// Region is the region the set is about; nil for every article.
	Region *Term
	// Articles are the set's published articles, newest first, as
	// Site.Articles.
	Articles []*Article
}

// DataArticlesURL is the set of every published article, without its
// extension.
const DataArticlesURL = DataURL + "articles"

// DataRegionURL is the set of one region's published articles, without its
// extension.
func DataRegionURL(region string) string { return DataURL + "regions/" + region }

// Published reports whether an article is one readers get: neither a draft
// (built with --drafts) nor one dated after the build (built with --future
// or by jihat serve). Data sets hold only these.
func (a *Article) Published() bool { return !a.Draft && !a.Scheduled }

// DataSets lists the downloads: every published article, then each region
// with published articles, in the regions' official order. The first set
// is always there, even empty, so that its address never breaks.
func (s *Site) DataSets() []DataSet {
	sets := []DataSet{{URL: DataArticlesURL, Articles: published(s.Articles)}}
	for _, r := range s.Regions {
		if list := published(r.Articles); len(list) > 0 {
			sets = append(sets, DataSet{URL: DataRegionURL(r.Slug), Region: r, Articles: list})
		}
	}
	return sets
}

// published keeps the published articles of a list, in order; the list
// itself when all are (the common case: no copy).
func published(list []*Article) []*Article {
	for i, a := range list {
		if a.Published() {
			continue
		}
		out := append([]*Article(nil), list[:i]...)
		for _, b := range list[i+1:] {
			if b.Published() {
				out = append(out, b)
			}
		}
		return out
	}
	return list
}

// DataURLs lists the addresses of the downloads' files, sets in the order
// of DataSets, each in the order of DataFormats.
func (s *Site) DataURLs() []string {
	var urls []string
	for _, d := range s.DataSets() {
		for _, ext := range DataFormats {
			urls = append(urls, d.URL+ext)
		}
	}
	return urls
}

// registerData declares the downloads' addresses, so that a link to one
// (/data/articles.csv) is a link to a page of the site. makePages calls it
// with the other addresses the site serves.
func (s *Site) registerData() {
	if !s.Lang.Default {
		return // the data are the default language's
	}
	for _, u := range s.DataURLs() {
		s.urls[u] = true
	}
}
