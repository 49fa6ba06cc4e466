package opendata

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"flag"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jihat/jihat/internal/config"
	"github.com/jihat/jihat/internal/content"
	"github.com/jihat/jihat/internal/gazetteer"
	"github.com/jihat/jihat/internal/site"
)

var update = flag.Bool("update", false, "rewrite the golden files from the current output")

// testNow is the build's time for the test sites: after their articles but
// one, dated 2030.
var testNow = time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)

// graph loads the site at root as a build does, up to the graph: what the
// data sets are made of (titles, dates, terms) is known before any body is
// converted.
func graph(t *testing.T, root string, drafts, future bool) *site.Site {
	t.Helper()
	cfg, err := config.Load(root)
	if err != nil {
		t.Fatal(err)
	}
	g, err := gazetteer.Default()
	if err != nil {
		t.Fatal(err)
	}
	if len(cfg.FacilityTypes) > 0 {
		extra := make([]gazetteer.FacilityType, len(cfg.FacilityTypes))
		for i, f := range cfg.FacilityTypes {
			extra[i] = gazetteer.FacilityType{Slug: f.Slug, NameAR: f.NameAR, NameFR: f.NameFR, Aliases: f.Aliases}
		}
		if g, err = g.WithFacilityTypes(extra); err != nil {
			t.Fatal(err)
		}
	}
	set, problems := content.Load(root, drafts, content.Options{Gazetteer: g, Now: testNow, Future: future})
	if len(problems) > 0 {
		t.Fatal(problems.Err())
	}
	s, problems := site.New(cfg, g, set.Articles, site.Options{Unpublished: set.Unpublished})
	if len(problems) > 0 {
		t.Fatal(problems.Err())
	}
	return s
}

// The files of each test site, byte for byte: testdata/golden/<case>/.
func TestGolden(t *testing.T) {
	cases := []struct {
		name, site string
		opts       Options
	}{
		{"basic", "basic", Options{}},
		{"offline", "basic", Options{Offline: true}},
		{"empty", "empty", Options{}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			files, err := Files(graph(t, filepath.Join("testdata", "sites", tc.site), false, false), tc.opts)
			if err != nil {
				t.Fatal(err)
			}
			dir := filepath.Join("testdata", "golden", tc.name)
			if *update {
				if err := os.RemoveAll(dir); err != nil {
					t.Fatal(err)
				}
				for name, data := range files {
					path := filepath.Join(dir, filepath.FromSlash(name))
					if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
						t.Fatal(err)
					}
					if err := os.WriteFile(path, data, 0o644); err != nil {
						t.Fatal(err)
					}
				}
				return
			}
			want := readTree(t, dir)
			if got, wantNames := slices.Sorted(maps.Keys(files)), slices.Sorted(maps.Keys(want)); !slices.Equal(got, wantNames) {
				t.Fatalf("files %q, want %q (go test ./internal/opendata -update rewrites the golden files)", got, wantNames)
			}
			for name, data := range files {
				if !bytes.Equal(data, want[name]) {
					t.Errorf("%s differs from its golden file (go test ./internal/opendata -update, then diff):\ngot:\n%s\nwant:\n%s", name, data, want[name])
				}
			}
		})
	}
}

func readTree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		data, err := os.ReadFile(p)
		files[filepath.ToSlash(rel)] = data
		return err
	})
	if err != nil {
		t.Fatalf("%v (go test ./internal/opendata -update writes the golden files)", err)
	}
	return files
}

// Drafts and articles dated after the build are in the graph with
// --drafts and --future (and under jihat serve), never in the data.
func TestOnlyPublished(t *testing.T) {
	root := filepath.Join("testdata", "sites", "basic")
	s := graph(t, root, true, true)
	titles := map[string]bool{}
	for _, a := range s.Articles {
		titles[a.Title] = true
	}
	if !titles["مسودة"] || !titles["مقال مجدول"] {
		t.Fatalf("the graph should hold the draft and the scheduled article with --drafts --future: %v", titles)
	}
	all, err := Files(s, Options{})
	if err != nil {
		t.Fatal(err)
	}
	published, err := Files(graph(t, root, false, false), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !maps.EqualFunc(all, published, bytes.Equal) {
		t.Errorf("--drafts --future changed the data: files %q, want %q", slices.Sorted(maps.Keys(all)), slices.Sorted(maps.Keys(published)))
	}
	if got, want := slices.Sorted(maps.Keys(all)), urlsAsFiles(s.DataURLs()); !slices.Equal(got, want) {
		t.Errorf("files %q, but the graph's addresses are %q", got, want)
	}
}

func urlsAsFiles(urls []string) []string {
	out := make([]string, len(urls))
	for i, u := range urls {
		out[i] = strings.TrimPrefix(u, "/")
	}
	slices.Sort(out)
	return out
}

// The files read back, with encoding/csv and encoding/json, hold what the
// graph has: every published article once, in its order, and as many
// articles per region and facility type as the graph counts.
func TestReadBack(t *testing.T) {
	for _, name := range []string{"basic", "empty"} {
		t.Run(name, func(t *testing.T) {
			s := graph(t, filepath.Join("testdata", "sites", name), false, false)
			plan := Plan(s, Options{})
			sets := s.DataSets()
			if len(plan) != len(sets) {
				t.Fatalf("%d sets planned, the graph has %d", len(plan), len(sets))
			}
			for i, set := range plan {
				files, err := set.Encode()
				if err != nil {
					t.Fatal(err)
				}
				csvRows := readCSV(t, set.Name+".csv", files[set.Name+".csv"])
				doc := readJSON(t, set.Name+".json", files[set.Name+".json"])
				want := sets[i].Articles
				if len(csvRows) != len(want) || len(doc.Articles) != len(want) || doc.Count != len(want) {
					t.Fatalf("%s: %d CSV rows, %d JSON articles (count %d), want %d", set.Name, len(csvRows), len(doc.Articles), doc.Count, len(want))
				}
				for j, a := range want {
					url := s.AbsURL(a.URL)
					if csvRows[j]["url"] != url || doc.Articles[j].URL != url {
						t.Errorf("%s: row %d is %s (CSV) and %s (JSON), want %s", set.Name, j, csvRows[j]["url"], doc.Articles[j].URL, url)
					}
					if got := strings.TrimPrefix(csvRows[j]["title"], "'"); got != a.Title || doc.Articles[j].Title != a.Title {
						t.Errorf("%s: title %q (CSV) and %q (JSON), want %q", set.Name, got, doc.Articles[j].Title, a.Title)
					}
				}
				if sets[i].Region != nil && (doc.Region == nil || doc.Region.Slug != sets[i].Region.Slug) {
					t.Errorf("%s: region %v, want %s", set.Name, doc.Region, sets[i].Region.Slug)
				}
				if i > 0 {
					continue
				}
				// Counts per region and facility type, from both files.
				csvRegions, csvFacilities := map[string]int{}, map[string]int{}
				for _, r := range csvRows {
					countSplit(csvRegions, r["regions"], r["regions_ar"])
					countSplit(csvFacilities, r["facility_types"], r["facility_types_ar"])
				}
				jsonRegions, jsonFacilities := map[string]int{}, map[string]int{}
				for _, a := range doc.Articles {
					for _, r := range a.Regions {
						jsonRegions[r.Slug]++
					}
					for _, f := range a.FacilityTypes {
						jsonFacilities[f.Slug]++
					}
				}
				graphRegions, graphFacilities := map[string]int{}, map[string]int{}
				for _, r := range s.Regions {
					if len(r.Articles) > 0 {
						graphRegions[r.Slug] = len(r.Articles)
					}
				}
				for _, f := range s.Facilities {
					graphFacilities[f.Slug] = len(f.Articles)
				}
				for what, got := range map[string]map[string]int{"CSV regions": csvRegions, "JSON regions": jsonRegions} {
					if !maps.Equal(got, graphRegions) {
						t.Errorf("%s %v, the graph has %v", what, got, graphRegions)
					}
				}
				for what, got := range map[string]map[string]int{"CSV facility types": csvFacilities, "JSON facility types": jsonFacilities} {
					if !maps.Equal(got, graphFacilities) {
						t.Errorf("%s %v, the graph has %v", what, got, graphFacilities)
					}
				}
				// Each region's own file has as many articles as the region.
				for _, set := range plan[1:] {
					slug := strings.TrimPrefix(set.Name, "data/regions/")
					if set.doc.Count != graphRegions[slug] {
						t.Errorf("%s: %d articles, the region has %d", set.Name, set.doc.Count, graphRegions[slug])
					}
				}
			}
		})
	}
}

// countSplit counts each slug of a list field, checking that the names
// column has one name for each slug.
func countSplit(counts map[string]int, slugs, names string) {
	if slugs == "" {
		return
	}
	s, n := strings.Split(slugs, Separator), strings.Split(names, Separator)
	if len(s) != len(n) {
		counts["(names "+names+" do not match "+slugs+")"]++
	}
	for _, slug := range s {
		counts[slug]++
	}
}

// readCSV checks a CSV file's form (BOM, CRLF, header) and returns its
// rows by column.
func readCSV(t *testing.T, name string, data []byte) []map[string]string {
	t.Helper()
	rest, ok := bytes.CutPrefix(data, []byte(BOM))
	if !ok {
		t.Fatalf("%s does not begin with a byte order mark", name)
	}
	if bytes.Contains(bytes.ReplaceAll(rest, []byte("\r\n"), nil), []byte("\n")) || !bytes.HasSuffix(rest, []byte("\r\n")) {
		t.Errorf("%s: a line does not end with CRLF", name)
	}
	r := csv.NewReader(bytes.NewReader(rest))
	records, err := r.ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if len(records) == 0 || !slices.Equal(records[0], Columns) {
		t.Fatalf("%s: header %q, want %q", name, records[:min(1, len(records))], Columns)
	}
	var rows []map[string]string
	for _, rec := range records[1:] {
		row := map[string]string{}
		for i, col := range Columns {
			row[col] = rec[i]
		}
		rows = append(rows, row)
	}
	return rows
}

func readJSON(t *testing.T, name string, data []byte) Document {
	t.Helper()
	if bytes.HasPrefix(data, []byte(BOM)) {
		t.Errorf("%s begins with a byte order mark", name)
	}
	if bytes.Count(data, []byte("\n")) != 1 || !bytes.HasSuffix(data, []byte("}\n")) {
		t.Errorf("%s is not one line ending with a newline", name)
	}
	var doc Document
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&doc); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return doc
}

func TestNeutralise(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"", ""},
		{"=SUM(A1)", "'=SUM(A1)"},
		{"+20 مستفيدة", "'+20 مستفيدة"},
		{"-وسم", "'-وسم"},
		{"@SUM(A1)", "'@SUM(A1)"},
		{"\tx", "'\tx"},
		{"\rx", "'\rx"},
		{"زيارة = لقاء", "زيارة = لقاء"},
		{" =x", " =x"}, // quoted by encoding/csv, read as text
		{"'", "'"},
	} {
		if got := Neutralise(tt.in); got != tt.want {
			t.Errorf("Neutralise(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// A digest changes with what the files hold, and only with it.
func TestDigest(t *testing.T) {
	root := filepath.Join("testdata", "sites", "basic")
	digests := func(s *site.Site, opts Options) map[string]site.Digest {
		out := map[string]site.Digest{}
		for _, set := range Plan(s, opts) {
			out[set.Name] = set.Digest
		}
		return out
	}
	s := graph(t, root, false, false)
	base := digests(s, Options{})
	if again := digests(graph(t, root, false, false), Options{}); !maps.Equal(base, again) {
		t.Errorf("the same site gave other digests: %v, %v", base, again)
	}
	offline := digests(s, Options{Offline: true})
	for name, d := range base {
		if offline[name] == d {
			t.Errorf("%s: the offline files have other URLs, yet the same digest", name)
		}
	}
	// An article of one region retitled: that region's set and the set
	// of every article change, the other regions' do not.
	var oriental *site.Article
	for _, a := range s.Articles {
		if a.RegionTerms[0].Slug == "oriental" {
			oriental = a
		}
	}
	before := Fingerprint(s, oriental)
	oriental.Title += " (محدث)"
	if Fingerprint(s, oriental) == before {
		t.Error("a new title kept the article's fingerprint")
	}
	retitled := digests(s, Options{})
	for name, d := range base {
		changed := name == "data/articles" || name == "data/regions/oriental"
		if (retitled[name] != d) != changed {
			t.Errorf("%s: digest changed %v, want %v", name, retitled[name] != d, changed)
		}
	}
	s.Config.Title = "عنوان آخر"
	for name, d := range digests(s, Options{}) {
		if d == retitled[name] {
			t.Errorf("%s: the site's title changed, the digest did not", name)
		}
	}
}
