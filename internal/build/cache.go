package build

import (
	"bufio"
	"encoding/gob"
	"errors"
	"maps"
	"os"
	"path/filepath"
	"time"

	"github.com/jihat/jihat/internal/content"
	"github.com/jihat/jihat/internal/gazetteer"
	"github.com/jihat/jihat/internal/output"
	"github.com/jihat/jihat/internal/search"
	"github.com/jihat/jihat/internal/site"
)

// cacheFormat changes whenever what the cache holds changes shape.
const cacheFormat = 4

// The cache folder's files, each written whole and replaced by rename, so a
// build killed half-way leaves the previous cache or none. The search
// index's analysed words are most of the size and needed only when the
// index changes, so they have their own file.
const (
	cacheFile       = "build.gob"
	searchCacheFile = "search.gob"
)

// diskCache is what jihat build keeps between runs. Article bodies are not
// kept (they are most of the size): a page that must be rendered again
// converts its article's body again.
type diskCache struct {
	Format      int
	Engine      string
	Config      site.Digest
	Destination string

	Parsed  map[string]diskArticle
	Conv    map[string]diskConversion
	Related site.RelatedCache

	Manifest output.Manifest
	Records  map[string]record

	// Last is the build that wrote the cache, for the next one to tell
	// whether anything changed since.
	Last *lastBuild
}

// lastBuild is what a build reports again when nothing changed since it.
type lastBuild struct {
	Inputs                  site.Digest // see Builder.inputsDigest
	Pages, Articles, Drafts int
	Updated                 time.Time
}

type diskArticle struct {
	Size, ModTime int64

	Path, Dir                       string
	IsBundle, Draft                 bool
	Title, Summary, Slug            string
	Date, Lastmod                   time.Time
	Regions, Provinces              []string
	Facilities, Tags, TagSlugs      []string
	Image, ImageAlt                 string
	ImageLine, BodyLine, BodyOffset int
	Hash                            [32]byte
}

type diskConversion struct {
	Hash [32]byte
	Conv site.Converted // without Body
}

func (b *Builder) cachePath() string { return filepath.Join(b.opts.Cache, cacheFile) }

// loadSearchCache restores the analysed articles of the search index, when
// the index must be written again.
func (b *Builder) loadSearchCache() {
	if !b.searchPending {
		return
	}
	b.searchPending = false
	var c searchCache
	err := readGob(filepath.Join(b.opts.Cache, searchCacheFile), func(dec *gob.Decoder) error {
		if err := dec.Decode(&c); err != nil {
			return err
		}
		if c.Format != cacheFormat || c.Engine != engineVersion() || c.Search == nil {
			return errStale
		}
		var err error
		c.Search.Docs, err = decodeChunks[string, []byte](dec)
		return err
	})
	if err != nil {
		return
	}
	if idx, err := search.Restore(&search.DefaultRules, c.Search); err == nil {
		b.index, b.indexed = idx, c.Indexed
	}
}

var errStale = errors.New("cache made by another jihat")

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
	}
	return err
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
			return nil, errors.New("cache: empty part")
		}
		maps.Copy(m, part)
	}
	return m, nil
}

func (b *Builder) destination() string {
	abs, err := filepath.Abs(b.opts.Destination)
	if err != nil {
		return b.opts.Destination
	}
	return abs
}

// searchCache is the search index's part of the cache.
type searchCache struct {
	Format  int
	Engine  string
	Search  *search.Snapshot
	Indexed map[string]site.Digest
}

// loadCache restores what an earlier jihat build kept. Any mismatch (another
// jihat, another configuration) just means starting afresh. The parsed
// articles, needed first, are read here; the rest is read in the
// background while the sources are checked and the graph is made, and is
// taken in by awaitCache.
func (b *Builder) loadCache() {
	f, err := os.Open(b.cachePath())
	if err != nil {
		return
	}
	dec := gob.NewDecoder(bufio.NewReaderSize(f, 1<<20))
	var c diskCache
	err = dec.Decode(&c)
	if err == nil && (c.Format != cacheFormat || c.Engine != engineVersion()) {
		err = errStale
	}
	if err == nil {
		c.Parsed, err = decodeChunks[string, diskArticle](dec)
	}
	var g *gazetteer.Gazetteer
	if err == nil {
		g, err = gazetteerFor(b.opts.Source)
	}
	if err != nil {
		f.Close()
		return
	}
	b.articles.config = c.Config
	for p, d := range c.Parsed {
		a, ok := d.article(g)
		if !ok {
			continue
		}
		b.articles.parsed[p] = parsedEntry{d.Size, d.ModTime, a}
	}
	b.related = c.Related
	b.previous = c.Last
	b.searchPending = true
	rest := make(chan *diskCache, 1)
	b.cacheRest = rest
	go func() {
		defer f.Close()
		var err error
		if c.Conv, err = decodeChunks[string, diskConversion](dec); err == nil {
			if c.Manifest, err = decodeChunks[string, output.Entry](dec); err == nil {
				c.Records, err = decodeChunks[string, record](dec)
			}
		}
		if err != nil {
			rest <- nil
			return
		}
		rest <- &c
	}()
}

// awaitCache takes in the part of the cache loadCache left to the
// background, once, before the conversions or the output are looked at.
func (b *Builder) awaitCache() {
	if b.cacheRest == nil {
		return
	}
	c := <-b.cacheRest
	b.cacheRest = nil
	if c == nil {
		return
	}
	// Conversions depend on the configuration: a new one started the
	// articles afresh (articleCache.reset), and these are stale too.
	if b.articles.config == c.Config {
		for p, d := range c.Conv {
			conv := d.Conv
			conv.NoBody = true
			b.articles.conv[p] = convEntry{hash: d.Hash, conv: &conv}
		}
	}
	if c.Destination == b.destination() {
		b.manifest, b.records = c.Manifest, c.Records
	}
}

// saveSearchCache writes the search index's analysed articles. Their
// entries name the article versions they were made from, so the file is
// right whatever build.gob says.
func (b *Builder) saveSearchCache() error {
	if err := os.MkdirAll(b.opts.Cache, 0o755); err != nil {
		return err
	}
	snap := b.index.Snapshot()
	docs := snap.Docs
	snap.Docs = nil
	c := searchCache{Format: cacheFormat, Engine: engineVersion(), Search: snap, Indexed: b.indexed}
	err := writeGob(filepath.Join(b.opts.Cache, searchCacheFile), func(enc *gob.Encoder) error {
		if err := enc.Encode(&c); err != nil {
			return err
		}
		return encodeChunks(enc, docs)
	})
	if err == nil {
		b.searchDirty = false
	}
	return err
}

// saveCache writes what the next jihat build can reuse, if it changed.
func (b *Builder) saveCache(changed bool) error {
	if err := os.MkdirAll(b.opts.Cache, 0o755); err != nil {
		return err
	}
	searchChanged := b.searchDirty
	if searchChanged {
		// Written first: build.gob is what says the cache is usable.
		if err := b.saveSearchCache(); err != nil {
			return err
		}
	}
	if !changed && !searchChanged {
		return nil
	}
	c := diskCache{
		Format: cacheFormat, Engine: engineVersion(), Config: b.articles.config, Destination: b.destination(),
		Related: b.related, Last: b.previous,
	}
	parsed := make(map[string]diskArticle, len(b.articles.parsed))
	for p, e := range b.articles.parsed {
		parsed[p] = newDiskArticle(e)
	}
	conv := make(map[string]diskConversion, len(b.articles.conv))
	for p, e := range b.articles.conv {
		light := *e.conv
		light.Body = ""
		conv[p] = diskConversion{Hash: e.hash, Conv: light}
	}
	return writeGob(b.cachePath(), func(enc *gob.Encoder) error {
		if err := enc.Encode(&c); err != nil {
			return err
		}
		if err := encodeChunks(enc, parsed); err != nil {
			return err
		}
		if err := encodeChunks(enc, conv); err != nil {
			return err
		}
		if err := encodeChunks(enc, b.manifest); err != nil {
			return err
		}
		return encodeChunks(enc, b.records)
	})
}

func newDiskArticle(e parsedEntry) diskArticle {
	a := e.article
	d := diskArticle{Size: e.size, ModTime: e.modTime,
		Path: a.Path, Dir: a.Dir, IsBundle: a.IsBundle, Draft: a.Draft,
		Title: a.Title, Summary: a.Summary, Slug: a.Slug, Date: a.Date, Lastmod: a.Lastmod,
		Tags: a.Tags, TagSlugs: a.TagSlugs, Image: a.Image, ImageAlt: a.ImageAlt, ImageLine: a.ImageLine, BodyLine: a.BodyLine, BodyOffset: a.BodyOffset, Hash: a.Hash}
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

// article rebuilds a parsed article; false if the vocabulary changed under
// it.
func (d diskArticle) article(g *gazetteer.Gazetteer) (*content.Article, bool) {
	a := &content.Article{Path: d.Path, Dir: d.Dir, IsBundle: d.IsBundle, Draft: d.Draft,
		Title: d.Title, Summary: d.Summary, Slug: d.Slug, Date: d.Date, Lastmod: d.Lastmod,
		Tags: d.Tags, TagSlugs: d.TagSlugs, Image: d.Image, ImageAlt: d.ImageAlt, ImageLine: d.ImageLine, BodyLine: d.BodyLine, BodyOffset: d.BodyOffset, Hash: d.Hash}
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

// gazetteerFor is the vocabulary of the site at root, as prepare makes it.
func gazetteerFor(root string) (*gazetteer.Gazetteer, error) {
	_, g, err := loadVocabulary(root, "")
	return g, err
}
