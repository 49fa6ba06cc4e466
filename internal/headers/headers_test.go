package headers

import (
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func parseFile(t testing.TB, name string) Rules {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	rules, err := Parse(name, data)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return rules
}

// want is a path's expected headers, "Name: value" each.
func check(t *testing.T, rules Rules, path string, want []string) {
	t.Helper()
	got := rules.Match(path)
	var lines []string
	for _, k := range slices.Sorted(maps.Keys(got)) {
		if len(got[k]) != 1 {
			t.Errorf("%s: %s has %d values, want 1", path, k, len(got[k]))
		}
		lines = append(lines, k+": "+strings.Join(got[k], " | "))
	}
	slices.Sort(want)
	if !slices.Equal(lines, want) {
		t.Errorf("%s:\n got %q\nwant %q", path, lines, want)
	}
}

func TestMatch(t *testing.T) {
	rules := parseFile(t, filepath.Join("testdata", "match.headers"))
	all := []string{"X-Frame-Options: DENY", "X-Robots-Tag: nosnippet"}
	with := func(extra ...string) []string { return append(slices.Clone(all), extra...) }
	tests := []struct {
		path string
		want []string
	}{
		{"/", all},
		{"/index.html", all},
		{"/static/app.js", []string{"X-Frame-Options: DENY", "X-Robots-Tag: nosnippet, noindex", "Link: </a.css>; rel=preload, </b.css>; rel=preload"}},
		{"/static/", []string{"X-Frame-Options: DENY", "X-Robots-Tag: nosnippet, noindex", "Link: </a.css>; rel=preload, </b.css>; rel=preload"}},
		{"/static", all}, // the splat needs the slash before it
		{"/style.css", with("Cache-Control: public, max-age=3600")},
		{"/deep/down/print.css", with("Cache-Control: public, max-age=3600")},
		{"/style.css.map", all},
		{"/fr/about", with("Content-Language: from-placeholder")},
		{"/fr/about/", with("Content-Language: from-placeholder")},
		{"/about", all},       // a placeholder is one segment, not none
		{"/fr/ca/about", all}, // nor two
		{"/regions/", with("X-Region-Index: yes")},
		{"/regions", with("X-Region-Index: yes")},
		{"/regions/oriental/", all},
		{"/exact.html", with("X-Exact: yes")},
		{"/exact.html/", with("X-Exact: yes")},
		{"/EXACT.html", all}, // paths are case-sensitive
		{"/private/notes.html", []string{"X-Frame-Options: DENY", "X-Robots-Tag: none"}},
		{"/جهة/سوس", with("X-Arabic: encoded, plain")},
		{"/\u062c\u0647\u0629/x", with("X-Arabic: encoded, plain")},
		{"/a/b/c", with("X-Middle: yes")},
		{"/a/b/b2/c", with("X-Middle: yes")},
		{"/a/c", all},
	}
	for _, tt := range tests {
		check(t, rules, tt.path, tt.want)
	}
	// An absolute URL's rule names a host the CDN serves.
	for _, r := range rules {
		if r.Host != "" && r.Matches("/x") {
			t.Errorf("%s applies locally", r.Path)
		}
	}
}

// The example site's own file, as published.
func TestExampleSite(t *testing.T) {
	rules := parseFile(t, filepath.Join("..", "..", "static", FileName))
	security := []string{
		"X-Content-Type-Options: nosniff",
		"Referrer-Policy: strict-origin-when-cross-origin",
		"Permissions-Policy: camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()",
		"Strict-Transport-Security: max-age=31536000",
		"Content-Security-Policy: frame-ancestors 'none'",
	}
	tests := []struct {
		path  string
		cache string // "" for none: the CDN's default
	}{
		{"/", ""},
		{"/regions/souss-massa/", ""},
		{"/search/index.js", ""},
		{"/style.css", "public, max-age=3600, must-revalidate"},
		{"/custom.css", "public, max-age=3600, must-revalidate"},
		{"/favicon.svg", "public, max-age=86400"},
		{"/no-such-page/", ""},
	}
	for _, tt := range tests {
		want := slices.Clone(security)
		if tt.cache != "" {
			want = append(want, "Cache-Control: "+tt.cache)
		}
		check(t, rules, tt.path, want)
	}
}

func TestBOMAndCRLF(t *testing.T) {
	rules := parseFile(t, filepath.Join("testdata", "bom-crlf.headers"))
	check(t, rules, "/", []string{"X-Frame-Options: DENY"})
}

// Each mistake is reported at its line and column, every one of a file;
// the rules without a mistake are kept.
func TestErrors(t *testing.T) {
	tests := []struct {
		file string
		want []string
		kept []string // paths of the rules kept
	}{
		{"unindented.headers", []string{
			"unindented.headers:2:1: the header X-Frame-Options is not indented: a path starts its line, its headers follow, indented",
		}, nil},
		{"before-path.headers", []string{
			"before-path.headers:2:3: a header before any path: a rule starts with its path at the start of a line, such as /*, and its headers follow, indented",
		}, []string{"/*"}},
		{"empty-rule.headers", []string{
			"empty-rule.headers:1:1: /style.css has no header below it: write each header on its own line below its path, indented",
		}, []string{"/*"}},
		{"not-a-path.headers", []string{
			`not-a-path.headers:1:1: "style.css": a path starts with / (or https:// and a host)`,
			`not-a-path.headers:3:1: "http://example.org/*": a path starts with / (or https:// and a host)`,
			`not-a-path.headers:5:1: "/a b": a path line holds the path alone; its headers go on the lines below it, indented`,
			`not-a-path.headers:7:1: "/%zz" has a malformed %-escape`,
			`not-a-path.headers:9:1: "https:///x": a path starts with / (or https:// and a host)`,
		}, nil},
		{"indented-path.headers", []string{
			"indented-path.headers:3:3: the path /style.css is indented: a path starts its line, its headers follow, indented",
		}, nil},
		{"header-lines.headers", []string{
			`header-lines.headers:2:3: "X-Frame-Options DENY" is not a header: write Name: value`,
			`header-lines.headers:3:3: "X Frame" is not a header name (letters, digits and - only)`,
			"header-lines.headers:4:3: X-Empty has no value",
			"header-lines.headers:5:2: the value of X-Control has a control character",
			"header-lines.headers:6:3: the value of X-Arabic has a character outside ASCII, which a header cannot carry: percent-encode it",
			`header-lines.headers:7:3: "Bad Name" is not a header name (letters, digits and - only)`,
		}, []string{"/ok"}},
		{"not-utf8.headers", []string{
			"not-utf8.headers:2:1: this line is not UTF-8 text",
		}, []string{"/ok"}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("testdata", "bad", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			rules, err := Parse(tt.file, data)
			if err == nil {
				t.Fatal("no error")
			}
			if got := strings.Split(err.Error(), "\n"); !slices.Equal(got, tt.want) {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
			var kept []string
			for _, r := range rules {
				kept = append(kept, r.Path)
			}
			if !slices.Equal(kept, tt.kept) {
				t.Errorf("kept %q, want %q", kept, tt.kept)
			}
		})
	}
}

// FuzzParse: no input makes Parse or Match panic; what Parse accepts gives
// only headers an HTTP response can carry, and a literal path gets its own
// rule's headers.
func FuzzParse(f *testing.F) {
	for _, dir := range []string{"testdata", filepath.Join("testdata", "bad"), filepath.Join("..", "..", "static")} {
		names, _ := filepath.Glob(filepath.Join(dir, "*headers"))
		for _, n := range names {
			if data, err := os.ReadFile(n); err == nil {
				f.Add(data, "/style.css")
			}
		}
	}
	f.Add([]byte("/:a/*/:b*\n  X: y\n"), "/x/y/z")
	f.Fuzz(func(t *testing.T, data []byte, path string) {
		rules, err := Parse("_headers", data)
		if err != nil && !strings.HasPrefix(err.Error(), "_headers:") {
			t.Fatalf("an error without its position: %v", err)
		}
		for _, p := range []string{path, "/", "/" + path} {
			for name, values := range rules.Match(p) {
				if len(values) != 1 || !validName(name) {
					t.Fatalf("%s: %q", name, values)
				}
				if strings.ContainsFunc(values[0], func(r rune) bool { return r < ' ' && r != '\t' || r >= 0x7f }) {
					t.Fatalf("%s: %q cannot be sent", name, values[0])
				}
			}
		}
		detaches := slices.ContainsFunc(rules, func(r Rule) bool { return len(r.Detach) > 0 })
		for _, r := range rules {
			if r.Host != "" || strings.ContainsAny(r.Path, "*:%") || detaches {
				continue
			}
			got := rules.Match(r.Path)
			for _, h := range r.Headers {
				if !strings.Contains(got.Get(h.Name), h.Value) {
					t.Fatalf("%s does not get its own %s: %q", r.Path, h.Name, got.Get(h.Name))
				}
			}
		}
	})
}
