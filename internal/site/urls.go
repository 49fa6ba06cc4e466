package site

import (
	"net/url"
	"path"
	"strconv"
	"strings"

	"golang.org/x/text/unicode/norm"
)

// URL paths are built here and nowhere else, and the output writer maps them
// back to files with FileFor: one rule for writing and for linking, so a link
// always finds its page.

// ArticleURL is the page of an article.
func ArticleURL(slug string) string { return "/articles/" + slug + "/" }

// PlainURL is the address of a plain page: at the top, /about/.
func PlainURL(slug string) string { return "/" + slug + "/" }

// Section roots.
const (
	RegionsURL    = "/regions/"
	FacilitiesURL = "/facilities/"
	TagsURL       = "/tags/"
	ArchiveURL    = "/archive/"
	// StatisticsURL is the page of counts drawn as charts.
	StatisticsURL = "/statistics/"
	FeedName      = "feed.xml"
)

// RegionURL is a region's page.
func RegionURL(region string) string { return RegionsURL + region + "/" }

// ProvinceURL is a province's page, nested under its region.
func ProvinceURL(region, province string) string { return RegionsURL + region + "/" + province + "/" }

// FacilityURL is a facility type's page.
func FacilityURL(facility string) string { return FacilitiesURL + facility + "/" }

// FacilityRegionURL is a facility type's page filtered to one region.
func FacilityRegionURL(facility, region string) string {
	return FacilitiesURL + facility + "/" + region + "/"
}

// TagURL is a tag's page.
func TagURL(slug string) string { return TagsURL + slug + "/" }

// YearURL is an archive year.
func YearURL(year int) string { return ArchiveURL + strconv.Itoa(year) + "/" }

// PageURL is page n (1-based) of a paginated list whose first page is base.
func PageURL(base string, n int) string {
	if n <= 1 {
		return base
	}
	return base + "page/" + strconv.Itoa(n) + "/"
}

// FeedURL is the Atom feed of a list page.
func FeedURL(base string) string { return base + FeedName }

// FileFor maps a URL path to the file that serves it, relative to the output
// folder: "/regions/x/" → "regions/x/index.html".
func FileFor(urlPath string) string {
	p := strings.TrimPrefix(urlPath, "/")
	if p == "" || strings.HasSuffix(p, "/") {
		p += "index.html"
	}
	return p
}

// CleanLink normalises a site path as an editor may write it in a link:
// percent-decoded, NFC, with the trailing slash pages have.
func CleanLink(p string) string {
	if u, err := url.PathUnescape(p); err == nil {
		p = u
	}
	p = norm.NFC.String(p)
	p = path.Clean("/" + p)
	// A page may be linked by its file, as it is written on disk.
	if path.Base(p) == "index.html" {
		p = path.Dir(p)
	}
	if path.Ext(p) == "" && p != "/" {
		p += "/"
	}
	return p
}
