package arabic

import (
	"strconv"
	"strings"
)

// Noun holds the six Arabic plural forms of a counted noun (CLDR categories
// zero, one, two, few, many, other). A form may contain %d, which Count
// replaces with the number in Western digits.
type Noun struct {
	Zero, One, Two, Few, Many, Other string
}

// Count returns the form of n that agrees with k, following the CLDR Arabic
// rules: 0 → Zero (Other if empty), 1 → One, 2 → Two, k%100 in 3..10 → Few,
// k%100 in 11..99 → Many, else Other. Negative k use the rules of |k|.
func (n Noun) Count(k int) string {
	a := k
	if a < 0 {
		a = -a
	}
	var form string
	switch m := a % 100; {
	case a == 0:
		form = n.Zero
		if form == "" {
			form = n.Other
		}
	case a == 1:
		form = n.One
	case a == 2:
		form = n.Two
	case m >= 3 && m <= 10:
		form = n.Few
	case m >= 11 && m <= 99:
		form = n.Many
	default:
		form = n.Other
	}
	// ReplaceAll rather than Sprintf: forms without %d (مقال واحد) must not
	// get a %!(EXTRA …) suffix.
	return strings.ReplaceAll(form, "%d", strconv.Itoa(k))
}

// Nouns used by the site. 3–10 take the plural genitive (3 مقالات), 11–99
// the singular accusative tamyiz (11 مقالا; feminine nouns in ة show no
// tanween alif: 11 جهة), 100+ with k%100 in 0..2 the singular genitive.
var (
	Articles = Noun{
		Zero:  "لا مقالات",
		One:   "مقال واحد",
		Two:   "مقالان",
		Few:   "%d مقالات",
		Many:  "%d مقالا",
		Other: "%d مقال",
	}
	Pages = Noun{
		Zero:  "لا صفحات",
		One:   "صفحة واحدة",
		Two:   "صفحتان",
		Few:   "%d صفحات",
		Many:  "%d صفحة",
		Other: "%d صفحة",
	}
	Provinces = Noun{
		Zero:  "لا أقاليم",
		One:   "إقليم واحد",
		Two:   "إقليمان",
		Few:   "%d أقاليم",
		Many:  "%d إقليما",
		Other: "%d إقليم",
	}
	Regions = Noun{
		Zero:  "لا جهات",
		One:   "جهة واحدة",
		Two:   "جهتان",
		Few:   "%d جهات",
		Many:  "%d جهة",
		Other: "%d جهة",
	}
)
