package chart

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/jihat/jihat/internal/arabic"
)

// checked is a chart's input once checked: white space collapsed, Shown
// filled in.
type checked struct {
	title, id string
	width     int
	rtl       bool
	linked    bool // some row links
	rows      []Bar
}

// check validates the input of Bars and normalises its text.
func check(bars []Bar, opts Options) (checked, error) {
	c := checked{id: opts.ID, width: opts.Width, rtl: !opts.LTR}
	var err error
	if c.title, err = text("title", opts.Title); err != nil {
		return c, err
	}
	if c.title == "" {
		return c, fmt.Errorf("chart: no title: the chart needs an accessible name")
	}
	if !validID(opts.ID) {
		return c, fmt.Errorf("chart: id %q: want an ASCII letter followed by letters, digits, - or _", opts.ID)
	}
	switch {
	case c.width == 0:
		c.width = DefaultWidth
	case c.width < 0 || c.width > maxWidth:
		return c, fmt.Errorf("chart %s: width %d out of range (1 to %d)", c.id, c.width, maxWidth)
	}
	c.rows = make([]Bar, len(bars))
	for i, bar := range bars {
		if c.rows[i], err = checkBar(bar); err != nil {
			return c, fmt.Errorf("chart %s: bar %d: %w", c.id, i+1, err)
		}
		c.linked = c.linked || bar.URL != ""
	}
	return c, nil
}

// maxWidth bounds Options.Width, far above any page's needs, so that every
// coordinate fits an int in tenths of a unit.
const maxWidth = 100_000

func checkBar(bar Bar) (Bar, error) {
	var err error
	if bar.Value < 0 {
		return bar, fmt.Errorf("negative value %d", bar.Value)
	}
	if bar.Label, err = text("label", bar.Label); err != nil {
		return bar, err
	}
	if bar.Label == "" {
		return bar, fmt.Errorf("empty label")
	}
	if bar.Shown, err = text("shown value", bar.Shown); err != nil {
		return bar, err
	}
	if bar.Shown == "" {
		bar.Shown = strconv.Itoa(bar.Value)
	}
	if err = checkURL(bar.URL); err != nil {
		return bar, fmt.Errorf("%s: URL %q: %w", bar.Label, bar.URL, err)
	}
	return bar, nil
}

// text checks that s is UTF-8 that a page can hold and collapses its runs
// of white space into one space, as SVG shows them, trimming both ends.
func text(what, s string) (string, error) {
	if !utf8.ValidString(s) {
		return "", fmt.Errorf("%s %q is not UTF-8", what, s)
	}
	if i, r, _ := arabic.NextUnprintable(s); i >= 0 {
		return "", fmt.Errorf("%s %q holds %s", what, s, arabic.DescribeUnprintable(r))
	}
	return strings.Join(strings.Fields(s), " "), nil
}

// checkURL accepts a relative URL or an absolute one with the http or
// https scheme: a link from a chart goes to a page. Anything else —
// javascript:, data:, a URL with white space or a control character that a
// browser would strip before reading the scheme — is refused.
func checkURL(s string) error {
	if s == "" {
		return nil
	}
	for _, r := range s {
		if r <= ' ' || r == 0x7F || arabic.Unprintable(r) || r == utf8.RuneError {
			return fmt.Errorf("holds white space, a control character or invalid UTF-8")
		}
	}
	u, err := url.Parse(s)
	if err != nil {
		return err
	}
	switch strings.ToLower(u.Scheme) {
	case "", "http", "https":
		return nil
	}
	return fmt.Errorf("scheme %q refused: only a relative, http or https URL", u.Scheme)
}

// validID reports whether id is an ASCII letter followed by letters,
// digits, "-" and "_": an id that needs no escaping anywhere.
func validID(id string) bool {
	if id == "" || !isLetter(id[0]) {
		return false
	}
	for i := 1; i < len(id); i++ {
		c := id[i]
		if !isLetter(c) && !(c >= '0' && c <= '9') && c != '-' && c != '_' {
			return false
		}
	}
	return true
}

func isLetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }
