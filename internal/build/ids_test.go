package build

import (
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/jihat/jihat"
)

var (
	idAttr   = regexp.MustCompile(`\sid="([^"]*)"`)
	hrefAttr = regexp.MustCompile(`\shref="#([^"]*)"`)
)

// An article's headings named like every id of the theme, in Latin and
// Arabic, with the built-in theme and with a layout of the site's that adds
// ids of its own: every id names one element of its page, and every link
// to an anchor of the page finds it.
func TestHeadingIDsNeverCollideWithTheTheme(t *testing.T) {
	tests := []struct {
		name    string
		layouts string            // a folder holding layouts/ to add to the site
		want    map[string]string // page → fragments of ids it must hold, by how the editor wrote them
	}{
		{
			name: "built-in theme",
			want: map[string]string{
				"articles/ids-latin/index.html":  "main-2 related-2 related-3 latest-2 by-region-2 search-status-2 q-2 المزيد also-tiznit",
				"articles/ids-arabic/index.html": "المزيد الخدمات الخدمات-2 المزيد-2",
			},
		},
		{
			name:    "a layout adding ids, one computed",
			layouts: "testdata/themeids-layouts",
			want: map[string]string{
				"articles/ids-latin/index.html":  "main-2 related المزيد-2 h-also-tiznit",
				"articles/ids-arabic/index.html": "المزيد-2 الخدمات الخدمات-2 المزيد-3",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			site := t.TempDir()
			copyTree(t, "testdata/themeids", site)
			if tt.layouts != "" {
				copyTree(t, tt.layouts, site)
			}
			dest := filepath.Join(t.TempDir(), "public")
			res, err := Build(Options{Source: site, Destination: dest, Theme: jihat.Theme})
			if err != nil {
				t.Fatal(err)
			}
			wantWarning := `content/ids-latin.md:53:20: link to "#nowhere": no heading of this article has the id "nowhere"`
			if len(res.Warnings) != 1 || !strings.HasPrefix(res.Warnings[0].Error(), wantWarning) {
				t.Errorf("warnings = %q, want one beginning %q", res.Warnings, wantWarning)
			}
			for name, page := range tree(t, dest) {
				if !strings.HasSuffix(name, ".html") {
					continue
				}
				ids := map[string]bool{}
				for _, m := range idAttr.FindAllStringSubmatch(string(page), -1) {
					if ids[m[1]] {
						t.Errorf("%s: two elements have the id %q", name, m[1])
					}
					ids[m[1]] = true
				}
				for _, m := range hrefAttr.FindAllStringSubmatch(string(page), -1) {
					fragment, err := url.PathUnescape(m[1])
					if err != nil {
						t.Errorf("%s: href #%s: %v", name, m[1], err)
					}
					if fragment != "" && fragment != "nowhere" && !ids[fragment] {
						t.Errorf("%s: a link to #%s finds no element", name, fragment)
					}
				}
				for _, id := range strings.Fields(tt.want[name]) {
					if !ids[id] {
						t.Errorf("%s: no element has the id %q", name, id)
					}
				}
			}
		})
	}
}
