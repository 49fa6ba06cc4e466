package search

import (
	"strings"
	"unicode/utf8"

	"github.com/jihat/jihat/internal/arabic"
)

// Fold returns the matching form of s. It is arabic.Fold, the project's one
// normalisation; r's Apostrophes, Space, Drop, Map and Sep describe the same
// function for the browser (TestRulesDescribeFold checks every code point).
func (r *Rules) Fold(s string) string {
	return arabic.Fold(s)
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
	r.eachTerm(folded, r.stopWords(), func(t string) { out = append(out, t) })
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
// that the word has and whose conditions hold. It never looks words up in a
// lexicon and never touches the inside of a word, so broken plurals
// (مركز/مراكز, امرأة/نساء) keep their own stems; it aims to make the
// definite, conjoined, feminine and sound-plural forms of a word meet:
// مؤسسة مؤسسات المؤسسات بالمؤسسة → موسس, جهة الجهات بالجهة → جهه.
func (r *Rules) Stem(word string) string {
	if w, ok := r.Irregular[word]; ok {
		word = w
	}
	for _, a := range r.Prefixes {
		rest, ok := strings.CutPrefix(word, a.S)
		if !ok || utf8.RuneCountInString(rest) < r.min(a) {
			continue
		}
		if first, _ := utf8.DecodeRuneInString(rest); a.Before != "" && !strings.ContainsRune(a.Before, first) {
			continue
		}
		word = rest
		break
	}
	for _, a := range r.Suffixes {
		rest, ok := strings.CutSuffix(word, a.S)
		if !ok || utf8.RuneCountInString(rest) < r.min(a) {
			continue
		}
		if last, _ := utf8.DecodeLastRuneInString(rest); a.NotAfter != "" && strings.ContainsRune(a.NotAfter, last) {
			continue
		}
		word = rest + a.Add
		break
	}
	return word
}

func (r *Rules) min(a Affix) int {
	if a.Min > 0 {
		return a.Min
	}
	return r.MinStem
}
