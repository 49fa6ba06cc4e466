// Package output writes a build into a staging folder beside the destination
// and swaps it in only when the whole build succeeded, so a failed build
// never leaves a half-written site and the previous one stays served.
package output

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
)

// Staging is a build in progress. Its methods are safe for concurrent use.
type Staging struct {
	dest string
	dir  string

	mu   sync.Mutex
	made map[string]bool // folders already created
	n    int
	size int64
}

// Begin creates the staging folder for dest. It refuses destinations that
// would swallow the site's own sources.
func Begin(source, dest string) (*Staging, error) {
	absSrc, err := filepath.Abs(source)
	if err != nil {
		return nil, err
	}
	absDest, err := filepath.Abs(dest)
	if err != nil {
		return nil, err
	}
	if inside, err := filepath.Rel(absDest, absSrc); err == nil && !strings.HasPrefix(inside, "..") {
		return nil, fmt.Errorf("destination %s contains the site itself: choose a folder of its own, such as public", dest)
	}
	for _, marker := range []string{"content", "site.toml", "layouts"} {
		if _, err := os.Stat(filepath.Join(absDest, marker)); err == nil {
			return nil, fmt.Errorf("destination %s holds %s, so it looks like a site, not a build: choose another folder", dest, marker)
		}
	}
	// The destination is replaced as a whole: only an empty folder or a
	// previous build may be, never a folder of someone's other files.
	if entries, err := os.ReadDir(absDest); err == nil && len(entries) > 0 && !looksBuilt(absDest) {
		return nil, fmt.Errorf("destination %s holds files that are not a site build (no index.html and sitemap.xml): choose an empty or new folder", dest)
	}
	parent := filepath.Dir(absDest)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp(parent, "."+filepath.Base(absDest)+".jihat-")
	if err != nil {
		return nil, err
	}
	if err := os.Chmod(dir, 0o755); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	return &Staging{dest: absDest, dir: dir, made: map[string]bool{".": true}}, nil
}

// looksBuilt reports a folder holding a previous build.
func looksBuilt(dir string) bool {
	for _, name := range []string{"index.html", "sitemap.xml"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			return false
		}
	}
	return true
}

// Dir is the staging folder.
func (s *Staging) Dir() string { return s.dir }

// Files and Bytes count what was written.
func (s *Staging) Files() int   { s.mu.Lock(); defer s.mu.Unlock(); return s.n }
func (s *Staging) Bytes() int64 { s.mu.Lock(); defer s.mu.Unlock(); return s.size }

func (s *Staging) path(rel string) (string, error) {
	clean := filepath.Clean(filepath.FromSlash(rel))
	if filepath.IsAbs(clean) || clean == ".." || strings.HasPrefix(clean, ".."+string(filepath.Separator)) {
		return "", fmt.Errorf("refusing to write outside the output: %q", rel)
	}
	return filepath.Join(s.dir, clean), nil
}

func (s *Staging) mkdir(full string) error {
	dir := filepath.Dir(full)
	s.mu.Lock()
	done := s.made[dir]
	s.mu.Unlock()
	if done {
		return nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	s.mu.Lock()
	s.made[dir] = true
	s.mu.Unlock()
	return nil
}

// WriteFile writes data at rel (slash-separated, relative to the output).
func (s *Staging) WriteFile(rel string, data []byte) error {
	full, err := s.path(rel)
	if err != nil {
		return err
	}
	if err := s.mkdir(full); err != nil {
		return err
	}
	// O_EXCL: two outputs for one path is a bug to report, not to hide.
	f, err := os.OpenFile(full, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("two outputs would be written to %s", rel)
	}
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	s.count(int64(len(data)))
	return nil
}

// CopyFile copies the file at src to rel.
func (s *Staging) CopyFile(rel, src string) error {
	full, err := s.path(rel)
	if err != nil {
		return err
	}
	if err := s.mkdir(full); err != nil {
		return err
	}
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(full, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("two outputs would be written to %s", rel)
	}
	if err != nil {
		return err
	}
	n, err := io.Copy(out, in)
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	s.count(n)
	return nil
}

// CopyFS copies a file from an fs.FS (the embedded theme) to rel.
func (s *Staging) CopyFS(rel string, fsys fs.FS, name string) error {
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return err
	}
	return s.WriteFile(rel, data)
}

func (s *Staging) count(n int64) {
	s.mu.Lock()
	s.n++
	s.size += n
	s.mu.Unlock()
}

// Commit replaces the destination with the staged build.
func (s *Staging) Commit() error {
	old := ""
	if _, err := os.Lstat(s.dest); err == nil {
		old = s.dir + ".old"
		if err := os.Rename(s.dest, old); err != nil {
			s.Abort()
			return fmt.Errorf("cannot replace %s: %w", s.dest, err)
		}
	} else if !errors.Is(err, fs.ErrNotExist) {
		s.Abort()
		return err
	}
	if err := os.Rename(s.dir, s.dest); err != nil {
		if old != "" {
			// Put the previous site back rather than leave nothing.
			_ = os.Rename(old, s.dest)
		}
		s.Abort()
		return fmt.Errorf("cannot move the new site into %s: %w", s.dest, err)
	}
	if old != "" {
		return os.RemoveAll(old)
	}
	return nil
}

// Abort discards the staged build; the destination is untouched.
func (s *Staging) Abort() { _ = os.RemoveAll(s.dir) }
