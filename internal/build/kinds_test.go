package build

import (
	"bytes"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/jihat/jihat"
	"github.com/jihat/jihat/internal/site"
)

// firsts is a page kind declared here and nowhere else: one page showing
// the first article published in each region, in full.
var firsts = site.PageKind{Layout: "firsts", Pages: func(s *site.Site, add *site.Adder) {
	var oldest []*site.Article
	for _, r := range s.Regions {
		if n := len(r.Articles); n > 0 {
			oldest = append(oldest, r.Articles[n-1])
		}
	}
	add.Page(&site.Page{Layout: "firsts", URL: "/firsts/", Title: "أول المقالات", Pager: &site.Pager{Number: 1, Total: 1, Articles: oldest, Count: len(oldest)}})
}}

const firstsLayout = `{{define "main"}}<h1>{{.Page.Title}}</h1>
{{range .Page.Pager.Articles}}<article><h2>{{.Title}}</h2>{{.Body}}</article>{{end}}
{{if .Site.HasTags}}<p><a href="/tags/">#</a></p>{{end}}
{{end}}`

// A kind declared in a test alone is built, digested and rebuilt
// incrementally like the built-in ones: after each edit the page is
// rendered again exactly when it shows what changed, and the output is a
// clean build's.
func TestDeclaredPageKind(t *testing.T) {
	kinds := append(site.Kinds(), firsts)
	edits := []struct {
		name    string
		apply   func(t *testing.T, root string)
		renders bool // the firsts page must be rendered again
	}{
		{"nothing", nil, false},
		{"body of an article it shows", func(t *testing.T, r string) {
			replace(t, r, tiznit, "نص فيه", "نص معدل فيه")
		}, true},
		{"body of an article it does not show", func(t *testing.T, r string) {
			replace(t, r, argana, "ودعم دراسي مسائي.", "ودعم دراسي مسائي ومكتبة.")
		}, false},
		{"title of an article it shows", func(t *testing.T, r string) {
			replace(t, r, tiznit, "افتتاح مركز", "تدشين مركز")
		}, true},
		{"an older article in a region it shows", func(t *testing.T, r string) {
			writeSource(t, r, "content/2019/first.md", newArticle("أول زيارة", "2019-04-01", "souss-massa", "tiznit", "dar-taliba", ""))
		}, true},
		{"its layout", func(t *testing.T, r string) {
			writeSource(t, r, "layouts/firsts.html", strings.Replace(firstsLayout, "<h1>", `<h1 class="x">`, 1))
		}, true},
		// Once it reads a site-wide list, it may show any article.
		{"its layout reads every facility type's articles", func(t *testing.T, r string) {
			writeSource(t, r, "layouts/firsts.html", strings.Replace(firstsLayout, "</h1>", `</h1>{{range .Site.Facilities}}<p>{{.Name}}: {{range .Articles}}{{.WordCount}} {{end}}</p>{{end}}`, 1))
		}, true},
		{"body of an article it did not show", func(t *testing.T, r string) {
			replace(t, r, argana, "ودعم دراسي مسائي ومكتبة.", "ودعم دراسي مسائي ومكتبة وقاعة.")
		}, true},
	}
	for _, serving := range []bool{false, true} {
		name := map[bool]string{false: "jihat build with its cache", true: "jihat serve"}[serving]
		t.Run(name, func(t *testing.T) {
			// The same site built with the kind and without it: the
			// difference in pages rendered is the kind's page.
			type side struct {
				root, dest, cache string
				b                 *Builder
				kinds             []site.PageKind
			}
			sides := []*side{{kinds: kinds}, {kinds: nil}}
			for _, sd := range sides {
				sd.root, sd.dest, sd.cache = t.TempDir(), filepath.Join(t.TempDir(), "public"), filepath.Join(t.TempDir(), "cache")
				copyTree(t, testSite, sd.root)
				writeSource(t, sd.root, "layouts/firsts.html", firstsLayout)
				if serving {
					sd.b = New(Options{Source: sd.root, Destination: sd.dest, Theme: jihat.Theme, Serving: true, Kinds: sd.kinds})
					changedSince(t, sd.root)
				}
			}
			build := func(sd *side) *Result {
				t.Helper()
				var res *Result
				var err error
				if serving {
					res, err = sd.b.Update(changedSince(t, sd.root))
					if err == nil {
						err = sd.b.FinishSearch()
					}
				} else {
					res, err = Build(Options{Source: sd.root, Destination: sd.dest, Theme: jihat.Theme, Cache: sd.cache, Kinds: sd.kinds})
				}
				if err != nil {
					t.Fatal(err)
				}
				return res
			}
			for _, sd := range sides {
				build(sd)
			}
			page := tree(t, sides[0].dest)["firsts/index.html"]
			if !bytes.Contains(page, []byte("<h1>أول المقالات</h1>")) || !bytes.Contains(page, []byte("نص فيه")) {
				t.Fatalf("the declared page is missing or lacks a body:\n%s", page)
			}
			if sitemap := tree(t, sides[0].dest)["sitemap.xml"]; !bytes.Contains(sitemap, []byte("/firsts/")) {
				t.Error("the declared page is not in the sitemap")
			}
			for _, e := range edits {
				for _, sd := range sides {
					if e.apply != nil {
						e.apply(t, sd.root)
					}
				}
				with, without := build(sides[0]), build(sides[1])
				if got := with.Rendered - without.Rendered; got != map[bool]int{false: 0, true: 1}[e.renders] {
					t.Errorf("%s: the declared page rendered %d times (%d pages with it, %d without), want it rendered: %v", e.name, got, with.Rendered, without.Rendered, e.renders)
				}
				clean := filepath.Join(t.TempDir(), "clean")
				if _, err := Build(Options{Source: sides[0].root, Destination: clean, Theme: jihat.Theme, Kinds: kinds}); err != nil {
					t.Fatal(err)
				}
				got, want := tree(t, sides[0].dest), tree(t, clean)
				if !sameTree(got, want) {
					for _, name := range sortedNames(want) {
						if !bytes.Equal(got[name], want[name]) {
							t.Errorf("%s: %s differs from a clean build:\n%s", e.name, name, firstDifference(got[name], want[name]))
						}
					}
					t.FailNow()
				}
				if e.name == "body of an article it shows" && !bytes.Contains(got["firsts/index.html"], []byte("نص معدل فيه")) {
					t.Errorf("%s: the page does not show the new body", e.name)
				}
			}
		})
	}
}

// Each built-in kind's layout is one the theme has, and no two kinds
// share one by accident.
func TestKindsHaveLayouts(t *testing.T) {
	layouts := site.Layouts(site.Kinds())
	if len(layouts) != len(site.Kinds()) {
		t.Errorf("two built-in kinds share a layout: %v", layouts)
	}
	for _, l := range layouts {
		if _, err := jihat.Theme.Open("layouts/" + string(l) + ".html"); err != nil {
			t.Errorf("kind %q: %v", l, err)
		}
	}
	if !slices.Contains(layouts, site.LayoutArticle) {
		t.Error("no article kind")
	}
}
