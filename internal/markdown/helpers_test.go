package markdown

import (
	"bytes"
	"flag"
	"fmt"
	"html"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/jihat/jihat/internal/diag"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden.html from the current output")

// testPath is the source path every test passes to Convert, and testLine the
// line of the source file where the body starts (after the front matter).
const (
	testPath  = "a.md"
	testLine  = 7
	errNoFile = "no file"
)

// fakeImage is what the fake resolver knows about one image.
type fakeImage struct {
	src           string
	w, h          int
	srcset, sizes string
}

// fakeResolver resolves the few targets the tests use and fails for the
// rest, recording every call.
type fakeResolver struct {
	links  map[string]string
	images map[string]fakeImage
	// themeIDs are the ids the page's theme holds; a key ending in "*"
	// holds every id it begins.
	themeIDs map[string]bool
	calls    []string
}

func newResolver() *fakeResolver {
	return &fakeResolver{
		links: map[string]string{
			"../2023/visit.md": "/articles/visit/",
		},
		images: map[string]fakeImage{
			"photo.jpg":  {src: "/articles/visit/photo.jpg", w: 1200, h: 800},
			"nosize.png": {src: "/articles/visit/nosize.png"},
			"camera.jpg": {src: "camera.960w.0a1b2c3d.jpg", w: 960, h: 720,
				srcset: "camera.480w.0a1b2c3d.jpg 480w, camera.960w.0a1b2c3d.jpg 960w, camera.1600w.0a1b2c3d.jpg 1600w", sizes: "(min-width: 44rem) 42rem, calc(100vw - 2rem)"},
		},
	}
}

func (r *fakeResolver) Link(dest string) (string, error) {
	r.calls = append(r.calls, "link "+dest)
	if href, ok := r.links[dest]; ok {
		return href, nil
	}
	if strings.HasPrefix(dest, "#") || strings.HasPrefix(dest, "https://") {
		return dest, nil
	}
	return "", fmt.Errorf("link to %q: there is no article (%w)", dest, ErrNotFound)
}

func (r *fakeResolver) Reserved(id string) bool {
	if r.themeIDs[id] {
		return true
	}
	for k := range r.themeIDs {
		if prefix, ok := strings.CutSuffix(k, "*"); ok && strings.HasPrefix(id, prefix) {
			return true
		}
	}
	return false
}

func (r *fakeResolver) Image(dest string) (Image, error) {
	r.calls = append(r.calls, "image "+dest)
	if im, ok := r.images[dest]; ok {
		return Image{Src: im.src, Width: im.w, Height: im.h, Srcset: im.srcset, Sizes: im.sizes}, nil
	}
	return Image{}, fmt.Errorf("%s %s", errNoFile, dest)
}

// convert runs one conversion at testPath/testLine. A nil *fakeResolver is
// passed as a nil Resolver interface.
func convert(t *testing.T, opts Options, body string, r *fakeResolver) (*Document, []string) {
	t.Helper()
	var res Resolver
	if r != nil {
		res = r
	}
	doc, problems := New(opts).Convert(testPath, testLine, []byte(body), res)
	if doc == nil {
		t.Fatalf("Convert(%q) returned a nil Document", body)
	}
	return doc, diagStrings(problems)
}

func diagStrings(l diag.List) []string {
	if len(l) == 0 {
		return nil
	}
	out := make([]string, len(l))
	for i, d := range l {
		out[i] = d.Error()
	}
	return out
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func checkDiags(t *testing.T, got, want []string) {
	t.Helper()
	if !equalStrings(got, want) {
		t.Errorf("diagnostics:\n got: %s\nwant: %s", strings.Join(got, "\n      "), strings.Join(want, "\n      "))
	}
}

func readTestdata(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// checkGolden compares got with testdata/<name>.golden.html, rewriting the
// file instead under -update.
func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	file := filepath.Join("testdata", name+".golden.html")
	if *update {
		if err := os.WriteFile(file, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("HTML differs from %s (go test -update rewrites it):\n--- got ---\n%s\n--- want ---\n%s", file, got, want)
	}
}

var tagRE = regexp.MustCompile(`<[^>]*>`)

// visibleText is what a reader sees of an HTML fragment: tags dropped,
// character references decoded.
func visibleText(h []byte) string {
	return html.UnescapeString(tagRE.ReplaceAllString(string(h), ""))
}
