package render

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/jihat/jihat"
)

// The built-in theme's ids are all found: a heading avoids each of them.
func TestThemeIDsOfTheBuiltInTheme(t *testing.T) {
	tpl := load(t, jihat.Theme)
	want := []string{"by-region", "by-type", "f", "facilities", "latest", "list", "main", "map-title", "numbers", "open-data",
		"per-region", "per-type", "per-year", "provinces", "q", "r", "regions", "related", "search-form", "search-more",
		"search-result", "search-results", "search-status", "types-per-region"}
	var got []string
	for id := range tpl.IDs().Exact {
		got = append(got, id)
	}
	if fmt.Sprint(sorted(got)) != fmt.Sprint(want) {
		t.Errorf("ids = %q\nwant %q", sorted(got), want)
	}
	if len(tpl.IDs().Prefixes) != 0 || len(tpl.Warnings()) != 0 {
		t.Errorf("prefixes %q, warnings %v", tpl.IDs().Prefixes, tpl.Warnings())
	}
}

func TestThemeIDs(t *testing.T) {
	tests := []struct {
		name     string
		partial  string
		exact    []string // beyond the built-in theme's
		prefixes []string
		warnings []string
	}{
		{name: "double quotes", partial: `<p id="extra">x</p>`, exact: []string{"extra"}},
		{name: "single quotes and upper case", partial: `<p ID='extra'>x</p>`, exact: []string{"extra"}},
		{name: "unquoted", partial: `<p class=a id=extra>x</p>`, exact: []string{"extra"}},
		{name: "arabic", partial: `<section id="المزيد"></section>`, exact: []string{"المزيد"}},
		{name: "spaces around =", partial: `<p id = "extra">x</p>`, exact: []string{"extra"}},
		{name: "inside a condition", partial: `<p {{if .}}id="extra"{{end}}>x</p>`, exact: []string{"extra"}},
		{name: "computed under a prefix", partial: `<li id="region-{{.}}">x</li>`, prefixes: []string{"region-"}},
		{name: "not an id", partial: `<p data-id="x" aria-labelledby="y" grid="z">id="w"</p>`},
		{name: "in a comment action", partial: `{{/* <p id="old"> }} */}}<p>x</p>`},
		{
			name:     "computed whole",
			partial:  "<p>\n<li id=\"{{.}}\">x</li>",
			warnings: []string{`layouts/partials/extra.html:2: an id computed from its first letter (id="{{…}}") may be any id, and a heading of an article could take it too: begin it with a fixed word, id="x-{{…}}"`},
		},
	}
	builtIn := load(t, jihat.Theme).IDs().Exact
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tpl := load(t, themeWith(t, map[string]string{"layouts/partials/extra.html": `{{define "extra"}}` + tt.partial + `{{end}}`}))
			var extra []string
			for id := range tpl.IDs().Exact {
				if !builtIn[id] {
					extra = append(extra, id)
				}
			}
			if fmt.Sprint(sorted(extra)) != fmt.Sprint(sorted(tt.exact)) {
				t.Errorf("ids beyond the theme's = %q, want %q", extra, tt.exact)
			}
			if fmt.Sprint(tpl.IDs().Prefixes) != fmt.Sprint(sorted(tt.prefixes)) {
				t.Errorf("prefixes = %q, want %q", tpl.IDs().Prefixes, tt.prefixes)
			}
			var warnings []string
			for _, w := range tpl.Warnings() {
				warnings = append(warnings, w.Error())
			}
			if strings.Join(warnings, "\n") != strings.Join(tt.warnings, "\n") {
				t.Errorf("warnings = %q, want %q", warnings, tt.warnings)
			}
		})
	}
}

func sorted(s []string) []string { return slices.Sorted(slices.Values(s)) }
