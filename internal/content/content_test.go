package content

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/adrg/frontmatter"

	"github.com/jihat/jihat/internal/arabic"
	"github.com/jihat/jihat/internal/gazetteer"
)

func testOptions(t testing.TB) Options {
	t.Helper()
	g, err := gazetteer.Default()
	if err != nil {
		t.Fatal(err)
	}
	return Options{Gazetteer: g}
}

// Each invalid article must produce exactly these messages, at the line in
// the file (not in the front matter block) where the editor made the mistake.
func TestInvalidArticles(t *testing.T) {
	cases := []struct {
		file string
		want []string
	}{
		{"unknown-region.md", []string{`invalid/unknown-region.md:4:9: unknown region "سوس ماسا" (did you mean "سوس ماسة"?)`}},
		{"province-elsewhere.md", []string{`invalid/province-elsewhere.md:7:5: province "tetouan" (تطوان) is in the region طنجة تطوان الحسيمة (tanger-tetouan-al-hoceima), not in the article's region سوس ماسة (souss-massa): add ` + "`tanger-tetouan-al-hoceima`" + ` to region or fix the province`}},
		{"bad-date.md", []string{`invalid/bad-date.md:3:7: bad date "05/02/2024": write it as year-month-day, e.g. 2024-02-05, or with a time as 2024-02-05 10:30 (Morocco time) or 2024-02-05T10:30:00+01:00`}},
		{"missing-title.md", []string{"invalid/missing-title.md:1:1: missing title: add a line such as `title: \"افتتاح دار الطالبة بتارودانت\"` to the front matter"}},
		{"unterminated.md", []string{`invalid/unterminated.md:1:1: front matter opened with "---" is never closed: add a line with "---" after the last field`}},
		{"invalid-utf8.md", []string{`invalid/invalid-utf8.md:7:4: the file is not valid UTF-8: save it as UTF-8 (in most editors: "Save with encoding" → UTF-8)`}},
		{"unknown-field.md", []string{`invalid/unknown-field.md:5:1: unknown field "facility-type" (did you mean "facility_type"?)`}},
		{"unknown-facility.md", []string{`invalid/unknown-facility.md:5:29: unknown facility type "dar-talibaa" (did you mean "dar-taliba"?)`}},
		{"yaml-colon.md", []string{`invalid/yaml-colon.md:2:1: front matter is not valid YAML: mapping values are not allowed in this context (a value containing ": " must be quoted: title: "…")`}},
		{"image-no-alt.md", []string{"invalid/image-no-alt.md:5:8: image has no description: add `image_alt:` saying what the photo shows, for readers who cannot see it"}},
		{"toml-bad-region.md", []string{`invalid/toml-bad-region.md:4:10: unknown region "Sous-Masa" (did you mean "souss-massa"?)`}},
		{"no-front-matter.md", []string{`invalid/no-front-matter.md:1:1: no front matter: start the file with a line "---", then title, date and region, then another "---"`}},
	}
	opts := testOptions(t)
	for _, tc := range cases {
		t.Run(tc.file, func(t *testing.T) {
			src, err := os.ReadFile(filepath.Join("testdata", "invalid", tc.file))
			if err != nil {
				t.Fatal(err)
			}
			a, problems := Parse("invalid/"+tc.file, src, opts)
			if a != nil {
				t.Errorf("got an article, want none")
			}
			var got []string
			for _, p := range problems {
				got = append(got, p.Error())
			}
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("problems:\n got: %q\nwant: %q", got, tc.want)
			}
		})
	}
}

func TestValidForms(t *testing.T) {
	opts := testOptions(t)
	src, err := os.ReadFile("testdata/valid/forms.md")
	if err != nil {
		t.Fatal(err)
	}
	a, problems := Parse("content/articles/forms.md", src, opts)
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	slugs := func(n int, f func(i int) string) string {
		var s []string
		for i := range n {
			s = append(s, f(i))
		}
		return strings.Join(s, ",")
	}
	checks := []struct{ name, got, want string }{
		{"title", a.Title, "افتتاح دار الطالبة بأركانة"},
		{"slug", a.Slug, "forms"},
		{"date", a.Date.Format(time.RFC3339), "2024-02-05T10:30:00+01:00"},
		{"lastmod", a.Lastmod.Format("2006-01-02"), "2024-02-07"},
		{"regions", slugs(len(a.Regions), func(i int) string { return a.Regions[i].Slug }), "souss-massa,draa-tafilalet"},
		{"provinces", slugs(len(a.Provinces), func(i int) string { return a.Provinces[i].Slug }), "taroudannt,zagora"},
		{"facilities", slugs(len(a.Facilities), func(i int) string { return a.Facilities[i].Slug }), "dar-taliba,child-protection-unit"},
		{"tags", strings.Join(a.Tags, ","), "التمدرس القروي,تمكين النساء"},
		{"summary", a.Summary, "ملخص قصير."},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %q, want %q", c.name, c.got, c.want)
		}
	}
	if a.BodyLine != 11 {
		t.Errorf("body line = %d, want 11", a.BodyLine)
	}
}

func TestTOMLDraft(t *testing.T) {
	src, err := os.ReadFile("testdata/valid/toml.md")
	if err != nil {
		t.Fatal(err)
	}
	a, problems := Parse("content/x/toml.md", src, testOptions(t))
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	if !a.Draft || a.Title != "مركز للتربية والتكوين" || a.Date.Format("2006-01-02") != "2023-11-20" || a.Facilities[0].Slug != "education-training-centre" {
		t.Errorf("got %+v", a)
	}
}

func TestSlugCollision(t *testing.T) {
	root := t.TempDir()
	write := func(rel, body string) {
		p := filepath.Join(root, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	fm := "---\ntitle: t\ndate: 2024-01-01\nregion: souss-massa\n%s---\nx\n"
	write("content/2023/visit.md", strings.Replace(fm, "%s", "", 1))
	write("content/2024/visit.md", strings.Replace(fm, "%s", "", 1))
	write("content/2024/other.md", strings.Replace(fm, "%s", "slug: visit\n", 1))
	_, problems := Load(root, false, testOptions(t))
	problems.Sort()
	want := []string{
		"content/2024/other.md:1:1: this article and content/2023/visit.md would both be written to /articles/visit/: give one of them another file name or a `slug:`",
		"content/2024/visit.md:1:1: this article and content/2023/visit.md would both be written to /articles/visit/: give one of them another file name or a `slug:`",
	}
	var got []string
	for _, p := range problems {
		got = append(got, p.Error())
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func FuzzParse(f *testing.F) {
	for _, dir := range []string{"testdata/valid", "testdata/invalid", "testdata/messages"} {
		files, _ := filepath.Glob(filepath.Join(dir, "*.md"))
		for _, file := range files {
			src, err := os.ReadFile(file)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(src)
		}
	}
	opts := testOptions(f)
	f.Fuzz(func(t *testing.T, src []byte) {
		before := string(src)
		a, problems := Parse("fuzz.md", src, opts)
		if (a == nil) == (len(problems) == 0) {
			t.Fatalf("article %v with %d problems", a != nil, len(problems))
		}
		if string(src) != before {
			t.Fatal("Parse changed its input")
		}
		for _, p := range problems {
			if p.Line < 0 || p.Path != "fuzz.md" || p.Msg.IsZero() || strings.Contains(p.Msg.String(), "[{") {
				t.Fatalf("bad diagnostic %#v", p)
			}
		}
		if a == nil {
			return
		}
		for _, w := range a.Warnings {
			if w.Line <= 0 || w.Path != "fuzz.md" || w.Msg.IsZero() {
				t.Fatalf("bad warning %#v", w)
			}
		}
		// Nothing a page cannot show gets past Parse, in the body or in
		// the fields that end up in it.
		for _, s := range append([]string{string(a.Body), a.Title, a.Summary, a.Slug, a.Image, a.ImageAlt}, a.Tags...) {
			if i, r, _ := arabic.NextUnprintable([]byte(s)); i >= 0 {
				t.Fatalf("%U got through in %q", r, s)
			}
		}
		if why := arabic.SlugProblem(a.Slug); why != "" {
			t.Fatalf("slug %q accepted: %s", a.Slug, why)
		}
	})
}

// A second Markdown file inside an article's folder would silently become a
// download; the editor is told instead.
func TestMarkdownInsideBundle(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "content", "2024", "visit")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, body := range map[string]string{
		"index.md":  "---\ntitle: t\ndate: 2024-01-01\nregion: oriental\n---\nx\n",
		"notes.md":  "# ملاحظات\n",
		"photo.jpg": "not really a photo",
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	set, problems := Load(root, false, testOptions(t))
	want := "content/2024/visit/notes.md:1:1: this Markdown file is inside the folder of the article content/2024/visit/index.md, so it would be copied as a plain file, not published: move it out of that folder to make it an article of its own"
	if len(problems) != 1 || problems[0].Error() != want {
		t.Errorf("problems %v, want %s", problems, want)
	}
	if len(set.Articles) != 1 || strings.Join(set.Articles[0].Resources, ",") != "photo.jpg" {
		t.Errorf("resources %v", set.Articles[0].Resources)
	}
}

// The front matter is handed to adrg/frontmatter alone; the split must be
// the one it makes of the whole file.
func FuzzFrontMatterEnd(f *testing.F) {
	for _, s := range []string{
		"---\ntitle: x\n---\nbody\n",
		"\n\n+++\ntitle = 'x'\n+++   \nbody",
		"---\ntitle: x\n  ---  \n---\nbody",
		"---\r\ntitle: x\r\n---\r\nbody\r\n",
		"---\ntitle: x\n",
		"---\n---",
		"+++\n---\n+++\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		open, delim := openingDelimiter(src)
		if open == 0 {
			return
		}
		keep := func([]byte, any) error { return nil }
		formats := []*frontmatter.Format{frontmatter.NewFormat("---", "---", keep), frontmatter.NewFormat("+++", "+++", keep)}
		whole, errWhole := frontmatter.Parse(bytes.NewReader(src), nil, formats...)
		head := src[:frontMatterEnd(src, open, delim)]
		rest, errHead := frontmatter.Parse(bytes.NewReader(head), nil, formats...)
		if (errWhole == nil) != (errHead == nil) {
			t.Fatalf("errors differ: whole %v, head %v", errWhole, errHead)
		}
		if body := src[len(head)-len(rest):]; errWhole == nil && !bytes.Equal(body, whole) {
			t.Fatalf("body %q, want %q", body, whole)
		}
	})
}
