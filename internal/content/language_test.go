package content

import (
	"fmt"
	"testing"
)

func TestLanguage(t *testing.T) {
	article := "---\ntitle: t\ndate: 2024-01-02\nregion: souss-massa\nfacility_type: dar-taliba\n%s---\nbody\n"
	page := "---\ntitle: t\n%s---\nbody\n"
	langs := []string{"ar", "fr", "zgh"}
	for _, tc := range []struct {
		name, path, src, extra string
		languages              []string
		lang, key              string
		page                   bool
		problem                string
	}{
		{name: "default", path: "content/articles/2024/x.md", src: article, languages: langs, lang: "ar", key: "articles/2024/x"},
		{name: "no languages", path: "content/articles/2024/x.md", src: article, lang: "ar", key: "articles/2024/x"},
		{name: "folder", path: "content/fr/articles/2024/x.md", src: article, languages: langs, lang: "fr", key: "articles/2024/x"},
		{name: "bundle", path: "content/zgh/articles/2024/x/index.md", src: article, languages: langs, lang: "zgh", key: "articles/2024/x"},
		{name: "page in folder", path: "content/fr/pages/about.md", src: page, languages: langs, lang: "fr", key: "pages/about", page: true},
		{name: "field", path: "content/articles/2024/x-fr.md", src: article, extra: "lang: fr\n", languages: langs, lang: "fr", key: "articles/2024/x-fr"},
		{name: "key", path: "content/articles/2024/x-fr.md", src: article, extra: "lang: fr\ntranslation_key: visite\n", languages: langs, lang: "fr", key: "visite"},
		{name: "not a language folder", path: "content/es/articles/x.md", src: article, languages: langs, lang: "ar", key: "es/articles/x"},
		{name: "unknown lang", path: "content/articles/x.md", src: article, extra: "lang: es\n", languages: langs,
			problem: `content/articles/x.md:6:7: lang "es" is not one of the site's languages (ar, fr, zgh): write one of them, or add the language to [[languages]] in site.toml`},
		{name: "lang against folder", path: "content/fr/articles/x.md", src: article, extra: "lang: zgh\n", languages: langs,
			problem: `content/fr/articles/x.md:6:7: lang "zgh", but the file is in the folder of "fr": remove the line, or move the file to content/zgh/`},
		{name: "empty key", path: "content/articles/x.md", src: article, extra: "translation_key: \"\"\n", languages: langs,
			problem: `content/articles/x.md:6:18: translation_key is empty: write the key its translations share, or remove the line to link them by file name`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			opts := testOptions(t)
			opts.Languages = tc.languages
			src := []byte(sprintf(tc.src, tc.extra))
			a, problems := Parse(tc.path, src, opts)
			if tc.problem != "" {
				if len(problems) != 1 || problems[0].Error() != tc.problem {
					t.Fatalf("got %v\nwant %s", problems, tc.problem)
				}
				return
			}
			if len(problems) > 0 {
				t.Fatal(problems)
			}
			if a.Lang != tc.lang || a.TranslationKey != tc.key || a.IsPage != tc.page {
				t.Errorf("got lang %q key %q page %v, want %q %q %v", a.Lang, a.TranslationKey, a.IsPage, tc.lang, tc.key, tc.page)
			}
		})
	}
}

func TestSlugsPerLanguage(t *testing.T) {
	a := &Article{Path: "content/articles/x.md", Slug: "x", Lang: "ar"}
	b := &Article{Path: "content/fr/articles/x.md", Slug: "x", Lang: "fr"}
	c := &Article{Path: "content/fr/articles/y.md", Slug: "x", Lang: "fr"}
	if p := checkSlugs([]*Article{a, b}, []string{"ar", "fr"}); len(p) != 0 {
		t.Errorf("a translation may keep its slug: %v", p)
	}
	want := "content/fr/articles/y.md:1:1: this article and content/fr/articles/x.md would both be written to /fr/articles/x/: give one of them another file name or a `slug:`"
	if p := checkSlugs([]*Article{a, b, c}, []string{"ar", "fr"}); len(p) != 1 || p[0].Error() != want {
		t.Errorf("got %v\nwant %s", p, want)
	}
}

func sprintf(format string, a ...any) string { return fmt.Sprintf(format, a...) }
