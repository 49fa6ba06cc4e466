package arabic

import (
	"strconv"
	"time"
)

// Month and weekday names in Moroccan usage, taken from the "ar" members of
// the shared reference file calendar-ma.json (sources there: CLDR ar-MA,
// glibc ar_MA, Arabic Wikipedia — all three agree).
var (
	monthNames = [12]string{
		"يناير", "فبراير", "مارس", "أبريل", "ماي", "يونيو",
		"يوليوز", "غشت", "شتنبر", "أكتوبر", "نونبر", "دجنبر",
	}
	// Indexed by time.Weekday (Sunday = 0).
	weekdayNames = [7]string{
		"الأحد", "الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت",
	}
)

// MonthName returns the Moroccan Arabic name of m (يناير … دجنبر), or "" if
// m is out of range.
func MonthName(m time.Month) string {
	if m < time.January || m > time.December {
		return ""
	}
	return monthNames[m-1]
}

// WeekdayName returns the Arabic name of d (الأحد … السبت), or "" if d is out
// of range.
func WeekdayName(d time.Weekday) string {
	if d < time.Sunday || d > time.Saturday {
		return ""
	}
	return weekdayNames[d]
}

// Date formats t as a long Moroccan Arabic date with weekday and Western
// digits, without leading zeros: "الاثنين 5 فبراير 2024". t is used in its
// own location; callers convert to the site's time zone first.
func Date(t time.Time) string {
	return WeekdayName(t.Weekday()) + " " + strconv.Itoa(t.Day()) + " " +
		MonthName(t.Month()) + " " + strconv.Itoa(t.Year())
}

// MonthYear formats t as "فبراير 2024" (archive headings).
func MonthYear(t time.Time) string {
	return MonthName(t.Month()) + " " + strconv.Itoa(t.Year())
}
