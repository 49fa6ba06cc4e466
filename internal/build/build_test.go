package build

import (
	"bytes"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/jihat/jihat"
)

var update = flag.Bool("update", false, "rewrite the golden files from the current output")

const testSite = "testdata/site"

func buildTo(t *testing.T, source, dest string) *Result {
	t.Helper()
	res, err := Build(Options{Source: source, Destination: dest, Theme: jihat.Theme})
	if err != nil {
		t.Fatalf("build %s: %v", source, err)
	}
	return res
}

// tree reads every file under dir, keyed by slash path.
func tree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		data, err := os.ReadFile(p)
		files[filepath.ToSlash(rel)] = data
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func sortedNames(files map[string][]byte) []string {
	var names []string
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// The golden files are the real output of the test site: the list of every
// file written, and the full text of one page of each kind.
func TestGolden(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	buildTo(t, testSite, dest)
	files := tree(t, dest)
	listing := strings.Join(sortedNames(files), "\n") + "\n"
	golden := map[string][]byte{"files.txt": []byte(listing)}
	for _, name := range []string{
		"index.html",
		"articles/argana-visit/index.html",
		"articles/tiznit/index.html",
		"articles/طاطا-مركز/index.html",
		"regions/index.html",
		"regions/souss-massa/index.html",
		"regions/souss-massa/page/2/index.html",
		"regions/souss-massa/tata/index.html",
		"facilities/womens-multifunctional-space/index.html",
		"tags/التمدرس-القروي/index.html",
		"archive/index.html",
		"404.html",
		"feed.xml",
		"regions/souss-massa/feed.xml",
		"sitemap.xml",
		"robots.txt",
	} {
		data, ok := files[name]
		if !ok {
			t.Errorf("missing output %s", name)
			continue
		}
		golden[strings.ReplaceAll(name, "/", "__")] = data
	}
	for name, got := range golden {
		path := filepath.Join("testdata", "golden", name)
		if *update {
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, got, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Errorf("%v (run go test ./internal/build -update to create it)", err)
			continue
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from its golden file; diff it after go test ./internal/build -update:\n%s", name, firstDiff(got, want))
		}
	}
}

func firstDiff(got, want []byte) string {
	g, w := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
	for i := 0; i < len(g) || i < len(w); i++ {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl {
			return fmt.Sprintf("line %d:\n got: %s\nwant: %s", i+1, gl, wl)
		}
	}
	return ""
}

// Two builds of the same input are byte-identical, file for file.
func TestDeterministic(t *testing.T) {
	for _, source := range []string{testSite, "../.."} {
		a := tree(t, buildToDir(t, source))
		b := tree(t, buildToDir(t, source))
		if strings.Join(sortedNames(a), "\n") != strings.Join(sortedNames(b), "\n") {
			t.Fatalf("%s: the two builds wrote different files", source)
		}
		for name, data := range a {
			if !bytes.Equal(data, b[name]) {
				t.Errorf("%s: %s differs between two builds", source, name)
			}
		}
	}
}

func buildToDir(t *testing.T, source string) string {
	dest := filepath.Join(t.TempDir(), "public")
	buildTo(t, source, dest)
	return dest
}

// A failed build leaves the previous output exactly as it was and no
// staging folder behind.
func TestFailedBuildKeepsOutput(t *testing.T) {
	site := t.TempDir()
	copyTree(t, testSite, site)
	parent := t.TempDir()
	dest := filepath.Join(parent, "public")
	buildTo(t, site, dest)
	before := tree(t, dest)

	bad := filepath.Join(site, "content", "2023", "tiznit.md")
	if err := os.WriteFile(bad, []byte("+++\ntitle = \"x\"\nregion = \"nowhere\"\n+++\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Build(Options{Source: site, Destination: dest, Theme: jihat.Theme})
	if err == nil {
		t.Fatal("build with a broken article succeeded")
	}
	after := tree(t, dest)
	if len(after) != len(before) {
		t.Fatalf("output changed: %d files before, %d after", len(before), len(after))
	}
	for name, data := range before {
		if !bytes.Equal(data, after[name]) {
			t.Errorf("%s changed after a failed build", name)
		}
	}
	entries, _ := os.ReadDir(parent)
	if len(entries) != 1 {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("left behind beside the output: %v", names)
	}
}

// check reports every problem in every file, not just the first.
func TestCheckListsAllProblems(t *testing.T) {
	site := t.TempDir()
	copyTree(t, testSite, site)
	write := func(rel, body string) {
		if err := os.WriteFile(filepath.Join(site, filepath.FromSlash(rel)), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("content/2023/tiznit.md", "---\ntitle: x\ndate: 2023-13-01\nregion: souss-massa\n---\n\n[broken](../2024/missing.md)\n")
	write("content/2023/dup.md", "---\ntitle: y\ndate: 2023-01-01\nregion: oriental\nslug: argana-visit\n---\n\nSee [here](/articles/nowhere/) and [x](javascript:alert(1)).\n")
	_, err := Check(Options{Source: site, Theme: jihat.Theme})
	if err == nil {
		t.Fatal("check found nothing")
	}
	want := []string{
		"content/2023/dup.md:8:5: link to \"/articles/nowhere/\": this site has no page /articles/nowhere/: link to an article by its address /articles/<slug>/ or by its file, e.g. ../2023/visit.md",
		"content/2023/dup.md:8:36: link to \"javascript:alert(1)\": script addresses are not allowed in articles; link to a page instead",
		"content/2023/tiznit.md:3:7: bad date \"2023-13-01\": write it as year-month-day, e.g. 2024-02-05, or with a time as 2024-02-05 10:30 (Morocco time) or 2024-02-05T10:30:00+01:00",
		"content/2024/argana-visit/index.md:1:1: this article and content/2023/dup.md would both be written to /articles/argana-visit/: give one of them another file name or a `slug:`",
		"content/2024/argana-visit/index.md:24:11: link to \"../../2023/tiznit.md\": content/2023/tiznit.md is not published: it has errors of its own, reported separately",
	}
	if got := err.Error(); got != strings.Join(want, "\n") {
		t.Errorf("got:\n%s\nwant:\n%s", got, strings.Join(want, "\n"))
	}
}

func copyTree(t testing.TB, from, to string) {
	t.Helper()
	err := filepath.WalkDir(from, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		target := filepath.Join(to, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}
