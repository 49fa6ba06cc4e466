package jihat_test

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/jihat/jihat"
	"github.com/jihat/jihat/internal/archive"
	"github.com/jihat/jihat/internal/browsertest"
	"github.com/jihat/jihat/internal/build"
)

// A reader finds a region on the map and opens its page, by pointer and by
// keyboard, on the site online and in the unzipped archive opened from disk.
func TestRegionMapInChromium(t *testing.T) {
	ctx := browsertest.Chromium(t)
	srv := serveBuilt(t, ".")

	tmp := t.TempDir()
	offline := filepath.Join(tmp, "site")
	res, err := build.Build(build.Options{Source: ".", Destination: offline, Theme: jihat.Theme, Offline: true})
	if err != nil {
		t.Fatal(err)
	}
	var zipped bytes.Buffer
	if err := archive.Write(&zipped, offline, res.Updated); err != nil {
		t.Fatal(err)
	}
	root := filepath.Join(tmp, "unzipped")
	unzip(t, zipped.Bytes(), root)

	const region = "جهة سوس ماسة"
	link := `.map a[aria-label^="` + region + `:"]`
	for _, where := range []struct{ name, home, statistics string }{
		{"online", srv.URL + "/", srv.URL + "/statistics/"},
		{"from the archive", fileURL(root, "index.html"), fileURL(root, "statistics/index.html")},
	} {
		t.Run(where.name, func(t *testing.T) {
			for _, start := range []string{where.home, where.statistics} {
				var h1, current string
				err := chromedp.Run(ctx,
					chromedp.Navigate(start),
					chromedp.WaitReady(link, chromedp.ByQuery),
					chromedp.Click(link, chromedp.ByQuery),
					chromedp.WaitReady(`.map a[aria-current="page"]`, chromedp.ByQuery),
					chromedp.Evaluate(`document.querySelector('main h1').textContent.trim()`, &h1),
					chromedp.Evaluate(`document.querySelector('.map a[aria-current="page"]').getAttribute('aria-label')`, &current),
				)
				if err != nil || h1 != region || !strings.HasPrefix(current, region+":") {
					t.Errorf("%s: clicking %s opened %q, the map marking %q (%v)", start, region, h1, current, err)
				}
			}

			// By keyboard: Tab reaches the map's regions, Enter opens one.
			var focused string
			if err := chromedp.Run(ctx, chromedp.Navigate(where.home), chromedp.WaitReady("body")); err != nil {
				t.Fatal(err)
			}
			for range 80 {
				if err := chromedp.Run(ctx,
					chromedp.KeyEvent(kb.Tab),
					chromedp.Evaluate(`document.activeElement.closest('.map') ? document.activeElement.getAttribute('aria-label') : ''`, &focused),
				); err != nil {
					t.Fatal(err)
				}
				if focused != "" {
					break
				}
			}
			if focused == "" {
				t.Fatal("80 presses of Tab never reached a region of the map")
			}
			var h1 string
			err := chromedp.Run(ctx,
				chromedp.KeyEvent(kb.Enter),
				chromedp.Sleep(200*time.Millisecond),
				chromedp.WaitReady(`.map a[aria-current="page"]`, chromedp.ByQuery),
				chromedp.Evaluate(`document.querySelector('main h1').textContent.trim()`, &h1),
			)
			name, _, _ := strings.Cut(focused, ":")
			if err != nil || h1 != name {
				t.Errorf("Enter on %q opened %q (%v)", focused, h1, err)
			}
		})
	}
}
