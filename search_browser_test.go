package jihat_test

import (
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
