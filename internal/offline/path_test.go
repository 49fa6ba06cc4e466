package offline

import (
	"net/url"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"
)

const (
	// دار-الطالبة as html/template writes it in an href (lower case) and as
	// goldmark does (upper case).
	darLower = "%d8%af%d8%a7%d8%b1-%d8%a7%d9%84%d8%b7%d8%a7%d9%84%d8%a8%d8%a9"
	darUpper = "%D8%AF%D8%A7%D8%B1-%D8%A7%D9%84%D8%B7%D8%A7%D9%84%D8%A8%D8%A9"
	darRaw   = "دار-الطالبة"
)

func TestRelativePath(t *testing.T) {
	nfd := norm.NFD.String("مُدرسة") // a slug with a vowel mark, decomposed
	tests := []struct{ from, to, want string }{
		// The root page.
		{"/", "/", "index.html"},
		{"/", "/style.css", "style.css"},
		{"/", "/feed.xml", "feed.xml"},
		{"/", "/regions/", "regions/index.html"},
		{"/", "/regions/souss-massa/", "regions/souss-massa/index.html"},
		{"/", "/regions/souss-massa/page/2/", "regions/souss-massa/page/2/index.html"},
		{"/", "/articles/" + darLower + "/", "articles/" + darLower + "/index.html"},
		{"/", "/#main", "index.html#main"},
		{"/", "/search/?q=دار", "search/index.html?q=دار"},
		// Files at the root.
		{"/404.html", "/", "index.html"},
		{"/404.html", "/style.css", "style.css"},
		{"/404.html", "/regions/souss-massa/", "regions/souss-massa/index.html"},
		{"/404.html", "/404.html", "404.html"},
		// One folder down.
		{"/regions/", "/", "../index.html"},
		{"/regions/", "/regions/", "index.html"},
		{"/regions/", "/regions/souss-massa/", "souss-massa/index.html"},
		{"/regions/", "/style.css", "../style.css"},
		// Deep pages.
		{"/articles/x/", "/regions/souss-massa/", "../../regions/souss-massa/index.html"},
		{"/articles/x/", "/articles/x/", "index.html"},
		{"/articles/x/", "/articles/x/lead.png", "lead.png"},
		{"/articles/x/", "/articles/y/", "../y/index.html"},
		{"/articles/x/", "/", "../../index.html"},
		{"/articles/x/", "/feed.xml", "../../feed.xml"},
		{"/regions/souss-massa/tata/", "/regions/souss-massa/", "../index.html"},
		{"/regions/souss-massa/tata/", "/regions/souss-massa/tata/feed.xml", "feed.xml"},
		{"/regions/souss-massa/tata/", "/regions/draa-tafilalet/zagora/", "../../draa-tafilalet/zagora/index.html"},
		{"/facilities/dar-taliba/souss-massa/", "/facilities/dar-taliba/", "../index.html"},
		// Pagination.
		{"/regions/a/b/page/2/", "/style.css", "../../../../../style.css"},
		{"/regions/souss-massa/page/2/", "/regions/souss-massa/", "../../index.html"},
		{"/regions/souss-massa/page/2/", "/regions/souss-massa/page/2/", "index.html"},
		{"/regions/souss-massa/page/2/", "/regions/souss-massa/page/3/", "../3/index.html"},
		{"/regions/souss-massa/", "/regions/souss-massa/page/2/", "page/2/index.html"},
		{"/archive/2024/page/2/", "/archive/2023/", "../../../2023/index.html"},
		// Files versus folders: "/a/b" is the file b in folder /a/.
		{"/a/b/", "/a/b", "../b"},
		{"/a/b", "/a/b/", "b/index.html"},
		{"/a/b", "/a/c", "c"},
		{"/a/b.html", "/a/", "index.html"},
		{"/a/b.html", "/", "../index.html"},
		{"/a/", "/a/b.html", "b.html"},
		// Arabic segments, percent-encoded as written, compared decoded.
		{"/articles/" + darLower + "/", "/articles/" + darLower + "/", "index.html"},
		{"/articles/" + darRaw + "/", "/articles/" + darLower + "/", "index.html"},
		{"/articles/" + darUpper + "/", "/articles/" + darLower + "/", "index.html"},
		{"/articles/" + darLower + "/", "/articles/" + darUpper + "/", "index.html"},
		{"/articles/" + darRaw + "/", "/articles/" + darUpper + "/photo.jpg", "photo.jpg"},
		{"/articles/" + darRaw + "/", "/tags/" + darLower + "/", "../../tags/" + darLower + "/index.html"},
		{"/tags/" + darRaw + "/", "/articles/" + darUpper + "/", "../../articles/" + darUpper + "/index.html"},
		{"/articles/" + darRaw + "/", "/articles/" + darRaw + "/", "index.html"},
		{"/articles/" + nfd + "/", "/articles/" + url.PathEscape(norm.NFC.String(nfd)) + "/", "index.html"},
		// Bad percent-encoding is kept and compared as written.
		{"/a%zz/", "/a%zz/", "index.html"},
		{"/a%zz/", "/a%ZZ/", "../a%ZZ/index.html"},
		{"/a/", "/a%2fb/", "../a%2fb/index.html"},
		// Query and fragment are kept on to, ignored on from.
		{"/articles/x/", "/regions/souss-massa/page/2/#list", "../../regions/souss-massa/page/2/index.html#list"},
		{"/articles/x/", "/search/?q=a&r=b#top", "../../search/index.html?q=a&r=b#top"},
		{"/articles/x/", "/?q", "../../index.html?q"},
		{"/articles/x/?q=1#f", "/", "../../index.html"},
		{"/articles/x/#f", "/articles/x/", "index.html"},
		{"/", "/a?b/c", "a?b/c"},
		// Dot segments are resolved and never climb above the root.
		{"/a/b/", "/a/../c/", "../../c/index.html"},
		{"/a/", "/../../x", "../x"},
		{"/a/", "/a/./b/.", "b/index.html"},
		{"/a/", "/a/b/..", "index.html"},
		{"/a/", "/a/%2e%2E/x", "../x"},
		{"/a/", "/a/.%2e/x", "../x"},
		{"/a/", "/a/%2E/x", "x"},
		{"/a/../b/", "/b/x", "x"},
		{"/..", "/x", "x"},
		// A backslash is a slash.
		{"/a/b/", `/a\c\`, "../c/index.html"},
		{`\a\b\`, "/a/b/", "index.html"},
		// Empty segments are kept, and never make the link root-relative.
		{"/a/", "/a//b", ".//b"},
		{"/a/", "/a//", ".//index.html"},
		{"/x/", "/a//b", "../a//b"},
		// A first segment with ":" is not read as a scheme.
		{"/", "/a:b/", "./a:b/index.html"},
		{"/", "/mailto:x", "./mailto:x"},
		{"/x/", "/a:b/", "../a:b/index.html"},
		// A first segment a browser or srcset would strip a character from.
		{"/", "/\x10/", "./\x10/index.html"},
		{"/", "/ a", "./ a"},
		{"/", "/,/g", "./,/g"},
		{"/x/", "/,/g", "../,/g"},
		// Paths without the leading slash.
		{"", "", "index.html"},
		{"articles/x/", "style.css", "../../style.css"},
	}
	for _, tt := range tests {
		if got := RelativePath(tt.from, tt.to); got != tt.want {
			t.Errorf("RelativePath(%q, %q) = %q, want %q", tt.from, tt.to, got, tt.want)
		}
	}
}

// TestRelativePathResolves checks, for every pair of a set of site paths,
// that the link resolved against the page's file URL reaches the target's
// file, as a browser on file:// would.
func TestRelativePathResolves(t *testing.T) {
	paths := []string{
		"/", "/404.html", "/style.css", "/feed.xml", "/regions/", "/regions/souss-massa/",
		"/regions/souss-massa/page/2/", "/regions/souss-massa/tata/", "/regions/souss-massa/tata/feed.xml",
		"/articles/x/", "/articles/x/lead.png", "/articles/" + darLower + "/", "/articles/" + darUpper + "/photo.jpg",
		"/tags/" + darLower + "/", "/a/b.html", "/a/b/c/d/e/", "/search/",
	}
	root, _ := url.Parse("file:///media/usb/site/")
	fileURL := func(p string) string {
		u, err := root.Parse(strings.TrimPrefix(p, "/"))
		if err != nil {
			t.Fatal(err)
		}
		if strings.HasSuffix(u.Path, "/") {
			u.Path += "index.html"
		}
		// Compare decoded, NFC paths: what the file system sees.
		return norm.NFC.String(u.Path)
	}
	for _, from := range paths {
		base, _ := url.Parse("file:///media/usb/site/" + strings.TrimPrefix(from, "/"))
		for _, to := range paths {
			rel := RelativePath(from, to)
			if strings.HasPrefix(rel, "/") || strings.HasSuffix(rel, "/") {
				t.Errorf("RelativePath(%q, %q) = %q: not relative and explicit", from, to, rel)
				continue
			}
			ref, err := url.Parse(rel)
			if err != nil {
				t.Errorf("RelativePath(%q, %q) = %q: %v", from, to, rel, err)
				continue
			}
			if got, want := norm.NFC.String(base.ResolveReference(ref).Path), fileURL(to); got != want {
				t.Errorf("RelativePath(%q, %q) = %q resolves to %q, want %q", from, to, rel, got, want)
			}
		}
	}
}
