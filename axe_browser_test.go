package jihat_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/jihat/jihat/internal/browsertest"
)

// axePath is axe-core's script, which .ci/run installs (npm axe-core).
const axePath = ".ci/node_modules/axe-core/axe.min.js"

// The example site's pages pass axe-core's WCAG 2.1 AA rules in Chromium:
// the map, the charts and their tables included.
func TestAccessibilityInChromium(t *testing.T) {
	ctx := browsertest.Chromium(t)
	axe, err := os.ReadFile(filepath.FromSlash(axePath))
	if err != nil {
		if os.Getenv("JIHAT_REQUIRE_BROWSER") != "" {
			t.Fatalf("axe-core is required here: %v (npm install --prefix .ci axe-core)", err)
		}
		t.Skipf("SKIPPED: %s missing (npm install --prefix .ci axe-core@4.11.0; .ci/run installs it)", axePath)
	}
	srv := serveBuilt(t, ".")
	pages := []string{"/", "/regions/", "/regions/souss-massa/", "/statistics/", "/facilities/", "/search/", "/about/",
		"/articles/al-haouz-post-earthquake-dar-taliba/", "/no-such-page/",
		// each language's pages: its words, lang and dir, the switcher
		"/fr/", "/fr/regions/souss-massa/", "/fr/articles/al-haouz-post-earthquake-dar-taliba/", "/fr/about/", "/fr/statistics/", "/fr/search/",
		"/zgh/", "/zgh/regions/", "/zgh/articles/al-haouz-post-earthquake-dar-taliba/", "/zgh/about/", "/zgh/search/"}
	for _, page := range pages {
		t.Run(page, func(t *testing.T) {
			var violations []struct {
				ID    string
				Help  string
				Nodes []struct{ Target []string }
			}
			err := chromedp.Run(ctx,
				chromedp.EmulateViewport(390, 844),
				chromedp.Navigate(srv.URL+page),
				chromedp.WaitReady("body"),
				chromedp.Evaluate(string(axe), nil),
				chromedp.Evaluate(`axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}}).then(r => r.violations)`, &violations, func(p *runtime.EvaluateParams) *runtime.EvaluateParams { return p.WithAwaitPromise(true) }),
			)
			if err != nil {
				t.Fatal(err)
			}
			for _, v := range violations {
				var where []string
				for _, n := range v.Nodes {
					where = append(where, strings.Join(n.Target, " "))
				}
				t.Errorf("%s: %s (%s)", v.ID, v.Help, strings.Join(where, "; "))
			}
		})
	}
}

// The pages' Content-Security-Policy lets through what the theme needs:
// the accent colour's inline style (by its hash) and the site's scripts
// (search works); and no page holds a style attribute it would refuse.
func TestContentSecurityPolicyInChromium(t *testing.T) {
	ctx := browsertest.Chromium(t)
	site := t.TempDir()
	for _, dir := range []string{"content", "layouts", "static"} {
		copyDir(t, dir, filepath.Join(site, dir))
	}
	toml, err := os.ReadFile("site.toml")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(site, "site.toml"), append([]byte("accent = \"#7a2e0e\"\n"), toml...), 0o644); err != nil {
		t.Fatal(err)
	}
	srv := serveBuilt(t, site)
	var background string
	var csp string
	var results int
	err = chromedp.Run(ctx,
		chromedp.Navigate(srv.URL+"/search/?q=%D8%AF%D8%A7%D8%B1"),
		chromedp.WaitReady("#search-results li", chromedp.ByQuery),
		chromedp.Evaluate(`getComputedStyle(document.querySelector('.masthead')).backgroundColor`, &background),
		chromedp.Evaluate(`document.querySelector('meta[http-equiv="Content-Security-Policy"]').content`, &csp),
		chromedp.Evaluate(`document.querySelectorAll('#search-results li').length`, &results),
	)
	if err != nil {
		t.Fatal(err)
	}
	if background != "rgb(122, 46, 14)" || !strings.Contains(csp, "'sha256-") || results == 0 {
		t.Errorf("under %q: masthead %s, want the accent rgb(122, 46, 14); %d search results", csp, background, results)
	}
}
