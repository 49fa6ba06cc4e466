package search

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io/fs"
	"maps"
	"path"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// pageFiles are loaded by the search page before any query.
var pageFiles = []string{"index.html", "search.js", "index.js"}

// Payload is what a browser downloads to answer one query on a fresh visit
// to the search page: the page, its scripts, the manifest, the postings
// shards of the query's terms and filters, and the document shards of the
// first page of results.
type Payload struct {
	Query     string
	Files     []string
	Bytes     int // as stored
	Gzip      int // as a CDN sends them, gzip-compressed
	Results   int
	Ranked    []string // keys of the first page of results, best first
	TermFiles int
	DocFiles  int
}

// QueryPayload replays the browser's search (search.js) over a written
// index in fsys (a built site) and counts the bytes it loads.
func QueryPayload(fsys fs.FS, query string, filters []string) (*Payload, error) {
	p := &Payload{Query: query}
	add := func(name string) ([]byte, error) {
		data, err := fs.ReadFile(fsys, path.Join(Dir, name))
		if err != nil {
			return nil, err
		}
		p.Files = append(p.Files, name)
		p.Bytes += len(data)
		p.Gzip += gzipSize(data)
		return data, nil
	}
	var manifest struct {
		Rules        Rules    `json:"rules"`
		Bounds       []string `json:"bounds"`
		PerDoc       int      `json:"perDoc"`
		PrefixShards int      `json:"prefixShards"`
	}
	for _, name := range pageFiles {
		data, err := add(name)
		if err != nil {
			return nil, err
		}
		if name == "index.js" {
			if err := json.Unmarshal(callArgument(data), &manifest); err != nil {
				return nil, fmt.Errorf("index.js: %v", err)
			}
		}
	}
	q := manifest.Rules.Query(query)
	if len(q.Terms) == 0 && len(filters) == 0 {
		return p, nil
	}
	loaded := map[int]map[string]string{}
	shard := func(n int) (map[string]string, error) {
		if s, ok := loaded[n]; ok {
			return s, nil
		}
		name := "t/" + strconv.Itoa(n) + ".js"
		data, err := add(name)
		if err != nil {
			return nil, err
		}
		var s map[string]string
		if err := json.Unmarshal(callArgument(data), &s); err != nil {
			return nil, fmt.Errorf("%s: %v", name, err)
		}
		loaded[n] = s
		p.TermFiles++
		return s, nil
	}
	// Every word and filter but the word being typed: all must match.
	var scores map[int]int
	for _, key := range append(slices.Clone(q.Terms), filters...) {
		if key == q.Last && len(q.Prefixes) > 0 {
			continue
		}
		s, err := shard(ShardOf(key, manifest.Bounds))
		if err != nil {
			return nil, err
		}
		scores = intersect(scores, decodePostings(s[key]))
	}
	// The word being typed: by its term (tier 0) or by the beginning of
	// other terms (tier 1, ranked after), the best such term's score.
	tier := map[int]int{}
	if len(q.Prefixes) > 0 {
		s, err := shard(ShardOf(q.Last, manifest.Bounds))
		if err != nil {
			return nil, err
		}
		exact := decodePostings(s[q.Last])
		last := maps.Clone(exact)
		for _, pre := range q.Prefixes {
			first, end := ShardsOf(pre, manifest.Bounds)
			if end-first+1 > manifest.PrefixShards {
				continue
			}
			for n := first; n <= end; n++ {
				s, err := shard(n)
				if err != nil {
					return nil, err
				}
				for term, enc := range s {
					if term == q.Last || !strings.HasPrefix(term, pre) || strings.Contains(term, ":") {
						continue
					}
					for id, sc := range decodePostings(enc) {
						if _, ok := exact[id]; ok {
							continue
						}
						tier[id] = 1
						last[id] = max(last[id], sc)
					}
				}
			}
		}
		scores = intersect(scores, last)
	}
	ids := make([]int, 0, len(scores))
	for id := range scores {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool {
		a, b := ids[i], ids[j]
		if tier[a] != tier[b] {
			return tier[a] < tier[b]
		}
		if scores[a] != scores[b] {
			return scores[a] > scores[b]
		}
		return a < b
	})
	p.Results = len(ids)
	first := ids[:min(len(ids), resultsPerPage)]
	docShards := map[int]bool{}
	for _, id := range first {
		docShards[id/manifest.PerDoc] = true
	}
	rows := map[int][5]string{}
	for _, n := range sortedInts(docShards) {
		data, err := add("d/" + strconv.Itoa(n) + ".js")
		if err != nil {
			return nil, err
		}
		var shard [][5]string
		if err := json.Unmarshal(callArgument(data), &shard); err != nil {
			return nil, fmt.Errorf("d/%d.js: %v", n, err)
		}
		for i, row := range shard {
			rows[n*manifest.PerDoc+i] = row
		}
		p.DocFiles++
	}
	for _, id := range first {
		p.Ranked = append(p.Ranked, rows[id][1])
	}
	return p, nil
}

// resultsPerPage matches the first page search.js shows.
const resultsPerPage = 20

// intersect keeps the documents of both lists, adding their scores; a nil
// scores is the first list.
func intersect(scores, list map[int]int) map[int]int {
	if scores == nil {
		return list
	}
	next := map[int]int{}
	for id, s := range list {
		if prev, ok := scores[id]; ok {
			next[id] = prev + s
		}
	}
	return next
}

func decodePostings(enc string) map[int]int {
	out := map[int]int{}
	if enc == "" {
		return out
	}
	doc, score := -1, 0
	for _, part := range strings.Split(enc, ",") {
		if i := strings.IndexByte(part, '.'); i >= 0 {
			s, _ := strconv.ParseInt(part[i+1:], 36, 64)
			score = int(s)
			part = part[:i]
		}
		gap, _ := strconv.ParseInt(part, 36, 64)
		doc += int(gap)
		out[doc] = score
	}
	return out
}

// callArgument extracts the JSON argument of "JihatSearch.x(n,JSON);".
func callArgument(script []byte) []byte {
	s := bytes.TrimSpace(script)
	open := bytes.IndexByte(s, '(')
	s = bytes.TrimSuffix(s[open+1:], []byte(");"))
	// Shards carry their number first.
	if len(s) > 0 && s[0] >= '0' && s[0] <= '9' {
		s = s[bytes.IndexByte(s, ',')+1:]
	}
	return s
}

func gzipSize(data []byte) int {
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	zw.Write(data)
	zw.Close()
	return buf.Len()
}

func sortedInts(set map[int]bool) []int {
	out := make([]int, 0, len(set))
	for n := range set {
		out = append(out, n)
	}
	sort.Ints(out)
	return out
}
