// Package search builds the site's full-text index and the browser code that
// queries it. The index is a set of classic <script> files (no fetch, no
// modules, no WebAssembly) so that search works from file:// as well as
// online, split into shards so a query loads only the few it needs.
//
// Analysis (normalisation and light stemming) is defined once, in Rules, and
// shipped inside the index so the browser applies exactly the same steps to
// queries as Go applied to articles.
package search

import (
	_ "embed"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/jihat/jihat/internal/parallel"
)

// Dir is the output folder of the index and the search page's scripts.
const Dir = "search"

//go:embed assets/search.js
var searchOnlyJS []byte

// searchJS is the search page's one script: the analyzer, then the page's
// own code. One script fewer on the way to the first results; analyze.js is
// still published alone for themes that link it.
var searchJS = slices.Concat(AnalyzeJS, []byte("\n"), searchOnlyJS)

// Field weights: a word in the title says more about an article than the same
// word in its body; place and facility names sit between.
const (
	weightTitle   = 8
	weightPlaces  = 4
	weightSummary = 2
	weightBody    = 1
)

// Fields is the text of one article, by field.
type Fields struct {
	Title   string
	Places  string // region, province and facility-type names
	Summary string
	Body    string
}

// Doc is what a result shows, and the filters it can be found by.
type Doc struct {
	Key     string // the article URL, as given to Add
	Title   string
	Date    string // display date
	Places  string
	Excerpt string
	// Filters are pseudo-terms such as "r:souss-massa" or "f:dar-taliba".
	Filters []string
}

// Options place and size the index. Zero values pick defaults.
type Options struct {
	// Dir is the index's folder, relative to the site's root, with no
	// slash at either end: Dir ("search") by default, "fr/search" for the
	// French pages' index. The search page of that folder loads its
	// index.js; the index finds its shards beside index.js, wherever the
	// page and the scripts are.
	Dir string
	// ShardBytes is the target size of one postings shard.
	ShardBytes int
	// DocsPerShard is the number of result records per document shard.
	DocsPerShard int
	// GroupBytes bounds the postings made in one pass over the articles
	// (about; 16 MB by default): memory against passes.
	GroupBytes int
}

// Facet is a filter choice offered on the search page.
type Facet struct {
	Key  string `json:"k"`
	Name string `json:"n"`
}

// Builder accumulates analysed articles; Add is safe for concurrent use.
type Builder struct {
	rules *Rules
	mu    sync.Mutex
	docs  map[string]packed
	// Terms are numbered: a document holds about 3 bytes per distinct term,
	// and no substring of its text stays alive through a term.
	ids   map[string]uint32
	names []string

	// idle holds the words of goroutines not in Add; they number terms
	// with ids, so they belong to this builder alone.
	idleMu sync.Mutex
	idle   []*words
}

// NewBuilder returns a builder using rules.
func NewBuilder(rules *Rules) *Builder {
	return &Builder{rules: rules, docs: map[string]packed{}, ids: map[string]uint32{}}
}

// Add analyses one article. The cost is here, in the caller's goroutine, so
// the build's workers index in parallel with rendering.
func (b *Builder) Add(key string, f Fields) {
	w := b.borrowWords()
	p := pack(w.postings(b, f))
	b.returnWords(w)
	b.mu.Lock()
	b.docs[key] = p
	b.mu.Unlock()
}

// number returns the number of term t, giving it one if it is new. The
// caller holds b.mu.
func (b *Builder) number(t string) uint32 {
	id, ok := b.ids[t]
	if !ok {
		id = uint32(len(b.names))
		name := strings.Clone(t)
		b.ids[name] = id
		b.names = append(b.names, name)
	}
	return id
}

// borrowWords hands one goroutine a words of its own; as many exist as
// goroutines ever called Add at once.
func (b *Builder) borrowWords() *words {
	b.idleMu.Lock()
	defer b.idleMu.Unlock()
	if n := len(b.idle); n > 0 {
		w := b.idle[n-1]
		b.idle = b.idle[:n-1]
		return w
	}
	return &words{known: map[string]span{}}
}

func (b *Builder) returnWords(w *words) {
	b.idleMu.Lock()
	b.idle = append(b.idle, w)
	b.idleMu.Unlock()
}

type posting struct{ term, score uint32 }

// packed is an article's terms and scores, sorted by term number, as
// varint gaps and varints: about 3 bytes a term instead of 8, which is the
// difference between fitting and not fitting a large site in memory.
type packed []byte

// pack packs a list in term order (as words.postings makes it).
func pack(list []posting) packed {
	out := make([]byte, 0, 3*len(list))
	prev := uint32(0)
	for _, p := range list {
		out = binary.AppendUvarint(out, uint64(p.term-prev))
		out = binary.AppendUvarint(out, uint64(p.score))
		prev = p.term
	}
	return out
}

// each calls f with every term and score; false if the bytes are not a
// packed list of terms below limit.
func (p packed) each(limit int, f func(term, score uint32)) bool {
	term := uint64(0)
	for rest := []byte(p); len(rest) > 0; {
		gap, n := binary.Uvarint(rest)
		if n <= 0 {
			return false
		}
		rest = rest[n:]
		score, m := binary.Uvarint(rest)
		if m <= 0 {
			return false
		}
		rest = rest[m:]
		term += gap
		if term >= uint64(limit) {
			return false
		}
		f(uint32(term), uint32(score))
	}
	return true
}

// Stats describes a written index.
type Stats struct {
	Docs        int
	Terms       int
	TermShards  int
	DocShards   int
	TotalBytes  int
	LargestTerm int // bytes of the largest postings shard
}

// Write lays out the index for docs (in result order: newest first, which
// is the ranking's tie-break) and hands each file to write.
func (b *Builder) Write(docs []Doc, facets map[string][]Facet, opts Options, write func(name string, data []byte) error) (*Stats, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	w := &indexWriter{b: b, docs: docs, opts: opts.withDefaults(), stats: &Stats{Docs: len(docs)}, write: write}
	if err := w.numberFilters(); err != nil {
		return nil, err
	}
	total := w.measure()
	w.placeTerms(total)
	if err := w.writeTermShards(total); err != nil {
		return nil, err
	}
	if err := w.writeDocShards(); err != nil {
		return nil, err
	}
	if err := w.writeManifest(facets); err != nil {
		return nil, err
	}
	if err := w.writeScripts(); err != nil {
		return nil, err
	}
	return w.stats, nil
}

func (o Options) withDefaults() Options {
	if o.Dir == "" {
		o.Dir = Dir
	}
	if o.ShardBytes <= 0 {
		o.ShardBytes = 16 * 1024
	}
	if o.DocsPerShard <= 0 {
		o.DocsPerShard = 5
	}
	if o.GroupBytes <= 0 {
		o.GroupBytes = 16 << 20
	}
	return o
}

// indexWriter is the state of one Write, passed from step to step. Terms
// are numbered: the words by their number in the builder, the filters
// (r:…, f:…) after them.
type indexWriter struct {
	b     *Builder
	docs  []Doc
	opts  Options
	stats *Stats
	write func(name string, data []byte) error

	nWords      int
	filterIDs   map[string]int
	filterNames []string
	cursors     []cursor // by term
	nShards     int
	shardOf     []int32  // by term, for the terms in use
	bounds      []string // where each shard but the first begins
}

// cursor follows one term's posting list as it is encoded. A posting list
// is base-36 gaps between doc ids, with the score after a dot when it is
// not the previous one: compact, and a line of JavaScript decodes it.
type cursor struct {
	prevDoc, prevScore int32
	size               int // bytes of the whole list, once measured
	used               bool
}

func (c *cursor) restart() { c.prevDoc, c.prevScore = -1, -1 }

// emit hands one file to the caller, counting its bytes.
func (w *indexWriter) emit(name string, data []byte) error {
	w.stats.TotalBytes += len(data)
	return w.write(w.opts.Dir+"/"+name, data)
}

// numberFilters numbers the docs' filters after the builder's words, as
// the filters are terms too: a filter is one more posting list to intersect.
func (w *indexWriter) numberFilters() error {
	w.nWords = len(w.b.names)
	w.filterIDs = map[string]int{}
	for _, d := range w.docs {
		for _, f := range d.Filters {
			if _, ok := w.filterIDs[f]; ok {
				continue
			}
			if _, isWord := w.b.ids[f]; isWord {
				// Impossible (filters have a colon, words never do), and it
				// would merge two lists.
				return fmt.Errorf("search: filter %q is also a word", f)
			}
			w.filterIDs[f] = w.nWords + len(w.filterNames)
			w.filterNames = append(w.filterNames, f)
		}
	}
	w.cursors = make([]cursor, w.nWords+len(w.filterNames))
	return nil
}

func (w *indexWriter) name(id int) string {
	if id < w.nWords {
		return w.b.names[id]
	}
	return w.filterNames[id-w.nWords]
}

// each calls f with every posting, in doc order: the postings are never
// all in memory at once, but replayed from the packed docs by each pass.
func (w *indexWriter) each(f func(term int, doc, score int32)) {
	for id, d := range w.docs {
		w.b.docs[d.Key].each(w.nWords, func(term, score uint32) { f(int(term), int32(id), int32(score)) })
		for _, fl := range d.Filters {
			f(w.filterIDs[fl], int32(id), 0)
		}
	}
}

// measure sizes every posting list without making it, and returns the size
// of the whole index: the number of shards depends on it.
func (w *indexWriter) measure() (total int) {
	for i := range w.cursors {
		w.cursors[i].restart()
	}
	w.each(func(t int, doc, score int32) {
		c := &w.cursors[t]
		if c.used {
			c.size++ // ','
		}
		c.size += base36Len(int64(doc - c.prevDoc))
		if score != c.prevScore {
			c.size += 1 + base36Len(int64(score))
			c.prevScore = score
		}
		c.prevDoc, c.used = doc, true
	})
	for t, c := range w.cursors {
		if c.used {
			w.stats.Terms++
			total += len(w.name(t)) + c.size + 6
		}
	}
	return total
}

// placeTerms sorts the terms in use and cuts them into shards of about
// ShardBytes, in order: a shard holds a range of terms, so the terms that
// begin with the same letters (the word being typed) are in one shard or
// a few neighbours. bounds is where each shard but the first begins: the
// shortest beginning of its first term that sorts after the last term of
// the shard before, which is all the browser needs to find a term's shard.
func (w *indexWriter) placeTerms(total int) {
	var used []int
	for t := range w.cursors {
		if w.cursors[t].used {
			used = append(used, t)
		}
	}
	slices.SortFunc(used, func(a, b int) int { return strings.Compare(w.name(a), w.name(b)) })
	w.shardOf = make([]int32, len(w.cursors))
	w.bounds = []string{}
	shard, size := 0, 0
	for i, t := range used {
		n := len(w.name(t)) + w.cursors[t].size + 6
		if size > 0 && size+n > w.opts.ShardBytes {
			shard++
			size = 0
			w.bounds = append(w.bounds, separator(w.name(used[i-1]), w.name(t)))
		}
		size += n
		w.shardOf[t] = int32(shard)
	}
	w.nShards = shard + 1
	w.stats.TermShards = w.nShards
}

// separator is the shortest beginning of next (in whole runes) that sorts
// after prev, for prev < next.
func separator(prev, next string) string {
	i := 0
	for i < len(prev) && i < len(next) && prev[i] == next[i] {
		i++
	}
	// Back to the start of the rune that differs, then take it whole.
	for i > 0 && !utf8.RuneStart(next[i]) {
		i--
	}
	if i >= len(next) {
		return next
	}
	_, size := utf8.DecodeRuneInString(next[i:])
	return next[:i+size]
}

// ShardOf returns the shard of a term, or of the first term that begins
// with a prefix, given the bounds a manifest carries: the number of bounds
// that sort before it or equal it.
func ShardOf(term string, bounds []string) int {
	return sort.Search(len(bounds), func(i int) bool { return bounds[i] > term })
}

// ShardsOf returns the shards that may hold a term beginning with prefix:
// from ShardOf(prefix) on, while the next shard begins with prefix too.
func ShardsOf(prefix string, bounds []string) (first, last int) {
	first = ShardOf(prefix, bounds)
	last = first
	for last < len(bounds) && strings.HasPrefix(bounds[last], prefix) {
		last++
	}
	return first, last
}

// writeTermShards makes and writes the posting lists a group of shards at a
// time, so that only a part of the postings is ever in memory; then the
// shards no term fell in.
func (w *indexWriter) writeTermShards(total int) error {
	groups := max(1, min(w.nShards, total/w.opts.GroupBytes+1))
	for g := range groups {
		if err := w.writeGroup(g, groups); err != nil {
			return err
		}
	}
	return w.writeEmptyShards()
}

// inGroup reports whether term t is in use and its shard in group g.
func (w *indexWriter) inGroup(t, g, groups int) bool {
	return w.cursors[t].used && int(w.shardOf[t])%groups == g
}

// writeGroup encodes the lists of group g's shards in one pass over the
// postings, and writes the shards.
func (w *indexWriter) writeGroup(g, groups int) error {
	lists := w.encodeGroup(g, groups)
	var ids []int
	shards := map[int]map[string]string{}
	for t := range lists {
		if w.inGroup(t, g, groups) {
			sh := int(w.shardOf[t])
			if shards[sh] == nil {
				shards[sh] = map[string]string{}
				ids = append(ids, sh)
			}
			shards[sh][w.name(t)] = lists[t].String()
		}
	}
	sort.Ints(ids)
	encoded, err := marshalShards(ids, shards)
	if err != nil {
		return err
	}
	for i, data := range encoded {
		w.stats.LargestTerm = max(w.stats.LargestTerm, len(data))
		if err := w.emit(fmt.Sprintf("t/%d.js", ids[i]), script("t", ids[i], data)); err != nil {
			return err
		}
	}
	return nil
}

// encodeGroup returns the posting list of every term of group g (empty for
// the others), each grown once to its measured size.
func (w *indexWriter) encodeGroup(g, groups int) []strings.Builder {
	lists := make([]strings.Builder, len(w.cursors))
	for t := range w.cursors {
		if w.inGroup(t, g, groups) {
			lists[t].Grow(w.cursors[t].size)
		}
		w.cursors[t].restart()
	}
	w.each(func(t int, doc, score int32) {
		if int(w.shardOf[t])%groups != g {
			return
		}
		c, sb := &w.cursors[t], &lists[t]
		if sb.Len() > 0 {
			sb.WriteByte(',')
		}
		sb.WriteString(strconv.FormatInt(int64(doc-c.prevDoc), 36))
		if score != c.prevScore {
			sb.WriteByte('.')
			sb.WriteString(strconv.FormatInt(int64(score), 36))
			c.prevScore = score
		}
		c.prevDoc = doc
	})
	return lists
}

// marshalShards encodes shards in parallel, in the order of ids: JSON with
// sorted keys, so the files are deterministic.
func marshalShards(ids []int, shards map[int]map[string]string) ([][]byte, error) {
	encoded := make([][]byte, len(ids))
	var marshalErr error
	var errOnce sync.Once
	parallel.For(len(ids), func(i int) {
		data, err := json.Marshal(shards[ids[i]])
		if err != nil {
			errOnce.Do(func() { marshalErr = err })
			return
		}
		encoded[i] = data
	})
	return encoded, marshalErr
}

// writeEmptyShards writes, empty, the shards no term fell in: the browser
// loads a shard by number and must find it.
func (w *indexWriter) writeEmptyShards() error {
	written := make([]bool, w.nShards)
	for t := range w.cursors {
		if w.cursors[t].used {
			written[w.shardOf[t]] = true
		}
	}
	for i, ok := range written {
		if !ok {
			if err := w.emit(fmt.Sprintf("t/%d.js", i), script("t", i, []byte("{}"))); err != nil {
				return err
			}
		}
	}
	return nil
}

// writeDocShards writes what the results show, DocsPerShard docs a file,
// so a page of results loads a few small files.
func (w *indexWriter) writeDocShards() error {
	per := w.opts.DocsPerShard
	for start := 0; start < len(w.docs); start += per {
		end := min(len(w.docs), start+per)
		rows := make([][5]string, 0, end-start)
		for _, d := range w.docs[start:end] {
			rows = append(rows, [5]string{d.Title, d.Key, d.Date, d.Places, d.Excerpt})
		}
		data, err := json.Marshal(rows)
		if err != nil {
			return err
		}
		if err := w.emit(fmt.Sprintf("d/%d.js", start/per), script("d", start/per, data)); err != nil {
			return err
		}
		w.stats.DocShards++
	}
	return nil
}

// maxPrefixShards is the most shards the browser loads to match the word
// being typed as a prefix.
const maxPrefixShards = 6

// writeManifest writes index.js, all the browser needs before a query: the
// analysis rules, the shard counts, the filters to offer and the weights.
// The page's words and markup are the theme's (layouts/search.html).
func (w *indexWriter) writeManifest(facets map[string][]Facet) error {
	manifest := map[string]any{
		"rules":  w.b.rules,
		"shards": w.nShards,
		"bounds": w.bounds,
		// The site's root from the index's folder, for links from file://.
		"root": strings.Repeat("../", strings.Count(w.opts.Dir, "/")+1),
		// A prefix is matched only when its terms are in so many shards
		// or fewer (about 16 KB each): the first letters of a word, too
		// common to choose anything, wait for the next.
		"prefixShards": maxPrefixShards,
		"perDoc":       w.opts.DocsPerShard,
		"total":        len(w.docs),
		"facets":       facets,
		"weights":      []int{weightTitle, weightPlaces, weightSummary, weightBody},
	}
	data, err := json.Marshal(manifest)
	if err != nil {
		return err
	}
	return w.emit("index.js", []byte("JihatSearch.manifest("+string(data)+");\n"))
}

// writeScripts writes the search page's code beside the index, so that an
// index and the code that reads it always come from the same build.
func (w *indexWriter) writeScripts() error {
	if err := w.emit("search.js", searchJS); err != nil {
		return err
	}
	return w.emit("analyze.js", AnalyzeJS)
}

func script(kind string, n int, data []byte) []byte {
	return []byte(fmt.Sprintf("JihatSearch.%s(%d,%s);\n", kind, n, data))
}

// base36Len is len(strconv.FormatInt(n, 36)) for n ≥ 0.
func base36Len(n int64) int {
	size := 1
	for n >= 36 {
		n /= 36
		size++
	}
	return size
}

// Snapshot is a Builder's analysed articles in a form encoding/gob can
// keep between builds.
type Snapshot struct {
	Names []string
	Docs  map[string][]byte
}

// Snapshot copies the builder's state.
func (b *Builder) Snapshot() *Snapshot {
	b.mu.Lock()
	defer b.mu.Unlock()
	// Lists are replaced, never changed, by Add: sharing them is safe.
	docs := make(map[string][]byte, len(b.docs))
	for k, p := range b.docs {
		docs[k] = p
	}
	return &Snapshot{Names: slices.Clone(b.names), Docs: docs}
}

// Restore returns a builder holding a snapshot's articles, or an error if
// the snapshot is inconsistent.
func Restore(rules *Rules, s *Snapshot) (*Builder, error) {
	b := NewBuilder(rules)
	b.names = s.Names
	for i, n := range s.Names {
		b.ids[n] = uint32(i)
	}
	for k, list := range s.Docs {
		if !packed(list).each(len(s.Names), func(uint32, uint32) {}) {
			return nil, fmt.Errorf("search snapshot: the terms of %s are damaged", k)
		}
		b.docs[k] = list
	}
	return b, nil
}

// Clone copies the builder, so that an index can be written from it while
// the original goes on taking articles.
func (b *Builder) Clone() *Builder {
	b.mu.Lock()
	defer b.mu.Unlock()
	// A document's list is replaced, never changed, by Add: sharing the
	// lists is safe.
	return &Builder{rules: b.rules, docs: maps.Clone(b.docs), ids: maps.Clone(b.ids), names: slices.Clone(b.names)}
}
