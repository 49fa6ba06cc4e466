package render_test

import (
	"bytes"
	"slices"
	"testing"

	"github.com/jihat/jihat"
	"github.com/jihat/jihat/internal/config"
	"github.com/jihat/jihat/internal/content"
	"github.com/jihat/jihat/internal/corpus"
	"github.com/jihat/jihat/internal/gazetteer"
	"github.com/jihat/jihat/internal/render"
	"github.com/jihat/jihat/internal/site"
)

// BenchmarkRenderArticle renders the page of the article of median length
// of a small generated site with the built-in theme.
func BenchmarkRenderArticle(b *testing.B) {
	s, t := benchSite(b)
	byWords := slices.Clone(s.Articles)
	slices.SortStableFunc(byWords, func(x, y *site.Article) int { return x.WordCount - y.WordCount })
	a := byWords[len(byWords)/2]
	var page *site.Page
	for _, p := range s.Pages {
		if p.Layout == site.LayoutArticle && p.Article == a {
			page = p
			break
		}
	}
	if page == nil {
		b.Fatalf("no page for %s", a.Path)
	}
	benchRender(b, s, t, page)
}

// BenchmarkRenderList renders the fullest page of a term's list (a pager
// of page_size article cards) of the same site.
func BenchmarkRenderList(b *testing.B) {
	s, t := benchSite(b)
	var page *site.Page
	for _, p := range s.Pages {
		if p.Layout == site.LayoutList && p.Pager != nil && (page == nil || len(p.Pager.Articles) > len(page.Pager.Articles)) {
			page = p
		}
	}
	if page == nil {
		b.Fatal("no list page")
	}
	benchRender(b, s, t, page)
}

// benchRender renders p once outside the measure, as a check and so that
// the article cards are remembered as they are during a build (each card
// is shown on many list pages), then renders it again and again.
func benchRender(b *testing.B, s *site.Site, t *render.Templates, p *site.Page) {
	b.Helper()
	var buf bytes.Buffer
	if _, err := t.Render(&buf, s, p); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(buf.Len()))
	for b.Loop() {
		buf.Reset()
		if _, err := t.Render(&buf, s, p); err != nil {
			b.Fatal(err)
		}
	}
}

// benchSite builds the converted, sealed graph of a generated site of 200
// articles, as jihat build prepares it, and parses the built-in theme.
func benchSite(b *testing.B) (*site.Site, *render.Templates) {
	b.Helper()
	dir := b.TempDir()
	if _, err := corpus.Generate(corpus.Options{Dir: dir, N: 200, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	cfg, err := config.Load(dir)
	if err != nil {
		b.Fatal(err)
	}
	g, err := gazetteer.Default()
	if err != nil {
		b.Fatal(err)
	}
	t, problems := render.Load(jihat.Theme, render.Options{})
	if err := problems.Err(); err != nil {
		b.Fatal(err)
	}
	set, problems := content.Load(dir, false, content.Options{Gazetteer: g})
	if err := problems.Err(); err != nil {
		b.Fatal(err)
	}
	s, problems := site.New(cfg, g, set.Articles, site.Options{Unpublished: set.Unpublished})
	if err := problems.Err(); err != nil {
		b.Fatal(err)
	}
	if err := s.Convert(site.ConvertOptions{Root: dir}).Err(); err != nil {
		b.Fatal(err)
	}
	s.Seal()
	return s, t
}
