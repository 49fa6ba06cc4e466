package search

import (
	"maps"
	"regexp"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/jihat/jihat/internal/arabic"
)

// Fold returns the matching form of s. For Arabic it is arabic.Fold, the
// project's one normalisation; r's Apostrophes, Space, Drop, Map and Sep
// describe the same function for the browser (TestRulesDescribeFold checks
// every code point). Rules whose fold differs (Amazigh keeps ZWJ inside a
// word) are applied as the browser applies them; Elision comes first.
func (r *Rules) Fold(s string) string {
	c := r.compiled()
	if c.elision != nil {
		s = c.elision.ReplaceAllString(strings.ToValidUTF8(s, " "), "${1} ")
	}
	if c.arabic {
		return arabic.Fold(s)
	}
	return c.fold(r, s)
}

// compiledRules is what the analysis derives from a Rules once.
type compiledRules struct {
	arabic                        bool // folds as arabic.Fold
	stop                          map[string]bool
	elision                       *regexp.Regexp
	apostrophes, space, drop, sep *regexp.Regexp
	suffixStarts                  []string // proper beginnings of suffixes, longest first
}

// compiledAll holds a compiledRules by *Rules: Rules are values made once
// (DefaultRules) or read from an index, and never changed after use.
var compiledAll sync.Map

func (r *Rules) compiled() *compiledRules {
	if c, ok := compiledAll.Load(r); ok {
		return c.(*compiledRules)
	}
	c := &compiledRules{stop: map[string]bool{}}
	for _, w := range r.Stop {
		c.stop[w] = true
	}
	ar := &DefaultRules
	if r == ar || (r.Apostrophes == ar.Apostrophes && r.Space == ar.Space && r.Drop == ar.Drop && r.Sep == ar.Sep && maps.Equal(r.Map, ar.Map)) {
		c.arabic = true
	}
	compile := func(src string) *regexp.Regexp {
		re, err := regexp.Compile(src)
		if err != nil {
			// Rules are the package's own or read back from its index:
			// a bad expression is a bug, and matching nothing is safe.
			return regexp.MustCompile(`[^\x00-\x{10FFFF}]`)
		}
		return re
	}
	if r.Elision != "" {
		c.elision = compile(r.Elision)
	}
	if !c.arabic {
		c.apostrophes, c.space, c.drop, c.sep = compile(r.Apostrophes), compile(r.Space), compile(r.Drop), compile(r.Sep)
	}
	seen := map[string]bool{}
	for _, list := range append([][]Affix{r.Suffixes}, r.MoreSuffixes...) {
		for _, a := range list {
			for i := range a.S {
				if p := a.S[:i]; i > 0 && utf8.ValidString(p) && !seen[p] {
					seen[p] = true
					c.suffixStarts = append(c.suffixStarts, p)
				}
			}
		}
	}
	slices.SortFunc(c.suffixStarts, func(a, b string) int { return len(b) - len(a) })
	got, _ := compiledAll.LoadOrStore(r, c)
	return got.(*compiledRules)
}

// fold applies the fold the rules describe, step by step as analyze.js
// does (see Rules).
func (c *compiledRules) fold(r *Rules, s string) string {
	s = strings.ToValidUTF8(s, " ")
	s = c.apostrophes.ReplaceAllString(s, "")
	s = norm.NFKD.String(s)
	s = c.space.ReplaceAllString(s, " ")
	s = c.drop.ReplaceAllString(s, "")
	var b strings.Builder
	b.Grow(len(s))
	for _, ch := range s {
		ch = unicode.ToLower(ch)
		if m, ok := r.Map[string(ch)]; ok {
			b.WriteString(m)
		} else {
			b.WriteRune(ch)
		}
	}
	s = c.sep.ReplaceAllString(b.String(), " ")
	return norm.NFC.String(strings.Trim(s, " "))
}

// Terms analyses text into index or query terms: Fold, split into words,
// drop stop words, Stem each word. Order and duplicates are kept (the index
// counts frequency). Digits are words like any other (٢٠٢٤ → 2024); Latin
// words are only folded and lose a plural -s (associations → association).
func (r *Rules) Terms(text string) []string {
	folded := r.Fold(text)
	if folded == "" {
		return nil
	}
	var out []string
	r.eachTerm(folded, r.compiled().stop, func(t string) { out = append(out, t) })
	return out
}

// eachTerm calls f with the stem of each word of folded text that is not
// a stop word, without making a slice of the words.
func (r *Rules) eachTerm(folded string, stop map[string]bool, f func(term string)) {
	for rest := folded; rest != ""; {
		w, after, _ := strings.Cut(rest, " ")
		rest = after
		if w != "" && !stop[w] {
			f(r.Stem(w))
		}
	}
}

// Stem is a light stemmer of one folded word: after replacing the word if it
// is one of r.Irregular, it removes at most one prefix
// and then at most one suffix, the first in r.Prefixes (then r.Suffixes)
// that the word has and whose conditions hold, and then at most one of each
// list of r.MoreSuffixes in turn. It never looks words up in a
// lexicon and never touches the inside of a word, so broken plurals
// (مركز/مراكز, امرأة/نساء) keep their own stems; it aims to make the
// definite, conjoined, feminine and sound-plural forms of a word meet:
// مؤسسة مؤسسات المؤسسات بالمؤسسة → موسس, جهة الجهات بالجهة → جهه.
func (r *Rules) Stem(word string) string {
	if w, ok := r.Irregular[word]; ok {
		word = w
	}
	word = r.stripPrefix(word)
	word = r.stripSuffix(word, r.Suffixes)
	for _, list := range r.MoreSuffixes {
		word = r.stripSuffix(word, list)
	}
	return word
}

// stripPrefix removes the first of r.Prefixes that applies.
func (r *Rules) stripPrefix(word string) string {
	for _, a := range r.Prefixes {
		rest, ok := strings.CutPrefix(word, a.S)
		if !ok || utf8.RuneCountInString(rest) < r.min(a) {
			continue
		}
		if first, _ := utf8.DecodeRuneInString(rest); a.Before != "" && !strings.ContainsRune(a.Before, first) {
			continue
		}
		return rest
	}
	return word
}

// stripSuffix removes (and replaces) the first suffix of list that applies.
func (r *Rules) stripSuffix(word string, list []Affix) string {
	for _, a := range list {
		rest, ok := strings.CutSuffix(word, a.S)
		if !ok || utf8.RuneCountInString(rest) < r.min(a) {
			continue
		}
		if last, _ := utf8.DecodeLastRuneInString(rest); a.NotAfter != "" && strings.ContainsRune(a.NotAfter, last) {
			continue
		}
		return rest + a.Add
	}
	return word
}

func (r *Rules) min(a Affix) int {
	if a.Min > 0 {
		return a.Min
	}
	return r.MinStem
}

// Query is a search box's text analysed as search.js analyses it.
type Query struct {
	// Terms are the terms of every word (Terms), each once, in order.
	Terms []string
	// Prefixes are the beginnings of indexed terms the last word, still
	// being typed, may stand for; a document that has a term beginning
	// with one of them matches that word, after those that match it
	// exactly. Empty when the text ends between words (a space, a
	// punctuation mark), when the last word is a stop word or shorter than
	// PrefixMin.
	Prefixes []string
	// Last is the term of the word being typed ("" when Prefixes is
	// empty): it is one of Terms, and is matched exactly or by a prefix.
	Last string
}

// Query analyses a search box's text. Every word must be found, the last
// one by its term or, as it may not be whole yet, by the beginning of a
// term: the folded word (أركا finds أركانة), the word without its prefix
// (الطال finds الطالبة), and each of these without a partial suffix at
// its end (المؤسسا: the ا may begin ات).
func (r *Rules) Query(text string) Query {
	var q Query
	seen := map[string]bool{}
	for _, t := range r.Terms(text) {
		if !seen[t] {
			seen[t] = true
			q.Terms = append(q.Terms, t)
		}
	}
	folded := r.Fold(text)
	if folded == "" || r.Fold(text+"a") != folded+"a" {
		return q // no word, or the last one is finished
	}
	w := folded[strings.LastIndexByte(folded, ' ')+1:]
	c := r.compiled()
	if c.stop[w] {
		return q
	}
	min := r.PrefixMin
	if min <= 0 {
		min = 2
	}
	add := func(p string) {
		if utf8.RuneCountInString(p) >= min && !slices.Contains(q.Prefixes, p) {
			q.Prefixes = append(q.Prefixes, p)
		}
	}
	for _, f := range []string{w, r.stripPrefix(w)} {
		add(f)
		for _, s := range c.suffixStarts {
			if rest, ok := strings.CutSuffix(f, s); ok && utf8.RuneCountInString(rest) >= r.MinStem {
				add(rest)
				break
			}
		}
	}
	if len(q.Prefixes) > 0 {
		q.Last = r.Stem(w)
	}
	return q
}
