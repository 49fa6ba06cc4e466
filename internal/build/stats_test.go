package build

import (
	"html"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/jihat/jihat"
	"github.com/jihat/jihat/internal/site"
)

var (
	mapLink  = regexp.MustCompile(`<a href="([^"]+)" aria-label="[^"]*"(?: aria-current="page")?><title>[^<]*</title><path class="region l(\d)[^"]*" d="[^"]+"/><text [^>]*>([^<]+)</text></a>`)
	mapEmpty = regexp.MustCompile(`<g><title>[^<]*</title><path class="region l0[^"]*" d="[^"]+"/></g>`)
	chartRow = regexp.MustCompile(`<g class="chart-row"><title>([^<]*): ([^<]*)</title>`)
	tableRow = regexp.MustCompile(`<tr><th scope="row">(?:<a href="([^"]*)">)?(.*?)(?:</a>)?</th><td class="num">([^<]*)</td></tr>`)
	tagged   = regexp.MustCompile(`<[^>]+>`)
)

// The map, the charts and their tables say what the articles say: each
// count is checked against a recount of the articles themselves.
func TestStatisticsAgreeWithTheArticles(t *testing.T) {
	for _, digits := range []string{"western", "arabic"} {
		t.Run(digits, func(t *testing.T) {
			root := t.TempDir()
			copyTree(t, testSite, root)
			writeSource(t, root, "site.toml", "title = \"موقع الاختبار\"\nbase_url = \"https://test.example/\"\ndigits = \""+digits+"\"\n")
			dest := filepath.Join(t.TempDir(), "public")
			b := New(Options{Source: root, Destination: dest, Theme: jihat.Theme})
			if _, err := b.Build(); err != nil {
				t.Fatal(err)
			}
			s := b.last.site
			shown := func(n int) string {
				w := strconv.Itoa(n)
				if digits == "arabic" {
					w = strings.Map(func(r rune) rune { return '٠' + r - '0' }, w)
				}
				return w
			}
			// The recount, from the articles' own fields.
			perRegion, perType, perYear := map[string]int{}, map[string]int{}, map[string]int{}
			for _, a := range s.Articles {
				for _, r := range a.Regions {
					perRegion[r.Slug]++
				}
				for _, f := range a.Facilities {
					perType[f.NameAR]++
				}
				perYear[strconv.Itoa(a.Date.Year())]++
			}
			page := readPage(t, dest, "statistics/index.html")

			// The map: one link per region with articles, its count
			// written on it; the others drawn without a link.
			links := mapLink.FindAllStringSubmatch(page, -1)
			withArticles := 0
			for _, n := range perRegion {
				if n > 0 {
					withArticles++
				}
			}
			if len(links) != withArticles || len(mapEmpty.FindAllString(page, -1)) != 12-withArticles {
				t.Fatalf("map: %d linked regions and %d unlinked, want %d and %d", len(links), len(mapEmpty.FindAllString(page, -1)), withArticles, 12-withArticles)
			}
			for _, l := range links {
				slug := strings.TrimSuffix(strings.TrimPrefix(l[1], site.RegionsURL), "/")
				if l[3] != shown(perRegion[slug]) {
					t.Errorf("map: %s shows %s, the articles say %d", slug, l[3], perRegion[slug])
				}
			}

			// Each chart and its table.
			names := map[string]string{} // region name → slug
			for _, r := range s.Regions {
				names[r.Name] = r.Slug
			}
			for _, block := range []struct {
				id   string
				want func(name string) int
			}{
				{"chart-regions", func(name string) int { return perRegion[names[name]] }},
				{"chart-types", func(name string) int { return perType[name] }},
				{"chart-years", func(name string) int {
					return perYear[strings.Map(func(r rune) rune {
						if r >= '٠' && r <= '٩' {
							return '0' + r - '٠'
						}
						return r
					}, name)]
				}},
			} {
				fig := figure(t, page, block.id)
				rows := chartRow.FindAllStringSubmatch(fig, -1)
				cells := tableRow.FindAllStringSubmatch(fig, -1)
				if len(rows) == 0 || len(rows) != len(cells) {
					t.Fatalf("%s: %d bars, %d table rows", block.id, len(rows), len(cells))
				}
				for i, r := range rows {
					name := html.UnescapeString(r[1])
					if want := shown(block.want(name)); r[2] != want {
						t.Errorf("%s: bar %q shows %s, the articles say %s", block.id, name, r[2], want)
					}
					cellName := html.UnescapeString(tagged.ReplaceAllString(cells[i][2], ""))
					if cellName != name || cells[i][3] != r[2] {
						t.Errorf("%s: table row %d is %q %s, the bar %q %s", block.id, i, cellName, cells[i][3], name, r[2])
					}
				}
			}

			// A region's page highlights it, and only it.
			for _, r := range s.Regions {
				if len(r.Articles) == 0 {
					continue
				}
				p := readPage(t, dest, strings.TrimPrefix(r.URL, "/")+"index.html")
				current := regexp.MustCompile(`<a href="([^"]+)" aria-label="[^"]*" aria-current="page">`).FindAllStringSubmatch(p, -1)
				if len(current) != 1 || current[0][1] != r.URL {
					t.Errorf("%s: the map marks %v as the current region", r.URL, current)
				}
			}
		})
	}
}

func readPage(t *testing.T, dest, name string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dest, filepath.FromSlash(name)))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// figure is the figure holding the chart of id and its table.
func figure(t *testing.T, page, id string) string {
	t.Helper()
	at := strings.Index(page, `aria-labelledby="`+id+`-t"`)
	if at < 0 {
		t.Fatalf("no chart %s", id)
	}
	end := strings.Index(page[at:], "</figure>")
	if end < 0 {
		t.Fatalf("chart %s: no end of its figure", id)
	}
	return page[at : at+end]
}
