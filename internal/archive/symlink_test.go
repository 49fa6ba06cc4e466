//go:build unix

package archive

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// The archive holds only the regular files of the built site: a link, to
// outside the folder or not, and a named pipe are refused before anything
// is written, with the file named; the pipe is not opened (it would wait
// for a writer).
func TestWriteRefusesLinksAndPipes(t *testing.T) {
	tests := []struct {
		name string
		make func(t *testing.T, outside, dir string) string // returns the file the error must name
	}{
		{"absolute link outside", func(t *testing.T, outside, dir string) string {
			link(t, filepath.Join(outside, "secret.txt"), filepath.Join(dir, "env.html"))
			return "env.html"
		}},
		{"relative ../../ link outside", func(t *testing.T, outside, dir string) string {
			link(t, "../../outside/secret.txt", filepath.Join(dir, "a", "leak.txt"))
			return "leak.txt"
		}},
		{"link to a folder outside", func(t *testing.T, outside, dir string) string {
			link(t, outside, filepath.Join(dir, "vendor"))
			return "vendor"
		}},
		{"chained links", func(t *testing.T, outside, dir string) string {
			link(t, filepath.Join(outside, "secret.txt"), filepath.Join(dir, "b.txt"))
			link(t, "b.txt", filepath.Join(dir, "a.txt"))
			return "a.txt"
		}},
		{"link inside the folder", func(t *testing.T, outside, dir string) string {
			link(t, "index.html", filepath.Join(dir, "alias.html"))
			return "alias.html"
		}},
		{"named pipe", func(t *testing.T, outside, dir string) string {
			if err := syscall.Mkfifo(filepath.Join(dir, "pipe.html"), 0o644); err != nil {
				t.Skipf("cannot make a named pipe here: %v", err)
			}
			return "pipe.html"
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := makeSite(t, map[string]string{"index.html": "x", "a/b.html": "y"}, []string{"index.html", "a/b.html"}, 0o644, time.Now())
			outside := filepath.Join(filepath.Dir(dir), "outside")
			if err := os.MkdirAll(outside, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(outside, "secret.txt"), []byte("SECRET"), 0o644); err != nil {
				t.Fatal(err)
			}
			name := tt.make(t, outside, dir)
			var buf bytes.Buffer
			done := make(chan error, 1)
			go func() { done <- Write(&buf, dir, articleDate) }()
			var err error
			select {
			case err = <-done:
			case <-time.After(time.Minute):
				t.Fatal("Write did not return: is it reading a named pipe?")
			}
			if err == nil || !strings.Contains(err.Error(), name) {
				t.Errorf("error %v, want one naming %s", err, name)
			}
			if buf.Len() != 0 {
				t.Errorf("%d bytes written before the error", buf.Len())
			}
		})
	}
}

func link(t *testing.T, target, name string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, name); err != nil {
		t.Skipf("cannot make symbolic links here: %v", err)
	}
}
