// Package locale holds what the theme needs to know of each site language —
// Arabic (the default), French and Standard Moroccan Amazigh: writing
// direction, language tags, month and weekday names, long dates and CLDR
// plural categories. The facts are data, in data/locales.json, parsed once;
// data/SOURCES.md says where each comes from and what CLDR lacks.
package locale

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/jihat/jihat/internal/arabic"
)

//go:embed data/locales.json
var localesJSON []byte

// Locale is one site language. It is immutable and shared by all callers.
type Locale struct {
	code, name, script, dir, tag, ogLocale, digits string

	months   [12]string
	weekdays [7]string // Sunday first, as time.Weekday

	date, monthYear pattern
	plural          []pluralRule // in CLDR's order; "other" is the fall-through
	categories      []string
}

// Code is the site's code of the language: "ar", "fr" or "zgh".
func (l *Locale) Code() string { return l.code }

// Name is the language's name in itself: العربية, français, ⵜⴰⵎⴰⵣⵉⵖⵜ.
func (l *Locale) Name() string { return l.name }

// Script is the ISO 15924 code of the language's script: Arab, Latn, Tfng.
func (l *Locale) Script() string { return l.script }

// Dir is the writing direction for the dir attribute: "rtl" or "ltr".
func (l *Locale) Dir() string { return l.dir }

// Tag is the BCP 47 tag for lang attributes: "ar", "fr", "zgh".
func (l *Locale) Tag() string { return l.tag }

// OGLocale is the og:locale value: "ar_MA", "fr_MA", "zgh_MA".
func (l *Locale) OGLocale() string { return l.ogLocale }

// Digits are the ten digits numbers are written with, zero first. All
// three languages use 0–9 (CLDR's default numbering system, latn).
func (l *Locale) Digits() string { return l.digits }

// Month returns the name of m, or "" if m is out of range.
func (l *Locale) Month(m time.Month) string {
	if m < time.January || m > time.December {
		return ""
	}
	return l.months[m-1]
}

// Weekday returns the name of d, or "" if d is out of range.
func (l *Locale) Weekday(d time.Weekday) string {
	if d < time.Sunday || d > time.Saturday {
		return ""
	}
	return l.weekdays[d]
}

// Date formats t as a long date with its weekday, in t's own location:
// "الاثنين 5 فبراير 2024", "lundi 5 février 2024", "ⴰⵢⵏⴰⵙ 5 ⴱⵕⴰⵢⵕ 2024".
// Arabic is byte for byte what arabic.Date writes.
func (l *Locale) Date(t time.Time) string { return l.date.format(l, t) }

// MonthYear formats t's month and year, for archive headings: "فبراير 2024",
// "février 2024", "2024 ⴱⵕⴰⵢⵕ" (CLDR's order for zgh).
func (l *Locale) MonthYear(t time.Time) string { return l.monthYear.format(l, t) }

// Plural returns the CLDR cardinal plural category of n: one of "zero",
// "one", "two", "few", "many", "other". A negative n takes the category of
// its absolute value, as CLDR's operands do.
func (l *Locale) Plural(n int) string {
	x := absInt(n)
	for _, r := range l.plural {
		if r.matches(x) {
			return r.category
		}
	}
	return "other"
}

// PluralCategories lists the categories the language distinguishes, in
// CLDR's order, "other" last.
func (l *Locale) PluralCategories() []string { return slices.Clone(l.categories) }

// PluralForm picks the form of forms for n's plural category, or the
// "other" form when forms has none for that category: a translator may
// write only the forms the wording needs. It returns "" if both are
// missing.
func (l *Locale) PluralForm(n int, forms map[string]string) string {
	if f, ok := forms[l.Plural(n)]; ok {
		return f
	}
	return forms["other"]
}

// Count is PluralForm with every %d in the form replaced by n in Latin
// digits, as arabic.Noun.Count does: "%d articles" → "5 articles".
func (l *Locale) Count(n int, forms map[string]string) string {
	// ReplaceAll rather than Sprintf: a form without %d ("un article")
	// must not get a %!(EXTRA …) suffix.
	return strings.ReplaceAll(l.PluralForm(n, forms), "%d", strconv.Itoa(n))
}

// Lookup returns the locale of code ("ar", "fr" or "zgh"). It reports false
// for any other code, and if the embedded data did not load (Err says why).
func Lookup(code string) (*Locale, bool) {
	all, err := load()
	if err != nil {
		return nil, false
	}
	for _, l := range all {
		if l.code == code {
			return l, true
		}
	}
	return nil, false
}

// Codes lists the languages' codes, the default (Arabic) first.
func Codes() []string {
	all, _ := load()
	codes := make([]string, len(all))
	for i, l := range all {
		codes[i] = l.code
	}
	return codes
}

// Err reports why the embedded data could not be loaded, or nil. Its tests
// keep it nil; a build may call it to fail early rather than find no
// languages.
func Err() error {
	_, err := load()
	return err
}

var load = sync.OnceValues(func() ([]*Locale, error) { return parse(localesJSON) })

// file is data/locales.json.
type file struct {
	Locales []struct {
		Code             string            `json:"code"`
		Name             string            `json:"name"`
		Script           string            `json:"script"`
		Dir              string            `json:"dir"`
		Tag              string            `json:"tag"`
		OGLocale         string            `json:"og_locale"`
		NumberingSystem  string            `json:"numbering_system"`
		Months           []string          `json:"months"`
		Weekdays         []string          `json:"weekdays"`
		DatePattern      string            `json:"date_pattern"`
		MonthYearPattern string            `json:"month_year_pattern"`
		Plural           map[string]string `json:"plural"`
	} `json:"locales"`
}

// digitsOf maps CLDR numbering systems to their digits. Only latn: Date
// and Count write numbers with strconv, so another system would need them
// to convert.
var digitsOf = map[string]string{"latn": "0123456789"}

func parseFile(data []byte) (file, error) {
	var f file
	if err := json.Unmarshal(data, &f); err != nil {
		return f, fmt.Errorf("locales.json: %w", err)
	}
	if len(f.Locales) == 0 {
		return f, fmt.Errorf("locales.json: no locales")
	}
	return f, nil
}

func parse(data []byte) ([]*Locale, error) {
	f, err := parseFile(data)
	if err != nil {
		return nil, err
	}
	var all []*Locale
	for i, d := range f.Locales {
		where := fmt.Sprintf("locales.json: locales[%d] (%q)", i, d.Code)
		if d.Code == "" || d.Name == "" || d.Script == "" || d.Tag == "" || d.OGLocale == "" {
			return nil, fmt.Errorf("%s: code, name, script, tag and og_locale are required", where)
		}
		if d.Dir != "rtl" && d.Dir != "ltr" {
			return nil, fmt.Errorf("%s: dir is %q, not rtl or ltr", where, d.Dir)
		}
		for _, prev := range all {
			if prev.code == d.Code {
				return nil, fmt.Errorf("%s: code given twice", where)
			}
		}
		l := &Locale{code: d.Code, name: d.Name, script: d.Script, dir: d.Dir, tag: d.Tag, ogLocale: d.OGLocale}
		var ok bool
		if l.digits, ok = digitsOf[d.NumberingSystem]; !ok {
			return nil, fmt.Errorf("%s: unknown numbering_system %q", where, d.NumberingSystem)
		}
		if err := l.setNames(d.Months, d.Weekdays); err != nil {
			return nil, fmt.Errorf("%s: %w", where, err)
		}
		if l.date, err = parsePattern(d.DatePattern); err != nil {
			return nil, fmt.Errorf("%s: date_pattern: %w", where, err)
		}
		if l.monthYear, err = parsePattern(d.MonthYearPattern); err != nil {
			return nil, fmt.Errorf("%s: month_year_pattern: %w", where, err)
		}
		if l.plural, l.categories, err = parsePlural(d.Plural); err != nil {
			return nil, fmt.Errorf("%s: plural: %w", where, err)
		}
		all = append(all, l)
	}
	return all, nil
}

// setNames takes the month and weekday names of the data file, or for
// Arabic, which the file leaves out, internal/arabic's: the names every
// Arabic page shows today stay in one place.
func (l *Locale) setNames(months, weekdays []string) error {
	if l.code == "ar" && months == nil && weekdays == nil {
		for m := range 12 {
			l.months[m] = arabic.MonthName(time.Month(m + 1))
		}
		for d := range 7 {
			l.weekdays[d] = arabic.WeekdayName(time.Weekday(d))
		}
		return nil
	}
	if len(months) != 12 || len(weekdays) != 7 {
		return fmt.Errorf("%d months and %d weekdays, want 12 and 7", len(months), len(weekdays))
	}
	for _, s := range slices.Concat(months, weekdays) {
		if strings.TrimSpace(s) == "" {
			return fmt.Errorf("an empty month or weekday name")
		}
	}
	copy(l.months[:], months)
	copy(l.weekdays[:], weekdays)
	return nil
}
