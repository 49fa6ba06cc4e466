package gazetteer

import (
	"slices"
	"strings"
	"unicode"

	"github.com/jihat/jihat/internal/arabic"
)

// index maps folded keys to entry positions. Exact keys are the folded
// names, slugs and aliases; loose keys are derived forms (with a type word
// added, or without the article) consulted only when no exact key matches.
type index struct {
	exact, loose map[string]int
	dropped      map[string][]int // keys shared by several entries
	slugs        []string
	cands        []cand // resident keys, for suggestions
	// variants returns other forms of a folded query to try (type word
	// removed, article removed).
	variants func(key string) []string
}

type cand struct {
	s     string
	key   []rune
	entry int
}

type indexBuilder struct {
	ix    *index
	tiers [2]map[string][]int
}

const (
	exactTier = 0
	looseTier = 1
)

func newIndexBuilder(slugs []string, variants func(string) []string) *indexBuilder {
	return &indexBuilder{
		ix:    &index{slugs: slugs, variants: variants},
		tiers: [2]map[string][]int{{}, {}},
	}
}

func (b *indexBuilder) add(tier int, key string, entry int) {
	if key == "" {
		return
	}
	m := b.tiers[tier]
	if !slices.Contains(m[key], entry) {
		m[key] = append(m[key], entry)
	}
}

func (b *indexBuilder) build() *index {
	ix := b.ix
	ix.exact, ix.loose, ix.dropped = map[string]int{}, map[string]int{}, map[string][]int{}
	for tier, m := range b.tiers {
		dst := ix.exact
		if tier == looseTier {
			dst = ix.loose
		}
		for k, entries := range m {
			if len(entries) == 1 {
				dst[k] = entries[0]
				ix.cands = append(ix.cands, cand{k, []rune(k), entries[0]})
				continue
			}
			for _, e := range entries {
				if !slices.Contains(ix.dropped[k], e) {
					ix.dropped[k] = append(ix.dropped[k], e)
				}
			}
			slices.Sort(ix.dropped[k])
		}
	}
	return ix
}

func (ix *index) queries(s string) []string {
	k := arabic.Fold(s)
	if k == "" {
		return nil
	}
	return append([]string{k}, ix.variants(k)...)
}

func (ix *index) find(s string) (int, bool) {
	for _, q := range ix.queries(s) {
		if i, ok := ix.exact[q]; ok {
			return i, true
		}
		if i, ok := ix.loose[q]; ok {
			return i, true
		}
	}
	return 0, false
}

func (ix *index) ambiguousFor(s string) []string {
	if _, ok := ix.find(s); ok {
		return nil
	}
	for _, q := range ix.queries(s) {
		if entries, ok := ix.dropped[q]; ok {
			return ix.slugsOf(entries)
		}
	}
	return nil
}

func (ix *index) slugsOf(entries []int) []string {
	out := make([]string, len(entries))
	for i, e := range entries {
		out[i] = ix.slugs[e]
	}
	return out
}

func (ix *index) collisions() []Collision {
	var out []Collision
	for k, entries := range ix.dropped {
		out = append(out, Collision{Key: k, Slugs: ix.slugsOf(entries)})
	}
	slices.SortFunc(out, func(a, b Collision) int { return strings.Compare(a.Key, b.Key) })
	return out
}

// suggest returns the entry whose key is nearest to s, within
// max(2, n/3) edits of the n-rune folded query; ties go to the lower entry.
func (ix *index) suggest(s string) (int, bool) {
	best, bestD := -1, int(^uint(0)>>1)
	for _, q := range ix.queries(s) {
		qr := []rune(q)
		limit := max(2, len(qr)/3)
		for _, c := range ix.cands {
			if abs(len(c.key)-len(qr)) > limit {
				continue
			}
			d := arabic.EditDistance(qr, c.key)
			if d <= limit && (d < bestD || d == bestD && c.entry < best) {
				best, bestD = c.entry, d
			}
		}
	}
	if best >= 0 {
		return best, true
	}
	return ix.suggestByFirstWords(s)
}

// suggestByFirstWords catches a place written by its city alone (Tanger for
// طنجة أصيلة, Agadir for أكادير إداوتنان): the query must be the leading
// whole words of keys of exactly one entry.
func (ix *index) suggestByFirstWords(s string) (int, bool) {
	found := -1
	for _, q := range ix.queries(s) {
		for _, c := range ix.cands {
			if !strings.HasPrefix(c.s, q+" ") {
				continue
			}
			if found >= 0 && found != c.entry {
				return 0, false
			}
			found = c.entry
		}
	}
	return found, found >= 0
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// Type words editors put before place names. The French ones are written with
// both "de" and "d'" since Fold glues an elided article to the next word
// (Province d'Azilal → "province dazilal").
var (
	regionPrefixesAR   = []string{"جهة"}
	regionPrefixesFR   = []string{"Région ", "Région de ", "Région d'", "Région du "}
	provincePrefixesAR = []string{"إقليم", "عمالة"}
	provincePrefixesFR = []string{
		"Province ", "Province de ", "Province d'", "Province du ",
		"Préfecture ", "Préfecture de ", "Préfecture d'", "Préfecture du ",
	}
	regionHeads   = foldAll(append(slices.Clone(regionPrefixesAR), "Région"))
	provinceHeads = foldAll(append(slices.Clone(provincePrefixesAR), "Province", "Préfecture"))
)

func foldAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = arabic.Fold(s)
	}
	return out
}

// prefixed returns the folded forms of a bare place name with each type word
// of its script put before it.
func prefixed(name string, ar, fr []string) []string {
	var out []string
	if hasArabic(name) {
		for _, p := range ar {
			out = append(out, arabic.Fold(p+" "+name))
		}
	} else {
		for _, p := range fr {
			out = append(out, arabic.Fold(p+name))
		}
	}
	return out
}

// stripHead removes a leading type word (and a following de/du) from a
// folded query.
func stripHead(heads []string) func(string) []string {
	return func(k string) []string {
		w, rest, ok := strings.Cut(k, " ")
		if !ok || !slices.Contains(heads, w) {
			return nil
		}
		if w2, rest2, ok := strings.Cut(rest, " "); ok && (w2 == "de" || w2 == "du") {
			return []string{rest, rest2}
		}
		return []string{rest}
	}
}

func hasArabic(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool { return unicode.Is(unicode.Arabic, r) })
}

// stripArticles drops the article ال from every word of a folded Arabic
// key, including after the clitics و ب ل (والتكوين → وتكوين, للنساء → لنساء),
// so "دار طالبة" finds "دار الطالبة". At least two letters must remain.
func stripArticles(k string) string {
	words := strings.Split(k, " ")
	for i, w := range words {
		for _, p := range [...]struct{ prefix, keep string }{
			{"وال", "و"}, {"بال", "ب"}, {"لل", "ل"}, {"ال", ""},
		} {
			if rest, ok := strings.CutPrefix(w, p.prefix); ok && len([]rune(rest)) >= 2 {
				words[i] = p.keep + rest
				break
			}
		}
	}
	return strings.Join(words, " ")
}

func facilityVariants(k string) []string {
	if s := stripArticles(k); s != k {
		return []string{s}
	}
	return nil
}

// facilityNames lists the strings an editor may write for t.
func facilityNames(t *FacilityType) []string {
	return append([]string{t.Slug, t.NameAR, t.NameFR}, t.Aliases...)
}

// facilityExactKeysOf folds a name, and also indexes "Name (ABBR)" both
// without the parenthesis and as the bare abbreviation.
func facilityExactKeysOf(name string) []string {
	keys := []string{arabic.Fold(name)}
	if open := strings.IndexByte(name, '('); open > 0 {
		if end := strings.IndexByte(name[open:], ')'); end > 0 {
			keys = append(keys,
				arabic.Fold(name[:open]+" "+name[open+end+1:]),
				arabic.Fold(name[open+1:open+end]))
		}
	}
	return slices.DeleteFunc(keys, func(k string) bool { return k == "" })
}

func facilityExactKeys(t *FacilityType) []string {
	var keys []string
	for _, n := range facilityNames(t) {
		keys = append(keys, facilityExactKeysOf(n)...)
	}
	return keys
}

func buildFacilityIndex(types []*FacilityType) *index {
	slugs := make([]string, len(types))
	for i, t := range types {
		slugs[i] = t.Slug
	}
	b := newIndexBuilder(slugs, facilityVariants)
	for i, t := range types {
		for _, k := range facilityExactKeys(t) {
			b.add(exactTier, k, i)
			b.add(looseTier, stripArticles(k), i)
		}
	}
	return b.build()
}

func buildRegionIndex(regions []*Region) *index {
	slugs := make([]string, len(regions))
	for i, r := range regions {
		slugs[i] = r.Slug
	}
	b := newIndexBuilder(slugs, stripHead(regionHeads))
	for i, r := range regions {
		bare := append([]string{r.Slug, r.NameAR, r.NameFR}, r.Aliases...)
		for _, n := range append(bare, r.NameARFull, r.NameFRFull) {
			b.add(exactTier, arabic.Fold(n), i)
		}
		for _, n := range bare {
			for _, k := range prefixed(n, regionPrefixesAR, regionPrefixesFR) {
				b.add(looseTier, k, i)
			}
		}
	}
	return b.build()
}

func buildProvinceIndex(provinces []*Province) *index {
	slugs := make([]string, len(provinces))
	for i, p := range provinces {
		slugs[i] = p.Slug
	}
	b := newIndexBuilder(slugs, stripHead(provinceHeads))
	for i, p := range provinces {
		bare := append([]string{p.Slug, p.NameAR, p.NameFR}, p.Aliases...)
		for _, n := range append(bare, p.NameARFull, p.NameFRFull) {
			b.add(exactTier, arabic.Fold(n), i)
		}
		for _, n := range bare {
			for _, k := range prefixed(n, provincePrefixesAR, provincePrefixesFR) {
				b.add(looseTier, k, i)
			}
		}
	}
	return b.build()
}
