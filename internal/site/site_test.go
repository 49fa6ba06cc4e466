package site

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"image"
	"image/color"
	"image/gif"
	"image/png"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/BurntSushi/toml"

	"github.com/jihat/jihat/internal/config"
	"github.com/jihat/jihat/internal/content"
	"github.com/jihat/jihat/internal/diag"
	"github.com/jihat/jihat/internal/gazetteer"
	"github.com/jihat/jihat/internal/photo"
)

// ---------------------------------------------------------------------------
// URLs

func TestURLBuilders(t *testing.T) {
	tests := []struct {
		name, got, want string
	}{
		{"article latin", ArticleURL("visit"), "/articles/visit/"},
		{"article arabic", ArticleURL("افتتاح-دار-الطالبة"), "/articles/افتتاح-دار-الطالبة/"},
		{"region", RegionURL("souss-massa"), "/regions/souss-massa/"},
		{"province", ProvinceURL("souss-massa", "taroudannt"), "/regions/souss-massa/taroudannt/"},
		{"facility", FacilityURL("dar-taliba"), "/facilities/dar-taliba/"},
		{"facility region", FacilityRegionURL("dar-taliba", "souss-massa"), "/facilities/dar-taliba/souss-massa/"},
		{"tag latin", TagURL("indh"), "/tags/indh/"},
		{"tag arabic", TagURL("تعليم"), "/tags/تعليم/"},
		{"year", YearURL(2024), "/archive/2024/"},
		{"page 0 is the base", PageURL("/regions/oriental/", 0), "/regions/oriental/"},
		{"page 1 is the base", PageURL("/regions/oriental/", 1), "/regions/oriental/"},
		{"page 2", PageURL("/regions/oriental/", 2), "/regions/oriental/page/2/"},
		{"page 12", PageURL("/tags/تعليم/", 12), "/tags/تعليم/page/12/"},
		{"page 2 of home", PageURL("/", 2), "/page/2/"},
		{"feed of home", FeedURL("/"), "/feed.xml"},
		{"feed of region", FeedURL(RegionURL("oriental")), "/regions/oriental/feed.xml"},
		{"term feed", (&Term{URL: "/facilities/dar-taleb/"}).FeedURL(), "/facilities/dar-taleb/feed.xml"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, tt.got, tt.want)
		}
	}
}

func TestFileFor(t *testing.T) {
	tests := []struct{ in, want string }{
		{"/", "index.html"},
		{"", "index.html"},
		{"/regions/", "regions/index.html"},
		{"/regions/souss-massa/", "regions/souss-massa/index.html"},
		{"/regions/souss-massa/page/2/", "regions/souss-massa/page/2/index.html"},
		{"/articles/افتتاح-دار-الطالبة/", "articles/افتتاح-دار-الطالبة/index.html"},
		{"/feed.xml", "feed.xml"},
		{"/regions/oriental/feed.xml", "regions/oriental/feed.xml"},
		{"/404.html", "404.html"},
		{"/style.css", "style.css"},
		{"/regions/index.html", "regions/index.html"},
	}
	for _, tt := range tests {
		if got := FileFor(tt.in); got != tt.want {
			t.Errorf("FileFor(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestCleanLink(t *testing.T) {
	const slug = "دار-الطالبة"
	upper := url.PathEscape(slug) // %D8%AF…
	lower := strings.ToLower(upper)
	if upper == lower || !strings.Contains(upper, "%D8") {
		t.Fatalf("test setup: escaping %q gave %q", slug, upper)
	}
	// آمنة: U+0622 decomposes to U+0627 U+0653.
	nfc := "آمنة"
	nfd := "\u0627\u0653" + "منة"
	if nfc == nfd {
		t.Fatal("test setup: NFC and NFD forms are equal")
	}
	tests := []struct{ in, want string }{
		{"/", "/"},
		{"", "/"},
		{"/articles/" + upper + "/", "/articles/" + slug + "/"},
		{"/articles/" + lower + "/", "/articles/" + slug + "/"},
		{"/articles/" + upper, "/articles/" + slug + "/"},
		{"/articles/" + slug + "/", "/articles/" + slug + "/"},
		{"/tags/" + nfd + "/", "/tags/" + nfc + "/"},
		{"/tags/" + url.PathEscape(nfd) + "/", "/tags/" + nfc + "/"},
		{"/regions/souss-massa", "/regions/souss-massa/"},
		{"/style.css", "/style.css"},
		{"/regions/oriental/feed.xml", "/regions/oriental/feed.xml"},
		{"/404.html", "/404.html"},
		{"/regions/oriental/../souss-massa", "/regions/souss-massa/"},
		{"/../../regions/", "/regions/"},
		{"/regions/./oriental/", "/regions/oriental/"},
		{"//regions//oriental//", "/regions/oriental/"},
		{"regions/oriental", "/regions/oriental/"},
		{"/archive/2024", "/archive/2024/"},
	}
	for _, tt := range tests {
		if got := CleanLink(tt.in); got != tt.want {
			t.Errorf("CleanLink(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// ---------------------------------------------------------------------------
// Pagination

func fakeArticles(n int) []*Article {
	list := make([]*Article, n)
	for i := range list {
		list[i] = &Article{}
		list[i].setSource(&content.Article{Slug: fmt.Sprint("a", i)})
	}
	return list
}

func TestPaginateEmpty(t *testing.T) {
	for _, list := range [][]*Article{nil, {}} {
		pages := Paginate("/tags/x/", list, 20)
		if len(pages) != 1 {
			t.Fatalf("%d pages for no articles, want 1", len(pages))
		}
		pg := pages[0]
		if pg.Number != 1 || pg.Total != 1 || len(pg.Articles) != 0 || pg.Count != 0 ||
			pg.PrevURL() != "" || pg.NextURL() != "" || pg.Links() != nil {
			t.Errorf("empty page = %+v", *pg)
		}
	}
}

func TestPaginate(t *testing.T) {
	const base = "/regions/oriental/"
	tests := []struct {
		n, size int
		sizes   []int
	}{
		{1, 20, []int{1}},
		{20, 20, []int{20}},
		{21, 20, []int{20, 1}},
		{4, 2, []int{2, 2}},
		{5, 2, []int{2, 2, 1}},
		{7, 1, []int{1, 1, 1, 1, 1, 1, 1}},
		{45, 10, []int{10, 10, 10, 10, 5}},
	}
	for _, tt := range tests {
		list := fakeArticles(tt.n)
		pages := Paginate(base, list, tt.size)
		var sizes []int
		var all []*Article
		for i, pg := range pages {
			sizes = append(sizes, len(pg.Articles))
			all = append(all, pg.Articles...)
			if pg.Number != i+1 || pg.Total != len(tt.sizes) || pg.Count != tt.n {
				t.Errorf("n=%d size=%d page %d: Number %d Total %d Count %d", tt.n, tt.size, i+1, pg.Number, pg.Total, pg.Count)
			}
			wantPrev, wantNext := "", ""
			if i == 1 {
				wantPrev = base
			} else if i > 1 {
				wantPrev = fmt.Sprintf("%spage/%d/", base, i)
			}
			if i+1 < len(tt.sizes) {
				wantNext = fmt.Sprintf("%spage/%d/", base, i+2)
			}
			if pg.PrevURL() != wantPrev || pg.NextURL() != wantNext {
				t.Errorf("n=%d size=%d page %d: prev %q next %q, want %q %q", tt.n, tt.size, i+1, pg.PrevURL(), pg.NextURL(), wantPrev, wantNext)
			}
		}
		if !slices.Equal(sizes, tt.sizes) {
			t.Errorf("n=%d size=%d: page sizes %v, want %v", tt.n, tt.size, sizes, tt.sizes)
		}
		if !slices.Equal(all, list) {
			t.Errorf("n=%d size=%d: pages do not hold the list in order exactly once", tt.n, tt.size)
		}
	}
}

// linksString writes a pager as "1 2* 3 … 50": current page starred, gaps as ….
func linksString(t *testing.T, base string, links []PageLink) string {
	t.Helper()
	var parts []string
	for _, l := range links {
		if l.Gap {
			if l.Number != 0 || l.URL != "" || l.Current {
				t.Errorf("gap link carries data: %+v", l)
			}
			parts = append(parts, "…")
			continue
		}
		if want := PageURL(base, l.Number); l.URL != want {
			t.Errorf("link %d: URL %q, want %q", l.Number, l.URL, want)
		}
		s := fmt.Sprint(l.Number)
		if l.Current {
			s += "*"
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, " ")
}

func TestPageLinks(t *testing.T) {
	const base = "/tags/تعليم/"
	tests := []struct {
		current, total int
		want           string
	}{
		{1, 1, ""},
		{1, 2, "1* 2"},
		{2, 2, "1 2*"},
		{1, 7, "1* 2 3 … 7"},
		{4, 7, "1 2 3 4* 5 6 7"},
		{7, 7, "1 … 5 6 7*"},
		{1, 50, "1* 2 3 … 50"},
		{4, 50, "1 2 3 4* 5 6 … 50"},
		{25, 50, "1 … 23 24 25* 26 27 … 50"},
		{50, 50, "1 … 48 49 50*"},
	}
	for _, tt := range tests {
		links := pageLinks(base, tt.current, tt.total)
		if got := linksString(t, base, links); got != tt.want {
			t.Errorf("pageLinks(current %d, total %d) = %q, want %q", tt.current, tt.total, got, tt.want)
		}
		if tt.total <= 1 && links != nil {
			t.Errorf("total %d: links %v, want nil", tt.total, links)
		}
	}
}

// The pager shows at most first, last, current±2 and two gaps, whatever the
// length of the list, and numbers its links in increasing order.
func TestPageLinksBounded(t *testing.T) {
	for total := 1; total <= 3000; total++ {
		for _, current := range []int{1, 2, 3, 4, total / 2, total - 2, total - 1, total} {
			if current < 1 || current > total {
				continue
			}
			links := pageLinks("/", current, total)
			if len(links) > 9 {
				t.Fatalf("total %d current %d: %d links, want at most 9", total, current, len(links))
			}
			if total == 1 {
				continue
			}
			last, currents := 0, 0
			for _, l := range links {
				if l.Gap {
					continue
				}
				if l.Number <= last {
					t.Fatalf("total %d current %d: numbers not increasing: %+v", total, current, links)
				}
				last = l.Number
				if l.Current {
					currents++
				}
			}
			if links[0].Number != 1 || links[len(links)-1].Number != total || currents != 1 {
				t.Fatalf("total %d current %d: first %d, last %d, %d current links", total, current, links[0].Number, links[len(links)-1].Number, currents)
			}
		}
	}
	// A long list paginated one per page: every pager stays short.
	pages := Paginate("/archive/2024/", fakeArticles(20000), 1)
	if len(pages) != 20000 {
		t.Fatalf("%d pages, want 20000", len(pages))
	}
	for _, pg := range pages {
		if len(pg.Links()) > 9 {
			t.Fatalf("page %d has %d links", pg.Number, len(pg.Links()))
		}
	}
}

// ---------------------------------------------------------------------------
// The graph

const a01 = "افتتاح-دار-الطالبة"

type spec struct {
	slug       string
	date       string
	regions    []string
	provinces  []string
	facilities []string
	tags       []string
}

// graphSpecs is a dozen articles, newest first: a02 is in two regions.
var graphSpecs = []spec{
	{a01, "2024-06-10", []string{"souss-massa"}, []string{"taroudannt"}, []string{"dar-taliba"}, []string{"تعليم", "نساء"}},
	{"a02", "2024-05-20", []string{"souss-massa", "draa-tafilalet"}, []string{"tiznit", "zagora"}, []string{"dar-taliba"}, []string{"تعليم"}},
	{"a03", "2024-04-01", []string{"oriental"}, []string{"nador"}, []string{"youth-centre"}, []string{"شباب"}},
	{"a04", "2024-03-15", []string{"souss-massa"}, []string{"taroudannt"}, []string{"youth-centre"}, []string{"INDH"}},
	{"a05", "2024-02-01", []string{"casablanca-settat"}, []string{"casablanca"}, []string{"kindergarten"}, []string{"طفولة"}},
	{"a06", "2023-12-31", []string{"souss-massa"}, nil, []string{"dar-taliba"}, nil},
	{"a07", "2023-11-11", []string{"oriental"}, []string{"oujda-angad"}, []string{"dar-taleb"}, nil},
	{"a08", "2023-07-07", []string{"draa-tafilalet"}, []string{"zagora"}, []string{"dar-taliba"}, []string{"تعليم"}},
	{"a09", "2023-03-03", []string{"fes-meknes"}, []string{"fes"}, nil, nil},
	{"a10", "2022-12-12", []string{"marrakech-safi"}, []string{"al-haouz"}, []string{"elderly-care-home"}, nil},
	{"a11", "2022-06-06", []string{"souss-massa"}, []string{"tiznit"}, []string{"kindergarten"}, nil},
	{"a12", "2022-01-01", []string{"dakhla-oued-ed-dahab"}, []string{"oued-ed-dahab"}, nil, nil},
}

func mustGazetteer(t testing.TB) *gazetteer.Gazetteer {
	t.Helper()
	g, err := gazetteer.Default()
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func makeArticles(t testing.TB, g *gazetteer.Gazetteer, specs []spec) []*content.Article {
	t.Helper()
	var list []*content.Article
	for _, sp := range specs {
		d, err := time.Parse("2006-01-02", sp.date)
		if err != nil {
			t.Fatal(err)
		}
		a := &content.Article{
			Path: "content/articles/" + sp.date[:4] + "/" + sp.slug + ".md", Dir: "content/articles/" + sp.date[:4],
			Title: "عنوان " + sp.slug, Slug: sp.slug, Date: d, Lastmod: d, Tags: sp.tags,
		}
		for _, r := range sp.regions {
			x := g.Region(r)
			if x == nil {
				t.Fatalf("no region %s", r)
			}
			a.Regions = append(a.Regions, x)
		}
		for _, p := range sp.provinces {
			x := g.Province(p)
			if x == nil {
				t.Fatalf("no province %s", p)
			}
			a.Provinces = append(a.Provinces, x)
		}
		for _, f := range sp.facilities {
			x := g.FacilityType(f)
			if x == nil {
				t.Fatalf("no facility type %s", f)
			}
			a.Facilities = append(a.Facilities, x)
		}
		list = append(list, a)
	}
	content.SortNewestFirst(list)
	return list
}

func graphConfig() *config.Site {
	cfg := config.Default()
	cfg.FeedLength = 3
	cfg.HomeArticles = 5
	return cfg
}

// themeLabels are the built-in theme's labels, as the build passes them.
func themeLabels(t testing.TB) map[string]Labels {
	t.Helper()
	var raw map[string]any
	if _, err := toml.DecodeFile("../../layouts/strings.toml", &raw); err != nil {
		t.Fatal(err)
	}
	labels := Labels{}
	for k, v := range raw {
		if text, ok := v.(string); ok {
			labels[k] = text
		}
	}
	return map[string]Labels{"ar": labels}
}

func newGraph(t *testing.T, cfg *config.Site, opts Options) *Site {
	t.Helper()
	if opts.Labels == nil {
		opts.Labels = themeLabels(t)
	}
	g := mustGazetteer(t)
	s, problems := New(cfg, g, makeArticles(t, g, graphSpecs), opts)
	if len(problems) > 0 {
		t.Fatalf("unexpected problems:\n%v", problems)
	}
	return s
}

func slugsOf(list []*Article) []string {
	out := make([]string, len(list))
	for i, a := range list {
		out[i] = a.Slug
	}
	return out
}

func countsOf(list []*Count) []string {
	out := make([]string, len(list))
	for i, c := range list {
		out[i] = fmt.Sprintf("%s:%d:%s", c.Term.Slug, c.N, c.URL)
	}
	return out
}

func article(t *testing.T, s *Site, slug string) *Article {
	t.Helper()
	for _, a := range s.Articles {
		if a.Slug == slug {
			return a
		}
	}
	t.Fatalf("no article %s", slug)
	return nil
}

func termBySlug(t *testing.T, list []*Term, slug string) *Term {
	t.Helper()
	for _, x := range list {
		if x.Slug == slug {
			return x
		}
	}
	t.Fatalf("no term %s", slug)
	return nil
}

func TestNewArticles(t *testing.T) {
	s := newGraph(t, graphConfig(), Options{})
	want := []string{a01, "a02", "a03", "a04", "a05", "a06", "a07", "a08", "a09", "a10", "a11", "a12"}
	if got := slugsOf(s.Articles); !slices.Equal(got, want) {
		t.Fatalf("articles %v, want %v", got, want)
	}
	for i, a := range s.Articles {
		if a.URL != ArticleURL(a.Slug) {
			t.Errorf("%s: URL %q", a.Slug, a.URL)
		}
		var newer, older *Article
		if i > 0 {
			newer = s.Articles[i-1]
		}
		if i+1 < len(s.Articles) {
			older = s.Articles[i+1]
		}
		if a.Newer != newer || a.Older != older {
			t.Errorf("%s: Newer/Older chain broken", a.Slug)
		}
		if s.ArticleBySource(a.Path) != a {
			t.Errorf("ArticleBySource(%q) is not the article", a.Path)
		}
	}
	if s.Articles[0].URL != "/articles/"+a01+"/" {
		t.Errorf("Arabic slug URL %q", s.Articles[0].URL)
	}
	if want := time.Date(2024, 6, 10, 0, 0, 0, 0, time.UTC); !s.Built.Equal(want) {
		t.Errorf("Built %v, want %v (newest lastmod)", s.Built, want)
	}
	if s.ArticleBySource("content/articles/2024/nope.md") != nil {
		t.Error("ArticleBySource found a missing file")
	}
}

func TestNewBuiltWithoutArticles(t *testing.T) {
	s, problems := New(config.Default(), mustGazetteer(t), nil, Options{})
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	if want := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC); !s.Built.Equal(want) {
		t.Errorf("Built %v, want %v", s.Built, want)
	}
	if len(s.Regions) != 12 || len(s.Provinces) != 0 || len(s.Tags) != 0 || len(s.Years) != 0 {
		t.Errorf("regions %d provinces %d tags %d years %d", len(s.Regions), len(s.Provinces), len(s.Tags), len(s.Years))
	}
	for _, u := range []string{"/", "/regions/", "/regions/oriental/", "/facilities/", "/archive/", "/search/", "/404.html", "/feed.xml"} {
		if !s.HasURL(u) {
			t.Errorf("empty site has no %s", u)
		}
	}
	if s.HasURL(TagsURL) {
		t.Error("a site without tags has a /tags/ page")
	}
}

func TestNewLastmodSetsBuilt(t *testing.T) {
	g := mustGazetteer(t)
	list := makeArticles(t, g, graphSpecs)
	list[5].Lastmod = time.Date(2024, 9, 1, 8, 0, 0, 0, time.UTC)
	s, _ := New(graphConfig(), g, list, Options{})
	if !s.Built.Equal(list[5].Lastmod) {
		t.Errorf("Built %v, want the newest lastmod %v", s.Built, list[5].Lastmod)
	}
}

func TestNewRegions(t *testing.T) {
	s := newGraph(t, graphConfig(), Options{})
	g := s.Gazetteer
	want := []struct {
		slug       string
		articles   []string
		provinces  []string
		facilities []string
	}{
		{"tanger-tetouan-al-hoceima", nil, nil, nil},
		{"oriental", []string{"a03", "a07"},
			[]string{"oujda-angad:1:/regions/oriental/oujda-angad/", "nador:1:/regions/oriental/nador/"},
			[]string{"dar-taleb:1:/facilities/dar-taleb/oriental/", "youth-centre:1:/facilities/youth-centre/oriental/"}},
		{"fes-meknes", []string{"a09"}, []string{"fes:1:/regions/fes-meknes/fes/"}, nil},
		{"rabat-sale-kenitra", nil, nil, nil},
		{"beni-mellal-khenifra", nil, nil, nil},
		{"casablanca-settat", []string{"a05"},
			[]string{"casablanca:1:/regions/casablanca-settat/casablanca/"},
			[]string{"kindergarten:1:/facilities/kindergarten/casablanca-settat/"}},
		{"marrakech-safi", []string{"a10"},
			[]string{"al-haouz:1:/regions/marrakech-safi/al-haouz/"},
			[]string{"elderly-care-home:1:/facilities/elderly-care-home/marrakech-safi/"}},
		{"draa-tafilalet", []string{"a02", "a08"},
			[]string{"zagora:2:/regions/draa-tafilalet/zagora/"},
			[]string{"dar-taliba:2:/facilities/dar-taliba/draa-tafilalet/"}},
		{"souss-massa", []string{a01, "a02", "a04", "a06", "a11"},
			[]string{"taroudannt:2:/regions/souss-massa/taroudannt/", "tiznit:2:/regions/souss-massa/tiznit/"},
			[]string{"kindergarten:1:/facilities/kindergarten/souss-massa/", "dar-taliba:3:/facilities/dar-taliba/souss-massa/", "youth-centre:1:/facilities/youth-centre/souss-massa/"}},
		{"guelmim-oued-noun", nil, nil, nil},
		{"laayoune-sakia-el-hamra", nil, nil, nil},
		{"dakhla-oued-ed-dahab", []string{"a12"}, []string{"oued-ed-dahab:1:/regions/dakhla-oued-ed-dahab/oued-ed-dahab/"}, nil},
	}
	if len(s.Regions) != len(want) {
		t.Fatalf("%d regions, want %d", len(s.Regions), len(want))
	}
	for i, w := range want {
		r := s.Regions[i]
		gr := g.Region(w.slug)
		if r.Slug != w.slug || r.Kind != KindRegion || r.URL != "/regions/"+w.slug+"/" ||
			r.Name != gr.NameAR || r.NameFR != gr.NameFR || r.Full != gr.NameARFull || r.Parent != nil {
			t.Errorf("region %d = %+v, want %s", i, *r, w.slug)
		}
		if got := slugsOf(r.Articles); !slices.Equal(got, w.articles) {
			t.Errorf("region %s articles %v, want %v", w.slug, got, w.articles)
		}
		if got := countsOf(r.Provinces); !slices.Equal(got, w.provinces) {
			t.Errorf("region %s provinces %v, want %v", w.slug, got, w.provinces)
		}
		if got := countsOf(r.Facilities); !slices.Equal(got, w.facilities) {
			t.Errorf("region %s facilities %v, want %v", w.slug, got, w.facilities)
		}
	}
	souss := termBySlug(t, s.Regions, "souss-massa")
	if souss.Full != "جهة سوس ماسة" || souss.Name != "سوس ماسة" {
		t.Errorf("souss-massa names %q %q", souss.Name, souss.Full)
	}
	// The article in two regions points at both, in its own order.
	a2 := article(t, s, "a02")
	var rs []string
	for _, r := range a2.RegionTerms {
		rs = append(rs, r.Slug)
	}
	if !slices.Equal(rs, []string{"souss-massa", "draa-tafilalet"}) {
		t.Errorf("a02 region terms %v", rs)
	}
}

func TestNewProvinces(t *testing.T) {
	s := newGraph(t, graphConfig(), Options{})
	g := s.Gazetteer
	want := []struct {
		slug, region string
		articles     []string
	}{
		{"oujda-angad", "oriental", []string{"a07"}},
		{"nador", "oriental", []string{"a03"}},
		{"fes", "fes-meknes", []string{"a09"}},
		{"casablanca", "casablanca-settat", []string{"a05"}},
		{"al-haouz", "marrakech-safi", []string{"a10"}},
		{"zagora", "draa-tafilalet", []string{"a02", "a08"}},
		{"taroudannt", "souss-massa", []string{a01, "a04"}},
		{"tiznit", "souss-massa", []string{"a02", "a11"}},
		{"oued-ed-dahab", "dakhla-oued-ed-dahab", []string{"a12"}},
	}
	if len(s.Provinces) != len(want) {
		var got []string
		for _, p := range s.Provinces {
			got = append(got, p.Slug)
		}
		t.Fatalf("provinces %v, want %d", got, len(want))
	}
	for i, w := range want {
		p := s.Provinces[i]
		gp := g.Province(w.slug)
		if p.Slug != w.slug || p.Kind != KindProvince || p.URL != ProvinceURL(w.region, w.slug) ||
			p.Parent == nil || p.Parent.Slug != w.region || p.Parent != termBySlug(t, s.Regions, w.region) ||
			p.Name != gp.NameAR || p.Full != gp.NameARFull {
			t.Errorf("province %d = %+v, want %s in %s", i, *p, w.slug, w.region)
		}
		if got := slugsOf(p.Articles); !slices.Equal(got, w.articles) {
			t.Errorf("province %s articles %v, want %v", w.slug, got, w.articles)
		}
	}
	if got, want := countsOf(termBySlug(t, s.Provinces, "taroudannt").Facilities),
		[]string{"dar-taliba:1:/facilities/dar-taliba/", "youth-centre:1:/facilities/youth-centre/"}; !slices.Equal(got, want) {
		t.Errorf("taroudannt facilities %v, want %v", got, want)
	}
	if got, want := countsOf(termBySlug(t, s.Provinces, "zagora").Facilities),
		[]string{"dar-taliba:2:/facilities/dar-taliba/"}; !slices.Equal(got, want) {
		t.Errorf("zagora facilities %v, want %v", got, want)
	}
	if got := countsOf(termBySlug(t, s.Provinces, "fes").Facilities); len(got) != 0 {
		t.Errorf("fes facilities %v, want none", got)
	}
}

func TestNewFacilities(t *testing.T) {
	s := newGraph(t, graphConfig(), Options{})
	g := s.Gazetteer
	want := []struct {
		slug     string
		articles []string
		regions  []string
	}{
		{"kindergarten", []string{"a05", "a11"}, []string{"casablanca-settat:1:/facilities/kindergarten/casablanca-settat/", "souss-massa:1:/facilities/kindergarten/souss-massa/"}},
		{"elderly-care-home", []string{"a10"}, []string{"marrakech-safi:1:/facilities/elderly-care-home/marrakech-safi/"}},
		{"dar-taliba", []string{a01, "a02", "a06", "a08"}, []string{"draa-tafilalet:2:/facilities/dar-taliba/draa-tafilalet/", "souss-massa:3:/facilities/dar-taliba/souss-massa/"}},
		{"dar-taleb", []string{"a07"}, []string{"oriental:1:/facilities/dar-taleb/oriental/"}},
		{"youth-centre", []string{"a03", "a04"}, []string{"oriental:1:/facilities/youth-centre/oriental/", "souss-massa:1:/facilities/youth-centre/souss-massa/"}},
	}
	if len(s.Facilities) != len(want) {
		t.Fatalf("%d facility types, want %d", len(s.Facilities), len(want))
	}
	for i, w := range want {
		f := s.Facilities[i]
		gf := g.FacilityType(w.slug)
		if f.Slug != w.slug || f.Kind != KindFacility || f.URL != FacilityURL(w.slug) || f.Name != gf.NameAR || f.NameFR != gf.NameFR || f.Full != gf.NameAR {
			t.Errorf("facility %d = %+v, want %s", i, *f, w.slug)
		}
		if got := slugsOf(f.Articles); !slices.Equal(got, w.articles) {
			t.Errorf("facility %s articles %v, want %v", w.slug, got, w.articles)
		}
		if got := countsOf(f.Regions); !slices.Equal(got, w.regions) {
			t.Errorf("facility %s regions %v, want %v", w.slug, got, w.regions)
		}
	}

	wantSub := []struct {
		url, facility, region string
		articles              []string
	}{
		{"/facilities/kindergarten/casablanca-settat/", "kindergarten", "casablanca-settat", []string{"a05"}},
		{"/facilities/kindergarten/souss-massa/", "kindergarten", "souss-massa", []string{"a11"}},
		{"/facilities/elderly-care-home/marrakech-safi/", "elderly-care-home", "marrakech-safi", []string{"a10"}},
		{"/facilities/dar-taliba/draa-tafilalet/", "dar-taliba", "draa-tafilalet", []string{"a02", "a08"}},
		{"/facilities/dar-taliba/souss-massa/", "dar-taliba", "souss-massa", []string{a01, "a02", "a06"}},
		{"/facilities/dar-taleb/oriental/", "dar-taleb", "oriental", []string{"a07"}},
		{"/facilities/youth-centre/oriental/", "youth-centre", "oriental", []string{"a03"}},
		{"/facilities/youth-centre/souss-massa/", "youth-centre", "souss-massa", []string{"a04"}},
	}
	if len(s.FacilityRegions) != len(wantSub) {
		t.Fatalf("%d facility-region terms, want %d", len(s.FacilityRegions), len(wantSub))
	}
	for i, w := range wantSub {
		sub := s.FacilityRegions[i]
		f := termBySlug(t, s.Facilities, w.facility)
		if sub.URL != w.url || sub.Slug != w.facility || sub.Kind != KindFacility || sub.Name != f.Name ||
			sub.Parent != termBySlug(t, s.Regions, w.region) {
			t.Errorf("facility-region %d = %+v, want %s", i, *sub, w.url)
		}
		if got := slugsOf(sub.Articles); !slices.Equal(got, w.articles) {
			t.Errorf("%s articles %v, want %v", w.url, got, w.articles)
		}
	}
}

func TestNewYearsAndTags(t *testing.T) {
	s := newGraph(t, graphConfig(), Options{})
	wantYears := []struct {
		slug     string
		articles []string
	}{
		{"2024", []string{a01, "a02", "a03", "a04", "a05"}},
		{"2023", []string{"a06", "a07", "a08", "a09"}},
		{"2022", []string{"a10", "a11", "a12"}},
	}
	if len(s.Years) != len(wantYears) {
		t.Fatalf("%d years, want %d", len(s.Years), len(wantYears))
	}
	for i, w := range wantYears {
		y := s.Years[i]
		if y.Slug != w.slug || y.Name != w.slug || y.Kind != KindYear || y.URL != "/archive/"+w.slug+"/" {
			t.Errorf("year %d = %+v, want %s", i, *y, w.slug)
		}
		if got := slugsOf(y.Articles); !slices.Equal(got, w.articles) {
			t.Errorf("year %s articles %v, want %v", w.slug, got, w.articles)
		}
		for _, a := range y.Articles {
			if a.YearTerm != y {
				t.Errorf("%s YearTerm is not %s", a.Slug, w.slug)
			}
		}
	}

	wantTags := []struct {
		slug, name string
		articles   []string
	}{
		{"indh", "INDH", []string{"a04"}},
		{"تعليم", "تعليم", []string{a01, "a02", "a08"}},
		{"شباب", "شباب", []string{"a03"}},
		{"طفولة", "طفولة", []string{"a05"}},
		{"نساء", "نساء", []string{a01}},
	}
	if len(s.Tags) != len(wantTags) {
		t.Fatalf("%d tags, want %d", len(s.Tags), len(wantTags))
	}
	for i, w := range wantTags {
		tag := s.Tags[i]
		if tag.Slug != w.slug || tag.Name != w.name || tag.Full != w.name || tag.Kind != KindTag || tag.URL != "/tags/"+w.slug+"/" {
			t.Errorf("tag %d = %+v, want %s", i, *tag, w.slug)
		}
		if got := slugsOf(tag.Articles); !slices.Equal(got, w.articles) {
			t.Errorf("tag %s articles %v, want %v", w.slug, got, w.articles)
		}
	}
	var tags []string
	for _, tt := range article(t, s, a01).TagTerms {
		tags = append(tags, tt.Slug)
	}
	if !slices.Equal(tags, []string{"تعليم", "نساء"}) {
		t.Errorf("a01 tag terms %v", tags)
	}
}

func TestRelated(t *testing.T) {
	s := newGraph(t, graphConfig(), Options{})
	want := map[string][]string{
		// dar-taliba (3) + souss (1) + تعليم (1) = 5 for a02; a06 and a08
		// tie at 4 and the nearer date wins; a04 shares province+region.
		a01: {"a02", "a06", "a08", "a04"},
		// a08 shares dar-taliba, zagora, draa and تعليم.
		"a02": {"a08", a01, "a06", "a11"},
		// a02 and a01 tie at 4: a02 is nearer in time.
		"a06": {"a02", a01, "a08", "a04"},
		// facility type only beats region only.
		"a03": {"a04", "a07"},
		"a05": {"a11"},
		"a09": {},
		"a12": {},
	}
	for slug, w := range want {
		a := article(t, s, slug)
		if got := slugsOf(a.Related); !slices.Equal(got, w) {
			t.Errorf("%s related %v, want %v", slug, got, w)
		}
	}
	for _, a := range s.Articles {
		if len(a.Related) > s.Config.RelatedArticles {
			t.Errorf("%s has %d related, more than %d", a.Slug, len(a.Related), s.Config.RelatedArticles)
		}
		seen := map[*Article]bool{}
		for _, b := range a.Related {
			if b == a {
				t.Errorf("%s is related to itself", a.Slug)
			}
			if seen[b] {
				t.Errorf("%s lists %s twice", a.Slug, b.Slug)
			}
			seen[b] = true
		}
	}
	// Deterministic: the same graph built again relates the same articles.
	for range 5 {
		again := newGraph(t, graphConfig(), Options{})
		for i, a := range again.Articles {
			if !slices.Equal(slugsOf(a.Related), slugsOf(s.Articles[i].Related)) {
				t.Fatalf("%s related %v, then %v", a.Slug, slugsOf(s.Articles[i].Related), slugsOf(a.Related))
			}
		}
	}
}

func TestRelatedCount(t *testing.T) {
	for _, n := range []int{0, 1, 2, 10} {
		cfg := graphConfig()
		cfg.RelatedArticles = n
		s := newGraph(t, cfg, Options{})
		full := []string{"a08", a01, "a06", "a11", "a04"} // everything a02 shares anything with
		want := full[:min(n, len(full))]
		got := slugsOf(article(t, s, "a02").Related)
		if n == 0 {
			if article(t, s, "a02").Related != nil {
				t.Errorf("RelatedArticles 0: related %v, want none", got)
			}
			continue
		}
		if !slices.Equal(got, want) {
			t.Errorf("RelatedArticles %d: related %v, want %v", n, got, want)
		}
	}
}

// A shared facility type outweighs a shared region even when the article
// sharing only the region is much nearer in time.
func TestRelatedPrefersFacility(t *testing.T) {
	g := mustGazetteer(t)
	list := makeArticles(t, g, []spec{
		{"x", "2024-06-01", []string{"souss-massa"}, nil, []string{"dar-taliba"}, nil},
		{"same-region", "2024-05-31", []string{"souss-massa"}, nil, []string{"youth-centre"}, nil},
		{"same-facility", "2019-01-01", []string{"oriental"}, nil, []string{"dar-taliba"}, nil},
		{"unrelated", "2024-05-30", []string{"oriental"}, nil, []string{"youth-centre"}, nil},
	})
	s, problems := New(config.Default(), g, list, Options{})
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	if got, want := slugsOf(article(t, s, "x").Related), []string{"same-facility", "same-region"}; !slices.Equal(got, want) {
		t.Errorf("related %v, want %v", got, want)
	}
}

// Ties in score and date fall back to the source path.
func TestRelatedTieByPath(t *testing.T) {
	g := mustGazetteer(t)
	list := makeArticles(t, g, []spec{
		{"x", "2024-06-02", []string{"oriental"}, nil, nil, nil},
		{"c", "2024-06-01", []string{"oriental"}, nil, nil, nil},
		{"b", "2024-06-03", []string{"oriental"}, nil, nil, nil},
		{"a", "2024-06-01", []string{"oriental"}, nil, nil, nil},
	})
	s, _ := New(config.Default(), g, list, Options{})
	if got, want := slugsOf(article(t, s, "x").Related), []string{"a", "b", "c"}; !slices.Equal(got, want) {
		t.Errorf("related %v, want %v", got, want)
	}
}

func TestPages(t *testing.T) {
	s := newGraph(t, graphConfig(), Options{})
	want := []string{"/", "/regions/", "/facilities/", "/archive/", "/tags/", "/search/", "/statistics/", "/404.html"}
	for _, a := range s.Articles {
		want = append(want, "/articles/"+a.Slug+"/")
	}
	for _, r := range mustGazetteer(t).Regions() {
		want = append(want, "/regions/"+r.Slug+"/")
	}
	want = append(want,
		"/regions/oriental/oujda-angad/", "/regions/oriental/nador/", "/regions/fes-meknes/fes/",
		"/regions/casablanca-settat/casablanca/", "/regions/marrakech-safi/al-haouz/",
		"/regions/draa-tafilalet/zagora/", "/regions/souss-massa/taroudannt/", "/regions/souss-massa/tiznit/",
		"/regions/dakhla-oued-ed-dahab/oued-ed-dahab/",
		"/facilities/kindergarten/", "/facilities/elderly-care-home/", "/facilities/dar-taliba/",
		"/facilities/dar-taleb/", "/facilities/youth-centre/",
		"/facilities/kindergarten/casablanca-settat/", "/facilities/kindergarten/souss-massa/",
		"/facilities/elderly-care-home/marrakech-safi/", "/facilities/dar-taliba/draa-tafilalet/",
		"/facilities/dar-taliba/souss-massa/", "/facilities/dar-taleb/oriental/",
		"/facilities/youth-centre/oriental/", "/facilities/youth-centre/souss-massa/",
		"/tags/indh/", "/tags/تعليم/", "/tags/شباب/", "/tags/طفولة/", "/tags/نساء/",
		"/archive/2024/", "/archive/2023/", "/archive/2022/",
	)
	if len(want) != 62 {
		t.Fatalf("test setup: %d expected URLs", len(want))
	}
	var got []string
	for _, p := range s.Pages {
		got = append(got, p.URL)
	}
	assertSameURLs(t, got, want)

	byURL := map[string]*Page{}
	for _, p := range s.Pages {
		byURL[p.URL] = p
	}
	home := byURL["/"]
	if home.Layout != LayoutHome || home.Feed != "/feed.xml" || home.Pager == nil ||
		len(home.Pager.Articles) != 5 || home.Pager.Count != 12 {
		t.Errorf("home page = %+v", *home)
	}
	if p := byURL["/404.html"]; p.Layout != Layout404 {
		t.Errorf("404 layout %q", p.Layout)
	}
	if p := byURL["/search/"]; p.Layout != LayoutSearch {
		t.Errorf("search layout %q", p.Layout)
	}
	if p := byURL["/regions/"]; p.Layout != LayoutTerms || len(p.Terms) != 12 {
		t.Errorf("regions index = %+v", *p)
	}
	if p := byURL["/regions/souss-massa/"]; p.Layout != LayoutList || p.Feed != "/regions/souss-massa/feed.xml" || p.Pager.Count != 5 || p.Section != RegionsURL {
		t.Errorf("souss-massa page = %+v", *p)
	}
	if p := byURL["/tags/تعليم/"]; p.Feed != "" || p.Title != "وسم: تعليم" || p.Section != TagsURL {
		t.Errorf("tag page = %+v", *p)
	}
	if p := byURL["/facilities/dar-taliba/souss-massa/"]; p.Feed != "" || p.Term.Parent.Slug != "souss-massa" || p.Title != "دار الطالبة في جهة سوس ماسة" {
		t.Errorf("facility-region page = %+v", *p)
	}
	// The breadcrumbs of an article in two regions follow its first region
	// and that region's province.
	g := s.Gazetteer
	p := byURL["/articles/a02/"]
	wantCrumbs := []Crumb{{"الرئيسية", "/"}, {g.Region("souss-massa").NameARFull, "/regions/souss-massa/"}, {g.Province("tiznit").NameARFull, "/regions/souss-massa/tiznit/"}}
	if p.Layout != LayoutArticle || p.Article == nil || p.Article.Slug != "a02" || !slices.Equal(p.Crumbs, wantCrumbs) {
		t.Errorf("a02 page = %+v, crumbs want %v", *p, wantCrumbs)
	}
}

func assertSameURLs(t *testing.T, got, want []string) {
	t.Helper()
	seen := map[string]int{}
	for _, u := range got {
		seen[u]++
	}
	for u, n := range seen {
		if n > 1 {
			t.Errorf("%s appears %d times", u, n)
		}
	}
	g, w := slices.Clone(got), slices.Clone(want)
	sort.Strings(g)
	sort.Strings(w)
	g = slices.Compact(g)
	for _, u := range w {
		if _, ok := slices.BinarySearch(g, u); !ok {
			t.Errorf("missing %s", u)
		}
	}
	for _, u := range g {
		if _, ok := slices.BinarySearch(w, u); !ok {
			t.Errorf("unexpected %s", u)
		}
	}
}

func TestPagesPaginated(t *testing.T) {
	cfg := graphConfig()
	cfg.PageSize = 2
	s := newGraph(t, cfg, Options{})
	var got []string
	byURL := map[string]*Page{}
	for _, p := range s.Pages {
		got = append(got, p.URL)
		byURL[p.URL] = p
	}
	// Every list is split into ceil(n/2) pages (one for an empty region).
	want := 1 + 12 + 7 // home, articles, the 4 term indexes, search, statistics, 404
	lists := [][]*Term{s.Regions, s.Provinces, s.Facilities, s.FacilityRegions, s.Tags, s.Years}
	for _, terms := range lists {
		for _, term := range terms {
			want += max(1, (len(term.Articles)+1)/2)
		}
	}
	if len(got) != want {
		t.Errorf("%d pages, want %d", len(got), want)
	}
	seen := map[string]bool{}
	for _, u := range got {
		if seen[u] {
			t.Errorf("%s appears twice", u)
		}
		seen[u] = true
	}
	for _, u := range []string{
		"/regions/souss-massa/", "/regions/souss-massa/page/2/", "/regions/souss-massa/page/3/",
		"/archive/2024/page/3/", "/archive/2023/page/2/", "/tags/تعليم/page/2/",
		"/facilities/dar-taliba/page/2/", "/facilities/dar-taliba/souss-massa/page/2/",
	} {
		if !seen[u] {
			t.Errorf("no page %s", u)
		}
	}
	for _, u := range []string{"/regions/souss-massa/page/4/", "/regions/oriental/page/2/", "/archive/2023/page/3/"} {
		if seen[u] {
			t.Errorf("unexpected page %s", u)
		}
	}
	p := byURL["/regions/souss-massa/page/2/"]
	if p.Pager.Number != 2 || p.Pager.Total != 3 || !slices.Equal(slugsOf(p.Pager.Articles), []string{"a04", "a06"}) ||
		p.Pager.PrevURL() != "/regions/souss-massa/" || p.Pager.NextURL() != "/regions/souss-massa/page/3/" ||
		p.Feed != "/regions/souss-massa/feed.xml" {
		t.Errorf("souss-massa page 2 = %+v pager %+v", *p, *p.Pager)
	}
}

func TestFeeds(t *testing.T) {
	s := newGraph(t, graphConfig(), Options{})
	var want []string
	want = append(want, "/feed.xml")
	for _, r := range mustGazetteer(t).Regions() {
		want = append(want, "/regions/"+r.Slug+"/feed.xml")
	}
	for _, p := range s.Provinces {
		want = append(want, p.URL+"feed.xml")
	}
	for _, f := range []string{"kindergarten", "elderly-care-home", "dar-taliba", "dar-taleb", "youth-centre"} {
		want = append(want, "/facilities/"+f+"/feed.xml")
	}
	var got []string
	byURL := map[string]*Feed{}
	for _, f := range s.Feeds {
		got = append(got, f.URL)
		byURL[f.URL] = f
		if len(f.Articles) > s.Config.FeedLength {
			t.Errorf("%s has %d entries, more than %d", f.URL, len(f.Articles), s.Config.FeedLength)
		}
	}
	if len(want) != 27 {
		t.Fatalf("test setup: %d feeds", len(want))
	}
	assertSameURLs(t, got, want)
	tests := []struct {
		url, page string
		articles  []string
	}{
		{"/feed.xml", "/", []string{a01, "a02", "a03"}},
		{"/regions/souss-massa/feed.xml", "/regions/souss-massa/", []string{a01, "a02", "a04"}},
		{"/regions/oriental/feed.xml", "/regions/oriental/", []string{"a03", "a07"}},
		{"/regions/rabat-sale-kenitra/feed.xml", "/regions/rabat-sale-kenitra/", nil},
		{"/facilities/dar-taliba/feed.xml", "/facilities/dar-taliba/", []string{a01, "a02", "a06"}},
	}
	for _, tt := range tests {
		f := byURL[tt.url]
		if f == nil {
			t.Errorf("no feed %s", tt.url)
			continue
		}
		if f.PageURL != tt.page || !slices.Equal(slugsOf(f.Articles), tt.articles) {
			t.Errorf("%s: page %s articles %v, want %s %v", tt.url, f.PageURL, slugsOf(f.Articles), tt.page, tt.articles)
		}
	}
	if byURL["/regions/souss-massa/feed.xml"].Title != "جهة سوس ماسة — جهات" {
		t.Errorf("feed title %q", byURL["/regions/souss-massa/feed.xml"].Title)
	}
}

func TestHasURL(t *testing.T) {
	s := newGraph(t, graphConfig(), Options{StaticFiles: map[string]string{
		"/style.css":     "static/style.css",
		"/img/logo.svg":  "static/img/logo.svg",
		"/favicon.ico":   "static/favicon.ico",
		"/fonts/ar.woff": "static/fonts/ar.woff",
	}})
	yes := []string{
		"/", "/articles/" + a01 + "/", "/articles/a12/", "/regions/", "/regions/tanger-tetouan-al-hoceima/",
		"/regions/souss-massa/taroudannt/", "/facilities/dar-taliba/souss-massa/", "/tags/", "/tags/تعليم/",
		"/archive/", "/archive/2022/", "/search/", "/404.html",
		"/feed.xml", "/regions/oriental/feed.xml", "/regions/souss-massa/tiznit/feed.xml", "/facilities/dar-taleb/feed.xml",
		"/sitemap.xml", "/robots.txt",
		"/style.css", "/img/logo.svg", "/favicon.ico", "/fonts/ar.woff",
	}
	no := []string{
		"/articles/a13/", "/articles/a01", "/regions/souss-massa/page/2/", "/tags/تعليم/feed.xml",
		"/archive/2021/", "/regions/oriental/figuig/", "/facilities/creche/", "/facilities/dar-taliba/oriental/",
		"/script.js", "/index.html", "",
	}
	for _, u := range yes {
		if !s.HasURL(u) {
			t.Errorf("HasURL(%q) = false, want true", u)
		}
	}
	for _, u := range no {
		if s.HasURL(u) {
			t.Errorf("HasURL(%q) = true, want false", u)
		}
	}
}

// A file in static/ is served at its own path; it clashes with a generated
// page or feed when both would be written to the same output file, whatever
// way the two URLs are spelled.
func TestStaticClash(t *testing.T) {
	tests := []struct {
		name   string
		static map[string]string
		// want is the URL reported for each clashing file; empty for none.
		want       map[string]string
		regression string // the bug this case caught (now fixed)
	}{
		{"no clash", map[string]string{"/style.css": "static/style.css", "/regions/extra.css": "static/regions/extra.css"}, nil, ""},
		{"404 page", map[string]string{"/404.html": "static/404.html"}, map[string]string{"static/404.html": "/404.html"}, ""},
		{"home feed", map[string]string{"/feed.xml": "static/feed.xml"}, map[string]string{"static/feed.xml": "/feed.xml"}, ""},
		{"robots", map[string]string{"/robots.txt": "static/robots.txt"}, map[string]string{"static/robots.txt": "/robots.txt"}, ""},
		{"region feed", map[string]string{"/regions/oriental/feed.xml": "static/regions/oriental/feed.xml"},
			map[string]string{"static/regions/oriental/feed.xml": "/regions/oriental/feed.xml"}, ""},
		{"page URL key", map[string]string{"/regions/": "static/regions/index.html"}, map[string]string{"static/regions/index.html": "/regions/"}, ""},
		// What listStatic really produces: the URL of static/regions/index.html
		// is /regions/index.html, which FileFor maps onto the same file as
		// the generated /regions/.
		{"regions index file", map[string]string{"/regions/index.html": "static/regions/index.html"},
			map[string]string{"static/regions/index.html": "/regions/"},
			"site.go:168 compares the static URL /regions/index.html with page URLs, not FileFor output files, so static/regions/index.html silently clashes with the generated /regions/ page (regions/index.html)"},
		{"home index file", map[string]string{"/index.html": "static/index.html"},
			map[string]string{"static/index.html": "/"},
			"site.go:168: static/index.html (URL /index.html) clashes with the home page / (index.html) but is not reported"},
		{"article index file", map[string]string{"/articles/a02/index.html": "static/articles/a02/index.html"},
			map[string]string{"static/articles/a02/index.html": "/articles/a02/"},
			"site.go:168: static/articles/a02/index.html clashes with the page /articles/a02/ but is not reported"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := mustGazetteer(t)
			s, problems := New(graphConfig(), g, makeArticles(t, g, graphSpecs), Options{StaticFiles: tt.static})
			if len(problems) != len(tt.want) {
				t.Fatalf("%d problems, want %d:\n%v", len(problems), len(tt.want), problems)
			}
			for _, p := range problems {
				u, ok := tt.want[p.Path]
				if !ok {
					t.Errorf("problem reported at %s: %v", p.Path, p)
					continue
				}
				if want := fmt.Sprintf("this file would replace the generated %s: rename or move it", u); p.Msg.String() != want {
					t.Errorf("message %q, want %q", p.Msg, want)
				}
			}
			for u := range tt.static {
				if !s.HasURL(u) {
					t.Errorf("HasURL(%q) = false for a static file", u)
				}
			}
		})
	}
}

// Spellings of a tag that normalise to one page are one tag: the page takes
// the spelling most articles use (the newest article's on a tie), and each
// article spelling it otherwise gets a warning naming a file with the
// page's spelling. The build goes on.
func TestTagSpellingsMerged(t *testing.T) {
	g := mustGazetteer(t)
	tests := []struct {
		name   string
		tags   [3]string // of the articles new, old and other, newest first
		page   string
		warned []string // slug of each warned article, with its spelling
		from   string   // the file named as using the page's spelling
	}{
		{"tashkeel", [3]string{"تعليم", "تَعليم", "تعليم"}, "تعليم", []string{"old تَعليم"}, "new"},
		{"latin case", [3]string{"Education", "education", "Education"}, "Education", []string{"old education"}, "new"},
		{"punctuation", [3]string{"دار الطالبة", "دار-الطالبة", "دار الطالبة"}, "دار الطالبة", []string{"old دار-الطالبة"}, "new"},
		{"the older spelling used more", [3]string{"إدماج", "ادماج", "ادماج"}, "ادماج", []string{"new إدماج"}, "old"},
		{"one address, folded apart", [3]string{"M'diq", "M diq", "M'diq"}, "M'diq", []string{"old M diq"}, "new"},
		{"hamza forms, a tie", [3]string{"أسرة", "اسرة", "أسره"}, "أسرة", []string{"old اسرة", "other أسره"}, "new"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			list := makeArticles(t, g, []spec{
				{"new", "2024-02-02", []string{"oriental"}, nil, nil, []string{tt.tags[0]}},
				{"old", "2024-01-01", []string{"oriental"}, nil, nil, []string{tt.tags[1]}},
				{"other", "2023-01-01", []string{"oriental"}, nil, nil, []string{tt.tags[2]}},
			})
			s, problems := New(config.Default(), g, list, Options{})
			if len(problems) != 0 {
				t.Fatalf("problems: %v", problems)
			}
			if len(s.Tags) != 1 {
				t.Fatalf("%d tag terms, want 1", len(s.Tags))
			}
			tag := s.Tags[0]
			if tag.Name != tt.page || !slices.Equal(slugsOf(tag.Articles), []string{"new", "old", "other"}) {
				t.Errorf("tag %q articles %v, want %q", tag.Name, slugsOf(tag.Articles), tt.page)
			}
			path := map[string]string{"new": "content/articles/2024/new.md", "old": "content/articles/2024/old.md", "other": "content/articles/2023/other.md"}
			var want diag.List
			for _, w := range tt.warned {
				slug, spelling, _ := strings.Cut(w, " ")
				want.Add(path[slug], 0, 0, "tag %q is written %q in %s: both are the one tag page %s, named %q; write it the same way everywhere",
					spelling, tt.page, path[tt.from], tag.URL, tt.page)
			}
			want.Sort()
			if got := s.Warnings(); fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("warnings\n got %v\nwant %v", got, want)
			}
		})
	}
}

// One article writing a tag two ways is listed once on the tag's page, and
// the editor is warned once.
func TestTagTwoSpellingsInOneArticle(t *testing.T) {
	g := mustGazetteer(t)
	list := makeArticles(t, g, []spec{{"x", "2024-01-01", []string{"oriental"}, nil, nil, []string{"INDH", "indh"}}})
	s, problems := New(config.Default(), g, list, Options{})
	if len(s.Tags) != 1 || len(s.Tags[0].Articles) != 1 {
		t.Errorf("tag terms: %d, articles %v; want one term with the article once", len(s.Tags), slugsOf(s.Tags[0].Articles))
	}
	if len(problems) != 0 || len(s.Warnings()) != 1 {
		t.Errorf("problems %v, warnings %v; want one warning", problems, s.Warnings())
	}
}

// ---------------------------------------------------------------------------
// Convert

const (
	draftReason = "it is a draft (draft: true); drafts are published only with --drafts"
	arabicSlug  = "دار-الطالبة"
)

func writePNG(t *testing.T, path string, w, h int) {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for x := range w {
		for y := range h {
			img.Set(x, y, color.RGBA{uint8(40 * x), uint8(60 * y), 200, 255})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	writeFile(t, path, buf.Bytes())
}

func writeGIF(t *testing.T, path string, w, h int) {
	t.Helper()
	img := image.NewPaletted(image.Rect(0, 0, w, h), color.Palette{color.Black, color.White})
	var buf bytes.Buffer
	if err := gif.Encode(&buf, img, nil); err != nil {
		t.Fatal(err)
	}
	writeFile(t, path, buf.Bytes())
}

func pngChunk(typ string, data []byte) []byte {
	c := binary.BigEndian.AppendUint32(nil, uint32(len(data)))
	c = append(append(c, typ...), data...)
	return binary.BigEndian.AppendUint32(c, crc32.ChecksumIEEE(c[4:]))
}

// keyOf is the start of the photo Key of a file of the test site, as the
// names of its variants hold it.
func keyOf(t *testing.T, root, rel string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(rel)))
	if err != nil {
		t.Fatal(err)
	}
	return photo.Key(data, PhotoOptions)[:8]
}

func writeFile(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// convertSite lays out a site root with a bundle article (visit) holding a
// 3×2 PNG, an Arabic-named 5×4 PNG and a PDF, plus a PNG outside it.
func convertSite(t *testing.T, visitBody string) (*Site, string) {
	t.Helper()
	root := t.TempDir()
	bundle := filepath.Join(root, "content", "articles", "2024", "visit")
	writePNG(t, filepath.Join(bundle, "photo.png"), 3, 2)
	writePNG(t, filepath.Join(bundle, "صورة.png"), 5, 4)
	writeFile(t, filepath.Join(bundle, "report.pdf"), []byte("%PDF-1.4 not really"))
	writeFile(t, filepath.Join(bundle, "notes.txt"), []byte("not an image"))
	writePNG(t, filepath.Join(root, "content", "articles", "2024", "x.png"), 1, 1)
	writeGIF(t, filepath.Join(bundle, "map.gif"), 3, 2)
	// A PNG whose header claims 10000×6000 (60 megapixels).
	ihdr := binary.BigEndian.AppendUint32(binary.BigEndian.AppendUint32(nil, 10000), 6000)
	ihdr = append(ihdr, 8, 2, 0, 0, 0)
	writeFile(t, filepath.Join(bundle, "huge.png"), append([]byte("\x89PNG\r\n\x1a\n"), pngChunk("IHDR", ihdr)...))

	g := mustGazetteer(t)
	souss := []*gazetteer.Region{g.Region("souss-massa")}
	day := func(d int) time.Time { return time.Date(2024, 3, d, 0, 0, 0, 0, time.UTC) }
	articles := []*content.Article{
		{Path: "content/articles/2024/visit/index.md", Dir: "content/articles/2024/visit", IsBundle: true,
			Title: "زيارة", Slug: "visit", Date: day(3), Lastmod: day(3), Regions: souss,
			Image: "photo.png", ImageAlt: "صورة", ImageLine: 6, Body: []byte(visitBody), BodyLine: 10},
		{Path: "content/articles/2024/other.md", Dir: "content/articles/2024",
			Title: "مقال آخر", Summary: "ملخص المقال الآخر", Slug: "other", Date: day(2), Lastmod: day(2), Regions: souss,
			Body: []byte("فقرة أولى فيها [زيارة](visit/index.md).\n"), BodyLine: 5},
		{Path: "content/articles/2023/" + arabicSlug + ".md", Dir: "content/articles/2023",
			Title: "دار الطالبة", Slug: arabicSlug, Date: day(1), Lastmod: day(1), Regions: souss,
			Body: []byte("فقرة قصيرة أولى.\n\nفقرة ثانية.\n"), BodyLine: 4},
	}
	s, problems := New(config.Default(), g, articles, Options{
		StaticFiles: map[string]string{"/style.css": "static/style.css"},
		Unpublished: map[string]string{"content/articles/2024/draft.md": draftReason},
	})
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	return s, root
}

func TestResolverLink(t *testing.T) {
	s, root := convertSite(t, "")
	upper := url.PathEscape(arabicSlug)
	tests := []struct {
		dest, want, err string
	}{
		{"../other.md", "/articles/other/", ""},
		{"../other.md#section", "/articles/other/#section", ""},
		{"./../other.md", "/articles/other/", ""},
		{"/content/articles/2024/other.md", "/articles/other/", ""},
		{"../../2023/" + arabicSlug + ".md", "/articles/" + arabicSlug + "/", ""},
		{"../../2023/" + upper + ".md", "/articles/" + arabicSlug + "/", ""},
		{"/articles/other/", "/articles/other/", ""},
		{"/articles/other", "/articles/other/", ""},
		{"/articles/other/#top", "/articles/other/#top", ""},
		{"/articles/" + upper + "/", "/articles/" + arabicSlug + "/", ""},
		{"/articles/" + strings.ToLower(upper) + "/", "/articles/" + arabicSlug + "/", ""},
		{"/regions/souss-massa", "/regions/souss-massa/", ""},
		{"/style.css", "/style.css", ""},
		{"/feed.xml", "/feed.xml", ""},
		{"https://example.org/x", "https://example.org/x", ""},
		{"#top", "#top", ""},
		{"mailto:desk@example.org", "mailto:desk@example.org", ""},
		{"report.pdf", "report.pdf", ""},
		{"./report.pdf", "./report.pdf", ""},
		{"", "", "empty link: put the address between the parentheses, [text](/articles/…/)"},
		{"../missing.md", "", `link to "../missing.md": there is no article content/articles/2024/missing.md (check the file name and folder)`},
		{"../draft.md", "", `link to "../draft.md": content/articles/2024/draft.md is not published: ` + draftReason},
		{"/articles/nope/", "", `link to "/articles/nope/": this site has no page /articles/nope/: link to an article by its address /articles/<slug>/ or by its file, e.g. ../2023/visit.md`},
		{"/regions/atlantis/", "", `link to "/regions/atlantis/": this site has no page /regions/atlantis/`},
		{"../x.png", "", `link to "../x.png": files an article uses must be in its own folder (write content/…/<article>/index.md and put the file beside it)`},
		{"missing.pdf", "", `link to "missing.pdf": no file content/articles/2024/visit/missing.pdf`},
	}
	for _, tt := range tests {
		visit := s.ArticleBySource("content/articles/2024/visit/index.md")
		visit.Files = map[string]string{}
		r := &resolver{site: s, opts: &ConvertOptions{Root: root}, article: visit, sizes: &imageSizes{root: root, known: map[string]imageFacts{}}, out: &Converted{Attached: map[string]string{}}}
		got, err := r.Link(tt.dest)
		if tt.err != "" {
			if err == nil || err.Error() != tt.err {
				t.Errorf("Link(%q) error %v, want %q", tt.dest, err, tt.err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("Link(%q) = %q, %v; want %q", tt.dest, got, err, tt.want)
		}
	}
	// A file linked beside the article is recorded to be copied.
	visit := s.ArticleBySource("content/articles/2024/visit/index.md")
	out := &Converted{Attached: map[string]string{}}
	r := &resolver{site: s, opts: &ConvertOptions{Root: root}, article: visit, sizes: &imageSizes{root: root, known: map[string]imageFacts{}}, out: out}
	if _, err := r.Link("./report.pdf"); err != nil {
		t.Fatal(err)
	}
	if want := map[string]string{"report.pdf": "content/articles/2024/visit/report.pdf"}; !mapsEqual(out.Attached, want) {
		t.Errorf("Attached %v, want %v", out.Attached, want)
	}
}

func mapsEqual(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

func TestResolverImage(t *testing.T) {
	s, root := convertSite(t, "")
	photoPNG := PhotoDir + "/photo.3w." + keyOf(t, root, "content/articles/2024/visit/photo.png") + ".png"
	arabicPNG := PhotoDir + "/" + url.PathEscape("صورة") + ".5w." + keyOf(t, root, "content/articles/2024/visit/صورة.png") + ".png"
	tests := []struct {
		dest, src string
		w, h      int
		err       string
	}{
		// A PNG or JPEG is shown as its variants; a GIF as it is.
		{"photo.png", photoPNG, 3, 2, ""},
		{"./photo.png", photoPNG, 3, 2, ""},
		{"صورة.png", arabicPNG, 5, 4, ""},
		{url.PathEscape("صورة.png"), arabicPNG, 5, 4, ""},
		{"map.gif", "map.gif", 3, 2, ""},
		{"./map.gif", "./map.gif", 3, 2, ""},
		{"huge.png", "", 0, 0, `image "huge.png": content/articles/2024/visit/huge.png is 10000×6000 pixels (60.0 megapixels): Jihat makes the published sizes of photos up to 50 megapixels; save it smaller (a phone's 12-megapixel photo is fine)`},
		{"../x.png", "", 0, 0, `image "../x.png": files an article uses must be in its own folder (write content/…/<article>/index.md and put the file beside it)`},
		{"sub/../../x.png", "", 0, 0, `image "sub/../../x.png": files an article uses must be in its own folder (write content/…/<article>/index.md and put the file beside it)`},
		{"/photo.png", "", 0, 0, `image "/photo.png": put the photo in the article's folder (content/…/<article>/photo.jpg) and write its file name`},
		{"https://example.org/x.png", "", 0, 0, `image "https://example.org/x.png" is on another site: put the photo in the article's folder so the page works offline and the size is known`},
		{"//cdn.example.org/x.png", "", 0, 0, `image "//cdn.example.org/x.png" is on another site: put the photo in the article's folder so the page works offline and the size is known`},
		{"missing.png", "", 0, 0, `image "missing.png": no file content/articles/2024/visit/missing.png`},
		{"notes.txt", "", 0, 0, `image "notes.txt": cannot read the size of content/articles/2024/visit/notes.txt (image: unknown format): use a JPEG, PNG, GIF or WebP photo`},
	}
	for _, tt := range tests {
		visit := s.ArticleBySource("content/articles/2024/visit/index.md")
		r := &resolver{site: s, opts: &ConvertOptions{Root: root}, article: visit, sizes: &imageSizes{root: root, known: map[string]imageFacts{}}, out: &Converted{Attached: map[string]string{}}}
		im, err := r.Image(tt.dest)
		if tt.err != "" {
			if err == nil || err.Error() != tt.err {
				t.Errorf("Image(%q) error %v, want %q", tt.dest, err, tt.err)
			}
			continue
		}
		if err != nil || im.Src != tt.src || im.Width != tt.w || im.Height != tt.h {
			t.Errorf("Image(%q) = %q %d×%d %v; want %q %d×%d", tt.dest, im.Src, im.Width, im.Height, err, tt.src, tt.w, tt.h)
		}
		// A photo offers its one variant (smaller than 480 pixels) in
		// srcset, and is not copied as it is.
		isPhoto := strings.HasSuffix(tt.dest, ".png")
		if wantSrcset := tt.src + " " + fmt.Sprint(tt.w) + "w"; isPhoto && (im.Srcset != wantSrcset || im.Sizes != PhotoSizes) {
			t.Errorf("Image(%q): srcset %q sizes %q, want %q and %q", tt.dest, im.Srcset, im.Sizes, wantSrcset, PhotoSizes)
		}
		if !isPhoto && (im.Srcset != "" || im.Sizes != "") {
			t.Errorf("Image(%q): srcset %q sizes %q for an image shown as it is", tt.dest, im.Srcset, im.Sizes)
		}
		if _, copied := r.out.Attached[path.Clean(tt.dest)]; copied == isPhoto {
			t.Errorf("Image(%q): attached %v", tt.dest, r.out.Attached)
		}
	}
}

func TestClip(t *testing.T) {
	word := "الجهة" // 5 runes
	long := strings.TrimSpace(strings.Repeat(word+" ", 60))
	tests := []struct {
		in   string
		n    int
		want string
	}{
		{"", 10, ""},
		{"قصير", 10, "قصير"},
		{"abc def", 7, "abc def"},
		// 36 words and their spaces take 216 runes; the 37th is cut.
		{long, 220, strings.TrimSpace(strings.Repeat(word+" ", 36)) + "…"},
		{"abcdefghij", 4, "abcd…"},
		{"ab cdefghij", 6, "ab…"},
	}
	for _, tt := range tests {
		if got := clip(tt.in, tt.n); got != tt.want {
			t.Errorf("clip(%q, %d) = %q, want %q", tt.in, tt.n, got, tt.want)
		}
	}
}

func TestConvert(t *testing.T) {
	word := "الجهة"
	paragraph := strings.TrimSpace(strings.Repeat(word+" ", 60))
	body := strings.Join([]string{
		paragraph, // line 1 → file line 10
		"",
		"[المقال الآخر](../other.md) و[بالعنوان](/articles/other/) و[بالعربية](/articles/" + strings.ToLower(url.PathEscape(arabicSlug)) + "/)",
		"",
		"[مفقود](../missing.md)", // 5 → 14
		"",
		"[مسودة](../draft.md)", // 7 → 16
		"",
		"[التقرير](report.pdf)",
		"",
		"![صورة الزيارة](photo.png)",
		"",
		"![خارج](../x.png)", // 13 → 22
		"",
		"![بعيد](https://example.org/x.png)", // 15 → 24
		"",
	}, "\n")
	s, root := convertSite(t, body)

	var mu sync.Mutex
	texts := map[string][]string{}
	problems := s.Convert(ConvertOptions{Root: root, OnText: func(a *Article, text string) {
		mu.Lock()
		texts[a.Slug] = append(texts[a.Slug], text)
		mu.Unlock()
	}})
	problems.Sort()
	const visit = "content/articles/2024/visit/index.md"
	own := "files an article uses must be in its own folder (write content/…/<article>/index.md and put the file beside it)"
	want := diag.List{
		diag.At(visit, 14, 1, "%s", `link to "../missing.md": there is no article content/articles/2024/missing.md (check the file name and folder)`),
		diag.At(visit, 16, 1, "%s", `link to "../draft.md": content/articles/2024/draft.md is not published: `+draftReason),
		diag.At(visit, 22, 1, "%s", `image "../x.png": `+own),
		diag.At(visit, 24, 1, "%s", `image "https://example.org/x.png" is on another site: put the photo in the article's folder so the page works offline and the size is known`),
	}
	if problems.Error() != want.Error() {
		t.Fatalf("problems:\n%v\nwant:\n%v", problems, want)
	}

	v := s.ArticleBySource(visit)
	key := photo.Key(mustRead(t, filepath.Join(root, "content/articles/2024/visit/photo.png")), PhotoOptions)
	variant := PhotoDir + "/photo.3w." + key[:8] + ".png"
	vb, _ := v.Body()
	html := string(vb)
	for _, frag := range []string{
		// by relative .md path, by page address, by percent-encoded
		// (lower-case) Arabic address: written as the canonical address.
		`<p><a href="/articles/other/">المقال الآخر</a> و<a href="/articles/other/">بالعنوان</a> و<a href="/articles/` + url.PathEscape(arabicSlug) + `/">بالعربية</a></p>`,
		`<p><a href="report.pdf">التقرير</a></p>`,
		`<p><img src="` + variant + `" alt="صورة الزيارة" width="3" height="2" srcset="` + variant + ` 3w" sizes="` + PhotoSizes + `" loading="lazy" decoding="async"></p>`,
	} {
		if !strings.Contains(html, frag) {
			t.Errorf("body lacks %s:\n%s", frag, html)
		}
	}
	if v.ImageSrc != variant || v.ImageW != 3 || v.ImageH != 2 || v.ImageSrcset != variant+" 3w" || v.ImageSizes() != PhotoSizes {
		t.Errorf("lead image %q %d×%d srcset %q, want %s 3×2", v.ImageSrc, v.ImageW, v.ImageH, v.ImageSrcset, variant)
	}
	// The photo's original is not copied: its variant is.
	if want := map[string]string{
		"report.pdf": "content/articles/2024/visit/report.pdf",
	}; !mapsEqual(v.Files, want) {
		t.Errorf("Files %v, want %v", v.Files, want)
	}
	if want := []Photo{{Name: "photo.png", Source: "content/articles/2024/visit/photo.png", Key: key, Width: 3, Height: 2,
		Variants: []PhotoVariant{{Name: variant, Width: 3, Height: 2}}}}; !reflect.DeepEqual(v.Photos, want) {
		t.Errorf("Photos %+v, want %+v", v.Photos, want)
	}
	if want := strings.TrimSpace(strings.Repeat(word+" ", 36)) + "…"; v.Excerpt != want {
		t.Errorf("excerpt %q, want %q", v.Excerpt, want)
	}

	other := s.ArticleBySource("content/articles/2024/other.md")
	if other.Excerpt != "ملخص المقال الآخر" {
		t.Errorf("excerpt with a summary %q", other.Excerpt)
	}
	if body, _ := other.Body(); !strings.Contains(string(body), `<a href="/articles/visit/">زيارة</a>`) {
		t.Errorf("link to a bundle by its index.md not resolved:\n%s", body)
	}
	short := s.ArticleBySource("content/articles/2023/" + arabicSlug + ".md")
	if short.Excerpt != "فقرة قصيرة أولى." || short.WordCount != 5 || short.Headings != 0 {
		t.Errorf("short article: excerpt %q, %d words", short.Excerpt, short.WordCount)
	}
	for _, a := range s.Articles {
		if a.Article.Body != nil {
			t.Errorf("%s: source body kept", a.Slug)
		}
	}

	if len(texts) != 3 {
		t.Errorf("TextFunc saw %d articles, want 3", len(texts))
	}
	for slug, got := range texts {
		if len(got) != 1 {
			t.Errorf("TextFunc called %d times for %s", len(got), slug)
		}
	}
	if got := texts[arabicSlug]; len(got) == 1 && got[0] != "فقرة قصيرة أولى. فقرة ثانية." {
		t.Errorf("text %q", got[0])
	}
	if got := texts["visit"]; len(got) == 1 && !strings.HasPrefix(got[0], paragraph+" المقال الآخر") {
		t.Errorf("visit text %q", got[0])
	}
}

// Without a callback Convert still converts.
func TestConvertNilTextFunc(t *testing.T) {
	s, root := convertSite(t, "نص.\n")
	if problems := s.Convert(ConvertOptions{Root: root}); len(problems) > 0 {
		t.Fatal(problems)
	}
	if v := s.ArticleBySource("content/articles/2024/visit/index.md"); v.body != "<p>نص.</p>\n" || v.Excerpt != "نص." {
		t.Errorf("body %q excerpt %q", v.body, v.Excerpt)
	}
}

func TestCountWords(t *testing.T) {
	for _, s := range []string{"", " ", "كلمة", " كلمتان  اثنتان ", "a\tb\nc\u00a0d\u2003e", "\u0085x\u3000y", "INDH و Souss-Massa"} {
		text := strings.Join(strings.Fields(s), " ") // as Document.Text has it
		if got, want := countWords(text), len(strings.Fields(s)); got != want {
			t.Errorf("countWords(%q) = %d, want %d", text, got, want)
		}
	}
}

// Bodies kept aside in a spill file come back as converted, an empty body
// included, whichever article a converter's reused buffers held before.
func TestConvertSpilled(t *testing.T) {
	for _, body := range []string{"", "نص.\n\n## عنوان\n\nفقرة [المقال الآخر](../other.md).\n"} {
		inMemory, root := convertSite(t, body)
		if problems := inMemory.Convert(ConvertOptions{Root: root}); len(problems) > 0 {
			t.Fatal(problems)
		}
		spilled, root := convertSite(t, body)
		spill, err := NewSpill(t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		defer spill.Close()
		if problems := spilled.Convert(ConvertOptions{Root: root, Spill: spill}); len(problems) > 0 {
			t.Fatal(problems)
		}
		for i, a := range spilled.Articles {
			want, _ := inMemory.Articles[i].Body()
			got, err := a.Body()
			if err != nil || got != want || !a.HasBody() {
				t.Errorf("body %q, %s: spilled %q (%v, has body %v), want %q", body, a.Path, got, err, a.HasBody(), want)
			}
		}
	}
}

// The logos site.toml names must be files of static/.
func TestBrandFilesExist(t *testing.T) {
	g := mustGazetteer(t)
	list := makeArticles(t, g, []spec{{"x", "2024-01-01", []string{"oriental"}, nil, nil, nil}})
	cfg := config.Default()
	cfg.Logo, cfg.PublisherLogo = "brand/logo.svg", "publisher.png"
	_, problems := New(cfg, g, list, Options{StaticFiles: map[string]string{"/brand/logo.svg": "static/brand/logo.svg", "/style.css": "static/style.css"}})
	want := `site.toml: publisher_logo "publisher.png": there is no static/publisher.png; put the file there or correct the name`
	if len(problems) != 1 || problems[0].Error() != want {
		t.Errorf("problems %v\nwant %s", problems, want)
	}
}

// A plain page is at /<slug>/: an address the site's own sections hold, or
// another page's, is refused naming the file.
func TestPlainPageAddresses(t *testing.T) {
	g := mustGazetteer(t)
	list := makeArticles(t, g, []spec{{"x", "2024-01-01", []string{"oriental"}, nil, nil, nil}})
	page := func(path, slug string) *content.Article {
		return &content.Article{Path: path, Dir: "content/pages", Title: "صفحة", Slug: slug, IsPage: true}
	}
	list = append(list, page("content/pages/regions.md", "regions"), page("content/pages/about.md", "about"), page("content/pages/about-2.md", "about"))
	s, problems := New(config.Default(), g, list, Options{})
	want := []string{
		"content/pages/about.md: the page's address /about/ is content/pages/about-2.md's too: give one of them another with slug:",
		"content/pages/regions.md: the page's address /regions/ is the site's own section: give it another with slug: (e.g. slug: about-regions)",
	}
	problems.Sort()
	var got []string
	for _, p := range problems {
		got = append(got, p.Error())
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("problems\n got %q\nwant %q", got, want)
	}
	if len(s.Articles) != 1 || len(s.Plain) != 3 {
		t.Errorf("%d articles, %d pages: a page is in no list of news", len(s.Articles), len(s.Plain))
	}
}

func mustRead(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return data
}
