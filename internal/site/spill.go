package site

import (
	"fmt"
	"html/template"
	"os"
	"sync"
	"unsafe"
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

// Body is the article's converted body.
func (a *Article) Body() (template.HTML, error) {
	if a.spill == nil {
		return a.body, nil
	}
	s, err := a.spill.get(a.bodyOff, a.bodyLen)
	return template.HTML(s), err // #nosec: produced by the Markdown converter
}

// HasBody reports whether the body is at hand; a conversion restored from
// the build cache has none until converted again.
func (a *Article) HasBody() bool { return a.bodyKnown }

// BodySize is the length of the converted body, for sizing buffers.
func (a *Article) BodySize() int {
	if a.spill != nil {
		return int(a.bodyLen)
	}
	return len(a.body)
}
