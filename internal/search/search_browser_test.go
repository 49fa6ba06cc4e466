package search

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/jihat/jihat/internal/browsertest"
)

// searchPage is the theme's search page reduced to what search.js needs,
// its scripts named as the offline archive names them (relative to the
// page), which works both over http and from file://.
func searchPage(scripts ...string) string {
	var sb strings.Builder
	sb.WriteString(`<!doctype html><html><head><meta charset="utf-8"><title>search</title></head><body>
<form id="search-form" role="search"><input id="q" name="q" type="search">
<select id="r" name="r"><option value="">all</option></select>
<select id="f" name="f"><option value="">all</option></select></form>
<p id="search-status" data-other="%d"></p><ol id="search-results"></ol>
<template id="search-result"><li><a data-result="link title"></a><span data-result="date"></span><span data-result="places"></span><p data-result="excerpt"></p></li></template>
<button id="search-more" type="button" hidden>more</button>
`)
	for _, s := range scripts {
		sb.WriteString(`<script src="` + s + `" defer></script>` + "\n")
	}
	sb.WriteString("</body></html>\n")
	return sb.String()
}

// writeSite writes an Arabic index under search/ and a French one under
// fr/search/, each with its search page, into a new folder.
func writeSite(t *testing.T) string {
	dir := t.TempDir()
	write := func(name string, data []byte) error {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		return os.WriteFile(p, data, 0o644)
	}
	ar := NewBuilder(&DefaultRules)
	arDocs := []Doc{
		{Key: "/articles/arkana/", Title: "افتتاح مركز أركانة لفائدة النساء", Excerpt: "زيارة لدار الطالبة"},
		{Key: "/articles/dar/", Title: "دار الطالبة بتارودانت", Excerpt: "دار جديدة تضاف لدار الطالب"},
		{Key: "/articles/other/", Title: "خبر آخر", Excerpt: "لا شيء"},
	}
	for _, d := range arDocs {
		ar.Add(d.Key, Fields{Title: d.Title, Body: d.Excerpt})
	}
	if _, err := ar.Write(arDocs, nil, Options{ShardBytes: 64}, write); err != nil {
		t.Fatal(err)
	}
	fr := NewBuilder(&FrenchRules)
	frDocs := []Doc{
		{Key: "/fr/articles/centralisation/", Title: "La centralisation des services", Excerpt: "Un rapport"},
		{Key: "/fr/articles/centres/", Title: "Visite", Excerpt: "Les centres de l'Entraide nationale"},
	}
	for _, d := range frDocs {
		fr.Add(d.Key, Fields{Title: d.Title, Body: d.Excerpt})
	}
	if _, err := fr.Write(frDocs, nil, Options{Dir: "fr/search", ShardBytes: 64}, write); err != nil {
		t.Fatal(err)
	}
	if err := write("search/index.html", []byte(searchPage("analyze.js", "search.js", "index.js"))); err != nil {
		t.Fatal(err)
	}
	// The French page uses the site's one copy of the scripts, as the
	// build's pages link /search/search.<hash>.js.
	if err := write("fr/search/index.html", []byte(searchPage("../../search/analyze.js", "../../search/search.js", "index.js"))); err != nil {
		t.Fatal(err)
	}
	return dir
}

type searchResult struct {
	Links, Marks []string
}

func searchIn(t *testing.T, ctx context.Context, page, query string) searchResult {
	t.Helper()
	var r searchResult
	err := chromedp.Run(ctx,
		chromedp.Navigate(page+"?q="+url.QueryEscape(query)),
		chromedp.Poll(`document.getElementById('search-status').textContent !== ''`, nil, chromedp.WithPollingTimeout(10*time.Second)),
		chromedp.Poll(`document.querySelectorAll('#search-results li').length > 0 || document.getElementById('search-status').textContent === '0'`, nil, chromedp.WithPollingTimeout(10*time.Second)),
		chromedp.Evaluate(`[...document.querySelectorAll('#search-results a')].map(a => a.href)`, &r.Links),
		chromedp.Evaluate(`[...document.querySelectorAll('#search-results mark')].map(m => m.textContent)`, &r.Marks),
	)
	if err != nil {
		t.Fatalf("%s?q=%s: %v", page, query, err)
	}
	return r
}

// Search as the visitor types, in Chromium, over http and from file://:
// the word being typed finds the words it begins (أركا → أركانة) after the
// exact matches; words are highlighted by their analysed form («لدار» for
// دار); the French page at fr/search/ loads its own index, analyses French,
// and links back to the site's root.
func TestSearchPagesInChromium(t *testing.T) {
	ctx := browsertest.Chromium(t)
	dir := writeSite(t)
	srv := httptest.NewServer(http.FileServer(http.Dir(dir)))
	defer srv.Close()
	for _, site := range []struct{ name, root, index string }{
		{"http", srv.URL + "/", ""},
		{"file", (&url.URL{Scheme: "file", Path: filepath.ToSlash(dir) + "/"}).String(), "index.html"},
	} {
		t.Run(site.name, func(t *testing.T) {
			link := func(path string) string {
				if site.index == "" {
					return srv.URL + path
				}
				return site.root + strings.TrimPrefix(path, "/") + "index.html"
			}
			ar, fr := site.root+"search/"+site.index, site.root+"fr/search/"+site.index

			got := searchIn(t, ctx, ar, "أركا")
			if !slices.Equal(got.Links, []string{link("/articles/arkana/")}) || !slices.Contains(got.Marks, "أركانة") {
				t.Errorf("أركا: %+v, want the article on أركانة, highlighted", got)
			}
			got = searchIn(t, ctx, ar, "دار")
			// «لدار» is not indexed as دار (ل is often a root letter), but
			// it is highlighted in a result found for دار.
			if !slices.Equal(got.Links, []string{link("/articles/dar/")}) {
				t.Errorf("دار: %q, want the article with دار", got.Links)
			}
			for _, w := range []string{"دار", "لدار"} {
				if !slices.Contains(got.Marks, w) {
					t.Errorf("دار: marks %q, want %q among them", got.Marks, w)
				}
			}
			// Typed, then finished with a space: exact matches only.
			got = searchIn(t, ctx, ar, "دار ")
			if !slices.Equal(got.Links, []string{link("/articles/dar/")}) {
				t.Errorf("«دار »: %q", got.Links)
			}

			// French: the exact stem first (centres → centr), then the
			// word that only begins with it (centralisation).
			got = searchIn(t, ctx, fr, "centr")
			want := []string{link("/fr/articles/centres/"), link("/fr/articles/centralisation/")}
			if !slices.Equal(got.Links, want) {
				t.Errorf("centr: %q, want %q", got.Links, want)
			}
			got = searchIn(t, ctx, fr, "l'entraide")
			if !slices.Equal(got.Links, want[:1]) || !slices.Contains(got.Marks, "Entraide") {
				t.Errorf("l'entraide: %+v", got)
			}
		})
	}
}
