package chart

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/jihat/jihat/internal/browsertest"
)

// themeCSS is the stylesheet the package comment suggests to the theme,
// with the theme's colours.
const themeCSS = `:root{--ink:#1b1f24;--muted:#4a5260;--accent:#0b5a7a;--focus:#b3261e;
font-family:"Noto Naskh Arabic","Noto Sans Arabic","Segoe UI","Geeza Pro","Arabic Typesetting",Tahoma,Arial,sans-serif}
:focus-visible{outline:3px solid var(--focus);outline-offset:2px}
.chart{display:block;inline-size:100%;max-inline-size:25rem;block-size:auto;overflow:visible;margin-block:1rem}
.chart-bar{fill:var(--accent)}
.chart-label{fill:var(--ink)}
.chart-value{fill:var(--muted)}
.chart a:hover .chart-bar,.chart a:focus-visible .chart-bar{fill:var(--ink)}
`

// The charts in real Chromium, on a right-to-left page under a strict
// Content-Security-Policy: every label ends at the start edge and clear of
// the bars, every value just past its bar and inside the drawing, linked
// rows are reached with Tab and named "label: value", and nothing the CSP
// forbids is used.
func TestChartsInChromium(t *testing.T) {
	ctx := browsertest.Chromium(t)
	var body strings.Builder
	for _, g := range goldens {
		out, err := Bars(g.bars, g.opts)
		if err != nil {
			t.Fatal(err)
		}
		if g.opts.LTR {
			body.WriteString(`<div lang="fr" dir="ltr">` + string(out) + `</div>`)
		} else {
			body.Write(out)
		}
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'self'")
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(`<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>charts</title>` +
			`<link rel="stylesheet" href="/chart.css"></head><body><main>` + body.String() + `</main></body></html>`))
	})
	mux.HandleFunc("/chart.css", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/css")
		w.Write([]byte(themeCSS))
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()

	type box struct{ X, W float64 }
	type rowGeo struct {
		LabelX, ValueX float64 // the x attributes
		Label, Value   box     // what Chromium drew
		Bar            *box
	}
	type chartGeo struct {
		ID    string
		W     float64
		RTL   bool
		Rows  []rowGeo
		Style int // elements with a style attribute
	}
	var got struct {
		Charts     []chartGeo
		Violations []string
		Focused    []string
	}
	err := chromedp.Run(ctx,
		chromedp.EmulateViewport(360, 740),
		chromedp.ActionFunc(func(ctx context.Context) error {
			_, err := page.AddScriptToEvaluateOnNewDocument(`window.violations = [];
				document.addEventListener('securitypolicyviolation', e => violations.push(e.violatedDirective + ' ' + e.blockedURI));`).Do(ctx)
			return err
		}),
		chromedp.Navigate(srv.URL+"/"),
		chromedp.WaitReady("main"),
		chromedp.KeyEvent(kb.Tab),
		chromedp.KeyEvent(kb.Tab),
		chromedp.Evaluate(`(() => {
			const bb = e => { const b = e.getBBox(); return {X: b.x, W: b.width}; };
			return {
				Charts: [...document.querySelectorAll('svg.chart')].map(svg => ({
					ID: svg.getAttribute('aria-labelledby'),
					W: svg.viewBox.baseVal.width,
					RTL: getComputedStyle(svg).direction === 'rtl',
					Style: svg.querySelectorAll('[style]').length,
					Rows: [...svg.querySelectorAll('.chart-row')].map(r => {
						const l = r.querySelector('.chart-label'), v = r.querySelector('.chart-value'), b = r.querySelector('.chart-bar');
						return {LabelX: l.x.baseVal[0].value, ValueX: v.x.baseVal[0].value, Label: bb(l), Value: bb(v), Bar: b && bb(b)};
					}),
				})),
				Violations: window.violations,
				Focused: [document.activeElement.getAttribute('href')],
			};
		})()`, &got),
	)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Violations) > 0 {
		t.Errorf("CSP violations: %q", got.Violations)
	}
	if want := goldens[3].bars[1].URL; len(got.Focused) != 1 || got.Focused[0] != want {
		t.Errorf("after two Tabs %q has focus, want the linked chart's second row, %q", got.Focused, want)
	}
	if len(got.Charts) != len(goldens) {
		t.Fatalf("%d charts on the page, want %d", len(got.Charts), len(goldens))
	}
	const tolerance = 1.0 // units: a text's box holds its glyphs' side bearings
	for i, c := range got.Charts {
		g := goldens[i]
		if c.RTL != !g.opts.LTR || c.Style > 0 {
			t.Errorf("%s: direction rtl=%v, %d style attributes", g.name, c.RTL, c.Style)
		}
		edge := -1.0 // where the bars start
		for _, r := range c.Rows {
			if r.Bar != nil {
				edge = r.Bar.X
				if c.RTL {
					edge += r.Bar.W
				}
			}
		}
		for j, r := range c.Rows {
			labelStart, valueStart := r.Label.X, r.Value.X
			if c.RTL {
				labelStart, valueStart = r.Label.X+r.Label.W, r.Value.X+r.Value.W
			}
			if abs(labelStart-r.LabelX) > tolerance || abs(valueStart-r.ValueX) > tolerance {
				t.Errorf("%s row %d: label starts at %.1f (x=%g), value at %.1f (x=%g): text is not anchored at its start",
					g.name, j, labelStart, r.LabelX, valueStart, r.ValueX)
			}
			if edge >= 0 && (c.RTL && r.Label.X < edge || !c.RTL && r.Label.X+r.Label.W > edge) {
				t.Errorf("%s row %d: label %+v runs into the bars at %.1f", g.name, j, r.Label, edge)
			}
			if r.Value.X < -tolerance || r.Value.X+r.Value.W > c.W+tolerance {
				t.Errorf("%s row %d: value %+v outside the drawing 0–%g", g.name, j, r.Value, c.W)
			}
		}
	}

	// Linked rows are links named by their title. The tree is read raw:
	// cdproto's types lag behind the property names Chromium reports.
	var tree struct {
		Nodes []struct {
			Role *struct {
				Value any `json:"value"`
			} `json:"role"`
			Name *struct {
				Value any `json:"value"`
			} `json:"name"`
		} `json:"nodes"`
	}
	err = chromedp.Run(ctx, chromedp.ActionFunc(func(ctx context.Context) error {
		return cdp.Execute(ctx, "Accessibility.getFullAXTree", nil, &tree)
	}))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, n := range tree.Nodes {
		if n.Role != nil && n.Role.Value == "link" && n.Name != nil {
			names = append(names, fmt.Sprint(n.Name.Value))
		}
	}
	if want := []string{"سوس ماسة: 33", "درعة تافيلالت: 9"}; len(names) < 2 || names[0] != want[0] || names[1] != want[1] {
		t.Errorf("links named %q, want %q first", names, want)
	}
	if path := os.Getenv("JIHAT_CHART_SCREENSHOT"); path != "" {
		var png []byte
		if err := chromedp.Run(ctx, chromedp.FullScreenshot(&png, 100)); err != nil {
			t.Fatal(err)
		}
		os.WriteFile(path, png, 0o644)
	}
}

func abs(f float64) float64 {
	if f < 0 {
		return -f
	}
	return f
}
