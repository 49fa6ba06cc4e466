package scaffold

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/jihat/jihat/internal/msg"
)

// ThemeFolders are the folders of a theme, copied whole.
var ThemeFolders = []string{"layouts", "static"}

// ClashError lists the files ExportTheme would have replaced.
type ClashError struct {
	Dir   string
	Paths []string // slash-separated, relative to Dir
}

func (e *ClashError) Error() string {
	return fmt.Sprintf("%s already holds %d of the theme's files, left as they are (--force replaces them):\n  %s",
		e.Dir, len(e.Paths), strings.Join(e.Paths, "\n  "))
}

// ExportTheme copies layouts/ and static/ of theme into dir (created if
// missing), for a developer to edit: a site's own files replace the
// built-in theme's file by file, so the copy in a site folder is the
// site's theme. Existing files are a *ClashError, and nothing is written,
// unless force, which replaces them (other files are never touched). It
// returns the files written.
func ExportTheme(theme fs.FS, dir string, force bool) ([]string, error) {
	var files []string
	for _, top := range ThemeFolders {
		err := fs.WalkDir(theme, top, func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				files = append(files, p)
			}
			return err
		})
		if err != nil {
			return nil, msg.Errorf("built-in theme: %v", err)
		}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, msg.Errorf("cannot create %s: %v", dir, err)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	defer root.Close()
	if !force {
		var clashes []string
		for _, f := range files {
			_, err := root.Lstat(filepath.FromSlash(f))
			switch {
			case err == nil:
				clashes = append(clashes, f)
			case !errors.Is(err, fs.ErrNotExist):
				return nil, msg.Errorf("%s: %v", filepath.Join(dir, f), err)
			}
		}
		if len(clashes) > 0 {
			return nil, &ClashError{Dir: dir, Paths: clashes}
		}
	}
	for i, f := range files {
		data, err := fs.ReadFile(theme, f)
		if err != nil {
			return files[:i], msg.Errorf("built-in theme: %v", err)
		}
		if err := writeNew(root, f, data, force); err != nil {
			return files[:i], msg.Errorf("%s: %v", filepath.Join(dir, filepath.FromSlash(f)), err)
		}
	}
	return files, nil
}
