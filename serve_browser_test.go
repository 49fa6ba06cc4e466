package jihat_test

import (
	"bytes"
	"context"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/jihat/jihat"
	"github.com/jihat/jihat/internal/browsertest"
	"github.com/jihat/jihat/internal/build"
	"github.com/jihat/jihat/internal/live"
	"github.com/jihat/jihat/internal/msg"
)

// syncBuffer collects the server's terminal output from its goroutine.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// startServe runs jihat serve on a copy of the test site until the test ends.
func startServe(t *testing.T, poll time.Duration) (site, base string, out *syncBuffer) {
	return startServeIn(t, poll, nil)
}

// startServeIn is startServe with the editor's messages in words' language.
func startServeIn(t *testing.T, poll time.Duration, words *msg.Catalog) (site, base string, out *syncBuffer) {
	t.Helper()
	site = t.TempDir()
	copyDir(t, "internal/build/testdata/site", site)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	out = &syncBuffer{}
	done := make(chan error, 1)
	go func() {
		done <- live.Run(ctx, ln, live.Options{Build: build.Options{Source: site, Theme: jihat.Theme}, Poll: poll, Out: out, Err: out, Messages: words})
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("serve: %v", err)
			}
		case <-time.After(10 * time.Second):
			t.Error("serve did not stop")
		}
	})
	return site, "http://" + ln.Addr().String(), out
}

// An editor saves in every way editors do; the open page shows each change,
// a broken file shows an overlay naming it, the fix clears it, a stylesheet
// edit applies without a reload, and a deleted article is gone.
func TestServeLiveReloadInChromium(t *testing.T) {
	arabic, err := msg.For("ar")
	if err != nil {
		t.Fatal(err)
	}
	// Polling runs with the messages in Arabic, for the overlay to be
	// seen right to left.
	for _, mode := range []struct {
		name  string
		poll  time.Duration
		words *msg.Catalog
	}{{"file-system events", 0, nil}, {"polling", 150 * time.Millisecond, arabic}} {
		t.Run(mode.name, func(t *testing.T) { testServe(t, mode.poll, mode.words) })
	}
}

func testServe(t *testing.T, poll time.Duration, words *msg.Catalog) {
	ctx := browsertest.Chromium(t)
	site, base, out := startServeIn(t, poll, words)
	article := filepath.Join(site, "content", "2024", "argana-visit", "index.md")
	original, err := os.ReadFile(article)
	if err != nil {
		t.Fatal(err)
	}
	withText := func(marker string) []byte {
		return bytes.Replace(original, []byte("تقدم الدار الإيواء والإطعام."), []byte("تقدم الدار الإيواء والإطعام. "+marker), 1)
	}
	// waitFor evaluates js until it is true. The page reloads under it, so
	// an evaluation that fails because of a navigation is simply retried.
	waitFor := func(t *testing.T, js, what string) {
		t.Helper()
		deadline := time.Now().Add(15 * time.Second)
		var last error
		for time.Now().Before(deadline) {
			var ok bool
			evalCtx, cancel := context.WithTimeout(ctx, 2*time.Second)
			last = chromedp.Run(evalCtx, chromedp.Evaluate(`(function(){ try { return !!(`+js+`); } catch (e) { return false; } })()`, &ok))
			cancel()
			if last == nil && ok {
				return
			}
			time.Sleep(100 * time.Millisecond)
		}
		t.Fatalf("%s: not seen within 15 s (last error: %v)\nserver said:\n%s", what, last, out.String())
	}
	open := func(t *testing.T, page string) {
		t.Helper()
		if err := chromedp.Run(ctx, chromedp.Navigate(base+page)); err != nil {
			t.Fatal(err)
		}
		waitFor(t, `document.documentElement.getAttribute('data-jihat-live') === 'on'`, "live reload connected")
	}
	open(t, "/articles/argana-visit/")

	saves := []struct {
		name string
		save func(data []byte) error
	}{
		{"write in place", func(data []byte) error { return os.WriteFile(article, data, 0o644) }},
		{"write a temporary file, rename it over (vim, Helix, Sublime, JetBrains)", func(data []byte) error {
			// vim probes the folder with "4913" and keeps a swap file.
			for _, junk := range []string{"4913", ".index.md.swp", "index.md~"} {
				if err := os.WriteFile(filepath.Join(filepath.Dir(article), junk), []byte("x"), 0o644); err != nil {
					return err
				}
			}
			os.Remove(filepath.Join(filepath.Dir(article), "4913"))
			tmp := article + "___jb_tmp___"
			if err := os.WriteFile(tmp, data, 0o644); err != nil {
				return err
			}
			return os.Rename(tmp, article)
		}},
		{"remove, then create (nvim)", func(data []byte) error {
			if err := os.Remove(article); err != nil {
				return err
			}
			return os.WriteFile(article, data, 0o644)
		}},
	}
	for i, s := range saves {
		t.Run(s.name, func(t *testing.T) {
			marker := "علامة-" + string(rune('أ'+i))
			if err := s.save(withText(marker)); err != nil {
				t.Fatal(err)
			}
			waitFor(t, `document.body.innerText.includes('`+marker+`') && document.documentElement.getAttribute('data-jihat-live') === 'on'`, "new text shown")
		})
	}

	t.Run("broken front matter shows an overlay; the fix clears it", func(t *testing.T) {
		broken := bytes.Replace(original, []byte("date: 2024-02-05"), []byte("date: 05/02/2024"), 1)
		if err := os.WriteFile(article, broken, 0o644); err != nil {
			t.Fatal(err)
		}
		// The problem's place, isolated from the words around it; the
		// words in the editor's language and writing direction.
		want := words.Sprintf("bad date %q: %v", "05/02/2024", msg.New("write it as year-month-day, e.g. 2024-02-05, or with a time as 2024-02-05 10:30 (Morocco time) or 2024-02-05T10:30:00+01:00"))
		waitFor(t, `(function(){ var o = document.getElementById('jihat:error'); if (!o) return false;
			var at = o.querySelector('bdi');
			return at && at.textContent === 'content/2024/argana-visit/index.md:3:7:' && at.dir === 'ltr' &&
				o.dir === '`+words.Dir()+`' && o.lang === '`+words.Lang()+`' && o.textContent.includes(`+strconv.Quote(want)+`); })()`, "overlay with file and line")
		var stillThere bool
		if err := chromedp.Run(ctx, chromedp.Evaluate(`document.querySelector('article.post h1') !== null`, &stillThere)); err != nil || !stillThere {
			t.Errorf("the last good page is not shown under the overlay (%v)", err)
		}
		if err := os.WriteFile(article, withText("أصلح"), 0o644); err != nil {
			t.Fatal(err)
		}
		waitFor(t, `!document.getElementById('jihat:error') && document.body.innerText.includes('أصلح')`, "overlay gone and fixed text shown")
	})

	t.Run("a stylesheet edit applies without reloading", func(t *testing.T) {
		if err := chromedp.Run(ctx, chromedp.Evaluate(`window.jihatNoReload = 1`, nil)); err != nil {
			t.Fatal(err)
		}
		css, err := os.ReadFile("static/style.css")
		if err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(filepath.Join(site, "static"), 0o755); err != nil {
			t.Fatal(err)
		}
		css = append(css, []byte("\nh1{color:rgb(1, 2, 3)}\n")...)
		if err := os.WriteFile(filepath.Join(site, "static", "style.css"), css, 0o644); err != nil {
			t.Fatal(err)
		}
		waitFor(t, `getComputedStyle(document.querySelector('h1')).color === 'rgb(1, 2, 3)' && window.jihatNoReload === 1`, "new style without reload")
	})

	t.Run("a new article in a new folder appears; deleted, it is a 404", func(t *testing.T) {
		dir := filepath.Join(site, "content", "2025", "new", "visit")
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		body := "---\ntitle: \"زيارة جديدة\"\ndate: 2025-01-10\nregion: oriental\n---\n\nنص جديد.\n"
		if err := os.WriteFile(filepath.Join(dir, "index.md"), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		// The browser follows the edited article to its page.
		waitFor(t, `location.pathname === '/articles/visit/' && document.body.innerText.includes('نص جديد')`, "new article shown")
		if err := os.RemoveAll(filepath.Join(site, "content", "2025")); err != nil {
			t.Fatal(err)
		}
		deadline := time.Now().Add(15 * time.Second)
		for {
			res, err := http.Get(base + "/articles/visit/")
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			if res.StatusCode == http.StatusNotFound {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("deleted article still served with %d\nserver said:\n%s", res.StatusCode, out.String())
			}
			time.Sleep(100 * time.Millisecond)
		}
		waitFor(t, `document.querySelector('h1') && document.querySelector('h1').textContent === 'الصفحة غير موجودة'`, "the open page becomes the 404 page")
	})

	if changed := words.Sprintf("%s changed", "content/2024/argana-visit/index.md"); !strings.Contains(out.String(), changed+": ") {
		t.Errorf("no rebuild line in the terminal:\n%s", out.String())
	}
}

func copyDir(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.WalkDir(from, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		target := filepath.Join(to, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}
