package build

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jihat/jihat"
)

// A site overrides one layout file; mistakes in it are reported with the
// file and line, both when parsing and when executing.
func TestTemplateErrors(t *testing.T) {
	cases := []struct {
		name, layout, want string
	}{
		{
			name:   "parse error",
			layout: "{{define \"main\"}}\n<h1>{{.Page.Title}</h1>\n{{end}}\n",
			want:   `layouts/article.html:2: bad character U+007D '}'`,
		},
		{
			name:   "unknown function",
			layout: "{{define \"main\"}}\n\n<p>{{hijri .Page.Article.Date}}</p>\n{{end}}\n",
			want:   `layouts/article.html:3: function "hijri" not defined`,
		},
		{
			name:   "missing field at execution",
			layout: "{{define \"main\"}}\n<p>{{.Page.Article.Byline}}</p>\n{{end}}\n",
			want:   `layouts/article.html:2:10: executing "main" at <.Page.Article.Byline>: can't evaluate field Byline in type *site.Article (rendering /articles/argana-visit/)`,
		},
		{
			name:   "no main",
			layout: "<p>hello</p>\n",
			want:   `layouts/article.html:1:1: the layout must define the page content with {{define "main"}}…{{end}}`,
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			site := t.TempDir()
			copyTree(t, testSite, site)
			if err := os.MkdirAll(filepath.Join(site, "layouts"), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(site, "layouts", "article.html"), []byte(tc.layout), 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := Check(Options{Source: site, Theme: jihat.Theme})
			if err == nil {
				t.Fatal("check passed a broken template")
			}
			first := strings.SplitN(err.Error(), "\n", 2)[0]
			if first != tc.want {
				t.Errorf("got  %s\nwant %s", first, tc.want)
			}
			if _, err := Build(Options{Source: site, Destination: filepath.Join(t.TempDir(), "out"), Theme: jihat.Theme}); err == nil {
				t.Error("build passed a broken template")
			}
		})
	}
}

// A site with only content/ builds with the built-in theme and defaults.
func TestContentOnlySite(t *testing.T) {
	site := t.TempDir()
	copyTree(t, filepath.Join(testSite, "content"), filepath.Join(site, "content"))
	dest := filepath.Join(t.TempDir(), "public")
	res, err := Build(Options{Source: site, Destination: dest, Theme: jihat.Theme})
	if err != nil {
		t.Fatal(err)
	}
	if res.Articles != 3 {
		t.Errorf("built %d articles, want 3", res.Articles)
	}
	lead, _ := widestVariant(t, "articles/argana-visit/lead.png", mustRead(t, filepath.Join(site, "content/2024/argana-visit/lead.png")))
	for _, f := range []string{"index.html", "style.css", lead, "sitemap.xml"} {
		if _, err := os.Stat(filepath.Join(dest, f)); err != nil {
			t.Errorf("missing %s: %v", f, err)
		}
	}
}

// The destination may never be the site itself: swapping it would move the
// editors' sources away.
func TestRefusesSourceAsDestination(t *testing.T) {
	site := t.TempDir()
	copyTree(t, testSite, site)
	for _, dest := range []string{site, filepath.Dir(site)} {
		if _, err := Build(Options{Source: site, Destination: dest, Theme: jihat.Theme}); err == nil {
			t.Errorf("build into %s succeeded", dest)
		}
	}
	if _, err := os.Stat(filepath.Join(site, "content", "2023", "tiznit.md")); err != nil {
		t.Fatalf("sources touched: %v", err)
	}
}

// A site adds its own facility types in site.toml; articles use them by
// slug or name, and they get their own pages.
func TestSiteFacilityTypes(t *testing.T) {
	site := t.TempDir()
	copyTree(t, testSite, site)
	cfg := `title = "موقع"
[[facility_types]]
slug = "mobile-unit"
name_ar = "الوحدة المتنقلة"
name_fr = "Unité mobile"
group = "general"
aliases = ["وحدة متنقلة"]
`
	if err := os.WriteFile(filepath.Join(site, "site.toml"), []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	article := "---\ntitle: \"قافلة الوحدة المتنقلة\"\ndate: 2024-05-01\nregion: oriental\nfacility_type: [وحدة متنقلة, dar-taliba]\n---\n\nنص.\n"
	if err := os.WriteFile(filepath.Join(site, "content", "2023", "mobile.md"), []byte(article), 0o644); err != nil {
		t.Fatal(err)
	}
	dest := filepath.Join(t.TempDir(), "public")
	if _, err := Build(Options{Source: site, Destination: dest, Theme: jihat.Theme}); err != nil {
		t.Fatal(err)
	}
	page, err := os.ReadFile(filepath.Join(dest, "facilities", "mobile-unit", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(page), "قافلة الوحدة المتنقلة") {
		t.Error("the site's own facility type page does not list its article")
	}

	// A site type that clashes with the vocabulary is refused, naming both.
	clash := "title = \"موقع\"\n[[facility_types]]\nslug = \"boarding\"\nname_ar = \"دار الطالبة\"\n"
	if err := os.WriteFile(filepath.Join(site, "site.toml"), []byte(clash), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = Check(Options{Source: site, Theme: jihat.Theme})
	if err == nil || !strings.Contains(err.Error(), "site.toml") || !strings.Contains(err.Error(), "dar-taliba") {
		t.Errorf("clash not reported with both names: %v", err)
	}
}

// The output folder is replaced as a whole, so a folder of other files is
// refused rather than emptied.
func TestRefusesForeignDestination(t *testing.T) {
	dest := t.TempDir()
	keep := filepath.Join(dest, "report.docx")
	if err := os.WriteFile(keep, []byte("not a site"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Build(Options{Source: testSite, Destination: dest, Theme: jihat.Theme})
	if err == nil || !strings.Contains(err.Error(), "not a site build") {
		t.Fatalf("build into a folder of other files: %v", err)
	}
	if _, err := os.Stat(keep); err != nil {
		t.Fatalf("the folder's file is gone: %v", err)
	}
}
