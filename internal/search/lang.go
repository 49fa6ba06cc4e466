package search

import "fmt"

// RulesFor returns the analysis rules of a page language: "ar" (Arabic,
// DefaultRules), "fr" (French) or "zgh" (Standard Moroccan Amazigh, in
// Tifinagh). Each language's search page has its own index, built with a
// Builder of its rules; the rules travel in the index, so the browser
// analyses queries as the index was analysed.
func RulesFor(lang string) (*Rules, error) {
	switch lang {
	case "ar":
		return &DefaultRules, nil
	case "fr":
		return &FrenchRules, nil
	case "zgh":
		return &AmazighRules, nil
	}
	return nil, fmt.Errorf("search: no analysis rules for the language %q (ar, fr, zgh)", lang)
}

// FrenchRules analyse French: the fold of Arabic pages (lower case,
// accents and ligatures folded: é → e, œ → oe, ç → c, ß → ss; apostrophes
// removed) after elision (l' d' j' m' n' s' t' c' qu' jusqu' lorsqu'
// puisqu' quoiqu' before a word are dropped: l'école → école, but
// aujourd'hui → aujourdhui); a short stop list of articles, prepositions,
// pronouns and auxiliaries; and a light stemmer in three passes, each
// removing at most one ending, and never leaving fewer than 3 letters
// (2 before -ux):
//
//  1. the plural: -eaux → -eau, -aux → -al (régionaux → régional),
//     -ux → -u (jeux → jeu), -s unless after s (associations);
//  2. a final -ee or -e, which also takes the folded -é and -ée
//     (associée, associé, associés → associ; sociale, social → social);
//  3. a doubled final l, n, t or m (nouvelle, nouvel → nouvel;
//     ancienne → ancien; femme → fem).
//
// It never looks a word up: it makes the masculine, feminine, singular and
// plural of a word meet (régional régionale régionaux régionales), not
// the words of one family (nation, national, nationalité stay apart);
// verb endings (-er, -ait, -ent) are left alone.
var FrenchRules = newFrenchRules()

func newFrenchRules() Rules {
	ar := newDefaultRules()
	r := Rules{
		Lang: "fr",
		// Group 1: the start of the text or one code point that is not a
		// letter or a digit; then an elided word in either case, then an
		// apostrophe of the fold's class.
		Elision: "(^|[^\\p{L}\\p{Nd}])(?:[lLdDjJmMnNsStTcC]|[qQ][uU]|[jJ][uU][sS][qQ][uU]|[lL][oO][rR][sS][qQ][uU]|[pP][uU][iI][sS][qQ][uU]|[qQ][uU][oO][iI][qQ][uU])" + ar.Apostrophes,
		// The fold of Arabic pages, which folds French as French needs.
		Apostrophes: ar.Apostrophes,
		Space:       ar.Space,
		Drop:        ar.Drop,
		Map:         ar.Map,
		Sep:         ar.Sep,
		MinStem:     3,
		Stop: []string{
			"le", "la", "les", "un", "une", "des", "du", "de", "d", "l",
			"au", "aux", "a", "et", "ou", "en", "dans", "par", "pour", "sur",
			"avec", "sans", "sous", "entre", "vers", "chez", "que", "qui",
			"quoi", "dont", "ce", "cet", "cette", "ces", "se", "sa", "son",
			"ses", "leur", "leurs", "il", "ils", "elle", "elles", "on",
			"nous", "vous", "ne", "pas", "plus", "est", "sont", "ont", "y",
		},
		Suffixes: []Affix{
			{S: "eaux", Min: 2, Add: "eau"},
			{S: "aux", Add: "al"},
			{S: "ux", Min: 2, Add: "u"},
			{S: "s", NotAfter: "s"},
		},
		MoreSuffixes: [][]Affix{
			{{S: "ee"}, {S: "e"}},
			{{S: "ll", Min: 2, Add: "l"}, {S: "nn", Min: 2, Add: "n"}, {S: "tt", Min: 2, Add: "t"}, {S: "mm", Min: 2, Add: "m"}},
		},
	}
	return r
}

// AmazighRules analyse Standard Moroccan Amazigh in Tifinagh: the letters
// as they are. A word is a run of letters (Tifinagh U+2D30–U+2D6F, with
// the labialisation mark ⵯ, but also Latin and Arabic letters and digits:
// names and figures in other scripts stay searchable), folded as on
// Arabic pages (Latin lower-cased without accents, digits as ASCII; the
// labialisation mark ⵯ becomes ⵡ, its compatibility decomposition, so
// ⴳⵯ and ⴳⵡ meet) but
// for the joiners: the Tifinagh consonant joiner U+2D7F and ZWJ are
// deleted, so the consonants they join stay one word (ZWSP and ZWNJ
// still separate words). No stop words, no stemming.
var AmazighRules = newAmazighRules()

func newAmazighRules() Rules {
	ar := newDefaultRules()
	return Rules{
		Lang:        "zgh",
		Apostrophes: ar.Apostrophes,
		// ZWJ (U+200D) is not a space here: Drop (\p{Cf}) deletes it, as
		// it deletes U+2D7F (\p{Mn}).
		Space:   "[\u200B\u200C]",
		Drop:    ar.Drop,
		Map:     ar.Map,
		Sep:     ar.Sep,
		MinStem: 3,
		Stop:    []string{},
	}
}
