package content

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/jihat/jihat/internal/corpus"
)

// BenchmarkParse is the validation of one article of median size from a
// generated corpus: front matter decoded, vocabulary resolved, body split
// off.
func BenchmarkParse(b *testing.B) {
	dir := b.TempDir()
	if _, err := corpus.Generate(corpus.Options{Dir: dir, N: 50, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	rel, src := benchMedianArticle(b, dir)
	opts := testOptions(b)
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		a, problems := Parse(rel, src, opts)
		if err := problems.Err(); err != nil {
			b.Fatal(err)
		}
		if a == nil {
			b.Fatalf("%s: no article", rel)
		}
	}
}

// BenchmarkLoad is the reading and parsing of a whole generated content
// folder of JIHAT_BENCH_N articles (500 by default), as jihat build loads
// it without a cache (bodies dropped).
func BenchmarkLoad(b *testing.B) {
	n := 500
	if v := os.Getenv("JIHAT_BENCH_N"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil {
			b.Fatalf("JIHAT_BENCH_N=%q: %v", v, err)
		}
	}
	dir := filepath.Join(os.TempDir(), "jihat-bench", fmt.Sprintf("corpus-%d", n))
	stats, err := corpus.Generate(corpus.Options{Dir: dir, N: n, Seed: 1})
	if err != nil {
		b.Fatal(err)
	}
	opts := testOptions(b)
	opts.DropBodies = true
	b.SetBytes(stats.Bytes)
	for b.Loop() {
		set, problems := Load(dir, false, opts)
		if err := problems.Err(); err != nil {
			b.Fatal(err)
		}
		if got := len(set.Articles) + set.Drafts; got != n {
			b.Fatalf("loaded %d articles and drafts, want %d", got, n)
		}
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "articles/s")
}

// benchMedianArticle returns the published article of median size in a
// generated site, as its slash path relative to the site and its bytes.
func benchMedianArticle(b *testing.B, dir string) (string, []byte) {
	b.Helper()
	rel, src, err := corpus.MedianArticle(dir)
	if err != nil {
		b.Fatal(err)
	}
	return rel, src
}
