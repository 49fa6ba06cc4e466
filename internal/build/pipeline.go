package build

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"slices"
	"sync"
	"time"

	"github.com/jihat/jihat/internal/config"
	"github.com/jihat/jihat/internal/content"
	"github.com/jihat/jihat/internal/diag"
	"github.com/jihat/jihat/internal/gazetteer"
	"github.com/jihat/jihat/internal/render"
	"github.com/jihat/jihat/internal/search"
	"github.com/jihat/jihat/internal/site"
	"github.com/jihat/jihat/internal/sitefs"
)

// The pipeline of one build, without the state a Builder keeps: files →
// content model → site graph, ready to be written (see write.go).

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
	// heldBack are the articles dated after the build's time and left
	// out; scheduled those built all the same (Options.Future). Both are
	// what of the build depends on the clock (see timeMoved).
	heldBack, scheduled []*content.Article
	// warnings are the problems that do not stop the build, sorted.
	warnings      diag.List
	buildWarnings diag.List // of the build itself (see Builder.buildWarnings)
}

type staticFile struct {
	URL string
	FS  fs.FS
	Rel string // path inside FS
	// Data, when set, is what is published instead of the file's bytes
	// (minified, or _headers with the assets' rules added).
	Data []byte
}

func (b *Builder) prepare() (*prepared, diag.List) {
	opts := b.opts
	var problems diag.List
	cfg, g, err := loadVocabulary(opts.Source, opts.BaseURL)
	if err != nil {
		return nil, asList(err)
	}
	b.gazetteer = g
	b.setLanguage(cfg.Language)
	guard, err := sitefs.NewGuard(opts.Source)
	if err != nil {
		return nil, asList(err)
	}
	theme := overlay{site: os.DirFS(opts.Source), theme: opts.Theme, guard: guard}
	kinds := opts.Kinds
	if kinds == nil {
		kinds = site.Kinds()
	}
	templates, tplProblems := render.Load(theme, render.Options{Offline: opts.Offline, Layouts: site.Layouts(kinds), Base: opts.Theme, Languages: cfg.Codes()})
	problems.Append(tplProblems)
	var (
		labels   map[string]site.Labels
		themeIDs site.ThemeIDs
	)
	if templates != nil {
		labels, themeIDs = templates.Labels(), templates.IDs()
	}

	base, err := b.baseDigest(cfg)
	if err != nil {
		problems.Add(config.FileName, 0, 0, "%v", err)
		return nil, problems
	}
	// Parsed articles and conversions depend on the configuration (the
	// facility types, raw HTML); a new one starts them afresh.
	b.articles.reset(base.config)

	set, contentProblems := content.Load(opts.Source, opts.Drafts, content.Options{Gazetteer: g, Cache: b.articles, DropBodies: true, Now: b.now(), Future: opts.Future, Languages: cfg.Codes()})
	problems.Append(contentProblems)
	b.loaded = set
	if set == nil {
		return nil, problems
	}
	var scheduled []*content.Article
	for _, a := range set.Articles {
		if a.Scheduled {
			scheduled = append(scheduled, a)
		}
	}
	// Every output shows the scheduled mark or not: an article whose
	// date passed is shown without it on every page, as a clean build
	// would. Such a change is rare enough to render everything again.
	base.config = combine(base.config, scheduleDigest(scheduled))
	if opts.OnLoad != nil {
		opts.OnLoad(len(set.Articles))
	}
	static, err := listStatic(theme)
	if err != nil {
		problems.Append(asList(err))
	}
	var inputs site.Digest
	known := false
	if !opts.Serving { // jihat serve's watcher says what changed
		inputs, known = b.inputsDigest(combine(base.config, scheduleDigest(set.HeldBack)), templates, set, static)
	}
	if len(problems) == 0 && known && b.nothingChanged(inputs, set) {
		return &prepared{unchanged: true, inputs: inputs, known: true, drafts: set.Drafts, articles: set.Articles, heldBack: set.HeldBack, scheduled: scheduled}, nil
	}
	// After the check above: the hashed copies have no file of their own
	// (the search page's scripts) or share their original's.
	static, assets, assetWarnings, err := b.prepareAssets(static)
	if err != nil {
		problems.Append(asList(err))
	}
	base.config = combine(base.config, assetsDigest(assets))
	urls := map[string]string{}
	for _, f := range static {
		urls[f.URL] = f.Rel
	}
	s, graphProblems := site.New(cfg, g, set.Articles, site.Options{StaticFiles: urls, Unpublished: set.Unpublished, Related: &b.related, Kinds: kinds, Labels: labels, NoIndex: opts.NoIndex, Assets: assets})
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
		ThemeIDs:  themeIDs,
		Guard:     guard,
		OnText: func(a *site.Article, text string) {
			if a.IsPage {
				return // a plain page is not news: search finds articles
			}
			b.loadSearchOnce.Do(b.loadSearchCache)
			b.indexFor(a.Language().Code).Add(a.URL, search.Fields{Title: a.Title, Places: placeNames(a), Summary: a.Summary, Body: text})
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
	for _, a := range s.AllArticles() {
		if _, ok := fresh[a.URL]; ok {
			b.indexed[a.URL] = a.Version()
		}
	}
	sources := map[string]bool{}
	for _, a := range s.AllSources() {
		sources[a.Path] = true
	}
	for p := range set.Unpublished {
		sources[p] = true
	}
	p := &prepared{siteFS: theme.site, site: s, templates: templates, static: static, drafts: set.Drafts, base: base.config, sources: sources, convert: convert, inputs: inputs, known: known, heldBack: set.HeldBack, scheduled: scheduled}
	p.buildWarnings = b.buildWarnings(p)
	p.buildWarnings.Append(assetWarnings)
	p.gatherWarnings()
	return p, nil
}

// buildWarnings are the build's own warnings: what the reader would miss
// although nothing is wrong in a file.
func (b *Builder) buildWarnings(p *prepared) diag.List {
	var warnings diag.List
	if b.opts.Destination != "" && !b.opts.Offline && !b.opts.Serving && p.site.Config.BaseURL == config.Default().BaseURL {
		warnings.Add(config.FileName, 0, 0, "no base_url: canonical links, feeds and the sitemap point at %s, which readers cannot reach; set base_url in site.toml or pass --base-url (netlify.toml passes Netlify's address)", p.site.Config.BaseURL)
	}
	for _, f := range p.static {
		if f.URL == "/style.css" && f.FS == p.siteFS && !themeCopy(f.FS, f.Rel) {
			warnings.Add(StaticDir+"/style.css", 0, 0, "replaces the theme's stylesheet, and the theme's rules are gone from every page: to add rules, put them in static/custom.css, which pages link after the theme's; to change the theme's own, start from a copy (jihat theme export)")
		}
	}
	return warnings
}

// themeCopy reports a stylesheet that begins as the theme's does: a copy
// made to be edited, not rules meant to be added.
func themeCopy(fsys fs.FS, name string) bool {
	f, err := fsys.Open(name)
	if err != nil {
		return false
	}
	defer f.Close()
	head := make([]byte, 64)
	n, _ := io.ReadFull(f, head)
	return bytes.HasPrefix(head[:n], []byte("/* Jihat theme"))
}

// gatherWarnings collects the theme's and the articles' warnings, after the
// articles were converted (again).
func (p *prepared) gatherWarnings() {
	p.warnings = slices.Concat(p.templates.Warnings(), p.site.Warnings(), p.buildWarnings)
	p.warnings.Sort()
}

// now is the build's time (Options.Now, or the clock's).
func (b *Builder) now() time.Time {
	if !b.opts.Now.IsZero() {
		return b.opts.Now
	}
	return time.Now()
}

// scheduleDigest identifies which articles wait for their date, and
// until when: what of a build depends on the clock, given its files.
func scheduleDigest(list []*content.Article) site.Digest {
	if len(list) == 0 {
		return site.Digest{}
	}
	h := sha256.New()
	for _, a := range list {
		fmt.Fprintf(h, "%q %d\n", a.Path, a.Date.UnixNano())
	}
	return site.Digest(h.Sum(nil)[:len(site.Digest{})])
}

// timeMoved reports whether an article of p changed sides of now: one
// held back or scheduled whose date has come. The build made then is not
// the one a clean build would make now.
func (p *prepared) timeMoved(now time.Time) bool {
	for _, list := range [][]*content.Article{p.heldBack, p.scheduled} {
		for _, a := range list {
			if !a.Date.After(now) {
				return true
			}
		}
	}
	return false
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
	fmt.Fprintf(h, "jihat %s\ndrafts=%v offline=%v noindex=%v minify=%v fingerprint=%v\n", engineVersion(), b.opts.Drafts, b.opts.Offline, b.opts.NoIndex, b.opts.Minify, b.opts.Fingerprint)
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
