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
// index that jihat serve writes after a pause, memory.go the memory policy.
package build

import (
	"fmt"
	"io/fs"
	"time"

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
