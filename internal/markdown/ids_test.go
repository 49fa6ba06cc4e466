package markdown

import (
	"regexp"
	"strings"
	"testing"
)

// themeIDs are ids a theme could hold: the built-in theme's, an Arabic one a
// site's layout adds, and a prefix of ids a layout computes.
var themeIDs = map[string]bool{
	"main": true, "related": true, "related-2": false, "latest": true, "by-region": true,
	"section": true, "المزيد": true, "region-*": true,
}

var hrefs = regexp.MustCompile(`href="([^"]*)"`)

// Headings never take an id the theme holds, and links inside the body to a
// heading follow it to the id it was given.
func TestHeadingIDsAvoidTheTheme(t *testing.T) {
	tests := []struct {
		name     string
		body     string
		ids      []string
		hrefs    []string // every href in the body, in order
		warnings []string
	}{
		{
			name: "latin theme id",
			body: "## related\n\n[see](#related)",
			ids:  []string{"related-2"}, hrefs: []string{"#related-2"},
		},
		{
			name: "repeats number on from the theme's",
			body: "## Related\n\n## related\n\n[1](#related) [2](#related-2)",
			ids:  []string{"related-2", "related-3"}, hrefs: []string{"#related-2", "#related-3"},
		},
		{
			name: "arabic theme id",
			body: "## المزيد\n\n[المزيد](#المزيد)",
			ids:  []string{"المزيد-2"}, hrefs: []string{"#%D8%A7%D9%84%D9%85%D8%B2%D9%8A%D8%AF-2"},
		},
		{
			name: "arabic written with tashkeel and percent-encoded in the link",
			body: "## الْمَزِيد\n\n[1](#%D8%A7%D9%84%D9%85%D8%B2%D9%8A%D8%AF)",
			ids:  []string{"المزيد-2"}, hrefs: []string{"#%D8%A7%D9%84%D9%85%D8%B2%D9%8A%D8%AF-2"},
		},
		{
			name: "link written as the heading's text",
			body: "## by region\n\n[1](<#by region>)",
			ids:  []string{"by-region-2"}, hrefs: []string{"#by-region-2"},
		},
		{
			name: "the fallback id for punctuation is the theme's too",
			body: "## !!!\n\n[1](#section)",
			ids:  []string{"section-2"}, hrefs: []string{"#section-2"},
		},
		{
			name: "computed theme ids under a prefix",
			body: "## region souss\n\n[1](#region-souss)",
			ids:  []string{"h-region-souss"}, hrefs: []string{"#h-region-souss"},
		},
		{
			name: "a link to a theme element stays",
			body: "## أ\n\n[top](#main) [footnote](#fn:1) [page top](#)",
			ids:  []string{"أ"}, hrefs: []string{"#main", "#fn:1", "#"},
		},
		{
			name: "a link before its heading",
			body: "[see](#latest)\n\n## latest",
			ids:  []string{"latest-2"}, hrefs: []string{"#latest-2"},
		},
		{
			name: "no heading has the id",
			body: "## أ\n\n## ب\n\nنص [انظر](#ج).",
			ids:  []string{"أ", "ب"}, hrefs: []string{"#%D8%AC"},
			warnings: []string{`a.md:11:4: link to "#ج": no heading of this article has the id "ج", so the link leads nowhere (the headings' ids: #أ, #ب)`},
		},
		{
			name:     "no headings at all",
			body:     "[x](#nowhere)",
			hrefs:    []string{"#nowhere"},
			warnings: []string{`a.md:7:1: link to "#nowhere": no heading of this article has the id "nowhere", so the link leads nowhere (the article has no headings)`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newResolver()
			r.themeIDs = themeIDs
			doc, problems := convert(t, Options{}, tt.body, r)
			checkDiags(t, problems, nil)
			var ids []string
			for _, h := range doc.Headings {
				ids = append(ids, h.ID)
			}
			if strings.Join(ids, " ") != strings.Join(tt.ids, " ") {
				t.Errorf("ids = %q, want %q", ids, tt.ids)
			}
			var got []string
			for _, m := range hrefs.FindAllStringSubmatch(string(doc.HTML), -1) {
				got = append(got, m[1])
			}
			if strings.Join(got, " ") != strings.Join(tt.hrefs, " ") {
				t.Errorf("hrefs = %q, want %q\n%s", got, tt.hrefs, doc.HTML)
			}
			checkDiags(t, diagStrings(doc.Warnings), tt.warnings)
		})
	}
}

// Raw HTML may hold ids of its own: a link to one is not reported.
func TestFragmentIntoRawHTML(t *testing.T) {
	doc, problems := convert(t, Options{UnsafeHTML: true}, "<div id=\"box\">x</div>\n\n[x](#box)", newResolver())
	checkDiags(t, problems, nil)
	checkDiags(t, diagStrings(doc.Warnings), nil)
}
