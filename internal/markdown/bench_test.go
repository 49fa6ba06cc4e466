package markdown_test

import (
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
	rel, src, err := corpus.MedianArticle(dir)
	if err != nil {
		b.Fatal(err)
	}
	g, err := gazetteer.Default()
	if err != nil {
		b.Fatal(err)
	}
	a, problems := content.Parse(rel, src, content.Options{Gazetteer: g})
	if err := problems.Err(); err != nil {
		b.Fatal(err)
	}
	return a
}
