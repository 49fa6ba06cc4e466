// Package build runs the pipeline: files → content model → site graph →
// rendered output, and is the one entry point the command line calls.
//
// A Builder remembers what its last build read and wrote, so the next one
// parses, converts, renders and writes only what changed (see site.Digest
// for what a page depends on). jihat serve keeps a Builder in memory; jihat
// build keeps its memory in a cache folder between runs. Either way the
// output is byte for byte the output of a clean build of the same files.
//
// The files follow a build's lifecycle: build.go the entry points,
// pipeline.go the stateless steps up to the sealed graph, write.go the
// output, state.go what a Builder keeps between builds, cache.go what it
// keeps in the cache folder (package cachedir writes the files), serve.go
// the update after an edit under jihat serve, searchlate.go the search
// index that jihat serve writes after a pause, photos.go the photos'
// published sizes and their cache, memory.go the memory policy.
package build

import (
	"context"
	"fmt"
	"io/fs"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/jihat/jihat/internal/msg"

	"github.com/jihat/jihat/internal/content"
	"github.com/jihat/jihat/internal/diag"
	"github.com/jihat/jihat/internal/output"
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
	// NoIndex asks search engines not to index the site (a deploy
	// preview): a robots meta on every page, and robots.txt disallows all.
	NoIndex bool
	// Minify publishes HTML, CSS, JavaScript and SVG without the spaces
	// and comments a reader's browser does not need (jihat build and
	// jihat archive; jihat serve skips it for speed).
	Minify bool
	// Fingerprint publishes each stylesheet and script also under a name
	// holding its content's hash, which pages link, and which _headers
	// lets browsers and CDNs keep for a year (jihat build only: the
	// archive is read from disk, and jihat serve swaps stylesheets live).
	Fingerprint bool
	// Serving is jihat serve: the destination is written by this process
	// only, and the search index, slow to write for a large site, is left
	// for FinishSearch so that the edited page is served first.
	Serving bool
	// Cache is the folder where jihat build keeps what it needs to redo
	// only what changed next time ("" for none). Deleting it changes
	// nothing but the time the next build takes.
	Cache string
	// PhotoCache is the folder where the published sizes of the photos
	// are kept between builds, one folder per photo ("": Cache's
	// PhotoCacheDir, none without Cache). jihat serve and jihat archive,
	// which keep nothing else, share jihat build's. A build with Cache
	// removes the photos it no longer shows from it.
	PhotoCache string
	// OnLoad, when set, is told how many articles were read, before the
	// work that grows with them (jihat sizes its memory limit with it).
	OnLoad func(articles int)
	// Kinds are the kinds of page the site has (nil: site.Kinds()). Each
	// needs its layout in the theme.
	Kinds []site.PageKind
	// Now is the build's time: articles dated after it are held back
	// until a build after their date, unless Future is set (zero:
	// time.Now()). Tests set it, so that their output does not depend on
	// the day they run.
	Now time.Time
	// Future builds the articles dated after Now too, marked scheduled
	// (content.Article.Scheduled) for the theme to show it.
	Future bool
	// Context, when set, stops the build once it is done (jihat build on
	// Ctrl+C): the build fails with an error matching context.Canceled and
	// the destination stays as it was, unless the new files had begun to
	// move in, which is then finished (a matter of milliseconds).
	Context context.Context
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
	// Resized counts the photos resized (the others' sizes were in the
	// output or the photo cache already).
	Resized int
	Elapsed time.Duration
	// Warnings are problems that did not stop the build.
	Warnings diag.List
	// HeldBack are the articles dated after the build's time, left out
	// until then (see Options.Future), soonest first.
	HeldBack []Held
	// Unchanged: nothing the build reads changed since the last build
	// into the same destination, which is as that build left it, so
	// nothing was done. The counts are the last build's.
	Unchanged bool
}

// Held is an article held back until its date.
type Held struct {
	Path string
	Date time.Time
}

// maxHeldNamed bounds the files a held-back note names: a site scheduling
// a month ahead should not print a page at every build.
const maxHeldNamed = 10

// HeldBackNote tells the editor which articles wait for their date (zero
// for none), for the command to print under the summary.
func HeldBackNote(held []Held) msg.Message {
	if len(held) == 0 {
		return msg.Message{}
	}
	named := make([]string, 0, min(len(held), maxHeldNamed))
	for _, h := range held[:min(len(held), maxHeldNamed)] {
		named = append(named, fmt.Sprintf("%s (%s)", h.Path, content.FormatWhen(h.Date)))
	}
	list := strings.Join(named, ", ")
	switch {
	case len(held) == 1:
		return msg.New("1 article held back until its date: %s; --future builds it now", list)
	case len(held) > maxHeldNamed:
		return msg.New("%d articles held back until their date: %s and %d more; --future builds them now", len(held), list, len(held)-maxHeldNamed)
	}
	return msg.New("%d articles held back until their date: %s; --future builds them now", len(held), list)
}

func heldOf(list []*content.Article) []Held {
	var out []Held
	for _, a := range list {
		out = append(out, Held{Path: a.Path, Date: a.Date})
	}
	return out
}

func (r *Result) String() string { return r.Summary().String() }

// Summary is the line telling what the build did.
func (r *Result) Summary() msg.Message {
	if r.Unchanged {
		return msg.New("%d pages, %d articles (%d drafts skipped), %d files: nothing changed since the last build, nothing written (%d ms)",
			r.Pages, r.Articles, r.Drafts, r.Files, r.Elapsed.Milliseconds())
	}
	return msg.New("%d pages (%d rendered), %d articles (%d drafts skipped), %d files (%d written, %.1f KB) in %d ms",
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
	// With a cache, the move-in's journal stays until the cache records
	// the new manifest: a build killed in between is then seen by the
	// next one, which reads the destination instead of the older manifest.
	res, upd, err := b.build(opts.Cache != "")
	if err == nil && opts.Cache != "" && !res.Unchanged {
		inputsChanged := before == nil || b.previous == nil || before.Inputs != b.previous.Inputs
		if err := b.saveCache(res.Written > 0 || res.Rendered > 0 || b.articles.changed() || inputsChanged); err != nil {
			// The site is built: a cache that could not be kept only
			// makes the next build slower. The journal stays, for the
			// next build not to trust the manifest the cache still has.
			res.Warnings.Add("", 0, 0, "the cache could not be saved in %s (the next build will take longer): %v", opts.Cache, err)
			upd = nil
		}
	}
	if upd != nil {
		if err := upd.Settle(); err != nil {
			res.Warnings.Add("", 0, 0, "%v", err)
		}
	}
	if err == nil && opts.Cache != "" && !res.Unchanged {
		if err := b.photos.prune(); err != nil {
			res.Warnings.Add("", 0, 0, "the photo cache %s could not be cleared of the photos no article shows any more: %v", photoCache(opts), err)
		}
	}
	return res, err
}

// Check validates content and templates and reports every problem, writing
// nothing. The warnings are problems that would not stop a build.
func Check(opts Options) (warnings diag.List, err error) {
	c, err := CheckAll(opts)
	return c.Warnings, err
}

// Checked is what CheckAll found besides problems.
type Checked struct {
	Warnings diag.List
	// Pending are the drafts and scheduled articles checked (with
	// Options.Drafts and Future), by file.
	Pending  []Pending
	HeldBack []Held // articles left out until their date
}

// Pending is a draft or a scheduled article, for the editor's list.
type Pending struct {
	Path, Title string
	Date        time.Time
	Draft       bool // else scheduled
}

// CheckAll is Check, telling also which drafts and scheduled articles were
// checked and which articles were held back. The lists are filled even
// when there are problems, from the articles that have none.
func CheckAll(opts Options) (*Checked, error) {
	b := New(opts)
	p, problems := b.prepare()
	b.awaitCache() // prepare may have stopped before taking it in
	if p != nil && p.convert.Spill != nil {
		defer p.convert.Spill.Close()
	}
	c := &Checked{}
	if set := b.loaded; set != nil {
		c.HeldBack = heldOf(set.HeldBack)
		for _, a := range set.Articles {
			if a.Draft || a.Scheduled {
				c.Pending = append(c.Pending, Pending{Path: a.Path, Title: a.Title, Date: a.Date, Draft: a.Draft})
			}
		}
		slices.SortFunc(c.Pending, func(x, y Pending) int { return strings.Compare(x.Path, y.Path) })
	}
	if len(problems) == 0 {
		// Execute every template too: a template can fail on real data.
		problems.Append(b.renderAll(p))
		c.Warnings = slices.Clone(p.warnings)
	}
	return c, problems.Err()
}

// messages are diagnostics as the editor reads them.

// Build builds the site into the destination. A failed build changes
// nothing there and leaves the Builder as it was before.
func (b *Builder) Build() (*Result, error) {
	res, _, err := b.build(false)
	return res, err
}

// build is Build; hold keeps the committed update's journal until the
// caller settles the update it returns (nil when nothing was updated).
func (b *Builder) build(hold bool) (*Result, *output.Update, error) {
	start := time.Now()
	ctx := b.opts.Context
	if ctx == nil {
		ctx = context.Background()
	}
	// Until this build succeeds, the files may differ from the last good
	// graph in ways Update cannot see: start from the files next time.
	b.last = nil
	p, problems := b.prepare()
	if p != nil && p.convert.Spill != nil {
		defer p.convert.Spill.Close()
	}
	if err := problems.Err(); err != nil {
		return nil, nil, err
	}
	if p.unchanged {
		last := b.previous
		sources := make(map[string]string, len(p.articles))
		for _, a := range p.articles {
			sources[a.Path] = site.ArticleURL(a.Slug)
			if a.IsPage {
				sources[a.Path] = site.PlainURL(a.Slug)
			}
		}
		return &Result{
			Updated: last.Updated, Sources: sources,
			Pages: last.Pages, Articles: last.Articles, Drafts: last.Drafts, Files: len(b.manifest),
			Elapsed: time.Since(start), Unchanged: true, Warnings: last.Warnings,
			HeldBack: heldOf(p.heldBack),
		}, nil, nil
	}
	if ctx.Err() != nil {
		return nil, nil, interrupted(ctx, b.opts.Destination)
	}
	if err := b.checkCachePlace(); err != nil {
		return nil, nil, err
	}
	b.previous = nil // until this build succeeds
	upd, err := output.Begin(b.opts.Source, b.opts.Destination, output.Options{Previous: b.manifest, Trusted: b.opts.Serving, Hold: hold})
	if err != nil {
		return nil, nil, err
	}
	// Stopped, the update refuses the writes still to come, so the write
	// step ends early; a move-in already begun is finished.
	stop := context.AfterFunc(ctx, func() { upd.Cancel(interrupted(ctx, b.opts.Destination)) })
	defer stop()
	records, rendered, err := b.write(p, upd)
	if err == nil && ctx.Err() != nil {
		err = interrupted(ctx, b.opts.Destination)
	}
	if err != nil {
		upd.Abort()
		if ctx.Err() != nil {
			return nil, nil, interrupted(ctx, b.opts.Destination)
		}
		return nil, nil, err
	}
	manifest, err := upd.Commit()
	if err != nil {
		// Part of the destination may be new: nothing is known of it now.
		b.manifest, b.records = nil, nil
		if ctx.Err() != nil {
			return nil, nil, interrupted(ctx, b.opts.Destination)
		}
		return nil, nil, err
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
	warnings := slices.Clone(p.warnings)
	if p.known {
		b.previous = &lastBuild{Inputs: p.inputs, Pages: len(s.Pages), Articles: len(s.AllArticles()), Drafts: p.drafts, Updated: s.Built, Warnings: warnings}
	}
	sources := make(map[string]string, len(s.Articles)+len(s.Plain))
	for _, a := range s.AllSources() {
		sources[a.Path] = a.URL
	}
	return &Result{
		Updated: s.Built,
		Sources: sources,
		Pages:   len(s.Pages), Articles: len(s.AllArticles()), Drafts: p.drafts,
		Files: len(manifest), Written: upd.Written(), Rendered: rendered, Bytes: upd.Bytes(),
		Resized:  b.photos.resizedCount(),
		Elapsed:  time.Since(start),
		Warnings: warnings,
		HeldBack: heldOf(p.heldBack),
	}, upd, nil
}

// interrupted is the error of a build stopped through Options.Context.
func interrupted(ctx context.Context, dest string) error {
	return msg.Errorf("build interrupted (%v): %s left as it was: %w", context.Cause(ctx), dest, ctx.Err())
}

// checkCachePlace refuses a cache folder and a destination inside one
// another: the build would remove the cache as files it no longer makes,
// or write the cache among the site's files.
func (b *Builder) checkCachePlace() error {
	for _, dir := range []string{b.opts.Cache, b.opts.PhotoCache} {
		if dir == "" {
			continue
		}
		cache, err := filepath.Abs(dir)
		if err != nil {
			return err
		}
		dest := b.destination()
		if inside(cache, dest) || inside(dest, cache) {
			return msg.Errorf("destination %s and the cache folder %s are inside one another: choose a destination of its own, such as public", b.opts.Destination, dir)
		}
	}
	return nil
}

// inside reports whether p is dir or inside it.
func inside(p, dir string) bool {
	rel, err := filepath.Rel(dir, p)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}
