package corpus

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
)

// MedianArticle returns the published article of median file size in a
// generated site, as its slash path relative to dir and its bytes: the
// article the per-stage benchmarks measure.
func MedianArticle(dir string) (rel string, src []byte, err error) {
	type file struct {
		rel string
		src []byte
	}
	var files []file
	err = filepath.WalkDir(filepath.Join(dir, "content"), func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(p) != ".md" {
			return err
		}
		src, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if bytes.Contains(src, []byte("\ndraft: true")) {
			return nil
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		files = append(files, file{filepath.ToSlash(rel), src})
		return nil
	})
	if err != nil {
		return "", nil, err
	}
	if len(files) == 0 {
		return "", nil, errors.New("corpus: no published article")
	}
	slices.SortStableFunc(files, func(x, y file) int { return len(x.src) - len(y.src) })
	f := files[len(files)/2]
	return f.rel, f.src, nil
}
