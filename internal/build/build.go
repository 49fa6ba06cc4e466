// Package build runs the pipeline: files → content model → site graph →
// rendered output, and is the one entry point the command line calls.
//
// A Builder remembers what its last build read and wrote, so the next one
// parses, converts, renders and writes only what changed (see site.Digest
// for what a page depends on). jihat serve keeps a Builder in memory; jihat
// build keeps its memory in a cache folder between runs. Either way the
// output is byte for byte the output of a clean build of the same files.
package build

import (
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"sync"
	"time"

	"github.com/jihat/jihat/internal/cachedir"
	"github.com/jihat/jihat/internal/config"
	"github.com/jihat/jihat/internal/content"
	"github.com/jihat/jihat/internal/diag"
	"github.com/jihat/jihat/internal/gazetteer"
	"github.com/jihat/jihat/internal/output"
	"github.com/jihat/jihat/internal/render"
	"github.com/jihat/jihat/internal/search"
	"github.com/jihat/jihat/internal/site"
)

// StaticDir holds files copied to the output as they are.
const StaticDir = "static"

// Options say what to build.
type Options struct {
	Source      string
	Destination string
	Drafts      bool
	BaseURL     string
	// Theme supplies layouts/ and static/ files the site does not have
	// itself; the site's own files win, file by file.
	Theme fs.FS
	// Offline builds for reading from disk (file://): every link relative
	// and naming its index.html, nothing pointing at the online site.
	Offline bool
	// Serving is jihat serve: the destination is written by this process
	// only, and the search index, slow to write for a large site, is left
	// for FinishSearch so that the edited page is served first.
	Serving bool
	// Cache is the folder where jihat build keeps what it needs to redo
	// only what changed next time ("" for none). Deleting it changes
	// nothing but the time the next build takes.
	Cache string
	// OnLoad, when set, is told how many articles were read, before the
	// work that grows with them (jihat sizes its memory limit with it).
	OnLoad func(articles int)
	// Kinds are the kinds of page the site has (nil: site.Kinds()). Each
	// needs its layout in the theme.
	Kinds []site.PageKind
}

// Result summarises a build.
type Result struct {
	// Updated is the newest article date: a stable timestamp for archives.
	Updated time.Time
	// Sources maps each article's source file to its page URL.
	Sources  map[string]string
	Pages    int
	Articles int
	Drafts   int
	Files    int   // files in the output
	Written  int   // files written by this build (the others were unchanged)
	Rendered int   // pages rendered (the others were unchanged)
	Bytes    int64 // bytes written
	Elapsed  time.Duration
	// Warnings are problems that did not stop the build.
	Warnings []string
	// Unchanged: nothing the build reads changed since the last build
	// into the same destination, which is as that build left it, so
	// nothing was done. The counts are the last build's.
	Unchanged bool
}

func (r *Result) String() string {
	if r.Unchanged {
		return fmt.Sprintf("%d pages, %d articles (%d drafts skipped), %d files: nothing changed since the last build, nothing written (%d ms)",
			r.Pages, r.Articles, r.Drafts, r.Files, r.Elapsed.Milliseconds())
	}
	return fmt.Sprintf("%d pages (%d rendered), %d articles (%d drafts skipped), %d files (%d written, %.1f KB) in %d ms",
		r.Pages, r.Rendered, r.Articles, r.Drafts, r.Files, r.Written, float64(r.Bytes)/1024, r.Elapsed.Milliseconds())
}

// Build builds once, with the cache folder if Options.Cache names one.
func Build(opts Options) (*Result, error) {
	b := New(opts)
	b.oneShot = true
	if opts.Cache != "" {
		b.loadCache() // a missing or unreadable cache only costs time
	}
	before := b.previous
	res, err := b.Build()
	if err == nil && opts.Cache != "" && !res.Unchanged {
		inputsChanged := before == nil || b.previous == nil || before.Inputs != b.previous.Inputs
		if err := b.saveCache(res.Written > 0 || res.Rendered > 0 || b.articles.changed() || inputsChanged); err != nil {
			// The site is built: a cache that could not be kept only
			// makes the next build slower.
			res.Warnings = append(res.Warnings, fmt.Sprintf("the cache could not be saved in %s (the next build will take longer): %v", opts.Cache, err))
		}
	}
	return res, err
}

// Check validates content and templates and reports every problem, writing
// nothing.
func Check(opts Options) error {
	b := New(opts)
	p, problems := b.prepare()
	b.awaitCache() // prepare may have stopped before taking it in
	if p != nil && p.convert.Spill != nil {
		defer p.convert.Spill.Close()
	}
	if len(problems) == 0 {
		// Execute every template too: a template can fail on real data.
		problems.Append(b.renderAll(p))
	}
	return problems.Err()
}

// Builder builds a site again and again, redoing only what changed since
// its previous build. It is not safe for concurrent use.
type Builder struct {
	opts Options

	articles  *articleCache
	gazetteer *gazetteer.Gazetteer
	related   site.RelatedCache
	index     *search.Builder
	indexed   map[string]site.Digest // article URL → the version its search entry was made from

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
	// oneShot: this Builder makes one build (the Build function), so what
	// only its next build would need can be let go once in the cache.
	oneShot bool
}

// New returns a Builder that has built nothing yet.
func New(opts Options) *Builder {
	b := &Builder{opts: opts, articles: newArticleCache(), index: search.NewBuilder(&search.DefaultRules), indexed: map[string]site.Digest{}}
	b.articles.withoutBodies = !opts.Serving
	return b
}

// prepared is everything known before anything is written.
type prepared struct {
	site      *site.Site
	templates *render.Templates
	static    []staticFile
	drafts    int
	base      site.Digest     // templates, configuration, build mode
	sources   map[string]bool // every article file, published or not
	siteFS    fs.FS           // the site's own files (the theme's are beneath)
	convert   site.ConvertOptions
	// inputs fingerprints what the build reads (known is false when it
	// could not be taken); unchanged: they and the output are as the
	// previous build left them, and nothing else was prepared.
	inputs    site.Digest
	known     bool
	unchanged bool
	articles  []*content.Article // unchanged only: the articles read
}

type staticFile struct {
	URL string
	FS  fs.FS
	Rel string // path inside FS
}

// Build builds the site into the destination. A failed build changes
// nothing there and leaves the Builder as it was before.
func (b *Builder) Build() (*Result, error) {
	start := time.Now()
	// Until this build succeeds, the files may differ from the last good
	// graph in ways Update cannot see: start from the files next time.
	b.last = nil
	p, problems := b.prepare()
	if p != nil && p.convert.Spill != nil {
		defer p.convert.Spill.Close()
	}
	if err := problems.Err(); err != nil {
		return nil, err
	}
	if p.unchanged {
		last := b.previous
		sources := make(map[string]string, len(p.articles))
		for _, a := range p.articles {
			sources[a.Path] = site.ArticleURL(a.Slug)
		}
		return &Result{
			Updated: last.Updated, Sources: sources,
			Pages: last.Pages, Articles: last.Articles, Drafts: last.Drafts, Files: len(b.manifest),
			Elapsed: time.Since(start), Unchanged: true,
		}, nil
	}
	b.previous = nil // until this build succeeds
	upd, err := output.Begin(b.opts.Source, b.opts.Destination, output.Options{Previous: b.manifest, Trusted: b.opts.Serving})
	if err != nil {
		return nil, err
	}
	records, rendered, err := b.write(p, upd)
	if err != nil {
		upd.Abort()
		return nil, err
	}
	manifest, err := upd.Commit()
	if err != nil {
		// Part of the destination may be new: nothing is known of it now.
		b.manifest, b.records = nil, nil
		return nil, err
	}
	b.manifest, b.records = manifest, records
	b.articles.retain(p.sources)
	if !b.oneShot {
		// Kept for Update (jihat serve). A one-shot build lets the graph
		// and the rendered partials go before the cache is written: at
		// 100,000 articles that is 300 MB the collector need not scan.
		b.last = p
	}
	b.generation++
	s := p.site
	if p.known {
		b.previous = &lastBuild{Inputs: p.inputs, Pages: len(s.Pages), Articles: len(s.Articles), Drafts: p.drafts, Updated: s.Built}
	}
	sources := make(map[string]string, len(s.Articles))
	for _, a := range s.Articles {
		sources[a.Path] = a.URL
	}
	return &Result{
		Updated: s.Built,
		Sources: sources,
		Pages:   len(s.Pages), Articles: len(s.Articles), Drafts: p.drafts,
		Files: len(manifest), Written: upd.Written(), Rendered: rendered, Bytes: upd.Bytes(),
		Elapsed: time.Since(start),
	}, nil
}

func (b *Builder) prepare() (*prepared, diag.List) {
	opts := b.opts
	var problems diag.List
	cfg, g, err := loadVocabulary(opts.Source, opts.BaseURL)
	if err != nil {
		return nil, asList(err)
	}
	b.gazetteer = g
	theme := overlay{site: os.DirFS(opts.Source), theme: opts.Theme}
	kinds := opts.Kinds
	if kinds == nil {
		kinds = site.Kinds()
	}
	templates, tplProblems := render.Load(theme, render.Options{Offline: opts.Offline, Layouts: site.Layouts(kinds), Base: opts.Theme})
	problems.Append(tplProblems)
	var labels site.Labels
	if templates != nil {
		labels = templates.Labels()
	}

	base, err := b.baseDigest(cfg)
	if err != nil {
		problems.Add(config.FileName, 0, 0, "%v", err)
		return nil, problems
	}
	// Parsed articles and conversions depend on the configuration (the
	// facility types, raw HTML); a new one starts them afresh.
	b.articles.reset(base.config)

	set, contentProblems := content.Load(opts.Source, opts.Drafts, content.Options{Gazetteer: g, Cache: b.articles, DropBodies: true})
	problems.Append(contentProblems)
	if set == nil {
		return nil, problems
	}
	if opts.OnLoad != nil {
		opts.OnLoad(len(set.Articles))
	}
	static, err := listStatic(theme)
	if err != nil {
		problems.Add(StaticDir, 0, 0, "%v", err)
	}
	var inputs site.Digest
	known := false
	if !opts.Serving { // jihat serve's watcher says what changed
		inputs, known = b.inputsDigest(base.config, templates, set, static)
	}
	if len(problems) == 0 && known && b.nothingChanged(inputs, set) {
		return &prepared{unchanged: true, inputs: inputs, known: true, drafts: set.Drafts, articles: set.Articles}, nil
	}
	urls := map[string]string{}
	for _, f := range static {
		urls[f.URL] = f.Rel
	}
	s, graphProblems := site.New(cfg, g, set.Articles, site.Options{StaticFiles: urls, Unpublished: set.Unpublished, Related: &b.related, Kinds: kinds, Labels: labels})
	problems.Append(graphProblems)
	var mu sync.Mutex
	fresh := map[string]site.Digest{}
	var spill *site.Spill
	if !opts.Serving {
		if spill, err = site.NewSpill(""); err != nil {
			problems.Add("", 0, 0, "%v", err)
			return nil, problems
		}
	}
	convert := site.ConvertOptions{
		Spill:     spill,
		Root:      opts.Source,
		Reuse:     b.articles.conversion,
		Reload:    b.reload,
		Converted: b.articles.keepConversion,
		OnText: func(a *site.Article, text string) {
			b.loadSearchOnce.Do(b.loadSearchCache)
			b.index.Add(a.URL, search.Fields{Title: a.Title, Places: placeNames(a), Summary: a.Summary, Body: text})
			mu.Lock()
			fresh[a.URL] = site.Digest{} // marked; the version is known after Seal
			b.searchDirty = true
			mu.Unlock()
		},
	}
	b.awaitCache()
	problems.Append(s.Convert(convert))
	if len(problems) > 0 {
		if spill != nil {
			spill.Close()
		}
		return nil, problems
	}
	s.Seal()
	for _, a := range s.Articles {
		if _, ok := fresh[a.URL]; ok {
			b.indexed[a.URL] = a.Version()
		}
	}
	sources := map[string]bool{}
	for _, a := range s.Articles {
		sources[a.Path] = true
	}
	for p := range set.Unpublished {
		sources[p] = true
	}
	return &prepared{siteFS: theme.site, site: s, templates: templates, static: static, drafts: set.Drafts, base: base.config, sources: sources, convert: convert, inputs: inputs, known: known}, nil
}

type baseDigests struct {
	config site.Digest // configuration, build mode and this jihat
}

// layout identifies the templates a page is rendered with.
func (p *prepared) layout(pg *site.Page) site.Digest {
	d := p.templates.Digest(pg.Layout)
	return site.Digest(d[:16])
}

// baseDigest identifies what every output depends on.
func (b *Builder) baseDigest(cfg *config.Site) (baseDigests, error) {
	var out baseDigests
	data, err := json.Marshal(cfg)
	if err != nil {
		return out, err
	}
	h := sha256.New()
	fmt.Fprintf(h, "jihat %s\ndrafts=%v offline=%v\n", engineVersion(), b.opts.Drafts, b.opts.Offline)
	h.Write(data)
	copy(out.config[:], h.Sum(nil))
	return out, nil
}

// reload reads an article's body again: Load keeps front matter only, and
// a body converted in an earlier build is not kept either.
func (b *Builder) reload(a *site.Article, buf []byte) ([]byte, error) {
	return content.ReadSource(b.opts.Source, a.Article, buf)
}

// loadVocabulary reads the configuration and the gazetteer it extends.
func loadVocabulary(root, baseURL string) (*config.Site, *gazetteer.Gazetteer, error) {
	cfg, err := config.Load(root)
	if err != nil {
		return nil, nil, err
	}
	if err := cfg.Override(baseURL); err != nil {
		return nil, nil, err
	}
	g, err := gazetteer.Default()
	if err != nil {
		return nil, nil, fmt.Errorf("embedded gazetteer: %v", err)
	}
	if len(cfg.FacilityTypes) > 0 {
		extra := make([]gazetteer.FacilityType, len(cfg.FacilityTypes))
		for i, f := range cfg.FacilityTypes {
			extra[i] = gazetteer.FacilityType{Slug: f.Slug, NameAR: f.NameAR, NameFR: f.NameFR, Group: f.Group, Aliases: f.Aliases}
		}
		if g, err = g.WithFacilityTypes(extra); err != nil {
			var l diag.List
			l.Add(config.FileName, 0, 0, "facility_types: %v", err)
			return nil, nil, l
		}
	}
	return cfg, g, nil
}

func asList(err error) diag.List {
	var l diag.List
	if errors.As(err, &l) {
		return l
	}
	l.Add("", 0, 0, "%v", err)
	return l
}
