// Package server serves a built site over HTTP the way the CDN will: clean
// URLs, the site's own 404 page, UTF-8 content types, Arabic paths in NFC or
// NFD, no directory listings and nothing outside the output folder.
package server

import (
	"io"
	"mime"
	"net/http"
	"net/url"
	"os"
	"path"
	"strings"

	"golang.org/x/text/unicode/norm"
)

// Handler serves the site in dir.
type Handler struct {
	root *os.Root
}

// New opens dir for serving. os.Root refuses any path, symlink included,
// that would lead outside it.
func New(dir string) (*Handler, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	return &Handler{root: root}, nil
}

// Close releases the folder.
func (h *Handler) Close() error { return h.root.Close() }

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
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	// r.URL.Path is already percent-decoded. Editors' systems differ in
	// normalisation (macOS writes NFD), and the files are written in NFC.
	clean := path.Clean("/" + r.URL.Path)
	for _, candidate := range []string{clean, norm.NFC.String(clean), norm.NFD.String(clean)} {
		name := strings.TrimPrefix(candidate, "/")
		if name == "" {
			name = "."
		}
		info, err := h.root.Stat(name)
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
func (h *Handler) serveFile(w http.ResponseWriter, r *http.Request, name string, status int) bool {
	f, err := h.root.Open(name)
	if err != nil {
		return false
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil || !info.Mode().IsRegular() {
		return false
	}
	w.Header().Set("Content-Type", ContentType(name))
	w.Header().Set("X-Content-Type-Options", "nosniff")
	if status != http.StatusOK {
		data, err := io.ReadAll(f)
		if err != nil {
			return false
		}
		w.WriteHeader(status)
		if r.Method != http.MethodHead {
			_, _ = w.Write(data)
		}
		return true
	}
	http.ServeContent(w, r, name, info.ModTime(), f)
	return true
}
