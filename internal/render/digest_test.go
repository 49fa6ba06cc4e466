package render

import (
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/jihat/jihat"
	"github.com/jihat/jihat/internal/site"
)

// themeWith is the built-in theme with some files replaced.
func themeWith(t *testing.T, changes map[string]string) fs.FS {
	t.Helper()
	m := fstest.MapFS{}
	err := fs.WalkDir(jihat.Theme, "layouts", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(jihat.Theme, p)
		m[p] = &fstest.MapFile{Data: data}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for name, text := range changes {
		m[name] = &fstest.MapFile{Data: []byte(text)}
	}
	return m
}

func load(t *testing.T, theme fs.FS) *Templates {
	t.Helper()
	tpl, problems := Load(theme, Options{})
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	return tpl
}

// A layout's digest changes with the files its pages can reach, and only
// with them.
func TestLayoutDigests(t *testing.T) {
	orig := load(t, themeWith(t, nil))
	read := func(name string) string {
		data, err := fs.ReadFile(jihat.Theme, name)
		if err != nil {
			t.Fatal(err)
		}
		return string(data)
	}
	all := []site.Layout{site.LayoutHome, site.LayoutArticle, site.LayoutList, site.LayoutTerms, site.Layout404, site.LayoutSearch}
	tests := []struct {
		file    string
		edit    func(string) string
		changed []site.Layout
	}{
		{"layouts/article.html", func(s string) string { return s + "\n" }, []site.Layout{site.LayoutArticle}},
		{"layouts/partials/card.html", func(s string) string { return strings.Replace(s, "card", "card x", 1) }, []site.Layout{site.LayoutHome, site.LayoutList}},
		{"layouts/partials/pager.html", func(s string) string { return s + "\n" }, []site.Layout{site.LayoutList}},
		{"layouts/base.html", func(s string) string { return s + "\n" }, all},
		// A partial named by a computed string could be any partial.
		{"layouts/terms.html", func(s string) string {
			return strings.Replace(s, "{{define \"main\"}}", "{{define \"main\"}}{{partial (printf \"%s\" \"card\") .Page}}", 1)
		}, []site.Layout{site.LayoutTerms}},
	}
	for _, tc := range tests {
		edited := load(t, themeWith(t, map[string]string{tc.file: tc.edit(read(tc.file))}))
		for _, l := range all {
			want := false
			for _, c := range tc.changed {
				want = want || c == l
			}
			if got := edited.Digest(l) != orig.Digest(l); got != want {
				t.Errorf("after editing %s, layout %s changed = %v, want %v", tc.file, l, got, want)
			}
		}
	}
	// The computed partial makes the terms layout depend on every partial.
	dyn := map[string]string{"layouts/terms.html": tests[4].edit(read("layouts/terms.html"))}
	before := load(t, themeWith(t, dyn))
	dyn["layouts/partials/counts.html"] = read("layouts/partials/counts.html") + "\n"
	if after := load(t, themeWith(t, dyn)); after.Digest(site.LayoutTerms) == before.Digest(site.LayoutTerms) {
		t.Error("a layout calling a computed partial does not depend on every partial")
	}
}
