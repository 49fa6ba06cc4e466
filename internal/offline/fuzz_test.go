package offline

import (
	"bytes"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// FuzzRelink checks that Relink never panics, fails only on a bad page URL,
// is deterministic and idempotent, keeps the token stream, and leaves no
// root-relative URL in an attribute it rewrites.
func FuzzRelink(f *testing.F) {
	for _, s := range []string{
		`<a href="/regions/souss-massa/">r</a>`,
		`<img srcset="/x,1.jpg 1x,/y.jpg (a,b) 2x" src=/z.png/>`,
		`<base href="/c/"><a href="/c/d/?q=1&amp;r#f">d</a>`,
		`<noscript><a href="/x/" title="&lt;/noscript>">x</a></noscript>`,
		`<script>"/x/"</script><style>a{}</style><title>/x/</title>`,
		"<a href=\" /\\x\t/y \">\x00</a><a =href=/x/ href='/y/'>",
		`<!DOCTYPE html><!-- --></><p/><a href="/x/`,
	} {
		f.Add([]byte(s), "/articles/x/")
	}
	// The golden pages, when they are there.
	pages, _, _ := loadGolden()
	for u, p := range pages {
		f.Add(p, u)
	}
	f.Add([]byte(`<a href="/">x</a>`), "/404.html")
	f.Add([]byte(`<a href="/">x</a>`), "bad")

	f.Fuzz(func(t *testing.T, page []byte, pageURL string) {
		in := bytes.Clone(page)
		out, err := Relink(page, pageURL)
		if !bytes.Equal(in, page) {
			t.Fatal("Relink changed its input")
		}
		valid := strings.HasPrefix(pageURL, "/") && !strings.HasPrefix(pageURL, "//")
		if !valid {
			if err == nil {
				t.Fatalf("page URL %q accepted", pageURL)
			}
			return
		}
		if err != nil {
			t.Fatalf("Relink: %v", err)
		}
		out2, err := Relink(page, pageURL)
		if err != nil || !bytes.Equal(out, out2) {
			t.Fatal("not deterministic")
		}
		again, err := Relink(out, pageURL)
		if err != nil || !bytes.Equal(again, out) {
			t.Fatalf("not idempotent:\n in  %q\n out %q\n again %q", page, out, again)
		}
		// The same token types, and no root-relative URL left in a tag.
		zi := html.NewTokenizer(bytes.NewReader(page))
		zo := html.NewTokenizer(bytes.NewReader(out))
		for {
			ti, to := zi.Next(), zo.Next()
			if ti != to {
				t.Fatalf("token %q became %q", zi.Raw(), zo.Raw())
			}
			if ti == html.ErrorToken {
				break
			}
			if ti == html.StartTagToken || ti == html.SelfClosingTagToken {
				for _, a := range zo.Token().Attr {
					var urls []string
					switch {
					case urlAttrs[a.Key]:
						urls = []string{a.Val}
					case srcsetAttrs[a.Key]:
						for _, s := range srcsetURLs(a.Val) {
							urls = append(urls, a.Val[s[0]:s[1]])
						}
					}
					for _, u := range urls {
						if _, root := rootRelative(u); root {
							t.Fatalf("root-relative %s=%q left in %q", a.Key, a.Val, out)
						}
					}
				}
			}
		}
	})
}
