//go:build unix

package content

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"

	"github.com/jihat/jihat/internal/sitefs"
)

const (
	secretArticle = "---\ntitle: SECRET\ndate: 2024-01-01\nregion: oriental\n---\nDEPLOY_TOKEN=SECRET\n"
	plainArticle  = "---\ntitle: t\ndate: 2024-01-01\nregion: oriental\n---\nx\n"
	outsideFix    = ", outside the site folder: Jihat publishes only files inside the site; copy the file into the site or remove the link"
	fifoFix       = "a named pipe (FIFO), not a regular file: Jihat publishes only regular files; remove it from the site"
)

// linkSite writes a small site, with a folder beside it that links may lead
// to: base/site is the site, base/outside holds a secret article, a folder
// and a photo.
func linkSite(t *testing.T) (base, root string) {
	t.Helper()
	base = t.TempDir()
	root = filepath.Join(base, "site")
	for name, body := range map[string]string{
		"site/content/a.md":                   plainArticle,
		"site/content/2024/visit/index.md":    strings.Replace(plainArticle, "title: t", "title: visit", 1),
		"site/content/2024/visit/photo.jpg":   "jpeg",
		"site/shared/b.md":                    strings.Replace(plainArticle, "title: t", "title: shared", 1),
		"site/shared/folder/c.md":             plainArticle,
		"outside/secret.md":                   secretArticle,
		"outside/folder/index.md":             secretArticle,
		"outside/folder/photo.jpg":            "SECRET",
		"outside/content/secret-content.md":   secretArticle,
		"site/real-content/from-elsewhere.md": plainArticle,
	} {
		write(t, filepath.Join(base, filepath.FromSlash(name)), body)
	}
	return base, root
}

func write(t *testing.T, name, body string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}

func link(t *testing.T, target, name string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, name); err != nil {
		t.Skipf("cannot make symbolic links here: %v", err)
	}
}

func fifo(t *testing.T, name string) {
	t.Helper()
	if err := syscall.Mkfifo(name, 0o644); err != nil {
		t.Skipf("cannot make a named pipe here: %v", err)
	}
}

// Every way a file under content/ can lead outside the site, or be a file
// that is not regular, is refused with one message naming the file, where
// its link points and what to do; nothing of the content is loaded then, so
// no later step reads the file. Links that stay inside the site work.
func TestLoadRefusesFilesOutsideTheSite(t *testing.T) {
	tests := []struct {
		name string
		// make adds links (base is the temp folder holding site/ and
		// outside/); it returns the messages expected, with BASE for base.
		make func(t *testing.T, base, root string) []string
		// articles loaded when nothing is refused
		articles []string
	}{
		{
			name: "article: absolute link",
			make: func(t *testing.T, base, root string) []string {
				link(t, filepath.Join(base, "outside/secret.md"), filepath.Join(root, "content/leak.md"))
				return []string{"content/leak.md: a link to BASE/outside/secret.md" + outsideFix}
			},
		},
		{
			name: "article: relative ../../ link",
			make: func(t *testing.T, base, root string) []string {
				link(t, "../../outside/secret.md", filepath.Join(root, "content/leak.md"))
				return []string{"content/leak.md: a link to ../../outside/secret.md, which leads to BASE/outside/secret.md" + outsideFix}
			},
		},
		{
			name: "bundle file: link to a photo outside",
			make: func(t *testing.T, base, root string) []string {
				link(t, "../../../../outside/folder/photo.jpg", filepath.Join(root, "content/2024/visit/leak.jpg"))
				return []string{"content/2024/visit/leak.jpg: a link to ../../../../outside/folder/photo.jpg, which leads to BASE/outside/folder/photo.jpg" + outsideFix}
			},
		},
		{
			name: "folder: link to a folder outside",
			make: func(t *testing.T, base, root string) []string {
				link(t, filepath.Join(base, "outside/folder"), filepath.Join(root, "content/2024/photos"))
				return []string{"content/2024/photos: a link to BASE/outside/folder" + outsideFix}
			},
		},
		{
			name: "chained links: inside, then outside",
			make: func(t *testing.T, base, root string) []string {
				link(t, filepath.Join(base, "outside/secret.md"), filepath.Join(root, "shared/hop.md"))
				link(t, "../shared/hop.md", filepath.Join(root, "content/leak.md"))
				return []string{"content/leak.md: shared/hop.md is a link to BASE/outside/secret.md" + outsideFix}
			},
		},
		{
			name: "content folder: a link outside",
			make: func(t *testing.T, base, root string) []string {
				if err := os.RemoveAll(filepath.Join(root, "content")); err != nil {
					t.Fatal(err)
				}
				link(t, "../outside/content", filepath.Join(root, "content"))
				return []string{"content: a link to ../outside/content, which leads to BASE/outside/content" + outsideFix}
			},
		},
		{
			name: "named pipe",
			make: func(t *testing.T, base, root string) []string {
				fifo(t, filepath.Join(root, "content/pipe.md"))
				return []string{"content/pipe.md: " + fifoFix}
			},
		},
		{
			name: "named pipe in a bundle",
			make: func(t *testing.T, base, root string) []string {
				fifo(t, filepath.Join(root, "content/2024/visit/photo2.jpg"))
				return []string{"content/2024/visit/photo2.jpg: " + fifoFix}
			},
		},
		{
			name: "link inside the site to a named pipe",
			make: func(t *testing.T, base, root string) []string {
				fifo(t, filepath.Join(root, "shared/pipe"))
				link(t, "../shared/pipe", filepath.Join(root, "content/pipe.md"))
				return []string{"content/pipe.md: a link to shared/pipe, " + fifoFix}
			},
		},
		{
			name: "link to a device",
			make: func(t *testing.T, base, root string) []string {
				link(t, "/dev/zero", filepath.Join(root, "content/zero.md"))
				return []string{"content/zero.md: a link to /dev/zero" + outsideFix}
			},
		},
		{
			name: "link inside the site to a folder",
			make: func(t *testing.T, base, root string) []string {
				link(t, "../shared/folder", filepath.Join(root, "content/more"))
				return []string{"content/more: a link to a folder (shared/folder): Jihat does not follow links to folders inside the site; copy the folder here, or link its files one by one"}
			},
		},
		{
			name: "link to nothing",
			make: func(t *testing.T, base, root string) []string {
				link(t, "gone.md", filepath.Join(root, "content/gone-link.md"))
				return []string{"content/gone-link.md: a link to gone.md, which does not exist: restore that file or remove the link"}
			},
		},
		{
			name: "links pointing at each other",
			make: func(t *testing.T, base, root string) []string {
				link(t, "loop2.md", filepath.Join(root, "content/loop1.md"))
				link(t, "loop1.md", filepath.Join(root, "content/loop2.md"))
				return []string{
					"content/loop1.md: too many links in a row: do two links point at each other? Replace one of them with the file",
					"content/loop2.md: too many links in a row: do two links point at each other? Replace one of them with the file",
				}
			},
		},
		{
			name: "links inside the site keep working",
			make: func(t *testing.T, base, root string) []string {
				link(t, "../shared/b.md", filepath.Join(root, "content/b.md"))                       // relative
				link(t, filepath.Join(root, "shared/b.md"), filepath.Join(root, "content/b-abs.md")) // absolute
				link(t, "b.md", filepath.Join(root, "content/b-chain.md"))                           // chained
				link(t, "photo.jpg", filepath.Join(root, "content/2024/visit/photo-alias.jpg"))
				// Hidden files are not content: not even looked at.
				link(t, "/proc/self/environ", filepath.Join(root, "content/.env"))
				return nil
			},
			articles: []string{"content/2024/visit/index.md", "content/a.md", "content/b-abs.md", "content/b-chain.md", "content/b.md"},
		},
		{
			name: "content folder: a link inside the site",
			make: func(t *testing.T, base, root string) []string {
				if err := os.RemoveAll(filepath.Join(root, "content")); err != nil {
					t.Fatal(err)
				}
				link(t, "real-content", filepath.Join(root, "content"))
				return nil
			},
			articles: []string{"content/from-elsewhere.md"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			base, root := linkSite(t)
			want := tt.make(t, base, root)
			set, problems := Load(root, false, testOptions(t))
			var got []string
			for _, p := range problems {
				got = append(got, p.Error())
				if strings.Contains(p.Error(), "DEPLOY_TOKEN") {
					t.Errorf("a message shows the content of a file outside: %s", p.Error())
				}
			}
			for i := range want {
				want[i] = strings.ReplaceAll(want[i], "BASE", base)
			}
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
			if len(want) > 0 || set == nil {
				if set != nil {
					t.Errorf("a set was loaded beside refused files: %d articles", len(set.Articles))
				}
				return
			}
			var paths []string
			for _, a := range set.Articles {
				paths = append(paths, a.Path)
				if a.Title == "SECRET" {
					t.Errorf("%s is the article outside the site", a.Path)
				}
			}
			slices.Sort(paths)
			if strings.Join(paths, " ") != strings.Join(tt.articles, " ") {
				t.Errorf("articles %v, want %v", paths, tt.articles)
			}
		})
	}
}

// The guard on its own: what sitefs.CheckFile says of each kind of path.
func TestCheckFile(t *testing.T) {
	base, root := linkSite(t)
	link(t, "/proc/self/environ", filepath.Join(root, "static/env"))
	link(t, "../shared", filepath.Join(root, "static/shared"))
	link(t, filepath.Join(base, "outside"), filepath.Join(root, "static/out"))
	tests := []struct {
		rel, want string
	}{
		{"content/a.md", ""},
		{"static/shared/b.md", ""}, // through a link to a folder inside
		{"static/env", "static/env: a link to /proc/self/environ" + outsideFix},
		{"static/out/secret.md", "static/out/secret.md: static/out is a link to BASE/outside" + outsideFix},
		{"static/shared", "static/shared: a link to a folder (shared): Jihat does not follow links to folders inside the site; copy the folder here, or link its files one by one"},
		{"content", "content: a folder where a file was expected"},
	}
	for _, tt := range tests {
		err := sitefs.CheckFile(root, tt.rel)
		got := ""
		if err != nil {
			got = err.Error()
		}
		if want := strings.ReplaceAll(tt.want, "BASE", base); got != want {
			t.Errorf("CheckFile(%s) = %q, want %q", tt.rel, got, want)
		}
	}
	// The site folder reached through a link of its own is the site.
	alias := filepath.Join(base, "alias")
	link(t, "site", alias)
	if err := sitefs.CheckFile(alias, "shared/b.md"); err != nil {
		t.Errorf("through a link to the site folder: %v", err)
	}
}
