package corpus

import (
	"bytes"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/jihat/jihat"
	"github.com/jihat/jihat/internal/build"
	"github.com/jihat/jihat/internal/content"
	"github.com/jihat/jihat/internal/gazetteer"
)

func generate(t *testing.T, n int, workers int) (string, *Stats) {
	t.Helper()
	dir := t.TempDir()
	st, err := Generate(Options{Dir: dir, N: n, Seed: 1, Workers: workers})
	if err != nil {
		t.Fatal(err)
	}
	if st.Articles != n {
		t.Fatalf("wrote %d articles, want %d", st.Articles, n)
	}
	return dir, st
}

// readTree returns every file under dir by slash-separated relative path.
func readTree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		files[filepath.ToSlash(rel)] = b
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func TestDeterministic(t *testing.T) {
	// Different worker counts must not change a byte.
	a, _ := generate(t, 300, 1)
	b, _ := generate(t, 300, 4)
	fa, fb := readTree(t, a), readTree(t, b)
	if len(fa) != len(fb) {
		t.Fatalf("%d files, then %d", len(fa), len(fb))
	}
	if len(fa) != 300+2 { // articles, site.toml, marker
		t.Errorf("%d files, want 302", len(fa))
	}
	for name, want := range fa {
		got, ok := fb[name]
		if !ok {
			t.Errorf("%s written only the first time", name)
			continue
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs between two runs", name)
		}
	}

	// Another seed gives another corpus.
	c := t.TempDir()
	if _, err := Generate(Options{Dir: c, N: 300, Seed: 2}); err != nil {
		t.Fatal(err)
	}
	same := 0
	for name, b := range readTree(t, c) {
		if name == "site.toml" || name == Marker {
			continue
		}
		if bytes.Equal(fa[name], b) {
			same++
		}
	}
	if same > 0 {
		t.Errorf("seed 2 wrote %d files identical to seed 1", same)
	}
}

// TestLoad generates 1,000 articles, loads them with the content parser
// and checks that none has a problem and that the vocabulary is covered.
func TestLoad(t *testing.T) {
	const n = 1000
	dir, st := generate(t, n, 0)
	g, err := gazetteer.Default()
	if err != nil {
		t.Fatal(err)
	}
	set, problems := content.Load(dir, false, content.Options{Gazetteer: g})
	if len(problems) > 0 {
		for _, p := range problems[:min(len(problems), 20)] {
			t.Error(p)
		}
		t.Fatalf("%d problems", len(problems))
	}
	if got := len(set.Articles) + set.Drafts; got != n {
		t.Fatalf("loaded %d articles and drafts, want %d", got, n)
	}
	if set.Drafts != st.Drafts || set.Drafts == 0 || set.Drafts > n/40 {
		t.Errorf("%d drafts (generator counted %d), want about 1%%", set.Drafts, st.Drafts)
	}

	t.Run("coverage", func(t *testing.T) {
		regions, provinces, types := map[string]int{}, map[string]int{}, map[string]int{}
		tagSet := map[string]bool{}
		twoRegions := 0
		for _, a := range set.Articles {
			for _, r := range a.Regions {
				regions[r.Slug]++
			}
			for _, p := range a.Provinces {
				provinces[p.Slug]++
			}
			for _, f := range a.Facilities {
				types[f.Slug]++
			}
			for _, tag := range a.Tags {
				tagSet[tag] = true
			}
			if len(a.Regions) > 1 {
				twoRegions++
			}
			if len(a.Regions) < 1 || len(a.Regions) > 2 || len(a.Provinces) < 1 || len(a.Provinces) > 2 ||
				len(a.Facilities) < 1 || len(a.Facilities) > 3 || len(a.Tags) > 3 {
				t.Errorf("%s: %d regions, %d provinces, %d facility types, %d tags", a.Path,
					len(a.Regions), len(a.Provinces), len(a.Facilities), len(a.Tags))
			}
		}
		for _, r := range g.Regions() {
			if regions[r.Slug] == 0 {
				t.Errorf("region %s is in no article", r.Slug)
			}
		}
		for _, p := range g.Provinces() {
			if provinces[p.Slug] == 0 {
				t.Errorf("province %s is in no article", p.Slug)
			}
		}
		for _, f := range g.FacilityTypes() {
			if types[f.Slug] == 0 {
				t.Errorf("facility type %s is in no article", f.Slug)
			}
		}
		if len(regions) != 12 || len(provinces) != 75 || len(types) != 32 {
			t.Errorf("%d regions, %d provinces, %d facility types used", len(regions), len(provinces), len(types))
		}
		if twoRegions < n/50 || twoRegions > n/10 {
			t.Errorf("%d articles with two regions, want about 5%%", twoRegions)
		}
		if len(tagSet) != len(tags) {
			t.Errorf("%d of the %d tags used", len(tagSet), len(tags))
		}
	})

	t.Run("dates", func(t *testing.T) {
		days, years := map[string]int{}, map[int]bool{}
		withTime := 0
		for _, a := range set.Articles {
			days[a.Date.Format("2006-01-02")]++
			years[a.Date.Year()] = true
			if a.Date.Hour() != 0 || a.Date.Minute() != 0 {
				withTime++
			}
		}
		if len(years) != 7 {
			t.Errorf("articles in %d years, want 2019–2025", len(years))
		}
		for day, k := range days {
			if k > 8 {
				t.Errorf("%d articles on %s", k, day)
			}
		}
		if withTime < n/10 || withTime > n/2 {
			t.Errorf("%d articles with a time, want about 30%%", withTime)
		}
	})

	t.Run("body", func(t *testing.T) {
		if st.MinWords < minWords || st.MaxWords > maxWords {
			t.Errorf("bodies of %d to %d words, want %d–%d", st.MinWords, st.MaxWords, minWords, maxWords)
		}
		if avg := st.Bytes / int64(st.Articles); avg < 5000 || avg > 10000 {
			t.Errorf("%d bytes per article, want 5–10 KB", avg)
		}
		heading := regexp.MustCompile(`(?m)^## (.+)$`)
		tables, repeated, links, external, bold, latin := 0, 0, 0, 0, 0, 0
		for _, a := range set.Articles {
			body := string(a.Body)
			hs := heading.FindAllStringSubmatch(body, -1)
			if len(hs) < 2 || len(hs) > 4 {
				t.Errorf("%s: %d headings", a.Path, len(hs))
			}
			seen := map[string]bool{}
			for _, h := range hs {
				if seen[h[1]] {
					repeated++
					break
				}
				seen[h[1]] = true
			}
			if strings.Contains(body, "\n| --- |") {
				tables++
			}
			if strings.Contains(body, "](/articles/") {
				links++
			}
			if strings.Contains(body, "](https://www.social.gov.ma/)") {
				external++
			}
			if strings.Contains(body, "**") {
				bold++
			}
			if strings.Contains(body, "« INDH »") || strings.Contains(body, "« ADS »") || strings.Contains(body, "« RSU »") {
				latin++
			}
			if strings.ContainsAny(body, "<>{}") || strings.Contains(body, "![") {
				t.Errorf("%s: raw HTML, an image or an unexpanded placeholder in the body", a.Path)
			}
		}
		pct := func(k int) int { return 100 * k / len(set.Articles) }
		if p := pct(tables); p < 20 || p > 40 {
			t.Errorf("%d%% of articles with a table, want about 30%%", p)
		}
		if p := pct(links); p < 12 || p > 28 {
			t.Errorf("%d%% of articles with an internal link, want about 20%%", p)
		}
		if external == 0 || repeated == 0 || pct(bold) < 30 || pct(latin) < 30 {
			t.Errorf("external links %d, repeated headings %d, bold %d%%, Latin acronyms %d%%", external, repeated, pct(bold), pct(latin))
		}
	})
}

// TestLinksPointBack checks the plan: a link goes to an earlier article that
// is published, and no article is dated before the ones it follows.
func TestLinksPointBack(t *testing.T) {
	g, err := gazetteer.Default()
	if err != nil {
		t.Fatal(err)
	}
	plans := makePlans(newVocabulary(g), 2000, 7)
	slugs := map[string]bool{}
	for i, p := range plans {
		if slugs[p.slug] {
			t.Errorf("slug %s used twice", p.slug)
		}
		slugs[p.slug] = true
		if p.link >= 0 && (p.link >= i || plans[p.link].draft) {
			t.Errorf("article %d links to %d (draft %v)", i, p.link, plans[p.link].draft)
		}
		if i > 0 && p.date.Before(plans[i-1].date) {
			t.Errorf("article %d (%s) is dated before article %d (%s)", i, p.date, i-1, plans[i-1].date)
		}
		if !regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`).MatchString(p.slug) {
			t.Errorf("slug %q is not ASCII kebab-case", p.slug)
		}
	}
}

// TestBuild builds a generated site: every internal link must resolve.
func TestBuild(t *testing.T) {
	dir, st := generate(t, 200, 0)
	if st.InternalLinks == 0 {
		t.Fatal("no internal link to check")
	}
	dest := filepath.Join(t.TempDir(), "public")
	res, err := build.Build(build.Options{Source: dir, Destination: dest, Theme: jihat.Theme})
	if err != nil {
		t.Fatal(err)
	}
	if res.Articles != 200-st.Drafts {
		t.Errorf("built %d articles, want %d", res.Articles, 200-st.Drafts)
	}
	home, err := os.ReadFile(filepath.Join(dest, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(home, []byte(SiteTitle)) {
		t.Errorf("home page does not carry the site title %q", SiteTitle)
	}
}

// TestReplacesOnlyACorpus: a previous corpus is replaced without stale
// files; any other non-empty folder is refused.
func TestReplacesOnlyACorpus(t *testing.T) {
	dir := t.TempDir()
	if _, err := Generate(Options{Dir: dir, N: 120, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	if _, err := Generate(Options{Dir: dir, N: 50, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	var articles []string
	for name := range readTree(t, dir) {
		if strings.HasPrefix(name, ArticlesDir+"/") {
			articles = append(articles, name)
		}
	}
	if len(articles) != 50 {
		t.Errorf("%d articles after regenerating 50 over 120", len(articles))
	}
	fresh, _ := generate(t, 50, 0)
	want := readTree(t, fresh)
	for name, b := range readTree(t, dir) {
		if !bytes.Equal(want[name], b) {
			t.Errorf("%s differs from a fresh run", name)
		}
	}

	other := t.TempDir()
	if err := os.WriteFile(filepath.Join(other, "notes.txt"), []byte("keep"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Generate(Options{Dir: other, N: 10, Seed: 1}); err == nil {
		t.Error("wrote into a folder that is not a corpus")
	}
	if names := slices.Collect(maps.Keys(readTree(t, other))); len(names) != 1 {
		t.Errorf("the foreign folder now holds %v", names)
	}
}

// BenchmarkRender measures the generator without the disk: planning and
// rendering 1,000 articles.
func BenchmarkRender(b *testing.B) {
	g, err := gazetteer.Default()
	if err != nil {
		b.Fatal(err)
	}
	v := newVocabulary(g)
	var bytes int64
	for b.Loop() {
		plans := makePlans(v, 1000, 1)
		var buf []byte
		for i := range plans {
			buf, _ = renderArticle(buf[:0], v, plans, i, 1)
			bytes += int64(len(buf))
		}
	}
	b.SetBytes(bytes / int64(b.N))
}
