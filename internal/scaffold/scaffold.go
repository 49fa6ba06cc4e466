// Package scaffold makes new things from the files embedded in the binary:
// a new site (jihat init, from the templates under site/), a new article
// (jihat new article) and a copy of the built-in theme a developer can edit
// (jihat theme export). It writes files and never overwrites one unless
// told to; what it writes depends only on its arguments, so the same
// version of Jihat makes the same files every time.
package scaffold

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"text/template"

	"github.com/jihat/jihat/internal/msg"
)

// siteFS holds the files of a new site. .gitignore is stored as gitignore
// (embed leaves out dot files) and netlify.toml as a template taking the
// version to pin.
//
//go:embed site
var siteFS embed.FS

// GoVersion is the Go release netlify.toml asks Netlify for: the one in
// go.mod, which builds Jihat (a test keeps them equal).
const GoVersion = "1.26.8"

// Module is the import path of Jihat's command, as go install takes it.
const Module = "github.com/jihat/jihat/cmd/jihat"

// File is one file Init writes, by its slash-separated path in the site.
type File struct {
	Path string
	Data []byte
}

// SiteFiles returns the files of a new site, sorted by path, for the Jihat
// version given (the running binary's): netlify.toml pins it when it is a
// release and otherwise says to set one.
func SiteFiles(version string) ([]File, error) {
	var files []File
	err := fs.WalkDir(siteFS, "site", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := siteFS.ReadFile(p)
		if err != nil {
			return err
		}
		name := strings.TrimPrefix(p, "site/")
		switch name {
		case "gitignore":
			name = ".gitignore"
		case "netlify.toml.tmpl":
			name = "netlify.toml"
			if data, err = netlifyTOML(data, version); err != nil {
				return err
			}
		}
		files = append(files, File{Path: name, Data: data})
		return nil
	})
	if err != nil {
		return nil, msg.Errorf("embedded site files: %v", err)
	}
	slices.SortFunc(files, func(a, b File) int { return strings.Compare(a.Path, b.Path) })
	return files, nil
}

func netlifyTOML(tmpl []byte, version string) ([]byte, error) {
	t, err := template.New("netlify.toml").Parse(string(tmpl))
	if err != nil {
		return nil, err
	}
	data := struct{ GoVersion, Version, Devel string }{GoVersion: GoVersion}
	if IsRelease(version) {
		data.Version = version
	} else {
		data.Devel = strings.Map(func(r rune) rune {
			if r < ' ' || r == 0x7f {
				return -1
			}
			return r
		}, version)
		if data.Devel == "" {
			data.Devel = "(devel)"
		}
	}
	var b bytes.Buffer
	if err := t.Execute(&b, data); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

var (
	semver = regexp.MustCompile(`^v(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(-[0-9A-Za-z.-]+)?$`)
	// pseudo is the end of a pseudo-version (v0.0.0-20240101120000-0123456789ab):
	// a commit, perhaps never pushed, not a release anyone can install.
	pseudo = regexp.MustCompile(`[.-][0-9]{14}-[0-9a-f]{12}$`)
)

// IsRelease says whether version names a release of Jihat that go install
// can fetch: a semantic version tag, not "(devel)", a pseudo-version or a
// build with local changes (+dirty).
func IsRelease(version string) bool {
	return semver.MatchString(version) && !pseudo.MatchString(version)
}

// Init makes a new site in dir, creating it if missing. A folder holding
// anything but .git (a fresh git clone or git init) is refused, with what
// it holds. It returns the files written, by slash-separated path.
func Init(dir, version string) ([]string, error) {
	files, err := SiteFiles(version)
	if err != nil {
		return nil, err
	}
	entries, err := os.ReadDir(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, msg.Errorf("cannot create the folder %s: %v", dir, err)
		}
	case err != nil:
		return nil, msg.Errorf("cannot use %s for a new site: %v", dir, err)
	default:
		var held []string
		for _, e := range entries {
			if e.Name() != ".git" {
				held = append(held, e.Name())
			}
		}
		if len(held) > 0 {
			return nil, msg.Errorf("%s is not empty (it holds %s): a new site needs an empty or new folder; give one, e.g. jihat init my-site", dir, listNames(held, 5))
		}
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, msg.Errorf("cannot use %s for a new site: %v", dir, err)
	}
	defer root.Close()
	var written []string
	for _, f := range files {
		if err := writeNew(root, f.Path, f.Data, false); err != nil {
			return written, msg.Errorf("%s: %v", filepath.Join(dir, filepath.FromSlash(f.Path)), err)
		}
		written = append(written, f.Path)
	}
	return written, nil
}

// writeNew writes data to name inside root, making its folders; an
// existing file is an error unless replace. Writing through root keeps
// every file inside the folder, even past a link.
func writeNew(root *os.Root, name string, data []byte, replace bool) error {
	if dir := path.Dir(name); dir != "." {
		if err := root.MkdirAll(filepath.FromSlash(dir), 0o755); err != nil {
			return err
		}
	}
	flags := os.O_WRONLY | os.O_CREATE | os.O_EXCL
	if replace {
		flags = os.O_WRONLY | os.O_CREATE | os.O_TRUNC
	}
	f, err := root.OpenFile(filepath.FromSlash(name), flags, 0o644)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// listNames quotes the first max names and counts the others.
func listNames(names []string, max int) string {
	slices.Sort(names)
	shown := names
	if len(shown) > max {
		shown = shown[:max]
	}
	quoted := make([]string, len(shown))
	for i, n := range shown {
		quoted[i] = fmt.Sprintf("%q", n)
	}
	s := strings.Join(quoted, ", ")
	if more := len(names) - len(shown); more > 0 {
		s += fmt.Sprintf(" and %d more", more)
	}
	return s
}
