package build

import (
	"crypto/sha256"
	"fmt"
	"io/fs"
	"maps"
	"path"
	"slices"

	"github.com/jihat/jihat/internal/content"
	"github.com/jihat/jihat/internal/render"
	"github.com/jihat/jihat/internal/site"
)

// inputsDigest fingerprints what a build reads before it converts anything:
// the configuration, mode and engine (base), the theme, and the identity
// (size and time) of every article file, bundle file and static file. The
// files conversions look at (images) are checked apart, by nothingChanged.
// known is false when an article's identity is not at hand.
func (b *Builder) inputsDigest(base site.Digest, templates *render.Templates, set *content.Set, static []staticFile) (d site.Digest, known bool) {
	if templates == nil {
		return d, false // the theme did not load: the build fails anyway
	}
	h := sha256.New()
	h.Write(base[:])
	theme := templates.Fingerprint()
	h.Write(theme[:])
	paths := slices.Collect(maps.Keys(set.Unpublished))
	for _, a := range set.Articles {
		paths = append(paths, a.Path)
	}
	slices.Sort(paths)
	for _, p := range paths {
		size, modTime, ok := b.articles.identity(p)
		if !ok {
			return d, false
		}
		fmt.Fprintf(h, "article %q %d %d\n", p, size, modTime)
	}
	for _, a := range set.Articles {
		for _, res := range a.Resources {
			rel := path.Join(a.Dir, res)
			fmt.Fprintf(h, "bundle %q %s\n", rel, site.FileAnswer(b.opts.Source, rel))
		}
	}
	for _, f := range static {
		info, err := fs.Stat(f.FS, f.Rel)
		if err != nil {
			return d, false
		}
		fmt.Fprintf(h, "static %q %q %d %d\n", f.URL, f.Rel, info.Size(), info.ModTime().UnixNano())
	}
	copy(d[:], h.Sum(nil))
	return d, true
}

// nothingChanged reports whether a build with these inputs would make what
// the previous build made: same inputs, every article's conversion still
// looking at the same files, and the destination as that build left it.
// Then there is nothing to do.
func (b *Builder) nothingChanged(inputs site.Digest, set *content.Set) bool {
	if b.previous == nil || b.previous.Inputs != inputs {
		return false
	}
	b.awaitCache()
	if b.manifest == nil {
		return false
	}
	for _, a := range set.Articles {
		c := b.articles.conversionOf(a.Path, a.Hash)
		if c == nil {
			return false
		}
		for _, l := range c.Lookups {
			if l.Kind == site.LookupFile && site.FileAnswer(b.opts.Source, l.Key) != l.Answer {
				return false
			}
		}
	}
	return b.manifest.Unchanged(b.destination())
}
