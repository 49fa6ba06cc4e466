package jihat_test

import (
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/jihat/jihat/internal/browsertest"
)

// Search on the served site, driven from the keyboard only: type a query,
// results appear as you type with the words highlighted and an Arabic
// plural count; a region filter narrows them; Tab reaches the first result.
func TestSearchAsYouTypeInChromium(t *testing.T) {
	ctx := browsertest.Chromium(t)
	srv := serveBuilt(t, ".")

	var status string
	var marks []string
	var count int
	err := chromedp.Run(ctx,
		chromedp.Navigate(srv.URL+"/search/"),
		chromedp.WaitVisible(`#q`, chromedp.ByQuery),
		chromedp.Focus(`#q`, chromedp.ByQuery),
		chromedp.SendKeys(`#q`, "دار الطالبة", chromedp.ByQuery),
		chromedp.Poll(`document.querySelectorAll('#search-results li').length > 0`, nil, chromedp.WithPollingTimeout(10*time.Second)),
		chromedp.Evaluate(`document.getElementById('search-status').textContent`, &status),
		chromedp.Evaluate(`[...document.querySelectorAll('#search-results mark')].map(m => m.textContent)`, &marks),
		chromedp.Evaluate(`document.querySelectorAll('#search-results li').length`, &count),
	)
	if err != nil {
		t.Fatal(err)
	}
	if count == 0 {
		t.Fatalf("no results: status %q", status)
	}
	wantStatus := map[int]string{1: "نتيجة واحدة", 2: "نتيجتان"}[count]
	if wantStatus == "" {
		wantStatus = "نتائج"
	}
	if !strings.Contains(status, wantStatus) {
		t.Errorf("%d results, status %q, want it to say %q", count, status, wantStatus)
	}
	joined := strings.Join(marks, " ")
	if !strings.Contains(joined, "الطالبة") && !strings.Contains(joined, "الطالب") {
		t.Errorf("highlighted %q, want the words of the query", marks)
	}

	// The region filter keeps only that region's articles.
	var places []string
	err = chromedp.Run(ctx,
		chromedp.SetValue(`#r`, "fes-meknes", chromedp.ByQuery),
		chromedp.Evaluate(`document.getElementById('r').dispatchEvent(new Event('change'))`, nil),
		chromedp.Poll(`[...document.querySelectorAll('#search-results li .meta')].every(p => p.textContent.includes('فاس مكناس'))`, nil, chromedp.WithPollingTimeout(10*time.Second)),
		chromedp.Evaluate(`[...document.querySelectorAll('#search-results li .meta')].map(p => p.textContent)`, &places),
	)
	if err != nil {
		t.Fatalf("filter by region: %v (places %v)", err, places)
	}
	if len(places) == 0 || len(places) >= count {
		t.Errorf("filter kept %d of %d results", len(places), count)
	}

	// The query is in the address, so a result list can be shared.
	var search string
	if err := chromedp.Run(ctx, chromedp.Evaluate(`location.search`, &search)); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(search, "r=fes-meknes") || !strings.Contains(search, "q=") {
		t.Errorf("address keeps %q", search)
	}

	// Keyboard: from the filters, Tab moves on to the button and then the
	// results, which are plain links.
	var focused string
	err = chromedp.Run(ctx,
		chromedp.Focus(`#f`, chromedp.ByQuery),
		chromedp.KeyEvent(kb.Tab),
		chromedp.KeyEvent(kb.Tab),
		chromedp.Evaluate(`document.activeElement.closest('#search-results') ? 'result' : document.activeElement.tagName`, &focused),
	)
	if err != nil {
		t.Fatal(err)
	}
	if focused != "result" {
		t.Errorf("after the filters and the button, Tab focuses %q, want the first result", focused)
	}
}

// A theme owns the search results' words and markup: a site whose
// layouts/search.html has its own result template and count forms sees
// them on the page, with no change to Go or JavaScript. Text from the
// index stays text: only the highlight's <mark> becomes an element.
func TestSearchMarkupFromThemeInChromium(t *testing.T) {
	ctx := browsertest.Chromium(t)
	site := t.TempDir()
	// Articles in groups of 1, 2, 3 and 11 sharing a word, for the
	// plural forms one, two, few and many (and zero for a word in none).
	var n int
	article := func(title string) {
		n++
		md := fmt.Sprintf("---\ntitle: %q\ndate: 2024-03-%02d\nregion: souss-massa\n---\n\nنص الخبر.\n", title, n)
		writeFile(t, filepath.Join(site, "content", fmt.Sprintf("a%02d.md", n)), md)
	}
	article("<b>بستان</b> <img src=x> الحي")
	for range 2 {
		article("زربية")
	}
	for range 3 {
		article("خزانة")
	}
	for range 11 {
		article("قافلة")
	}
	writeFile(t, filepath.Join(site, "layouts", "search.html"), `{{define "main"}}
<h1>بحث</h1>
<form id="search-form" role="search" hidden>
<input id="q" name="q" type="search" aria-label="بحث">
<select id="r" name="r" aria-label="الجهة"><option value="">كل الجهات</option></select>
<select id="f" name="f" aria-label="النوع"><option value="">كل الأنواع</option></select>
</form>
<p id="search-status" role="status" data-zero="nothing" data-one="just one" data-two="a pair" data-few="%d, a few" data-many="%d, many" data-other="%d, other"></p>
<ol id="search-results"></ol>
<template id="search-result"><li class="hit"><h2><a data-result="link title"></a></h2><p class="hit-meta"><span data-result="places"></span> | <span data-result="date"></span></p><p class="hit-text" data-result="excerpt"></p></li></template>
<button id="search-more" type="button" hidden>المزيد</button>
<script src="/search/analyze.js" defer></script>
<script src="/search/search.js" defer></script>
<script src="/search/index.js" defer></script>
{{end}}`)
	srv := serveBuilt(t, site)

	for _, c := range []struct{ query, status string }{
		{"مستحيل", "nothing"},
		{"بستان", "just one"},
		{"زربية", "a pair"},
		{"خزانة", "3, a few"},
		{"قافلة", "11, many"},
	} {
		var status string
		err := chromedp.Run(ctx,
			chromedp.Navigate(srv.URL+"/search/?q="+url.QueryEscape(c.query)),
			chromedp.Poll(`document.getElementById('search-status').textContent !== ''`, nil, chromedp.WithPollingTimeout(10*time.Second)),
			chromedp.Evaluate(`document.getElementById('search-status').textContent`, &status),
		)
		if err != nil {
			t.Fatalf("%s: %v", c.query, err)
		}
		if status != c.status {
			t.Errorf("%s: status %q, want the theme's %q", c.query, status, c.status)
		}
	}

	var got struct {
		Hits, Links, Elements int
		Title, Marked, Href   string
		Meta                  string
	}
	err := chromedp.Run(ctx,
		chromedp.Navigate(srv.URL+"/search/?q="+url.QueryEscape("بستان")),
		chromedp.Poll(`document.querySelectorAll('#search-results li').length > 0`, nil, chromedp.WithPollingTimeout(10*time.Second)),
		chromedp.Evaluate(`(() => {
			const a = document.querySelector('#search-results li.hit h2 a');
			return {
				Hits: document.querySelectorAll('#search-results li.hit').length,
				Links: document.querySelectorAll('#search-results a').length,
				Elements: document.querySelectorAll('#search-results *:not(li, h2, a, p, span, mark)').length,
				Title: a.textContent,
				Marked: [...a.querySelectorAll('mark')].map(m => m.textContent).join(' '),
				Href: a.getAttribute('href'),
				Meta: document.querySelector('#search-results .hit-meta').textContent,
			};
		})()`, &got),
	)
	if err != nil {
		t.Fatal(err)
	}
	if got.Hits != 1 || got.Links != 1 || !strings.HasPrefix(got.Href, "/articles/") {
		t.Errorf("%d results from the theme's template, %d links, href %q: want 1, 1, an article", got.Hits, got.Links, got.Href)
	}
	if got.Elements != 0 || !strings.Contains(got.Title, "<b>بستان</b> <img src=x>") {
		t.Errorf("title %q made %d elements of its own: want it shown as text", got.Title, got.Elements)
	}
	if got.Marked != "بستان" {
		t.Errorf("highlighted %q, want بستان", got.Marked)
	}
	if !strings.Contains(got.Meta, "سوس ماسة | ") || !strings.Contains(got.Meta, "2024") {
		t.Errorf("meta line %q, want the theme's places | date", got.Meta)
	}
}

func writeFile(t *testing.T, name, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}
