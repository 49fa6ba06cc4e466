package search_test

import (
	"os"
	"path/filepath"
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
