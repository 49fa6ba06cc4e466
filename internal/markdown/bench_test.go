package markdown_test

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/jihat/jihat/internal/content"
	"github.com/jihat/jihat/internal/corpus"
	"github.com/jihat/jihat/internal/gazetteer"
	"github.com/jihat/jihat/internal/markdown"
)

// BenchmarkConvert is the conversion of the body of one article of median
// size from a generated corpus (headings, lists, bold, Latin acronyms,
// sometimes a table or links), with no resolver: links and images are left
// as written, so only parsing and rendering are measured.
func BenchmarkConvert(b *testing.B) {
	dir := b.TempDir()
	if _, err := corpus.Generate(corpus.Options{Dir: dir, N: 50, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	a := benchMedianArticle(b, dir)
	conv := markdown.New(markdown.Options{})
	b.SetBytes(int64(len(a.Body)))
	for b.Loop() {
		doc, problems := conv.Convert(a.Path, a.BodyLine, a.Body, nil)
		if err := problems.Err(); err != nil {
			b.Fatal(err)
		}
		if len(doc.HTML) == 0 {
			b.Fatalf("%s: no HTML", a.Path)
		}
	}
}

// benchMedianArticle parses the published article of median file size in
// a generated site.
func benchMedianArticle(b *testing.B, dir string) *content.Article {
	b.Helper()
	type file struct {
		rel string
		src []byte
	}
	var files []file
	err := filepath.WalkDir(filepath.Join(dir, content.Dir), func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(p) != ".md" {
			return err
		}
		src, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if bytes.Contains(src, []byte("\ndraft: true")) {
			return nil
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		files = append(files, file{filepath.ToSlash(rel), src})
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	if len(files) == 0 {
		b.Fatal("no published article in the corpus")
	}
	slices.SortStableFunc(files, func(x, y file) int { return len(x.src) - len(y.src) })
	f := files[len(files)/2]
	g, err := gazetteer.Default()
	if err != nil {
		b.Fatal(err)
	}
	a, problems := content.Parse(f.rel, f.src, content.Options{Gazetteer: g})
	if err := problems.Err(); err != nil {
		b.Fatal(err)
	}
	return a
}
