package chart

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Text widths cannot be measured at build time: the page's font is the
// reader's (Noto Naskh Arabic, Segoe UI, Geeza Pro, Tahoma…). Widths are
// estimated per character, in em, from what Chromium measured in Noto Naskh
// Arabic, Noto Sans Arabic, DejaVu Sans and Liberation Sans/Serif (see
// TestEstimate): an Arabic letter is 0.36–0.53 em there, joined letters being
// narrow, so 0.5 em over-estimates the text by 10–30% in the Noto fonts and
// about matches DejaVu (the fallback of a bare Linux), which is also the
// widest for Latin. Too wide an estimate costs some bar length; too narrow
// a one would let a label run into its bar (TestChartsInChromium checks it
// does not, in the fonts installed).
const (
	emArabic      = 0.50 // letters of the Arabic script
	emArabicDigit = 0.55 // ٠–٩ and ۰–۹
	emDigit       = 0.60 // 0–9
	emUpper       = 0.70 // A–Z and other capitals
	emNarrow      = 0.35 // . , : ; ' ! | ( ) [ ] i j l f t and the like
	emSymbol      = 0.85 // < > = + ~ & % # @, wide in DejaVu Sans
	emSpace       = 0.30 // a space (runs of white space are one)
	emWide        = 1.00 // Han, kana, Hangul, emoji and other wide symbols
	emLatinWide   = 0.85 // m and w
	emOther       = 0.60 // lower-case Latin and everything else
	emEllipsis    = 1.00 // "…", which some fonts draw a whole em wide
)

// ellipsis ends a label cut to fit its column.
const ellipsis = "…"

// runeWidth is the estimated width of r in em. Combining marks (Arabic
// harakat among them) and format characters (joiners, bidi controls) take
// no room.
func runeWidth(r rune) float64 {
	switch {
	case r >= '0' && r <= '9':
		return emDigit
	case r >= 'a' && r <= 'z':
		switch r {
		case 'i', 'j', 'l', 'f', 't':
			return emNarrow
		case 'm', 'w':
			return emLatinWide
		}
		return emOther
	case r < 0x80:
		switch {
		case r == ' ':
			return emSpace
		case r >= 'A' && r <= 'Z':
			return emUpper
		case strings.ContainsRune(".,:;'!|()[]`\"", r):
			return emNarrow
		case strings.ContainsRune("<>=+~&%#@", r):
			return emSymbol
		}
		return emOther
	case r >= 0x660 && r <= 0x669, r >= 0x6F0 && r <= 0x6F9:
		return emArabicDigit
	case r == 0x2026:
		return emEllipsis
	case unicode.In(r, unicode.Mn, unicode.Me, unicode.Cf):
		return 0
	case unicode.Is(unicode.Arabic, r):
		return emArabic
	case unicode.IsSpace(r):
		return emSpace
	case unicode.IsUpper(r):
		return emUpper
	case unicode.In(r, unicode.Han, unicode.Hangul, unicode.Hiragana, unicode.Katakana), r >= 0x1F000:
		return emWide
	}
	return emOther
}

// width is the estimated width of s in em.
func width(s string) float64 {
	w := 0.0
	for _, r := range s {
		w += runeWidth(r)
	}
	return w
}

// fit returns s if it is at most max em wide, or else its longest beginning
// that fits with an ellipsis after it, spaces and format characters at its
// end dropped. The ellipsis, a neutral, would take the direction of the
// chart (rtl true for right to left) and stand apart from a cut word
// written the other way, on its far side: a mark of the word's direction
// (LRM or RLM) after it keeps it at the word's end.
func fit(s string, max float64, rtl bool) string {
	if width(s) <= max {
		return s
	}
	room := max - emEllipsis
	end := 0
	for i, r := range s {
		room -= runeWidth(r)
		if room < 0 {
			break
		}
		end = i + utf8.RuneLen(r)
	}
	head := strings.TrimRightFunc(s[:end], func(r rune) bool {
		return unicode.IsSpace(r) || unicode.Is(unicode.Cf, r)
	})
	switch strong(head) {
	case 'L':
		if rtl {
			return head + ellipsis + "\u200e"
		}
	case 'R':
		if !rtl {
			return head + ellipsis + "\u200f"
		}
	}
	return head + ellipsis
}

// strong returns the direction of the last letter of s: 'R' for the
// right-to-left scripts, 'L' for the others, 0 for none.
func strong(s string) byte {
	for s != "" {
		r, size := utf8.DecodeLastRuneInString(s)
		s = s[:len(s)-size]
		switch {
		case unicode.In(r, unicode.Arabic, unicode.Hebrew, unicode.Syriac, unicode.Thaana, unicode.Nko):
			if unicode.IsLetter(r) {
				return 'R'
			}
		case unicode.IsLetter(r):
			return 'L'
		}
	}
	return 0
}
