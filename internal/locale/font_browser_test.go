package locale

import (
	"context"
	"html"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/css"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/jihat/jihat/internal/browsertest"
)

// TestTifinaghFontInChromium loads the WOFF2 the way a page would, with the
// @font-face rule static/fonts/README.md gives, and checks that Chromium
// draws every Tifinagh letter of the Amazigh month and weekday names with
// it rather than with a font of the machine.
func TestTifinaghFontInChromium(t *testing.T) {
	ctx := browsertest.Chromium(t)
	font, err := os.ReadFile(fontPath)
	if err != nil {
		t.Fatal(err)
	}
	zgh, _ := Lookup("zgh")
	names := []string{zgh.Name(), zgh.Date(time.Date(2024, time.February, 7, 12, 0, 0, 0, time.UTC))}
	for m := time.January; m <= time.December; m++ {
		names = append(names, zgh.Month(m))
	}
	for d := time.Sunday; d <= time.Saturday; d++ {
		names = append(names, zgh.Weekday(d))
	}
	text := strings.Join(names, " ")
	tifinagh, others := 0, 0
	for _, r := range text {
		if unicode.Is(unicode.Tifinagh, r) {
			tifinagh++
		} else {
			others++ // spaces and the date's digits: the fallback font's
		}
	}

	// The family is not the font's own name, so that a Noto Sans Tifinagh
	// installed on the machine cannot pass for the file.
	page := `<!doctype html><html lang="zgh"><meta charset="utf-8"><title>Tifinagh</title>
<style>
@font-face{font-family:"Jihat Tifinagh";src:url(/fonts/noto-sans-tifinagh.woff2) format("woff2");unicode-range:U+200C-200D,U+2D30-2D7F;font-display:block}
p{font:32px "Jihat Tifinagh",monospace}
</style>
<p id="z">` + html.EscapeString(text) + `</p>`
	mux := http.NewServeMux()
	mux.HandleFunc("/{$}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(page))
	})
	mux.HandleFunc("/fonts/noto-sans-tifinagh.woff2", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "font/woff2")
		w.Write(font)
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()

	var loaded struct {
		Faces []string `json:"faces"` // status of the page's faces
		API   string   `json:"api"`   // a FontFace made in script
		Check bool     `json:"check"` // document.fonts.check for the text
	}
	script := `(async () => {
	const text = document.getElementById("z").textContent;
	const faces = await document.fonts.load('32px "Jihat Tifinagh"', text);
	const api = new FontFace("Jihat Tifinagh API", "url(/fonts/noto-sans-tifinagh.woff2)");
	try { await api.load(); } catch (e) {}
	return {
		faces: faces.map(f => f.status),
		api: api.status,
		check: document.fonts.check('32px "Jihat Tifinagh"', text),
	};
})()`
	var nodes []*cdp.Node
	var fonts []*css.PlatformFontUsage
	err = chromedp.Run(ctx,
		chromedp.Navigate(srv.URL+"/"),
		chromedp.Evaluate(script, &loaded, func(p *runtime.EvaluateParams) *runtime.EvaluateParams {
			return p.WithAwaitPromise(true)
		}),
		chromedp.Nodes("#z", &nodes, chromedp.ByQuery),
		chromedp.ActionFunc(func(ctx context.Context) error {
			if err := css.Enable().Do(ctx); err != nil {
				return err
			}
			var err error
			fonts, err = css.GetPlatformFontsForNode(nodes[0].NodeID).Do(ctx)
			return err
		}),
	)
	if err != nil {
		t.Fatal(err)
	}
	if len(loaded.Faces) != 1 || loaded.Faces[0] != "loaded" || loaded.API != "loaded" || !loaded.Check {
		t.Errorf("the font did not load: faces %q, FontFace %q, document.fonts.check %v", loaded.Faces, loaded.API, loaded.Check)
	}
	var fromFile, fromMachine float64
	for _, f := range fonts {
		t.Logf("%s (%s), web font %v: %v glyphs", f.FamilyName, f.PostScriptName, f.IsCustomFont, f.GlyphCount)
		if f.IsCustomFont && f.FamilyName == "Noto Sans Tifinagh" {
			fromFile += f.GlyphCount
		} else {
			fromMachine += f.GlyphCount
		}
	}
	// A letter the subset lacked would fall back to a machine font.
	if fromFile == 0 || fromMachine > float64(others) {
		t.Errorf("%d Tifinagh letters drawn with %v glyphs of the WOFF2 and %v of the machine's fonts, which should draw only the %d spaces and digits",
			tifinagh, fromFile, fromMachine, others)
	}
}
