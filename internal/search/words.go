package search

import (
	"math"
	"slices"
	"strings"
)

// words is one goroutine's memory for Add: the term numbers each raw word
// of text gave, and tallies indexed by term number. An archive repeats the
// same few tens of thousands of spellings, so each is folded and stemmed
// once per goroutine instead of once per occurrence; being per goroutine,
// it needs no lock.
type words struct {
	known   map[string]span // raw word, as written → its terms in terms
	terms   []uint32
	scratch []string

	weight  []float64 // title, places and summary weight, by term
	count   []int32   // body occurrences, by term
	touched []uint32  // terms with a weight or a count in this article
}

type span struct{ start, n uint32 }

// maxKnown bounds what one goroutine remembers (a few MB): past it, a new
// spelling is analysed on every occurrence.
const maxKnown = 1 << 17

// isSpace reports the ASCII white space Fold treats as a separator. Fold
// works rune by rune and normalisation never crosses a space, so folding
// the text between spaces one piece at a time gives the same words as
// folding it whole (FuzzWordsMatchTerms checks it).
func isSpace(c byte) bool {
	return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v'
}

// each calls f with the number of each term of text, as Terms lists them.
func (w *words) each(b *Builder, text string, f func(term uint32)) {
	for i := 0; i < len(text); {
		for i < len(text) && isSpace(text[i]) {
			i++
		}
		start := i
		for i < len(text) && !isSpace(text[i]) {
			i++
		}
		if start == i {
			break
		}
		raw := text[start:i]
		terms, ok := w.remembered(raw)
		if !ok {
			terms = w.learn(b, raw)
		}
		for _, t := range terms {
			f(t)
		}
	}
}

func (w *words) remembered(raw string) ([]uint32, bool) {
	s, ok := w.known[raw]
	if !ok {
		return nil, false
	}
	return w.terms[s.start : s.start+s.n : s.start+s.n], true
}

// learn analyses one raw word and, while there is room, remembers it.
func (w *words) learn(b *Builder, raw string) []uint32 {
	r := b.rules
	w.scratch = w.scratch[:0]
	r.eachTerm(r.Fold(raw), r.compiled().stop, func(t string) { w.scratch = append(w.scratch, t) })
	terms := make([]uint32, 0, len(w.scratch))
	if len(w.scratch) > 0 {
		b.mu.Lock()
		for _, t := range w.scratch {
			terms = append(terms, b.number(t))
		}
		b.mu.Unlock()
	}
	if len(w.known) < maxKnown {
		// The text is one allocation per article: keep a copy, not a view
		// that would keep the whole article alive.
		w.known[strings.Clone(raw)] = span{uint32(len(w.terms)), uint32(len(terms))}
		w.terms = append(w.terms, terms...)
	}
	return terms
}

// postings scores one article's fields, in term order.
func (w *words) postings(b *Builder, f Fields) []posting {
	tally := func(t uint32) {
		if int(t) >= len(w.weight) {
			n := max(int(t)+1, 2*len(w.weight), 1024)
			w.weight = append(w.weight, make([]float64, n-len(w.weight))...)
			w.count = append(w.count, make([]int32, n-len(w.count))...)
		}
		if w.weight[t] == 0 && w.count[t] == 0 {
			w.touched = append(w.touched, t)
		}
	}
	for _, field := range []struct {
		text   string
		weight float64
	}{{f.Title, weightTitle}, {f.Places, weightPlaces}, {f.Summary, weightSummary}} {
		w.each(b, field.text, func(t uint32) {
			tally(t)
			w.weight[t] += field.weight
		})
	}
	w.each(b, f.Body, func(t uint32) {
		tally(t)
		w.count[t]++
	})
	// In term order, as pack wants them.
	slices.Sort(w.touched)
	list := make([]posting, 0, len(w.touched))
	for _, t := range w.touched {
		s := w.weight[t]
		if n := w.count[t]; n > 0 {
			// Body frequency is damped so that long articles do not win
			// by length.
			s += weightBody * (1 + math.Log(float64(n)))
		}
		// The score as the index stores it: a quarter point, at least 1.
		list = append(list, posting{t, uint32(max(1, int(math.Round(float64(float32(s))*4))))})
		w.weight[t], w.count[t] = 0, 0
	}
	w.touched = w.touched[:0]
	return list
}
