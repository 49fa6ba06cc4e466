package build

import (
	"bytes"
	"context"
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

	"github.com/jihat/jihat/internal/minify"
	"github.com/jihat/jihat/internal/msg"

	"golang.org/x/sync/errgroup"

	"github.com/jihat/jihat/internal/diag"
	"github.com/jihat/jihat/internal/feed"
	"github.com/jihat/jihat/internal/offline"
	"github.com/jihat/jihat/internal/opendata"
	"github.com/jihat/jihat/internal/output"
	"github.com/jihat/jihat/internal/parallel"
	"github.com/jihat/jihat/internal/site"
	"github.com/jihat/jihat/internal/sitefs"
)

// Output groups: files made together from one digest.
const (
	groupSearch   = "search"
	groupSitemaps = "sitemaps"
	// groupOpenData are the open data downloads; each data set's CSV and
	// JSON are made together, from the set's own digest.
	groupOpenData = "opendata"
)

// outputs collects what this build made each file from.
type outputs struct {
	mu      sync.Mutex
	records map[string]record
	// reaching are the pages whose templates read a site-wide list that
	// reaches every article's content: jihat serve renders them again
	// after any edit.
	reaching []*site.Page
}

// page records what a page was made from.
func (o *outputs) page(pg *site.Page, rel string, r record) {
	o.mu.Lock()
	o.records[rel] = r
	if r.Deps&site.AggContents != 0 {
		o.reaching = append(o.reaching, pg)
	}
	o.mu.Unlock()
}

func (o *outputs) set(rel string, r record) {
	o.mu.Lock()
	o.records[rel] = r
	o.mu.Unlock()
}

// lastRecord is what the previous build made rel from.
func (b *Builder) lastRecord(rel string) (record, bool) {
	r, ok := b.records[rel]
	return r, ok
}

// get is what rel was made from, for a job that reads the records while
// others write them (jihat serve's update works in the previous build's).
func (o *outputs) get(rel string) (record, bool) {
	o.mu.Lock()
	defer o.mu.Unlock()
	r, ok := o.records[rel]
	return r, ok
}

func combine(parts ...site.Digest) site.Digest {
	buf := make([]byte, 0, 16*len(parts))
	for _, p := range parts {
		buf = append(buf, p[:]...)
	}
	return site.Digest(output.HashOf(buf))
}

func digestOf(s string) site.Digest { return site.Digest(output.HashOf([]byte(s))) }

// write produces every output file, rendering only those whose inputs
// changed, and returns what each was made from and how many pages were
// rendered.
func (b *Builder) write(p *prepared, upd *output.Update) (map[string]record, int, error) {
	s := p.site
	out := &outputs{records: make(map[string]record, len(b.records))}
	stale, err := b.stalePages(p, upd, out)
	if err != nil {
		return nil, 0, err
	}
	list := s.ListDigest()
	search := b.planSearch(p, upd, list)
	if err := b.ensureBodies(p, stale, search.write()); err != nil {
		return nil, 0, err
	}

	jobs := newJobs()
	// The search index and the sitemaps are each one long job: first, so
	// that they run beside the pages rather than after them.
	jobs.Go(func() error { return b.writeSitemaps(p, upd, out, list) })
	jobs.Go(func() error { return b.writeOrKeepSearch(p, upd, out, search) })
	jobs.Go(func() error { return b.writeOpenData(p, upd, out, b.lastRecord) })
	b.writePhotos(p, upd, out, jobs) // long jobs too: one per photo
	for _, pg := range stale {
		jobs.Go(func() error { return b.renderPage(p, upd, out, pg) })
	}
	for _, a := range s.AllArticles() {
		for _, name := range slices.Sorted(maps.Keys(a.Files)) {
			rel := path.Clean(site.FileFor(a.URL) + "/../" + name)
			src := filepath.Join(b.opts.Source, filepath.FromSlash(a.Files[name]))
			jobs.Go(func() error { return b.copyFile(upd, out, rel, src) })
		}
	}
	for _, f := range s.Feeds {
		jobs.Go(func() error { return b.writeFeed(p, upd, out, f) })
	}
	for _, f := range p.static {
		jobs.Go(func() error {
			rel := site.FileFor(f.URL)
			out.set(rel, record{})
			if f.Data != nil {
				return upd.WriteFile(rel, f.Data)
			}
			return upd.CopyFS(rel, f.FS, f.Rel)
		})
	}
	if err := jobs.Wait(); err != nil {
		return nil, 0, err
	}
	b.searchLate = search.late
	b.reaching = out.reaching
	return out.records, len(stale), nil
}

// stalePages keeps the pages whose inputs are those of the previous build
// and whose file is as that build left it, and returns the others, to be
// rendered, in URL order so that files are written in a stable order.
func (b *Builder) stalePages(p *prepared, upd *output.Update, out *outputs) ([]*site.Page, error) {
	s := p.site
	var mu sync.Mutex
	var stale []*site.Page
	errs := make([]error, len(s.Pages))
	parallel.For(len(s.Pages), func(i int) {
		pg := s.Pages[i]
		rel := site.FileFor(pg.URL)
		if r, ok := b.records[rel]; ok && r.Digest == combine(p.base, p.layout(pg), pg.Site().PageDigest(pg), pg.Site().AggregateDigests(r.Deps)) {
			kept, err := upd.Keep(rel)
			if kept || err != nil {
				errs[i] = err
				out.page(pg, rel, r)
				return
			}
		}
		mu.Lock()
		stale = append(stale, pg)
		mu.Unlock()
	})
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	slices.SortFunc(stale, func(x, y *site.Page) int { return cmpString(x.URL, y.URL) })
	return stale, nil
}

// searchPlan says what becomes of the search index in a build.
type searchPlan struct {
	digest site.Digest
	keep   bool // the index is as the graph needs it
	late   bool // jihat serve: the previous index stays until FinishSearch
}

// write: the index is written in this build.
func (plan searchPlan) write() bool { return !plan.keep && !plan.late }

func (b *Builder) planSearch(p *prepared, upd *output.Update, list site.Digest) searchPlan {
	plan := searchPlan{digest: combine(p.base, list, digestOf(groupSearch))}
	plan.keep = b.groupIntact(upd, groupSearch, plan.digest)
	plan.late = !plan.keep && b.opts.Serving && len(b.records) > 0
	if plan.write() {
		b.loadSearchOnce.Do(b.loadSearchCache)
	}
	return plan
}

func (b *Builder) writeOrKeepSearch(p *prepared, upd *output.Update, out *outputs, plan searchPlan) error {
	switch {
	case plan.keep:
		_, err := b.keepGroup(upd, out, groupSearch, plan.digest)
		return err
	case plan.late:
		for rel, r := range b.records {
			if r.Group == groupSearch {
				if _, err := upd.Keep(rel); err != nil {
					return err
				}
				out.set(rel, r)
			}
		}
		return nil
	}
	return b.writeSearch(p, upd, out, plan.digest)
}

// writeSitemaps writes the sitemaps and robots.txt, made together from the
// list of pages.
func (b *Builder) writeSitemaps(p *prepared, upd *output.Update, out *outputs, list site.Digest) error {
	d := combine(p.base, list, digestOf(groupSitemaps))
	if kept, err := b.keepGroup(upd, out, groupSitemaps, d); kept || err != nil {
		return err
	}
	files, err := feed.Sitemaps(p.site, feed.SitemapLimit)
	if err != nil {
		return err
	}
	files["robots.txt"] = feed.Robots(p.site)
	for _, name := range slices.Sorted(maps.Keys(files)) {
		out.set(name, record{Digest: d, Group: groupSitemaps})
		if err := upd.WriteFile(name, files[name]); err != nil {
			return err
		}
	}
	return nil
}

// writeOpenData writes the open data downloads (package opendata): each
// data set's CSV and JSON together, unless the previous build (previous
// answers what it made a file from) made both from the same digest and
// they are as it left them. A set's digest covers exactly what its files
// hold — its articles' exported fields, the site's title and base URL (in
// the articles' addresses), the offline mode (in the same) — and this
// jihat, which encodes them: a body, a template or a setting the files do
// not show leaves them alone. A set no longer made (a region without
// published articles) is not produced, so its files are removed.
func (b *Builder) writeOpenData(p *prepared, upd *output.Update, out *outputs, previous func(rel string) (record, bool)) error {
	engine := digestOf(engineVersion() + "\n" + groupOpenData)
	for _, set := range opendata.Plan(p.site, opendata.Options{Offline: b.opts.Offline}) {
		d := combine(engine, set.Digest)
		files := set.Files()
		kept := true
		for _, rel := range files {
			r, ok := previous(rel)
			kept = kept && ok && r.Group == groupOpenData && r.Digest == d && upd.Intact(rel)
		}
		if kept {
			for _, rel := range files {
				if _, err := upd.Keep(rel); err != nil {
					return err
				}
				out.set(rel, record{Digest: d, Group: groupOpenData})
			}
			continue
		}
		// One file at a time: for a large site each is tens of megabytes.
		for _, ext := range site.DataFormats {
			data, err := set.File(ext)
			if err != nil {
				return err // names the file
			}
			rel := set.Name + ext
			out.set(rel, record{Digest: d, Group: groupOpenData})
			if err := upd.WriteFile(rel, data); err != nil {
				return err
			}
		}
	}
	return nil
}

// writeFeed writes an Atom feed unless the previous build made it from the
// same entries.
func (b *Builder) writeFeed(p *prepared, upd *output.Update, out *outputs, f *site.Feed) error {
	rel := site.FileFor(f.URL)
	d := combine(p.base, f.Site().FeedDigest(f))
	if kept, err := b.keep(upd, out, rel, d); kept || err != nil {
		return err
	}
	data, err := feed.Atom(f.Site(), f)
	if err != nil {
		return err
	}
	out.set(rel, record{Digest: d})
	return upd.WriteFile(rel, data)
}

func (b *Builder) writeSearch(p *prepared, upd *output.Update, out *outputs, d site.Digest) error {
	var err error
	for _, ls := range p.site.Languages() {
		_, err = b.indexFor(ls.Lang.Code).Write(searchDocs(ls), searchFacets(ls), searchOptions(ls), func(name string, data []byte) error {
			out.set(name, record{Digest: d, Group: groupSearch})
			return upd.WriteFile(name, data)
		})
		if err != nil {
			return err
		}
	}
	if b.oneShot && b.opts.Cache != "" && b.searchDirty {
		// Past this point only the cache folder needs the analysed
		// articles (about 100 MB at 100,000 articles): keep them there
		// now, and let the rest of the build work in that much less
		// memory. Should the build fail, the file is still right.
		if b.saveSearchCache() == nil {
			b.index, b.others = nil, nil
		}
	}
	return err
}

// renderPage renders one page, records what it was made from, and hands
// it to the update.
func (b *Builder) renderPage(p *prepared, upd *output.Update, out *outputs, pg *site.Page) error {
	buf := bytes.NewBuffer(pageBuffers.get(pageSize(pg)))
	deps, err := p.templates.Render(buf, pg.Site(), pg)
	if err != nil {
		pageBuffers.put(buf.Bytes())
		return err
	}
	data := buf.Bytes()
	if b.opts.Offline {
		relinked, err := offline.Relink(data, pg.URL)
		pageBuffers.put(data)
		if err != nil {
			return msg.Errorf("%s: %v", pg.URL, err)
		}
		data = relinked
	}
	if b.opts.Minify {
		small, err := minify.Append(pageBuffers.get(len(data)), ".html", data)
		pageBuffers.put(data)
		if err != nil { // the theme's markup: a layout to fix
			return msg.Errorf("%s: the page does not minify: %v", pg.URL, err)
		}
		data = small
	}
	rel := site.FileFor(pg.URL)
	out.page(pg, rel, record{Digest: combine(p.base, p.layout(pg), pg.Site().PageDigest(pg), pg.Site().AggregateDigests(deps)), Deps: deps})
	return upd.WriteOwned(rel, data, pageBuffers.put)
}

// pageBuffers recycles the buffers pages are rendered into once the writer
// is done with them. A build renders about 20 KB of pages per article: at
// 100,000 articles, 2 GB that the collector would otherwise chase while
// the heap is held near the memory budget.
var pageBuffers bufferPool

type bufferPool struct{ pool sync.Pool }

// get returns an empty buffer with room for at least size bytes.
func (p *bufferPool) get(size int) []byte {
	if b, ok := p.pool.Get().(*[]byte); ok && cap(*b) >= size {
		return (*b)[:0]
	}
	return make([]byte, 0, size)
}

func (p *bufferPool) put(b []byte) { p.pool.Put(&b) }

// keep keeps rel when the previous build made it from the same digest.
func (b *Builder) keep(upd *output.Update, out *outputs, rel string, d site.Digest) (bool, error) {
	r, ok := b.records[rel]
	if !ok || r.Digest != d {
		return false, nil
	}
	kept, err := upd.Keep(rel)
	if kept {
		out.set(rel, r)
	}
	return kept, err
}

// groupFiles lists the files of a group when all were made from d and are
// still as the previous build left them.
func (b *Builder) groupFiles(upd *output.Update, group string, d site.Digest) []string {
	var files []string
	for rel, r := range b.records {
		if r.Group == group {
			if r.Digest != d || !upd.Intact(rel) {
				return nil
			}
			files = append(files, rel)
		}
	}
	return files
}

func (b *Builder) groupIntact(upd *output.Update, group string, d site.Digest) bool {
	return len(b.groupFiles(upd, group, d)) > 0
}

// keepGroup keeps all the files of a group, or none.
func (b *Builder) keepGroup(upd *output.Update, out *outputs, group string, d site.Digest) (bool, error) {
	files := b.groupFiles(upd, group, d)
	if len(files) == 0 {
		return false, nil
	}
	for _, rel := range files {
		if _, err := upd.Keep(rel); err != nil {
			return false, err
		}
		out.set(rel, b.records[rel])
	}
	return true, nil
}

// copyFile copies an article's file unless it is the same file as last time
// (same size and time). content.Load refused the links under content/ that
// lead outside the site and the files that are not regular; the file is
// looked at again, at no extra cost, in case it changed since.
func (b *Builder) copyFile(upd *output.Update, out *outputs, rel, src string) error {
	info, err := os.Lstat(src)
	if err != nil {
		return err
	}
	if !info.Mode().IsRegular() {
		if info, err = b.checkSource(src); err != nil {
			return err
		}
	}
	d := digestOf(fmt.Sprintf("%s %d %d", src, info.Size(), info.ModTime().UnixNano()))
	if kept, err := b.keep(upd, out, rel, d); kept || err != nil {
		return err
	}
	out.set(rel, record{Digest: d})
	return upd.CopyFile(rel, src)
}

// checkSource follows a source file's links with a sitefs.Guard, which
// refuses a file outside the site or one that is not regular.
func (b *Builder) checkSource(src string) (fs.FileInfo, error) {
	g, err := sitefs.NewGuard(b.opts.Source)
	if err != nil {
		return nil, err
	}
	rel, err := filepath.Rel(b.opts.Source, src)
	if err != nil {
		return nil, err
	}
	return g.File(filepath.ToSlash(rel))
}

// ensureBodies converts again the bodies the pages to render show but the
// cache folder did not keep, and indexes again articles whose search entry
// is missing or outdated.
func (b *Builder) ensureBodies(p *prepared, pages []*site.Page, indexing bool) error {
	need := map[*site.Article]bool{}
	for _, pg := range pages {
		for _, a := range pg.Shown() {
			if !a.HasBody() {
				need[a] = true
			}
		}
	}
	if indexing {
		for _, a := range p.site.AllArticles() {
			if b.indexed[a.URL] != a.Version() {
				need[a] = true
			}
		}
	}
	if len(need) == 0 {
		return nil
	}
	list := slices.SortedFunc(maps.Keys(need), func(x, y *site.Article) int { return cmpString(x.Path, y.Path) })
	if problems := p.site.Reconvert(p.convert, list); len(problems) > 0 {
		return problems.Err()
	}
	for _, a := range list {
		b.indexed[a.URL] = a.Version()
	}
	return nil
}

// renderAll executes every page's templates, for jihat check.
func (b *Builder) renderAll(p *prepared) diag.List {
	var problems diag.List
	var buf bytes.Buffer
	for _, pg := range p.site.Pages {
		buf.Reset()
		if _, err := p.templates.Render(&buf, p.site, pg); err != nil {
			problems.Add("", 0, 0, "%v", err)
		}
	}
	return problems
}

func cmpString(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// jobs runs a build's jobs on every core, started in the order they are
// given; after the first error the jobs not yet started are skipped.
type jobs struct {
	g   *errgroup.Group
	ctx context.Context
}

func newJobs() *jobs {
	g, ctx := errgroup.WithContext(context.Background())
	g.SetLimit(runtime.GOMAXPROCS(0))
	return &jobs{g: g, ctx: ctx}
}

func (j *jobs) Go(job func() error) {
	j.g.Go(func() error {
		if j.ctx.Err() != nil {
			return nil // another job failed: its error is the one reported
		}
		return job()
	})
}

func (j *jobs) Wait() error { return j.g.Wait() }

// pageSize guesses a page's size, so its buffer is allocated once rather
// than grown by doubling (half of all the build's allocation otherwise).
func pageSize(pg *site.Page) int {
	if pg.Article != nil {
		return pg.Article.BodySize() + 8<<10
	}
	return 24 << 10
}
