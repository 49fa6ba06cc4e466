// Package server serves a built site over HTTP the way the CDN will: clean
// URLs, the site's own 404 page, UTF-8 content types, the response headers
// of its _headers file, Arabic paths in NFC or NFD, no directory listings
// and nothing outside the output folder.
package server

import (
	"bytes"
	"io"
	"mime"
	"net/http"
	"net/url"
	"os"
	"path"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/text/unicode/norm"

	"github.com/jihat/jihat/internal/headers"
)

// Limits bound what one connection can take of the server. jihat serve
// listens on loopback for one editor's browser: a request that takes longer
// than these is a stuck or hostile client, not a slow network.
type Limits struct {
	ReadHeaderTimeout time.Duration // the request line and headers
	ReadTimeout       time.Duration // a whole request, body included
	// WriteTimeout bounds a response; the live-reload stream, open as
	// long as the page, bounds each of its events instead.
	WriteTimeout   time.Duration
	IdleTimeout    time.Duration // a kept-alive connection between requests
	MaxHeaderBytes int           // beyond this, 431 Request Header Fields Too Large
}

// DefaultLimits are jihat serve's.
func DefaultLimits() Limits {
	return Limits{
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       30 * time.Second,
		// A browser sends a few KB; cookies other local tools set on
		// 127.0.0.1 are sent too.
		MaxHeaderBytes: 64 << 10,
	}
}

// NewServer returns the HTTP server for h with the limits l; a zero field
// takes DefaultLimits's.
func NewServer(h http.Handler, l Limits) *http.Server {
	d := DefaultLimits()
	pick := func(v, def time.Duration) time.Duration {
		if v > 0 {
			return v
		}
		return def
	}
	if l.MaxHeaderBytes <= 0 {
		l.MaxHeaderBytes = d.MaxHeaderBytes
	}
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: pick(l.ReadHeaderTimeout, d.ReadHeaderTimeout),
		ReadTimeout:       pick(l.ReadTimeout, d.ReadTimeout),
		WriteTimeout:      pick(l.WriteTimeout, d.WriteTimeout),
		IdleTimeout:       pick(l.IdleTimeout, d.IdleTimeout),
		MaxHeaderBytes:    l.MaxHeaderBytes,
	}
}

// Handler serves the site in dir.
type Handler struct {
	dir  string
	root atomic.Pointer[os.Root]
	live *Reloader // nil unless serving for an editor
	// headers are the site's _headers rules, read again when it changes.
	headers siteHeaders
	// cdn makes the handler answer as the CDN does where jihat serve
	// does not: compressed text, the CDNs' default Cache-Control.
	cdn  bool
	gzip sync.Map // file name → *gzipped
}

// New opens dir for serving. os.Root refuses any path, symlink included,
// that would lead outside it.
func New(dir string) (*Handler, error) {
	h := &Handler{dir: dir}
	if err := h.Reopen(); err != nil {
		return nil, err
	}
	return h, nil
}

// Reopen serves dir afresh: a build replaces the folder as a whole, and an
// open handle would keep serving the old one.
func (h *Handler) Reopen() error {
	root, err := os.OpenRoot(h.dir)
	if err != nil {
		return err
	}
	if old := h.root.Swap(root); old != nil {
		old.Close()
	}
	return nil
}

// Switch serves another folder from now on.
func (h *Handler) Switch(dir string) error {
	h.dir = dir
	return h.Reopen()
}

// WithLiveReload makes the handler inject the live-reload script into every
// HTML page and answer its event stream. Only jihat serve does this; built
// files never contain the script.
func (h *Handler) WithLiveReload(r *Reloader) *Handler {
	h.live = r
	return h
}

// OnHeadersError calls report with the problems of the site's _headers
// file, once for each version of the file that has some; the rules without
// a problem apply meanwhile. name is the file's name in the messages.
func (h *Handler) OnHeadersError(name string, report func(error)) *Handler {
	h.headers.mu.Lock()
	defer h.headers.mu.Unlock()
	h.headers.name, h.headers.report = name, report
	return h
}

// Close releases the folder.
func (h *Handler) Close() error {
	if root := h.root.Swap(nil); root != nil {
		return root.Close()
	}
	return nil
}

// unpublished are the files of a built site that the CDN reads and never
// serves.
var unpublished = map[string]bool{"/" + headers.FileName: true, "/_redirects": true}

var contentTypes = map[string]string{
	".html": "text/html; charset=utf-8",
	".css":  "text/css; charset=utf-8",
	".js":   "text/javascript; charset=utf-8",
	".json": "application/json; charset=utf-8",
	".xml":  "application/xml; charset=utf-8",
	".txt":  "text/plain; charset=utf-8",
	".svg":  "image/svg+xml",
	".jpg":  "image/jpeg",
	".jpeg": "image/jpeg",
	".png":  "image/png",
	".gif":  "image/gif",
	".webp": "image/webp",
	".pdf":  "application/pdf",
	".csv":  "text/csv; charset=utf-8",
	// Not in Go's own table, and a system's may lack them.
	".woff2": "font/woff2",
	".woff":  "font/woff",
	".avif":  "image/avif",
	".ico":   "image/x-icon",
	".mjs":   "text/javascript; charset=utf-8",
	".md":    "text/markdown; charset=utf-8",
}

// ContentType names the type of a served file.
func ContentType(name string) string {
	if path.Base(name) == "feed.xml" {
		return "application/atom+xml; charset=utf-8"
	}
	ext := strings.ToLower(path.Ext(name))
	if t, ok := contentTypes[ext]; ok {
		return t
	}
	if t := mime.TypeByExtension(ext); t != "" {
		return t
	}
	return "application/octet-stream"
}

func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if h.live != nil && strings.HasPrefix(r.URL.Path, LivePrefix) {
		h.live.ServeHTTP(w, r)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	// r.URL.Path is already percent-decoded. Editors' systems differ in
	// normalisation (macOS writes NFD), and the files are written in NFC.
	clean := path.Clean("/" + r.URL.Path)
	if unpublished[clean] {
		// The CDNs read these files and do not publish them.
		h.notFound(w, r)
		return
	}
	for _, candidate := range []string{clean, norm.NFC.String(clean), norm.NFD.String(clean)} {
		name := strings.TrimPrefix(candidate, "/")
		if name == "" {
			name = "."
		}
		info, err := h.root.Load().Stat(name)
		if err != nil {
			continue
		}
		if info.IsDir() {
			if !strings.HasSuffix(r.URL.Path, "/") {
				// Built from the cleaned path, never the raw one: a raw
				// "//host/…" would redirect to another site.
				target := (&url.URL{Path: clean + "/", RawQuery: r.URL.RawQuery}).String()
				http.Redirect(w, r, target, http.StatusMovedPermanently)
				return
			}
			name = path.Join(name, "index.html")
		}
		if h.serveFile(w, r, name, http.StatusOK) {
			return
		}
	}
	h.notFound(w, r)
}

func (h *Handler) notFound(w http.ResponseWriter, r *http.Request) {
	if !h.serveFile(w, r, "404.html", http.StatusNotFound) {
		http.Error(w, "404 page not found", http.StatusNotFound)
	}
}

// serveFile writes a regular file; it reports false when there is none.
// The file is looked at before it is opened: opening a named pipe would
// wait for a writer.
func (h *Handler) serveFile(w http.ResponseWriter, r *http.Request, name string, status int) bool {
	root := h.root.Load()
	if info, err := root.Stat(name); err != nil || !info.Mode().IsRegular() {
		return false
	}
	f, err := root.Open(name)
	if err != nil {
		return false
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil || !info.Mode().IsRegular() {
		return false
	}
	ctype := ContentType(name)
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("X-Content-Type-Options", "nosniff")
	if h.cdn {
		// Netlify's and Cloudflare's default: cached, checked at each use.
		w.Header().Set("Cache-Control", "public, max-age=0, must-revalidate")
	}
	h.applySiteHeaders(w.Header(), root, r.URL.Path)
	if h.live != nil {
		// An editor's browser must never show a page from its cache, nor
		// keep a stylesheet that live reload swaps: the site's own
		// Cache-Control is for readers (jihat preview shows it).
		w.Header().Set("Cache-Control", "no-store")
		if strings.HasSuffix(name, ".html") {
			data, err := io.ReadAll(f)
			if err != nil {
				return false
			}
			data = injectScript(data)
			w.Header().Set("Content-Length", strconv.Itoa(len(data)))
			w.WriteHeader(status)
			if r.Method != http.MethodHead {
				_, _ = w.Write(data)
			}
			return true
		}
	}
	var content io.ReadSeeker = f
	if h.cdn && compressible(ctype) {
		w.Header().Add("Vary", "Accept-Encoding")
		if acceptsGzip(r.Header.Get("Accept-Encoding")) {
			gz, err := h.gzipped(name, info, f)
			if err != nil {
				return false
			}
			w.Header().Set("Content-Encoding", "gzip")
			content = bytes.NewReader(gz)
		}
	}
	if status != http.StatusOK {
		data, err := io.ReadAll(content)
		if err != nil {
			return false
		}
		w.Header().Set("Content-Length", strconv.Itoa(len(data)))
		w.WriteHeader(status)
		if r.Method != http.MethodHead {
			_, _ = w.Write(data)
		}
		return true
	}
	http.ServeContent(w, r, name, info.ModTime(), content)
	return true
}
