package output

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

const (
	benchFolders  = 1000
	benchFileSize = 12 << 10
)

// benchFiles returns 2,000 distinct files of 12 KB, two in each of 1,000
// folders; the root's pair (index.html, sitemap.xml) makes the result look
// like a build to the next update.
func benchFiles() (names []string, data [][]byte) {
	for k := range benchFolders {
		pair := []string{"index.html", "feed.xml"}
		dir := fmt.Sprintf("a-%03d/", k)
		if k == 0 {
			pair, dir = []string{"index.html", "sitemap.xml"}, ""
		}
		for _, name := range pair {
			rel := dir + name
			body := make([]byte, 0, benchFileSize)
			for len(body) < benchFileSize {
				body = fmt.Appendf(body, "<p>%s %d</p>\n", rel, len(body))
			}
			names = append(names, rel)
			data = append(data, body[:benchFileSize])
		}
	}
	return names, data
}

func benchUpdate(b *testing.B, src, dest string, opts Options, names []string, data [][]byte) *Update {
	u, err := Begin(src, dest, opts)
	if err != nil {
		b.Fatal(err)
	}
	for i, rel := range names {
		if err := u.WriteFile(rel, data[i]); err != nil {
			u.Abort()
			b.Fatal(err)
		}
	}
	return u
}

// BenchmarkWrite is a first build: 2,000 files of 12 KB in 1,000 folders
// written into a staging folder and moved into place.
func BenchmarkWrite(b *testing.B) {
	names, data := benchFiles()
	src := b.TempDir()
	dest := filepath.Join(b.TempDir(), "public")
	b.SetBytes(int64(len(names) * benchFileSize))
	for b.Loop() {
		b.StopTimer()
		if err := os.RemoveAll(dest); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		u := benchUpdate(b, src, dest, Options{}, names, data)
		m, err := u.Commit()
		if err != nil {
			b.Fatal(err)
		}
		if u.Written() != len(names) || len(m) != len(names) {
			b.Fatalf("wrote %d files, manifest of %d, want %d", u.Written(), len(m), len(names))
		}
	}
}

// BenchmarkWriteUnchanged is the same 2,000 files produced again over the
// previous build, with its manifest: every file is hashed and found
// unchanged on disk, and none is written.
func BenchmarkWriteUnchanged(b *testing.B) {
	names, data := benchFiles()
	src := b.TempDir()
	dest := filepath.Join(b.TempDir(), "public")
	manifest, err := benchUpdate(b, src, dest, Options{}, names, data).Commit()
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(names) * benchFileSize))
	for b.Loop() {
		u := benchUpdate(b, src, dest, Options{Previous: manifest}, names, data)
		if manifest, err = u.Commit(); err != nil {
			b.Fatal(err)
		}
		if u.Written() != 0 || len(manifest) != len(names) {
			b.Fatalf("wrote %d files, manifest of %d, want 0 and %d", u.Written(), len(manifest), len(names))
		}
	}
}
