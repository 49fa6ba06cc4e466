package build

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jihat/jihat"
	"github.com/jihat/jihat/internal/corpus"
)

// benchCorpus generates (once per size, kept in the system's temporary
// folder) a corpus of JIHAT_BENCH_N articles, 1,000 by default.
func benchCorpus(b *testing.B) (string, int) {
	b.Helper()
	n := 1000
	if v := os.Getenv("JIHAT_BENCH_N"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil {
			b.Fatalf("JIHAT_BENCH_N=%q: %v", v, err)
		}
	}
	dir := filepath.Join(os.TempDir(), "jihat-bench", fmt.Sprintf("corpus-%d", n))
	if _, err := corpus.Generate(corpus.Options{Dir: dir, N: n, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	return dir, n
}

// BenchmarkColdBuild is a full build into an empty folder, without cache.
func BenchmarkColdBuild(b *testing.B) {
	src, _ := benchCorpus(b)
	for b.Loop() {
		dest := filepath.Join(b.TempDir(), "public")
		if _, err := Build(Options{Source: src, Destination: dest, Theme: jihat.Theme}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkServeEdit is what jihat serve does for one saved article: an
// incremental build with the Builder in memory, up to the rebuilt page
// being in place (the search index follows after a pause and is not
// counted; BenchmarkServeEditSearch counts it).
func BenchmarkServeEdit(b *testing.B) { benchEdit(b, false, bodyEdit) }

// BenchmarkServeEditSearch adds the search index update to each edit.
func BenchmarkServeEditSearch(b *testing.B) { benchEdit(b, true, bodyEdit) }

// BenchmarkServeRegionEdit moves an article to another region and back:
// the graph changes, so it is a whole (incremental) build.
func BenchmarkServeRegionEdit(b *testing.B) { benchEdit(b, false, regionEdit) }

func bodyEdit(original string, i int) string {
	return strings.Replace(original, "\n\n", fmt.Sprintf("\n\nتعديل رقم %d.\n\n", i), 1)
}

func regionEdit(original string, i int) string {
	if i%2 == 1 {
		return original // and back
	}
	lines := strings.Split(original, "\n")
	for j, l := range lines {
		switch {
		case strings.HasPrefix(l, "region:"):
			lines[j] = "region: oriental"
		case strings.HasPrefix(l, "province:"):
			lines[j] = "province: oujda-angad"
		}
	}
	return strings.Join(lines, "\n")
}

func benchEdit(b *testing.B, withSearch bool, edit func(original string, i int) string) {
	src, _ := benchCorpus(b)
	// Edits go to a copy, so the corpus stays as generated.
	root := filepath.Join(b.TempDir(), "site")
	if err := os.CopyFS(root, os.DirFS(src)); err != nil {
		b.Fatal(err)
	}
	victim := findArticle(b, root)
	rel, _ := filepath.Rel(root, victim)
	rel = filepath.ToSlash(rel)
	original, err := os.ReadFile(victim)
	if err != nil {
		b.Fatal(err)
	}
	bl := New(Options{Source: root, Destination: filepath.Join(b.TempDir(), "public"), Theme: jihat.Theme, Serving: true})
	if _, err := bl.Build(); err != nil {
		b.Fatal(err)
	}
	if err := bl.FinishSearch(); err != nil {
		b.Fatal(err)
	}
	i := 0
	rendered := 0
	for b.Loop() {
		i++
		text := edit(string(original), i)
		if err := os.WriteFile(victim, []byte(text), 0o644); err != nil {
			b.Fatal(err)
		}
		later := time.Now().Add(time.Duration(i) * time.Millisecond)
		os.Chtimes(victim, later, later)
		res, err := bl.Update([]string{rel})
		if err != nil {
			b.Fatal(err)
		}
		rendered += res.Rendered
		if withSearch {
			if err := bl.FinishSearch(); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(rendered)/float64(i), "pages/edit")
}

func findArticle(b *testing.B, root string) string {
	var found string
	filepath.WalkDir(filepath.Join(root, "content"), func(p string, d os.DirEntry, err error) error {
		if err == nil && found == "" && !d.IsDir() && strings.HasSuffix(p, ".md") {
			data, _ := os.ReadFile(p)
			if !strings.Contains(string(data), "draft: true") {
				found = p
			}
		}
		return err
	})
	if found == "" {
		b.Fatal("no article in the corpus")
	}
	return found
}

// BenchmarkServeTemplateEdit is a saved change to the card partial, which
// every list page shows: jihat serve renders every page that uses it.
func BenchmarkServeTemplateEdit(b *testing.B) {
	src, _ := benchCorpus(b)
	root := filepath.Join(b.TempDir(), "site")
	if err := os.CopyFS(root, os.DirFS(src)); err != nil {
		b.Fatal(err)
	}
	card, err := fs.ReadFile(jihat.Theme, "layouts/partials/card.html")
	if err != nil {
		b.Fatal(err)
	}
	rel := "layouts/partials/card.html"
	full := filepath.Join(root, rel)
	if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
		b.Fatal(err)
	}
	bl := New(Options{Source: root, Destination: filepath.Join(b.TempDir(), "public"), Theme: jihat.Theme, Serving: true})
	if _, err := bl.Build(); err != nil {
		b.Fatal(err)
	}
	i, rendered := 0, 0
	for b.Loop() {
		i++
		text := strings.Replace(string(card), `class="card"`, fmt.Sprintf(`class="card c%d"`, i), 1)
		if err := os.WriteFile(full, []byte(text), 0o644); err != nil {
			b.Fatal(err)
		}
		res, err := bl.Update([]string{rel})
		if err != nil {
			b.Fatal(err)
		}
		rendered += res.Rendered
	}
	b.ReportMetric(float64(rendered)/float64(i), "pages/edit")
}
