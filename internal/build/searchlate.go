package build

import (
	"errors"
	"maps"
	"slices"

	"github.com/jihat/jihat/internal/output"
	"github.com/jihat/jihat/internal/search"
	"github.com/jihat/jihat/internal/site"
)

// A Serving build leaves the search index behind: writing it takes longer
// than everything else an edit needs. The index is computed away from the
// Builder (StartSearch) while edits go on, and written only if no build
// came in between (ApplySearch).

// SearchWork is a search index computed for one build.
type SearchWork struct {
	generation int
	digest     site.Digest
	files      map[string][]byte
	err        error
}

// SearchLate reports a search index left behind by a Serving build.
func (b *Builder) SearchLate() bool { return b.searchLate && b.last != nil }

// StartSearch takes what the search index of the last build is made of and
// returns the computation, safe to run in another goroutine while the
// Builder goes on. It returns nil when the index is up to date.
func (b *Builder) StartSearch() func() *SearchWork {
	if !b.SearchLate() {
		return nil
	}
	p := b.last
	generation := b.generation
	if err := b.ensureBodies(p, nil, true); err != nil {
		return func() *SearchWork { return &SearchWork{generation: generation, err: err} }
	}
	type job struct {
		index  *search.Builder
		docs   []search.Doc
		facets map[string][]search.Facet
		opts   search.Options
	}
	var jobs []job
	for _, ls := range p.site.Languages() {
		jobs = append(jobs, job{b.indexFor(ls.Lang.Code).Clone(), searchDocs(ls), searchFacets(ls), searchOptions(ls)})
	}
	digest := combine(p.base, p.site.ListDigest(), digestOf(groupSearch))
	return func() *SearchWork {
		w := &SearchWork{generation: generation, digest: digest, files: map[string][]byte{}}
		for _, j := range jobs {
			if _, w.err = j.index.Write(j.docs, j.facets, j.opts, func(name string, data []byte) error {
				w.files[name] = data
				return nil
			}); w.err != nil {
				break
			}
		}
		return w
	}
}

// ErrStaleSearch: the index was computed for a build that is no longer the
// last; a newer one is needed.
var ErrStaleSearch = errors.New("search index computed for an older build")

// ApplySearch writes a computed index, unless a build came in between.
func (b *Builder) ApplySearch(w *SearchWork) error {
	if w.generation != b.generation || b.last == nil {
		return ErrStaleSearch
	}
	if w.err != nil {
		return w.err
	}
	upd, err := output.Begin(b.opts.Source, b.opts.Destination, output.Options{Previous: b.manifest, Trusted: true})
	if err != nil {
		return err
	}
	old := map[string]bool{}
	records := maps.Clone(b.records)
	for rel, r := range b.records {
		if r.Group == groupSearch {
			old[rel] = true
			delete(records, rel)
		}
	}
	upd.KeepAllBut(old)
	for _, name := range slices.Sorted(maps.Keys(w.files)) {
		records[name] = record{Digest: w.digest, Group: groupSearch}
		if err := upd.WriteFile(name, w.files[name]); err != nil {
			upd.Abort()
			return err
		}
	}
	manifest, err := upd.Commit()
	if err != nil {
		b.manifest, b.records = nil, nil
		return err
	}
	b.manifest, b.records, b.searchLate = manifest, records, false
	b.generation++
	return nil
}

// FinishSearch brings the search index up to date, here and now.
func (b *Builder) FinishSearch() error {
	work := b.StartSearch()
	if work == nil {
		return nil
	}
	return b.ApplySearch(work())
}
