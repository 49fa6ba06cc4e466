package build

import (
	"bytes"
	"cmp"
	"fmt"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/jihat/jihat/internal/diag"
	"github.com/jihat/jihat/internal/feed"
	"github.com/jihat/jihat/internal/offline"
	"github.com/jihat/jihat/internal/output"
	"github.com/jihat/jihat/internal/parallel"
	"github.com/jihat/jihat/internal/search"
	"github.com/jihat/jihat/internal/site"
)

// Output groups: files made together from one digest.
const (
	groupSearch   = "search"
	groupSitemaps = "sitemaps"
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

	// Which pages must be rendered: those whose inputs changed, or whose
	// file is not as the previous build left it.
	var stale []*site.Page
	var mu sync.Mutex
	var keepErr error
	parallel.For(len(s.Pages), func(i int) {
		pg := s.Pages[i]
		rel := site.FileFor(pg.URL)
		if r, ok := b.records[rel]; ok && r.Digest == combine(p.base, p.layout(pg), s.PageDigest(pg), s.AggregateDigests(r.Deps)) {
			kept, err := upd.Keep(rel)
			if err != nil {
				mu.Lock()
				keepErr = err
				mu.Unlock()
				return
			}
			if kept {
				out.page(pg, rel, r)
				return
			}
		}
		mu.Lock()
		stale = append(stale, pg)
		mu.Unlock()
	})
	if keepErr != nil {
		return nil, 0, keepErr
	}
	list := s.ListDigest()
	searchDigest := combine(p.base, list, digestOf(groupSearch))
	keepSearch := b.groupIntact(upd, groupSearch, searchDigest)
	lateSearch := !keepSearch && b.opts.Serving && len(b.records) > 0
	if !keepSearch && !lateSearch {
		b.loadSearchOnce.Do(b.loadSearchCache)
	}
	if err := b.ensureBodies(p, stale, !keepSearch && !lateSearch); err != nil {
		return nil, 0, err
	}
	// Page order, so that the files are written in a stable order.
	slices.SortFunc(stale, func(x, y *site.Page) int { return cmpString(x.URL, y.URL) })

	var jobs pool
	// The search index and the sitemaps are each one long job: first, so
	// that they run beside the pages rather than after them.
	jobs.add(func() error {
		d := combine(p.base, list, digestOf(groupSitemaps))
		if kept, err := b.keepGroup(upd, out, groupSitemaps, d); kept || err != nil {
			return err
		}
		files, err := feed.Sitemaps(s, feed.SitemapLimit)
		if err != nil {
			return err
		}
		files["robots.txt"] = feed.Robots(s)
		for _, name := range slices.Sorted(maps.Keys(files)) {
			out.set(name, record{Digest: d, Group: groupSitemaps})
			if err := upd.WriteFile(name, files[name]); err != nil {
				return err
			}
		}
		return nil
	})
	jobs.add(func() error {
		switch {
		case keepSearch:
			_, err := b.keepGroup(upd, out, groupSearch, searchDigest)
			return err
		case lateSearch:
			// The previous index stays until FinishSearch replaces it.
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
		return b.writeSearch(p, upd, out, searchDigest)
	})
	for _, pg := range stale {
		jobs.add(func() error { return b.renderPage(p, upd, out, pg) })
	}
	for _, a := range s.Articles {
		for _, name := range slices.Sorted(maps.Keys(a.Files)) {
			rel := path.Clean(site.FileFor(a.URL) + "/../" + name)
			src := filepath.Join(b.opts.Source, filepath.FromSlash(a.Files[name]))
			jobs.add(func() error { return b.copyFile(upd, out, rel, src) })
		}
	}
	for _, f := range s.Feeds {
		jobs.add(func() error {
			rel := site.FileFor(f.URL)
			d := combine(p.base, s.FeedDigest(f))
			if kept, err := b.keep(upd, out, rel, d); kept || err != nil {
				return err
			}
			data, err := feed.Atom(s, f)
			if err != nil {
				return err
			}
			out.set(rel, record{Digest: d})
			return upd.WriteFile(rel, data)
		})
	}
	for _, f := range p.static {
		jobs.add(func() error {
			rel := site.FileFor(f.URL)
			out.set(rel, record{})
			return upd.CopyFS(rel, f.FS, f.Rel)
		})
	}
	if err := jobs.wait(); err != nil {
		return nil, 0, err
	}
	b.searchLate = lateSearch
	b.reaching = out.reaching
	return out.records, len(stale), nil
}

func (b *Builder) writeSearch(p *prepared, upd *output.Update, out *outputs, d site.Digest) error {
	_, err := b.index.Write(searchDocs(p.site), searchFacets(p.site), search.Options{}, func(name string, data []byte) error {
		out.set(name, record{Digest: d, Group: groupSearch})
		return upd.WriteFile(name, data)
	})
	if err == nil && b.oneShot && b.opts.Cache != "" && b.searchDirty {
		// Past this point only the cache folder needs the analysed
		// articles (about 100 MB at 100,000 articles): keep them there
		// now, and let the rest of the build work in that much less
		// memory. Should the build fail, the file is still right.
		if b.saveSearchCache() == nil {
			b.index = nil
		}
	}
	return err
}

// renderPage renders one page, records what it was made from, and hands
// it to the update.
func (b *Builder) renderPage(p *prepared, upd *output.Update, out *outputs, pg *site.Page) error {
	s := p.site
	buf := bytes.NewBuffer(pageBuffers.get(pageSize(pg)))
	deps, err := p.templates.Render(buf, s, pg)
	if err != nil {
		pageBuffers.put(buf.Bytes())
		return err
	}
	data := buf.Bytes()
	if b.opts.Offline {
		relinked, err := offline.Relink(data, pg.URL)
		pageBuffers.put(data)
		if err != nil {
			return fmt.Errorf("%s: %v", pg.URL, err)
		}
		data = relinked
	}
	rel := site.FileFor(pg.URL)
	out.page(pg, rel, record{Digest: combine(p.base, p.layout(pg), s.PageDigest(pg), s.AggregateDigests(deps)), Deps: deps})
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
// (same size and time).
func (b *Builder) copyFile(upd *output.Update, out *outputs, rel, src string) error {
	info, err := os.Stat(src)
	if err != nil {
		return err
	}
	d := digestOf(fmt.Sprintf("%s %d %d", src, info.Size(), info.ModTime().UnixNano()))
	if kept, err := b.keep(upd, out, rel, d); kept || err != nil {
		return err
	}
	out.set(rel, record{Digest: d})
	return upd.CopyFile(rel, src)
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
		for _, a := range p.site.Articles {
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

// pool runs jobs on every core, in the order they were added; the first
// error stops the rest.
type pool struct {
	jobs []func() error
}

func (p *pool) add(job func() error) { p.jobs = append(p.jobs, job) }

// wait runs the jobs and returns the error of the first that failed.
func (p *pool) wait() error {
	errs := make([]error, len(p.jobs))
	var failed atomic.Bool
	parallel.For(len(p.jobs), func(i int) {
		if failed.Load() {
			return
		}
		if errs[i] = p.jobs[i](); errs[i] != nil {
			failed.Store(true)
		}
	})
	return cmp.Or(errs...)
}

// pageSize guesses a page's size, so its buffer is allocated once rather
// than grown by doubling (half of all the build's allocation otherwise).
func pageSize(pg *site.Page) int {
	if pg.Article != nil {
		return pg.Article.BodySize() + 8<<10
	}
	return 24 << 10
}
