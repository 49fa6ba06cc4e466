package offline

import (
	"bytes"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/text/unicode/norm"
)

func TestRelinkSnippets(t *testing.T) {
	tests := []struct {
		name, page, in, want string
	}{
		{"folder link gets index.html", "/articles/x/",
			`<a href="/regions/souss-massa/">r</a>`,
			`<a href="../../regions/souss-massa/index.html">r</a>`},
		{"root from root", "/", `<a class="brand" href="/">t</a>`, `<a class="brand" href="index.html">t</a>`},
		{"file from a paginated page", "/regions/a/b/page/2/",
			`<link rel="stylesheet" href="/style.css">`,
			`<link rel="stylesheet" href="../../../../../style.css">`},
		{"404 page at the root", "/404.html", `<a href="/">h</a>`, `<a href="index.html">h</a>`},
		{"attribute order and other values kept", "/articles/x/",
			`<li><a href="/regions/" aria-current="true">الجهات</a></li>`,
			`<li><a href="../../regions/index.html" aria-current="true">الجهات</a></li>`},
		{"attribute before the URL", "/", `<a class="x" href="/tags/" rel="tag">t</a>`,
			`<a class="x" href="tags/index.html" rel="tag">t</a>`},
		{"percent-encoding kept, lower case", "/",
			`<a href="/articles/` + darLower + `/">a</a>`,
			`<a href="articles/` + darLower + `/index.html">a</a>`},
		{"percent-encoding kept, upper case", "/articles/argana-visit/",
			`<a href="/articles/` + darUpper + `/">a</a>`,
			`<a href="../` + darUpper + `/index.html">a</a>`},
		{"same page in another encoding", "/articles/" + darRaw + "/",
			`<a href="/articles/` + darUpper + `/#c">a</a>`,
			`<a href="index.html#c">a</a>`},
		{"query and fragment kept, & escaped", "/articles/x/",
			`<a href="/search/?q=1&amp;r=souss-massa#results">s</a>`,
			`<a href="../../search/index.html?q=1&amp;r=souss-massa#results">s</a>`},
		{"untouched: fragment, absolute, mailto, protocol-relative, relative", "/articles/x/",
			`<a href="#main">1</a><a href="https://www.social.gov.ma">2</a><a href="mailto:a@b.ma">3</a>` +
				`<a href="//cdn.example/x.js">4</a><img src="lead.png"><a href="../y/index.html">5</a>` +
				`<a href="/\evil.example/">6</a><a href="">7</a><a href>8</a><a href="tel:+212">9</a>`,
			`<a href="#main">1</a><a href="https://www.social.gov.ma">2</a><a href="mailto:a@b.ma">3</a>` +
				`<a href="//cdn.example/x.js">4</a><img src="lead.png"><a href="../y/index.html">5</a>` +
				`<a href="/\evil.example/">6</a><a href="">7</a><a href>8</a><a href="tel:+212">9</a>`},
		{"canonical and og stay absolute", "/",
			`<link rel="canonical" href="https://test.example/"><meta property="og:url" content="https://test.example/">`,
			`<link rel="canonical" href="https://test.example/"><meta property="og:url" content="https://test.example/">`},
		{"src, poster, action, data, formaction", "/a/",
			`<video poster="/p.jpg" src="/v.mp4"></video><form action="/search/"><button formaction="/x/">b</button></form><object data="/o.svg"></object>`,
			`<video poster="../p.jpg" src="../v.mp4"></video><form action="../search/index.html"><button formaction="../x/index.html">b</button></form><object data="../o.svg"></object>`},
		{"script src rewritten, content not", "/search/",
			`<script src="/search/search.js" defer></script><script>var u = "/articles/"; if (a<b) {}</script>`,
			`<script src="search.js" defer=""></script><script>var u = "/articles/"; if (a<b) {}</script>`},
		{"JSON-LD untouched", "/",
			`<script type="application/ld+json">{"url":"/articles/x/","a":"<a href=\"/x/\">"}</script>`,
			`<script type="application/ld+json">{"url":"/articles/x/","a":"<a href=\"/x/\">"}</script>`},
		{"style content untouched", "/a/",
			`<style>body{background:url(/bg.png)} a[href="/x/"]{}</style>`,
			`<style>body{background:url(/bg.png)} a[href="/x/"]{}</style>`},
		{"title and textarea are text", "/a/",
			`<title><a href="/x/"></title><textarea><a href="/x/"></textarea>`,
			`<title><a href="/x/"></title><textarea><a href="/x/"></textarea>`},
		{"noscript content rewritten", "/search/",
			`<noscript><p>تصفح <a href="/regions/">حسب الجهة</a></p></noscript><a href="/">h</a>`,
			`<noscript><p>تصفح <a href="../regions/index.html">حسب الجهة</a></p></noscript><a href="../index.html">h</a>`},
		{"comments and doctype untouched", "/a/",
			`<!DOCTYPE html><!-- <a href="/x/"> --><p>`,
			`<!DOCTYPE html><!-- <a href="/x/"> --><p>`},
		{"srcset candidates", "/articles/x/",
			`<img src="/a.jpg" srcset="/a-400.jpg 400w, /a-800.jpg 800w,/b.jpg 2x , https://c.example/c.jpg 3x" sizes="50vw">`,
			`<img src="../../a.jpg" srcset="../../a-400.jpg 400w, ../../a-800.jpg 800w,../../b.jpg 2x , https://c.example/c.jpg 3x" sizes="50vw">`},
		{"srcset: a photo's variants beside the page are left as they are", "/articles/x/",
			`<img src="p.960w.0a1b2c3d.jpg" width="960" height="720" srcset="p.480w.0a1b2c3d.jpg 480w, p.960w.0a1b2c3d.jpg 960w, %D8%B5.1600w.0a1b2c3d.jpg 1600w" sizes="(min-width: 44rem) 42rem, calc(100vw - 2rem)">`,
			`<img src="p.960w.0a1b2c3d.jpg" width="960" height="720" srcset="p.480w.0a1b2c3d.jpg 480w, p.960w.0a1b2c3d.jpg 960w, %D8%B5.1600w.0a1b2c3d.jpg 1600w" sizes="(min-width: 44rem) 42rem, calc(100vw - 2rem)">`},
		{"srcset: a comma inside a URL is part of it", "/a/",
			`<img srcset="/x,1.jpg,/y.jpg">`,
			`<img srcset="../x,1.jpg,/y.jpg">`},
		{"srcset: trailing commas end a candidate", "/a/",
			`<img srcset="/x,1.jpg 1x,/y.jpg,, /z.jpg 2x">`,
			`<img srcset="../x,1.jpg 1x,../y.jpg,, ../z.jpg 2x">`},
		{"srcset: a URL made to start with a comma", "/",
			`<img srcset="/,/g 1x">`,
			`<img srcset="./,/g 1x">`},
		{"srcset descriptor with parentheses", "/a/",
			`<img srcset="/x.jpg (a, b), /y.jpg 2x">`,
			`<img srcset="../x.jpg (a, b), ../y.jpg 2x">`},
		{"imagesrcset on preload", "/a/",
			`<link rel="preload" as="image" imagesrcset="/x.jpg 1x, /y.jpg 2x">`,
			`<link rel="preload" as="image" imagesrcset="../x.jpg 1x, ../y.jpg 2x">`},
		{"self-closing and upper case", "/a/",
			`<IMG SRC=/x.png ALT='a "b"'/><br/>`,
			`<img src="../x.png" alt="a &quot;b&quot;"/><br/>`},
		{"unquoted value ending in a slash is not self-closing", "/a/",
			`<a href=/x/>x</a>`,
			`<a href="../x/index.html">x</a>`},
		{"svg href and xlink:href", "/a/",
			`<svg><use href="/i.svg#a"/><use xlink:href="/i.svg#b"></use></svg>`,
			`<svg><use href="../i.svg#a"/><use xlink:href="../i.svg#b"></use></svg>`},
		{"spaces and newlines in the value", "/a/",
			"<a href=\" /x/\n \">x</a><a href=\"/y\n/\">y</a>",
			`<a href="../x/index.html">x</a><a href="../y/index.html">y</a>`},
		{"entities in other attributes re-escaped", "/a/",
			`<a title="&lt;&gt; &amp; &#34; &eacute;" href="/x/">x</a>`,
			`<a title="&lt;&gt; &amp; &quot; é" href="../x/index.html">x</a>`},
		{"duplicate attribute: the first wins, as in browsers", "/a/",
			`<a href="/x/" href="/y/">x</a>`,
			`<a href="../x/index.html">x</a>`},
		{"data-* attributes are not URLs", "/a/",
			`<div data-url="/x/" data="/o/"></div>`,
			`<div data-url="/x/" data="../o/index.html"></div>`},
		{"dot segments resolved", "/a/b/",
			`<a href="/a/../../c/">c</a>`,
			`<a href="../../c/index.html">c</a>`},
		{"base href honoured", "/a/b/",
			`<base href="/c/"><a href="/c/d/">d</a><a href="e/">e</a>`,
			`<base href="../../c/index.html"><a href="d/index.html">d</a><a href="e/">e</a>`},
		{"relative base honoured", "/a/b/",
			`<base href="../"><a href="/c/">c</a>`,
			`<base href="../"><a href="../c/index.html">c</a>`},
		{"absolute base ignored", "/a/",
			`<base href="https://x.example/"><a href="/c/">c</a>`,
			`<base href="https://x.example/"><a href="../c/index.html">c</a>`},
		{"unclosed tag at the end is kept", "/a/",
			`<p>x</p><a href="/x/`,
			`<p>x</p><a href="/x/`},
		{"CRLF and stray bytes outside tags kept", "/a/",
			"a\r\nb\x00<p>\xff</p>\r\n<a href=/x/>",
			"a\r\nb\x00<p>\xff</p>\r\n<a href=\"../x/index.html\">"},
		{"empty page", "/", ``, ``},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Relink([]byte(tt.in), tt.page)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.want {
				t.Errorf("Relink(%q, %q)\n got %s\nwant %s", tt.in, tt.page, got, tt.want)
			}
			again, err := Relink(got, tt.page)
			if err != nil || !bytes.Equal(again, got) {
				t.Errorf("not idempotent: second pass gives %s (%v)", again, err)
			}
		})
	}
}

func TestRelinkBadPageURL(t *testing.T) {
	for _, p := range []string{"", "articles/x/", "//host/x/", "https://x.example/"} {
		if _, err := Relink([]byte(`<a href="/">x</a>`), p); err == nil {
			t.Errorf("Relink with page URL %q: no error", p)
		}
	}
}

// goldenPages are the built test site's pages, by site URL path, and the
// site's files.
func goldenPages(t *testing.T) (pages map[string][]byte, files map[string]bool) {
	t.Helper()
	pages, files, err := loadGolden()
	if err != nil {
		t.Fatalf("golden site of package build: %v", err)
	}
	return pages, files
}

func loadGolden() (pages map[string][]byte, files map[string]bool, err error) {
	dir := filepath.Join("..", "build", "testdata", "golden")
	list, err := os.ReadFile(filepath.Join(dir, "files.txt"))
	if err != nil {
		return nil, nil, err
	}
	files = map[string]bool{}
	for line := range strings.Lines(string(list)) {
		if line = strings.TrimSpace(line); line != "" {
			files[norm.NFC.String(line)] = true
		}
	}
	names, err := filepath.Glob(filepath.Join(dir, "*.html"))
	if err != nil || len(names) == 0 {
		return nil, nil, fmt.Errorf("no golden pages in %s (%v)", dir, err)
	}
	pages = map[string][]byte{}
	for _, name := range names {
		data, err := os.ReadFile(name)
		if err != nil {
			return nil, nil, err
		}
		file := strings.ReplaceAll(filepath.Base(name), "__", "/")
		pages["/"+strings.TrimSuffix(file, "index.html")] = data
	}
	return pages, files, nil
}

// TestRelinkGolden rewrites every page of the golden site and checks that no
// root-relative URL is left, that every link reaches a file of the site from
// disk, that nothing but the rewritten tags changed, and that a second pass
// changes nothing.
func TestRelinkGolden(t *testing.T) {
	pages, files := goldenPages(t)
	for pageURL, in := range pages {
		t.Run(pageURL, func(t *testing.T) {
			out, err := Relink(in, pageURL)
			if err != nil {
				t.Fatal(err)
			}
			again, err := Relink(out, pageURL)
			if err != nil || !bytes.Equal(again, out) {
				t.Errorf("not idempotent (%v)", err)
			}
			base, err := url.Parse("file:///media/usb/site/" + strings.TrimPrefix(pageURL, "/"))
			if err != nil {
				t.Fatal(err)
			}
			links := 0
			for _, u := range urlsIn(t, out) {
				if _, root := rootRelative(u); root {
					t.Errorf("root-relative URL left: %q", u)
					continue
				}
				ref, err := url.Parse(u)
				if err != nil {
					t.Errorf("bad URL %q: %v", u, err)
					continue
				}
				if ref.Scheme != "" || ref.Host != "" || strings.HasPrefix(u, "#") {
					continue
				}
				links++
				if strings.HasSuffix(ref.Path, "/") {
					t.Errorf("link %q is not explicit", u)
				}
				target := base.ResolveReference(ref).Path
				rel, ok := strings.CutPrefix(target, "/media/usb/site/")
				if !ok || !files[norm.NFC.String(rel)] {
					t.Errorf("link %q leads to %s, which is not a file of the site", u, target)
				}
			}
			if links < 10 {
				t.Errorf("only %d site links found", links)
			}
			compareTokens(t, in, out)
		})
	}
	// Spot checks.
	want := map[string][]string{
		"/": {`<link rel="stylesheet" href="style.css">`, `<a class="brand" href="index.html">`,
			`<a href="regions/index.html">`, `<a href="feed.xml">`},
		"/articles/طاطا-مركز/": {`<link rel="stylesheet" href="../../style.css">`,
			`<a href="../argana-visit/index.html" rel="next">`, `<a href="../../regions/souss-massa/tata/index.html">`,
			`"url":"https://test.example/regions/souss-massa/"`},
		"/articles/argana-visit/": {`<a href="../%D8%B7%D8%A7%D8%B7%D8%A7-%D9%85%D8%B1%D9%83%D8%B2/index.html">`,
			`<img src="photo_sizes/lead.12w.48ce34bc.png"`, `srcset="photo_sizes/lead.12w.48ce34bc.png 12w"`},
		"/regions/souss-massa/page/2/": {`<link rel="stylesheet" href="../../../../style.css">`,
			`<a href="../../index.html" rel="prev">`, `<a href="index.html" aria-current="page">2</a>`},
		"/404.html": {`<link rel="stylesheet" href="style.css">`},
	}
	for pageURL, snippets := range want {
		out, err := Relink(pages[pageURL], pageURL)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range snippets {
			if !bytes.Contains(out, []byte(s)) {
				t.Errorf("%s: no %s in the rewritten page", pageURL, s)
			}
		}
	}
}

// urlsIn returns the values of the URL attributes of page, srcset
// candidates split, as a browser's parser sees them.
func urlsIn(t *testing.T, page []byte) []string {
	t.Helper()
	doc, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	var urls []string
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			for _, a := range n.Attr {
				switch {
				case urlAttrs[a.Key]:
					urls = append(urls, a.Val)
				case srcsetAttrs[a.Key]:
					for _, s := range srcsetURLs(a.Val) {
						urls = append(urls, a.Val[s[0]:s[1]])
					}
				}
			}
		}
		for c := range n.ChildNodes() {
			walk(c)
		}
	}
	walk(doc)
	return urls
}

// compareTokens checks that out has the tokens of in, byte for byte but for
// start tags with a rewritten URL attribute, whose other attributes must be
// equal.
func compareTokens(t *testing.T, in, out []byte) {
	t.Helper()
	zi := html.NewTokenizer(bytes.NewReader(in))
	zo := html.NewTokenizer(bytes.NewReader(out))
	rewritten := 0
	for {
		ti, to := zi.Next(), zo.Next()
		rawIn, rawOut := string(zi.Raw()), string(zo.Raw())
		if ti != to {
			t.Fatalf("token %q became %q", rawIn, rawOut)
		}
		if ti == html.ErrorToken {
			break
		}
		if rawIn == rawOut {
			continue
		}
		if ti != html.StartTagToken && ti != html.SelfClosingTagToken {
			t.Fatalf("token %q became %q", rawIn, rawOut)
		}
		rewritten++
		a, b := zi.Token(), zo.Token()
		if a.Data != b.Data || len(a.Attr) != len(b.Attr) {
			t.Fatalf("tag %q became %q", rawIn, rawOut)
		}
		for i := range a.Attr {
			if a.Attr[i].Key != b.Attr[i].Key {
				t.Fatalf("tag %q became %q: attribute order", rawIn, rawOut)
			}
			if !urlAttrs[a.Attr[i].Key] && !srcsetAttrs[a.Attr[i].Key] && a.Attr[i].Val != b.Attr[i].Val {
				t.Fatalf("tag %q became %q: %s changed", rawIn, rawOut, a.Attr[i].Key)
			}
		}
	}
	if rewritten == 0 {
		t.Error("no tag rewritten")
	}
}

func TestRelinkDeterministic(t *testing.T) {
	pages, _ := goldenPages(t)
	for pageURL, in := range pages {
		a, _ := Relink(in, pageURL)
		b, _ := Relink(bytes.Clone(in), pageURL)
		if !bytes.Equal(a, b) {
			t.Errorf("%s: two runs differ", pageURL)
		}
	}
}
