package build

import (
	"path/filepath"
	"strings"
	"testing"
)

// A site in three languages (testdata/languages): each language's pages
// under its prefix, in its words, dates and plurals, linked to their
// translations by hreflang, the switcher and the sitemap.
func TestLanguages(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	res := buildTo(t, "testdata/languages", dest)
	out := tree(t, dest)
	want := "site.toml: 1 names on the pages in ⵜⴰⵎⴰⵣⵉⵖⵜ are shown in Arabic: the gazetteer has no ⵜⴰⵎⴰⵣⵉⵖⵜ name for them (none of its sources gives one): دار الطالبة"
	if len(res.Warnings) != 1 || res.Warnings[0].Error() != want {
		t.Errorf("warnings %v, want %s", res.Warnings, want)
	}
	for _, tc := range []struct {
		file       string
		has, lacks []string
	}{
		{"index.html", []string{`<html lang="ar" dir="rtl">`, `<a class="skip" href="#main">انتقل إلى المحتوى</a>`, `<a href="/regions/"`,
			`<link rel="alternate" hreflang="fr" href="https://example.org/fr/">`, `<link rel="alternate" hreflang="x-default" href="https://example.org/">`,
			`<li><span lang="ar" dir="rtl" aria-current="true">العربية</span></li>`, `<li><a href="/fr/" lang="fr" hreflang="fr" dir="ltr">Français</a></li>`,
			`<meta property="og:locale" content="ar_MA">`},
			[]string{"tifinagh.css"}},
		{"fr/index.html", []string{`<html lang="fr" dir="ltr">`, `<title>Jihat</title>`, `<a class="skip" href="#main">Aller au contenu</a>`,
			`<a href="/fr/regions/"`, `<meta name="description" content="Les programmes sociaux des régions">`,
			`<li><a href="/" lang="ar" hreflang="ar" dir="rtl">العربية</a></li>`, `<meta property="og:locale" content="fr_MA">`,
			// a menu of the default language's links that lead to a translated page
			`<li><a href="/fr/about/">Qui sommes-nous</a></li>`, `<a href="/fr/feed.xml">Flux Atom</a>`},
			[]string{"تصفح", "tifinagh.css"}},
		{"zgh/index.html", []string{`<html lang="zgh" dir="ltr">`, `<link rel="stylesheet" href="/fonts/tifinagh.css">`, `ⵊⵉⵀⴰⵜ`},
			[]string{`ul class="menu"`}}, // no Amazigh page for the menu's link
		// an article and its translations
		{"articles/argana/index.html", []string{
			`<link rel="alternate" hreflang="ar" href="https://example.org/articles/argana/">`,
			`<link rel="alternate" hreflang="fr" href="https://example.org/fr/articles/argana/">`,
			`<link rel="alternate" hreflang="zgh" href="https://example.org/zgh/articles/argana/">`,
			`<link rel="alternate" hreflang="x-default" href="https://example.org/articles/argana/">`,
			`<li><a href="/fr/articles/argana/" lang="fr" hreflang="fr" dir="ltr">Français</a></li>`,
			`18 شتنبر 2024`}, nil},
		{"fr/articles/argana/index.html", []string{`<time datetime="2024-09-18">mercredi 18 septembre 2024</time>`,
			`<dt>Région</dt>`, `<a href="/fr/regions/souss-massa/">Région de Souss-Massa</a>`, `<p class="tags">Mots-clés : <a href="/fr/tags/scolarisation-des-filles/">`,
			`<h2 id="related">Articles liés</h2>`, `"inLanguage":"fr"`}, nil},
		{"zgh/articles/argana/index.html", []string{`ⴰⴽⵕⴰⵙ 18 ⵛⵓⵜⴰⵏⴱⵉⵔ 2024`, `<a href="/zgh/tags/%e2%b4%b0%e2%b5%99%e2%b5%8d%e2%b5%8e%e2%b4%b7/">ⴰⵙⵍⵎⴷ</a>`,
			// no Tifinagh name for the facility type: the Arabic, marked
			`<a href="/zgh/facilities/dar-taliba/" lang="ar" dir="rtl">دار الطالبة</a>`}, nil},
		// an article in one language: no alternates; the switcher leads home
		{"articles/tata/index.html", []string{`<li><a href="/fr/" lang="fr" hreflang="fr" dir="ltr">Français</a></li>`}, []string{`hreflang="fr" href=`}},
		{"fr/articles/visite/index.html", []string{`<li><a href="/" lang="ar" hreflang="ar" dir="rtl">العربية</a></li>`, `<li><a href="/zgh/" lang="zgh"`}, []string{`rel="alternate" hreflang`}},
		// lists: each language's own articles, its plurals
		{"regions/souss-massa/index.html", []string{`<p class="meta">مقالان · <bdi class="fr" lang="fr" dir="ltr">Souss-Massa</bdi>`}, []string{"/fr/articles/"}},
		{"fr/regions/souss-massa/index.html", []string{`<p class="meta">2 articles · <a href="/fr/regions/souss-massa/feed.xml">Flux Atom</a></p>`, `<h1>Région de Souss-Massa</h1>`}, []string{`class="fr"`}},
		{"fr/regions/souss-massa/tiznit/index.html", []string{`<p class="meta">1 article · `}, nil},
		{"zgh/regions/souss-massa/index.html", []string{`1 ⵏ ⵉⵎⴰⴳⵔⴰⴷⵏ`}, nil},
		// charts read the page's way
		{"fr/statistics/index.html", []string{`direction="ltr"`, `<th scope="col">Articles</th>`}, []string{`direction="rtl"`}},
		{"statistics/index.html", []string{`direction="rtl"`}, []string{`direction="ltr"`}},
		{"fr/about/index.html", []string{`<link rel="alternate" hreflang="ar" href="https://example.org/about/">`, `<h1>Qui sommes-nous</h1>`}, nil},
		// the feeds and the sitemap
		{"fr/feed.xml", []string{`xml:lang="fr"`, `<title>Jihat</title>`, `https://example.org/fr/articles/argana/`}, []string{"https://example.org/articles/"}},
		{"feed.xml", []string{`xml:lang="ar"`}, []string{"/fr/"}},
		{"sitemap.xml", []string{`xmlns:xhtml="http://www.w3.org/1999/xhtml"`, `<loc>https://example.org/zgh/articles/argana/</loc>`,
			`<xhtml:link rel="alternate" hreflang="fr" href="https://example.org/fr/articles/argana/"></xhtml:link>`,
			`<xhtml:link rel="alternate" hreflang="x-default" href="https://example.org/articles/argana/"></xhtml:link>`}, []string{"fr/404"}},
	} {
		t.Run(tc.file, func(t *testing.T) {
			page, ok := out[tc.file]
			if !ok {
				t.Fatalf("no %s", tc.file)
			}
			for _, s := range tc.has {
				if !strings.Contains(string(page), s) {
					t.Errorf("lacks %s", s)
				}
			}
			for _, s := range tc.lacks {
				if strings.Contains(string(page), s) {
					t.Errorf("has %s", s)
				}
			}
		})
	}
	for _, missing := range []string{"fr/404.html", "zgh/404.html", "fr/data/articles.csv", "zgh/about/index.html"} {
		if _, ok := out[missing]; ok {
			t.Errorf("%s is written", missing)
		}
	}
}
