package server

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/jihat/jihat/internal/headers"
	"github.com/jihat/jihat/internal/msg"
)

// siteHeaders holds the rules of the served site's _headers file, read
// again when the file changes (jihat serve rebuilds it in place).
type siteHeaders struct {
	mu     sync.Mutex
	root   *os.Root // the folder they were read from
	size   int64
	mod    time.Time
	found  bool
	rules  headers.Rules
	name   string      // the file's name in messages ("" for _headers)
	report func(error) // told of a version with problems
}

// rules returns the rules of root's _headers, and the problems of the
// file (the rules without a problem are returned with them).
func (s *siteHeaders) load(root *os.Root) (headers.Rules, error) {
	info, err := root.Stat(headers.FileName)
	found := err == nil && info.Mode().IsRegular()
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.root == root && s.found == found && (!found || info.Size() == s.size && info.ModTime().Equal(s.mod)) {
		return s.rules, nil
	}
	s.root, s.found, s.rules = root, found, nil
	if !found {
		return nil, nil
	}
	s.size, s.mod = info.Size(), info.ModTime()
	data, err := root.ReadFile(headers.FileName)
	if err != nil {
		// Read again at the next request.
		s.root = nil
		return nil, msg.Errorf("cannot read %s: %w", headers.FileName, err)
	}
	name := s.name
	if name == "" {
		name = headers.FileName
	}
	s.rules, err = headers.Parse(name, data)
	if err != nil && s.report != nil {
		s.report(err)
	}
	return s.rules, err
}

// cdnOwned are the headers the CDNs set themselves, whatever _headers
// says (Netlify's list), and so does this server.
var cdnOwned = map[string]bool{
	"Accept-Ranges": true, "Age": true, "Allow": true, "Alt-Svc": true, "Connection": true,
	"Content-Encoding": true, "Content-Length": true, "Content-Range": true, "Date": true,
	"Location": true, "Server": true, "Set-Cookie": true, "Trailer": true,
	"Transfer-Encoding": true, "Upgrade": true,
}

// applySiteHeaders sets the headers the site's _headers gives urlPath,
// over the server's own, as the CDNs do.
func (h *Handler) applySiteHeaders(dst http.Header, root *os.Root, urlPath string) {
	rules, _ := h.headers.load(root)
	for name, values := range rules.Match(urlPath) {
		if !cdnOwned[name] {
			dst[name] = values
		}
	}
}

// compressible reports the content types the CDNs compress.
func compressible(ctype string) bool {
	return strings.HasPrefix(ctype, "text/") || strings.HasPrefix(ctype, "application/json") ||
		strings.HasPrefix(ctype, "application/xml") || strings.HasPrefix(ctype, "application/atom+xml") ||
		strings.HasPrefix(ctype, "image/svg+xml")
}

// acceptsGzip reads an Accept-Encoding header: gzip (or *) without q=0.
func acceptsGzip(header string) bool {
	for _, part := range strings.Split(header, ",") {
		coding, params, _ := strings.Cut(part, ";")
		coding = strings.ToLower(strings.TrimSpace(coding))
		if coding != "gzip" && coding != "*" {
			continue
		}
		q := strings.ReplaceAll(strings.ToLower(params), " ", "")
		if q == "q=0" || strings.HasPrefix(q, "q=0.") && strings.Trim(q[len("q=0."):], "0") == "" {
			continue
		}
		return true
	}
	return false
}

// gzipped is a file's compressed bytes, kept as long as the file is the
// same: a site's text is a few megabytes.
type gzipped struct {
	size int64
	mod  time.Time
	data []byte
}

func (h *Handler) gzipped(name string, info fs.FileInfo, f io.Reader) ([]byte, error) {
	if v, ok := h.gzip.Load(name); ok {
		if g := v.(*gzipped); g.size == info.Size() && g.mod.Equal(info.ModTime()) {
			return g.data, nil
		}
	}
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	if _, err := io.Copy(zw, f); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	h.gzip.Store(name, &gzipped{size: info.Size(), mod: info.ModTime(), data: b.Bytes()})
	return b.Bytes(), nil
}

// NewPreview opens a built site to serve it as the CDN will: its
// _headers, which must have no mistake, the CDNs' default caching, and
// text compressed; no live reload.
func NewPreview(dir string) (*Handler, error) {
	info, err := os.Stat(dir)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, msg.Errorf("%s does not exist: build the site first (jihat build), or name the built folder with --destination", dir)
		}
		return nil, err
	}
	if !info.IsDir() {
		return nil, msg.Errorf("%s is not a folder: name the built site's folder with --destination", dir)
	}
	h, err := New(dir)
	if err != nil {
		return nil, err
	}
	if _, err := h.root.Load().Stat("index.html"); err != nil {
		h.Close()
		return nil, msg.Errorf("%s has no index.html: it is not a built site (jihat build writes one)", dir)
	}
	h.cdn = true
	h.headers.name = filepath.Join(dir, headers.FileName)
	if _, err := h.headers.load(h.root.Load()); err != nil {
		h.Close()
		return nil, err
	}
	return h, nil
}

// Preview serves h on ln until ctx ends.
func Preview(ctx context.Context, ln net.Listener, h *Handler) error {
	srv := NewServer(h, DefaultLimits())
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
		shutdown, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		_ = srv.Shutdown(shutdown)
		return nil
	}
}
