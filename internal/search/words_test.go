package search

import (
	"slices"
	"strconv"
	"testing"
)

// termsByWords is what Add indexes for text: the terms words.each finds,
// by name.
func termsByWords(b *Builder, w *words, text string) []string {
	var out []string
	w.each(b, text, func(t uint32) { out = append(out, b.names[t]) })
	return out
}

// Add analyses text a raw word at a time and remembers each word's terms;
// that must give exactly what Terms gives for the whole text, the first
// time and when every word is already known.
func FuzzWordsMatchTerms(f *testing.F) {
	for _, tt := range analyzeCases {
		f.Add(tt.in)
	}
	for _, s := range browserExtras {
		f.Add(s)
	}
	for _, s := range []string{
		"المركز، المركز\tالمركز\n(المركز)",
		"a\u0301 b \u0301c",               // a mark after a space
		"\xff\xfe المركز \xffمركز",        // invalid bytes beside words
		"في من على",                       // stop words alone
		"Souss-Massa\r\nسوس–ماسة",         // separators inside a raw word
		"\u200bالدار\u200c البيضاء\u200f", // zero-width and bidi controls
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r := &DefaultRules
		want := r.Terms(s)
		b := NewBuilder(r)
		w := b.borrowWords()
		if got := termsByWords(b, w, s); !slices.Equal(got, want) {
			t.Fatalf("words of %q = %q, Terms = %q", s, got, want)
		}
		if got := termsByWords(b, w, s); !slices.Equal(got, want) {
			t.Fatalf("remembered words of %q = %q, Terms = %q", s, got, want)
		}
	})
}

// Past maxKnown, words are analysed each time and still come out right.
func TestWordsWhenFull(t *testing.T) {
	b := NewBuilder(&DefaultRules)
	w := b.borrowWords()
	text := "المؤسسات الاجتماعية بجهة سوس ماسة"
	for len(w.known) < maxKnown {
		w.known["x"+strconv.Itoa(len(w.known))] = span{}
	}
	for range 2 {
		if got, want := termsByWords(b, w, text), DefaultRules.Terms(text); !slices.Equal(got, want) {
			t.Fatalf("full memory: %q, want %q", got, want)
		}
	}
	if len(w.known) != maxKnown {
		t.Errorf("remembered %d words past the bound %d", len(w.known), maxKnown)
	}
}
