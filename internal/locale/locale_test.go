package locale

import (
	"bufio"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jihat/jihat/internal/arabic"
)

func TestEmbeddedDataLoads(t *testing.T) {
	if err := Err(); err != nil {
		t.Fatal(err)
	}
	if got, want := Codes(), []string{"ar", "fr", "zgh"}; !slices.Equal(got, want) {
		t.Errorf("Codes() = %q, want %q (the default, Arabic, first)", got, want)
	}
}

func TestLookup(t *testing.T) {
	tests := []struct {
		code, name, script, dir, tag, og string
	}{
		{"ar", "العربية", "Arab", "rtl", "ar", "ar_MA"},
		{"fr", "français", "Latn", "ltr", "fr", "fr_MA"},
		{"zgh", "ⵜⴰⵎⴰⵣⵉⵖⵜ", "Tfng", "ltr", "zgh", "zgh_MA"},
	}
	for _, tt := range tests {
		l, ok := Lookup(tt.code)
		if !ok {
			t.Errorf("Lookup(%q) found nothing", tt.code)
			continue
		}
		got := []string{l.Code(), l.Name(), l.Script(), l.Dir(), l.Tag(), l.OGLocale(), l.Digits()}
		want := []string{tt.code, tt.name, tt.script, tt.dir, tt.tag, tt.og, "0123456789"}
		if !slices.Equal(got, want) {
			t.Errorf("Lookup(%q) = %q, want %q", tt.code, got, want)
		}
	}
	for _, code := range []string{"", "AR", "ar-MA", "en", "ber", "tzm"} {
		if l, ok := Lookup(code); ok || l != nil {
			t.Errorf("Lookup(%q) = %v, %v; want nil, false", code, l, ok)
		}
	}
}

func TestTwelveMonthsSevenWeekdays(t *testing.T) {
	for _, code := range Codes() {
		l, _ := Lookup(code)
		seen := map[string]bool{}
		for m := time.January; m <= time.December; m++ {
			name := l.Month(m)
			if name == "" || seen[name] {
				t.Errorf("%s: month %d is %q (empty or repeated)", code, m, name)
			}
			seen[name] = true
		}
		for d := time.Sunday; d <= time.Saturday; d++ {
			name := l.Weekday(d)
			if name == "" || seen[name] {
				t.Errorf("%s: weekday %d is %q (empty or repeated)", code, d, name)
			}
			seen[name] = true
		}
		for _, m := range []time.Month{0, 13, -1} {
			if got := l.Month(m); got != "" {
				t.Errorf("%s: Month(%d) = %q, want empty", code, m, got)
			}
		}
		for _, d := range []time.Weekday{-1, 7} {
			if got := l.Weekday(d); got != "" {
				t.Errorf("%s: Weekday(%d) = %q, want empty", code, d, got)
			}
		}
	}
}

func TestDate(t *testing.T) {
	tests := []struct {
		code     string
		y        int
		m        time.Month
		d        int
		date, my string
	}{
		{"ar", 2024, time.February, 7, "الأربعاء 7 فبراير 2024", "فبراير 2024"},
		{"ar", 2025, time.August, 3, "الأحد 3 غشت 2025", "غشت 2025"},
		{"fr", 2024, time.February, 7, "mercredi 7 février 2024", "février 2024"},
		{"fr", 2025, time.August, 3, "dimanche 3 août 2025", "août 2025"},
		{"fr", 2026, time.January, 1, "jeudi 1 janvier 2026", "janvier 2026"}, // CLDR writes 1, not 1er
		{"zgh", 2024, time.February, 7, "ⴰⴽⵕⴰⵙ 7 ⴱⵕⴰⵢⵕ 2024", "2024 ⴱⵕⴰⵢⵕ"},
		{"zgh", 2025, time.August, 3, "ⴰⵙⴰⵎⴰⵙ 3 ⵖⵓⵛⵜ 2025", "2025 ⵖⵓⵛⵜ"},
	}
	for _, tt := range tests {
		l, _ := Lookup(tt.code)
		tm := time.Date(tt.y, tt.m, tt.d, 12, 0, 0, 0, time.UTC)
		if got := l.Date(tm); got != tt.date {
			t.Errorf("%s: Date(%s) = %q, want %q", tt.code, tm.Format(time.DateOnly), got, tt.date)
		}
		if got := l.MonthYear(tm); got != tt.my {
			t.Errorf("%s: MonthYear(%s) = %q, want %q", tt.code, tm.Format(time.DateOnly), got, tt.my)
		}
	}
}

// TestArabicIsInternalArabic keeps the Arabic pages' dates byte for byte
// what they were before languages came, whatever the day.
func TestArabicIsInternalArabic(t *testing.T) {
	l, _ := Lookup("ar")
	casablanca := time.FixedZone("+01", 3600)
	for tm := time.Date(1990, 1, 1, 23, 30, 0, 0, time.UTC); tm.Year() < 2041; tm = tm.AddDate(0, 0, 1) {
		for _, at := range []time.Time{tm, tm.In(casablanca)} {
			if got, want := l.Date(at), arabic.Date(at); got != want {
				t.Fatalf("Date(%s) = %q, arabic.Date = %q", at, got, want)
			}
			if got, want := l.MonthYear(at), arabic.MonthYear(at); got != want {
				t.Fatalf("MonthYear(%s) = %q, arabic.MonthYear = %q", at, got, want)
			}
		}
	}
	for m := time.January; m <= time.December; m++ {
		if l.Month(m) != arabic.MonthName(m) {
			t.Errorf("Month(%d) = %q, arabic.MonthName = %q", m, l.Month(m), arabic.MonthName(m))
		}
	}
	for d := time.Sunday; d <= time.Saturday; d++ {
		if l.Weekday(d) != arabic.WeekdayName(d) {
			t.Errorf("Weekday(%d) = %q, arabic.WeekdayName = %q", d, l.Weekday(d), arabic.WeekdayName(d))
		}
	}
}

// cldrRows reads testdata/cldr48.tsv, written by cldr48.js from the CLDR 48
// data in Node's ICU, and returns the rows of one kind.
func cldrRows(t *testing.T, kind string) [][]string {
	t.Helper()
	f, err := os.Open("testdata/cldr48.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var rows [][]string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if strings.HasPrefix(sc.Text(), "#") {
			continue
		}
		if fields := strings.Split(sc.Text(), "\t"); fields[0] == kind {
			rows = append(rows, fields[1:])
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if len(rows) == 0 {
		t.Fatalf("testdata/cldr48.tsv has no %s rows", kind)
	}
	return rows
}

func TestDateAsCLDR(t *testing.T) {
	for _, row := range cldrRows(t, "date") {
		day, code, date, my := row[0], row[1], row[2], row[3]
		tm, err := time.Parse(time.DateOnly, day)
		if err != nil {
			t.Fatal(err)
		}
		l, _ := Lookup(code)
		if got := l.Date(tm); got != date {
			t.Errorf("%s: Date(%s) = %q, ICU says %q", code, day, got, date)
		}
		if got := l.MonthYear(tm); got != my {
			t.Errorf("%s: MonthYear(%s) = %q, ICU says %q", code, day, got, my)
		}
	}
}

func TestPluralAsCLDR(t *testing.T) {
	for _, row := range cldrRows(t, "plural") {
		code, want := row[0], row[2]
		n, err := strconv.Atoi(row[1])
		if err != nil {
			t.Fatal(err)
		}
		l, _ := Lookup(code)
		if got := l.Plural(n); got != want {
			t.Errorf("%s: Plural(%d) = %q, ICU says %q", code, n, got, want)
		}
	}
}

func TestPlural(t *testing.T) {
	tests := []struct {
		code string
		n    int
		want string
	}{
		{"fr", 0, "one"},
		{"fr", 1, "one"},
		{"fr", 2, "other"},
		{"fr", 1000, "other"},
		{"fr", 1000000, "many"},
		{"fr", 3000000, "many"},
		{"fr", 1000001, "other"},
		{"fr", -1, "one"},
		{"fr", -2000000, "many"},
		{"ar", 0, "zero"},
		{"ar", 1, "one"},
		{"ar", 2, "two"},
		{"ar", 3, "few"},
		{"ar", 10, "few"},
		{"ar", 11, "many"},
		{"ar", 99, "many"},
		{"ar", 100, "other"},
		{"ar", 102, "other"},
		{"ar", 103, "few"},
		{"ar", -11, "many"},
		// CLDR 48 has no rules for zgh: root's, everything is "other".
		{"zgh", 0, "other"},
		{"zgh", 1, "other"},
		{"zgh", 2, "other"},
		{"zgh", 11, "other"},
		{"zgh", 1000000, "other"},
		{"fr", math.MinInt, "other"},
		{"ar", math.MinInt, "few"}, // 9223372036854775808 % 100 = 8
		{"ar", math.MaxInt, "few"}, // …807
	}
	for _, tt := range tests {
		l, _ := Lookup(tt.code)
		if got := l.Plural(tt.n); got != tt.want {
			t.Errorf("%s: Plural(%d) = %q, want %q", tt.code, tt.n, got, tt.want)
		}
	}
	cats := map[string][]string{
		"ar":  {"zero", "one", "two", "few", "many", "other"},
		"fr":  {"one", "many", "other"},
		"zgh": {"other"},
	}
	for code, want := range cats {
		l, _ := Lookup(code)
		if got := l.PluralCategories(); !slices.Equal(got, want) {
			t.Errorf("%s: PluralCategories() = %q, want %q", code, got, want)
		}
	}
}

// TestPluralSamples checks each rule against the integer samples CLDR
// gives with it, in the data file.
func TestPluralSamples(t *testing.T) {
	f, err := parseFile(localesJSON)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range f.Locales {
		l, _ := Lookup(d.Code)
		for cat, text := range d.Plural {
			_, samples := splitSamples(text)
			ints, _, _ := strings.Cut(strings.TrimPrefix(samples, "@integer"), "@decimal")
			if !strings.HasPrefix(samples, "@integer") {
				t.Errorf("%s %s: no integer samples in %q", d.Code, cat, text)
				continue
			}
			for _, s := range strings.Split(ints, ",") {
				s = strings.TrimSpace(s)
				if s == "…" || s == "" {
					continue
				}
				lo, hi, isRange := strings.Cut(s, "~")
				if !isRange {
					hi = lo
				}
				a, b := sample(t, lo), sample(t, hi)
				for n := a; n <= b; n++ {
					if got := l.Plural(n); got != cat {
						t.Errorf("%s: Plural(%d) = %q, CLDR's sample of %q", d.Code, n, got, cat)
					}
				}
			}
		}
	}
}

// sample reads a CLDR integer sample: 15, or 2c6 for 2×10⁶.
func sample(t *testing.T, s string) int {
	t.Helper()
	mant, exp, compact := strings.Cut(s, "c")
	n, err := strconv.Atoi(mant)
	if err != nil {
		t.Fatalf("sample %q: %v", s, err)
	}
	if compact {
		e, err := strconv.Atoi(exp)
		if err != nil {
			t.Fatalf("sample %q: %v", s, err)
		}
		for range e {
			n *= 10
		}
	}
	return n
}

func TestPluralForm(t *testing.T) {
	fr, _ := Lookup("fr")
	zgh, _ := Lookup("zgh")
	forms := map[string]string{"one": "%d article", "many": "%d d’articles", "other": "%d articles"}
	tests := []struct {
		l     *Locale
		n     int
		forms map[string]string
		form  string
		count string
	}{
		{fr, 0, forms, "%d article", "0 article"},
		{fr, 1, forms, "%d article", "1 article"},
		{fr, 2, forms, "%d articles", "2 articles"},
		{fr, 1000000, forms, "%d d’articles", "1000000 d’articles"},
		// No "many" form: "other" stands in.
		{fr, 2000000, map[string]string{"one": "un", "other": "%d"}, "%d", "2000000"},
		{fr, 1, map[string]string{"one": "un article", "other": "%d articles"}, "un article", "un article"},
		{zgh, 1, forms, "%d articles", "1 articles"},
		{fr, 1, map[string]string{"many": "x"}, "", ""},
		{fr, 1, nil, "", ""},
	}
	for _, tt := range tests {
		if got := tt.l.PluralForm(tt.n, tt.forms); got != tt.form {
			t.Errorf("%s: PluralForm(%d, %q) = %q, want %q", tt.l.Code(), tt.n, tt.forms, got, tt.form)
		}
		if got := tt.l.Count(tt.n, tt.forms); got != tt.count {
			t.Errorf("%s: Count(%d, %q) = %q, want %q", tt.l.Code(), tt.n, tt.forms, got, tt.count)
		}
	}
}

// TestCountIsArabicNoun: the site's Arabic nouns, given as maps of forms,
// count as arabic.Noun.Count does.
func TestCountIsArabicNoun(t *testing.T) {
	l, _ := Lookup("ar")
	for _, noun := range []arabic.Noun{arabic.Articles, arabic.Pages, arabic.Provinces, arabic.Regions} {
		forms := map[string]string{"one": noun.One, "two": noun.Two, "few": noun.Few, "many": noun.Many, "other": noun.Other}
		if noun.Zero != "" {
			forms["zero"] = noun.Zero
		}
		for _, n := range append(rangeInts(-120, 1200), 1000000, 1000011, math.MaxInt) {
			if got, want := l.Count(n, forms), noun.Count(n); got != want {
				t.Errorf("Count(%d) = %q, arabic.Noun.Count = %q", n, got, want)
			}
		}
	}
}

func rangeInts(from, to int) []int {
	var ns []int
	for n := from; n <= to; n++ {
		ns = append(ns, n)
	}
	return ns
}
