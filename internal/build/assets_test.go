package build

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"path"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/jihat/jihat"
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
	for _, want := range []string{"/style.css", "/custom.css", "/search/search.js", "/search/analyze.js"} {
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
	hashedFiles := 0
	for _, name := range sortedNames(files) {
		if hashedFile.MatchString(name) {
			hashedFiles++
		}
	}
	if n := strings.Count(headers, "immutable") - len(site.PhotoRules()); n != hashedFiles || hashedFiles != len(linked)+1 { // and js/broken's
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
