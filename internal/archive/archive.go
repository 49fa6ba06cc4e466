// Package archive packs a site built for reading from disk into one zip file
// that rural centres download or copy from a USB stick and open with a
// double click on Linux, Windows or macOS.
//
// The zip is reproducible: the same files give the same bytes, whatever the
// files' times, permissions and creation order, the machine's time zone or
// the order the file system lists them in. It carries a SHA256SUMS file so a
// copy can be checked after unzipping with `sha256sum -c SHA256SUMS`.
package archive

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"io/fs"
	"math"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/jihat/jihat/internal/msg"

	"golang.org/x/text/unicode/norm"
)

// SumsName is the name of the checksum file at the root of every archive.
const SumsName = "SHA256SUMS"

// FileMode is the permission of every entry.
const FileMode fs.FileMode = 0o644

// flagUTF8 is the general-purpose flag bit saying the entry's name is UTF-8.
const flagUTF8 = 0x800

// minTime is the earliest time an MS-DOS date can hold.
var minTime = time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)

// Write zips every regular file under dir into w, with a SHA256SUMS file
// covering them at the root. Entries are in byte order of their names, which
// are the files' slash paths under dir in Unicode NFC; every one is
// Deflate-compressed, has permissions 0644, the UTF-8 name flag, and modTime
// as its time, in UTC, to the even second (the MS-DOS time field's
// resolution; the extended-timestamp extra field archive/zip adds holds the
// same instant). A zero modTime, or one before 1980, is written as
// 1980-01-01, the earliest an MS-DOS date can hold. The archive has no
// folder entries: unzip tools make the folders of the files they extract,
// and an empty folder is left out.
//
// Write refuses, before writing anything, a dir with a symbolic link or
// another file that is not regular, a name that is not UTF-8 or that Windows
// cannot create (control characters, \ : * ? " < > |, a trailing dot or
// space, a device name such as CON or NUL), two names that are equal once in
// NFC or that differ only in case (they would collide on Windows and macOS),
// and a file named SHA256SUMS at the root. It fails if a file changes while
// it is being archived. w must not be a file inside dir.
func Write(w io.Writer, dir string, modTime time.Time) error {
	mt, err := entryTime(modTime)
	if err != nil {
		return err
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return msg.Errorf("archive: %w", err)
	}
	defer root.Close()
	fsys := root.FS()

	files, err := list(fsys, dir)
	if err != nil {
		return err
	}
	for i := range files {
		if files[i].size, files[i].sum, err = hashFile(fsys, files[i].path, io.Discard); err != nil {
			return msg.Errorf("archive: %w", err)
		}
	}
	sums := sumsFile(files)

	entries := append(files[:len(files):len(files)], file{name: SumsName})
	sort.Slice(entries, func(i, j int) bool { return entries[i].name < entries[j].name })

	zw := zip.NewWriter(w)
	zw.RegisterCompressor(zip.Deflate, func(out io.Writer) (io.WriteCloser, error) {
		return flate.NewWriter(out, flate.BestCompression)
	})
	for _, f := range entries {
		fh := &zip.FileHeader{Name: f.name, Method: zip.Deflate, Modified: mt, Flags: flagUTF8}
		fh.SetMode(FileMode)
		ew, err := zw.CreateHeader(fh)
		if err != nil {
			return msg.Errorf("archive: %s: %w", f.name, err)
		}
		if f.path == "" {
			if _, err := ew.Write(sums); err != nil {
				return msg.Errorf("archive: %s: %w", f.name, err)
			}
			continue
		}
		size, sum, err := hashFile(fsys, f.path, ew)
		if err != nil {
			return msg.Errorf("archive: %w", err)
		}
		if size != f.size || sum != f.sum {
			return msg.Errorf("archive: %s changed while it was being archived", filepath.Join(dir, filepath.FromSlash(f.path)))
		}
	}
	if err := zw.Close(); err != nil {
		return msg.Errorf("archive: %w", err)
	}
	return nil
}

// file is one regular file of the site.
type file struct {
	name string // in the archive: NFC slash path
	path string // under dir, as on disk; "" for SHA256SUMS
	size int64
	sum  [sha256.Size]byte
}

// sumsFile is the SHA256SUMS file for files: "<hex>  <name>" lines in the order
// given, as sha256sum writes them for names without "\" or a newline.
func sumsFile(files []file) []byte {
	var b bytes.Buffer
	for _, f := range files {
		b.WriteString(hex.EncodeToString(f.sum[:]))
		b.WriteString("  ")
		b.WriteString(f.name)
		b.WriteByte('\n')
	}
	return b.Bytes()
}

// entryTime is the time every entry carries.
func entryTime(t time.Time) (time.Time, error) {
	if t.Before(minTime) {
		return minTime, nil
	}
	sec := t.Unix()
	if sec > math.MaxUint32 {
		return time.Time{}, msg.Errorf("archive: time %s is past what a zip file can hold", t.Format(time.RFC3339))
	}
	return time.Unix(sec&^1, 0).UTC(), nil
}

// list returns the regular files under dir in byte order of their NFC
// names, after checking every name, folders' included.
func list(fsys fs.FS, dir string) ([]file, error) {
	type entry struct {
		name, path string
		isDir      bool
	}
	var all []entry
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p == "." {
			return nil
		}
		switch {
		case d.IsDir(), d.Type().IsRegular():
		case d.Type()&fs.ModeSymlink != 0:
			return msg.Errorf("%s is a symbolic link: an archive holds only regular files", filepath.Join(dir, filepath.FromSlash(p)))
		default:
			return msg.Errorf("%s is not a regular file", filepath.Join(dir, filepath.FromSlash(p)))
		}
		if err := checkName(path.Base(p)); err != nil {
			return msg.Errorf("%s: %v", filepath.Join(dir, filepath.FromSlash(p)), err)
		}
		all = append(all, entry{norm.NFC.String(p), p, d.IsDir()})
		return nil
	})
	if err != nil {
		return nil, msg.Errorf("archive: %w", err)
	}
	sort.Slice(all, func(i, j int) bool {
		if all[i].name != all[j].name {
			return all[i].name < all[j].name
		}
		return all[i].path < all[j].path
	})

	key := func(name string) string { return foldCase(norm.NFC.String(name)) }
	byNFC := map[string]string{}
	byFold := map[string]string{key(SumsName): SumsName}
	var files []file
	for _, e := range all {
		if other, ok := byNFC[e.name]; ok {
			return nil, msg.Errorf("archive: %q and %q in %s are the same name once normalised (NFC): rename one, they would collide in the archive and on macOS", other, e.path, dir)
		}
		byNFC[e.name] = e.path
		k := key(e.name)
		if other, ok := byFold[k]; ok {
			if other == SumsName {
				return nil, msg.Errorf("archive: %s: the archive's own checksum file is named %s: rename the file", filepath.Join(dir, filepath.FromSlash(e.path)), SumsName)
			}
			return nil, msg.Errorf("archive: %q and %q in %s differ only in case: rename one, they would collide on Windows and macOS", other, e.path, dir)
		}
		byFold[k] = e.path
		if !e.isDir {
			files = append(files, file{name: e.name, path: e.path})
		}
	}
	return files, nil
}

// checkName refuses a file or folder name that cannot be created on every
// system the archive is opened on, or written in SHA256SUMS as it is.
func checkName(name string) error {
	if !utf8.ValidString(name) {
		return msg.Errorf("the name %q is not UTF-8", name)
	}
	for _, c := range name {
		if c < 0x20 || c == 0x7f {
			return msg.Errorf("the name %q has a control character", name)
		}
		if strings.ContainsRune(`\:*?"<>|`, c) {
			return msg.Errorf("the name %q has %q, which Windows does not allow in file names", name, c)
		}
	}
	if strings.HasSuffix(name, ".") || strings.HasSuffix(name, " ") {
		return msg.Errorf("the name %q ends with a dot or a space, which Windows drops", name)
	}
	stem, _, _ := strings.Cut(name, ".")
	switch s := strings.ToUpper(strings.TrimRight(stem, " ")); s {
	case "CON", "PRN", "AUX", "NUL":
		return msg.Errorf("the name %q is a device on Windows", name)
	default:
		if len(s) == 4 && (strings.HasPrefix(s, "COM") || strings.HasPrefix(s, "LPT")) && '0' <= s[3] && s[3] <= '9' {
			return msg.Errorf("the name %q is a device on Windows", name)
		}
	}
	return nil
}

// foldCase maps every letter of s to the smallest letter it is equal to
// under simple case folding, so two names equal under strings.EqualFold get
// the same key.
func foldCase(s string) string {
	return strings.Map(func(r rune) rune {
		least := r
		for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
			least = min(least, f)
		}
		return least
	}, s)
}

// hashFile copies the file at p to w and returns its size and SHA-256.
func hashFile(fsys fs.FS, p string, w io.Writer) (int64, [sha256.Size]byte, error) {
	var sum [sha256.Size]byte
	f, err := fsys.Open(p)
	if err != nil {
		return 0, sum, err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(h, w), f)
	if err != nil {
		return 0, sum, msg.Errorf("%s: %w", p, err)
	}
	copy(sum[:], h.Sum(nil))
	return n, sum, nil
}
