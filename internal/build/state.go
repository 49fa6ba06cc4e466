package build

// The state a Builder keeps between builds: what its last build read and
// wrote, so that the next one redoes only what changed.

import (
	"crypto/sha256"
	"debug/elf"
	"io"
	"io/fs"
	"os"
	"sync"

	"github.com/jihat/jihat/internal/cachedir"
	"github.com/jihat/jihat/internal/content"
	"github.com/jihat/jihat/internal/gazetteer"
	"github.com/jihat/jihat/internal/output"
	"github.com/jihat/jihat/internal/search"
	"github.com/jihat/jihat/internal/site"
)

// Builder builds a site again and again, redoing only what changed since
// its previous build. It is not safe for concurrent use.
type Builder struct {
	opts Options

	articles  *articleCache
	gazetteer *gazetteer.Gazetteer
	related   site.RelatedCache
	// index is the search index of the default language (lang), others
	// the other languages', by code (see indexFor).
	index   *search.Builder
	lang    string
	others  map[string]*search.Builder
	indexMu sync.Mutex
	indexed map[string]site.Digest // article URL → the version its search entry was made from

	// searchPending: the cache folder's search part is not loaded yet;
	// searchDirty: the index's analysed articles changed since loaded.
	searchPending, searchDirty bool
	searchLate                 bool      // the search index is behind the pages (Serving)
	generation                 int       // counts the builds that changed the output
	last                       *prepared // the last successful build
	loadSearchOnce             sync.Once

	manifest output.Manifest   // what the destination holds, nil when unknown
	records  map[string]record // output file → what it was made from
	// reaching are the last build's pages that read a site-wide list
	// reaching every article (see outputs).
	reaching []*site.Page

	cacheRest <-chan *cachedir.Build // the cache's conversions and records, being read
	// previous is the last successful build into the destination, from
	// this Builder or the cache folder (nil if unknown).
	previous *lastBuild
	// loaded is what the last prepare loaded, for Check's lists.
	loaded *content.Set
	// oneShot: this Builder makes one build (the Build function), so what
	// only its next build would need can be let go once in the cache.
	oneShot bool
	// photos makes the photos' published sizes, or finds them in the
	// photo cache.
	photos *photoStore
}

// New returns a Builder that has built nothing yet.
func New(opts Options) *Builder {
	b := &Builder{opts: opts, articles: newArticleCache(), index: search.NewBuilder(&search.DefaultRules), lang: "ar", indexed: map[string]site.Digest{},
		photos: newPhotoStore(opts.Source, photoCache(opts))}
	b.articles.withoutBodies = !opts.Serving
	return b
}

// articleCache keeps parsed articles by file and body conversions by
// source hash between builds.
type articleCache struct {
	mu    sync.Mutex
	dirty bool // something was added or forgotten since the last save
	// withoutBodies keeps conversions without their HTML (jihat build,
	// where memory matters more than the next build in the same process).
	withoutBodies bool
	config        site.Digest
	parsed        map[string]parsedEntry
	conv          map[string]convEntry
}

type parsedEntry struct {
	size, modTime int64
	article       *content.Article
}

type convEntry struct {
	hash [32]byte
	conv *site.Converted
}

func newArticleCache() *articleCache {
	return &articleCache{parsed: map[string]parsedEntry{}, conv: map[string]convEntry{}}
}

// reset forgets everything when the configuration changed.
func (c *articleCache) reset(config site.Digest) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.config != config {
		c.config = config
		c.parsed = map[string]parsedEntry{}
		c.conv = map[string]convEntry{}
		c.dirty = true
	}
}

// Get and Put make articleCache a content.Cache.
func (c *articleCache) Get(rel string, info fs.FileInfo) *content.Article {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.parsed[rel]
	if !ok || e.size != info.Size() || e.modTime != info.ModTime().UnixNano() {
		return nil
	}
	return e.article
}

func (c *articleCache) Put(rel string, info fs.FileInfo, a *content.Article) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.parsed[rel] = parsedEntry{info.Size(), info.ModTime().UnixNano(), a}
	c.dirty = true
}

// identity is the size and time of the file an article was parsed from.
func (c *articleCache) identity(rel string) (size, modTime int64, ok bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.parsed[rel]
	return e.size, e.modTime, ok
}

// conversion returns the article's earlier conversion if its source is the
// same.
func (c *articleCache) conversion(a *site.Article) *site.Converted {
	return c.conversionOf(a.Path, a.Hash)
}

// conversionOf returns the conversion of the file at rel when its source
// had this hash.
func (c *articleCache) conversionOf(rel string, hash [32]byte) *site.Converted {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.conv[rel]
	if !ok || e.hash != hash {
		return nil
	}
	return e.conv
}

func (c *articleCache) keepConversion(a *site.Article, conv *site.Converted) {
	if c.withoutBodies {
		// The page is written once; a later build that needs the body
		// converts it again (the cache folder keeps no bodies either).
		light := *conv
		light.Body, light.NoBody = "", true
		conv = &light
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.conv[a.Path] = convEntry{hash: a.Hash, conv: conv}
	c.dirty = true
}

// changed reports and clears the dirty mark.
func (c *articleCache) changed() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	d := c.dirty
	c.dirty = false
	return d
}

// retain forgets the files that are gone.
func (c *articleCache) retain(keep map[string]bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for p := range c.parsed {
		if !keep[p] {
			delete(c.parsed, p)
			c.dirty = true
		}
	}
	for p := range c.conv {
		if !keep[p] {
			delete(c.conv, p)
			c.dirty = true
		}
	}
}

var (
	engineOnce sync.Once
	engineSum  string
)

// engineVersion identifies this jihat program, so that outputs made by
// another version are made again: the Go build ID the go command stamps
// into the executable (a hash of what it was built from and of its
// content), or failing that the executable's own hash.
func engineVersion() string {
	engineOnce.Do(func() {
		engineSum = "unknown"
		exe, err := os.Executable()
		if err != nil {
			return
		}
		if id := goBuildID(exe); id != "" {
			engineSum = "go:" + id
			return
		}
		f, err := os.Open(exe)
		if err != nil {
			return
		}
		defer f.Close()
		h := sha256.New()
		if _, err := io.Copy(h, f); err == nil {
			engineSum = string(h.Sum(nil))
		}
	})
	return engineSum
}

// goBuildID reads the build ID note of an ELF executable, "" when there is
// none (another format, or a binary built with -buildid=).
func goBuildID(exe string) string {
	f, err := elf.Open(exe)
	if err != nil {
		return ""
	}
	defer f.Close()
	sec := f.Section(".note.go.buildid")
	if sec == nil {
		return ""
	}
	note, err := sec.Data()
	// A note: name size, descriptor size, type, "Go\0\0", then the ID.
	if err != nil || len(note) < 16 || string(note[12:16]) != "Go\x00\x00" {
		return ""
	}
	size := int(f.ByteOrder.Uint32(note[4:8]))
	if 16+size > len(note) || size == 0 {
		return ""
	}
	return string(note[16 : 16+size])
}

// indexFor is the search index of the language code, made when first asked.
func (b *Builder) indexFor(code string) *search.Builder {
	b.indexMu.Lock()
	defer b.indexMu.Unlock()
	if code == b.lang {
		return b.index
	}
	if ix := b.others[code]; ix != nil {
		return ix
	}
	if b.others == nil {
		b.others = map[string]*search.Builder{}
	}
	ix := search.NewBuilder(rulesOf(code))
	b.others[code] = ix
	return ix
}

// setLanguage makes code the language of the default index: a site whose
// default language changed starts its indexes afresh.
func (b *Builder) setLanguage(code string) {
	if code == b.lang {
		return
	}
	b.lang, b.index, b.others, b.indexed = code, search.NewBuilder(rulesOf(code)), nil, map[string]site.Digest{}
}

// rulesOf are the search rules of a language the configuration accepted.
func rulesOf(code string) *search.Rules {
	if rules, err := search.RulesFor(code); err == nil {
		return rules
	}
	return &search.DefaultRules // the configuration refuses another code first
}
