package feed

import (
	"encoding/xml"
	"strings"
	"testing"
	"time"

	"github.com/jihat/jihat/internal/config"
	"github.com/jihat/jihat/internal/content"
	"github.com/jihat/jihat/internal/gazetteer"
	"github.com/jihat/jihat/internal/site"
)

func testSite(t *testing.T, n int) *site.Site {
	t.Helper()
	g, err := gazetteer.Default()
	if err != nil {
		t.Fatal(err)
	}
	var articles []*content.Article
	for i := range n {
		d := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, -i)
		articles = append(articles, &content.Article{
			Path: "content/a.md", Title: "عنوان", Slug: "a" + string(rune('a'+i%26)) + strings.Repeat("x", i/26),
			Date: d, Lastmod: d, Regions: []*gazetteer.Region{g.Region("oriental")},
		})
	}
	cfg := config.Default()
	cfg.BaseURL = "https://example.org/"
	s, problems := site.New(cfg, g, articles, site.Options{})
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	return s
}

// Past the protocol's limit the sitemap becomes an index of parts, each
// within the limit, together listing every page once.
func TestSitemapsSplit(t *testing.T) {
	s := testSite(t, 30)
	pages := len(s.Pages) - 1 // all but 404.html
	for _, limit := range []int{1000, 10, 7} {
		files, err := Sitemaps(s, limit)
		if err != nil {
			t.Fatal(err)
		}
		var total int
		for name, data := range files {
			if name == "sitemap.xml" && len(files) > 1 {
				var idx sitemapIndex
				if err := xml.Unmarshal(data, &idx); err != nil {
					t.Fatal(err)
				}
				if len(idx.Sitemaps) != len(files)-1 {
					t.Errorf("limit %d: index lists %d parts, %d written", limit, len(idx.Sitemaps), len(files)-1)
				}
				continue
			}
			var set urlSet
			if err := xml.Unmarshal(data, &set); err != nil {
				t.Fatal(err)
			}
			if len(set.URLs) > limit {
				t.Errorf("limit %d: %s has %d URLs", limit, name, len(set.URLs))
			}
			total += len(set.URLs)
		}
		if total != pages {
			t.Errorf("limit %d: %d URLs in all, want %d", limit, total, pages)
		}
		if wantFiles := 1; pages > limit {
			wantFiles = 1 + (pages+limit-1)/limit
			if len(files) != wantFiles {
				t.Errorf("limit %d: %d files, want %d", limit, len(files), wantFiles)
			}
		}
	}
}

// A feed carries only the latest entries and is stamped with the newest
// entry's date, never the clock.
func TestAtomLatestOnly(t *testing.T) {
	s := testSite(t, 30)
	data := homeAtom(t, s)
	var parsed struct {
		Updated string `xml:"updated"`
		Entries []struct {
			ID string `xml:"id"`
		} `xml:"entry"`
	}
	if err := xml.Unmarshal(data, &parsed); err != nil {
		t.Fatal(err)
	}
	if len(parsed.Entries) != s.Config.FeedLength {
		t.Errorf("%d entries, want %d", len(parsed.Entries), s.Config.FeedLength)
	}
	if parsed.Updated != "2024-01-01T00:00:00Z" {
		t.Errorf("updated %s", parsed.Updated)
	}
	if !strings.Contains(string(data), `xml:lang="ar"`) {
		t.Error("feed has no xml:lang")
	}
}

// An entry names its article's author when the article has one; the feed
// names the publisher for the others.
func TestAtomAuthor(t *testing.T) {
	s := testSite(t, 2)
	s.Articles[0].Author = "فاطمة الزهراء"
	data := homeAtom(t, s)
	var parsed struct {
		Author  string `xml:"author>name"`
		Entries []struct {
			Author string `xml:"author>name"`
		} `xml:"entry"`
	}
	if err := xml.Unmarshal(data, &parsed); err != nil {
		t.Fatal(err)
	}
	if parsed.Author != s.Config.Title || len(parsed.Entries) != 2 || parsed.Entries[0].Author != "فاطمة الزهراء" || parsed.Entries[1].Author != "" {
		t.Errorf("feed author %q, entries %+v", parsed.Author, parsed.Entries)
	}
}

// homeAtom is the site-wide feed, /feed.xml.
func homeAtom(t *testing.T, s *site.Site) []byte {
	t.Helper()
	for _, f := range s.Feeds {
		if f.URL == "/feed.xml" {
			data, err := Atom(s, f)
			if err != nil {
				t.Fatal(err)
			}
			return data
		}
	}
	t.Fatal("no /feed.xml")
	return nil
}
