package offline

import (
	"context"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/jihat/jihat/internal/browsertest"
)

// TestRelinkInBrowser writes a small site with root-relative links, rewrites
// it with Relink, opens it in Chromium from file:// and follows the links by
// clicking: relative, explicit, percent-encoded links (lower and upper case)
// must reach the right pages, into a folder with an Arabic name, with the
// stylesheet and an image loading too.
func TestRelinkInBrowser(t *testing.T) {
	ctx := browsertest.Chromium(t)

	const tag = "أطفال" // U+0623 decomposes under NFD: the folder name is NFC
	tagEnc := url.PathEscape(tag)
	page := func(title, body string) string {
		return `<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>` + title +
			`</title><link rel="stylesheet" href="/style.css"></head><body>` + body + `</body></html>`
	}
	site := map[string]struct{ url, html string }{
		"index.html": {"/", page("home",
			`<a id="to-dar" href="/articles/`+darLower+`/">دار الطالبة</a> `+
				`<a id="to-page2" href="/regions/souss-massa/page/2/">2</a>`)},
		"style.css": {"", `body { color: rgb(1, 2, 3); }`},
		"articles/" + darRaw + "/index.html": {"/articles/" + darRaw + "/", page("dar",
			`<img id="photo" src="/articles/`+darUpper+`/photo.svg" alt=""> `+
				`<a id="to-home" href="/">home</a> `+
				`<a id="to-page2" href="/regions/souss-massa/page/2/#list">2</a> `+
				`<a id="to-tag" href="/tags/`+tagEnc+`/">وسم</a>`)},
		"articles/" + darRaw + "/photo.svg": {"", `<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>`},
		"regions/souss-massa/page/2/index.html": {"/regions/souss-massa/page/2/", page("page2",
			`<h2 id="list">list</h2><a id="to-dar" href="/articles/`+darUpper+`/">دار الطالبة</a> `+
				`<a id="to-404" href="/404.html">404</a>`)},
		"tags/" + tag + "/index.html": {"/tags/" + tag + "/", page("tag",
			`<a id="to-dar" href="/articles/`+darLower+`/">دار الطالبة</a>`)},
		"404.html": {"/404.html", page("404", `<a id="to-home" href="/">home</a>`)},
	}
	dir := t.TempDir()
	for name, f := range site {
		data := []byte(f.html)
		if f.url != "" {
			var err error
			if data, err = Relink(data, f.url); err != nil {
				t.Fatal(err)
			}
		}
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}

	start := (&url.URL{Scheme: "file", Path: filepath.ToSlash(filepath.Join(dir, "index.html"))}).String()
	if err := chromedp.Run(ctx, chromedp.Navigate(start)); err != nil {
		t.Fatal(err)
	}
	arrive(t, ctx, "home", "/index.html", "")

	steps := []struct{ click, title, path, hash string }{
		{"#to-dar", "dar", "/articles/" + darRaw + "/index.html", ""},
		{"#to-page2", "page2", "/regions/souss-massa/page/2/index.html", "#list"},
		{"#to-dar", "dar", "/articles/" + darRaw + "/index.html", ""}, // upper-case percent-encoding
		{"#to-tag", "tag", "/tags/" + tag + "/index.html", ""},
		{"#to-dar", "dar", "/articles/" + darRaw + "/index.html", ""},
		{"#to-home", "home", "/index.html", ""},
		{"#to-page2", "page2", "/regions/souss-massa/page/2/index.html", ""},
		{"#to-404", "404", "/404.html", ""},
		{"#to-home", "home", "/index.html", ""},
	}
	for _, s := range steps {
		if err := chromedp.Run(ctx, chromedp.Click(s.click, chromedp.ByQuery)); err != nil {
			t.Fatalf("click %s: %v", s.click, err)
		}
		arrive(t, ctx, s.title, s.path, s.hash)
		if s.title == "dar" {
			var w int
			if err := chromedp.Run(ctx, chromedp.Evaluate(`document.getElementById("photo").naturalWidth`, &w)); err != nil || w != 10 {
				t.Errorf("image in the Arabic folder not loaded: width %d (%v)", w, err)
			}
		}
	}
}

// arrive waits until the page titled title is loaded, then checks where it
// is and that the stylesheet applied.
func arrive(t *testing.T, ctx context.Context, title, path, hash string) {
	t.Helper()
	var got struct {
		Title, Path, Hash, Color string
	}
	deadline := time.Now().Add(15 * time.Second)
	for {
		err := chromedp.Run(ctx, chromedp.Evaluate(`document.readyState === "complete" ? {
			title: document.title,
			path: decodeURIComponent(location.pathname),
			hash: location.hash,
			color: getComputedStyle(document.body).color,
		} : {}`, &got))
		if err == nil && got.Title == title {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("page %q not reached: at %q %q (%v)", title, got.Title, got.Path, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
	if !strings.HasSuffix(got.Path, path) || got.Hash != hash {
		t.Errorf("page %q is at %s%s, want …%s%s", title, got.Path, got.Hash, path, hash)
	}
	if got.Color != "rgb(1, 2, 3)" {
		t.Errorf("page %q: stylesheet not applied (color %s)", title, got.Color)
	}
}
