package server

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/unicode/norm"
)

const (
	indexBody    = "<!doctype html><title>الرئيسية</title>\n"
	notFoundBody = "<!doctype html><h1>الصفحة غير موجودة</h1>\n"
	articleBody  = "<!doctype html><h1>مقال</h1>\n"
	arabicBody   = "<!doctype html><h1>أمن الطرق</h1>\n"
	cssBody      = "body{direction:rtl}\n"
	secretBody   = "TOP SECRET outside the site\n"
)

// The Arabic folder names are written in NFC, as the build writes them; both
// contain letters (أ, إ, آ) whose NFD form differs.
var (
	arabicSection = norm.NFC.String("مقالات")
	arabicSlug    = norm.NFC.String("أمن-الطرق-في-إقليم-آسفي")
)

// newSite writes a small built site into a temp folder, next to files and
// folders outside it that symlinks inside point at, and returns the folder.
func newSite(t *testing.T, with404 bool) (root, site string) {
	t.Helper()
	root = t.TempDir()
	site = filepath.Join(root, "public")
	files := map[string]string{
		"index.html":               indexBody,
		"style.css":                cssBody,
		"feed.xml":                 "<feed xmlns=\"http://www.w3.org/2005/Atom\"></feed>\n",
		"sitemap.xml":              "<urlset></urlset>\n",
		"app.js":                   "console.log(1)\n",
		"data.jihatzz":             "raw",
		"articles/x/index.html":    articleBody,
		"articles/x/photo.jpg":     "\xff\xd8\xff",
		"articles/empty/notes.txt": "not an index",
		"tags/index.html":          "tags",
		arabicSection + "/" + arabicSlug + "/index.html": arabicBody,
	}
	if with404 {
		files["404.html"] = notFoundBody
	}
	for name, body := range files {
		writeFile(t, filepath.Join(site, filepath.FromSlash(name)), body)
	}
	writeFile(t, filepath.Join(root, "secret.txt"), secretBody)
	writeFile(t, filepath.Join(root, "outside", "secret2.txt"), secretBody)
	writeFile(t, filepath.Join(root, "outside", "index.html"), secretBody)
	symlink(t, filepath.Join("..", "secret.txt"), filepath.Join(site, "leak.txt"))
	symlink(t, filepath.Join(root, "secret.txt"), filepath.Join(site, "leak-abs.html"))
	symlink(t, filepath.Join("..", "outside"), filepath.Join(site, "leakdir"))
	symlink(t, filepath.Join("..", "..", "..", "secret.txt"), filepath.Join(site, "articles", "x", "leak.txt"))
	symlink(t, "style.css", filepath.Join(site, "alias.css"))
	// The links do lead outside: reading through them finds the secret.
	for _, name := range []string{"leak.txt", "leak-abs.html", "leakdir/secret2.txt", "articles/x/leak.txt"} {
		if data, err := os.ReadFile(filepath.Join(site, filepath.FromSlash(name))); err != nil || string(data) != secretBody {
			t.Fatalf("symlink %s does not lead to the secret: %q %v", name, data, err)
		}
	}
	return root, site
}

func writeFile(t *testing.T, name, body string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}

func symlink(t *testing.T, target, name string) {
	t.Helper()
	if err := os.Symlink(target, name); err != nil {
		t.Skipf("cannot make symlinks here: %v", err)
	}
}

func newHandler(t *testing.T, with404 bool) *Handler {
	t.Helper()
	_, site := newSite(t, with404)
	h, err := New(site)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = h.Close() })
	return h
}

// escapePath percent-encodes each segment of p.
func escapePath(p string) string {
	segs := strings.Split(p, "/")
	for i, s := range segs {
		segs[i] = url.PathEscape(s)
	}
	return strings.Join(segs, "/")
}

func serve(h http.Handler, method, target string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, target, nil)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

const (
	typeHTML = "text/html; charset=utf-8"
	typeCSS  = "text/css; charset=utf-8"
)

func TestServe(t *testing.T) {
	h := newHandler(t, true)
	arabicDir := "/" + arabicSection + "/" + arabicSlug
	nfc := escapePath(norm.NFC.String(arabicDir))
	nfd := escapePath(norm.NFD.String(arabicDir))
	if nfc == nfd {
		t.Fatal("test path has no letter whose NFD differs")
	}
	tests := []struct {
		name     string
		method   string // GET when empty
		target   string
		status   int
		ctype    string
		body     string
		location string
	}{
		{name: "root", target: "/", status: 200, ctype: typeHTML, body: indexBody},
		{name: "index by name", target: "/index.html", status: 200, ctype: typeHTML, body: indexBody},
		{name: "css", target: "/style.css", status: 200, ctype: typeCSS, body: cssBody},
		{name: "feed", target: "/feed.xml", status: 200, ctype: "application/atom+xml; charset=utf-8"},
		{name: "other xml", target: "/sitemap.xml", status: 200, ctype: "application/xml; charset=utf-8"},
		{name: "js", target: "/app.js", status: 200, ctype: "text/javascript; charset=utf-8"},
		{name: "jpeg", target: "/articles/x/photo.jpg", status: 200, ctype: "image/jpeg"},
		{name: "unknown extension", target: "/data.jihatzz", status: 200, ctype: "application/octet-stream", body: "raw"},
		{name: "folder without slash redirects", target: "/articles/x", status: 301, location: "/articles/x/"},
		{name: "folder with slash", target: "/articles/x/", status: 200, ctype: typeHTML, body: articleBody},
		{name: "dot segment inside the site", target: "/tags/../articles/x/", status: 200, ctype: typeHTML, body: articleBody},
		{name: "doubled slashes", target: "/articles//x/", status: 200, ctype: typeHTML, body: articleBody},
		{name: "arabic NFC", target: nfc + "/", status: 200, ctype: typeHTML, body: arabicBody},
		{name: "arabic NFD", target: nfd + "/", status: 200, ctype: typeHTML, body: arabicBody},
		{name: "arabic NFC file", target: nfc + "/index.html", status: 200, ctype: typeHTML, body: arabicBody},
		{name: "arabic NFD file", target: nfd + "/index.html", status: 200, ctype: typeHTML, body: arabicBody},
		{name: "arabic NFC without slash", target: nfc, status: 301, location: nfc + "/"},
		{name: "arabic NFD without slash", target: nfd, status: 301, location: nfd + "/"},
		{name: "missing page", target: "/articles/nothing/", status: 404, ctype: typeHTML, body: notFoundBody},
		{name: "missing file", target: "/nothing.css", status: 404, ctype: typeHTML, body: notFoundBody},
		{name: "folder without index", target: "/articles/empty/", status: 404, ctype: typeHTML, body: notFoundBody},
		{name: "folder without index, no slash", target: "/articles/empty", status: 301, location: "/articles/empty/"},
		{name: "no listing of a folder", target: "/articles/", status: 404, ctype: typeHTML, body: notFoundBody},
		{name: "404 page by name", target: "/404.html", status: 200, ctype: typeHTML, body: notFoundBody},
		{name: "dot dot", target: "/../secret.txt", status: 404, ctype: typeHTML, body: notFoundBody},
		{name: "dot dot twice", target: "/../../secret.txt", status: 404, ctype: typeHTML, body: notFoundBody},
		{name: "dot dot after a folder", target: "/articles/../../secret.txt", status: 404, ctype: typeHTML, body: notFoundBody},
		{name: "encoded dot dot", target: "/%2e%2e/secret.txt", status: 404, ctype: typeHTML, body: notFoundBody},
		{name: "encoded upper-case dot dot", target: "/%2E%2E/%2E%2E/secret.txt", status: 404, ctype: typeHTML, body: notFoundBody},
		{name: "half-encoded dot dot", target: "/.%2e/secret.txt", status: 404, ctype: typeHTML, body: notFoundBody},
		{name: "encoded slash", target: "/..%2fsecret.txt", status: 404, ctype: typeHTML, body: notFoundBody},
		{name: "all encoded", target: "/%2e%2e%2f%2e%2e%2fsecret.txt", status: 404, ctype: typeHTML, body: notFoundBody},
		{name: "etc passwd", target: "/../../../../../../etc/passwd", status: 404, ctype: typeHTML, body: notFoundBody},
		{name: "encoded etc passwd", target: "/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd", status: 404, ctype: typeHTML, body: notFoundBody},
		{name: "backslashes", target: `/..\..\secret.txt`, status: 404, ctype: typeHTML, body: notFoundBody},
		{name: "NUL byte", target: "/index.html%00.css", status: 404, ctype: typeHTML, body: notFoundBody},
		{name: "symlink to a file outside", target: "/leak.txt", status: 404, ctype: typeHTML, body: notFoundBody},
		{name: "absolute symlink outside", target: "/leak-abs.html", status: 404, ctype: typeHTML, body: notFoundBody},
		{name: "symlink to a folder outside", target: "/leakdir/secret2.txt", status: 404, ctype: typeHTML, body: notFoundBody},
		{name: "symlinked folder outside, with slash", target: "/leakdir/", status: 404, ctype: typeHTML, body: notFoundBody},
		{name: "symlinked folder outside, no slash", target: "/leakdir", status: 404, ctype: typeHTML, body: notFoundBody},
		{name: "nested symlink outside", target: "/articles/x/leak.txt", status: 404, ctype: typeHTML, body: notFoundBody},
		{name: "symlink inside the site", target: "/alias.css", status: 200, ctype: typeCSS, body: cssBody},
		{name: "HEAD", method: "HEAD", target: "/", status: 200, ctype: typeHTML, body: ""},
		{name: "HEAD folder", method: "HEAD", target: "/articles/x/", status: 200, ctype: typeHTML, body: ""},
		{name: "HEAD missing", method: "HEAD", target: "/nothing/", status: 404, ctype: typeHTML, body: ""},
		{name: "HEAD redirect", method: "HEAD", target: "/articles/x", status: 301, location: "/articles/x/"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			method := tt.method
			if method == "" {
				method = http.MethodGet
			}
			rec := serve(h, method, tt.target)
			res := rec.Result()
			body, _ := io.ReadAll(res.Body)
			if res.StatusCode != tt.status {
				t.Fatalf("%s %s: status %d, want %d (body %q)", method, tt.target, res.StatusCode, tt.status, body)
			}
			if strings.Contains(string(body), "SECRET") {
				t.Fatalf("%s %s served a file outside the site: %q", method, tt.target, body)
			}
			if tt.location != "" || res.Header.Get("Location") != "" {
				if got := res.Header.Get("Location"); got != tt.location {
					t.Errorf("Location = %q, want %q", got, tt.location)
				}
			}
			if tt.status == 301 {
				return
			}
			if got := res.Header.Get("Content-Type"); got != tt.ctype {
				t.Errorf("Content-Type = %q, want %q", got, tt.ctype)
			}
			if got := res.Header.Get("X-Content-Type-Options"); got != "nosniff" {
				t.Errorf("X-Content-Type-Options = %q, want nosniff", got)
			}
			if tt.body != "" || method == http.MethodHead {
				if string(body) != tt.body {
					t.Errorf("body = %q, want %q", body, tt.body)
				}
			}
		})
	}
}

func TestHeadHeaders(t *testing.T) {
	h := newHandler(t, true)
	for _, target := range []string{"/", "/style.css", "/articles/x/"} {
		get := serve(h, http.MethodGet, target).Result()
		head := serve(h, http.MethodHead, target).Result()
		if head.StatusCode != 200 {
			t.Fatalf("HEAD %s: status %d", target, head.StatusCode)
		}
		getBody, _ := io.ReadAll(get.Body)
		headBody, _ := io.ReadAll(head.Body)
		if len(headBody) != 0 {
			t.Errorf("HEAD %s: body %q", target, headBody)
		}
		if got, want := head.Header.Get("Content-Length"), strconv.Itoa(len(getBody)); got != want {
			t.Errorf("HEAD %s: Content-Length %q, want %q", target, got, want)
		}
		for _, k := range []string{"Content-Type", "Last-Modified"} {
			if head.Header.Get(k) != get.Header.Get(k) || head.Header.Get(k) == "" {
				t.Errorf("HEAD %s: %s %q, GET has %q", target, k, head.Header.Get(k), get.Header.Get(k))
			}
		}
	}
}

func TestMethodNotAllowed(t *testing.T) {
	h := newHandler(t, true)
	for _, method := range []string{"POST", "PUT", "DELETE", "PATCH", "OPTIONS"} {
		for _, target := range []string{"/", "/style.css", "/nothing/", "/articles/x"} {
			res := serve(h, method, target).Result()
			if res.StatusCode != http.StatusMethodNotAllowed {
				t.Errorf("%s %s: status %d, want 405", method, target, res.StatusCode)
			}
			if got := res.Header.Get("Allow"); got != "GET, HEAD" {
				t.Errorf("%s %s: Allow %q, want %q", method, target, got, "GET, HEAD")
			}
		}
	}
}

// Without a 404.html the handler still answers 404, in plain text.
func TestNotFoundWithout404Page(t *testing.T) {
	h := newHandler(t, false)
	for _, target := range []string{"/nothing/", "/articles/empty/", "/404.html", "/../secret.txt"} {
		res := serve(h, http.MethodGet, target).Result()
		body, _ := io.ReadAll(res.Body)
		if res.StatusCode != 404 {
			t.Errorf("%s: status %d, want 404", target, res.StatusCode)
		}
		if string(body) != "404 page not found\n" {
			t.Errorf("%s: body %q", target, body)
		}
		if got := res.Header.Get("Content-Type"); got != "text/plain; charset=utf-8" {
			t.Errorf("%s: Content-Type %q", target, got)
		}
	}
}

func TestConditionalAndRange(t *testing.T) {
	_, site := newSite(t, true)
	mod := time.Date(2024, 3, 12, 10, 0, 0, 0, time.UTC)
	if err := os.Chtimes(filepath.Join(site, "style.css"), mod, mod); err != nil {
		t.Fatal(err)
	}
	h, err := New(site)
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()

	req := httptest.NewRequest(http.MethodGet, "/style.css", nil)
	req.Header.Set("If-Modified-Since", mod.Format(http.TimeFormat))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusNotModified {
		t.Errorf("If-Modified-Since: status %d, want 304", rec.Code)
	}

	req = httptest.NewRequest(http.MethodGet, "/style.css", nil)
	req.Header.Set("Range", "bytes=0-3")
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusPartialContent || rec.Body.String() != cssBody[:4] {
		t.Errorf("Range: status %d body %q, want 206 %q", rec.Code, rec.Body.String(), cssBody[:4])
	}
}

func TestNewMissingFolder(t *testing.T) {
	if _, err := New(filepath.Join(t.TempDir(), "nope")); err == nil {
		t.Error("New on a missing folder: no error")
	}
}

func TestContentType(t *testing.T) {
	tests := []struct{ name, want string }{
		{"index.html", typeHTML},
		{"a/b/PAGE.HTML", typeHTML},
		{"style.css", typeCSS},
		{"feed.xml", "application/atom+xml; charset=utf-8"},
		{"articles/feed.xml", "application/atom+xml; charset=utf-8"},
		{"sitemap.xml", "application/xml; charset=utf-8"},
		{"search.js", "text/javascript; charset=utf-8"},
		{"index.json", "application/json; charset=utf-8"},
		{"robots.txt", "text/plain; charset=utf-8"},
		{"logo.svg", "image/svg+xml"},
		{"a.jpg", "image/jpeg"},
		{"a.JPEG", "image/jpeg"},
		{"a.png", "image/png"},
		{"a.gif", "image/gif"},
		{"a.webp", "image/webp"},
		{"report.pdf", "application/pdf"},
		{"data/articles.csv", "text/csv; charset=utf-8"},
		{"fonts/noto-sans-tifinagh.woff2", "font/woff2"},
		{"a.woff", "font/woff"},
		{"a.avif", "image/avif"},
		{"favicon.ico", "image/x-icon"},
		{"module.mjs", "text/javascript; charset=utf-8"},
		{"fonts/README.md", "text/markdown; charset=utf-8"},
		{"blob.jihatzz", "application/octet-stream"},
		{"noext", "application/octet-stream"},
	}
	for _, tt := range tests {
		if got := ContentType(tt.name); got != tt.want {
			t.Errorf("ContentType(%q) = %q, want %q", tt.name, got, tt.want)
		}
	}
}

// rawRequest sends one request line to a real server as written, with no
// client-side cleaning, and returns the response.
func rawRequest(t *testing.T, addr, method, target string) (*http.Response, string) {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(5 * time.Second))
	if _, err := io.WriteString(conn, method+" "+target+" HTTP/1.1\r\nHost: example.test\r\nConnection: close\r\n\r\n"); err != nil {
		t.Fatal(err)
	}
	res, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("%s %s: %v", method, target, err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return res, string(body)
}

// The same checks through a real HTTP server, with request lines sent as
// written: nothing outside the folder, whatever the spelling.
func TestRealServerTraversal(t *testing.T) {
	h := newHandler(t, true)
	srv := httptest.NewServer(h)
	defer srv.Close()
	addr := strings.TrimPrefix(srv.URL, "http://")
	for _, target := range []string{
		"/../secret.txt",
		"/../../../../etc/passwd",
		"/%2e%2e/secret.txt",
		"/%2e%2e%2fsecret.txt",
		"/.%2e/.%2e/etc/passwd",
		"/articles/x/../../../secret.txt",
		"/leak.txt",
		"/leakdir/secret2.txt",
		"/leakdir/",
		"/articles/x/leak.txt",
	} {
		res, body := rawRequest(t, addr, "GET", target)
		if strings.Contains(body, "SECRET") || strings.Contains(body, "root:") {
			t.Errorf("GET %s: served a file outside the site: %q", target, body)
		}
		if res.StatusCode != 404 || body != notFoundBody {
			t.Errorf("GET %s: %d %q, want 404 with the 404 page", target, res.StatusCode, body)
		}
	}
	res, body := rawRequest(t, addr, "HEAD", "/")
	if res.StatusCode != 200 || body != "" || res.Header.Get("Content-Type") != typeHTML {
		t.Errorf("HEAD /: %d %q %q", res.StatusCode, res.Header.Get("Content-Type"), body)
	}
	res, _ = rawRequest(t, addr, "POST", "/")
	if res.StatusCode != 405 {
		t.Errorf("POST /: %d, want 405", res.StatusCode)
	}
	res, body = rawRequest(t, addr, "GET", escapePath(norm.NFD.String("/"+arabicSection+"/"+arabicSlug+"/")))
	if res.StatusCode != 200 || body != arabicBody {
		t.Errorf("GET NFD Arabic path: %d %q", res.StatusCode, body)
	}
}

// Regression: the folder redirect used to echo the request path. A path that
// starts with "//" and cleans to a folder (the "..%2f" is not a dot segment for a browser, so
// a plain link reaches the server as written) yields a protocol-relative
// Location: an open redirect to another host.
func TestRegressionOpenRedirect(t *testing.T) {
	h := newHandler(t, true)
	srv := httptest.NewServer(h)
	defer srv.Close()
	addr := strings.TrimPrefix(srv.URL, "http://")
	for _, target := range []string{
		"//evil.example/..%2farticles/x",
		"//evil.example/%2e%2e/articles/x",
		"//evil.example/../articles/x",
	} {
		res, _ := rawRequest(t, addr, "GET", target)
		loc := res.Header.Get("Location")
		u, err := url.Parse(loc)
		if err != nil || u.Host != "" || strings.HasPrefix(loc, "//") {
			t.Errorf("GET %s: %d Location %q leads to another host", target, res.StatusCode, loc)
		}
	}
}

// Regression: the folder redirect dropped the query string, e.g. a hand-typed
// /search?q=… loses the search.
func TestRegressionRedirectDropsQuery(t *testing.T) {
	h := newHandler(t, true)
	res := serve(h, http.MethodGet, "/articles/x?page=2").Result()
	if got := res.Header.Get("Location"); got != "/articles/x/?page=2" {
		t.Errorf("Location = %q, want %q", got, "/articles/x/?page=2")
	}
}
