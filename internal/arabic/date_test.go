package arabic

import (
	"testing"
	"time"
)

func TestDate(t *testing.T) {
	tests := []struct {
		y    int
		m    time.Month
		d    int
		date string
		my   string
	}{
		{2024, time.February, 5, "الاثنين 5 فبراير 2024", "فبراير 2024"},
		{2025, time.August, 3, "الأحد 3 غشت 2025", "غشت 2025"},
		{2024, time.July, 30, "الثلاثاء 30 يوليوز 2024", "يوليوز 2024"},
		{2023, time.September, 13, "الأربعاء 13 شتنبر 2023", "شتنبر 2023"},
		{2024, time.November, 7, "الخميس 7 نونبر 2024", "نونبر 2024"},
		{2024, time.December, 27, "الجمعة 27 دجنبر 2024", "دجنبر 2024"},
		{2024, time.May, 4, "السبت 4 ماي 2024", "ماي 2024"},
		{2026, time.January, 1, "الخميس 1 يناير 2026", "يناير 2026"},
	}
	for _, tt := range tests {
		tm := time.Date(tt.y, tt.m, tt.d, 12, 0, 0, 0, time.UTC)
		if got := Date(tm); got != tt.date {
			t.Errorf("Date(%s) = %q, want %q", tm.Format(time.DateOnly), got, tt.date)
		}
		if got := MonthYear(tm); got != tt.my {
			t.Errorf("MonthYear(%s) = %q, want %q", tm.Format(time.DateOnly), got, tt.my)
		}
	}
}

func TestDateUsesLocation(t *testing.T) {
	// 23:30 UTC on Sunday is already Monday in Casablanca (UTC+1).
	tm := time.Date(2024, time.February, 4, 23, 30, 0, 0, time.UTC)
	if got := Date(tm); got != "الأحد 4 فبراير 2024" {
		t.Errorf("Date(UTC) = %q", got)
	}
	if got := Date(tm.In(time.FixedZone("+01", 3600))); got != "الاثنين 5 فبراير 2024" {
		t.Errorf("Date(+01) = %q", got)
	}
}

func TestMonthAndWeekdayNames(t *testing.T) {
	months := []string{"يناير", "فبراير", "مارس", "أبريل", "ماي", "يونيو",
		"يوليوز", "غشت", "شتنبر", "أكتوبر", "نونبر", "دجنبر"}
	for i, want := range months {
		if got := MonthName(time.Month(i + 1)); got != want {
			t.Errorf("MonthName(%d) = %q, want %q", i+1, got, want)
		}
	}
	days := map[time.Weekday]string{
		time.Monday: "الاثنين", time.Tuesday: "الثلاثاء", time.Wednesday: "الأربعاء",
		time.Thursday: "الخميس", time.Friday: "الجمعة", time.Saturday: "السبت", time.Sunday: "الأحد",
	}
	for d, want := range days {
		if got := WeekdayName(d); got != want {
			t.Errorf("WeekdayName(%v) = %q, want %q", d, got, want)
		}
	}
	for _, m := range []time.Month{0, 13, -1} {
		if got := MonthName(m); got != "" {
			t.Errorf("MonthName(%d) = %q, want empty", m, got)
		}
	}
	for _, d := range []time.Weekday{-1, 7} {
		if got := WeekdayName(d); got != "" {
			t.Errorf("WeekdayName(%d) = %q, want empty", d, got)
		}
	}
}
