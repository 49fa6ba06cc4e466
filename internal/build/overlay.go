package build

import (
	"errors"
	"io/fs"
	"sort"
	"strings"

	"github.com/jihat/jihat/internal/diag"
	"github.com/jihat/jihat/internal/msg"
	"github.com/jihat/jihat/internal/sitefs"
)

// overlay layers the site's own files over the built-in theme, file by
// file, so a site overrides one template without copying the others.
type overlay struct {
	site  fs.FS
	theme fs.FS // may be nil
	// guard checks the site's own files on disk (nil: site is not a
	// folder on disk, and is trusted).
	guard *sitefs.Guard
}

func (o overlay) Open(name string) (fs.File, error) {
	if err := o.check(name); err != nil {
		return nil, err
	}
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
	for i, layer := range []fs.FS{o.theme, o.site} {
		if layer == nil {
			continue
		}
		if i == 1 {
			// A refused folder of the site's lists the theme's files
			// alone; Open refuses each of the site's, naming the link.
			if err := o.check(name); err != nil {
				if firstErr == nil {
					firstErr = err
				}
				continue
			}
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

// layerOf says which layer serves name (checked before).
func (o overlay) layerOf(name string) fs.FS {
	if _, err := fs.Stat(o.site, name); err == nil || o.theme == nil {
		return o.site
	}
	return o.theme
}

// check refuses name in the site's own files when links lead it outside
// the site folder, or when it is neither a regular file nor a folder (see
// sitefs.Guard). Layouts, labels and static files are all read through
// here. A name the site does not have is left to Open, and to the theme.
func (o overlay) check(name string) error {
	if o.guard == nil {
		return nil
	}
	_, err := o.guard.Stat(name)
	var unsafe *sitefs.UnsafeError
	switch {
	case errors.As(err, &unsafe):
		// Reported under the file's own name: the reason alone.
		return reasonError{unsafe}
	case err != nil && !errors.Is(err, fs.ErrNotExist):
		return err
	}
	return nil
}

// reasonError is an UnsafeError without the file's path, which the
// callers' reports name already (render's "layouts/base.html: …").
type reasonError struct{ e *sitefs.UnsafeError }

func (r reasonError) Error() string                  { return r.e.Reason().String() }
func (r reasonError) Localize(c *msg.Catalog) string { return r.e.Reason().Localize(c) }
func (r reasonError) Unwrap() error                  { return r.e }

// listStatic lists static/ files of both layers as URL paths. A link in
// the site's static/ is followed only inside the site and to a file; any
// file that is not regular is refused; all of them are reported at once.
func listStatic(o overlay) ([]staticFile, error) {
	var files []staticFile
	var refused diag.List
	err := fs.WalkDir(o, StaticDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) && p == StaticDir {
				return fs.SkipDir
			}
			var unsafe *sitefs.UnsafeError
			if errors.As(err, &unsafe) {
				refused.Add(p, 0, 0, "%v", unsafe.Reason())
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
			// The listing of a refused folder is the theme's alone, and
			// layerOf would find the site's files through the link.
			if err := o.check(p); err != nil {
				var unsafe *sitefs.UnsafeError
				if !errors.As(err, &unsafe) {
					return err
				}
				refused.Add(p, 0, 0, "%v", unsafe.Reason())
				return fs.SkipDir
			}
			return nil
		}
		if !d.Type().IsRegular() { // the theme's are all regular
			if err := o.checkFile(p); err != nil {
				var unsafe *sitefs.UnsafeError
				switch {
				case errors.As(err, &unsafe):
					refused.Add(p, 0, 0, "%v", unsafe.Reason())
				case errors.Is(err, fs.ErrNotExist):
					target, _ := fs.ReadLink(o.site, p)
					refused.Add(p, 0, 0, "a link to %s, which does not exist: restore that file or remove the link", target)
				default:
					return err
				}
				return nil
			}
		}
		files = append(files, staticFile{URL: "/" + strings.TrimPrefix(p, StaticDir+"/"), FS: o.layerOf(p), Rel: p})
		return nil
	})
	if err == nil && len(refused) > 0 {
		refused.Sort()
		err = refused
	}
	return files, err
}

// checkFile is check of a file to copy: a link to a folder is refused too.
func (o overlay) checkFile(name string) error {
	if o.guard == nil {
		return &sitefs.UnsafeError{Path: name, Kind: "a special file"}
	}
	_, err := o.guard.File(name)
	return err
}

var _ fs.ReadDirFS = overlay{}
