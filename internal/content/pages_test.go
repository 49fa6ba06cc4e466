package content

import (
	"strings"
	"testing"
)

// Plain pages: under content/pages/ or with kind: page, a title and a body;
// the fields of news are reported, each at its line.
func TestPlainPages(t *testing.T) {
	const region = ": a page (in content/pages/, or kind: page) is not news and takes only title, summary, slug and draft; remove the line, or make the file an article"
	tests := []struct {
		name, path, src string
		page            bool
		slug            string
		problems        []string
	}{
		{name: "in content/pages", path: "content/pages/about.md", src: "---\ntitle: من نحن\n---\n\nنص.\n", page: true, slug: "about"},
		{name: "kind: page elsewhere", path: "content/misc/contact.md", src: "---\ntitle: اتصل بنا\nkind: page\nslug: contact\n---\nنص.\n", page: true, slug: "contact"},
		{name: "kind: article in content/pages", path: "content/pages/news.md", src: "---\ntitle: خبر\nkind: article\ndate: 2024-01-01\nregion: oriental\n---\nنص.\n", page: false, slug: "news"},
		{name: "TOML", path: "content/pages/about.md", src: "+++\ntitle = \"من نحن\"\nsummary = \"موقع\"\n+++\nنص.\n", page: true, slug: "about"},
		{
			name: "fields of news on a page", path: "content/pages/about.md",
			src:      "---\ntitle: من نحن\ndate: 2024-01-01\nregion: oriental\ntags: [أ]\n---\nنص.\n",
			problems: []string{"content/pages/about.md:3:1: date" + region, "content/pages/about.md:4:1: region" + region, "content/pages/about.md:5:1: tags" + region},
		},
		{
			name: "an unknown kind", path: "content/x.md", src: "---\ntitle: ت\nkind: pages\n---\n",
			problems: []string{`content/x.md:3:7: kind "pages": write kind: page for a page that is not news (about us, contact), or leave it out for an article`},
		},
		{
			name: "a page without a title", path: "content/pages/about.md", src: "---\nslug: about\n---\nنص.\n",
			problems: []string{"content/pages/about.md:1:1: missing title: add a line such as"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, problems := Parse(tt.path, []byte(tt.src), testOptions(t))
			var got []string
			for _, p := range problems {
				got = append(got, p.Error())
			}
			if tt.problems != nil {
				if len(got) == 0 || !strings.HasPrefix(strings.Join(got, "\n"), strings.Join(tt.problems, "\n")) {
					t.Errorf("problems\n got %q\nwant %q", got, tt.problems)
				}
				return
			}
			if len(problems) > 0 {
				t.Fatal(problems)
			}
			if a.IsPage != tt.page || a.Slug != tt.slug {
				t.Errorf("page %v slug %q, want %v %q", a.IsPage, a.Slug, tt.page, tt.slug)
			}
		})
	}
}
