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
	"hash/fnv"
	"maps"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/jihat/jihat/internal/arabic"
	"github.com/jihat/jihat/internal/parallel"
)

// Dir is the output folder of the index and the search page's scripts.
const Dir = "search"

//go:embed assets/search.js
var searchJS []byte

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

// Options size the shards. Zero values pick defaults.
type Options struct {
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
	if opts.ShardBytes <= 0 {
		opts.ShardBytes = 16 * 1024
	}
	if opts.DocsPerShard <= 0 {
		opts.DocsPerShard = 5
	}
	stats := &Stats{Docs: len(docs)}

	b.mu.Lock()
	defer b.mu.Unlock()
	emit := func(name string, data []byte) error {
		stats.TotalBytes += len(data)
		return write(Dir+"/"+name, data)
	}

	// Terms are numbered: the words by their number in the builder, the
	// filters (r:…, f:…) after them.
	nWords := len(b.names)
	filterIDs := map[string]int{}
	var filterNames []string
	for _, d := range docs {
		for _, f := range d.Filters {
			if _, ok := filterIDs[f]; !ok {
				if _, isWord := b.ids[f]; isWord {
					// Impossible (filters have a colon, words never do),
					// and it would merge two lists.
					return nil, fmt.Errorf("search: filter %q is also a word", f)
				}
				filterIDs[f] = nWords + len(filterNames)
				filterNames = append(filterNames, f)
			}
		}
	}
	name := func(id int) string {
		if id < nWords {
			return b.names[id]
		}
		return filterNames[id-nWords]
	}
	nTerms := nWords + len(filterNames)
	// each calls f with every posting, in doc order.
	each := func(f func(term int, doc, score int32)) {
		for id, d := range docs {
			b.docs[d.Key].each(nWords, func(term, score uint32) { f(int(term), int32(id), int32(score)) })
			for _, fl := range d.Filters {
				f(filterIDs[fl], int32(id), 0)
			}
		}
	}

	// A posting list is base-36 gaps between doc ids, with the score after
	// a dot when it is not the previous one: compact, and a line of
	// JavaScript decodes it. The number of shards depends on the size of
	// the whole index, so a first pass only measures the lists.
	type cursor struct {
		prevDoc, prevScore int32
		size               int
		used               bool
	}
	cursors := make([]cursor, nTerms)
	for i := range cursors {
		cursors[i] = cursor{prevDoc: -1, prevScore: -1}
	}
	each(func(t int, doc, score int32) {
		c := &cursors[t]
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
	total := 0
	for t, c := range cursors {
		if c.used {
			stats.Terms++
			total += len(name(t)) + c.size + 6
		}
	}
	nShards := max(1, (total+opts.ShardBytes-1)/opts.ShardBytes)
	stats.TermShards = nShards
	shardOf := make([]int32, nTerms)
	parallel.For(nTerms, func(t int) {
		if cursors[t].used {
			shardOf[t] = int32(ShardOf(name(t), nShards))
		}
	})

	// Then the lists are made and written a group of shards at a time, so
	// that only a part of the postings is ever in memory.
	if opts.GroupBytes <= 0 {
		opts.GroupBytes = 16 << 20
	}
	groups := max(1, min(nShards, total/opts.GroupBytes+1))
	for g := range groups {
		lists := make([]strings.Builder, nTerms)
		for i := range cursors {
			if cursors[i].used && int(shardOf[i])%groups == g {
				lists[i].Grow(cursors[i].size)
			}
			cursors[i].prevDoc, cursors[i].prevScore = -1, -1
		}
		each(func(t int, doc, score int32) {
			if int(shardOf[t])%groups != g {
				return
			}
			c, sb := &cursors[t], &lists[t]
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
		var ids []int
		shards := map[int]map[string]string{}
		for t := range lists {
			if cursors[t].used && int(shardOf[t])%groups == g {
				sh := int(shardOf[t])
				if shards[sh] == nil {
					shards[sh] = map[string]string{}
					ids = append(ids, sh)
				}
				shards[sh][name(t)] = lists[t].String()
			}
		}
		sort.Ints(ids)
		encodedShards := make([][]byte, len(ids))
		var marshalErr error
		var errOnce sync.Once
		parallel.For(len(ids), func(i int) {
			data, err := json.Marshal(shards[ids[i]]) // sorted keys: deterministic
			if err != nil {
				errOnce.Do(func() { marshalErr = err })
				return
			}
			encodedShards[i] = data
		})
		if marshalErr != nil {
			return nil, marshalErr
		}
		for i, data := range encodedShards {
			stats.LargestTerm = max(stats.LargestTerm, len(data))
			if err := emit(fmt.Sprintf("t/%d.js", ids[i]), script("t", ids[i], data)); err != nil {
				return nil, err
			}
		}
	}
	// A shard no term fell in is still written, empty, as the browser
	// loads it by number.
	written := map[int]bool{}
	for t := range cursors {
		if cursors[t].used {
			written[int(shardOf[t])] = true
		}
	}
	for i := range nShards {
		if !written[i] {
			if err := emit(fmt.Sprintf("t/%d.js", i), script("t", i, []byte("{}"))); err != nil {
				return nil, err
			}
		}
	}

	for start := 0; start < len(docs); start += opts.DocsPerShard {
		end := min(len(docs), start+opts.DocsPerShard)
		rows := make([][5]string, 0, end-start)
		for _, d := range docs[start:end] {
			rows = append(rows, [5]string{d.Title, d.Key, d.Date, d.Places, d.Excerpt})
		}
		data, err := json.Marshal(rows)
		if err != nil {
			return nil, err
		}
		if err := emit(fmt.Sprintf("d/%d.js", start/opts.DocsPerShard), script("d", start/opts.DocsPerShard, data)); err != nil {
			return nil, err
		}
		stats.DocShards++
	}

	manifest := map[string]any{
		"rules":     b.rules,
		"shards":    nShards,
		"perDoc":    opts.DocsPerShard,
		"total":     len(docs),
		"facets":    facets,
		"weights":   []int{weightTitle, weightPlaces, weightSummary, weightBody},
		"pluralRes": arabic.Results,
	}
	data, err := json.Marshal(manifest)
	if err != nil {
		return nil, err
	}
	if err := emit("index.js", []byte("JihatSearch.manifest("+string(data)+");\n")); err != nil {
		return nil, err
	}
	if err := emit("search.js", searchJS); err != nil {
		return nil, err
	}
	if err := emit("analyze.js", AnalyzeJS); err != nil {
		return nil, err
	}
	return stats, nil
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

// ShardOf places a term in one of n shards: FNV-1a over its UTF-8 bytes, a
// hash the browser computes the same way.
func ShardOf(term string, n int) int {
	h := fnv.New32a()
	h.Write([]byte(term))
	return int(h.Sum32() % uint32(n))
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
