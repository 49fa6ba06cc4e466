// Package cachedir reads and writes the cache folder jihat build keeps
// between runs (SOURCE/.jihat-cache): the on-disk forms of what one build
// leaves for the next — parsed articles, body conversions, related
// articles, what each output file was made from, the search index's
// analysed articles — and the files they are kept in. What to keep and how
// to take it back in is the build package's business; this package only
// makes sure that what is written is what is read back (see the round-trip
// test, which checks every field of every type here by reflection).
//
// Each file is written whole and replaced by rename, so a build killed
// half-way leaves the previous cache or none. Deleting the folder changes
// nothing but the time the next build takes.
package cachedir

import (
	"bufio"
	"encoding/gob"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/jihat/jihat/internal/content"
	"github.com/jihat/jihat/internal/diag"
	"github.com/jihat/jihat/internal/gazetteer"
	"github.com/jihat/jihat/internal/output"
	"github.com/jihat/jihat/internal/search"
	"github.com/jihat/jihat/internal/site"
)

// Format changes whenever what the cache holds changes shape or meaning.
const Format = 13

// The folder's files. The search index's analysed words are most of the
// size and needed only when the index changes, so they have their own file.
const (
	BuildFile  = "build.gob"
	SearchFile = "search.gob"
)

// ErrStale: the file was written by another jihat or in another format.
var ErrStale = errors.New("cache made by another jihat")

// Build is what build.gob holds. Article bodies are not kept (they are most
// of the size): a page that must be rendered again converts its article's
// body again.
type Build struct {
	Format      int
	Engine      string
	Config      site.Digest
	Destination string
	Related     site.RelatedCache
	// Last is the build that wrote the cache, for the next one to tell
	// whether anything changed since.
	Last *LastBuild

	// The large maps are written after the rest, in chunks (see
	// encodeChunks), and read in two steps: Parsed first, the others
	// while the sources are checked (Reader.Rest).
	Parsed   map[string]Article
	Conv     map[string]Conversion
	Manifest output.Manifest
	Records  map[string]Record
}

// LastBuild is what a build reports again when nothing changed since it.
type LastBuild struct {
	Inputs                  site.Digest // see build's inputsDigest
	Pages, Articles, Drafts int
	Updated                 time.Time
	Warnings                diag.List // told again, as the build would
}

// Record is what an output file was made from.
type Record struct {
	Digest site.Digest
	Deps   site.Aggregate // site-wide lists the page's templates read
	Group  string         // files made together (the search index, the sitemaps)
}

// Conversion is a body conversion kept without its body.
type Conversion struct {
	Hash [32]byte // of the source it was made from
	Conv site.Converted
}

// Search is what search.gob holds.
type Search struct {
	Format  int
	Engine  string
	Index   *search.Snapshot // Docs written apart, in chunks
	Indexed map[string]site.Digest
	// Lang is the language of Index, the site's default; Others are the
	// other languages' indexes, by code.
	Lang   string
	Others map[string]*search.Snapshot
}

// Article is a parsed article as kept: the gazetteer's entries by slug.
// Body is not kept (read again from the file at BodyOffset), nor Resources
// (listed again from the bundle's folder at every load).
type Article struct {
	Size, ModTime int64 // of the file it was parsed from

	Path, Dir                       string
	IsBundle, Draft, IsPage         bool
	Title, Summary, Slug            string
	Date, Lastmod                   time.Time
	Regions, Provinces              []string
	Facilities, Tags, TagSlugs      []string
	Image, ImageAlt, ImageCaption   string
	Author                          string
	Lang, TranslationKey            string
	ImageLine, BodyLine, BodyOffset int
	Hash                            [32]byte
	Warnings                        diag.List
}

// NewArticle is the form of a kept in the cache.
func NewArticle(size, modTime int64, a *content.Article) Article {
	d := Article{Size: size, ModTime: modTime,
		Path: a.Path, Dir: a.Dir, IsBundle: a.IsBundle, Draft: a.Draft, IsPage: a.IsPage,
		Title: a.Title, Summary: a.Summary, Slug: a.Slug, Date: a.Date, Lastmod: a.Lastmod,
		Tags: a.Tags, TagSlugs: a.TagSlugs, Image: a.Image, ImageAlt: a.ImageAlt, ImageCaption: a.ImageCaption, Author: a.Author, Lang: a.Lang, TranslationKey: a.TranslationKey, ImageLine: a.ImageLine, BodyLine: a.BodyLine, BodyOffset: a.BodyOffset, Hash: a.Hash, Warnings: a.Warnings}
	for _, r := range a.Regions {
		d.Regions = append(d.Regions, r.Slug)
	}
	for _, p := range a.Provinces {
		d.Provinces = append(d.Provinces, p.Slug)
	}
	for _, f := range a.Facilities {
		d.Facilities = append(d.Facilities, f.Slug)
	}
	return d
}

// Article rebuilds the parsed article; false if the vocabulary changed
// under it.
func (d Article) Article(g *gazetteer.Gazetteer) (*content.Article, bool) {
	a := &content.Article{Path: d.Path, Dir: d.Dir, IsBundle: d.IsBundle, Draft: d.Draft, IsPage: d.IsPage,
		Title: d.Title, Summary: d.Summary, Slug: d.Slug, Date: d.Date, Lastmod: d.Lastmod,
		Tags: d.Tags, TagSlugs: d.TagSlugs, Image: d.Image, ImageAlt: d.ImageAlt, ImageCaption: d.ImageCaption, Author: d.Author, Lang: d.Lang, TranslationKey: d.TranslationKey, ImageLine: d.ImageLine, BodyLine: d.BodyLine, BodyOffset: d.BodyOffset, Hash: d.Hash, Warnings: d.Warnings}
	for _, s := range d.Regions {
		r := g.Region(s)
		if r == nil {
			return nil, false
		}
		a.Regions = append(a.Regions, r)
	}
	for _, s := range d.Provinces {
		p := g.Province(s)
		if p == nil {
			return nil, false
		}
		a.Provinces = append(a.Provinces, p)
	}
	for _, s := range d.Facilities {
		f := g.FacilityType(s)
		if f == nil {
			return nil, false
		}
		a.Facilities = append(a.Facilities, f)
	}
	return a, true
}

// WriteBuild replaces dir's build.gob with c.
func WriteBuild(dir string, c *Build) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	c.Format = Format
	head := *c // gob would encode the maps whole, in memory
	head.Parsed, head.Conv, head.Manifest, head.Records = nil, nil, nil, nil
	return writeGob(filepath.Join(dir, BuildFile), func(enc *gob.Encoder) error {
		if err := enc.Encode(&head); err != nil {
			return err
		}
		if err := encodeChunks(enc, c.Parsed); err != nil {
			return err
		}
		if err := encodeChunks(enc, c.Conv); err != nil {
			return err
		}
		if err := encodeChunks(enc, c.Manifest); err != nil {
			return err
		}
		return encodeChunks(enc, c.Records)
	})
}

// BuildReader reads build.gob in two steps: what the build needs first,
// then the rest while the build goes on.
type BuildReader struct {
	f   *os.File
	dec *gob.Decoder
}

// ReadBuild reads dir's build.gob up to the parsed articles. It fails with
// ErrStale for a file another jihat (engine) wrote. Call Rest, or Close.
func ReadBuild(dir, engine string) (*Build, *BuildReader, error) {
	f, err := os.Open(filepath.Join(dir, BuildFile))
	if err != nil {
		return nil, nil, err
	}
	r := &BuildReader{f: f, dec: gob.NewDecoder(bufio.NewReaderSize(f, 1<<20))}
	var c Build
	err = r.dec.Decode(&c)
	if err == nil && (c.Format != Format || c.Engine != engine) {
		err = ErrStale
	}
	if err == nil {
		c.Parsed, err = decodeChunks[string, Article](r.dec)
	}
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	return &c, r, nil
}

// Rest reads the conversions, the manifest and the records into c, and
// closes the file.
func (r *BuildReader) Rest(c *Build) error {
	defer r.f.Close()
	var err error
	if c.Conv, err = decodeChunks[string, Conversion](r.dec); err != nil {
		return err
	}
	if c.Manifest, err = decodeChunks[string, output.Entry](r.dec); err != nil {
		return err
	}
	c.Records, err = decodeChunks[string, Record](r.dec)
	return err
}

// Close gives up reading the rest.
func (r *BuildReader) Close() error { return r.f.Close() }

// WriteSearch replaces dir's search.gob with c.
func WriteSearch(dir string, c *Search) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	c.Format = Format
	light := *c
	var docs map[string][]byte
	if c.Index != nil {
		index := *c.Index
		docs, index.Docs = index.Docs, nil
		light.Index = &index
	}
	return writeGob(filepath.Join(dir, SearchFile), func(enc *gob.Encoder) error {
		if err := enc.Encode(&light); err != nil {
			return err
		}
		return encodeChunks(enc, docs)
	})
}

// ReadSearch reads dir's search.gob.
func ReadSearch(dir, engine string) (*Search, error) {
	var c Search
	err := readGob(filepath.Join(dir, SearchFile), func(dec *gob.Decoder) error {
		if err := dec.Decode(&c); err != nil {
			return err
		}
		if c.Format != Format || c.Engine != engine || c.Index == nil {
			return ErrStale
		}
		var err error
		c.Index.Docs, err = decodeChunks[string, []byte](dec)
		return err
	})
	if err != nil {
		return nil, err
	}
	return &c, nil
}

func readGob(name string, decode func(*gob.Decoder) error) error {
	f, err := os.Open(name)
	if err != nil {
		return err
	}
	defer f.Close()
	return decode(gob.NewDecoder(bufio.NewReaderSize(f, 1<<20)))
}

// writeGob replaces name with what encode writes.
func writeGob(name string, encode func(*gob.Encoder) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(name), ".tmp-*.gob")
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(tmp, 1<<20)
	err = encode(gob.NewEncoder(w))
	if err == nil {
		err = w.Flush()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), name)
	}
	if err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("writing %s: %w", name, err)
	}
	return nil
}

// chunk is how many map entries go in one gob value: gob encodes a value
// whole in memory before writing it, and the maps of a large site are
// hundreds of megabytes.
const chunk = 8192

// encodeChunks writes m as its length and then maps of up to chunk entries.
func encodeChunks[K comparable, V any](enc *gob.Encoder, m map[K]V) error {
	if err := enc.Encode(len(m)); err != nil {
		return err
	}
	part := make(map[K]V, min(len(m), chunk))
	for k, v := range m {
		part[k] = v
		if len(part) == chunk {
			if err := enc.Encode(part); err != nil {
				return err
			}
			clear(part)
		}
	}
	if len(part) > 0 {
		return enc.Encode(part)
	}
	return nil
}

func decodeChunks[K comparable, V any](dec *gob.Decoder) (map[K]V, error) {
	var n int
	if err := dec.Decode(&n); err != nil {
		return nil, err
	}
	m := make(map[K]V, n)
	for len(m) < n {
		var part map[K]V
		if err := dec.Decode(&part); err != nil {
			return nil, err
		}
		if len(part) == 0 {
			return nil, errors.New("cache: truncated map")
		}
		for k, v := range part {
			m[k] = v
		}
	}
	return m, nil
}
