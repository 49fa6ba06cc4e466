// Package build runs the pipeline: files → content model → site graph →
// rendered output, and is the one entry point the command line calls.
package build

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"sync"
	"time"

	"github.com/jihat/jihat/internal/config"
	"github.com/jihat/jihat/internal/content"
	"github.com/jihat/jihat/internal/diag"
	"github.com/jihat/jihat/internal/feed"
	"github.com/jihat/jihat/internal/gazetteer"
	"github.com/jihat/jihat/internal/offline"
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
	Files    int
	Bytes    int64
	Elapsed  time.Duration
}

func (r *Result) String() string {
	return fmt.Sprintf("%d pages, %d articles (%d drafts skipped), %d files, %.1f KB in %d ms",
		r.Pages, r.Articles, r.Drafts, r.Files, float64(r.Bytes)/1024, r.Elapsed.Milliseconds())
}

// prepared is everything known before anything is written.
type prepared struct {
	site      *site.Site
	templates *render.Templates
	root      string
	static    []staticFile
	drafts    int
	index     *search.Builder
	offline   bool
}

type staticFile struct {
	URL string
	FS  fs.FS
	Rel string // path inside FS
}

// Check validates content and templates and reports every problem, writing
// nothing.
func Check(opts Options) error {
	p, problems := prepare(opts)
	if len(problems) == 0 {
		// Execute every template too: a template can fail on real data.
		var buf bytes.Buffer
		for _, pg := range p.site.Pages {
			buf.Reset()
			if err := p.templates.Render(&buf, p.site, pg); err != nil {
				problems.Add("", 0, 0, "%v", err)
			}
		}
	}
	return problems.Err()
}

// Build writes the site to the destination, atomically.
func Build(opts Options) (*Result, error) {
	start := time.Now()
	p, problems := prepare(opts)
	if err := problems.Err(); err != nil {
		return nil, err
	}
	stage, err := output.Begin(opts.Source, opts.Destination)
	if err != nil {
		return nil, err
	}
	if err := write(p, stage); err != nil {
		stage.Abort()
		return nil, err
	}
	if err := stage.Commit(); err != nil {
		return nil, err
	}
	sources := make(map[string]string, len(p.site.Articles))
	for _, a := range p.site.Articles {
		sources[a.Path] = a.URL
	}
	return &Result{
		Updated: p.site.Built,
		Sources: sources,
		Pages:   len(p.site.Pages), Articles: len(p.site.Articles), Drafts: p.drafts,
		Files: stage.Files(), Bytes: stage.Bytes(), Elapsed: time.Since(start),
	}, nil
}

func prepare(opts Options) (*prepared, diag.List) {
	var problems diag.List
	cfg, err := config.Load(opts.Source)
	if err != nil {
		return nil, asList(err)
	}
	if err := cfg.Override(opts.BaseURL); err != nil {
		return nil, asList(err)
	}
	g, err := gazetteer.Default()
	if err != nil {
		problems.Add("", 0, 0, "embedded gazetteer: %v", err)
		return nil, problems
	}
	if len(cfg.FacilityTypes) > 0 {
		extra := make([]gazetteer.FacilityType, len(cfg.FacilityTypes))
		for i, f := range cfg.FacilityTypes {
			extra[i] = gazetteer.FacilityType{Slug: f.Slug, NameAR: f.NameAR, NameFR: f.NameFR, Group: f.Group, Aliases: f.Aliases}
		}
		if g, err = g.WithFacilityTypes(extra); err != nil {
			problems.Add(config.FileName, 0, 0, "facility_types: %v", err)
			return nil, problems
		}
	}

	theme := overlay{site: os.DirFS(opts.Source), theme: opts.Theme}
	templates, tplProblems := render.Load(theme, render.Options{Offline: opts.Offline})
	problems.Append(tplProblems)

	set, contentProblems := content.Load(opts.Source, opts.Drafts, content.Options{Gazetteer: g})
	problems.Append(contentProblems)
	if set == nil {
		return nil, problems
	}
	static, err := listStatic(theme)
	if err != nil {
		problems.Add(StaticDir, 0, 0, "%v", err)
	}
	urls := map[string]string{}
	for _, f := range static {
		urls[f.URL] = f.Rel
	}
	s, graphProblems := site.New(cfg, g, set.Articles, site.Options{StaticFiles: urls, Unpublished: set.Unpublished})
	problems.Append(graphProblems)
	index := search.NewBuilder(&search.DefaultRules)
	problems.Append(s.Convert(opts.Source, func(a *site.Article, text string) {
		index.Add(a.URL, search.Fields{Title: a.Title, Places: placeNames(a), Summary: a.Summary, Body: text})
	}))
	return &prepared{site: s, templates: templates, root: opts.Source, static: static, drafts: set.Drafts, index: index, offline: opts.Offline}, problems
}

func asList(err error) diag.List {
	var l diag.List
	if errors.As(err, &l) {
		return l
	}
	l.Add("", 0, 0, "%v", err)
	return l
}

// write renders and writes every output file in parallel; the first error
// stops the build.
func write(p *prepared, stage *output.Staging) error {
	s := p.site
	jobs := make(chan func() error)
	errs := make(chan error, 1)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for job := range jobs {
				if err := job(); err != nil {
					select {
					case errs <- err:
					default:
					}
				}
			}
		}()
	}
	send := func(job func() error) bool {
		select {
		case err := <-errs:
			errs <- err
			return false
		case jobs <- job:
			return true
		}
	}
	func() {
		for _, pg := range s.Pages {
			pg := pg
			if !send(func() error {
				var buf bytes.Buffer
				if err := p.templates.Render(&buf, s, pg); err != nil {
					return err
				}
				data := buf.Bytes()
				if p.offline {
					var err error
					if data, err = offline.Relink(data, pg.URL); err != nil {
						return fmt.Errorf("%s: %v", pg.URL, err)
					}
				}
				return stage.WriteFile(site.FileFor(pg.URL), data)
			}) {
				return
			}
		}
		for _, a := range s.Articles {
			for _, name := range slices.Sorted(maps.Keys(a.Files)) {
				rel, src := site.FileFor(a.URL)+"/../"+name, filepath.Join(p.root, filepath.FromSlash(a.Files[name]))
				rel = path.Clean(rel)
				if !send(func() error { return stage.CopyFile(rel, src) }) {
					return
				}
			}
		}
		for _, f := range s.Feeds {
			f := f
			if !send(func() error {
				data, err := feed.Atom(s, f)
				if err != nil {
					return err
				}
				return stage.WriteFile(site.FileFor(f.URL), data)
			}) {
				return
			}
		}
		for _, f := range p.static {
			f := f
			if !send(func() error { return stage.CopyFS(site.FileFor(f.URL), f.FS, f.Rel) }) {
				return
			}
		}
		send(func() error {
			_, err := p.index.Write(searchDocs(s), searchFacets(s), search.Options{}, stage.WriteFile)
			return err
		})
		send(func() error {
			maps, err := feed.Sitemaps(s, feed.SitemapLimit)
			if err != nil {
				return err
			}
			for name, data := range maps {
				if err := stage.WriteFile(name, data); err != nil {
					return err
				}
			}
			return stage.WriteFile("robots.txt", feed.Robots(s))
		})
	}()
	close(jobs)
	wg.Wait()
	select {
	case err := <-errs:
		return err
	default:
		return nil
	}
}
