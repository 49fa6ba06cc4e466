package build

import (
	"path/filepath"

	"github.com/jihat/jihat/internal/cachedir"
	"github.com/jihat/jihat/internal/gazetteer"
	"github.com/jihat/jihat/internal/search"
)

// What jihat build keeps in the cache folder and takes back in; the files
// themselves are the cachedir package's.

// record is what an output file was made from.
type record = cachedir.Record

// lastBuild is what a build reports again when nothing changed since it.
type lastBuild = cachedir.LastBuild

// loadSearchCache restores the analysed articles of the search index, when
// the index must be written again.
func (b *Builder) loadSearchCache() {
	if !b.searchPending {
		return
	}
	b.searchPending = false
	c, err := cachedir.ReadSearch(b.opts.Cache, engineVersion())
	if err != nil {
		return // a missing or unreadable cache only costs time
	}
	rules, err := search.RulesFor(b.lang)
	if err != nil || c.Lang != b.lang {
		return
	}
	idx, err := search.Restore(rules, c.Index)
	if err != nil {
		return
	}
	others := map[string]*search.Builder{}
	for code, snap := range c.Others {
		rules, err := search.RulesFor(code)
		if err != nil {
			return
		}
		if others[code], err = search.Restore(rules, snap); err != nil {
			return
		}
	}
	b.index, b.others, b.indexed = idx, others, c.Indexed
}

// loadCache restores what an earlier jihat build kept. Any mismatch (another
// jihat, another configuration) just means starting afresh. The parsed
// articles, needed first, are read here; the rest is read in the
// background while the sources are checked and the graph is made, and is
// taken in by awaitCache.
func (b *Builder) loadCache() {
	c, r, err := cachedir.ReadBuild(b.opts.Cache, engineVersion())
	if err != nil {
		return
	}
	g, err := gazetteerFor(b.opts.Source)
	if err != nil {
		r.Close()
		return
	}
	b.articles.config = c.Config
	for p, d := range c.Parsed {
		a, ok := d.Article(g)
		if !ok {
			continue
		}
		b.articles.parsed[p] = parsedEntry{d.Size, d.ModTime, a}
	}
	b.related = c.Related
	b.previous = c.Last
	b.searchPending = true
	rest := make(chan *cachedir.Build, 1)
	b.cacheRest = rest
	go func() {
		if err := r.Rest(c); err != nil {
			rest <- nil
			return
		}
		rest <- c
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
	others := map[string]*search.Snapshot{}
	for code, ix := range b.others {
		others[code] = ix.Snapshot()
	}
	err := cachedir.WriteSearch(b.opts.Cache, &cachedir.Search{Engine: engineVersion(), Index: b.index.Snapshot(), Indexed: b.indexed, Lang: b.lang, Others: others})
	if err == nil {
		b.searchDirty = false
	}
	return err
}

// saveCache writes what the next jihat build can reuse, if it changed.
func (b *Builder) saveCache(changed bool) error {
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
	c := &cachedir.Build{
		Engine: engineVersion(), Config: b.articles.config, Destination: b.destination(),
		Related: b.related, Last: b.previous,
		Parsed:   make(map[string]cachedir.Article, len(b.articles.parsed)),
		Conv:     make(map[string]cachedir.Conversion, len(b.articles.conv)),
		Manifest: b.manifest, Records: b.records,
	}
	for p, e := range b.articles.parsed {
		c.Parsed[p] = cachedir.NewArticle(e.size, e.modTime, e.article)
	}
	for p, e := range b.articles.conv {
		light := *e.conv
		light.Body = ""
		c.Conv[p] = cachedir.Conversion{Hash: e.hash, Conv: light}
	}
	return cachedir.WriteBuild(b.opts.Cache, c)
}

// gazetteerFor is the vocabulary of the site at root, as prepare makes it.
func gazetteerFor(root string) (*gazetteer.Gazetteer, error) {
	_, g, err := loadVocabulary(root, "")
	return g, err
}

func (b *Builder) destination() string {
	abs, err := filepath.Abs(b.opts.Destination)
	if err != nil {
		return b.opts.Destination
	}
	return abs
}
