package search_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/jihat/jihat"
	"github.com/jihat/jihat/internal/build"
	"github.com/jihat/jihat/internal/search"
)

// The Go replay of a query finds what the browser finds, and counts the
// files the browser loads: the page's four files, one postings shard per
// distinct shard of the query's terms, and the document shards of the hits.
func TestQueryPayload(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	if _, err := build.Build(build.Options{Source: "../..", Destination: dest, Theme: jihat.Theme}); err != nil {
		t.Fatal(err)
	}
	fsys := os.DirFS(dest)
	cases := []struct {
		query   string
		filters []string
		min     int
	}{
		{"أركانة", nil, 1},
		{"أركا", nil, 1}, // the word being typed: a prefix of أركانة
		{"الطالبة", []string{"r:souss-massa"}, 1},
		{"", []string{"f:hemodialysis-centre"}, 1},
		{"كلمةغيرموجودة", nil, 0},
	}
	for _, tc := range cases {
		p, err := search.QueryPayload(fsys, tc.query, tc.filters)
		if err != nil {
			t.Fatal(err)
		}
		if p.Results < tc.min || (tc.min == 0 && p.Results != 0) {
			t.Errorf("%q %v: %d results, want at least %d", tc.query, tc.filters, p.Results, tc.min)
		}
		if p.TermFiles < 1 || p.Bytes <= 0 || p.Gzip >= p.Bytes {
			t.Errorf("%q: payload %+v", tc.query, p)
		}
		if p.Results > 0 && p.DocFiles < 1 {
			t.Errorf("%q: results without document shards: %+v", tc.query, p)
		}
	}
}

// Ranking: a word in the title outranks the same word in the body, and
// among equals the newer article (lower id) comes first.
func TestRanking(t *testing.T) {
	b := search.NewBuilder(&search.DefaultRules)
	b.Add("/articles/body-new/", search.Fields{Title: "خبر عام", Body: "زيارة إلى دار الطالبة"})
	b.Add("/articles/title-old/", search.Fields{Title: "افتتاح دار الطالبة", Body: "نص"})
	b.Add("/articles/body-old/", search.Fields{Title: "خبر آخر", Body: "زيارة إلى دار الطالبة"})
	b.Add("/articles/other/", search.Fields{Title: "مركز", Body: "لا شيء هنا"})
	docs := []search.Doc{
		{Key: "/articles/body-new/", Title: "خبر عام"},
		{Key: "/articles/title-old/", Title: "افتتاح دار الطالبة"},
		{Key: "/articles/body-old/", Title: "خبر آخر"},
		{Key: "/articles/other/", Title: "مركز"},
	}
	dir := t.TempDir()
	write := func(name string, data []byte) error {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		return os.WriteFile(p, data, 0o644)
	}
	if _, err := b.Write(docs, nil, search.Options{}, write); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "search", "index.html"), []byte("<!doctype html>"), 0o644); err != nil {
		t.Fatal(err)
	}
	p, err := search.QueryPayload(os.DirFS(dir), "الطالبة", nil)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"/articles/title-old/", "/articles/body-new/", "/articles/body-old/"}
	if strings.Join(p.Ranked, " ") != strings.Join(want, " ") {
		t.Errorf("ranked %v, want %v", p.Ranked, want)
	}
}

// Writing the postings in several passes (to bound memory) gives the same
// files as one pass.
func TestWriteInGroups(t *testing.T) {
	b := search.NewBuilder(&search.DefaultRules)
	var docs []search.Doc
	words := strings.Fields("دار الطالبة مركز حماية الطفولة التعاون الوطني تمكين النساء إعاقة تارودانت أكادير وجدة فاس مكناس INDH Entraide")
	for i := range 300 {
		key := "/articles/a" + strings.Repeat("x", i%7) + string(rune('a'+i%26)) + "/" + strings.Repeat("y", i/26) + "/"
		var body []string
		for j := range 40 {
			body = append(body, words[(i*7+j*j)%len(words)])
		}
		b.Add(key, search.Fields{Title: words[i%len(words)], Body: strings.Join(body, " ")})
		docs = append(docs, search.Doc{Key: key, Title: words[i%len(words)], Filters: []string{"r:" + words[i%3], "f:x"}})
	}
	collect := func(opts search.Options) map[string]string {
		files := map[string]string{}
		if _, err := b.Write(docs, nil, opts, func(name string, data []byte) error {
			files[name] = string(data)
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		return files
	}
	one := collect(search.Options{ShardBytes: 512})
	many := collect(search.Options{ShardBytes: 512, GroupBytes: 300})
	if len(one) < 10 {
		t.Fatalf("only %d files: the test needs several shards", len(one))
	}
	for name, data := range one {
		if many[name] != data {
			t.Errorf("%s differs when written in groups", name)
		}
	}
	if len(many) != len(one) {
		t.Errorf("%d files in groups, %d in one pass", len(many), len(one))
	}
}

// The word being typed matches the terms it begins, ranked after the
// documents that have its own term whatever their scores; an index
// written under fr/search is read as its page reads it.
func TestPrefixRanking(t *testing.T) {
	b := search.NewBuilder(&search.FrenchRules)
	b.Add("/fr/a/", search.Fields{Title: "La centralisation des services"})
	b.Add("/fr/b/", search.Fields{Body: "Les centres de l'Entraide nationale"})
	b.Add("/fr/c/", search.Fields{Title: "Autre chose"})
	docs := []search.Doc{{Key: "/fr/a/"}, {Key: "/fr/b/"}, {Key: "/fr/c/"}}
	dir := t.TempDir()
	write := func(name string, data []byte) error {
		if !strings.HasPrefix(name, "fr/search/") {
			t.Errorf("%s is not under fr/search/", name)
		}
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		return os.WriteFile(p, data, 0o644)
	}
	if _, err := b.Write(docs, nil, search.Options{Dir: "fr/search", ShardBytes: 40}, write); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "fr", "search", "index.html"), []byte("<!doctype html>"), 0o644); err != nil {
		t.Fatal(err)
	}
	fsys, err := fs.Sub(os.DirFS(dir), "fr")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		query string
		want  []string
	}{
		{"centr", []string{"/fr/b/", "/fr/a/"}},
		{"centr ", []string{"/fr/b/"}}, // finished: exact only
		{"centrali", []string{"/fr/a/"}},
		{"c", nil}, // too short to be a prefix; not a term
	} {
		p, err := search.QueryPayload(fsys, c.query, nil)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(p.Ranked, c.want) {
			t.Errorf("%q: ranked %q, want %q", c.query, p.Ranked, c.want)
		}
	}
}
