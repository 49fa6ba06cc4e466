package main

import (
	"embed"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/jihat/jihat"
	"github.com/jihat/jihat/internal/corpus"
	"github.com/jihat/jihat/internal/gazetteer"
)

// hugoSkeleton is the Hugo counterpart of the jihat theme (hugo/README.md
// says what is and is not equivalent). It is embedded so that the bench
// runs from any folder; "all:" keeps layouts/_default and the _index.md
// files, which a plain pattern would skip.
//
//go:embed all:hugo
var hugoSkeleton embed.FS

// hugoVersion returns `hugo version`'s line, or an error if bin cannot run.
func hugoVersion(bin string) (string, error) {
	out, err := exec.Command(bin, "version").Output()
	if err != nil {
		return "", err
	}
	return strings.TrimSpace(string(out)), nil
}

// prepareHugo writes a Hugo project in project for the corpus in src: the
// embedded skeleton, then what Hugo cannot get from the corpus itself, and
// a [module] section mounting the corpus's content/ folder beside the
// project's own. The corpus is read where it is, not copied, so that both
// tools read the same files.
func prepareHugo(project, src string) error {
	if err := os.RemoveAll(project); err != nil {
		return err
	}
	err := fs.WalkDir(hugoSkeleton, "hugo", func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		dst := filepath.Join(project, filepath.FromSlash(strings.TrimPrefix(name, "hugo")))
		if d.IsDir() {
			return os.MkdirAll(dst, 0o755)
		}
		data, err := hugoSkeleton.ReadFile(name)
		if err != nil {
			return err
		}
		return os.WriteFile(dst, data, 0o644)
	})
	if err != nil {
		return err
	}
	// The same style sheet and icon as jihat's, taken from its theme so
	// that the static bytes match and never drift.
	if err := os.MkdirAll(filepath.Join(project, "static"), 0o755); err != nil {
		return err
	}
	for _, name := range []string{"style.css", "favicon.svg"} {
		data, err := fs.ReadFile(jihat.Theme, "static/"+name)
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(project, "static", name), data, 0o644); err != nil {
			return err
		}
	}

	// jihat lists articles by year from their dates; Hugo can only list a
	// folder, and lists a nested folder only if it has an _index.md. The
	// corpus keeps one folder per year: give each its _index.md here.
	articles := filepath.Join(src, filepath.FromSlash(corpus.ArticlesDir))
	entries, err := os.ReadDir(articles)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if _, err := strconv.Atoi(e.Name()); e.IsDir() && err == nil {
			if err := writeIndex(project, "articles/"+e.Name(), e.Name(), e.Name()); err != nil {
				return err
			}
		}
	}

	// jihat names regions, provinces and facility types from its built-in
	// gazetteer; Hugo titles a term from its _index.md, so write one per
	// gazetteer entry. (Spellings other than the slug, which jihat resolves
	// through the gazetteer's aliases, stay separate terms in Hugo.)
	g, err := gazetteer.Default()
	if err != nil {
		return err
	}
	for _, r := range g.Regions() {
		if err := writeIndex(project, "region/"+r.Slug, r.Slug, r.NameARFull); err != nil {
			return err
		}
	}
	for _, p := range g.Provinces() {
		if err := writeIndex(project, "province/"+p.Slug, p.Slug, p.NameARFull); err != nil {
			return err
		}
	}
	for _, t := range g.FacilityTypes() {
		if err := writeIndex(project, "facility_type/"+t.Slug, t.Slug, t.NameAR); err != nil {
			return err
		}
	}

	abs, err := filepath.Abs(filepath.Join(src, "content"))
	if err != nil {
		return err
	}
	// Mounts replace Hugo's default folders, so all four are listed.
	mounts := fmt.Sprintf(`
# Added by jihat-bench for the corpus in %s.
[module]
[[module.mounts]]
source = %s
target = "content"
[[module.mounts]]
source = "content"
target = "content"
[[module.mounts]]
source = "layouts"
target = "layouts"
[[module.mounts]]
source = "static"
target = "static"
`, src, strconv.Quote(abs))
	f, err := os.OpenFile(filepath.Join(project, "hugo.toml"), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	if _, err := f.WriteString(mounts); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// writeIndex writes content/dir/_index.md with a title and, so that
// permalinks keep the slug rather than a slug of the title, a slug.
func writeIndex(project, dir, slug, title string) error {
	name := filepath.Join(project, "content", filepath.FromSlash(dir), "_index.md")
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return err
	}
	text := fmt.Sprintf("---\ntitle: %s\nslug: %s\n---\n", strconv.Quote(title), strconv.Quote(slug))
	return os.WriteFile(name, []byte(text), 0o644)
}
