package server

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jihat/jihat"
	"github.com/jihat/jihat/internal/build"
	"github.com/jihat/jihat/internal/headers"
)

var (
	exampleOnce sync.Once
	exampleDir  string
	exampleErr  error
)

// exampleSite builds the repository's example site once, into a folder
// the tests share and do not change.
func exampleSite(t *testing.T) string {
	t.Helper()
	exampleOnce.Do(func() {
		exampleDir, exampleErr = os.MkdirTemp("", "jihat-preview-test-")
		if exampleErr != nil {
			return
		}
		_, exampleErr = build.Build(build.Options{Source: filepath.Join("..", ".."), Destination: filepath.Join(exampleDir, "public"), Theme: jihat.Theme})
	})
	if exampleErr != nil {
		t.Fatal(exampleErr)
	}
	return filepath.Join(exampleDir, "public")
}

func TestMain(m *testing.M) {
	code := m.Run()
	if exampleDir != "" {
		os.RemoveAll(exampleDir)
	}
	os.Exit(code)
}

// copySite is a copy of the built example site that a test may change.
func copySite(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "public")
	if err := os.CopyFS(dir, os.DirFS(exampleSite(t))); err != nil {
		t.Fatal(err)
	}
	return dir
}

func get(h http.Handler, method, target string, header ...string) *http.Response {
	req := httptest.NewRequest(method, target, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Result()
}

// jihat preview answers the built example site as the CDN will.
func TestPreviewExampleSite(t *testing.T) {
	site := exampleSite(t)
	h, err := NewPreview(site)
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	data, err := os.ReadFile(filepath.Join(site, headers.FileName))
	if err != nil {
		t.Fatal(err)
	}
	rules, err := headers.Parse(headers.FileName, data)
	if err != nil {
		t.Fatal(err)
	}
	notFound, err := os.ReadFile(filepath.Join(site, "404.html"))
	if err != nil {
		t.Fatal(err)
	}
	index, err := os.ReadFile(filepath.Join(site, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	// The stylesheet the pages link, whatever its published name.
	css := regexp.MustCompile(`<link rel="?stylesheet"? href="?(/[^" >]+\.css)`).FindSubmatch(index)
	if css == nil {
		t.Fatal("index.html links no stylesheet")
	}
	revalidate := "public, max-age=0, must-revalidate"
	tests := []struct {
		name, target string
		gzip         bool
		status       int
		ctype        string
		cache        string // Cache-Control
		encoding     string // Content-Encoding
		file         string // the file whose bytes the body is ("" not checked)
	}{
		{"home", "/", false, 200, typeHTML, revalidate, "", "index.html"},
		{"home compressed", "/", true, 200, typeHTML, revalidate, "gzip", "index.html"},
		{"region", "/regions/souss-massa/", true, 200, typeHTML, revalidate, "gzip", "regions/souss-massa/index.html"},
		{"a page by its file", "/regions/souss-massa/index.html", false, 200, typeHTML, revalidate, "", "regions/souss-massa/index.html"},
		{"region without its slash", "/regions/souss-massa", false, 301, "", "", "", ""},
		{"stylesheet", string(css[1]), true, 200, typeCSS, "", "gzip", strings.TrimPrefix(string(css[1]), "/")},
		{"icon", "/favicon.svg", false, 200, "image/svg+xml", "public, max-age=86400", "", "favicon.svg"},
		{"feed", "/feed.xml", true, 200, "application/atom+xml; charset=utf-8", revalidate, "gzip", "feed.xml"},
		{"search index", "/search/index.js", true, 200, "text/javascript; charset=utf-8", revalidate, "gzip", "search/index.js"},
		{"data", "/data/articles.csv", false, 200, "text/csv; charset=utf-8", revalidate, "", "data/articles.csv"},
		{"missing page", "/no-such-page/", false, 404, typeHTML, revalidate, "", "404.html"},
		{"missing page compressed", "/no/such/file.css", true, 404, typeHTML, revalidate, "gzip", "404.html"},
		{"the _headers file is not published", "/_headers", false, 404, typeHTML, revalidate, "", "404.html"},
		{"nor is _redirects", "/_redirects", false, 404, typeHTML, revalidate, "", "404.html"},
		{"no live reload", "/_jihat/live.js", false, 404, typeHTML, revalidate, "", "404.html"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var extra []string
			if tt.gzip {
				extra = []string{"Accept-Encoding", "gzip, deflate, br"}
			}
			res := get(h, http.MethodGet, tt.target, extra...)
			if res.StatusCode != tt.status {
				t.Fatalf("status %d, want %d", res.StatusCode, tt.status)
			}
			if tt.status == 301 {
				if got := res.Header.Get("Location"); got != tt.target+"/" {
					t.Errorf("Location %q", got)
				}
				return
			}
			if got := res.Header.Get("Content-Type"); got != tt.ctype {
				t.Errorf("Content-Type %q, want %q", got, tt.ctype)
			}
			// Every header the site's _headers gives the path is sent.
			for name, values := range rules.Match(tt.target) {
				if got := res.Header.Values(name); len(got) != 1 || got[0] != values[0] {
					t.Errorf("%s: %q, want %q", name, got, values)
				}
			}
			if tt.cache != "" {
				if got := res.Header.Get("Cache-Control"); got != tt.cache {
					t.Errorf("Cache-Control %q, want %q", got, tt.cache)
				}
			}
			if got := res.Header.Get("Content-Encoding"); got != tt.encoding {
				t.Errorf("Content-Encoding %q, want %q", got, tt.encoding)
			}
			body, _ := io.ReadAll(res.Body)
			if tt.encoding == "gzip" {
				if !strings.Contains(res.Header.Get("Vary"), "Accept-Encoding") {
					t.Errorf("Vary %q", res.Header.Get("Vary"))
				}
				zr, err := gzip.NewReader(bytes.NewReader(body))
				if err != nil {
					t.Fatal(err)
				}
				if body, err = io.ReadAll(zr); err != nil {
					t.Fatal(err)
				}
			}
			if tt.file != "" {
				want, err := os.ReadFile(filepath.Join(site, filepath.FromSlash(tt.file)))
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(body, want) {
					t.Errorf("body: %d bytes, not those of %s (%d)", len(body), tt.file, len(want))
				}
			}
			if bytes.Contains(body, []byte(LivePrefix)) {
				t.Error("the live-reload script is in the page")
			}
		})
	}
	if !bytes.Contains(notFound, []byte("<html")) {
		t.Error("the example site's 404.html is not a page")
	}
	// A photo is sent as it is, whatever the browser accepts.
	photos, _ := filepath.Glob(filepath.Join(site, "articles", "*", "photo_sizes", "*.jpg"))
	if len(photos) == 0 {
		t.Fatal("the example site has no photo")
	}
	rel, _ := filepath.Rel(site, photos[0])
	res := get(h, http.MethodGet, "/"+filepath.ToSlash(rel), "Accept-Encoding", "gzip")
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "image/jpeg" || res.Header.Get("Content-Encoding") != "" {
		t.Errorf("photo: %d %q %q", res.StatusCode, res.Header.Get("Content-Type"), res.Header.Get("Content-Encoding"))
	}
}

// A folder that is no built site, or whose _headers has a mistake, is
// refused with the reason.
func TestNewPreviewRefuses(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "file.txt")
	writeFile(t, file, "x")
	empty := filepath.Join(dir, "empty")
	if err := os.Mkdir(empty, 0o755); err != nil {
		t.Fatal(err)
	}
	bad := copySite(t)
	writeFile(t, filepath.Join(bad, headers.FileName), "/*\nX-Frame-Options: DENY\n")
	tests := []struct{ dir, want string }{
		{filepath.Join(dir, "nope"), "does not exist: build the site first"},
		{file, "is not a folder"},
		{empty, "has no index.html"},
		{bad, "_headers:2:1: the header X-Frame-Options is not indented"},
	}
	for _, tt := range tests {
		h, err := NewPreview(tt.dir)
		if err == nil {
			h.Close()
			t.Errorf("%s: no error", tt.dir)
			continue
		}
		if !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: %v, want %q", tt.dir, err, tt.want)
		}
	}
}

// jihat serve applies the site's _headers too, but keeps its no-store;
// a changed _headers applies at once, and its mistakes are told once.
func TestServeAppliesHeaders(t *testing.T) {
	site := copySite(t)
	h, err := New(site)
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	var reports []string
	h.WithLiveReload(NewReloader()).OnHeadersError("static/_headers", func(err error) { reports = append(reports, err.Error()) })

	res := get(h, http.MethodGet, "/favicon.svg")
	if got := res.Header.Get("Cache-Control"); got != "no-store" {
		t.Errorf("Cache-Control %q, want no-store", got)
	}
	if got := res.Header.Get("Content-Security-Policy"); got != "frame-ancestors 'none'" {
		t.Errorf("Content-Security-Policy %q", got)
	}
	if got := res.Header.Get("Content-Encoding"); got != "" {
		t.Errorf("Content-Encoding %q: jihat serve does not compress", got)
	}
	res = get(h, http.MethodGet, "/")
	if body, _ := io.ReadAll(res.Body); !bytes.Contains(body, []byte(LivePrefix)) {
		t.Error("no live-reload script in the page")
	}

	// The file changes as a rebuild writes it: the new rules apply.
	name := filepath.Join(site, headers.FileName)
	writeFile(t, name, "/*\n  X-Test: one\n  Cache-Control: max-age=60\n")
	later := time.Now().Add(2 * time.Second)
	if err := os.Chtimes(name, later, later); err != nil {
		t.Fatal(err)
	}
	res = get(h, http.MethodGet, "/")
	if res.Header.Get("X-Test") != "one" || res.Header.Get("Content-Security-Policy") != "" || res.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("after the change: %v", res.Header)
	}
	writeFile(t, name, "/*\n  X-Test: two\n  Broken\n/x\n  X-Ok: yes\n")
	later = later.Add(2 * time.Second)
	if err := os.Chtimes(name, later, later); err != nil {
		t.Fatal(err)
	}
	for range 3 {
		res = get(h, http.MethodGet, "/x")
	}
	if res.Header.Get("X-Test") != "" || res.Header.Get("X-Ok") != "yes" {
		t.Errorf("with a mistake, the rules without one apply: %v", res.Header)
	}
	if len(reports) != 1 || !strings.HasPrefix(reports[0], `static/_headers:3:3: "Broken" is not a header`) {
		t.Errorf("reports %q, want one, at static/_headers:3:3", reports)
	}
	// No _headers: nothing but the server's own.
	if err := os.Remove(name); err != nil {
		t.Fatal(err)
	}
	if res = get(h, http.MethodGet, "/x"); res.Header.Get("X-Ok") != "" {
		t.Errorf("the removed file still applies: %v", res.Header)
	}
}

func TestAcceptsGzip(t *testing.T) {
	tests := []struct {
		header string
		want   bool
	}{
		{"", false},
		{"gzip", true},
		{"gzip, deflate, br, zstd", true},
		{"br;q=1.0, GZIP;q=0.5", true},
		{"gzip;q=0", false},
		{"gzip; q=0.000", false},
		{"gzip;q=0.001", true},
		{"*", true},
		{"identity", false},
		{"x-gzip", false},
	}
	for _, tt := range tests {
		if got := acceptsGzip(tt.header); got != tt.want {
			t.Errorf("acceptsGzip(%q) = %v, want %v", tt.header, got, tt.want)
		}
	}
}

// Preview serves until its context ends, then stops.
func TestPreviewStops(t *testing.T) {
	h, err := NewPreview(exampleSite(t))
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- Preview(ctx, ln, h) }()
	res, err := http.Get("http://" + ln.Addr().String() + "/no-such-page/")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 404 || res.Header.Get("Referrer-Policy") == "" {
		t.Errorf("over the network: %d %v", res.StatusCode, res.Header)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Preview: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Preview did not stop")
	}
	if _, err := net.DialTimeout("tcp", ln.Addr().String(), time.Second); err == nil || errors.Is(err, context.Canceled) {
		t.Error("still listening")
	}
}
