package site

import (
	"fmt"
	"html/template"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/jihat/jihat/internal/arabic"
	"github.com/jihat/jihat/internal/config"
	"github.com/jihat/jihat/internal/locale"
)

// Language is one of the site's languages as its pages show it: the site's
// settings for it, its locale (dates, plurals, direction) and the theme's
// words in it. Templates reach it as .Lang, an article's as .Language; its
// methods depend on the language alone, so no page digest records them
// (the theme's fingerprint and the configuration cover them).
type Language struct {
	config.Lang
	Locale *locale.Locale
	// Prefix is what the language's addresses start with: "" for the
	// default language, "/fr" for French.
	Prefix string
	labels Labels
}

func newLanguage(l config.Lang, labels Labels) *Language {
	loc, ok := locale.Lookup(l.Code)
	if !ok {
		loc, _ = locale.Lookup("ar")
	}
	lang := &Language{Lang: l, Locale: loc, labels: labels}
	if !l.Default {
		lang.Prefix = "/" + l.Code
	}
	return lang
}

// Tag is the BCP 47 tag, for lang and hreflang attributes.
func (l *Language) Tag() string { return l.Locale.Tag() }

// Dir is "rtl" or "ltr", as site.toml or the locale says.
func (l *Language) Dir() string { return l.Direction }

// Link is the address of a page of the site in this language: "/regions/"
// is /fr/regions/ in French.
func (l *Language) Link(u string) string { return l.Prefix + u }

// Date is a long date in the language: 5 فبراير 2024, 5 février 2024.
func (l *Language) Date(t time.Time) string {
	if l.Code == "ar" {
		return arabic.Date(t) // Moroccan month names, as before
	}
	return l.Locale.Date(t)
}

// T is the theme's words for key, its {placeholders} filled from name,
// value pairs: {{.Lang.T "by" "name" .Author}}.
func (l *Language) T(key string, pairs ...any) string {
	words := make([]string, len(pairs))
	for i, p := range pairs {
		words[i] = fmt.Sprint(p)
	}
	return l.fill(key, words)
}

// fill is the label key with its {placeholders} filled from name, value
// pairs, or "{key}" when the theme has no such label.
func (l *Language) fill(key string, pairs []string) string {
	text, ok := l.labels[key]
	if !ok {
		return "{" + key + "}"
	}
	if len(pairs) == 0 {
		return text
	}
	return strings.NewReplacer(placeholders(pairs)...).Replace(text)
}

// Count is the plural form of key for n, with {n} filled in: the theme
// gives key.one, key.other and the other forms of the language's plural
// categories ({{.Lang.Count "articles" 5}} is «5 مقالات», «5 articles»).
func (l *Language) Count(key string, n int) string {
	text, ok := l.labels[key+"."+l.Locale.Plural(n)]
	if !ok {
		if text, ok = l.labels[key+".other"]; !ok {
			return "{" + key + "}"
		}
	}
	return strings.ReplaceAll(text, "{n}", strconv.Itoa(n))
}

// Bidi escapes s and isolates each run written the other way round from
// the language — Latin in Arabic, Arabic in French or Amazigh — in a <bdi>,
// so that «INDH» in Arabic or an Arabic name in French keeps its order.
func (l *Language) Bidi(s string) template.HTML {
	if l.Direction == "rtl" {
		return Isolate(s, arabic.LatinRuns(s), "ltr")
	}
	return Isolate(s, rtlRuns(s), "rtl")
}

// Isolate escapes s and wraps the runs in <bdi dir="dir">.
func Isolate(s string, runs [][2]int, dir string) template.HTML {
	var b strings.Builder
	last := 0
	for _, run := range runs {
		b.WriteString(template.HTMLEscapeString(s[last:run[0]]))
		b.WriteString(`<bdi dir="` + dir + `">`)
		b.WriteString(template.HTMLEscapeString(s[run[0]:run[1]]))
		b.WriteString("</bdi>")
		last = run[1]
	}
	b.WriteString(template.HTMLEscapeString(s[last:]))
	return template.HTML(b.String()) // #nosec: every piece escaped above
}

// rtlRuns finds the runs of Arabic letters in s, with the spaces and
// punctuation between Arabic words, and none at the ends.
func rtlRuns(s string) [][2]int {
	var runs [][2]int
	start, end := -1, -1
	for i, r := range s {
		switch {
		case unicode.Is(unicode.Arabic, r):
			if start < 0 {
				start = i
			}
			end = i + utf8.RuneLen(r)
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if start >= 0 {
				runs = append(runs, [2]int{start, end})
				start = -1
			}
		}
	}
	if start >= 0 {
		runs = append(runs, [2]int{start, end})
	}
	return runs
}

// PluralAttrs are key's plural forms as data-zero … data-other attributes,
// for a script to fill in: the text of each form the theme gives, %d for the
// number. (Written here: html/template takes data-one for an event handler,
// "on…", and would quote its value as a script string.)
func (l *Language) PluralAttrs(key string) template.HTMLAttr {
	var b strings.Builder
	for _, c := range []string{"zero", "one", "two", "few", "many", "other"} {
		text, ok := l.labels[key+"."+c]
		if !ok {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(`data-` + c + `="` + template.HTMLEscapeString(strings.ReplaceAll(text, "{n}", "%d")) + `"`)
	}
	return template.HTMLAttr(b.String()) // #nosec: names fixed above, values escaped
}
