package build

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jihat/jihat"
)

// A deploy preview (--noindex) keeps search engines out: robots.txt
// disallows everything and every page says noindex. Production does not.
func TestNoIndex(t *testing.T) {
	for _, noindex := range []bool{false, true} {
		dest := filepath.Join(t.TempDir(), "public")
		if _, err := Build(Options{Source: testSite, Destination: dest, Theme: jihat.Theme, NoIndex: noindex}); err != nil {
			t.Fatal(err)
		}
		files := tree(t, dest)
		robots := string(files["robots.txt"])
		if got := robots == "User-agent: *\nDisallow: /\n"; got != noindex {
			t.Errorf("noindex %v: robots.txt %q", noindex, robots)
		}
		for _, name := range sortedNames(files) {
			if strings.HasSuffix(name, ".html") && strings.Contains(string(files[name]), `<meta name="robots" content="noindex">`) != noindex {
				t.Errorf("noindex %v: %s disagrees", noindex, name)
			}
		}
	}
}

// A site's static/style.css replaces the theme's stylesheet: the build
// says so, pointing at static/custom.css, unless the file is a copy of the
// theme's made to be edited.
func TestStylesheetReplacedWarns(t *testing.T) {
	theme, err := os.ReadFile("../../static/style.css")
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name, css string
		warned    bool
	}{
		{"a few rules", "body{color:#111}\n", true},
		{"an edited copy of the theme's", strings.Replace(string(theme), "#0b5a7a", "#123456", 1), false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			root := t.TempDir()
			copyTree(t, testSite, root)
			writeSource(t, root, "static/style.css", tt.css)
			res, err := Build(Options{Source: root, Destination: filepath.Join(t.TempDir(), "public"), Theme: jihat.Theme})
			if err != nil {
				t.Fatal(err)
			}
			want := "static/style.css: replaces the theme's stylesheet, and the theme's rules are gone from every page: to add rules, put them in static/custom.css"
			warned := len(res.Warnings) == 1 && strings.HasPrefix(res.Warnings[0].Error(), want)
			if warned != tt.warned || (!tt.warned && len(res.Warnings) != 0) {
				t.Errorf("warnings %q, want the stylesheet's: %v", res.Warnings, tt.warned)
			}
		})
	}
}
