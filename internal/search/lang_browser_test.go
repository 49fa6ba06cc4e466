package search

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/chromedp/chromedp"

	"github.com/jihat/jihat/internal/browsertest"
)

// typing returns every state of texts typed rune by rune.
func typing(texts ...string) []string {
	var out []string
	for _, s := range texts {
		r := []rune(s)
		for i := 1; i <= len(r); i++ {
			out = append(out, string(r[:i]))
		}
	}
	return out
}

// For each language, the browser analyses text and queries as Go does:
// fold, stems, terms, and the query of each state of real text typed
// letter by letter (its terms, prefixes and last word); then every code
// point between letters, through the language's fold.
func TestAnalyzeJSMatchesGoPerLanguage(t *testing.T) {
	ctx := browsertest.Chromium(t)
	page := "<!doctype html><meta charset=utf-8><title>analyze</title><script>" + string(AnalyzeJS) + "</script>"
	if err := chromedp.Run(ctx, chromedp.Navigate("data:text/html;base64,"+base64.StdEncoding.EncodeToString([]byte(page)))); err != nil {
		t.Fatal(err)
	}
	real := map[string][]string{
		"ar": {
			"افتتاح دار الطالبة بأركانة، لفائدة المستفيدات من المؤسسات الاجتماعية بجهة سوس ماسة",
			"تم تدشين مركز لحماية الطفولة في إنزكان آيت ملول ٢٠٢٤",
		},
		"fr": {
			"L'Entraide nationale inaugure à Tiznit un centre pour les personnes en situation de handicap",
			"Les associations régionales d'aujourd'hui, qu'elles soient nouvelles ou anciennes : œuvres sociales, Fès-Meknès",
		},
		"zgh": {
			"ⵜⴰⵎⵏⴰⴹⵜ ⵏ ⵙⵓⵙ-ⵎⴰⵙⵙⵜ ⴷ ⵜⴰⵎⵏⴰⴹⵜ ⵏ ⵍⵄⵢⵓⵏ ⵜⴰⵔⴳⴰ ⵜⴰⵣⴳⴳⵯⴰⵖⵜ",
			"ⵜⴰⵎⵏⴰⴹⵜ ⵏ ⴷⵔⴰ ⵜⴰⴼⵉⵍⴰⵍⵜ 2024 ⵜⴰⵣⴳⴳ\u2d7fⵯⴰⵖⵜ ⵜⴰⵎⴰ\u200dⵣⵉⵖⵜ ⵙⵓⵙ\u200cⵎⴰⵙⵙⵜ",
		},
	}
	for _, lang := range []string{"ar", "fr", "zgh"} {
		t.Run(lang, func(t *testing.T) {
			r, err := RulesFor(lang)
			if err != nil {
				t.Fatal(err)
			}
			inputs := typing(real[lang]...)
			for _, c := range langCases[lang] {
				inputs = append(inputs, c.in)
			}
			if lang == "ar" {
				for _, c := range analyzeCases {
					inputs = append(inputs, typing(c.in)...)
				}
			}
			inputs = append(inputs, browserExtras...)
			inputs = append(inputs, randomTexts(1000)...)
			inputs = append(inputs, "l'", "L’École d'été", "qu’", "quoiqu'il", "d'l'x", "(l'an)", "\u2d30\u2d7f", "\u2d6f")
			compareInBrowser(t, ctx, r, inputs)
			if lang != "ar" { // TestAnalyzeJSMatchesGo does it for Arabic
				// alone, between Tifinagh and Latin, after an elision
				compareCodePoints(t, ctx, r, [][2]string{{"", ""}, {"\u2d5c", "E"}, {"l", "'\u00e9"}},
					unicode.Arabic, unicode.Latin, unicode.Tifinagh, unicode.Common, unicode.Inherited)
			}
		})
	}
}

func compareInBrowser(t *testing.T, ctx context.Context, r *Rules, inputs []string) {
	t.Helper()
	rules, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	in, _ := json.Marshal(inputs)
	var got []struct {
		Fold  string
		Terms []string
		Stems []string
		Query struct {
			Terms    []string
			Prefixes []string
			Last     string
		}
	}
	js := fmt.Sprintf(`(function (R, inputs) {
		return inputs.map(function (s) {
			var f = JihatAnalyze.fold(s, R), q = JihatAnalyze.query(s, R);
			return { Fold: f, Terms: JihatAnalyze.terms(s, R), Stems: f ? f.split(" ").map(function (w) { return JihatAnalyze.stem(w, R); }) : [],
				Query: { Terms: q.terms, Prefixes: q.prefixes, Last: q.last } };
		});
	})(%s, %s)`, rules, in)
	if err := chromedp.Run(ctx, chromedp.Evaluate(js, &got)); err != nil {
		t.Fatal(err)
	}
	if len(got) != len(inputs) {
		t.Fatalf("%d results for %d inputs", len(got), len(inputs))
	}
	for i, s := range inputs {
		if want := r.Fold(s); got[i].Fold != want {
			t.Errorf("JS fold(%q) = %q, Go %q", s, got[i].Fold, want)
		}
		if want := r.Terms(s); !slices.Equal(got[i].Terms, want) {
			t.Errorf("JS terms(%q) = %q, Go %q", s, got[i].Terms, want)
		}
		var stems []string
		if f := r.Fold(s); f != "" {
			for _, w := range strings.Split(f, " ") {
				stems = append(stems, r.Stem(w))
			}
		}
		if !slices.Equal(got[i].Stems, stems) {
			t.Errorf("JS stem of the words of %q = %q, Go %q", s, got[i].Stems, stems)
		}
		q := r.Query(s)
		if g := got[i].Query; !slices.Equal(g.Terms, q.Terms) || !slices.Equal(g.Prefixes, q.Prefixes) || g.Last != q.Last {
			t.Errorf("JS query(%q) = %q %q %q, Go %q %q %q", s, g.Terms, g.Prefixes, g.Last, q.Terms, q.Prefixes, q.Last)
		}
		if t.Failed() && i > 0 && i%50 == 0 {
			return
		}
	}
	t.Logf("%s: %d inputs: JavaScript and Go agree on fold, stem, terms and query", r.Lang, len(inputs))
}

// compareCodePoints folds every assigned code point of the BMP and SMP
// (and the compatibility ideographs) in each context (before, after), in
// the browser and in Go. Go's tables are Unicode 15.0 and the browser's
// ICU is often newer, so a character that changed category since (U+1171E
// Ahom medial ra: Mn, then Mc in 16.0) may fold differently: that is
// tolerated outside the strict scripts, those of the site's text.
func compareCodePoints(t *testing.T, ctx context.Context, r *Rules, contexts [][2]string, strict ...*unicode.RangeTable) {
	t.Helper()
	rules, _ := json.Marshal(r)
	var cps []rune
	for c := rune(0); c <= 0x2FFFF; c++ {
		if (c < 0x20000 || c >= 0x2F800) && assigned(c) && !unicode.Is(unicode.Cs, c) {
			cps = append(cps, c)
		}
	}
	cpJSON, _ := json.Marshal(cps)
	ctxJSON, _ := json.Marshal(contexts)
	var folds []string
	js := fmt.Sprintf(`(function (R, cps, contexts) {
		var out = [];
		cps.forEach(function (c) {
			c = String.fromCodePoint(c);
			contexts.forEach(function (x) { out.push(JihatAnalyze.fold(x[0] + c + x[1], R)); });
		});
		return out;
	})(%s, %s, %s)`, rules, cpJSON, ctxJSON)
	if err := chromedp.Run(ctx, chromedp.Evaluate(js, &folds)); err != nil {
		t.Fatal(err)
	}
	if len(folds) != len(contexts)*len(cps) {
		t.Fatalf("%d folds for %d code points", len(folds), len(cps))
	}
	differ := 0
	for i, c := range cps {
		for j, x := range contexts {
			in := x[0] + string(c) + x[1]
			if want := r.Fold(in); folds[len(contexts)*i+j] != want {
				differ++
				msg := fmt.Sprintf("%U in %q: JS %q, Go %q", c, in, folds[len(contexts)*i+j], want)
				if unicode.In(c, strict...) {
					t.Error(msg)
				} else {
					t.Log(msg, "(a Unicode version difference, outside the site's scripts)")
				}
			}
		}
	}
	t.Logf("%s: %d code points, in %d contexts each: %d differ", r.Lang, len(cps), len(contexts), differ)
}
