package jihat_test

import (
	"net/http/httptest"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/jihat/jihat"
	"github.com/jihat/jihat/internal/browsertest"
	"github.com/jihat/jihat/internal/build"
	"github.com/jihat/jihat/internal/server"
)

// The theme read on a phone in real Chromium: right-to-left, nothing wider
// than the screen, the skip link reachable, and the start of each row on
// the right.
func TestThemeRTLInChromium(t *testing.T) {
	ctx := browsertest.Chromium(t)
	srv := serveBuilt(t, "internal/build/testdata/site")

	if err := chromedp.Run(ctx, chromedp.EmulateViewport(360, 740)); err != nil {
		t.Fatal(err)
	}
	pages := []string{"/", "/articles/argana-visit/", "/articles/%D8%B7%D8%A7%D8%B7%D8%A7-%D9%85%D8%B1%D9%83%D8%B2/", "/regions/souss-massa/", "/regions/souss-massa/page/2/", "/facilities/", "/no-such-page/"}
	for _, page := range pages {
		t.Run(page, func(t *testing.T) {
			var got struct {
				Dir, Lang, Direction string
				Overflow             int
				BrandRight           float64
				Width                float64
				ImagesWithoutSize    int
				ImagesWithoutAlt     int
				H1                   int
				CrumbRight           float64 // -1 without breadcrumbs
				FootBottom, Height   float64
			}
			err := chromedp.Run(ctx,
				chromedp.Navigate(srv.URL+page),
				chromedp.WaitReady("body"),
				chromedp.Evaluate(`({
					Dir: document.documentElement.dir,
					Lang: document.documentElement.lang,
					Direction: getComputedStyle(document.body).direction,
					Overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
					BrandRight: document.querySelector('.brand').getBoundingClientRect().right,
					Width: document.documentElement.clientWidth,
					ImagesWithoutSize: [...document.images].filter(i => !i.getAttribute('width') || !i.getAttribute('height')).length,
					ImagesWithoutAlt: [...document.images].filter(i => !i.hasAttribute('alt') || i.alt.trim() === '').length,
					H1: document.querySelectorAll('h1').length,
					CrumbRight: document.querySelector('.crumbs li') ? document.querySelector('.crumbs li').getBoundingClientRect().right : -1,
					FootBottom: document.querySelector('footer').getBoundingClientRect().bottom + scrollY,
					Height: Math.max(innerHeight, document.documentElement.scrollHeight),
				})`, &got),
			)
			if err != nil {
				t.Fatal(err)
			}
			if got.Dir != "rtl" || got.Lang != "ar" || got.Direction != "rtl" {
				t.Errorf("dir=%q lang=%q computed direction=%q, want rtl/ar/rtl", got.Dir, got.Lang, got.Direction)
			}
			if got.Overflow > 0 {
				t.Errorf("page is %dpx wider than a 360px screen", got.Overflow)
			}
			// In RTL the masthead starts on the right: the site name's right
			// edge sits at the right padding, not at the left.
			if got.BrandRight < got.Width-40 {
				t.Errorf("site name ends at x=%.0f of %.0f: it should start on the right", got.BrandRight, got.Width)
			}
			if got.ImagesWithoutSize > 0 || got.ImagesWithoutAlt > 0 {
				t.Errorf("%d images without width/height, %d without alt", got.ImagesWithoutSize, got.ImagesWithoutAlt)
			}
			if got.H1 != 1 {
				t.Errorf("%d h1 elements, want 1", got.H1)
			}
			// The trail starts on the right too, and the footer reaches
			// the bottom of a short page.
			if got.CrumbRight >= 0 && got.CrumbRight < got.Width-40 {
				t.Errorf("the breadcrumbs start at x=%.0f of %.0f: they should start on the right", got.CrumbRight, got.Width)
			}
			if got.FootBottom < got.Height-1 {
				t.Errorf("the footer ends at y=%.0f of a %.0f-pixel page", got.FootBottom, got.Height)
			}
		})
	}

	t.Run("skip link", func(t *testing.T) {
		var focused string
		var top float64
		err := chromedp.Run(ctx,
			chromedp.Navigate(srv.URL+"/"),
			chromedp.WaitReady("body"),
			chromedp.KeyEvent("\t"),
			chromedp.Evaluate(`document.activeElement.className`, &focused),
			chromedp.Evaluate(`document.activeElement.getBoundingClientRect().top`, &top),
		)
		if err != nil {
			t.Fatal(err)
		}
		if focused != "skip" || top < 0 {
			t.Errorf("first Tab focuses %q at top=%.0f, want the visible skip link", focused, top)
		}
	})

	// Newer is "before" in reading order, so in RTL it sits on the right,
	// and its arrow points right.
	t.Run("pager direction", func(t *testing.T) {
		var newerX, olderX float64
		var newerArrow, olderArrow string
		err := chromedp.Run(ctx,
			chromedp.Navigate(srv.URL+"/articles/%D8%B7%D8%A7%D8%B7%D8%A7-%D9%85%D8%B1%D9%83%D8%B2/"),
			chromedp.WaitReady("body"),
			chromedp.Evaluate(`document.querySelector('.pager a[rel=next]').getBoundingClientRect().left`, &newerX),
			chromedp.Evaluate(`document.querySelector('.pager a[rel=prev]').getBoundingClientRect().left`, &olderX),
			chromedp.Evaluate(`document.querySelector('.pager a[rel=next] span').textContent`, &newerArrow),
			chromedp.Evaluate(`document.querySelector('.pager a[rel=prev] span').textContent`, &olderArrow),
		)
		if err != nil {
			t.Fatal(err)
		}
		if !(newerX > olderX) || newerArrow != "→" || olderArrow != "←" {
			t.Errorf("newer link at x=%.0f arrow %q, older at x=%.0f arrow %q; want newer on the right pointing right", newerX, newerArrow, olderX, olderArrow)
		}
	})
}

// serveBuilt builds the site in source as jihat build does (minified, the
// stylesheets and scripts by hashed names) and serves it, until the test
// ends.
func serveBuilt(t *testing.T, source string) *httptest.Server {
	t.Helper()
	dest := filepath.Join(t.TempDir(), "public")
	if _, err := build.Build(build.Options{Source: source, Destination: dest, Theme: jihat.Theme, Minify: true, Fingerprint: true}); err != nil {
		t.Fatal(err)
	}
	h, err := server.New(dest)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(func() {
		srv.Close()
		h.Close()
	})
	return srv
}

// The example site as a reader meets it: the pages menu at the foot of
// every page leads to the plain pages, and photos carry their captions
// under them.
func TestExampleSiteMenuAndCaptionsInChromium(t *testing.T) {
	ctx := browsertest.Chromium(t)
	srv := serveBuilt(t, ".")
	if err := chromedp.Run(ctx, chromedp.EmulateViewport(390, 844)); err != nil {
		t.Fatal(err)
	}
	for _, item := range []struct{ name, url string }{{"من نحن", "/about/"}, {"اتصل بنا", "/contact/"}} {
		t.Run(item.name, func(t *testing.T) {
			var visible bool
			var h1, path string
			err := chromedp.Run(ctx,
				chromedp.Navigate(srv.URL+"/regions/"),
				chromedp.WaitReady("body"),
				chromedp.Evaluate(`(function(){ var a = [...document.querySelectorAll('footer .menu a')].find(a => a.textContent.trim() === `+strconv.Quote(item.name)+`);
					if (!a) return false; var r = a.getBoundingClientRect(); return r.width > 0 && r.height > 0 && a.getAttribute('href') === `+strconv.Quote(item.url)+`; })()`, &visible),
			)
			if err != nil || !visible {
				t.Fatalf("no visible footer link %q to %s (%v)", item.name, item.url, err)
			}
			err = chromedp.Run(ctx,
				chromedp.Click(`footer .menu a[href="`+item.url+`"]`, chromedp.ByQuery),
				chromedp.WaitReady(`main h1`, chromedp.ByQuery),
				chromedp.Evaluate(`location.pathname`, &path),
				chromedp.Evaluate(`document.querySelector('main h1').textContent.trim()`, &h1),
			)
			if err != nil || path != item.url || h1 != item.name {
				t.Errorf("the link opened %s titled %q, want %s titled %q (%v)", path, h1, item.url, item.name, err)
			}
		})
	}
	t.Run("captions", func(t *testing.T) {
		var got []struct {
			Caption string
			Below   bool
		}
		err := chromedp.Run(ctx,
			chromedp.Navigate(srv.URL+"/articles/al-haouz-post-earthquake-dar-taliba/"),
			chromedp.WaitReady("body"),
			chromedp.Evaluate(`[...document.querySelectorAll('figure')].map(f => { var img = f.querySelector('img'), cap = f.querySelector('figcaption');
				return {Caption: cap ? cap.textContent.trim() : '', Below: !!(img && cap) && cap.getBoundingClientRect().top >= img.getBoundingClientRect().bottom - 1 && cap.getBoundingClientRect().height > 0}; })`, &got),
		)
		if err != nil {
			t.Fatal(err)
		}
		want := []string{"دار للطالبة بإقليم الحوز بعد أشغال إعادة التأهيل، شتنبر 2024", "قاعة المراجعة بعد تجديد أثاثها وإنارتها"}
		for _, w := range want {
			found := false
			for _, f := range got {
				if f.Caption == w && f.Below {
					found = true
				}
			}
			if !found {
				t.Errorf("no visible caption %q under its photo; figures: %+v", w, got)
			}
		}
	})
}
