package jihat_test

import (
	"archive/zip"
	"bytes"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/jihat/jihat"
	"github.com/jihat/jihat/internal/archive"
	"github.com/jihat/jihat/internal/browsertest"
	"github.com/jihat/jihat/internal/build"
)

// The example site as a centre receives it: zipped, unzipped anywhere, and
// opened from disk. Every link on every page leads to a file that exists,
// clicking reaches a province and an article, and search answers spellings
// with and without hamza, tashkeel and the article.
func TestOfflineArchiveInChromium(t *testing.T) {
	ctx := browsertest.Chromium(t)
	tmp := t.TempDir()
	site := filepath.Join(tmp, "site")
	res, err := build.Build(build.Options{Source: ".", Destination: site, Theme: jihat.Theme, Offline: true})
	if err != nil {
		t.Fatal(err)
	}
	var zipped bytes.Buffer
	if err := archive.Write(&zipped, site, res.Updated); err != nil {
		t.Fatal(err)
	}
	root := filepath.Join(tmp, "unzipped")
	unzip(t, zipped.Bytes(), root)

	// Nothing in the pages points at the online site.
	err = filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		data, err := os.ReadFile(p)
		if strings.Contains(string(data), "jihat.netlify.app") {
			t.Errorf("%s names the online site", p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}

	t.Run("crawl", func(t *testing.T) { // every language's pages, through the switcher
		start := fileURL(root, "index.html")
		seen := map[string]bool{start: true}
		queue := []string{start}
		pages := 0
		for len(queue) > 0 {
			page := queue[0]
			queue = queue[1:]
			var links []string
			err := chromedp.Run(ctx,
				chromedp.Navigate(page),
				// An SVG link's href is an object: its address is resolved here.
				chromedp.Evaluate(`[...document.querySelectorAll('a[href],link[href],img[src],script[src]')].map(e => typeof e.href === 'object' ? new URL(e.href.baseVal, document.baseURI).href : (e.href || e.src))`, &links),
			)
			if err != nil {
				t.Fatalf("%s: %v", page, err)
			}
			pages++
			for _, link := range links {
				u, err := url.Parse(link)
				if err != nil {
					t.Errorf("%s: bad link %q", page, link)
					continue
				}
				if u.Scheme != "file" {
					continue // the web, outside the archive
				}
				target := u.Path
				info, err := os.Stat(target)
				if err != nil || info.IsDir() {
					t.Errorf("%s: broken link %s", rel(root, page), link)
					continue
				}
				u.Fragment, u.RawQuery = "", ""
				next := u.String()
				if strings.HasSuffix(target, ".html") && !seen[next] {
					seen[next] = true
					queue = append(queue, next)
				}
			}
		}
		if pages < 150 {
			t.Errorf("crawled only %d pages", pages)
		}
		t.Logf("crawled %d pages from disk, no broken link", pages)
	})

	t.Run("click to a province and an article", func(t *testing.T) {
		var title, location string
		err := chromedp.Run(ctx,
			chromedp.Navigate(fileURL(root, "index.html")),
			chromedp.Click(`nav[aria-label="الأقسام"] a[href$="regions/index.html"]`, chromedp.ByQuery),
			chromedp.WaitVisible(`a[href$="souss-massa/index.html"]`, chromedp.ByQuery),
			chromedp.Click(`main a[href$="souss-massa/index.html"]`, chromedp.ByQuery),
			chromedp.WaitVisible(`.numbers table a[href$="tata/index.html"]`, chromedp.ByQuery),
			chromedp.Click(`.numbers table a[href$="tata/index.html"]`, chromedp.ByQuery),
			chromedp.WaitVisible(`a[href$="foum-zguid-disability-centre-one-year/index.html"]`, chromedp.ByQuery),
			chromedp.Evaluate(`document.querySelector('h1').textContent`, &title),
		)
		if err != nil {
			t.Fatal(err)
		}
		if title != "إقليم طاطا" {
			t.Errorf("province page h1 = %q", title)
		}
		err = chromedp.Run(ctx,
			chromedp.Click(`a[href$="foum-zguid-disability-centre-one-year/index.html"]`, chromedp.ByQuery),
			chromedp.WaitVisible(`article.post h1`, chromedp.ByQuery),
			chromedp.Evaluate(`location.href`, &location),
		)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasSuffix(location, "/articles/foum-zguid-disability-centre-one-year/index.html") {
			t.Errorf("clicked to %s", location)
		}
	})

	searches := []struct {
		query, region, want string
		page                string // the language's folder, "" for the default
	}{
		{query: "أركانة", region: "", want: "/articles/%D8%AF%D8%A7%D8%B1-%D8%A7%D9%84%D8%B7%D8%A7%D9%84%D8%A8%D8%A9-%D8%A3%D8%B1%D9%83%D8%A7%D9%86%D8%A9/"},
		{query: "اركانة", region: "", want: "/articles/%D8%AF%D8%A7%D8%B1-%D8%A7%D9%84%D8%B7%D8%A7%D9%84%D8%A8%D8%A9-%D8%A3%D8%B1%D9%83%D8%A7%D9%86%D8%A9/"},
		{query: "أَرْكَانَة", region: "", want: "/articles/%D8%AF%D8%A7%D8%B1-%D8%A7%D9%84%D8%B7%D8%A7%D9%84%D8%A8%D8%A9-%D8%A3%D8%B1%D9%83%D8%A7%D9%86%D8%A9/"},
		{query: "طالبة اركانه", region: "", want: "/articles/%D8%AF%D8%A7%D8%B1-%D8%A7%D9%84%D8%B7%D8%A7%D9%84%D8%A8%D8%A9-%D8%A3%D8%B1%D9%83%D8%A7%D9%86%D8%A9/"},
		{query: "تصفية الدم", region: "", want: "/articles/khouribga-hemodialysis-centre/"},
		{query: "تصفيه دم", region: "", want: "/articles/khouribga-hemodialysis-centre/"},
		{query: "الإسعاف الاجتماعي", region: "casablanca-settat", want: "/articles/casablanca-samu-social-cold-wave/"},
		{query: "اسعاف اجتماعي", region: "casablanca-settat", want: "/articles/casablanca-samu-social-cold-wave/"},
		{query: "Samu social", region: "", want: "/articles/casablanca-samu-social-cold-wave/"},
		{query: "أركا", want: "/articles/%D8%AF%D8%A7%D8%B1-%D8%A7%D9%84%D8%B7%D8%A7%D9%84%D8%A8%D8%A9-%D8%A3%D8%B1%D9%83%D8%A7%D9%86%D8%A9/"}, // as it is typed
		// each language's search page searches its own index, by its rules
		{query: "ARGANA", page: "fr/", want: "/fr/articles/%D8%AF%D8%A7%D8%B1-%D8%A7%D9%84%D8%B7%D8%A7%D9%84%D8%A8%D8%A9-%D8%A3%D8%B1%D9%83%D8%A7%D9%86%D8%A9/"},
		{query: "seisme", page: "fr/", want: "/fr/articles/al-haouz-post-earthquake-dar-taliba/"},
		{query: "vagues froides", page: "fr/", want: "/fr/articles/ifrane-boulemane-winter-boarding/"},
		{query: "Arga", page: "fr/", want: "/fr/articles/%D8%AF%D8%A7%D8%B1-%D8%A7%D9%84%D8%B7%D8%A7%D9%84%D8%A8%D8%A9-%D8%A3%D8%B1%D9%83%D8%A7%D9%86%D8%A9/"},
		{query: "ⵟⴰⵏⵊⴰ", page: "zgh/", want: "/zgh/articles/tanger-disability-inclusion-centre/"},
	}
	for _, s := range searches {
		t.Run("search "+s.query, func(t *testing.T) {
			q := url.Values{"q": {s.query}}
			if s.region != "" {
				q.Set("r", s.region)
			}
			var hrefs []string
			var status string
			var themed bool
			err := chromedp.Run(ctx,
				chromedp.Navigate(fileURL(root, s.page+"search/index.html")+"?"+q.Encode()),
				chromedp.Poll(`document.querySelectorAll('#search-results li a').length > 0`, nil, chromedp.WithPollingTimeout(10*time.Second)),
				// The links are the theme's template's, filled by role.
				chromedp.Evaluate(`[...document.querySelectorAll('#search-results li a[data-result~=link]')].map(a => a.href)`, &hrefs),
				chromedp.Evaluate(`document.getElementById('search-status').textContent`, &status),
				// The count is one of the theme's forms on #search-status.
				chromedp.Evaluate(`(() => {
					const s = document.getElementById('search-status'), n = document.querySelectorAll('#search-results li').length;
					return Object.values(s.dataset).some(f => f.split('%d').join(n) === s.textContent);
				})()`, &themed),
			)
			if err != nil {
				t.Fatal(err)
			}
			if !themed {
				t.Errorf("%q: status %q is none of the page's forms", s.query, status)
			}
			found := false
			for _, h := range hrefs {
				if strings.HasSuffix(h, s.want+"index.html") {
					found = true
				}
			}
			if !found {
				t.Errorf("%q: results %v (%s), want %s", s.query, hrefs, status, s.want)
			}
		})
	}
}

func fileURL(root, rel string) string {
	return (&url.URL{Scheme: "file", Path: filepath.ToSlash(filepath.Join(root, rel))}).String()
}

func rel(root, fileURL string) string {
	u, err := url.Parse(fileURL)
	if err != nil {
		return fileURL
	}
	r, err := filepath.Rel(root, u.Path)
	if err != nil {
		return u.Path
	}
	return r
}

func unzip(t *testing.T, data []byte, dir string) {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		target := filepath.Join(dir, filepath.FromSlash(f.Name))
		if !strings.HasPrefix(target, dir+string(filepath.Separator)) {
			t.Fatalf("zip entry escapes: %s", f.Name)
		}
		if strings.HasSuffix(f.Name, "/") {
			continue
		}
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			t.Fatal(err)
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		content, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(target, content, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
