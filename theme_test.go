package jihat_test

import (
	"math"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// Every text colour of the theme against the background it sits on, in the
// light and the dark scheme, reaches WCAG AA contrast (4.5:1).
func TestThemeContrast(t *testing.T) {
	css, err := os.ReadFile("static/style.css")
	if err != nil {
		t.Fatal(err)
	}
	text := string(css)
	dark := text[strings.Index(text, "prefers-color-scheme:dark"):]
	light := text[:strings.Index(text, "prefers-color-scheme:dark")]
	for _, scheme := range []struct {
		name string
		vars map[string]string
	}{
		{"light", cssVars(light)},
		{"dark", merge(cssVars(light), cssVars(dark))},
	} {
		v := scheme.vars
		masthead := v["--accent"]
		mastText := "#fff"
		currentText := "#fff"
		if scheme.name == "dark" {
			masthead = "#0d3a4f" // .masthead background in the dark block
			currentText = "#15181c"
		}
		pairs := []struct{ what, fg, bg string }{
			{"body text", v["--ink"], v["--bg"]},
			{"secondary text", v["--muted"], v["--bg"]},
			{"links", v["--accent"], v["--bg"]},
			{"text on tinted areas", v["--ink"], v["--soft"]},
			{"secondary text on tinted areas", v["--muted"], v["--soft"]},
			{"links on tinted areas", v["--accent"], v["--soft"]},
			{"masthead", mastText, masthead},
			{"current page in the pager", currentText, v["--accent"]},
			{"search highlight", "#1b1f24", "#fde68a"},
		}
		for _, p := range pairs {
			if p.fg == "" || p.bg == "" {
				t.Fatalf("%s: colour for %s not found in style.css", scheme.name, p.what)
			}
			if r := contrast(p.fg, p.bg); r < 4.5 {
				t.Errorf("%s scheme, %s: %s on %s has contrast %.2f, below 4.5", scheme.name, p.what, p.fg, p.bg, r)
			}
		}
		// The focus ring must stand out from what it is drawn on (WCAG
		// 1.4.11: 3:1): the page, and the masthead, where it is yellow.
		if r := contrast(v["--focus"], v["--bg"]); r < 3 {
			t.Errorf("%s scheme: focus outline contrast %.2f, below 3", scheme.name, r)
		}
		if !strings.Contains(light, ".masthead :focus-visible,.skip:focus-visible{outline-color:#fde68a}") {
			t.Fatal("the masthead focus colour changed: update this test")
		}
		if r := contrast("#fde68a", masthead); r < 3 {
			t.Errorf("%s scheme: masthead focus outline contrast %.2f, below 3", scheme.name, r)
		}
	}
	if strings.Contains(dark, ".masthead{background:") && !strings.Contains(dark, "#0d3a4f") {
		t.Error("the dark masthead colour changed: update this test")
	}
}

// The theme uses logical properties only, so the layout mirrors by itself
// in right-to-left.
func TestThemeLogicalProperties(t *testing.T) {
	css, err := os.ReadFile("static/style.css")
	if err != nil {
		t.Fatal(err)
	}
	physical := regexp.MustCompile(`(?:^|[;{\s])((?:margin|padding|border)-(?:left|right|top|bottom)|left|right|top|bottom|float|text-align:\s*(?:left|right))\s*:`)
	for _, m := range physical.FindAllStringSubmatch(string(css), -1) {
		t.Errorf("physical property %q in style.css: use its logical form (inline-start, block-end…)", m[1])
	}
}

var cssVar = regexp.MustCompile(`(--[a-z]+):(#[0-9a-fA-F]{3,6})`)

func cssVars(css string) map[string]string {
	vars := map[string]string{}
	for _, m := range cssVar.FindAllStringSubmatch(css, -1) {
		vars[m[1]] = m[2]
	}
	return vars
}

func merge(a, b map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range a {
		out[k] = v
	}
	for k, v := range b {
		out[k] = v
	}
	return out
}

func contrast(a, b string) float64 {
	la, lb := luminance(a), luminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

// luminance is the WCAG relative luminance of a #rgb or #rrggbb colour.
func luminance(hex string) float64 {
	hex = strings.TrimPrefix(hex, "#")
	if len(hex) == 3 {
		hex = string([]byte{hex[0], hex[0], hex[1], hex[1], hex[2], hex[2]})
	}
	var c [3]float64
	for i := range c {
		n, _ := strconv.ParseUint(hex[2*i:2*i+2], 16, 8)
		v := float64(n) / 255
		if v <= 0.03928 {
			c[i] = v / 12.92
		} else {
			c[i] = math.Pow((v+0.055)/1.055, 2.4)
		}
	}
	return 0.2126*c[0] + 0.7152*c[1] + 0.0722*c[2]
}
