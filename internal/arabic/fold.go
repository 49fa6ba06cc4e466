package arabic

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Fold returns the matching key of s: the one normalisation used to compare
// editor input with the gazetteer, and for the search index and its queries.
//
//   - Compatibility decomposition (NFKD, which subsumes NFC for matching),
//     so Arabic presentation forms (ﻷ, ﺟ), ligatures and full-width letters
//     match their base letters; the result is returned in NFC.
//   - Tashkeel/harakat, Quranic marks (U+06D6–U+06ED), tatweel and every other
//     combining mark are removed. As NFKD splits أ إ آ ؤ ئ into a base letter
//     and a hamza/madda mark, this folds them to ا ا ا و ي; ء stays.
//   - ٱ → ا, ى → ي, ة → ه, and the Persian/Urdu/Kurdish look-alikes
//     ک → ك, ی → ي, ە ھ ہ → ه.
//   - Arabic-Indic and Eastern Arabic-Indic digits become ASCII digits.
//   - Letters are lower-cased; Latin is stripped of accents (é → e, ç → c, œ → oe).
//   - Apostrophes are removed (M'diq → mdiq).
//   - Bidi controls (LRM, RLM, ALM, embeddings, isolates) and other invisible
//     format characters are removed; ZWSP, ZWNJ and ZWJ count as spaces.
//   - Everything else that is not a letter or digit (spaces of any kind,
//     hyphens, dashes, underscores, punctuation, symbols) separates words;
//     words are joined by a single ASCII space, with no leading/trailing space.
//   - Invalid UTF-8 bytes are treated as a word separator (a space).
//
// Fold is idempotent and never panics.
func Fold(s string) string {
	if fast, ok := foldFast(s); ok {
		return fast
	}
	return foldSlow(s)
}

// foldSlow is Fold's definition, for any input.
func foldSlow(s string) string {
	s = strings.ToValidUTF8(s, " ")
	// Apostrophes go first: NFKD turns ´ into a space plus a mark.
	s = strings.Map(func(r rune) rune {
		if isApostrophe(r) {
			return -1
		}
		return r
	}, s)
	s = norm.NFKD.String(s)
	var b strings.Builder
	b.Grow(len(s))
	foldRunes(&b, s)
	return norm.NFC.String(b.String())
}

// foldFast handles the text articles are made of, ASCII and the Arabic
// block, without the two normalisation passes, which cost most of the
// indexing time. It gives up (ok false) on any rune whose NFKD form is not
// itself or a letter plus a mark that Fold drops; then foldSlow decides.
// The output has no combining marks, so NFC leaves it as it is.
func foldFast(s string) (string, bool) {
	for _, r := range s {
		if !fastRune(r) {
			return "", false
		}
	}
	var b strings.Builder
	b.Grow(len(s))
	foldRunes(&b, s)
	return b.String(), true
}

// fastRune reports runes that foldRunes alone folds exactly as foldSlow:
// ASCII, the Arabic block but for the few compatibility letters, and the
// punctuation and invisible characters news text is full of. Each is either
// its own NFKD form or decomposes only into separators.
func fastRune(r rune) bool {
	switch {
	case r < 0x80:
		return true
	case r >= 0x0600 && r <= 0x06FF:
		return !(r >= 0x0675 && r <= 0x0678) && r != 0x06C0 && r != 0x06C2 && r != 0x06D3
	case r == 0x00A0, r == 0x00AB, r == 0x00BB, r == 0x00B7, r == 0x00B0:
		return true
	case r >= 0x200B && r <= 0x201F, r == 0x2022, r == 0x2026,
		r >= 0x202A && r <= 0x202E, r >= 0x2066 && r <= 0x2069, r == 0xFEFF:
		return true
	}
	return false
}

// hamzaCarriers are the precomposed letters NFKD splits into a base letter
// and a hamza or madda mark (which Fold then drops).
var hamzaCarriers = map[rune]rune{
	'\u0622': 'ا', // آ
	'\u0623': 'ا', // أ
	'\u0625': 'ا', // إ
	'\u0624': 'و', // ؤ
	'\u0626': 'ي', // ئ
}

// foldRunes applies Fold's per-rune rules to decomposed text.
func foldRunes(b *strings.Builder, s string) {
	sep := false
	for _, r := range s {
		var act runeAction
		switch {
		case r < 0x80:
			act = asciiActions[r]
		case r >= 0x0600 && r <= 0x06FF:
			act = arabicActions[r-0x0600]
		default:
			act = classify(r)
		}
		switch {
		case act.drop:
			continue
		case act.word != "":
			if sep && b.Len() > 0 {
				b.WriteByte(' ')
			}
			sep = false
			b.WriteString(act.word)
		default:
			sep = true
		}
	}
}

// runeAction is what Fold does with one rune: drop it, write a word
// character (or two), or separate words.
type runeAction struct {
	drop bool
	word string
}

// The tables hold classify's answers for the runes articles are made of,
// computed from it, so they cannot disagree with it.
var asciiActions, arabicActions = func() (a [0x80]runeAction, ar [0x100]runeAction) {
	for r := range rune(0x80) {
		a[r] = classify(r)
	}
	for r := range rune(0x100) {
		ar[r] = classify(0x0600 + r)
	}
	return
}()

// classify is the per-rune rule of Fold.
func classify(r rune) runeAction {
	if isApostrophe(r) || dropInFold(r) {
		return runeAction{drop: true}
	}
	if base, ok := hamzaCarriers[r]; ok {
		r = base
	}
	// Per-rune lower-casing rather than full case folding (x/text/cases):
	// folding sends Cherokee to upper case, which is not stable across a
	// second pass.
	r = unicode.ToLower(r)
	if m, ok := foldMap[r]; ok {
		return runeAction{word: m}
	}
	if d, ok := arabicDigit(r); ok {
		r = d
	}
	if isWordRune(r) {
		return runeAction{word: string(r)}
	}
	return runeAction{}
}

// foldMap holds the letter equivalences that Unicode decomposition does not
// provide. Keys are lower case.
var foldMap = map[rune]string{
	'\u0671': "ا", // ٱ alef wasla
	'\u0672': "ا", // ٲ alef with wavy hamza above
	'\u0673': "ا", // ٳ alef with wavy hamza below
	'\u0649': "ي", // ى alef maqsura
	'\u0629': "ه", // ة ta marbuta
	'\u06A9': "ك", // ک keheh (Persian kaf)
	'\u06CC': "ي", // ی Farsi yeh
	'\u06D5': "ه", // ە ae (Kurdish)
	'\u06BE': "ه", // ھ heh doachashmee
	'\u06C1': "ه", // ہ heh goal
	'œ':      "oe",
	'æ':      "ae",
	'ø':      "o",
	'đ':      "d",
	'ð':      "d",
	'ł':      "l",
	'ı':      "i",
	'ħ':      "h",
	'þ':      "th",
	'ß':      "ss",
}

// dropInFold reports runes that Fold removes without separating words.
func dropInFold(r rune) bool {
	switch {
	case isArabicMark(r), r == tatweel, isApostrophe(r): // apostrophes may come out of NFKD
		return true
	case r == '\u200B', r == '\u200C', r == '\u200D':
		return false // zero-width space/non-joiner/joiner separate words
	case unicode.Is(unicode.Mn, r), unicode.Is(unicode.Me, r):
		return true
	case unicode.Is(unicode.Cf, r): // bidi controls, BOM, soft hyphen, word joiner…
		return true
	}
	return false
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.Is(unicode.Nd, r) ||
		unicode.Is(unicode.Nl, r) || unicode.Is(unicode.Mc, r)
}

const tatweel = '\u0640'

// isArabicMark reports tashkeel/harakat, superscript alef and the Quranic
// annotation marks, including the few in U+06D6–U+06ED that are not
// combining marks (e.g. U+06DD end of ayah, U+06E5 small waw).
func isArabicMark(r rune) bool {
	return (r >= '\u064B' && r <= '\u065F') || r == '\u0670' ||
		(r >= '\u06D6' && r <= '\u06ED')
}

func isBidiControl(r rune) bool {
	switch {
	case r == '\u061C', r == '\u200E', r == '\u200F':
		return true
	case r >= '\u202A' && r <= '\u202E', r >= '\u2066' && r <= '\u2069':
		return true
	}
	return false
}

func isApostrophe(r rune) bool {
	switch r {
	case '\'', '\u2018', '\u2019', '\u201B', '\u02BC', '\u02BB', '\u02B9',
		'`', '\u00B4', '\u2032', '\uFF07':
		return true
	}
	return false
}

// arabicDigit maps Arabic-Indic (٠–٩) and Eastern Arabic-Indic (۰–۹) digits
// to ASCII.
func arabicDigit(r rune) (rune, bool) {
	switch {
	case r >= '\u0660' && r <= '\u0669':
		return '0' + r - '\u0660', true
	case r >= '\u06F0' && r <= '\u06F9':
		return '0' + r - '\u06F0', true
	}
	return r, false
}
