package build

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/jihat/jihat"
	"github.com/jihat/jihat/internal/archive"
	"github.com/jihat/jihat/internal/opendata"
)

// dataFiles are the open data files of an output folder.
func dataFiles(t *testing.T, dest string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	for name, data := range tree(t, dest) {
		if strings.HasPrefix(name, "data/") {
			files[name] = data
		}
	}
	return files
}

// readDataCSV checks a CSV download's form and returns its rows, header
// first.
func readDataCSV(t *testing.T, name string, data []byte) [][]string {
	t.Helper()
	rest, ok := bytes.CutPrefix(data, []byte("\uFEFF"))
	if !ok {
		t.Fatalf("%s: no byte order mark", name)
	}
	if !bytes.HasSuffix(rest, []byte("\r\n")) || bytes.Contains(bytes.ReplaceAll(rest, []byte("\r\n"), nil), []byte("\n")) {
		t.Errorf("%s: a line does not end with CRLF", name)
	}
	rows, err := csv.NewReader(bytes.NewReader(rest)).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if len(rows) == 0 || !slices.Equal(rows[0], opendata.Columns) {
		t.Fatalf("%s: header %q, want %q", name, rows[:min(1, len(rows))], opendata.Columns)
	}
	return rows
}

// The test site's downloads: every published article once, in the site's
// order, in both files; no draft, with --drafts or without.
func TestOpenDataOfTheTestSite(t *testing.T) {
	for _, drafts := range []bool{false, true} {
		dest := filepath.Join(t.TempDir(), "public")
		res, err := Build(Options{Source: testSite, Destination: dest, Theme: jihat.Theme, Drafts: drafts})
		if err != nil {
			t.Fatal(err)
		}
		files := dataFiles(t, dest)
		want := []string{"data/articles.csv", "data/articles.json",
			"data/regions/draa-tafilalet.csv", "data/regions/draa-tafilalet.json",
			"data/regions/souss-massa.csv", "data/regions/souss-massa.json"}
		if got := sortedNames(files); !slices.Equal(got, want) {
			t.Fatalf("drafts %v: data files %q, want %q", drafts, got, want)
		}
		// Newest first, as the site lists them.
		urls := []string{
			"https://test.example/articles/argana-visit/",
			"https://test.example/articles/طاطا-مركز/",
			"https://test.example/articles/tiznit/",
		}
		for _, u := range urls {
			if !slices.Contains(mapValues(res.Sources), strings.TrimPrefix(u, "https://test.example")) {
				t.Fatalf("%s is not a page of the build: %v", u, res.Sources)
			}
		}
		rows := readDataCSV(t, "data/articles.csv", files["data/articles.csv"])
		var got []string
		for _, r := range rows[1:] {
			got = append(got, r[slices.Index(opendata.Columns, "url")])
		}
		if !slices.Equal(got, urls) {
			t.Errorf("drafts %v: articles.csv lists %q, want %q", drafts, got, urls)
		}
		var doc opendata.Document
		data := files["data/articles.json"]
		if bytes.HasPrefix(data, []byte("\uFEFF")) || !bytes.HasSuffix(data, []byte("}\n")) {
			t.Errorf("articles.json: a byte order mark, or no newline at the end")
		}
		if err := json.Unmarshal(data, &doc); err != nil {
			t.Fatal(err)
		}
		got = got[:0]
		for _, a := range doc.Articles {
			got = append(got, a.URL)
		}
		if !slices.Equal(got, urls) || doc.Count != len(urls) || doc.Title != "موقع الاختبار" {
			t.Errorf("drafts %v: articles.json lists %q (count %d, title %q), want %q", drafts, got, doc.Count, doc.Title, urls)
		}
		for name, data := range files {
			if bytes.Contains(data, []byte("مسودة")) {
				t.Errorf("drafts %v: %s holds the draft", drafts, name)
			}
		}
	}
}

func mapValues(m map[string]string) []string {
	var out []string
	for _, v := range m {
		out = append(out, v)
	}
	return out
}

// dataModes are the ways a Builder goes from one build to the next.
var dataModes = []struct {
	name string
	next func(t *testing.T, b *Builder, changed []string) (*Result, error)
}{
	{"in memory", func(t *testing.T, b *Builder, changed []string) (*Result, error) { return b.Build() }},
	{"serving", func(t *testing.T, b *Builder, changed []string) (*Result, error) { return b.Update(changed) }},
}

// After each edit the downloads are those of a clean build, byte for byte;
// an edit they do not show (a body) leaves them as they were, and so does a
// build with nothing changed.
func TestOpenDataIncremental(t *testing.T) {
	souss := []string{"data/articles.csv", "data/articles.json", "data/regions/souss-massa.csv", "data/regions/souss-massa.json"}
	steps := []struct {
		name  string
		rel   string
		edits [][2]string // old, new
		// check: the data files the step writes again are rewritten.
		check     bool
		rewritten []string
	}{
		{name: "nothing", check: true},
		{name: "a body", rel: argana, edits: [][2]string{{"ودعم دراسي مسائي.", "ودعم دراسي مسائي ومكتبة."}}, check: true},
		{name: "a title", rel: tiznit, edits: [][2]string{{"افتتاح مركز", "تدشين مركز"}}, check: true, rewritten: souss},
		{name: "a summary", rel: tiznit, edits: [][2]string{{"مركز جديد لمواكبة", "مركز حديث لمواكبة"}}, check: true, rewritten: souss},
		{name: "a region and province", rel: tiznit, edits: [][2]string{
			{`region = "Souss-Massa"`, `region = "oriental"`},
			{`province = ["إقليم تيزنيت"]`, `province = ["oujda-angad"]`},
		}},
		{name: "a body again", rel: argana, edits: [][2]string{{"ومكتبة.", "ومكتبة كبيرة."}}, check: true},
	}
	for _, mode := range dataModes {
		t.Run(mode.name, func(t *testing.T) {
			root, dest := t.TempDir(), filepath.Join(t.TempDir(), "public")
			copyTree(t, testSite, root)
			b := New(Options{Source: root, Destination: dest, Theme: jihat.Theme, Serving: mode.name == "serving"})
			if _, err := b.Build(); err != nil {
				t.Fatal(err)
			}
			for _, step := range steps {
				before := fileIDs(t, dest)
				var changed []string
				for _, e := range step.edits {
					replace(t, root, step.rel, e[0], e[1])
					changed = []string{step.rel}
				}
				res, err := mode.next(t, b, changed)
				if err != nil {
					t.Fatalf("%s: %v", step.name, err)
				}
				if step.name == "nothing" && res.Written != 0 {
					t.Errorf("nothing changed, yet %d files were written", res.Written)
				}
				clean := filepath.Join(t.TempDir(), "clean")
				if _, err := Build(Options{Source: root, Destination: clean, Theme: jihat.Theme}); err != nil {
					t.Fatal(err)
				}
				got, want := dataFiles(t, dest), dataFiles(t, clean)
				if !slices.Equal(sortedNames(got), sortedNames(want)) {
					t.Fatalf("%s: data files %q, a clean build has %q", step.name, sortedNames(got), sortedNames(want))
				}
				for name := range want {
					if !bytes.Equal(got[name], want[name]) {
						t.Errorf("%s: %s differs from a clean build's:\n%s", step.name, name, firstDifference(got[name], want[name]))
					}
				}
				if step.check {
					after := fileIDs(t, dest)
					var rewritten []string
					for _, name := range sortedNames(want) {
						if !os.SameFile(before[name], after[name]) {
							rewritten = append(rewritten, name)
						}
					}
					if !slices.Equal(rewritten, step.rewritten) {
						t.Errorf("%s: wrote %q again, want %q", step.name, rewritten, step.rewritten)
					}
				}
			}
			if _, err := os.Stat(filepath.Join(dest, "data/regions/oriental.csv")); err != nil {
				t.Errorf("the article moved to oriental has no oriental.csv: %v", err)
			}
		})
	}
}

// A region that loses its last published article loses its downloads.
func TestOpenDataRegionGone(t *testing.T) {
	root, dest := t.TempDir(), filepath.Join(t.TempDir(), "public")
	copyTree(t, testSite, root)
	b := New(Options{Source: root, Destination: dest, Theme: jihat.Theme})
	if _, err := b.Build(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dest, "data/regions/draa-tafilalet.json")); err != nil {
		t.Fatal(err)
	}
	replace(t, root, "content/2023/طاطا-مركز.md", "region: [souss-massa, جهة درعة تافيلالت]", "region: souss-massa")
	replace(t, root, "content/2023/طاطا-مركز.md", "province: [tata, zagora]", "province: tata")
	if _, err := b.Build(); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"data/regions/draa-tafilalet.csv", "data/regions/draa-tafilalet.json"} {
		if _, err := os.Stat(filepath.Join(dest, name)); !os.IsNotExist(err) {
			t.Errorf("%s: still there (%v)", name, err)
		}
	}
}

// fileIDs are the output's data files as the file system knows them: a
// file written again is a new file (the build moves it in).
func fileIDs(t *testing.T, dest string) map[string]os.FileInfo {
	t.Helper()
	ids := map[string]os.FileInfo{}
	for name := range dataFiles(t, dest) {
		info, err := os.Stat(filepath.Join(dest, filepath.FromSlash(name)))
		if err != nil {
			t.Fatal(err)
		}
		ids[name] = info
	}
	return ids
}

// jihat build with its cache folder keeps the downloads of an unchanged
// build, and remakes them as a clean build would after an edit.
func TestOpenDataCacheFolder(t *testing.T) {
	root, dest, cache := t.TempDir(), filepath.Join(t.TempDir(), "public"), filepath.Join(t.TempDir(), "cache")
	copyTree(t, testSite, root)
	opts := Options{Source: root, Destination: dest, Theme: jihat.Theme, Cache: cache}
	if _, err := Build(opts); err != nil {
		t.Fatal(err)
	}
	replace(t, root, argana, "ودعم دراسي مسائي.", "ودعم دراسي مسائي ومكتبة.")
	before := fileIDs(t, dest)
	if _, err := Build(opts); err != nil {
		t.Fatal(err)
	}
	for name, info := range fileIDs(t, dest) {
		if !os.SameFile(before[name], info) {
			t.Errorf("a body edit wrote %s again", name)
		}
	}
	replace(t, root, tiznit, `region = "Souss-Massa"`, `region = "oriental"`)
	replace(t, root, tiznit, `province = ["إقليم تيزنيت"]`, `province = ["oujda-angad"]`)
	if _, err := Build(opts); err != nil {
		t.Fatal(err)
	}
	clean := filepath.Join(t.TempDir(), "clean")
	if _, err := Build(Options{Source: root, Destination: clean, Theme: jihat.Theme}); err != nil {
		t.Fatal(err)
	}
	if got, want := dataFiles(t, dest), dataFiles(t, clean); !sameTree(got, want) {
		t.Errorf("data files %q differ from a clean build's %q", sortedNames(got), sortedNames(want))
	}
}

// The offline archive holds the downloads, with the articles' addresses
// in the site (nothing points at the online site), and an article's link
// to one is made relative like any other.
func TestOpenDataOffline(t *testing.T) {
	root, dest := t.TempDir(), filepath.Join(t.TempDir(), "offline")
	copyTree(t, testSite, root)
	linked := dataLinksRegistered(t)
	if linked {
		replace(t, root, argana, "## الخدمات المقدمة", "[البيانات](/data/regions/souss-massa.csv)\n\n## الخدمات المقدمة")
	}
	res, err := Build(Options{Source: root, Destination: dest, Theme: jihat.Theme, Offline: true})
	if err != nil {
		t.Fatal(err)
	}
	files := dataFiles(t, dest)
	rows := readDataCSV(t, "data/articles.csv", files["data/articles.csv"])
	if u := rows[1][slices.Index(opendata.Columns, "url")]; u != "/articles/argana-visit/" {
		t.Errorf("offline url %q, want the site path /articles/argana-visit/", u)
	}
	for name, data := range files {
		if bytes.Contains(data, []byte("test.example")) {
			t.Errorf("%s points at the online site", name)
		}
	}
	if linked {
		page, err := os.ReadFile(filepath.Join(dest, "articles/argana-visit/index.html"))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(page, []byte(`href="../../data/regions/souss-massa.csv"`)) {
			t.Errorf("the offline page does not link ../../data/regions/souss-massa.csv")
		}
	}
	var zipped bytes.Buffer
	if err := archive.Write(&zipped, dest, res.Updated); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(zipped.Bytes()), int64(zipped.Len()))
	if err != nil {
		t.Fatal(err)
	}
	inZip := map[string]bool{}
	for _, f := range zr.File {
		inZip[f.Name] = true
	}
	for name := range files {
		if !inZip[name] {
			t.Errorf("%s is not in the archive", name)
		}
	}
}

// An article may link to the downloads the site publishes, and only to
// those: a region without articles has none.
func TestOpenDataLinks(t *testing.T) {
	if !dataLinksRegistered(t) {
		t.Skip("internal/site/kinds.go's makePages does not call s.registerData() yet: links to /data/ are refused until it does")
	}
	root := t.TempDir()
	copyTree(t, testSite, root)
	replace(t, root, argana, "## الخدمات المقدمة", "[الجدول](/data/articles.csv) و[جهة سوس ماسة](/data/regions/souss-massa.json)\n\n## الخدمات المقدمة")
	if _, err := Build(Options{Source: root, Destination: filepath.Join(t.TempDir(), "public"), Theme: jihat.Theme}); err != nil {
		t.Fatalf("links to the downloads: %v", err)
	}
	replace(t, root, argana, "/data/regions/souss-massa.json", "/data/regions/dakhla-oued-ed-dahab.json")
	_, err := Build(Options{Source: root, Destination: filepath.Join(t.TempDir(), "public"), Theme: jihat.Theme})
	if err == nil || !strings.Contains(err.Error(), "/data/regions/dakhla-oued-ed-dahab.json") {
		t.Errorf("a link to the data of a region without articles: %v", err)
	}
}

// dataLinksRegistered reports whether the graph declares the downloads'
// addresses (site.registerData, called from makePages in kinds.go), which
// links to them need.
func dataLinksRegistered(t *testing.T) bool {
	t.Helper()
	src, err := os.ReadFile(filepath.Join("..", "site", "kinds.go"))
	if err != nil {
		t.Fatal(err)
	}
	return bytes.Contains(src, []byte("s.registerData()"))
}
