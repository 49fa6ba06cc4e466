package build

import (
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/jihat/jihat/internal/content"
	"github.com/jihat/jihat/internal/opendata"
	"github.com/jihat/jihat/internal/output"
	"github.com/jihat/jihat/internal/site"
)

// Update rebuilds after the given files changed (slash paths relative to
// the source, as the watcher reports them). When they are all articles
// whose place in the graph did not change — a new body, title or summary,
// the most common save by far — the graph of the previous build is kept and
// only the pages showing those articles are rendered. Anything else is a
// Build. Either way the output is that of a clean build.
func (b *Builder) Update(changed []string) (*Result, error) {
	start := time.Now()
	p := b.last
	if p == nil || b.manifest == nil || len(changed) == 0 || !b.opts.Serving {
		return b.Build()
	}
	now := b.now()
	if p.timeMoved(now) {
		return b.Build() // an article's date came: it shows, or loses its mark
	}
	if files, ok := b.staticOnly(p, changed); ok {
		res, err := b.copyStatic(p, files)
		if err != nil {
			b.last = nil
			return nil, err
		}
		res.Elapsed = time.Since(start)
		return res, nil
	}
	var edited []*site.Article
	var fresh []*content.Article
	for _, rel := range changed {
		a := p.site.ArticleBySource(rel)
		if a == nil {
			return b.Build() // not a published article: a new file, a template…
		}
		// A link, or a file that is not regular, is for Build to refuse
		// or follow; a regular file costs the one Lstat it did before.
		full := filepath.Join(b.opts.Source, filepath.FromSlash(rel))
		info, err := os.Lstat(full)
		if err != nil || !info.Mode().IsRegular() {
			return b.Build()
		}
		src, err := os.ReadFile(full)
		if err != nil {
			return b.Build()
		}
		ca, problems := content.Parse(rel, src, content.Options{Gazetteer: b.gazetteer})
		if len(problems) > 0 {
			return b.Build() // reports every problem, keeps the last good site
		}
		ca.Resources = a.Resources
		ca.Scheduled = ca.Date.After(now)
		if site.GraphKey(ca) != site.GraphKey(a.Article) || ca.Scheduled != a.Scheduled {
			return b.Build()
		}
		b.articles.Put(rel, info, ca)
		if ca.Hash == a.Hash {
			continue // saved without a change
		}
		edited = append(edited, a)
		fresh = append(fresh, ca)
	}
	s := p.site
	// The open data files hold a published article's title and summary,
	// which an edit keeping its graph key may change; its body they do
	// not hold, nor anything of a draft or a scheduled article.
	dataChanged := false
	if len(edited) > 0 {
		files := make([]string, len(edited))
		for i, a := range edited {
			before := opendata.Fingerprint(s, a)
			files[i] = besidePage(a)
			s.Replace(a, fresh[i])
			dataChanged = dataChanged || (a.Published() && opendata.Fingerprint(s, a) != before)
		}
		if problems := s.Reconvert(p.convert, edited); len(problems) > 0 {
			// The graph now holds articles that did not convert: the next
			// build starts from the files again.
			b.last = nil
			return nil, problems.Err()
		}
		for i, a := range edited {
			if besidePage(a) != files[i] {
				return b.Build() // a photo or a file to write beside the page, or to remove
			}
		}
		s.Refresh(edited)
		p.gatherWarnings()
	}
	res, err := b.writeShowing(p, edited, dataChanged)
	if err != nil {
		b.last = nil
		return nil, err
	}
	res.Warnings = slices.Clone(p.warnings)
	// An article saved without a change still names its page: the
	// browser follows the editor to it (its first save may have come in a
	// batch of new files, built whole, that named none).
	for _, rel := range changed {
		if a := p.site.ArticleBySource(rel); a != nil {
			res.Sources[rel] = a.URL
		}
	}
	res.HeldBack = heldOf(p.heldBack)
	res.Elapsed = time.Since(start)
	return res, nil
}

// writeShowing renders the pages and feeds that show the edited articles,
// writes the open data sets again when dataChanged (those whose digest
// changed), and keeps every other file as the previous build left it.
func (b *Builder) writeShowing(p *prepared, edited []*site.Article, dataChanged bool) (*Result, error) {
	s := p.site
	set := make(map[*site.Article]bool, len(edited))
	for _, a := range edited {
		set[a] = true
	}
	// The update owns the manifest from here: if it fails, nothing is
	// known of the destination any more and the next build scans it.
	manifestIn := b.manifest
	b.manifest = nil
	upd, err := output.Begin(b.opts.Source, b.opts.Destination, output.Options{Previous: manifestIn, Trusted: true, Delta: true})
	if err != nil {
		return nil, err
	}
	var pages []*site.Page
	if len(set) > 0 {
		reaching := make(map[*site.Page]bool, len(b.reaching))
		for _, pg := range b.reaching {
			reaching[pg] = true
		}
		for _, pg := range s.Pages {
			if reaching[pg] || pg.Shows(set) {
				pages = append(pages, pg)
			}
		}
	}
	var feeds []*site.Feed
	for _, f := range s.Feeds {
		if slices.ContainsFunc(f.Articles, func(a *site.Article) bool { return set[a] }) {
			feeds = append(feeds, f)
		}
	}
	records := b.records // changed in place; dropped if the update fails
	b.records = nil
	p.templates.Forget() // cards of the edited articles
	if err := b.ensureBodies(p, pages, false); err != nil {
		upd.Abort()
		return nil, err
	}
	out := &outputs{records: records}
	if len(set) == 0 {
		out.reaching = b.reaching // nothing rendered
	}
	jobs := newJobs()
	for _, pg := range pages {
		jobs.Go(func() error { return b.renderPage(p, upd, out, pg) })
	}
	for _, f := range feeds {
		// b.records is let go above: every feed is written.
		jobs.Go(func() error { return b.writeFeed(p, upd, out, f) })
	}
	if dataChanged {
		// The other jobs write the records as this one reads them.
		jobs.Go(func() error { return b.writeOpenData(p, upd, out, out.get) })
	}
	if err := jobs.Wait(); err != nil {
		upd.Abort()
		return nil, err
	}
	manifest, err := upd.Commit()
	if err != nil {
		return nil, err
	}
	b.manifest, b.records, b.reaching = manifest, out.records, out.reaching
	b.generation++
	if len(edited) > 0 {
		// The index's words changed with the bodies; the sitemaps did not
		// (their dates are part of the graph key).
		b.searchLate = true
	}
	sources := make(map[string]string, len(edited))
	for _, a := range edited {
		sources[a.Path] = a.URL
	}
	return &Result{
		Updated: s.Built, Sources: sources,
		Pages: len(s.Pages), Articles: len(s.Articles), Drafts: p.drafts,
		Files: len(manifest), Written: upd.Written(), Rendered: len(pages), Bytes: upd.Bytes(),
	}, nil
}

// staticOnly finds the static files of the last build that the changed
// paths are, if they are all such files, still there: a stylesheet saved
// again. A new or removed static file is a Build (links to it are checked).
func (b *Builder) staticOnly(p *prepared, changed []string) ([]staticFile, bool) {
	byRel := map[string]staticFile{}
	for _, f := range p.static {
		byRel[f.Rel] = f
	}
	var files []staticFile
	for _, rel := range changed {
		f, ok := byRel[rel]
		if !ok {
			return nil, false
		}
		// A link is for Build to follow or refuse (see listStatic).
		info, err := os.Lstat(filepath.Join(b.opts.Source, filepath.FromSlash(rel)))
		if err != nil || !info.Mode().IsRegular() {
			return nil, false
		}
		if f.FS != p.siteFS {
			return nil, false // it was the theme's: the site's own file is new
		}
		files = append(files, f)
	}
	return files, len(files) > 0
}

// copyStatic copies changed static files and keeps everything else.
func (b *Builder) copyStatic(p *prepared, files []staticFile) (*Result, error) {
	manifestIn := b.manifest
	b.manifest = nil
	upd, err := output.Begin(b.opts.Source, b.opts.Destination, output.Options{Previous: manifestIn, Trusted: true, Delta: true})
	if err != nil {
		return nil, err
	}
	for _, f := range files {
		if err := upd.CopyFS(site.FileFor(f.URL), f.FS, f.Rel); err != nil {
			upd.Abort()
			return nil, err
		}
	}
	manifest, err := upd.Commit()
	if err != nil {
		return nil, err
	}
	b.manifest = manifest
	b.generation++
	s := p.site
	return &Result{Updated: s.Built, Sources: map[string]string{},
		Pages: len(s.Pages), Articles: len(s.Articles), Drafts: p.drafts,
		Files: len(manifest), Written: upd.Written(), Bytes: upd.Bytes()}, nil
}
