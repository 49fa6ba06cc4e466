//go:build unix

package build

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jihat/jihat"
	"github.com/jihat/jihat/internal/site"
)

const (
	secret     = "SECRET-DEPLOY-TOKEN"
	outsideFix = ", outside the site folder: Jihat publishes only files inside the site; copy the file into the site or remove the link"
	fifoFix    = "a named pipe (FIFO), not a regular file: Jihat publishes only regular files; remove it from the site"
)

// linkedSite copies the test site to base/site and writes, beside it in
// base/outside, files that links may lead to, each holding the secret; and,
// inside the site in shared/, files that links may lead to legitimately.
func linkedSite(t *testing.T) (base, root string) {
	t.Helper()
	base = t.TempDir()
	root = filepath.Join(base, "site")
	copyTree(t, testSite, root)
	themeBase, err := fs.ReadFile(jihat.Theme, "layouts/base.html")
	if err != nil {
		t.Fatal(err)
	}
	for rel, body := range map[string]string{
		"outside/secret.css":         secret,
		"outside/secret.png":         pngOf(t, 2, 2) + secret, // a PNG header, then the secret
		"outside/secret.md":          "---\ntitle: " + secret + "\ndate: 2024-01-01\nregion: oriental\n---\n" + secret + "\n",
		"outside/dir/x.css":          secret,
		"outside/layouts/base.html":  secret,
		"outside/layout.html":        "{{define \"main\"}}" + secret + "{{end}}",
		"outside/articles/a.md":      "---\ntitle: " + secret + "\ndate: 2024-01-01\nregion: oriental\n---\n" + secret + "\n",
		"site/shared/site.css":       "body{color:red}\n",
		"site/shared/lead.png":       pngOf(t, 3, 3),
		"site/shared/base.html":      string(themeBase),
		"site/assets/favicon.svg":    "<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n",
		"site/shared/strings.toml":   "",
		"site/shared/static/own.css": "p{margin:0}\n",
	} {
		writeSource(t, base, rel, body)
	}
	return base, root
}

func symlink(t *testing.T, target, name string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, name); err != nil {
		t.Skipf("cannot make symbolic links here: %v", err)
	}
}

func mkfifo(t *testing.T, name string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(name, 0o644); err != nil {
		t.Skipf("cannot make a named pipe here: %v", err)
	}
}

// within runs f, failing the test rather than hanging it: reading a named
// pipe blocks until something writes to it.
func within(t *testing.T, what string, f func() error) error {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- f() }()
	select {
	case err := <-done:
		return err
	case <-time.After(2 * time.Minute):
		t.Fatalf("%s did not return: is it reading a named pipe?", what)
		return nil
	}
}

// noSecret fails if any file under dir holds the secret.
func noSecret(t *testing.T, dir string) {
	t.Helper()
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		if data, err := os.ReadFile(p); err == nil && bytes.Contains(data, []byte(secret)) {
			t.Errorf("%s holds the secret from outside the site", p)
		}
		return nil
	})
}

// Every place a build reads a site's file from refuses a file reached
// through a link leading outside the site, and a file that is not regular,
// naming the file, where the link points and the fix; jihat build and jihat
// check both stop, and nothing is published. Links that stay inside the site
// keep working.
func TestBuildRefusesFilesOutsideTheSite(t *testing.T) {
	tests := []struct {
		name string
		// make adds links; it returns the lines the error must hold (BASE
		// is the folder holding site/ and outside/), none when the build
		// must succeed.
		make func(t *testing.T, base, root string) []string
		// built, for a build that succeeds: output files and what they
		// must equal (a file under base).
		built map[string]string
	}{
		// static/
		{name: "static: absolute link", make: func(t *testing.T, base, root string) []string {
			symlink(t, "/proc/self/environ", filepath.Join(root, "static/env"))
			return []string{"static/env: a link to /proc/self/environ" + outsideFix}
		}},
		{name: "static: relative ../../ link", make: func(t *testing.T, base, root string) []string {
			symlink(t, "../../../outside/secret.css", filepath.Join(root, "static/css/leak.css"))
			return []string{"static/css/leak.css: a link to ../../../outside/secret.css, which leads to BASE/outside/secret.css" + outsideFix}
		}},
		{name: "static: link to a folder outside", make: func(t *testing.T, base, root string) []string {
			symlink(t, filepath.Join(base, "outside/dir"), filepath.Join(root, "static/vendor"))
			return []string{"static/vendor: a link to BASE/outside/dir" + outsideFix}
		}},
		{name: "static: chained links", make: func(t *testing.T, base, root string) []string {
			symlink(t, filepath.Join(base, "outside/secret.css"), filepath.Join(root, "static/b.css"))
			symlink(t, "b.css", filepath.Join(root, "static/a.css"))
			return []string{
				"static/a.css: static/b.css is a link to BASE/outside/secret.css" + outsideFix,
				"static/b.css: a link to BASE/outside/secret.css" + outsideFix,
			}
		}},
		{name: "static: the folder itself links outside", make: func(t *testing.T, base, root string) []string {
			symlink(t, "../outside/dir", filepath.Join(root, "static"))
			return []string{"static: a link to ../outside/dir, which leads to BASE/outside/dir" + outsideFix}
		}},
		{name: "static: named pipe", make: func(t *testing.T, base, root string) []string {
			mkfifo(t, filepath.Join(root, "static/pipe.css"))
			return []string{"static/pipe.css: " + fifoFix}
		}},
		{name: "static: link inside the site to a folder", make: func(t *testing.T, base, root string) []string {
			symlink(t, "../shared", filepath.Join(root, "static/shared"))
			return []string{"static/shared: a link to a folder (shared): Jihat does not follow links to folders inside the site; copy the folder here, or link its files one by one"}
		}},
		{name: "static: links inside the site keep working", make: func(t *testing.T, base, root string) []string {
			symlink(t, "../shared/site.css", filepath.Join(root, "static/site.css"))
			symlink(t, filepath.Join(root, "shared/site.css"), filepath.Join(root, "static/abs.css"))
			symlink(t, "site.css", filepath.Join(root, "static/chain.css"))
			symlink(t, "/proc/self/environ", filepath.Join(root, "static/.hidden")) // not published
			return nil
		}, built: map[string]string{"site.css": "site/shared/site.css", "abs.css": "site/shared/site.css", "chain.css": "site/shared/site.css"}},
		{name: "static: the folder itself links inside the site", make: func(t *testing.T, base, root string) []string {
			symlink(t, "shared/static", filepath.Join(root, "static"))
			return nil
		}, built: map[string]string{"own.css": "site/shared/static/own.css"}},

		// layouts/
		{name: "layouts: absolute link", make: func(t *testing.T, base, root string) []string {
			symlink(t, filepath.Join(base, "outside/layout.html"), filepath.Join(root, "layouts/article.html"))
			return []string{"layouts/article.html: a link to BASE/outside/layout.html" + outsideFix}
		}},
		{name: "layouts: the folder itself links outside", make: func(t *testing.T, base, root string) []string {
			symlink(t, "../outside/layouts", filepath.Join(root, "layouts"))
			return []string{"layouts/base.html: layouts is a link to ../outside/layouts, which leads to BASE/outside/layouts" + outsideFix}
		}},
		{name: "layouts: labels link outside", make: func(t *testing.T, base, root string) []string {
			symlink(t, "/proc/self/environ", filepath.Join(root, "layouts/strings.toml"))
			return []string{"layouts/strings.toml: a link to /proc/self/environ" + outsideFix}
		}},
		{name: "layouts: a partial's folder links outside", make: func(t *testing.T, base, root string) []string {
			symlink(t, "../../outside/dir", filepath.Join(root, "layouts/partials"))
			return []string{"layouts/partials/card.html: layouts/partials is a link to ../../outside/dir, which leads to BASE/outside/dir" + outsideFix}
		}},
		{name: "layouts: named pipe", make: func(t *testing.T, base, root string) []string {
			mkfifo(t, filepath.Join(root, "layouts/partials/card.html"))
			return []string{"layouts/partials/card.html: " + fifoFix}
		}},
		{name: "layouts: links inside the site keep working", make: func(t *testing.T, base, root string) []string {
			symlink(t, "../shared/base.html", filepath.Join(root, "layouts/base.html"))
			symlink(t, filepath.Join(root, "shared/strings.toml"), filepath.Join(root, "layouts/strings.toml"))
			return nil
		}},

		// site.toml
		{name: "site.toml: link outside", make: func(t *testing.T, base, root string) []string {
			remove(t, root, "site.toml")
			symlink(t, "/proc/self/environ", filepath.Join(root, "site.toml"))
			return []string{"site.toml: a link to /proc/self/environ" + outsideFix}
		}},
		{name: "site.toml: named pipe", make: func(t *testing.T, base, root string) []string {
			remove(t, root, "site.toml")
			mkfifo(t, filepath.Join(root, "site.toml"))
			return []string{"site.toml: " + fifoFix}
		}},

		// content/: articles, bundles and the images articles show
		{name: "article: absolute link", make: func(t *testing.T, base, root string) []string {
			symlink(t, filepath.Join(base, "outside/secret.md"), filepath.Join(root, "content/2023/leak.md"))
			return []string{"content/2023/leak.md: a link to BASE/outside/secret.md" + outsideFix}
		}},
		{name: "article image: relative ../../ link", make: func(t *testing.T, base, root string) []string {
			remove(t, root, "content/2024/argana-visit/lead.png")
			symlink(t, "../../../../outside/secret.png", filepath.Join(root, "content/2024/argana-visit/lead.png"))
			return []string{"content/2024/argana-visit/lead.png: a link to ../../../../outside/secret.png, which leads to BASE/outside/secret.png" + outsideFix}
		}},
		{name: "article image: named pipe", make: func(t *testing.T, base, root string) []string {
			remove(t, root, "content/2024/argana-visit/lead.png")
			mkfifo(t, filepath.Join(root, "content/2024/argana-visit/lead.png"))
			return []string{"content/2024/argana-visit/lead.png: " + fifoFix}
		}},
		{name: "content: a folder linking outside", make: func(t *testing.T, base, root string) []string {
			symlink(t, filepath.Join(base, "outside/articles"), filepath.Join(root, "content/2025"))
			return []string{"content/2025: a link to BASE/outside/articles" + outsideFix}
		}},
		{name: "article image: a link inside the site keeps working", make: func(t *testing.T, base, root string) []string {
			remove(t, root, "content/2024/argana-visit/lead.png")
			symlink(t, "../../../shared/lead.png", filepath.Join(root, "content/2024/argana-visit/lead.png"))
			return nil
		}, built: map[string]string{"articles/argana-visit/lead.png": "site/shared/lead.png"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			base, root := linkedSite(t)
			want := tt.make(t, base, root)
			dest := filepath.Join(base, "public")
			err := within(t, "the build", func() error {
				_, err := Build(Options{Source: root, Destination: dest, Theme: jihat.Theme})
				return err
			})
			noSecret(t, dest)
			if len(want) == 0 {
				if err != nil {
					t.Fatalf("build: %v", err)
				}
				for out, src := range tt.built {
					wantData, _ := os.ReadFile(filepath.Join(base, filepath.FromSlash(src)))
					if site.IsPhotoName(out) {
						// Published as its resized variants: the widest.
						out, wantData = widestVariant(t, out, wantData)
					}
					got, err := os.ReadFile(filepath.Join(dest, filepath.FromSlash(out)))
					if err != nil || !bytes.Equal(got, wantData) {
						t.Errorf("%s: %q (%v), want the content of %s", out, got, err, src)
					}
				}
				return
			}
			checkErr := within(t, "the check", func() error {
				_, err := Check(Options{Source: root, Theme: jihat.Theme})
				return err
			})
			for name, err := range map[string]error{"build": err, "check": checkErr} {
				if err == nil {
					t.Errorf("%s: no error", name)
					continue
				}
				if strings.Contains(err.Error(), secret) {
					t.Errorf("%s: the message shows what is outside the site: %v", name, err)
				}
				for _, w := range want {
					if w = strings.ReplaceAll(w, "BASE", base); !strings.Contains(err.Error(), w) {
						t.Errorf("%s: error\n%v\ndoes not hold\n%s", name, err, w)
					}
				}
			}
		})
	}
}

// jihat serve's update after a save reads the saved files itself: a file
// replaced by a link is left to a full build, which refuses it, and the
// served folder keeps the last good site.
func TestServeUpdateRefusesFilesOutsideTheSite(t *testing.T) {
	tests := []struct {
		name, rel string
		make      func(t *testing.T, base, root string)
		want      string // in the error; "" when the update succeeds
	}{
		{"static file becomes a link outside", "static/site.css", func(t *testing.T, base, root string) {
			remove(t, root, "static/site.css")
			symlink(t, filepath.Join(base, "outside/secret.css"), filepath.Join(root, "static/site.css"))
		}, "static/site.css: a link to BASE/outside/secret.css" + outsideFix},
		{"article becomes a link outside", tiznit, func(t *testing.T, base, root string) {
			remove(t, root, tiznit)
			symlink(t, "../../../outside/secret.md", filepath.Join(root, tiznit))
		}, "content/2023/tiznit.md: a link to ../../../outside/secret.md, which leads to BASE/outside/secret.md" + outsideFix},
		{"article becomes a named pipe", tiznit, func(t *testing.T, base, root string) {
			remove(t, root, tiznit)
			mkfifo(t, filepath.Join(root, tiznit))
		}, "content/2023/tiznit.md: " + fifoFix},
		{"article becomes a link inside the site", tiznit, func(t *testing.T, base, root string) {
			data, err := os.ReadFile(filepath.Join(root, tiznit))
			if err != nil {
				t.Fatal(err)
			}
			writeSource(t, root, "shared/tiznit.md", string(data)+"\nفقرة مضافة.\n")
			remove(t, root, tiznit)
			symlink(t, "../../shared/tiznit.md", filepath.Join(root, tiznit))
		}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			base, root := linkedSite(t)
			writeSource(t, root, "static/site.css", "body{margin:0}\n")
			dest := filepath.Join(base, "public")
			b := New(Options{Source: root, Destination: dest, Theme: jihat.Theme, Serving: true})
			if _, err := b.Build(); err != nil {
				t.Fatal(err)
			}
			tt.make(t, base, root)
			err := within(t, "the update", func() error {
				_, err := b.Update([]string{tt.rel})
				return err
			})
			noSecret(t, dest)
			if tt.want == "" {
				if err != nil {
					t.Fatalf("update: %v", err)
				}
				page, _ := os.ReadFile(filepath.Join(dest, "articles/tiznit/index.html"))
				if !strings.Contains(string(page), "فقرة مضافة") {
					t.Error("the page does not show the linked file's edit")
				}
				return
			}
			if want := strings.ReplaceAll(tt.want, "BASE", base); err == nil || !strings.Contains(err.Error(), want) {
				t.Errorf("update: error %v, want one holding\n%s", err, want)
			}
		})
	}
}
