package build

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/jihat/jihat"
	"github.com/jihat/jihat/internal/headers"
	"github.com/jihat/jihat/internal/site"
)

var hashedFile = regexp.MustCompile(`\.[0-9a-f]{10}\.(css|js)$`)

var linkedAsset = regexp.MustCompile(`<(?:link rel="stylesheet" href|script src)="(/[^"]+)"`)

// As jihat build publishes a site: every stylesheet and script a page
// links carries the hash of its bytes in its name, _headers lets exactly
// those be kept for a year, the plain names are still there for layouts
// that name them, and a script that does not parse is published as it is,
// with a warning.
func TestFingerprintedAssets(t *testing.T) {
	root := t.TempDir()
	copyTree(t, testSite, root)
	writeSource(t, root, "static/custom.css", ".note { color : #123456 ; }\n")
	writeSource(t, root, "static/js/broken.js", "function ( {\n")
	dest := t.TempDir()
	res, err := Build(Options{Source: root, Destination: dest, Theme: jihat.Theme, Minify: true, Fingerprint: true})
	if err != nil {
		t.Fatal(err)
	}
	files := tree(t, dest)
	headers := string(files["_headers"])
	linked := map[string]bool{}
	for _, name := range sortedNames(files) {
		if !strings.HasSuffix(name, ".html") {
			continue
		}
		for _, m := range linkedAsset.FindAllStringSubmatch(string(files[name]), -1) {
			if m[1] != "/search/index.js" { // the index, new at each build, is checked again at each visit
				linked[m[1]] = true
			}
		}
	}
	for _, want := range []string{"/style.css", "/custom.css", "/search/search.js"} {
		found := false
		for u := range linked {
			ext := path.Ext(want)
			if strings.HasPrefix(u, strings.TrimSuffix(want, ext)+".") && strings.HasSuffix(u, ext) {
				found = true
			}
		}
		if !found {
			t.Errorf("no page links %s by a hashed name (linked: %v)", want, linked)
		}
		if _, ok := files[want[1:]]; !ok {
			t.Errorf("%s is not published under its plain name", want)
		}
	}
	for u := range linked {
		data, ok := files[u[1:]]
		if !ok {
			t.Errorf("pages link %s, which is not published", u)
			continue
		}
		sum := sha256.Sum256(data)
		if !strings.Contains(u, "."+hex.EncodeToString(sum[:5])+".") {
			t.Errorf("%s does not name the hash of its bytes", u)
		}
		if !strings.Contains(headers, "\n"+u+"\n  Cache-Control: public, max-age=31536000, immutable\n") {
			t.Errorf("_headers does not let %s be kept:\n%s", u, headers)
		}
	}
	// Every hashed file has its rule, linked or not (js/broken.js, or a
	// stylesheet only some languages' pages link), and no other file.
	hashedFiles := 0
	for _, name := range sortedNames(files) {
		if hashedFile.MatchString(name) {
			hashedFiles++
			if !strings.Contains(headers, "\n/"+name+"\n  Cache-Control: public, max-age=31536000, immutable\n") {
				t.Errorf("_headers does not let /%s be kept", name)
			}
		}
	}
	if n := strings.Count(headers, "immutable") - len(site.PhotoRules()); n != hashedFiles || hashedFiles < len(linked)+1 { // and js/broken's
		t.Errorf("_headers has %d immutable rules for %d hashed files, %d linked", n, hashedFiles, len(linked))
	}
	if got := string(files["custom.css"]); got != ".note{color:#123456}" {
		t.Errorf("custom.css published as %q", got)
	}
	if got := files["js/broken.js"]; !bytes.Equal(got, []byte("function ( {\n")) {
		t.Errorf("broken.js published as %q", got)
	}
	if len(res.Warnings) != 1 || !strings.HasPrefix(res.Warnings[0].Error(), "static/js/broken.js: published as it is, not minified:") {
		t.Errorf("warnings %q", res.Warnings)
	}
}

// headersFile is a _headers file of internal/headers' testdata.
func headersFile(t *testing.T, name string) string {
	t.Helper()
	return string(mustRead(t, filepath.Join("..", "headers", "testdata", filepath.FromSlash(name))))
}

// jihat build (and jihat check) read the site's _headers as the CDN will:
// a mistake stops the build at its line and column (the CDN would skip the
// line or the rule without a word); a rule that gives Cache-Control to a
// file jihat build marks immutable is a warning at its line, as Netlify
// would send both values joined, and the rule jihat adds for the file
// detaches the site's value first, which Cloudflare Pages applies.
func TestHeadersChecked(t *testing.T) {
	cssRule := regexp.MustCompile(`\n(/style\.[0-9a-f]{10}\.css)\n((?:  .*\n)+)`)
	tests := []struct {
		name, file string
		problems   []string // the build's error, a line each
		warnings   []string // regular expressions, one per warning about _headers
		detached   bool     // the hashed stylesheet's rule detaches the site's Cache-Control
		photos     bool     // and so does the rule for the articles' photos
	}{
		{name: "the example site's", file: "../../../static/_headers"},
		{name: "a header not indented", file: "bad/unindented.headers", problems: []string{
			"static/_headers:2:1: the header X-Frame-Options is not indented: a path starts its line, its headers follow, indented",
		}},
		{name: "header lines", file: "bad/header-lines.headers", problems: []string{
			`static/_headers:2:3: "X-Frame-Options DENY" is not a header: write Name: value`,
			`static/_headers:3:3: "X Frame" is not a header name (letters, digits and - only)`,
			"static/_headers:4:3: X-Empty has no value",
			"static/_headers:5:2: the value of X-Control has a control character",
			"static/_headers:6:3: the value of X-Arabic has a character outside ASCII, which a header cannot carry: percent-encode it",
			`static/_headers:7:3: "Bad Name" is not a header name (letters, digits and - only)`,
		}},
		{name: "paths", file: "bad/not-a-path.headers", problems: []string{
			`static/_headers:1:1: "style.css": a path starts with / (or https:// and a host)`,
			`static/_headers:3:1: "http://example.org/*": a path starts with / (or https:// and a host)`,
			`static/_headers:5:1: "/a b": a path line holds the path alone; its headers go on the lines below it, indented`,
			`static/_headers:7:1: "/%zz" has a malformed %-escape`,
			`static/_headers:9:1: "https:///x": a path starts with / (or https:// and a host)`,
		}},
		{name: "Cache-Control for every file", file: "build/cache-all.headers", detached: true, photos: true, warnings: []string{
			`^static/_headers:3:1: /\* gives Cache-Control to /custom\.[0-9a-f]{10}\.css too, which jihat build marks immutable .*, not under /\*$`,
		}},
		{name: "Cache-Control for stylesheets", file: "build/cache-css.headers", detached: true, warnings: []string{
			`^static/_headers:4:1: /\*\.css gives Cache-Control to /custom\.[0-9a-f]{10}\.css too, `,
		}},
		{name: "Cache-Control for the articles' files", file: "build/cache-articles.headers", photos: true, warnings: []string{
			`^static/_headers:4:1: /articles/\* gives Cache-Control to /articles/x/photo_sizes/photo\.960w\.1a2b3c4d\.jpg too, `,
		}},
		{name: "detached for Cloudflare only", file: "build/detached.headers", warnings: []string{
			`^static/_headers:4:1: /search/\* gives Cache-Control to /search/analyze\.[0-9a-f]{10}\.js too, `,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := t.TempDir()
			copyTree(t, testSite, root)
			writeSource(t, root, "static/custom.css", ".note { color: #123456; }\n")
			writeSource(t, root, "static/_headers", headersFile(t, tt.file))
			dest := t.TempDir()
			res, err := Build(Options{Source: root, Destination: dest, Theme: jihat.Theme, Minify: true, Fingerprint: true})
			_, checked := Check(Options{Source: root, Theme: jihat.Theme})
			if tt.problems != nil {
				for step, err := range map[string]error{"build": err, "check": checked} {
					if err == nil {
						t.Fatalf("%s: no error", step)
					}
					if got := strings.Split(err.Error(), "\n"); !slices.Equal(got, tt.problems) {
						t.Errorf("%s:\n got %s\nwant %s", step, strings.Join(got, "\n"), strings.Join(tt.problems, "\n"))
					}
				}
				return
			}
			if err != nil || checked != nil {
				t.Fatalf("build: %v; check: %v", err, checked)
			}
			var got []string
			for _, w := range res.Warnings {
				if strings.HasPrefix(w.Error(), "static/_headers") {
					got = append(got, w.Error())
				}
			}
			if len(got) != len(tt.warnings) {
				t.Fatalf("warnings %q, want %d", got, len(tt.warnings))
			}
			for i, w := range tt.warnings {
				if !regexp.MustCompile(w).MatchString(got[i]) {
					t.Errorf("warning\n %s\ndoes not match\n %s", got[i], w)
				}
			}
			// What is published parses, and keeps the site's rules.
			published := mustRead(t, filepath.Join(dest, "_headers"))
			if !strings.HasPrefix(string(published), headersFile(t, tt.file)) {
				t.Errorf("the site's rules are not kept:\n%s", published)
			}
			rules, err := headers.Parse("_headers", published)
			if err != nil {
				t.Fatal(err)
			}
			m := cssRule.FindStringSubmatch(string(published))
			if m == nil {
				t.Fatalf("no rule for the hashed stylesheet:\n%s", published)
			}
			if got := strings.Contains(m[2], "  ! Cache-Control\n"); got != tt.detached {
				t.Errorf("the rule for %s detaches: %v, want %v", m[1], got, tt.detached)
			}
			photoRule := "\n" + site.PhotoRules()[1] + "\n" // an article's
			if got := strings.Contains(string(published), photoRule+"  ! Cache-Control\n  Cache-Control: "+immutable+"\n"); got != tt.photos {
				t.Errorf("the rule for the photos detaches: %v, want %v:\n%s", got, tt.photos, published)
			}
			if !strings.Contains(string(published), photoRule) {
				t.Errorf("no rule for the photos:\n%s", published)
			}
			// As Cloudflare Pages reads it (detach applied), a hashed
			// file gets the immutable caching alone.
			if cc := rules.Match(m[1]).Get("Cache-Control"); tt.detached && cc != immutable {
				t.Errorf("%s: Cache-Control %q", m[1], cc)
			}
		})
	}
}

// A file the site publishes in a folder named as the photos' sizes is kept
// a year by browsers: a warning says so, for a static file and for a file
// of an article's folder.
func TestPhotoFolderTaken(t *testing.T) {
	root := t.TempDir()
	copyTree(t, testSite, root)
	writeSource(t, root, "static/guide/photo_sizes/plan.pdf", "%PDF-1.4")
	writeSource(t, root, "static/photo_sizes/root.txt", "not in a page's folder: no rule matches it")
	writeSource(t, root, "content/2025/folder/index.md", "---\ntitle: مجلد\ndate: 2025-03-12\nregion: oriental\n---\n\n[الخطة](photo_sizes/plan.pdf)\n")
	writeSource(t, root, "content/2025/folder/photo_sizes/plan.pdf", "%PDF-1.4")
	res, err := Build(Options{Source: root, Destination: t.TempDir(), Theme: jihat.Theme, Minify: true, Fingerprint: true})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"content/2025/folder/photo_sizes/plan.pdf: published in photo_sizes/ beside the page, the folder of the photos' sizes, which browsers and CDNs are told to keep for a year unchanged: a new version of the file would not be seen; rename its folder",
		"static/guide/photo_sizes/plan.pdf: published at /guide/photo_sizes/plan.pdf, in a folder named photo_sizes, which the rules jihat build adds to _headers give to the photos' sizes, kept for a year unchanged by browsers and CDNs: a new version of the file would not be seen; rename the folder",
	}
	var got []string
	for _, w := range res.Warnings {
		if strings.Contains(w.Error(), "photo_sizes") {
			got = append(got, w.Error())
		}
	}
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("warnings\n got %q\nwant %q", got, want)
	}
}
