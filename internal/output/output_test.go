package output

import (
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"syscall"
	"testing"
	"testing/fstest"
	"time"
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

// tree lists the files under dir, slash-separated, with their contents. A
// missing dir holds nothing.
func tree(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	if _, err := os.Stat(dir); os.IsNotExist(err) {
		return files
	}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		if d.Type()&os.ModeSymlink != 0 {
			target, err := os.Readlink(p)
			files[filepath.ToSlash(rel)] = "link to " + target
			return err
		}
		files[filepath.ToSlash(rel)] = mustRead(t, p)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// dirs lists the folders under dir (not dir itself, nor its marker),
// slash-separated.
func dirs(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || !d.IsDir() || p == dir || p == filepath.Join(dir, MarkerName) {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		out = append(out, filepath.ToSlash(rel))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(out)
	return out
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

// fileID is what tells a file left alone from one written again.
type fileID struct {
	ino   uint64
	mtime int64
}

func idOf(t *testing.T, path string) fileID {
	t.Helper()
	info, err := os.Lstat(path)
	if err != nil {
		t.Fatal(err)
	}
	return fileID{info.Sys().(*syscall.Stat_t).Ino, info.ModTime().UnixNano()}
}

// ids identifies every file under dir.
func ids(t *testing.T, dir string) map[string]fileID {
	t.Helper()
	out := map[string]fileID{}
	for rel := range tree(t, dir) {
		out[rel] = idOf(t, filepath.Join(dir, filepath.FromSlash(rel)))
	}
	return out
}

// noStaging fails when a staging folder is left beside dest.
func noStaging(t *testing.T, dest string) {
	t.Helper()
	prefix := "." + filepath.Base(dest) + ".jihat-"
	for _, name := range names(t, filepath.Dir(dest)) {
		if strings.HasPrefix(name, prefix) {
			t.Errorf("staging folder %s left beside %s", name, dest)
		}
	}
}

// checkManifest fails unless m describes exactly the files in dest, so that
// the next build can trust it.
func checkManifest(t *testing.T, dest string, m Manifest) {
	t.Helper()
	files := tree(t, dest)
	if got, want := slices.Sorted(maps.Keys(m)), slices.Sorted(maps.Keys(files)); !slices.Equal(got, want) {
		t.Errorf("manifest lists %v, destination holds %v", got, want)
	}
	for rel, e := range m {
		data, ok := files[rel]
		if !ok {
			continue
		}
		info, err := os.Lstat(filepath.Join(dest, filepath.FromSlash(rel)))
		if err != nil {
			t.Error(err)
			continue
		}
		if !e.Ours || (e.Hashed && e.Hash != HashOf([]byte(data))) {
			t.Errorf("manifest %s: ours %v, hashed %v, hash does not match %q", rel, e.Ours, e.Hashed, data)
		}
		if e.Size != info.Size() || e.ModTime != info.ModTime().UnixNano() {
			t.Errorf("manifest %s: size %d time %d, file has %d %d", rel, e.Size, e.ModTime, info.Size(), info.ModTime().UnixNano())
		}
	}
}

// newSite makes a site and returns it with the path of its (not yet made)
// destination beside it.
func newSite(t *testing.T) (src, dest string) {
	t.Helper()
	tmp := t.TempDir()
	return siteRoot(t, filepath.Join(tmp, "site")), filepath.Join(tmp, "public")
}

// build writes files into dest as one build and commits it.
func build(t *testing.T, src, dest string, opts Options, files map[string]string) (Manifest, *Update) {
	t.Helper()
	u, err := Begin(src, dest, opts)
	if err != nil {
		t.Fatal(err)
	}
	for _, rel := range slices.Sorted(maps.Keys(files)) {
		if err := u.WriteFile(rel, []byte(files[rel])); err != nil {
			u.Abort()
			t.Fatal(err)
		}
	}
	m, err := u.Commit()
	if err != nil {
		t.Fatalf("Commit: %v", err)
	}
	noStaging(t, dest)
	if info, err := os.Lstat(filepath.Join(dest, MarkerName)); err != nil || !info.IsDir() {
		t.Errorf("%s not marked as a build: %v", dest, err)
	}
	return m, u
}

// sameFile compares entries but for hashes one of them does not know.
func sameFile(a, b Entry) bool {
	if a.Hashed && b.Hashed && a.Hash != b.Hash {
		return false
	}
	a.Hash, a.Hashed, b.Hash, b.Hashed = Hash{}, false, Hash{}, false
	return a == b
}

// age sets the files of dest to distinct times long past, as if the build
// had been made then, and updates m (when given) to match.
func age(t *testing.T, dest string, m Manifest) {
	t.Helper()
	base := time.Date(2001, 2, 3, 4, 5, 6, 0, time.UTC)
	for i, rel := range slices.Sorted(maps.Keys(tree(t, dest))) {
		when := base.Add(time.Duration(i) * time.Second)
		if err := os.Chtimes(filepath.Join(dest, filepath.FromSlash(rel)), when, when); err != nil {
			t.Fatal(err)
		}
		if e, ok := m[rel]; ok {
			e.ModTime = when.UnixNano()
			m[rel] = e
		}
	}
}

func TestBeginRefuses(t *testing.T) {
	tmp := t.TempDir()
	src := siteRoot(t, filepath.Join(tmp, "site"))
	mustWrite(t, filepath.Join(src, "static", "css", "style.css"), "body{}")
	mustMkdir(t, filepath.Join(src, "layouts"))
	other := filepath.Join(tmp, "other-site")
	mustMkdir(t, filepath.Join(other, "content"))
	toml := filepath.Join(tmp, "toml-only")
	mustWrite(t, filepath.Join(toml, "site.toml"), "")
	layouts := filepath.Join(tmp, "layouts-only")
	mustMkdir(t, filepath.Join(layouts, "layouts"))
	docs := filepath.Join(tmp, "docs")
	mustWrite(t, filepath.Join(docs, "notes.txt"), "my notes")
	half := filepath.Join(tmp, "half")
	mustWrite(t, filepath.Join(half, "index.html"), "no sitemap")
	// Another site: the pair an old check took for a build, and the
	// owner's files.
	foreign := filepath.Join(tmp, "foreign")
	for _, name := range []string{"index.html", "sitemap.xml", "about.html", "cv.pdf", "photos/a.jpg", "photos/b.jpg", "robots.txt", "z.txt"} {
		mustWrite(t, filepath.Join(foreign, filepath.FromSlash(name)), "theirs "+name)
	}
	// A manifest claiming the folder is a build does not make it one.
	claim := Options{Previous: Manifest{"notes.txt": {Hash: HashOf([]byte("my notes")), Hashed: true, Ours: true, Size: 8}}}
	// Nor does one listing only some of its files, even intact.
	info, err := os.Stat(filepath.Join(foreign, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	partial := Options{Previous: Manifest{"index.html": {Ours: true, Size: info.Size(), ModTime: info.ModTime().UnixNano()}}}
	// Links into the sources.
	linkStatic := filepath.Join(tmp, "link-to-static")
	if err := os.Symlink(filepath.Join(src, "static"), linkStatic); err != nil {
		t.Fatal(err)
	}
	linkSite := filepath.Join(tmp, "link-to-site")
	if err := os.Symlink(src, linkSite); err != nil {
		t.Fatal(err)
	}
	dangling := filepath.Join(tmp, "dangling")
	if err := os.Symlink(filepath.Join(tmp, "nowhere"), dangling); err != nil {
		t.Fatal(err)
	}
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	dot, err := filepath.Rel(wd, src)
	if err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name, dest string
		opts       Options
		want       string
	}{
		{"same folder", src, Options{}, "contains the site itself"},
		{"same folder, relative spelling", filepath.Join(src, "content", ".."), Options{}, "contains the site itself"},
		{"same folder, trailing slash", src + string(filepath.Separator), Options{}, "contains the site itself"},
		{"same folder, relative to the working folder", dot, Options{}, "contains the site itself"},
		{"same folder, through a link", linkSite, Options{}, "contains the site itself"},
		{"parent of the source", tmp, Options{}, "contains the site itself"},
		{"grandparent of the source", filepath.Dir(tmp), Options{}, "contains the site itself"},
		{"content/", filepath.Join(src, "content"), Options{}, "inside the site's content/ folder"},
		{"inside content/", filepath.Join(src, "content", "public"), Options{}, "inside the site's content/ folder"},
		{"static/", filepath.Join(src, "static"), Options{}, "inside the site's static/ folder"},
		{"inside static/", filepath.Join(src, "static", "public"), Options{}, "inside the site's static/ folder"},
		{"inside static/, through a link", filepath.Join(linkStatic, "out"), Options{}, "inside the site's static/ folder"},
		{"static/ through a link", linkStatic, Options{}, "inside the site's static/ folder"},
		{"inside layouts/", filepath.Join(src, "layouts", "x"), Options{}, "inside the site's layouts/ folder"},
		{"inside content/ of the site's link", filepath.Join(linkSite, "content", "out"), Options{}, "inside the site's content/ folder"},
		{"dangling link", dangling, Options{}, "which does not exist"},
		{"holds content/", other, Options{}, "holds content"},
		{"holds site.toml", toml, Options{}, "holds site.toml"},
		{"holds layouts/", layouts, Options{}, "holds layouts"},
		{"holds someone's files", docs, Options{}, "holds files that are not a site build of jihat's (1 entry: notes.txt)"},
		{"holds someone's files, with a manifest", docs, claim, "holds files that are not a site build"},
		{"holds someone's files, trusted", docs, Options{Previous: claim.Previous, Trusted: true}, "holds files that are not a site build"},
		{"index.html without sitemap.xml", half, Options{}, "holds files that are not a site build of jihat's (1 entry: index.html)"},
		{"another site", foreign, Options{}, "holds files that are not a site build of jihat's (7 entries: about.html, cv.pdf, index.html, photos, robots.txt and 2 more)"},
		{"another site, a manifest naming one of its files", foreign, partial, "holds files that are not a site build"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := tree(t, tmp)
			beforeIDs := ids(t, tmp)
			u, err := Begin(src, tt.dest, tt.opts)
			if err == nil {
				u.Abort()
				t.Fatalf("Begin(%s) accepted", tt.dest)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q, want it to say %q", err, tt.want)
			}
			if !strings.Contains(err.Error(), tt.dest) && !strings.Contains(err.Error(), filepath.Clean(tt.dest)) {
				t.Errorf("error %q does not name %s", err, tt.dest)
			}
			// Nothing was created or touched: no staging folder anywhere.
			if after := tree(t, tmp); !maps.Equal(before, after) {
				t.Errorf("a refused Begin changed the files: %v", after)
			}
			if after := ids(t, tmp); !maps.Equal(beforeIDs, after) {
				t.Errorf("a refused Begin rewrote files")
			}
			if got := names(t, tmp); !slices.Equal(got, []string{"dangling", "docs", "foreign", "half", "layouts-only", "link-to-site", "link-to-static", "other-site", "site", "toml-only"}) {
				t.Errorf("folder now holds %v", got)
			}
			if got := names(t, src); !slices.Equal(got, []string{"content", "layouts", "site.toml", "static"}) {
				t.Errorf("site now holds %v", got)
			}
		})
	}
}

// The file-system root is a parent of every source.
func TestBeginRefusesRoot(t *testing.T) {
	src := siteRoot(t, filepath.Join(t.TempDir(), "site"))
	root := filepath.VolumeName(src) + string(filepath.Separator)
	u, err := Begin(src, root, Options{})
	if err == nil {
		u.Abort()
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
	mustMkdir(t, filepath.Join(built, MarkerName))
	// A build made before the marker existed, recognised by the manifest
	// the build kept of it.
	legacy := filepath.Join(tmp, "legacy")
	mustWrite(t, filepath.Join(legacy, "index.html"), "old")
	mustWrite(t, filepath.Join(legacy, "a", "x.html"), "x")
	info, err := os.Stat(filepath.Join(legacy, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	legacyManifest := Manifest{
		"index.html": {Ours: true, Size: info.Size(), ModTime: info.ModTime().UnixNano()},
		"a/x.html":   {Ours: true, Size: 1, ModTime: 1}, // edited since: still named
	}
	empty := filepath.Join(tmp, "empty")
	mustMkdir(t, empty)
	markedEmpty := filepath.Join(tmp, "marked-empty")
	mustMkdir(t, filepath.Join(markedEmpty, MarkerName))
	// A site's static/content/ and static/layouts/ are published as they
	// are: the build holding them is still a build.
	withContent := filepath.Join(tmp, "with-content")
	mustMkdir(t, filepath.Join(withContent, MarkerName))
	mustWrite(t, filepath.Join(withContent, "content", "uploads", "x.txt"), "x")
	mustWrite(t, filepath.Join(withContent, "layouts", "y.txt"), "y")
	mustWrite(t, filepath.Join(withContent, "site.toml"), "z")
	link := filepath.Join(tmp, "link")
	if err := os.Symlink(built, link); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, dest string
		opts       Options
		besideOf   string // the folder the staging folder goes beside
	}{
		{"inside the source", filepath.Join(src, "public"), Options{}, ""},
		{"another folder of the source", filepath.Join(src, "out", "site"), Options{}, ""},
		{"sibling sharing a name prefix", filepath.Join(tmp, "site-public"), Options{}, ""},
		{"new nested folder", filepath.Join(tmp, "a", "b", "public"), Options{}, ""},
		{"empty folder", empty, Options{}, ""},
		{"folder holding only the marker", markedEmpty, Options{}, ""},
		{"previous build", built, Options{}, ""},
		{"a build holding content/, layouts/ and site.toml", withContent, Options{}, ""},
		{"build from before the marker", legacy, Options{Previous: legacyManifest}, ""},
		{"link to a previous build", link, Options{}, built},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u, err := Begin(src, tt.dest, tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			dir := u.StageDir()
			info, err := os.Stat(dir)
			if err != nil || !info.IsDir() {
				t.Errorf("staging folder %s: %v", dir, err)
			} else if info.Mode().Perm() != 0o755 {
				t.Errorf("staging folder mode %v, want 0755", info.Mode().Perm())
			}
			beside := tt.dest
			if tt.besideOf != "" {
				beside = tt.besideOf
			}
			if filepath.Dir(dir) != filepath.Dir(beside) || !strings.HasPrefix(filepath.Base(dir), "."+filepath.Base(beside)+".jihat-") {
				t.Errorf("staging folder %s is not a hidden sibling of %s", dir, beside)
			}
			u.Abort()
			if _, err := os.Stat(dir); !os.IsNotExist(err) {
				t.Errorf("staging folder left after Abort: %v", err)
			}
		})
	}
}

func begin(t *testing.T) (*Update, string) {
	t.Helper()
	src, dest := newSite(t)
	u, err := Begin(src, dest, Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(u.Abort)
	return u, dest
}

// Files are written in the background: Produced counts at once, Written
// and Bytes once Commit has waited for the writing.
func TestWrite(t *testing.T) {
	u, dest := begin(t)
	srcFile := filepath.Join(t.TempDir(), "photo.png")
	mustWrite(t, srcFile, "PNGDATA")
	fsys := fstest.MapFS{"theme/style.css": {Data: []byte("body{}")}}

	if u.Written() != 0 || u.Bytes() != 0 || u.Produced() != 0 {
		t.Fatalf("fresh update counts %d written %d bytes %d produced", u.Written(), u.Bytes(), u.Produced())
	}
	steps := []struct {
		name  string
		do    func() error
		files int
	}{
		{"root file", func() error { return u.WriteFile("index.html", []byte("<p>home</p>")) }, 1},
		{"nested", func() error { return u.WriteFile("regions/souss-massa/page/2/index.html", []byte("abc")) }, 2},
		{"arabic path", func() error { return u.WriteFile("articles/دار-الطالبة/index.html", []byte("دار")) }, 3},
		{"empty file", func() error { return u.WriteFile("regions/souss-massa/empty.txt", nil) }, 4},
		{"copy file", func() error { return u.CopyFile("articles/دار-الطالبة/photo.png", srcFile) }, 5},
		{"copy fs", func() error { return u.CopyFS("css/style.css", fsys, "theme/style.css") }, 6},
	}
	for _, s := range steps {
		if err := s.do(); err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		if u.Produced() != s.files {
			t.Errorf("after %s: %d produced, want %d", s.name, u.Produced(), s.files)
		}
	}
	m, err := u.Commit()
	if err != nil {
		t.Fatal(err)
	}
	if u.Written() != 6 || u.Bytes() != 33 || u.Produced() != 6 {
		t.Errorf("%d written %d bytes %d produced, want 6 33 6", u.Written(), u.Bytes(), u.Produced())
	}
	want := map[string]string{
		"index.html":                            "<p>home</p>",
		"regions/souss-massa/page/2/index.html": "abc",
		"regions/souss-massa/empty.txt":         "",
		"articles/دار-الطالبة/index.html":       "دار",
		"articles/دار-الطالبة/photo.png":        "PNGDATA",
		"css/style.css":                         "body{}",
	}
	if got := tree(t, dest); !maps.Equal(got, want) {
		t.Errorf("destination holds %v, want %v", got, want)
	}
	checkManifest(t, dest, m)
	info, err := os.Stat(filepath.Join(dest, "index.html"))
	if err != nil || info.Mode().Perm() != 0o644 {
		t.Errorf("file mode: %v %v", info.Mode(), err)
	}
}

func TestWriteErrors(t *testing.T) {
	u, dest := begin(t)
	if err := u.CopyFS("x.css", fstest.MapFS{}, "missing.css"); err == nil {
		t.Error("CopyFS of a missing file succeeded")
	}
	if err := u.CopyFile("x.bin", filepath.Join(t.TempDir(), "missing")); err == nil {
		t.Error("CopyFile of a missing file succeeded")
	}
	if u.Produced() != 0 {
		t.Errorf("failed copies produced %d files", u.Produced())
	}
	// The build goes on without them.
	if err := u.WriteFile("index.html", []byte("home")); err != nil {
		t.Fatal(err)
	}
	m, err := u.Commit()
	if err != nil {
		t.Fatal(err)
	}
	if got := tree(t, dest); !maps.Equal(got, map[string]string{"index.html": "home"}) {
		t.Errorf("destination holds %v", got)
	}
	checkManifest(t, dest, m)
	if u.Written() != 1 || u.Bytes() != 4 || u.Produced() != 1 {
		t.Errorf("failed writes counted: %d written %d bytes %d produced", u.Written(), u.Bytes(), u.Produced())
	}
}

func TestWriteTwice(t *testing.T) {
	const rel = "articles/x/index.html"
	fsys := fstest.MapFS{"a.css": {Data: []byte("new")}}
	srcFile := filepath.Join(t.TempDir(), "a.bin")
	mustWrite(t, srcFile, "new")
	tests := []struct {
		name   string
		second func(*Update) error
	}{
		{"WriteFile", func(u *Update) error { return u.WriteFile(rel, []byte("new")) }},
		{"WriteFile of the same bytes", func(u *Update) error { return u.WriteFile(rel, []byte("first")) }},
		{"CopyFS", func(u *Update) error { return u.CopyFS(rel, fsys, "a.css") }},
		{"CopyFile", func(u *Update) error { return u.CopyFile(rel, srcFile) }},
		{"same path spelled differently", func(u *Update) error { return u.WriteFile("articles/./x/../x/index.html", []byte("new")) }},
		{"Keep", func(u *Update) error { _, err := u.Keep(rel); return err }},
	}
	// The first output is written (first build), left alone because its
	// bytes did not change, or kept (second build).
	firsts := []struct {
		name  string
		prev  bool
		first func(*Update) error
	}{
		{"written", false, func(u *Update) error { return u.WriteFile(rel, []byte("first")) }},
		{"unchanged", true, func(u *Update) error { return u.WriteFile(rel, []byte("first")) }},
		{"kept", true, func(u *Update) error {
			if ok, err := u.Keep(rel); !ok || err != nil {
				return fmt.Errorf("Keep: %v %v", ok, err)
			}
			return nil
		}},
		{"kept by KeepAllBut", true, func(u *Update) error { u.KeepAllBut(nil); return nil }},
	}
	for _, first := range firsts {
		for _, tt := range tests {
			if tt.name == "Keep" && !first.prev {
				continue // nothing to keep in a first build: Keep says false
			}
			t.Run(first.name+"/"+tt.name, func(t *testing.T) {
				src, dest := newSite(t)
				var opts Options
				if first.prev {
					opts.Previous, _ = build(t, src, dest, Options{}, map[string]string{
						"index.html": "home", "sitemap.xml": "map", rel: "first"})
				}
				u, err := Begin(src, dest, opts)
				if err != nil {
					t.Fatal(err)
				}
				defer u.Abort()
				if err := first.first(u); err != nil {
					t.Fatal(err)
				}
				produced := u.Produced()
				err = tt.second(u)
				if err == nil || !strings.HasPrefix(err.Error(), "two outputs would be written to ") {
					t.Errorf("second output: %v, want a \"two outputs\" error", err)
				}
				if u.Produced() != produced {
					t.Errorf("second output counted: %d produced, want %d", u.Produced(), produced)
				}
				if first.prev {
					if got := mustRead(t, filepath.Join(dest, filepath.FromSlash(rel))); got != "first" {
						t.Errorf("destination changed before Commit: %q", got)
					}
				}
				// Committed anyway, the first output is the one kept.
				if _, err := u.Commit(); err != nil {
					t.Fatal(err)
				}
				if got := mustRead(t, filepath.Join(dest, filepath.FromSlash(rel))); got != "first" {
					t.Errorf("file holds %q, want the first output kept", got)
				}
				if want := map[bool]int{false: 1, true: 0}[first.prev]; u.Written() != want {
					t.Errorf("%d written, want %d", u.Written(), want)
				}
			})
		}
	}
}

func TestWriteOutside(t *testing.T) {
	u, dest := begin(t)
	parent := filepath.Dir(dest)
	srcFile := filepath.Join(t.TempDir(), "a.txt")
	mustWrite(t, srcFile, "a")
	fsys := fstest.MapFS{"a": {Data: []byte("a")}}
	before := names(t, parent)
	for _, rel := range []string{
		"",
		".",
		"..",
		"../x",
		"../../x",
		"a/../../x",
		"a/b/../../../x",
		"/x",
		"/etc/passwd",
		`..\x`,
		filepath.Join(parent, "x"),
	} {
		for name, write := range map[string]func() error{
			"WriteFile": func() error { return u.WriteFile(rel, []byte("a")) },
			"CopyFile":  func() error { return u.CopyFile(rel, srcFile) },
			"CopyFS":    func() error { return u.CopyFS(rel, fsys, "a") },
			"Keep": func() error {
				ok, err := u.Keep(rel)
				if ok {
					t.Errorf("Keep(%q) = true", rel)
				}
				return err
			},
		} {
			err := write()
			if want := fmt.Sprintf("refusing to write outside the output: %q", rel); err == nil || err.Error() != want {
				t.Errorf("%s(%q): %v, want %q", name, rel, err, want)
			}
		}
		if u.Intact(rel) {
			t.Errorf("Intact(%q) = true", rel)
		}
	}
	if got := names(t, parent); !slices.Equal(got, before) {
		t.Errorf("folder beside the output now holds %v, was %v", got, before)
	}
	if u.Produced() != 0 {
		t.Errorf("%d produced", u.Produced())
	}
	// Names that merely start with two dots stay inside.
	for _, rel := range []string{"..hidden/x", "a/..b", "...", "a/b/../c"} {
		if err := u.WriteFile(rel, []byte("a")); err != nil {
			t.Errorf("%s: %v", rel, err)
		}
	}
	if _, err := u.Commit(); err != nil {
		t.Fatal(err)
	}
	if got := slices.Sorted(maps.Keys(tree(t, dest))); !slices.Equal(got, []string{"...", "..hidden/x", "a/..b", "a/c"}) {
		t.Errorf("destination holds %v", got)
	}
	if got := names(t, parent); !slices.Equal(got, []string{"public", "site"}) {
		t.Errorf("folder beside the output now holds %v", got)
	}
}

func TestFirstBuild(t *testing.T) {
	files := map[string]string{
		"index.html":  "<p>home</p>",
		"sitemap.xml": "<urlset/>",
		"articles/دار-الطالبة/index.html": "دار",
		"regions/souss-massa/feed.xml":    "feed",
		"empty.txt":                       "",
	}
	// A manifest of some other build: the destination was emptied since.
	stale := Manifest{
		"index.html":   {Hash: HashOf([]byte("<p>home</p>")), Hashed: true, Ours: true, Size: 11, ModTime: 1},
		"old/gone.txt": {Hash: HashOf([]byte("x")), Hashed: true, Ours: true, Size: 1, ModTime: 1},
	}
	tests := []struct {
		name string
		dest func(tmp, src string) string
		opts Options
	}{
		{"missing", func(tmp, _ string) string { return filepath.Join(tmp, "public") }, Options{}},
		{"missing, nested", func(tmp, _ string) string { return filepath.Join(tmp, "a", "b", "public") }, Options{}},
		{"missing, inside the source", func(_, src string) string { return filepath.Join(src, "public") }, Options{}},
		{"empty", func(tmp, _ string) string {
			dir := filepath.Join(tmp, "public")
			if err := os.Mkdir(dir, 0o700); err != nil {
				t.Fatal(err)
			}
			return dir
		}, Options{}},
		{"empty, with a stale manifest", func(tmp, _ string) string {
			dir := filepath.Join(tmp, "public")
			if err := os.Mkdir(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			return dir
		}, Options{Previous: stale}},
		{"missing, with a stale trusted manifest", func(tmp, _ string) string { return filepath.Join(tmp, "public") }, Options{Previous: stale, Trusted: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tmp := t.TempDir()
			src := siteRoot(t, filepath.Join(tmp, "site"))
			dest := tt.dest(tmp, src)
			u, err := Begin(src, dest, tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			if ok, err := u.Keep("index.html"); ok || err != nil {
				t.Errorf("Keep in a first build: %v %v", ok, err)
			}
			if u.Intact("index.html") {
				t.Error("Intact in a first build")
			}
			for _, rel := range slices.Sorted(maps.Keys(files)) {
				if err := u.WriteFile(rel, []byte(files[rel])); err != nil {
					t.Fatal(err)
				}
			}
			if got := tree(t, dest); len(got) != 0 {
				t.Fatalf("destination written before Commit: %v", got)
			}
			m, err := u.Commit()
			if err != nil {
				t.Fatal(err)
			}
			if u.Written() != len(files) || u.Produced() != len(files) || u.Bytes() != 11+9+6+4 {
				t.Errorf("%d written %d produced %d bytes", u.Written(), u.Produced(), u.Bytes())
			}
			if got := tree(t, dest); !maps.Equal(got, files) {
				t.Errorf("destination holds %v, want %v", got, files)
			}
			checkManifest(t, dest, m)
			noStaging(t, dest)
			if _, err := os.Stat(u.StageDir()); !os.IsNotExist(err) {
				t.Errorf("staging folder left: %v", err)
			}
			// A folder made for the build is kept, as its owner made it.
			want := os.FileMode(0o755)
			if tt.name == "empty" {
				want = 0o700
			}
			info, err := os.Stat(dest)
			if err != nil || info.Mode().Perm() != want {
				t.Errorf("destination mode %v %v, want %v", info.Mode().Perm(), err, want)
			}
			if got := names(t, src); filepath.Dir(dest) == src && !slices.Equal(got, []string{"content", "public", "site.toml"}) {
				t.Errorf("source folder holds %v", got)
			}
		})
	}
}

// The second build of one site, read from its previous manifest, or from
// the destination when the manifest was lost.
func TestSecondBuild(t *testing.T) {
	first := map[string]string{
		"index.html":                "home",
		"sitemap.xml":               "map",
		"css/style.css":             "body{}",
		"articles/a/index.html":     "A",
		"articles/a/photo.png":      "PNG",
		"articles/b/index.html":     "B",
		"old/deep/x.html":           "x",
		"tags/t/index.html":         "T",
		"tags/t/page/2/index.html":  "T2",
		"regions/r.html":            "aaa",
		"empty.txt":                 "",
		"articles/دار/index.html":   "دار",
		"articles/دار/page/index.x": "p",
	}
	second := map[string]string{
		"index.html":               "home",   // unchanged
		"sitemap.xml":              "map v2", // changed, other size
		"css/style.css":            "body{}", // unchanged, from an fs.FS
		"articles/a/index.html":    "A",      // unchanged
		"articles/a/photo.png":     "PNG",    // unchanged, copied from a file
		"tags/t/index.html":        "T",      // unchanged, its page/2 is gone
		"regions/r.html":           "bbb",    // changed, same size
		"empty.txt":                "",       // unchanged, empty
		"articles/دار/index.html":  "دار!",   // changed
		"articles/c/index.html":    "C",      // new
		"feed.xml":                 "feed",   // new
		"tags/u/page/2/index.html": "U2",     // new, nested
	}
	unchanged := []string{"index.html", "css/style.css", "articles/a/index.html", "articles/a/photo.png", "tags/t/index.html", "empty.txt"}
	rewritten := []string{"sitemap.xml", "regions/r.html", "articles/دار/index.html", "articles/c/index.html", "feed.xml", "tags/u/page/2/index.html"}
	var rewrittenBytes int64
	for _, rel := range rewritten {
		rewrittenBytes += int64(len(second[rel]))
	}
	photo := filepath.Join(t.TempDir(), "photo.png")
	mustWrite(t, photo, "PNG")
	fsys := fstest.MapFS{"theme/style.css": {Data: []byte("body{}")}}

	tests := []struct {
		name     string
		manifest bool
		trusted  bool
	}{
		{"previous manifest", true, false},
		{"previous manifest, trusted", true, true},
		{"no manifest", false, false},
		{"no manifest, trusted", false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src, dest := newSite(t)
			m, _ := build(t, src, dest, Options{}, first)
			checkManifest(t, dest, m)
			age(t, dest, m)
			before := ids(t, dest)
			opts := Options{Trusted: tt.trusted}
			if tt.manifest {
				opts.Previous = m
			}

			u, err := Begin(src, dest, opts)
			if err != nil {
				t.Fatal(err)
			}
			for _, rel := range slices.Sorted(maps.Keys(second)) {
				switch rel {
				case "css/style.css":
					err = u.CopyFS(rel, fsys, "theme/style.css")
				case "articles/a/photo.png":
					err = u.CopyFile(rel, photo)
				default:
					err = u.WriteFile(rel, []byte(second[rel]))
				}
				if err != nil {
					t.Fatal(err)
				}
			}
			if got := ids(t, dest); !maps.Equal(got, before) {
				t.Errorf("destination changed before Commit")
			}
			got, err := u.Commit()
			if err != nil {
				t.Fatal(err)
			}
			if u.Written() != len(rewritten) || u.Bytes() != rewrittenBytes || u.Produced() != len(second) {
				t.Errorf("%d written %d bytes %d produced, want %d %d %d", u.Written(), u.Bytes(), u.Produced(), len(rewritten), rewrittenBytes, len(second))
			}
			noStaging(t, dest)
			if files := tree(t, dest); !maps.Equal(files, second) {
				t.Errorf("destination holds\n%v\nwant\n%v", files, second)
			}
			checkManifest(t, dest, got)
			after := ids(t, dest)
			for _, rel := range unchanged {
				if after[rel] != before[rel] {
					t.Errorf("%s was rewritten: %+v, was %+v", rel, after[rel], before[rel])
				}
			}
			for _, rel := range rewritten {
				if id, was := after[rel], before[rel]; id.ino == was.ino || id.mtime <= time.Date(2002, 1, 1, 0, 0, 0, 0, time.UTC).UnixNano() {
					t.Errorf("%s not written: %+v, was %+v", rel, id, was)
				}
			}
			// Folders emptied by removed files go; the others stay.
			wantDirs := []string{"articles", "articles/a", "articles/c", "articles/دار", "css", "regions", "tags", "tags/t", "tags/u", "tags/u/page", "tags/u/page/2"}
			if got := dirs(t, dest); !slices.Equal(got, wantDirs) {
				t.Errorf("folders %v, want %v", got, wantDirs)
			}

			// A third build of the same files, from the manifest just
			// returned, writes nothing.
			u, err = Begin(src, dest, Options{Previous: got})
			if err != nil {
				t.Fatal(err)
			}
			for _, rel := range slices.Sorted(maps.Keys(second)) {
				if err := u.WriteFile(rel, []byte(second[rel])); err != nil {
					t.Fatal(err)
				}
			}
			third, err := u.Commit()
			if err != nil {
				t.Fatal(err)
			}
			if u.Written() != 0 || u.Bytes() != 0 {
				t.Errorf("third build wrote %d files %d bytes", u.Written(), u.Bytes())
			}
			if !maps.Equal(ids(t, dest), after) || !maps.Equal(tree(t, dest), second) {
				t.Errorf("third build changed the destination")
			}
			// The third build may know hashes the second did not (bytes
			// are hashed when compared); all else is the same.
			if !maps.EqualFunc(third, got, sameFile) {
				t.Errorf("third manifest differs from the second")
			}
		})
	}
}

// A removed file's folder stays when it holds something else: a file the
// manifest does not know, or a folder.
func TestStaleFolderNotEmpty(t *testing.T) {
	src, dest := newSite(t)
	m, _ := build(t, src, dest, Options{}, map[string]string{
		"index.html": "home", "sitemap.xml": "map",
		"old/x.html": "x", "old/sub/y.html": "y",
		"keep/a.html": "a", "keep/b.html": "b",
	})
	mustWrite(t, filepath.Join(dest, "old", "notes.txt"), "someone's")
	mustMkdir(t, filepath.Join(dest, "keep", "empty"))
	build(t, src, dest, Options{Previous: m}, map[string]string{
		"index.html": "home", "sitemap.xml": "map", "keep/a.html": "a",
	})
	want := map[string]string{"index.html": "home", "sitemap.xml": "map", "keep/a.html": "a", "old/notes.txt": "someone's"}
	if got := tree(t, dest); !maps.Equal(got, want) {
		t.Errorf("destination holds %v, want %v", got, want)
	}
	// old/sub emptied: gone. keep/empty was not emptied by the build: it
	// stays, as does every folder still holding something.
	if got := dirs(t, dest); !slices.Equal(got, []string{"keep", "keep/empty", "old"}) {
		t.Errorf("folders %v", got)
	}
}

// Files the manifest lists but someone removed from the destination are
// neither an error to remove nor a reason to skip writing.
func TestManifestFileMissing(t *testing.T) {
	for _, trusted := range []bool{false, true} {
		t.Run(fmt.Sprint("trusted=", trusted), func(t *testing.T) {
			src, dest := newSite(t)
			files := map[string]string{"index.html": "home", "sitemap.xml": "map", "gone/a.html": "a", "b.html": "b"}
			m, _ := build(t, src, dest, Options{}, files)
			// A second build of the same bytes compares them, and so knows
			// their hashes: what a trusted update goes by.
			m, _ = build(t, src, dest, Options{Previous: m}, files)
			for _, rel := range []string{"gone/a.html", "b.html"} {
				if err := os.Remove(filepath.Join(dest, filepath.FromSlash(rel))); err != nil {
					t.Fatal(err)
				}
			}
			build(t, src, dest, Options{Previous: m, Trusted: trusted}, map[string]string{
				"index.html": "home", "sitemap.xml": "map", "b.html": "b",
			})
			want := map[string]string{"index.html": "home", "sitemap.xml": "map"}
			if !trusted {
				// Untrusted, the missing b.html is seen and written again.
				want["b.html"] = "b"
			}
			if got := tree(t, dest); !maps.Equal(got, want) {
				t.Errorf("destination holds %v, want %v", got, want)
			}
			if got := dirs(t, dest); len(got) != 0 {
				t.Errorf("folders %v left", got)
			}
		})
	}
}

func TestKeep(t *testing.T) {
	files := map[string]string{"index.html": "home", "sitemap.xml": "map", "a/page.html": "page"}
	past := time.Date(2010, 1, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name     string
		rel      string
		manifest bool                                        // pass the first build's manifest
		change   func(t *testing.T, dest string, m Manifest) // after the first build
		trusted  bool
		want     bool
	}{
		{"intact", "a/page.html", true, nil, false, true},
		{"intact, trusted", "a/page.html", true, nil, true, true},
		{"intact, spelled differently", "a/./b/../page.html", true, nil, false, true},
		{"other size", "a/page.html", true, func(t *testing.T, dest string, m Manifest) {
			p := filepath.Join(dest, "a", "page.html")
			mustWrite(t, p, "edited page")
			when := time.Unix(0, m["a/page.html"].ModTime)
			if err := os.Chtimes(p, when, when); err != nil { // same time, other size
				t.Fatal(err)
			}
		}, false, false},
		{"other size, trusted", "a/page.html", true, func(t *testing.T, dest string, _ Manifest) {
			mustWrite(t, filepath.Join(dest, "a", "page.html"), "edited page")
		}, true, true},
		{"other time", "a/page.html", true, func(t *testing.T, dest string, _ Manifest) {
			if err := os.Chtimes(filepath.Join(dest, "a", "page.html"), past, past); err != nil {
				t.Fatal(err)
			}
		}, false, false},
		{"other time, trusted", "a/page.html", true, func(t *testing.T, dest string, _ Manifest) {
			if err := os.Chtimes(filepath.Join(dest, "a", "page.html"), past, past); err != nil {
				t.Fatal(err)
			}
		}, true, true},
		{"removed", "a/page.html", true, func(t *testing.T, dest string, _ Manifest) {
			if err := os.Remove(filepath.Join(dest, "a", "page.html")); err != nil {
				t.Fatal(err)
			}
		}, false, false},
		{"replaced by a folder", "a/page.html", true, func(t *testing.T, dest string, m Manifest) {
			p := filepath.Join(dest, "a", "page.html")
			if err := os.Remove(p); err != nil {
				t.Fatal(err)
			}
			mustMkdir(t, p)
		}, false, false},
		{"unknown", "a/other.html", true, nil, false, false},
		{"unknown, trusted", "a/other.html", true, nil, true, false},
		{"unknown, on disk", "a/other.html", true, func(t *testing.T, dest string, _ Manifest) {
			mustWrite(t, filepath.Join(dest, "a", "other.html"), "other")
		}, true, false},
		{"not written by a build", "a/page.html", true, func(t *testing.T, _ string, m Manifest) {
			e := m["a/page.html"]
			e.Ours = false
			m["a/page.html"] = e
		}, true, false},
		{"no manifest", "a/page.html", false, nil, false, false},
		{"no manifest, trusted", "a/page.html", false, nil, true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src, dest := newSite(t)
			m, _ := build(t, src, dest, Options{}, files)
			if tt.change != nil {
				tt.change(t, dest, m)
			}
			opts := Options{Trusted: tt.trusted}
			if tt.manifest {
				opts.Previous = m
			}
			before := tree(t, dest)
			beforeIDs := ids(t, dest)
			u, err := Begin(src, dest, opts)
			if err != nil {
				t.Fatal(err)
			}
			if got := u.Intact(tt.rel); got != tt.want {
				t.Errorf("Intact = %v, want %v", got, tt.want)
			}
			if u.Produced() != 0 {
				t.Errorf("Intact produced a file")
			}
			got, err := u.Keep(tt.rel)
			if err != nil || got != tt.want {
				t.Fatalf("Keep = %v %v, want %v", got, err, tt.want)
			}
			if want := map[bool]int{true: 1, false: 0}[tt.want]; u.Produced() != want {
				t.Errorf("%d produced, want %d", u.Produced(), want)
			}
			for _, rel := range []string{"index.html", "sitemap.xml"} {
				if ok, err := u.Keep(rel); ok || err != nil {
					continue
				}
				if err := u.WriteFile(rel, []byte(files[rel])); err != nil {
					t.Fatal(err)
				}
			}
			m2, err := u.Commit()
			if err != nil {
				t.Fatal(err)
			}
			if !tt.manifest && u.Written() != 0 {
				t.Errorf("%d written, want 0", u.Written())
			}
			rel := "a/page.html"
			p := filepath.Join(dest, "a", "page.html")
			if tt.want {
				// Kept: the file is as it was, not written again, and the
				// manifest carries its entry on.
				if data, err := os.ReadFile(p); err != nil || string(data) != before[rel] {
					t.Errorf("kept file holds %q %v, want %q", data, err, before[rel])
				}
				if id := idOf(t, p); id != beforeIDs[rel] {
					t.Errorf("kept file rewritten")
				}
				if m2[rel] != opts.Previous[rel] {
					t.Errorf("manifest entry %+v, was %+v", m2[rel], opts.Previous[rel])
				}
			} else if tt.rel == rel {
				// Neither kept nor produced: removed.
				if _, err := os.Lstat(p); !os.IsNotExist(err) {
					t.Errorf("file not produced was left: %v", err)
				}
				if _, ok := m2[rel]; ok {
					t.Errorf("manifest lists a file not produced")
				}
			}
		})
	}
}

// A file edited in the destination since the previous build is written
// again even when the build's bytes equal the previous build's, unless the
// folder is trusted to hold only what this process wrote.
func TestEditedFileRestored(t *testing.T) {
	files := map[string]string{"index.html": "home", "sitemap.xml": "map", "a.html": "original"}
	tests := []struct {
		name     string
		manifest bool
		trusted  bool
		want     string
	}{
		{"previous manifest", true, false, "original"},
		{"no manifest", false, false, "original"},
		{"no manifest, trusted", false, true, "original"},
		{"previous manifest, trusted", true, true, "tampered"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src, dest := newSite(t)
			m, _ := build(t, src, dest, Options{}, files)
			// The second build of the same bytes knows their hashes, what
			// a trusted update goes by.
			m, _ = build(t, src, dest, Options{Previous: m}, files)
			// Same size; the time is set, as the edit may fall in the
			// tick the build wrote the file in.
			p := filepath.Join(dest, "a.html")
			mustWrite(t, p, "tampered")
			past := time.Date(2010, 1, 1, 0, 0, 0, 0, time.UTC)
			if err := os.Chtimes(p, past, past); err != nil {
				t.Fatal(err)
			}
			opts := Options{Trusted: tt.trusted}
			if tt.manifest {
				opts.Previous = m
			}
			m2, u := build(t, src, dest, opts, files)
			if got := mustRead(t, filepath.Join(dest, "a.html")); got != tt.want {
				t.Errorf("a.html holds %q, want %q", got, tt.want)
			}
			if wantWritten := map[bool]int{true: 1, false: 0}[tt.want == "original"]; u.Written() != wantWritten {
				t.Errorf("%d written, want %d", u.Written(), wantWritten)
			}
			if tt.want == "original" {
				checkManifest(t, dest, m2)
			}
		})
	}
}

// A destination whose manifest was lost is read: bytes equal to the build's
// are found by comparing, and files not produced are removed, also those
// not made by a build.
func TestNoManifest(t *testing.T) {
	src, dest := newSite(t)
	// A build whose manifest was lost (no cache folder), with a file
	// someone added: read from the destination.
	mustMkdir(t, filepath.Join(dest, MarkerName))
	old := map[string]string{
		"index.html":       "home",
		"sitemap.xml":      "map",
		"same.html":        "same",
		"changed.html":     "old bytes",
		"gone/deep/x.html": "x",
		"stray.txt":        "stray",
	}
	for rel, data := range old {
		mustWrite(t, filepath.Join(dest, filepath.FromSlash(rel)), data)
	}
	age(t, dest, nil)
	before := ids(t, dest)
	next := map[string]string{"index.html": "home", "sitemap.xml": "map v2", "same.html": "same", "changed.html": "new bytes", "new.html": "new"}
	m, u := build(t, src, dest, Options{}, next)
	if got := tree(t, dest); !maps.Equal(got, next) {
		t.Errorf("destination holds %v, want %v", got, next)
	}
	if got := dirs(t, dest); len(got) != 0 {
		t.Errorf("folders %v left", got)
	}
	after := ids(t, dest)
	for _, rel := range []string{"index.html", "same.html"} {
		if after[rel] != before[rel] {
			t.Errorf("%s rewritten", rel)
		}
	}
	for _, rel := range []string{"sitemap.xml", "changed.html"} {
		if after[rel].ino == before[rel].ino {
			t.Errorf("%s not replaced", rel)
		}
	}
	if u.Written() != 3 || u.Produced() != 5 {
		t.Errorf("%d written %d produced, want 3 5", u.Written(), u.Produced())
	}
	checkManifest(t, dest, m)
}

// A path can go from file to folder and the other way round between builds.
func TestFileBecomesFolder(t *testing.T) {
	base := map[string]string{"index.html": "home", "sitemap.xml": "map"}
	with := func(extra map[string]string) map[string]string {
		m := maps.Clone(base)
		maps.Copy(m, extra)
		return m
	}
	tests := []struct {
		name          string
		first, second map[string]string
	}{
		{"file to folder", with(map[string]string{"a": "file a"}), with(map[string]string{"a/index.html": "folder a"})},
		{"file to deep folder", with(map[string]string{"a": "file a"}), with(map[string]string{"a/b/c/index.html": "deep"})},
		// Commit removes a/index.html but not the folder a it empties
		// before moving the file a in, so the rename fails on the folder.
		{"folder to file", with(map[string]string{"a/index.html": "folder a"}), with(map[string]string{"a": "file a"})},
		{"deep folder to file", with(map[string]string{"a/b/c/index.html": "deep", "a/x.html": "x"}), with(map[string]string{"a": "file a"})},
		{"nested folder to file", with(map[string]string{"a/b/index.html": "folder b", "a/keep.html": "k"}), with(map[string]string{"a/b": "file b", "a/keep.html": "k"})},
	}
	for _, tt := range tests {
		for _, manifest := range []bool{true, false} {
			t.Run(fmt.Sprintf("%s/manifest=%v", tt.name, manifest), func(t *testing.T) {
				src, dest := newSite(t)
				m, _ := build(t, src, dest, Options{}, tt.first)
				opts := Options{}
				if manifest {
					opts.Previous = m
				}
				u, err := Begin(src, dest, opts)
				if err != nil {
					t.Fatal(err)
				}
				for _, rel := range slices.Sorted(maps.Keys(tt.second)) {
					if err := u.WriteFile(rel, []byte(tt.second[rel])); err != nil {
						t.Fatal(err)
					}
				}
				m2, err := u.Commit()
				noStaging(t, dest)
				if err != nil {
					t.Fatalf("Commit: %v; destination now holds %v", err, tree(t, dest))
				}
				if got := tree(t, dest); !maps.Equal(got, tt.second) {
					t.Errorf("destination holds %v, want %v", got, tt.second)
				}
				checkManifest(t, dest, m2)
			})
		}
	}
}

func TestAbort(t *testing.T) {
	first := map[string]string{"index.html": "old home", "sitemap.xml": "old map", "a/x.html": "x", "gone.html": "g"}
	tests := []struct {
		name     string
		previous bool // a build is in the destination
		manifest bool
	}{
		{"first build", false, false},
		{"second build", true, true},
		{"second build, no manifest", true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src, dest := newSite(t)
			var opts Options
			if tt.previous {
				m, _ := build(t, src, dest, Options{}, first)
				if tt.manifest {
					opts.Previous = m
				}
			}
			before := tree(t, dest)
			beforeIDs := ids(t, dest)
			beside := names(t, filepath.Dir(dest))

			u, err := Begin(src, dest, opts)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := u.Keep("a/x.html"); err != nil {
				t.Fatal(err)
			}
			for rel, data := range map[string]string{
				"index.html":            "new home",
				"sitemap.xml":           "old map",
				"articles/y/index.html": "new",
			} {
				if err := u.WriteFile(rel, []byte(data)); err != nil {
					t.Fatal(err)
				}
			}
			u.Abort()
			if got := tree(t, dest); !maps.Equal(got, before) {
				t.Errorf("Abort changed the destination: %v, was %v", got, before)
			}
			if got := ids(t, dest); !maps.Equal(got, beforeIDs) {
				t.Errorf("Abort rewrote files of the destination")
			}
			if _, err := os.Stat(u.StageDir()); !os.IsNotExist(err) {
				t.Errorf("staging folder left: %v", err)
			}
			if got := names(t, filepath.Dir(dest)); !slices.Equal(got, beside) {
				t.Errorf("beside the destination: %v, was %v", got, beside)
			}
			if !tt.previous {
				if _, err := os.Stat(dest); !os.IsNotExist(err) {
					t.Errorf("a failed first build made the destination: %v", err)
				}
			}
			u.Abort() // twice is harmless
		})
	}
}

// A build whose files cannot all be written fails at Commit, and changes
// nothing.
func TestWriteFailure(t *testing.T) {
	first := map[string]string{"index.html": "home", "sitemap.xml": "map", "a.html": "a", "gone.html": "g"}
	for _, previous := range []bool{false, true} {
		t.Run(fmt.Sprint("previous=", previous), func(t *testing.T) {
			src, dest := newSite(t)
			var opts Options
			if previous {
				opts.Previous, _ = build(t, src, dest, Options{}, first)
			}
			before := tree(t, dest)
			beforeIDs := ids(t, dest)
			u, err := Begin(src, dest, opts)
			if err != nil {
				t.Fatal(err)
			}
			for rel, data := range map[string]string{"index.html": "new home", "a.html": "a", "new.html": "new"} {
				if err := u.WriteFile(rel, []byte(data)); err != nil {
					t.Fatal(err)
				}
			}
			// A file where the build needs a folder: x/y.html cannot be
			// written.
			mustWrite(t, filepath.Join(u.StageDir(), "files", "x"), "in the way")
			if err := u.WriteFile("x/y.html", []byte("y")); err != nil {
				t.Logf("WriteFile: %v", err) // reported now or at Commit
			}
			m, err := u.Commit()
			if err == nil {
				t.Fatalf("Commit succeeded; destination holds %v", tree(t, dest))
			}
			if m != nil {
				t.Errorf("a failed Commit returned a manifest of %d files", len(m))
			}
			if got := tree(t, dest); !maps.Equal(got, before) {
				t.Errorf("a failed build changed the destination: %v, was %v", got, before)
			}
			if got := ids(t, dest); !maps.Equal(got, beforeIDs) {
				t.Errorf("a failed build rewrote files of the destination")
			}
			if !previous {
				if _, err := os.Stat(dest); !os.IsNotExist(err) {
					t.Errorf("a failed first build made the destination: %v", err)
				}
			}
			noStaging(t, dest)
		})
	}
}

func TestKeepAllBut(t *testing.T) {
	src, dest := newSite(t)
	m, _ := build(t, src, dest, Options{}, map[string]string{
		"index.html": "home", "sitemap.xml": "map", "a.html": "a", "b/index.html": "b", "c.html": "c",
	})
	before := ids(t, dest)
	u, err := Begin(src, dest, Options{Previous: m, Trusted: true})
	if err != nil {
		t.Fatal(err)
	}
	// b is remade, c is no longer produced, d is new.
	u.KeepAllBut(map[string]bool{"b/index.html": true, "c.html": true})
	if u.Produced() != 3 {
		t.Errorf("%d produced, want 3", u.Produced())
	}
	for rel, data := range map[string]string{"b/index.html": "b v2", "d.html": "d"} {
		if err := u.WriteFile(rel, []byte(data)); err != nil {
			t.Fatal(err)
		}
	}
	m2, err := u.Commit()
	if err != nil {
		t.Fatal(err)
	}
	if u.Written() != 2 || u.Produced() != 5 {
		t.Errorf("%d written %d produced, want 2 5", u.Written(), u.Produced())
	}
	want := map[string]string{"index.html": "home", "sitemap.xml": "map", "a.html": "a", "b/index.html": "b v2", "d.html": "d"}
	if got := tree(t, dest); !maps.Equal(got, want) {
		t.Errorf("destination holds %v, want %v", got, want)
	}
	after := ids(t, dest)
	for _, rel := range []string{"index.html", "sitemap.xml", "a.html"} {
		if after[rel] != before[rel] {
			t.Errorf("%s rewritten", rel)
		}
	}
	checkManifest(t, dest, m2)
}

func TestConcurrentWrites(t *testing.T) {
	src, dest := newSite(t)
	const workers, each = 8, 60
	rel := func(w, i int) string { return fmt.Sprintf("articles/%d/w%d/%d.html", i%5, w, i) }
	// Every third file changes in the second build; every fifth is kept
	// without being produced again.
	data := func(w, i, round int) string {
		if round == 2 && i%3 == 0 && i%5 != 1 {
			return rel(w, i) + " v2"
		}
		return rel(w, i)
	}
	var prev Manifest
	for round := 1; round <= 2; round++ {
		u, err := Begin(src, dest, Options{Previous: prev})
		if err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		errs := make(chan error, workers*each+2)
		for w := range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range each {
					// Workers share folders, so they race to create them.
					if round == 2 && i%5 == 1 {
						if ok, err := u.Keep(rel(w, i)); err != nil || !ok {
							errs <- fmt.Errorf("Keep(%s): %v %v", rel(w, i), ok, err)
						}
						continue
					}
					if err := u.WriteFile(rel(w, i), []byte(data(w, i, round))); err != nil {
						errs <- err
					}
					_ = u.Written() + int(u.Bytes()) + u.Produced()
				}
			}()
		}
		for _, name := range []string{"index.html", "sitemap.xml"} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if err := u.WriteFile(name, []byte(name)); err != nil {
					errs <- err
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Error(err)
		}
		var files int
		var total int64
		want := map[string]string{"index.html": "index.html", "sitemap.xml": "sitemap.xml"}
		if round == 1 {
			files, total = 2, int64(len("index.html")+len("sitemap.xml"))
		}
		for w := range workers {
			for i := range each {
				want[rel(w, i)] = data(w, i, round)
				if round == 1 || i%3 == 0 && i%5 != 1 {
					files++
					total += int64(len(data(w, i, round)))
				}
			}
		}
		if u.Produced() != len(want) {
			t.Errorf("round %d: %d produced, want %d", round, u.Produced(), len(want))
		}
		if prev, err = u.Commit(); err != nil {
			t.Fatal(err)
		}
		if u.Written() != files || u.Bytes() != total {
			t.Errorf("round %d: %d written %d bytes, want %d %d", round, u.Written(), u.Bytes(), files, total)
		}
		if got := tree(t, dest); !maps.Equal(got, want) {
			t.Errorf("round %d: %d files committed, want %d", round, len(got), len(want))
		}
		checkManifest(t, dest, prev)
		noStaging(t, dest)
	}
}

// A Delta update shares the previous manifest with the files it produces:
// concurrent writers must not race on it (run with -race).
func TestConcurrentDeltaWrites(t *testing.T) {
	src, dest := newSite(t)
	files := map[string]string{"index.html": "home", "sitemap.xml": "<urlset/>"}
	for i := range 200 {
		files[fmt.Sprintf("articles/%d/index.html", i)] = fmt.Sprintf("article %d", i)
	}
	prev, _ := build(t, src, dest, Options{}, files)
	u, err := Begin(src, dest, Options{Previous: prev, Trusted: true, Delta: true})
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < 200; i += 8 {
				text := fmt.Sprintf("article %d", i)
				if i%2 == 0 {
					text += " v2"
				}
				if err := u.WriteFile(fmt.Sprintf("articles/%d/index.html", i), []byte(text)); err != nil {
					t.Error(err)
				}
			}
		}()
	}
	wg.Wait()
	m, err := u.Commit()
	if err != nil {
		t.Fatal(err)
	}
	if u.Written() != 100 || len(m) != len(files) {
		t.Errorf("wrote %d files (want 100), manifest has %d (want %d)", u.Written(), len(m), len(files))
	}
	got, err := os.ReadFile(filepath.Join(dest, "articles/4/index.html"))
	if err != nil || string(got) != "article 4 v2" {
		t.Errorf("articles/4/index.html = %q, %v", got, err)
	}
}

// A first build hashes nothing (no bytes are compared); the next build of
// the same bytes compares them with the files, keeps them, and then knows
// their hashes.
func TestHashedWhenCompared(t *testing.T) {
	src, dest := newSite(t)
	files := map[string]string{"index.html": "home", "sitemap.xml": "map", "a/b.html": "b"}
	m, _ := build(t, src, dest, Options{}, files)
	for rel, e := range m {
		if !e.Ours || e.Hashed {
			t.Errorf("first build, %s: ours %v hashed %v, want ours and not hashed", rel, e.Ours, e.Hashed)
		}
	}
	before := ids(t, dest)
	m, u := build(t, src, dest, Options{Previous: m}, files)
	if u.Written() != 0 || !maps.Equal(ids(t, dest), before) {
		t.Errorf("second build wrote %d files", u.Written())
	}
	for rel, e := range m {
		if !e.Ours || !e.Hashed || e.Hash != HashOf([]byte(files[rel])) {
			t.Errorf("second build, %s: ours %v hashed %v", rel, e.Ours, e.Hashed)
		}
	}
	checkManifest(t, dest, m)
}

// A buffer handed over with WriteOwned comes back exactly once, whatever
// became of it: written, found unchanged, or refused; and the bytes
// written are those it held when handed over.
func TestWriteOwnedReleases(t *testing.T) {
	src, dest := newSite(t)
	files := map[string]string{"index.html": "home", "sitemap.xml": "map", "a/b.html": "b"}
	m, _ := build(t, src, dest, Options{}, files)

	u, err := Begin(src, dest, Options{Previous: m})
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	released := map[string]int{}
	owned := func(rel, data string) error {
		return u.WriteOwned(rel, []byte(data), func(b []byte) {
			mu.Lock()
			released[rel]++
			mu.Unlock()
			clear(b) // reused at once by its owner
		})
	}
	for _, w := range []struct{ rel, data string }{
		{"index.html", "home"},         // unchanged: not written
		{"sitemap.xml", "new map"},     // written
		{"a/c.html", "c"},              // new
		{"../outside.html", "refused"}, // refused
	} {
		err := owned(w.rel, w.data)
		if (err != nil) != (w.rel == "../outside.html") {
			t.Errorf("%s: %v", w.rel, err)
		}
	}
	if _, err := u.Commit(); err != nil {
		t.Fatal(err)
	}
	for _, rel := range []string{"index.html", "sitemap.xml", "a/c.html", "../outside.html"} {
		if released[rel] != 1 {
			t.Errorf("%s released %d times, want once", rel, released[rel])
		}
	}
	for rel, want := range map[string]string{"index.html": "home", "sitemap.xml": "new map", "a/c.html": "c"} {
		got, err := os.ReadFile(filepath.Join(dest, rel))
		if err != nil || string(got) != want {
			t.Errorf("%s = %q, %v; want %q", rel, got, err, want)
		}
	}
}

// Unchanged vouches for a destination only when every file of the manifest
// is there as a build left it.
func TestManifestUnchanged(t *testing.T) {
	src, dest := newSite(t)
	files := map[string]string{"index.html": "home", "sitemap.xml": "map", "a/b.html": "b"}
	m, _ := build(t, src, dest, Options{}, files)
	if !m.Unchanged(dest) {
		t.Fatal("a destination as the build left it is not unchanged")
	}
	if (Manifest{}).Unchanged(dest) {
		t.Error("an empty manifest vouches for nothing")
	}
	notOurs := maps.Clone(m)
	e := notOurs["a/b.html"]
	e.Ours = false
	notOurs["a/b.html"] = e
	if notOurs.Unchanged(dest) {
		t.Error("a file no build wrote is unchanged")
	}
	later := time.Now().Add(time.Hour)
	if err := os.Chtimes(filepath.Join(dest, "a", "b.html"), later, later); err != nil {
		t.Fatal(err)
	}
	if m.Unchanged(dest) {
		t.Error("a file touched since the build is unchanged")
	}
	if err := os.Remove(filepath.Join(dest, "a", "b.html")); err != nil {
		t.Fatal(err)
	}
	if m.Unchanged(dest) {
		t.Error("a file removed since the build is unchanged")
	}
}
