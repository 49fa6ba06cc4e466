// Package corpus generates benchmark sites for Jihat: a site.toml and n
// realistic Arabic news articles about regional social programmes, spread
// over every region, province and facility type of the gazetteer, with the
// Markdown features editors use (headings, lists, tables, bold, Latin
// acronyms, links between articles). It is what `jihat-corpus` runs to
// measure build time, memory and search index size at 1,000 to 100,000
// articles.
//
// Only benchmark-input generation belongs here; nothing in jihat build
// depends on it. The output is a pure function of the article count and the
// seed (its own random generator, no map iteration, no clock), so that two
// runs with the same flags write byte-identical sites and measurements can
// be compared across versions. Names below the province level (communes,
// neighbourhoods, associations) and all figures are invented.
package corpus

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jihat/jihat/internal/gazetteer"
)

// Options says what to generate.
type Options struct {
	Dir     string // site folder to write; created, or replaced if a previous corpus
	N       int    // number of articles
	Seed    uint64
	Workers int // parallel writers; 0 means GOMAXPROCS
}

// Stats describes a generated corpus.
type Stats struct {
	Articles      int
	Drafts        int
	InternalLinks int // articles linking to an earlier one
	ExternalLinks int
	Tables        int
	Bytes         int64 // Markdown written, front matter included
	Words         int64 // body words
	MinWords      int
	MaxWords      int
	Elapsed       time.Duration
}

func (s *Stats) String() string {
	avg := int64(0)
	if s.Articles > 0 {
		avg = s.Bytes / int64(s.Articles)
	}
	return fmt.Sprintf("%d articles (%d drafts, %d with an internal link, %d with an external link, %d with a table), %.1f MB (%d bytes/article), body %d–%d words, in %d ms",
		s.Articles, s.Drafts, s.InternalLinks, s.ExternalLinks, s.Tables,
		float64(s.Bytes)/(1<<20), avg, s.MinWords, s.MaxWords, s.Elapsed.Milliseconds())
}

// Marker is written at the root of every generated site; a folder holding
// it may be replaced by the next run.
const Marker = ".jihat-corpus"

// ArticlesDir is where the articles go, one folder per year.
const ArticlesDir = "content/articles"

// SiteTitle and friends are the settings of the generated site.toml.
const (
	SiteTitle   = "جهات — مدونة قياس"
	SiteBaseURL = "https://bench.example/"
)

// Generate writes the corpus into opts.Dir.
func Generate(opts Options) (*Stats, error) {
	start := time.Now() // for Stats only; the output never depends on it
	if opts.N < 1 {
		return nil, errors.New("corpus: the number of articles must be at least 1")
	}
	if opts.Dir == "" {
		return nil, errors.New("corpus: no output folder")
	}
	g, err := gazetteer.Default()
	if err != nil {
		return nil, fmt.Errorf("corpus: %w", err)
	}
	v := newVocabulary(g)
	plans := makePlans(v, opts.N, opts.Seed)

	if err := prepareDir(opts.Dir); err != nil {
		return nil, err
	}
	marker := fmt.Sprintf("Written by jihat-corpus -n %d -seed %d; the next run may replace this folder.\n", opts.N, opts.Seed)
	if err := os.WriteFile(filepath.Join(opts.Dir, Marker), []byte(marker), 0o644); err != nil {
		return nil, err
	}
	siteTOML := fmt.Sprintf(`# Benchmark corpus: jihat-corpus -n %d -seed %d. Regenerate rather than edit.
title = %s
base_url = %s
page_size = 20
feed_length = 20
`, opts.N, opts.Seed, strconv.Quote(SiteTitle), strconv.Quote(SiteBaseURL))
	if err := os.WriteFile(filepath.Join(opts.Dir, "site.toml"), []byte(siteTOML), 0o644); err != nil {
		return nil, err
	}
	var years []int
	for i := range plans {
		if y := plans[i].date.Year(); !slices.Contains(years, y) {
			years = append(years, y)
		}
	}
	for _, y := range years {
		if err := os.MkdirAll(filepath.Join(opts.Dir, filepath.FromSlash(ArticlesDir), strconv.Itoa(y)), 0o755); err != nil {
			return nil, err
		}
	}

	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = min(workers, opts.N)
	partial := make([]Stats, workers)
	errs := make([]error, workers)
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			st := &partial[w]
			st.MinWords = -1
			var buf []byte
			for {
				i := int(next.Add(1) - 1)
				if i >= len(plans) {
					return
				}
				var words int
				buf, words = renderArticle(buf[:0], v, plans, i, opts.Seed)
				p := &plans[i]
				name := filepath.Join(opts.Dir, filepath.FromSlash(p.path()))
				if err := os.WriteFile(name, buf, 0o644); err != nil {
					errs[w] = err
					next.Store(int64(len(plans))) // stop the others
					return
				}
				st.Articles++
				st.Bytes += int64(len(buf))
				st.Words += int64(words)
				if st.MinWords < 0 || words < st.MinWords {
					st.MinWords = words
				}
				st.MaxWords = max(st.MaxWords, words)
			}
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}

	total := &Stats{MinWords: -1}
	for _, st := range partial {
		total.Articles += st.Articles
		total.Bytes += st.Bytes
		total.Words += st.Words
		if st.MinWords >= 0 && (total.MinWords < 0 || st.MinWords < total.MinWords) {
			total.MinWords = st.MinWords
		}
		total.MaxWords = max(total.MaxWords, st.MaxWords)
	}
	for i := range plans {
		p := &plans[i]
		if p.draft {
			total.Drafts++
		}
		if p.link >= 0 {
			total.InternalLinks++
		}
		if p.external {
			total.ExternalLinks++
		}
		if p.table {
			total.Tables++
		}
	}
	total.Elapsed = time.Since(start)
	return total, nil
}

// prepareDir makes dir ready: a new or empty folder is used as is, a
// previous corpus has its content and settings removed, anything else is
// refused rather than overwritten.
func prepareDir(dir string) error {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return os.MkdirAll(dir, 0o755)
	}
	if err != nil {
		return err
	}
	if len(entries) == 0 {
		return nil
	}
	if _, err := os.Stat(filepath.Join(dir, Marker)); err != nil {
		return fmt.Errorf("corpus: %s is not empty and was not written by jihat-corpus (no %s file): choose a new or empty folder", dir, Marker)
	}
	if err := os.RemoveAll(filepath.Join(dir, "content")); err != nil {
		return err
	}
	if err := os.Remove(filepath.Join(dir, "site.toml")); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}

// vocabulary is the gazetteer arranged for drawing.
type vocabulary struct {
	regions        []*gazetteer.Region
	regionWeights  []int
	provinceWeight map[*gazetteer.Province]int // looked up, never iterated
	provinces      []*gazetteer.Province
	provinceIndex  map[*gazetteer.Province]int
	types          []*gazetteer.FacilityType
	typeWeights    []int
	byGroup        map[string][]int // facility type indexes, in gazetteer order
}

func newVocabulary(g *gazetteer.Gazetteer) *vocabulary {
	v := &vocabulary{
		regions:        g.Regions(),
		provinces:      g.Provinces(),
		types:          g.FacilityTypes(),
		provinceWeight: map[*gazetteer.Province]int{},
		provinceIndex:  map[*gazetteer.Province]int{},
		byGroup:        map[string][]int{},
	}
	for _, r := range v.regions {
		w := regionWeights[r.Slug]
		if w == 0 {
			w = 10
		}
		v.regionWeights = append(v.regionWeights, w)
		for _, p := range r.Provinces {
			v.provinceWeight[p] = 2
			if p.Kind == "prefecture" {
				v.provinceWeight[p] = 3
			}
		}
	}
	for i, p := range v.provinces {
		v.provinceIndex[p] = i
	}
	for i, t := range v.types {
		w := facilityWeights[t.Slug]
		if w == 0 {
			w = 2
		}
		v.typeWeights = append(v.typeWeights, w)
		v.byGroup[t.Group] = append(v.byGroup[t.Group], i)
	}
	return v
}

func (v *vocabulary) group(t *gazetteer.FacilityType) *groupText {
	if gt := slugGroups[t.Slug]; gt != nil {
		return gt
	}
	if gt := groups[t.Group]; gt != nil {
		return gt
	}
	return groups["general"]
}

func (v *vocabulary) pickProvince(r *rng, region *gazetteer.Region, not *gazetteer.Province) *gazetteer.Province {
	var cands []*gazetteer.Province
	var ws []int
	for _, p := range region.Provinces {
		if p != not {
			cands = append(cands, p)
			ws = append(ws, v.provinceWeight[p])
		}
	}
	return cands[r.weighted(ws)]
}

func (v *vocabulary) pickRegion(r *rng, not *gazetteer.Region) *gazetteer.Region {
	ws := slices.Clone(v.regionWeights)
	for i, reg := range v.regions {
		if reg == not {
			ws[i] = 0
		}
	}
	return v.regions[r.weighted(ws)]
}

func (v *vocabulary) pickType(r *rng, among []int, not []*gazetteer.FacilityType) *gazetteer.FacilityType {
	var cands []int
	var ws []int
	for _, i := range among {
		if !slices.Contains(not, v.types[i]) {
			cands = append(cands, i)
			ws = append(ws, v.typeWeights[i])
		}
	}
	if len(cands) == 0 {
		return nil
	}
	return v.types[cands[r.weighted(ws)]]
}

// plan is everything decided about an article before any is written:
// what other articles need (slug, title, draft) and the facts its title
// and body share.
type plan struct {
	index      int
	kind       kind
	date       time.Time
	withTime   bool
	regions    []*gazetteer.Region
	provinces  []*gazetteer.Province
	facilities []*gazetteer.FacilityType
	tags       []string
	draft      bool
	slug       string
	arabic     bool // front matter names places and types in Arabic, not by slug
	title      string
	summary    string

	official int
	commune  int
	hood     int
	assoc    [2]int
	cost     int // tenths of a million dirhams
	people   int // beneficiaries

	link     int // index of an earlier published article to link to, or -1
	external bool
	table    bool
}

func (p *plan) path() string {
	return ArticlesDir + "/" + strconv.Itoa(p.date.Year()) + "/" + p.slug + ".md"
}

// URL is the article's page on the generated site.
func (p *plan) url() string { return "/articles/" + p.slug + "/" }

// coverageStride: every stride-th article takes its main province and
// facility type from a shuffled cycle over all of them, so that any corpus
// of at least stride × 75 = 600 articles uses every province (and so every
// region) and every facility type; the others are drawn by weight.
const coverageStride = 8

var (
	firstDay = time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC)
	lastDay  = time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC)
	morocco  = time.FixedZone("+01:00", 3600)
)

func makePlans(v *vocabulary, n int, seed uint64) []plan {
	r := newRNG(seed, streamPlan, 0)

	provCycle := slices.Clone(v.provinces)
	shuffle(r, provCycle)
	typeCycle := slices.Clone(v.types)
	shuffle(r, typeCycle)

	// Dates are drawn first and sorted, so that a lower index is never a
	// later article: links point back in time, as in a real archive.
	type when struct {
		day, minute int // minute < 0: date only
	}
	days := int(lastDay.Sub(firstDay).Hours()/24) + 1
	dates := make([]when, n)
	for i := range dates {
		dates[i].day = r.intn(days)
		dates[i].minute = -1
		if r.chance(0.3) {
			dates[i].minute = r.between(8*60, 19*60+59)
		}
	}
	slices.SortFunc(dates, func(a, b when) int {
		if a.day != b.day {
			return a.day - b.day
		}
		return a.minute - b.minute
	})

	allTypes := make([]int, len(v.types))
	for i := range allTypes {
		allTypes[i] = i
	}
	kindW := kindWeights[:]
	plans := make([]plan, n)
	var published []int
	publishedIn := make([][]int, len(v.provinces))
	for i := range plans {
		p := &plans[i]
		p.index = i
		p.link = -1
		d := firstDay.AddDate(0, 0, dates[i].day)
		if m := dates[i].minute; m >= 0 {
			p.withTime = true
			p.date = time.Date(d.Year(), d.Month(), d.Day(), m/60, m%60, 0, 0, morocco)
		} else {
			p.date = d
		}
		p.kind = kind(r.weighted(kindW))

		cyclic := i%coverageStride == 0
		var prov *gazetteer.Province
		if cyclic {
			prov = provCycle[(i/coverageStride)%len(provCycle)]
		} else {
			prov = v.pickProvince(r, v.pickRegion(r, nil), nil)
		}
		p.regions = []*gazetteer.Region{prov.Region}
		p.provinces = []*gazetteer.Province{prov}
		switch {
		case r.chance(0.05):
			r2 := v.pickRegion(r, prov.Region)
			p.regions = append(p.regions, r2)
			p.provinces = append(p.provinces, v.pickProvince(r, r2, nil))
		case len(prov.Region.Provinces) > 1 && r.chance(0.25):
			p.provinces = append(p.provinces, v.pickProvince(r, prov.Region, prov))
		}

		var typ *gazetteer.FacilityType
		if cyclic {
			typ = typeCycle[(i/coverageStride)%len(typeCycle)]
		} else {
			typ = v.pickType(r, allTypes, nil)
		}
		p.facilities = []*gazetteer.FacilityType{typ}
		extra := 0
		switch x := r.intn(100); {
		case x < 25:
			extra = 1
		case x < 35:
			extra = 2
		}
		for range extra {
			among := allTypes
			if r.chance(0.5) {
				among = v.byGroup[typ.Group]
			}
			if t := v.pickType(r, among, p.facilities); t != nil {
				p.facilities = append(p.facilities, t)
			} else if t := v.pickType(r, allTypes, p.facilities); t != nil {
				p.facilities = append(p.facilities, t)
			}
		}

		gt := v.group(typ)
		ntags := [...]int{0, 1, 1, 2, 2, 2, 3, 3}[r.intn(8)]
		if r.chance(0.12) {
			ntags = 0
		}
		for range ntags {
			var t string
			if r.chance(0.7) {
				t = tags[pick(r, gt.tags)]
			} else {
				t = pick(r, tags)
			}
			if !slices.Contains(p.tags, t) {
				p.tags = append(p.tags, t)
			}
		}

		p.draft = !cyclic && r.chance(0.01)
		p.arabic = r.chance(0.1)
		p.slug = prov.Slug + "-" + typ.Slug + "-" + strconv.Itoa(i+1)
		p.official = r.intn(len(officials))
		p.commune = r.intn(len(communes))
		p.hood = r.intn(len(neighbourhoods))
		p.assoc = [2]int{r.intn(len(associationFirst)), r.intn(len(associationSecond))}
		p.cost = r.between(6, 45)
		if r.chance(0.3) {
			p.cost = r.between(45, 250)
		}
		p.people = r.between(gt.minN, gt.maxN)
		p.external = r.chance(0.05)
		p.table = r.chance(0.3)

		if len(published) > 0 && r.chance(0.2) {
			if same := publishedIn[v.provinceIndex[prov]]; len(same) > 0 && r.chance(0.6) {
				p.link = pick(r, same)
			} else {
				p.link = pick(r, published)
			}
		}

		titleCtx := newContext(v, plans, i, newRNG(seed, streamTitle, i))
		p.title = titleCtx.title()
		p.summary = titleCtx.summary()

		if !p.draft {
			published = append(published, i)
			pi := v.provinceIndex[prov]
			publishedIn[pi] = append(publishedIn[pi], i)
		}
	}
	return plans
}
