package search

import (
	"encoding/base64"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode"

	"github.com/chromedp/chromedp"

	"github.com/jihat/jihat/internal/browsertest"
)

// browserExtras are inputs where JavaScript's string functions could part
// from Go's: compatibility forms, look-alikes, invisible characters, case.
var browserExtras = []string{
	"ﻷ ﻻ ﷲ ﺟﻬﺔ ﻣﺆﺳﺴﺔ",                            // presentation forms (PDF copy-paste)
	"کلیه یک ی ک",                                // Persian keheh and yeh
	"خانە ھ ہ",                                   // Kurdish/Urdu heh
	"سوس\u00a0ماسة",                              // NBSP
	"سوس\u200cماسة",                              // ZWNJ
	"سوس\u200dماسة",                              // ZWJ
	"سوس\u200bماسة",                              // ZWSP
	"\u200fالجهة\u200e",                          // RLM, LRM
	"\u202bمؤسسة\u202c",                          // embedding
	"\u2067Rabat\u2069",                          // isolate
	"\ufeffالرباط\u00ad",                         // BOM, soft hyphen
	"الطالبـــــة",                               // long tatweel
	"ذَٰلِكَ الْكِتَابُ ۚ",                       // superscript alef, Quranic mark
	"ٱلرحمن مصطفى",                               // alef wasla, alef maqsura
	"Tétouan Fès Laâyoune Français Œuvre Straße", // French accents, ligatures
	"ÉCOLE ÉTÉ CŒUR Ærø",
	"ΟΔΟΣ Σ",                       // Greek capital sigma: no final sigma
	"İstanbul DŽ ǅ ﬁ ﬀ",            // special casing, digraphs, ligatures
	"ＦＥＳ ２０２４ Ｍ’ｄｉｑ",               // full width
	"M'diq M’diq M`diq Mʼdiq",      // apostrophes
	"ŉ ´ ′",                        // apostrophes out of NFKD
	"١٢٣ ۴۵۶ ٧٫٥ ½ ² ①",            // digits and numbers
	"e\u0301 a\u030a \u1100\u1161", // decomposed letters, jamo
	"한국어 ஜொ \u0b95\u0bc6\u0bbe",    // Hangul, Tamil spacing marks
	"ω Ω \u2126 K \u212a Å",        // ohm and kelvin signs
	"dar_taliba, (CEF); «المركز»: مركز-الجهة…",
	"a\tb\nc\r\nd",
	"constructor __proto__ toString hasOwnProperty", // object keys in JS
	"مراكز\U0001F600مؤسسة 🇲🇦 x\U0001D400y",          // emoji, mathematical bold
}

// The analyzer in the browser gives the terms Go gives, for every case.
func TestAnalyzeJSMatchesGo(t *testing.T) {
	ctx := browsertest.Chromium(t)
	page := "<!doctype html><meta charset=utf-8><title>analyze</title><script>" + string(AnalyzeJS) + "</script>"
	if err := chromedp.Run(ctx, chromedp.Navigate("data:text/html;base64,"+base64.StdEncoding.EncodeToString([]byte(page)))); err != nil {
		t.Fatal(err)
	}
	var loaded string
	if err := chromedp.Run(ctx, chromedp.Evaluate(`typeof JihatAnalyze.terms + typeof JihatAnalyze.fold + typeof JihatAnalyze.stem`, &loaded)); err != nil || loaded != "functionfunctionfunction" {
		t.Fatalf("analyze.js did not define JihatAnalyze: %q %v", loaded, err)
	}
	var inputs []string
	for _, tt := range analyzeCases {
		inputs = append(inputs, tt.in)
	}
	inputs = append(inputs, browserExtras...)
	for _, g := range meetGroups {
		inputs = append(inputs, g...)
	}
	for _, p := range apartPairs {
		inputs = append(inputs, p[0], p[1])
	}
	inputs = append(inputs, randomTexts(3000)...)
	compareInBrowser(t, ctx, &DefaultRules, inputs) // with the rules as the index carries them

	// Every assigned code point, alone, between Arabic and Latin letters,
	// and between a capital and ة: the JavaScript fold equals Go's wherever
	// both know the character.
	compareCodePoints(t, ctx, &DefaultRules, [][2]string{{"", ""}, {"ب", "E"}, {"E", "ة"}},
		unicode.Arabic, unicode.Latin, unicode.Common, unicode.Inherited)
}

// assigned reports whether Go's Unicode tables know c.
func assigned(c rune) bool {
	return !unicode.Is(unicode.Categories["Cn"], c)
}

// randomTexts strings together affixes, letters, marks and oddities, so
// that the browser also meets words no one wrote into a table.
func randomTexts(n int) []string {
	pieces := []string{
		"ال", "و", "ب", "ل", "ك", "ف", "لل", "وال", "بال", "ولل", "وبال",
		"ات", "ين", "ون", "ها", "يه", "ية", "ة", "ه", "ي", "ى", "يات", "يين",
		"م", "ت", "ن", "ا", "أ", "إ", "آ", "ؤ", "ئ", "ء", "ج", "د", "ر", "س", "ع", "ق",
		"َ", "ّ", "ٰ", "ـ", "‌", "‏", " ", " ", "-", "'", "’",
		"s", "ss", "S", "é", "Œ", "ß", "İ", "Σ", "١", "۲", "7", "ﻷ", "ی", "ک", "́",
	}
	rng := rand.New(rand.NewPCG(2024, 11))
	out := make([]string, n)
	for i := range out {
		var b strings.Builder
		for range 1 + rng.IntN(9) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		out[i] = b.String()
	}
	return out
}
