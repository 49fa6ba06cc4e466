package search

import (
	"slices"
	"strings"
	"testing"
)

// langCases are real words and phrases of each language with their terms.
// The browser test runs the same inputs through assets/analyze.js.
var langCases = map[string][]struct {
	in   string
	want []string
}{
	"fr": {
		// Elision, in either case and with any apostrophe.
		{"l'école", []string{"ecol"}},
		{"L’École", []string{"ecol"}},
		{"d'Agadir", []string{"agadir"}},
		{"qu'elle", nil},
		{"lorsqu'il", nil},
		{"jusqu'à Tiznit", []string{"tiznit"}},
		{"aujourd'hui", []string{"aujourdhui"}},
		{"Région de l'Oriental", []string{"region", "oriental"}},
		// Plurals and the feminine meet.
		{"association", []string{"association"}},
		{"Associations", []string{"association"}},
		{"régional", []string{"regional"}},
		{"régionale", []string{"regional"}},
		{"régionaux", []string{"regional"}},
		{"régionales", []string{"regional"}},
		{"centre", []string{"centr"}},
		{"centres", []string{"centr"}},
		{"bureaux", []string{"bureau"}},
		{"jeux", []string{"jeu"}},
		{"handicapé", []string{"handicap"}},
		{"handicapées", []string{"handicap"}},
		{"nouvelle", []string{"nouvel"}},
		{"nouvel", []string{"nouvel"}},
		{"femmes", []string{"fem"}},
		{"cœur", []string{"coeur"}},
		{"Façade", []string{"facad"}},
		{"Souss-Massa", []string{"souss", "massa"}},
		{"bus", []string{"bus"}},
		{"taux", []string{"tau"}},
		// Phrases, stop words.
		{"Inauguration d'un centre pour les personnes en situation de handicap à Tiznit",
			[]string{"inauguration", "centr", "person", "situation", "handicap", "tiznit"}},
		{"L'Entraide nationale et les associations de la région", []string{"entraid", "national", "association", "region"}},
		{"le la les de des du et", nil},
		{"٢٠٢٤", []string{"2024"}},
		{"", nil},
	},
	"zgh": {
		// Region names in Tifinagh (the gazetteer's zgh names, from
		// Wikidata): no stop words, no stemming.
		{"ⵜⴰⵎⵏⴰⴹⵜ ⵏ ⵙⵓⵙ ⵎⴰⵙⵙⵜ", []string{"ⵜⴰⵎⵏⴰⴹⵜ", "ⵏ", "ⵙⵓⵙ", "ⵎⴰⵙⵙⵜ"}},
		{"ⵙⵓⵙ-ⵎⴰⵙⵙⵜ", []string{"ⵙⵓⵙ", "ⵎⴰⵙⵙⵜ"}},
		// The labialisation mark ⵯ is ⵡ by compatibility (NFKD).
		{"ⵜⴰⵎⵏⴰⴹⵜ ⵏ ⵍⵄⵢⵓⵏ ⵜⴰⵔⴳⴰ ⵜⴰⵣⴳⴳⵯⴰⵖⵜ", []string{"ⵜⴰⵎⵏⴰⴹⵜ", "ⵏ", "ⵍⵄⵢⵓⵏ", "ⵜⴰⵔⴳⴰ", "ⵜⴰⵣⴳⴳⵡⴰⵖⵜ"}},
		{"ⵜⴰⵎⴰⵣⵉⵖⵜ", []string{"ⵜⴰⵎⴰⵣⵉⵖⵜ"}},
		// The joiners keep a word whole; ZWNJ and ZWSP separate.
		{"ⵜⴰⵣⴳⴳ\u2d7fⵯⴰⵖⵜ", []string{"ⵜⴰⵣⴳⴳⵡⴰⵖⵜ"}},
		{"ⵜⴰⵎⴰ\u200dⵣⵉⵖⵜ", []string{"ⵜⴰⵎⴰⵣⵉⵖⵜ"}},
		{"ⵙⵓⵙ\u200cⵎⴰⵙⵙⵜ", []string{"ⵙⵓⵙ", "ⵎⴰⵙⵙⵜ"}},
		{"ⵙⵓⵙ\u200bⵎⴰⵙⵙⵜ", []string{"ⵙⵓⵙ", "ⵎⴰⵙⵙⵜ"}},
		// Latin and Arabic letters and digits are words too.
		{"Tamaziɣt ⵜⴰⵎⴰⵣⵉⵖⵜ ٢٠٢٤ سوس", []string{"tamaziɣt", "ⵜⴰⵎⴰⵣⵉⵖⵜ", "2024", "سوس"}},
		{"Associations", []string{"associations"}},
		{"", nil},
	},
}

func TestLanguageTerms(t *testing.T) {
	for lang, cases := range langCases {
		r, err := RulesFor(lang)
		if err != nil {
			t.Fatal(err)
		}
		for _, tt := range cases {
			if got := r.Terms(tt.in); !slices.Equal(got, tt.want) {
				t.Errorf("%s: Terms(%q) = %q, want %q", lang, tt.in, got, tt.want)
			}
		}
	}
	if r, err := RulesFor("ar"); err != nil || r != &DefaultRules {
		t.Errorf("RulesFor(ar) = %p, %v: want DefaultRules", r, err)
	}
	if _, err := RulesFor("en"); err == nil {
		t.Error("RulesFor(en): no error")
	}
}

// The Arabic index is what it was before the languages: the French and
// Amazigh rules change nothing for Arabic pages.
func TestArabicUnchanged(t *testing.T) {
	for _, tt := range analyzeCases {
		if got := DefaultRules.Terms(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("Terms(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if DefaultRules.Elision != "" || len(DefaultRules.MoreSuffixes) > 0 || !DefaultRules.compiled().arabic {
		t.Error("the Arabic rules no longer fold as arabic.Fold alone")
	}
}

// The word being typed is matched by the beginning of terms: the forms a
// real word takes letter by letter.
func TestQueryPrefixes(t *testing.T) {
	cases := []struct {
		lang, in string
		terms    []string
		prefixes []string
	}{
		{"ar", "أركا", []string{"اركا"}, []string{"اركا", "ارك"}},
		{"ar", "الطال", []string{"طال"}, []string{"الطال", "طال"}},
		{"ar", "المؤسسا", []string{"موسسا"}, []string{"الموسسا", "الموسس", "موسسا", "موسس"}},
		{"ar", "دار الطالبة", []string{"دار", "طالب"}, []string{"الطالبه", "الطالب", "طالبه", "طالب"}},
		{"ar", "دار ", []string{"دار"}, nil},   // the last word is finished
		{"ar", "دار، ", []string{"دار"}, nil},  // so it is after punctuation
		{"ar", "دار في", []string{"دار"}, nil}, // a stop word is not expanded
		{"ar", "م", []string{"م"}, nil},        // too short
		{"ar", "مَ", []string{"م"}, nil},       // too short, with its mark
		{"ar", "مد", []string{"مد"}, []string{"مد"}},
		{"fr", "associa", []string{"associa"}, []string{"associa", "associ"}},
		{"fr", "l'éco", []string{"eco"}, []string{"eco"}},
		{"fr", "l'", nil, nil},
		{"zgh", "ⵜⴰⵎⵏ", []string{"ⵜⴰⵎⵏ"}, []string{"ⵜⴰⵎⵏ"}},
	}
	for _, c := range cases {
		r, _ := RulesFor(c.lang)
		q := r.Query(c.in)
		if !slices.Equal(q.Terms, c.terms) || !slices.Equal(q.Prefixes, c.prefixes) {
			t.Errorf("%s: Query(%q) = %q %q, want %q %q", c.lang, c.in, q.Terms, q.Prefixes, c.terms, c.prefixes)
		}
		if (q.Last != "") != (len(q.Prefixes) > 0) || q.Last != "" && !slices.Contains(q.Terms, q.Last) {
			t.Errorf("%s: Query(%q): last %q", c.lang, c.in, q.Last)
		}
	}
	// Typing a word letter by letter: once it has five letters, each
	// state's prefixes reach the whole word's term, or its term is that of
	// the whole word.
	for _, word := range []string{"أركانة", "الطالبة", "المؤسسات", "بالجهة", "تارودانت", "الأشخاص"} {
		want := DefaultRules.Terms(word)[0]
		runes := []rune(word)
		for i := 5; i <= len(runes); i++ {
			q := DefaultRules.Query(string(runes[:i]))
			ok := q.Last == want
			for _, p := range q.Prefixes {
				ok = ok || strings.HasPrefix(want, p)
			}
			if !ok {
				t.Errorf("typing %q: %q (%q) does not reach %q", string(runes[:i]), q.Prefixes, q.Last, want)
			}
		}
	}
}
