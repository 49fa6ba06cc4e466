package site

import (
	"fmt"
	"html/template"
	"os"
	"sync"
	"unsafe"

	"github.com/jihat/jihat/internal/markdown"
)

// Spill keeps converted bodies in a temporary file rather than in memory:
// a build of 100,000 articles would otherwise hold a gigabyte of HTML from
// the moment a body is converted to the moment its page is written. The
// operating system's page cache makes reading a body back cheap.
type Spill struct {
	mu   sync.Mutex
	f    *os.File
	size int64
}

// NewSpill creates the spill file in dir ("" for the system's temporary
// folder).
func NewSpill(dir string) (*Spill, error) {
	f, err := os.CreateTemp(dir, "jihat-bodies-*")
	if err != nil {
		return nil, err
	}
	return &Spill{f: f}, nil
}

func (s *Spill) put(body []byte) (off, n int64, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	off = s.size
	if _, err := s.f.WriteAt(body, off); err != nil {
		return 0, 0, fmt.Errorf("keeping a converted body aside: %w", err)
	}
	s.size += int64(len(body))
	return off, int64(len(body)), nil
}

func (s *Spill) get(off, n int64) (string, error) {
	buf := make([]byte, n)
	if _, err := s.f.ReadAt(buf, off); err != nil {
		return "", fmt.Errorf("reading a converted body back: %w", err)
	}
	// buf is never written again nor seen elsewhere: the string may have
	// its bytes rather than a copy (a page's body, read once per page).
	return unsafe.String(unsafe.SliceData(buf), len(buf)), nil
}

// Close removes the spill file.
func (s *Spill) Close() error {
	err := s.f.Close()
	if rerr := os.Remove(s.f.Name()); err == nil {
		err = rerr
	}
	return err
}

// Body is the article's converted body. A body not at hand (a conversion
// restored from the build cache folder keeps none) is converted again here:
// a template may reach any article through .Site, and a body must never
// come out empty because no page declared it would be shown.
func (a *Article) Body() (template.HTML, error) {
	a.bodyMu.Lock()
	defer a.bodyMu.Unlock()
	if !a.bodyKnown {
		if err := a.site.bodies.load(a.site, a); err != nil {
			return "", err
		}
	}
	if a.spill == nil {
		return a.body, nil
	}
	s, err := a.spill.get(a.bodyOff, a.bodyLen)
	return template.HTML(s), err // #nosec: produced by the Markdown converter
}

// setBody keeps a conversion's body: fresh (the converter's buffer) or
// c.Body, in the spill file when there is one. A conversion without a body
// leaves none at hand.
func (a *Article) setBody(c *Converted, fresh []byte, spill *Spill) error {
	a.bodyMu.Lock()
	defer a.bodyMu.Unlock()
	a.body, a.spill, a.bodyKnown = "", nil, fresh != nil || !c.NoBody
	switch {
	case !a.bodyKnown:
	case spill != nil:
		if fresh == nil {
			fresh = []byte(c.Body)
		}
		off, n, err := spill.put(fresh)
		if err != nil {
			return err
		}
		a.spill, a.bodyOff, a.bodyLen = spill, off, n
	default:
		a.body = c.Body
	}
	return nil
}

// HasBody reports whether the body is at hand; a conversion restored from
// the build cache has none until converted again.
func (a *Article) HasBody() bool {
	a.bodyMu.Lock()
	defer a.bodyMu.Unlock()
	return a.bodyKnown
}

// BodySize is the length of the converted body, for sizing buffers (0 when
// it is not at hand).
func (a *Article) BodySize() int {
	a.bodyMu.Lock()
	defer a.bodyMu.Unlock()
	if a.spill != nil {
		return int(a.bodyLen)
	}
	return len(a.body)
}

// bodyLoader converts a body again when it is read and not at hand, with
// the options of the graph's last conversion. Such reads are the exception
// (the build makes ready the bodies its pages show), so they take turns.
type bodyLoader struct {
	mu    sync.Mutex
	opts  *ConvertOptions
	conv  *converter
	sizes *imageSizes
}

func (l *bodyLoader) ready(opts ConvertOptions) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.opts, l.conv, l.sizes = &opts, nil, nil
}

// load converts a's body and keeps it; a.bodyMu is held.
func (l *bodyLoader) load(s *Site, a *Article) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.opts == nil || (a.Article.Body == nil && l.opts.Reload == nil) {
		return fmt.Errorf("%s: the body was read before it was converted", a.Path)
	}
	if l.conv == nil {
		l.conv = &converter{md: markdown.New(markdown.Options{UnsafeHTML: s.Config.Markdown.UnsafeHTML})}
		l.sizes = &imageSizes{root: l.opts.Root, known: map[string]imageFacts{}}
	}
	c, _, fresh, problems := s.conversion(*l.opts, l.conv, l.sizes, a)
	if err := problems.Err(); err != nil {
		return err
	}
	a.body, a.spill, a.bodyKnown = "", nil, true
	if l.opts.Spill == nil {
		a.body = c.Body
		return nil
	}
	off, n, err := l.opts.Spill.put(fresh)
	if err != nil {
		return err
	}
	a.spill, a.bodyOff, a.bodyLen = l.opts.Spill, off, n
	return nil
}
