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
	"encoding/json"
	"fmt"
	"hash/fnv"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/jihat/jihat/internal/arabic"
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
	docs  map[string][]weighted
	// Terms are numbered: a document holds 8 bytes per distinct term, and
	// no substring of its text stays alive through a term.
	ids   map[string]uint32
	names []string
}

type weighted struct {
	term   uint32
	weight float32
}

// NewBuilder returns a builder using rules.
func NewBuilder(rules *Rules) *Builder {
	return &Builder{rules: rules, docs: map[string][]weighted{}, ids: map[string]uint32{}}
}

// Add analyses one article. The cost is here, in the caller's goroutine, so
// the build's workers index in parallel with rendering.
func (b *Builder) Add(key string, f Fields) {
	scores := map[string]float64{}
	add := func(text string, w float64) {
		terms := b.rules.Terms(text)
		for _, t := range terms {
			scores[t] += w
		}
	}
	add(f.Title, weightTitle)
	add(f.Places, weightPlaces)
	add(f.Summary, weightSummary)
	// Body frequency is damped so that long articles do not win by length.
	bodyCounts := map[string]int{}
	for _, t := range b.rules.Terms(f.Body) {
		bodyCounts[t]++
	}
	for t, n := range bodyCounts {
		scores[t] += weightBody * (1 + math.Log(float64(n)))
	}
	list := make([]weighted, 0, len(scores))
	b.mu.Lock()
	for t, s := range scores {
		id, ok := b.ids[t]
		if !ok {
			id = uint32(len(b.names))
			name := strings.Clone(t)
			b.ids[name] = id
			b.names = append(b.names, name)
		}
		list = append(list, weighted{id, float32(s)})
	}
	b.docs[key] = list
	b.mu.Unlock()
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

	// postings: term → (doc id, score) in doc order.
	type posting struct {
		doc   int
		score int
	}
	postings := map[string][]posting{}
	b.mu.Lock()
	defer b.mu.Unlock()
	for id, d := range docs {
		for _, w := range b.docs[d.Key] {
			name := b.names[w.term]
			postings[name] = append(postings[name], posting{id, max(1, int(math.Round(float64(w.weight)*4)))})
		}
		for _, f := range d.Filters {
			postings[f] = append(postings[f], posting{id, 0})
		}
	}
	stats.Terms = len(postings)
	terms := make([]string, 0, len(postings))
	for t := range postings {
		terms = append(terms, t)
	}
	sort.Strings(terms)

	// Encode each list as base-36 gaps between doc ids, with the score
	// after a dot when it is not the previous one: compact, and a line of
	// JavaScript decodes it.
	encoded := make(map[string]string, len(terms))
	total := 0
	for _, t := range terms {
		var sb strings.Builder
		prevDoc, prevScore := -1, -1
		for i, p := range postings[t] {
			if i > 0 {
				sb.WriteByte(',')
			}
			sb.WriteString(strconv.FormatInt(int64(p.doc-prevDoc), 36))
			if p.score != prevScore {
				sb.WriteByte('.')
				sb.WriteString(strconv.FormatInt(int64(p.score), 36))
				prevScore = p.score
			}
			prevDoc = p.doc
		}
		encoded[t] = sb.String()
		total += len(t) + sb.Len() + 6
	}
	nShards := max(1, (total+opts.ShardBytes-1)/opts.ShardBytes)
	stats.TermShards = nShards
	shards := make([]map[string]string, nShards)
	for i := range shards {
		shards[i] = map[string]string{}
	}
	for _, t := range terms {
		shards[ShardOf(t, nShards)][t] = encoded[t]
	}
	emit := func(name string, data []byte) error {
		stats.TotalBytes += len(data)
		return write(Dir+"/"+name, data)
	}
	for i, shard := range shards {
		data, err := json.Marshal(shard) // sorted keys: deterministic
		if err != nil {
			return nil, err
		}
		stats.LargestTerm = max(stats.LargestTerm, len(data))
		if err := emit(fmt.Sprintf("t/%d.js", i), script("t", i, data)); err != nil {
			return nil, err
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
	Docs  map[string][]Weighted
}

// Weighted is one term of an analysed article with its score.
type Weighted struct {
	Term   uint32
	Weight float32
}

// Snapshot copies the builder's state.
func (b *Builder) Snapshot() *Snapshot {
	b.mu.Lock()
	defer b.mu.Unlock()
	s := &Snapshot{Names: slices.Clone(b.names), Docs: make(map[string][]Weighted, len(b.docs))}
	for k, list := range b.docs {
		out := make([]Weighted, len(list))
		for i, w := range list {
			out[i] = Weighted{w.term, w.weight}
		}
		s.Docs[k] = out
	}
	return s
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
		in := make([]weighted, len(list))
		for i, w := range list {
			if int(w.Term) >= len(s.Names) {
				return nil, fmt.Errorf("search snapshot: term %d out of range", w.Term)
			}
			in[i] = weighted{w.Term, w.Weight}
		}
		b.docs[k] = in
	}
	return b, nil
}
