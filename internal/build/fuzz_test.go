package build

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jihat/jihat"
)

// FuzzArticle runs the whole pipeline (parse, graph, conversion, every
// template) on one article: whatever the file holds, the build answers
// with pages or with problems placed in the file, and in bounded time. The
// bound catches hangs, not slowness: an input at the limits takes about a
// second (see BENCHMARKS.md, "Limits").
func FuzzArticle(f *testing.F) {
	for _, dir := range []string{"testdata/site/content", "testdata/themeids/content", "../content/testdata/messages", "../content/testdata/valid"} {
		_ = filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() && strings.HasSuffix(p, ".md") {
				if data, err := os.ReadFile(p); err == nil {
					f.Add(data)
				}
			}
			return nil
		})
	}
	root := f.TempDir()
	copyTree(f, testSite, root)
	const name = "content/2025/fuzz.md"
	if err := os.MkdirAll(filepath.Join(root, "content/2025"), 0o755); err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		if err := os.WriteFile(filepath.Join(root, filepath.FromSlash(name)), src, 0o644); err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		warnings, err := Check(Options{Source: root, Theme: jihat.Theme})
		if took := time.Since(start); took > 20*time.Second {
			t.Fatalf("the build took %v on a %d-byte article: an input the limits do not bound", took, len(src))
		}
		for _, w := range warnings {
			if !strings.HasPrefix(w.Error(), name+":") {
				t.Errorf("warning not placed in the article: %q", w)
			}
		}
		if err != nil {
			for _, line := range strings.Split(err.Error(), "\n") {
				if !strings.HasPrefix(line, name) && !strings.HasPrefix(line, "content/") {
					t.Errorf("problem not placed in a file: %q", line)
				}
			}
		}
	})
}
