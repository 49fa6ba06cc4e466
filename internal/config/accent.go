package config

import (
	"fmt"
	"math"
	"strconv"

	"github.com/jihat/jihat/internal/msg"
)

// minContrast is WCAG's minimum for text: the accent carries white text in
// the masthead and is the colour of links on the white page.
const minContrast = 4.5

// accentProblem says what is wrong with an accent colour; ok when nothing.
func accentProblem(accent string) (problem msg.Message, ok bool) {
	rgb, ok := parseHex(accent)
	if !ok {
		return msg.New("accent %q must be a colour written #rrggbb (or #rgb), e.g. accent = \"#0b5a7a\"", accent), false
	}
	if c := contrast(rgb, [3]float64{1, 1, 1}); c < minContrast {
		return msg.New("accent %q is too light: white text on it, and it on the white page, have a contrast of %.1f:1, and readers need at least %.1f:1; choose a darker colour, e.g. %s", accent, math.Floor(c*10)/10, minContrast, darken(rgb)), false
	}
	return msg.Message{}, true
}

// parseHex reads #rgb or #rrggbb as sRGB channels from 0 to 1.
func parseHex(s string) ([3]float64, bool) {
	var rgb [3]float64
	if len(s) != 4 && len(s) != 7 || s[0] != '#' {
		return rgb, false
	}
	digits := s[1:]
	for i := range 3 {
		var part string
		if len(digits) == 3 {
			part = string([]byte{digits[i], digits[i]})
		} else {
			part = digits[2*i : 2*i+2]
		}
		v, err := strconv.ParseUint(part, 16, 8)
		if err != nil {
			return rgb, false
		}
		rgb[i] = float64(v) / 255
	}
	return rgb, true
}

// contrast is WCAG 2's contrast ratio of two sRGB colours.
func contrast(a, b [3]float64) float64 {
	la, lb := luminance(a), luminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

func luminance(c [3]float64) float64 {
	var lin [3]float64
	for i, v := range c {
		if v <= 0.04045 {
			lin[i] = v / 12.92
		} else {
			lin[i] = math.Pow((v+0.055)/1.055, 2.4)
		}
	}
	return 0.2126*lin[0] + 0.7152*lin[1] + 0.0722*lin[2]
}

// darken is the colour scaled down just enough to pass, as a suggestion in
// the editor's own hue.
func darken(c [3]float64) string {
	for f := 0.95; f > 0; f -= 0.05 {
		d := [3]float64{c[0] * f, c[1] * f, c[2] * f}
		if contrast(d, [3]float64{1, 1, 1}) >= minContrast {
			return fmt.Sprintf("#%02x%02x%02x", int(math.Round(d[0]*255)), int(math.Round(d[1]*255)), int(math.Round(d[2]*255)))
		}
	}
	return "#000000"
}
