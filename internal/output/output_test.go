package output

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
)

// siteRoot makes a folder that looks like a site: content/ and site.toml.
func siteRoot(t *testing.T, dir string) string {
	t.Helper()
	mustMkdir(t, filepath.Join(dir, "content", "articles"))
	mustWrite(t, filepath.Join(dir, "site.toml"), "title = \"جهات\"\n")
	return dir
}

func mustMkdir(t *testing.T, dir string) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
}

func mustWrite(t *testing.T, path, data string) {
	t.Helper()
	mustMkdir(t, filepath.Dir(path))
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func mustRead(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// tree lists the files under dir, slash-separated, with their contents.
func tree(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		files[filepath.ToSlash(rel)] = mustRead(t, p)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func names(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	sort.Strings(out)
	return out
}

func sameTree(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

func TestBeginRefuses(t *testing.T) {
	tmp := t.TempDir()
	src := siteRoot(t, filepath.Join(tmp, "site"))
	other := filepath.Join(tmp, "other-site")
	mustMkdir(t, filepath.Join(other, "content"))
	toml := filepath.Join(tmp, "toml-only")
	mustWrite(t, filepath.Join(toml, "site.toml"), "")
	layouts := filepath.Join(tmp, "layouts-only")
	mustMkdir(t, filepath.Join(layouts, "layouts"))
	docs := filepath.Join(tmp, "docs")
	mustWrite(t, filepath.Join(docs, "notes.txt"), "my notes")

	tests := []struct {
		name, dest, want string
	}{
		{"same folder", src, "contains the site itself"},
		{"same folder, relative spelling", filepath.Join(src, "content", ".."), "contains the site itself"},
		{"same folder, trailing slash", src + string(filepath.Separator), "contains the site itself"},
		{"parent of the source", tmp, "contains the site itself"},
		{"grandparent of the source", filepath.Dir(tmp), "contains the site itself"},
		{"holds content/", other, "holds content"},
		{"holds site.toml", toml, "holds site.toml"},
		{"holds layouts/", layouts, "holds layouts"},
		{"holds someone's files", docs, "holds files that are not a site build"},
	}
	for _, tt := range tests {
		before := tree(t, tmp)
		st, err := Begin(src, tt.dest)
		if err == nil {
			st.Abort()
			t.Errorf("%s: Begin(%s) accepted", tt.name, tt.dest)
			continue
		}
		if !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: error %q, want it to say %q", tt.name, err, tt.want)
		}
		// Nothing was created: no staging folder anywhere.
		if after := tree(t, tmp); !sameTree(before, after) {
			t.Errorf("%s: a refused Begin changed the files", tt.name)
		}
		if got := names(t, tmp); !slices.Equal(got, []string{"docs", "layouts-only", "other-site", "site", "toml-only"}) {
			t.Errorf("%s: folder now holds %v", tt.name, got)
		}
	}
}

// The file-system root is a parent of every source.
func TestBeginRefusesRoot(t *testing.T) {
	src := siteRoot(t, filepath.Join(t.TempDir(), "site"))
	root := filepath.VolumeName(src) + string(filepath.Separator)
	st, err := Begin(src, root)
	if err == nil {
		st.Abort()
		t.Fatalf("Begin(%s) accepted", root)
	}
	if !strings.Contains(err.Error(), "contains the site itself") {
		t.Errorf("error %q, want it to say the destination contains the site", err)
	}
}

func TestBeginAccepts(t *testing.T) {
	tmp := t.TempDir()
	src := siteRoot(t, filepath.Join(tmp, "site"))
	built := filepath.Join(tmp, "built")
	mustWrite(t, filepath.Join(built, "index.html"), "old")
	mustWrite(t, filepath.Join(built, "sitemap.xml"), "old")
	empty := filepath.Join(tmp, "empty")
	mustMkdir(t, empty)
	tests := []struct{ name, dest string }{
		{"inside the source", filepath.Join(src, "public")},
		{"sibling sharing a name prefix", filepath.Join(tmp, "site-public")},
		{"new nested folder", filepath.Join(tmp, "a", "b", "public")},
		{"empty folder", empty},
		{"previous build", built},
	}
	for _, tt := range tests {
		st, err := Begin(src, tt.dest)
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		dir := st.Dir()
		info, err := os.Stat(dir)
		if err != nil || !info.IsDir() {
			t.Errorf("%s: staging folder %s: %v", tt.name, dir, err)
		} else if info.Mode().Perm() != 0o755 {
			t.Errorf("%s: staging folder mode %v, want 0755", tt.name, info.Mode().Perm())
		}
		if filepath.Dir(dir) != filepath.Dir(tt.dest) || !strings.HasPrefix(filepath.Base(dir), "."+filepath.Base(tt.dest)+".jihat-") {
			t.Errorf("%s: staging folder %s is not a hidden sibling of %s", tt.name, dir, tt.dest)
		}
		st.Abort()
		if _, err := os.Stat(dir); !os.IsNotExist(err) {
			t.Errorf("%s: staging folder left after Abort: %v", tt.name, err)
		}
	}
}

func begin(t *testing.T) (*Staging, string) {
	t.Helper()
	tmp := t.TempDir()
	src := siteRoot(t, filepath.Join(tmp, "site"))
	dest := filepath.Join(tmp, "public")
	st, err := Begin(src, dest)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(st.Abort)
	return st, dest
}

func TestWrite(t *testing.T) {
	st, _ := begin(t)
	srcFile := filepath.Join(t.TempDir(), "photo.png")
	mustWrite(t, srcFile, "PNGDATA")
	fsys := fstest.MapFS{"theme/style.css": {Data: []byte("body{}")}}

	if st.Files() != 0 || st.Bytes() != 0 {
		t.Fatalf("fresh staging counts %d files %d bytes", st.Files(), st.Bytes())
	}
	steps := []struct {
		name  string
		do    func() error
		files int
		bytes int64
	}{
		{"root file", func() error { return st.WriteFile("index.html", []byte("<p>home</p>")) }, 1, 11},
		{"nested", func() error { return st.WriteFile("regions/souss-massa/page/2/index.html", []byte("abc")) }, 2, 14},
		{"arabic path", func() error { return st.WriteFile("articles/دار-الطالبة/index.html", []byte("دار")) }, 3, 20},
		{"empty file", func() error { return st.WriteFile("regions/souss-massa/empty.txt", nil) }, 4, 20},
		{"copy file", func() error { return st.CopyFile("articles/دار-الطالبة/photo.png", srcFile) }, 5, 27},
		{"copy fs", func() error { return st.CopyFS("css/style.css", fsys, "theme/style.css") }, 6, 33},
	}
	for _, s := range steps {
		if err := s.do(); err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		if st.Files() != s.files || st.Bytes() != s.bytes {
			t.Errorf("after %s: %d files %d bytes, want %d %d", s.name, st.Files(), st.Bytes(), s.files, s.bytes)
		}
	}
	want := map[string]string{
		"index.html":                            "<p>home</p>",
		"regions/souss-massa/page/2/index.html": "abc",
		"regions/souss-massa/empty.txt":         "",
		"articles/دار-الطالبة/index.html":       "دار",
		"articles/دار-الطالبة/photo.png":        "PNGDATA",
		"css/style.css":                         "body{}",
	}
	if got := tree(t, st.Dir()); !sameTree(got, want) {
		t.Errorf("staged files %v, want %v", got, want)
	}
	info, err := os.Stat(filepath.Join(st.Dir(), "index.html"))
	if err != nil || info.Mode().Perm() != 0o644 {
		t.Errorf("file mode: %v %v", info.Mode(), err)
	}
}

func TestWriteErrors(t *testing.T) {
	st, _ := begin(t)
	srcFile := filepath.Join(t.TempDir(), "a.txt")
	mustWrite(t, srcFile, "a")
	if err := st.CopyFS("x.css", fstest.MapFS{}, "missing.css"); err == nil {
		t.Error("CopyFS of a missing file succeeded")
	}
	if err := st.CopyFile("x.bin", filepath.Join(t.TempDir(), "missing")); err == nil {
		t.Error("CopyFile of a missing file succeeded")
	}
	if _, err := os.Stat(filepath.Join(st.Dir(), "x.bin")); !os.IsNotExist(err) {
		t.Errorf("a failed copy left x.bin: %v", err)
	}
	if st.Files() != 0 || st.Bytes() != 0 {
		t.Errorf("failed writes counted: %d files %d bytes", st.Files(), st.Bytes())
	}
}

func TestWriteTwice(t *testing.T) {
	fsys := fstest.MapFS{"a.css": {Data: []byte("new")}}
	srcFile := filepath.Join(t.TempDir(), "a.bin")
	mustWrite(t, srcFile, "new")
	tests := []struct {
		name       string
		second     func(*Staging) error
		regression string // the bug this case caught (now fixed)
	}{
		{"WriteFile", func(st *Staging) error { return st.WriteFile("articles/x/index.html", []byte("new")) }, ""},
		{"CopyFS", func(st *Staging) error { return st.CopyFS("articles/x/index.html", fsys, "a.css") }, ""},
		{"CopyFile", func(st *Staging) error { return st.CopyFile("articles/x/index.html", srcFile) },
			"output.go:151 CopyFile opens with O_TRUNC, not O_EXCL like WriteFile, so a second output to the same path (e.g. a bundle file named index.html copied over the article page) silently overwrites it and is counted twice"},
		{"same path spelled differently", func(st *Staging) error { return st.WriteFile("articles/./x/../x/index.html", []byte("new")) }, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st, _ := begin(t)
			if err := st.WriteFile("articles/x/index.html", []byte("first")); err != nil {
				t.Fatal(err)
			}
			err := tt.second(st)
			if err == nil || !strings.HasPrefix(err.Error(), "two outputs would be written to ") {
				t.Errorf("second write: %v, want a \"two outputs\" error", err)
			}
			if got := mustRead(t, filepath.Join(st.Dir(), "articles", "x", "index.html")); got != "first" {
				t.Errorf("file now holds %q, want the first output kept", got)
			}
			if st.Files() != 1 || st.Bytes() != 5 {
				t.Errorf("%d files %d bytes, want 1 5", st.Files(), st.Bytes())
			}
		})
	}
}

func TestWriteOutside(t *testing.T) {
	st, dest := begin(t)
	parent := filepath.Dir(dest)
	srcFile := filepath.Join(t.TempDir(), "a.txt")
	mustWrite(t, srcFile, "a")
	fsys := fstest.MapFS{"a": {Data: []byte("a")}}
	before := names(t, parent)
	for _, rel := range []string{
		"..",
		"../x",
		"../../x",
		"a/../../x",
		"a/b/../../../x",
		"/x",
		"/etc/passwd",
		filepath.Join(parent, "x"),
	} {
		for name, write := range map[string]func() error{
			"WriteFile": func() error { return st.WriteFile(rel, []byte("a")) },
			"CopyFile":  func() error { return st.CopyFile(rel, srcFile) },
			"CopyFS":    func() error { return st.CopyFS(rel, fsys, "a") },
		} {
			err := write()
			if want := fmt.Sprintf("refusing to write outside the output: %q", rel); err == nil || err.Error() != want {
				t.Errorf("%s(%q): %v, want %q", name, rel, err, want)
			}
		}
	}
	if got := names(t, parent); !slices.Equal(got, before) {
		t.Errorf("folder beside the output now holds %v, was %v", got, before)
	}
	if got := tree(t, st.Dir()); len(got) != 0 {
		t.Errorf("staging holds %v", got)
	}
	if st.Files() != 0 {
		t.Errorf("%d files counted", st.Files())
	}
	// Names that merely start with two dots stay inside.
	if err := st.WriteFile("..hidden/x", []byte("a")); err != nil {
		t.Errorf("..hidden/x: %v", err)
	}
	if err := st.WriteFile("a/..b", []byte("a")); err != nil {
		t.Errorf("a/..b: %v", err)
	}
}

func TestCommitReplaces(t *testing.T) {
	tmp := t.TempDir()
	src := siteRoot(t, filepath.Join(tmp, "site"))
	dest := filepath.Join(tmp, "public")
	mustWrite(t, filepath.Join(dest, "index.html"), "old home")
	mustWrite(t, filepath.Join(dest, "sitemap.xml"), "old map")
	mustWrite(t, filepath.Join(dest, "articles", "gone", "index.html"), "old article")
	mustWrite(t, filepath.Join(dest, "old.css"), "old")

	st, err := Begin(src, dest)
	if err != nil {
		t.Fatal(err)
	}
	for rel, data := range map[string]string{
		"index.html":                   "new home",
		"sitemap.xml":                  "new map",
		"articles/new/index.html":      "new article",
		"regions/souss-massa/feed.xml": "feed",
	} {
		if err := st.WriteFile(rel, []byte(data)); err != nil {
			t.Fatal(err)
		}
	}
	// The destination is untouched until Commit.
	if got := mustRead(t, filepath.Join(dest, "index.html")); got != "old home" {
		t.Fatalf("destination changed before Commit: %q", got)
	}
	if err := st.Commit(); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"index.html":                   "new home",
		"sitemap.xml":                  "new map",
		"articles/new/index.html":      "new article",
		"regions/souss-massa/feed.xml": "feed",
	}
	if got := tree(t, dest); !sameTree(got, want) {
		t.Errorf("after Commit the destination holds %v, want %v", got, want)
	}
	info, err := os.Stat(dest)
	if err != nil || info.Mode().Perm() != 0o755 {
		t.Errorf("destination mode %v %v, want 0755", info.Mode().Perm(), err)
	}
	// No staging or .old folder is left beside it.
	if got := names(t, tmp); !slices.Equal(got, []string{"public", "site"}) {
		t.Errorf("beside the destination: %v, want [public site]", got)
	}
}

func TestCommitNewDestination(t *testing.T) {
	tmp := t.TempDir()
	src := siteRoot(t, filepath.Join(tmp, "site"))
	dest := filepath.Join(src, "public")
	st, err := Begin(src, dest)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"index.html", "sitemap.xml"} {
		if err := st.WriteFile(name, []byte(name)); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.Commit(); err != nil {
		t.Fatal(err)
	}
	if got := tree(t, dest); !sameTree(got, map[string]string{"index.html": "index.html", "sitemap.xml": "sitemap.xml"}) {
		t.Errorf("destination holds %v", got)
	}
	if got := names(t, src); !slices.Equal(got, []string{"content", "public", "site.toml"}) {
		t.Errorf("source folder holds %v", got)
	}
	// A second build over the first one.
	st, err = Begin(src, dest)
	if err != nil {
		t.Fatalf("second build refused: %v", err)
	}
	if err := st.WriteFile("404.html", []byte("404")); err != nil {
		t.Fatal(err)
	}
	if err := st.Commit(); err != nil {
		t.Fatal(err)
	}
	if got := tree(t, dest); !sameTree(got, map[string]string{"404.html": "404"}) {
		t.Errorf("second build: destination holds %v", got)
	}
	if got := names(t, src); !slices.Equal(got, []string{"content", "public", "site.toml"}) {
		t.Errorf("second build: source folder holds %v", got)
	}
}

func TestAbort(t *testing.T) {
	tmp := t.TempDir()
	src := siteRoot(t, filepath.Join(tmp, "site"))
	dest := filepath.Join(tmp, "public")
	mustWrite(t, filepath.Join(dest, "index.html"), "old home")
	mustWrite(t, filepath.Join(dest, "sitemap.xml"), "old map")
	before := tree(t, dest)

	st, err := Begin(src, dest)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.WriteFile("index.html", []byte("new home")); err != nil {
		t.Fatal(err)
	}
	if err := st.WriteFile("articles/x/index.html", []byte("new")); err != nil {
		t.Fatal(err)
	}
	st.Abort()
	if got := tree(t, dest); !sameTree(got, before) {
		t.Errorf("Abort changed the destination: %v", got)
	}
	if _, err := os.Stat(st.Dir()); !os.IsNotExist(err) {
		t.Errorf("staging folder left: %v", err)
	}
	if got := names(t, tmp); !slices.Equal(got, []string{"public", "site"}) {
		t.Errorf("beside the destination: %v", got)
	}
	st.Abort() // twice is harmless
}

func TestConcurrentWrites(t *testing.T) {
	st, dest := begin(t)
	const workers, each = 8, 60
	var wg sync.WaitGroup
	errs := make(chan error, workers*each)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				// Workers share folders, so they race to create them.
				rel := fmt.Sprintf("articles/%d/w%d/%d.html", i%5, w, i)
				if err := st.WriteFile(rel, []byte(rel)); err != nil {
					errs <- err
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	var total int64
	for w := range workers {
		for i := range each {
			total += int64(len(fmt.Sprintf("articles/%d/w%d/%d.html", i%5, w, i)))
		}
	}
	if st.Files() != workers*each || st.Bytes() != total {
		t.Errorf("%d files %d bytes, want %d %d", st.Files(), st.Bytes(), workers*each, total)
	}
	if err := st.Commit(); err != nil {
		t.Fatal(err)
	}
	files := tree(t, dest)
	if len(files) != workers*each {
		t.Errorf("%d files committed, want %d", len(files), workers*each)
	}
	for rel, data := range files {
		if rel != data {
			t.Errorf("%s holds %q", rel, data)
		}
	}
}
