package build

import (
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"math"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jihat/jihat/internal/msg"
	"github.com/jihat/jihat/internal/output"
	"github.com/jihat/jihat/internal/photo"
	"github.com/jihat/jihat/internal/site"
)

// The published sizes of the photos articles show (site.Photo): made by
// package photo from the original, kept in the photo cache folder under
// the photo's Key (one folder per photo, holding a file per width:
// <key>/480w.jpg, …), so that a build into an empty destination copies
// them from there instead of resizing, and written beside the pages, in
// their site.PhotoDir folder (which _headers marks immutable). A
// photo shown by several articles is resized once. Without a cache folder
// each photo is resized in memory, once per build, when its files are not
// already in the destination as the previous build left them.

// PhotoCacheDir is the photo cache's folder inside a build's cache folder.
const PhotoCacheDir = "photos"

// photoResizes counts the photos package photo resized, in every build of
// the process: the tests see that a build with a warm cache resizes none.
var photoResizes atomic.Int64

// photoStore makes the variants of a build's photos, or finds them in the
// cache folder.
type photoStore struct {
	root string // the site folder
	dir  string // the cache folder ("" for none)
	// slots bounds the photos resized at once: decoding a 12-megapixel
	// photo takes some 100 MB until its variants are made.
	slots chan struct{}

	mu      sync.Mutex
	used    map[string]bool // the Keys of the last build's photos
	resized int             // photos resized by the last build
}

func newPhotoStore(root, dir string) *photoStore {
	return &photoStore{root: root, dir: dir, slots: make(chan struct{}, runtime.GOMAXPROCS(0))}
}

// photoCache is the folder the Builder keeps the photos' sizes in: the
// option, or the cache folder's photos/ (none without either).
func photoCache(opts Options) string {
	switch {
	case opts.PhotoCache != "":
		return opts.PhotoCache
	case opts.Cache != "":
		return filepath.Join(opts.Cache, PhotoCacheDir)
	}
	return ""
}

// photoUse is a photo as one page shows it: its variants go in dir, the
// page's folder in the output.
type photoUse struct {
	dir   string
	photo *site.Photo
}

// writePhotos starts the jobs that write every photo's variants beside the
// pages that show it (in their site.PhotoDir folder), one job per photo.
func (b *Builder) writePhotos(p *prepared, upd *output.Update, out *outputs, jobs *jobs) {
	byKey := map[string][]photoUse{}
	for _, ls := range p.site.Languages() { // the default's graph first
		for _, a := range slices.Concat(ls.Articles, ls.Plain) {
			dir := path.Dir(site.FileFor(a.URL))
			for i := range a.Photos {
				ph := &a.Photos[i]
				byKey[ph.Key] = append(byKey[ph.Key], photoUse{dir, ph})
			}
		}
	}
	store := b.photos
	store.mu.Lock()
	store.used, store.resized = make(map[string]bool, len(byKey)), 0
	for k := range byKey {
		store.used[k] = true
	}
	store.mu.Unlock()
	for _, key := range slices.Sorted(maps.Keys(byKey)) {
		uses := byKey[key]
		jobs.Go(func() error { return b.writePhoto(upd, out, uses) })
	}
}

// photoDigest identifies a variant's bytes: what the Key names, at its
// width. The configuration and the theme do not change them.
func photoDigest(key string, v site.PhotoVariant) site.Digest {
	return digestOf("photo " + key + " " + strconv.Itoa(v.Width) + path.Ext(v.Name))
}

// writePhoto writes the variants of one photo wherever it is shown, unless
// the previous build wrote them from the same photo and they are still
// there: then the photo is not even read.
func (b *Builder) writePhoto(upd *output.Update, out *outputs, uses []photoUse) error {
	type target struct {
		rel     string
		variant int
		digest  site.Digest
	}
	var todo []target
	for _, u := range uses {
		for i, v := range u.photo.Variants {
			rel := path.Join(u.dir, v.Name)
			d := photoDigest(u.photo.Key, v)
			kept, err := b.keep(upd, out, rel, d)
			if err != nil {
				return err
			}
			if !kept {
				todo = append(todo, target{rel, i, d})
			}
		}
	}
	if len(todo) == 0 {
		return nil
	}
	variants, err := b.photos.variants(b, uses[0].photo)
	if err != nil {
		return err
	}
	for _, t := range todo {
		out.set(t.rel, record{Digest: t.digest})
		if err := upd.WriteFile(t.rel, variants[t.variant].Data); err != nil {
			return err
		}
	}
	return nil
}

// variants returns the photo's variants from the cache folder, or resizes
// the original (and keeps the result there).
func (s *photoStore) variants(b *Builder, ph *site.Photo) ([]photo.Variant, error) {
	if vs := s.read(ph); vs != nil {
		return vs, nil
	}
	src := filepath.Join(s.root, filepath.FromSlash(ph.Source))
	// The conversion checked the file; it is looked at again, as copyFile
	// does, in case it became a link since.
	if info, err := os.Lstat(src); err != nil {
		return nil, err
	} else if !info.Mode().IsRegular() {
		if _, err := b.checkSource(src); err != nil {
			return nil, err
		}
	}
	data, err := os.ReadFile(src)
	if err != nil {
		return nil, err
	}
	if photo.Key(data, site.PhotoOptions) != ph.Key {
		return nil, msg.Errorf("%s changed during the build: build again", ph.Source)
	}
	s.slots <- struct{}{}
	var vs []photo.Variant
	withPhotoMemory(data, func() { vs, err = photo.Resize(data, site.PhotoOptions) })
	<-s.slots
	photoResizes.Add(1)
	s.mu.Lock()
	s.resized++
	s.mu.Unlock()
	if err != nil {
		return nil, msg.Errorf("%s: the photo cannot be resized (%v): open it in an image editor and save it again as JPEG or PNG", ph.Source, err)
	}
	if !sameSizes(vs, ph.Variants) {
		return nil, fmt.Errorf("%s: package photo made other sizes than the page names (a bug in jihat)", ph.Source)
	}
	if s.dir != "" {
		s.write(ph.Key, vs) // a cache that cannot be written only costs time
	}
	return vs, nil
}

// photoBytesPerPixel is about what resizing takes a pixel of the photo:
// the decoded JPEG (1.5 bytes), the same as RGBA (4), and the first
// scaling pass (some 2).
const photoBytesPerPixel = 8

// memoryMu orders the changes withPhotoMemory makes to the memory limit.
var memoryMu sync.Mutex

// withPhotoMemory runs f, resizing the photo, with the build's soft memory
// limit (LimitMemory, sized for the articles) raised by what the resizing
// takes: under the limit the collector would otherwise run again and again
// for memory the photo needs for half a second (a third more time on a
// 1,000-photo site). A limit the user set (GOMEMLIMIT), or none (jihat
// serve), is left as it is.
func withPhotoMemory(data []byte, f func()) {
	need := int64(len(data))
	if info, err := photo.Inspect(data); err == nil { // the header only
		need += int64(info.Width) * int64(info.Height) * photoBytesPerPixel
	}
	memoryMu.Lock()
	limit := debug.SetMemoryLimit(-1)
	raise := os.Getenv("GOMEMLIMIT") == "" && limit < math.MaxInt64/2
	if raise {
		debug.SetMemoryLimit(limit + need)
	}
	memoryMu.Unlock()
	defer func() {
		if raise {
			memoryMu.Lock()
			debug.SetMemoryLimit(debug.SetMemoryLimit(-1) - need)
			memoryMu.Unlock()
		}
	}()
	f()
}

func sameSizes(vs []photo.Variant, planned []site.PhotoVariant) bool {
	if len(vs) != len(planned) {
		return false
	}
	for i, v := range vs {
		if v.Width != planned[i].Width || v.Height != planned[i].Height || v.Ext != path.Ext(planned[i].Name) {
			return false
		}
	}
	return true
}

// cacheName is a variant's file in its photo's cache folder: "960w.jpg".
func cacheName(width int, ext string) string {
	return strconv.Itoa(width) + "w" + ext
}

// read returns the photo's variants from the cache folder, nil when they
// are not all there with the sizes planned.
func (s *photoStore) read(ph *site.Photo) []photo.Variant {
	if s.dir == "" {
		return nil
	}
	dir := filepath.Join(s.dir, ph.Key)
	vs := make([]photo.Variant, len(ph.Variants))
	for i, v := range ph.Variants {
		data, err := os.ReadFile(filepath.Join(dir, cacheName(v.Width, path.Ext(v.Name))))
		if err != nil {
			return nil
		}
		info, err := photo.Inspect(data)
		if err != nil || info.Width != v.Width || info.Height != v.Height || info.HasMetadata {
			return nil
		}
		vs[i] = photo.Variant{Width: v.Width, Height: v.Height, Data: data, Ext: path.Ext(v.Name)}
	}
	return vs
}

// write keeps a photo's variants in the cache folder: written in a folder
// of their own, then renamed to the Key, so that a build killed meanwhile
// or another process reading leaves or finds all of them or none.
func (s *photoStore) write(key string, vs []photo.Variant) {
	if err := os.MkdirAll(s.dir, 0o755); err != nil {
		return
	}
	tmp, err := os.MkdirTemp(s.dir, tmpPrefix)
	if err != nil {
		return
	}
	for _, v := range vs {
		if err := os.WriteFile(filepath.Join(tmp, cacheName(v.Width, v.Ext)), v.Data, 0o644); err != nil {
			os.RemoveAll(tmp)
			return
		}
	}
	final := filepath.Join(s.dir, key)
	os.RemoveAll(final) // unreadable, since it was not used
	if err := os.Rename(tmp, final); err != nil {
		os.RemoveAll(tmp)
	}
}

// tmpPrefix begins the folders being written in the photo cache.
const tmpPrefix = ".tmp-"

// prune removes from the cache folder the photos the last build did not
// use, and folders left half-written by a build killed an hour ago or
// more, so that the cache holds the site's photos and no more.
func (s *photoStore) prune() error {
	s.mu.Lock()
	used := s.used
	s.mu.Unlock()
	if s.dir == "" || used == nil {
		return nil
	}
	entries, err := os.ReadDir(s.dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	var errs []error
	for _, e := range entries {
		name := e.Name()
		if used[name] {
			continue
		}
		if strings.HasPrefix(name, tmpPrefix) {
			info, err := e.Info()
			if err != nil || time.Since(info.ModTime()) < time.Hour {
				continue // another build may be writing it
			}
		}
		errs = append(errs, os.RemoveAll(filepath.Join(s.dir, name)))
	}
	return errors.Join(errs...)
}

// resizedCount is how many photos the last build resized.
func (s *photoStore) resizedCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.resized
}

// besidePage lists the files an article publishes beside its page: the
// files copied and the photos' variants. An edit that changes them is
// more than the page to render again.
func besidePage(a *site.Article) string {
	var b strings.Builder
	for _, name := range slices.Sorted(maps.Keys(a.Files)) {
		fmt.Fprintf(&b, "%q %q\n", name, a.Files[name])
	}
	for _, p := range a.Photos {
		for _, v := range p.Variants {
			fmt.Fprintf(&b, "%q %s\n", v.Name, p.Key)
		}
	}
	return b.String()
}
