package build

import (
	"errors"
	"io/fs"

	"sort"
	"strings"
)

// overlay layers the site's own files over the built-in theme, file by
// file, so a site overrides one template without copying the others.
type overlay struct {
	site  fs.FS
	theme fs.FS // may be nil
}

func (o overlay) Open(name string) (fs.File, error) {
	f, err := o.site.Open(name)
	if err == nil || o.theme == nil || !errors.Is(err, fs.ErrNotExist) {
		return f, err
	}
	return o.theme.Open(name)
}

// ReadDir merges both listings; the site's entry wins on a name clash.
func (o overlay) ReadDir(name string) ([]fs.DirEntry, error) {
	merged := map[string]fs.DirEntry{}
	var firstErr error
	for _, layer := range []fs.FS{o.theme, o.site} {
		if layer == nil {
			continue
		}
		entries, err := fs.ReadDir(layer, name)
		if err != nil {
			if !errors.Is(err, fs.ErrNotExist) && firstErr == nil {
				firstErr = err
			}
			continue
		}
		for _, e := range entries {
			merged[e.Name()] = e
		}
	}
	if len(merged) == 0 {
		if firstErr != nil {
			return nil, firstErr
		}
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: fs.ErrNotExist}
	}
	out := make([]fs.DirEntry, 0, len(merged))
	for _, e := range merged {
		out = append(out, e)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name() < out[j].Name() })
	return out, nil
}

// layerOf says which layer serves name.
func (o overlay) layerOf(name string) fs.FS {
	if _, err := fs.Stat(o.site, name); err == nil || o.theme == nil {
		return o.site
	}
	return o.theme
}

// listStatic lists static/ files of both layers as URL paths.
func listStatic(o overlay) ([]staticFile, error) {
	var files []staticFile
	err := fs.WalkDir(o, StaticDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) && p == StaticDir {
				return fs.SkipDir
			}
			return err
		}
		if strings.HasPrefix(d.Name(), ".") && p != StaticDir {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		files = append(files, staticFile{URL: "/" + strings.TrimPrefix(p, StaticDir+"/"), FS: o.layerOf(p), Rel: p})
		return nil
	})
	return files, err
}

var _ fs.ReadDirFS = overlay{}
