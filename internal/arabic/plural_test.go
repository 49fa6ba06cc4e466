package arabic

import (
	"fmt"
	"testing"
)

func TestNounCount(t *testing.T) {
	ks := []int{0, 1, 2, 3, 10, 11, 99, 100, 101, 102, 103, 111, 1000}
	tests := []struct {
		name string
		noun Noun
		want []string // indexed like ks
	}{
		{"Articles", Articles, []string{
			"لا مقالات", "مقال واحد", "مقالان", "3 مقالات", "10 مقالات", "11 مقالا",
			"99 مقالا", "100 مقال", "101 مقال", "102 مقال", "103 مقالات", "111 مقالا", "1000 مقال",
		}},
		{"Pages", Pages, []string{
			"لا صفحات", "صفحة واحدة", "صفحتان", "3 صفحات", "10 صفحات", "11 صفحة",
			"99 صفحة", "100 صفحة", "101 صفحة", "102 صفحة", "103 صفحات", "111 صفحة", "1000 صفحة",
		}},
		{"Provinces", Provinces, []string{
			"لا أقاليم", "إقليم واحد", "إقليمان", "3 أقاليم", "10 أقاليم", "11 إقليما",
			"99 إقليما", "100 إقليم", "101 إقليم", "102 إقليم", "103 أقاليم", "111 إقليما", "1000 إقليم",
		}},
		{"Regions", Regions, []string{
			"لا جهات", "جهة واحدة", "جهتان", "3 جهات", "10 جهات", "11 جهة",
			"99 جهة", "100 جهة", "101 جهة", "102 جهة", "103 جهات", "111 جهة", "1000 جهة",
		}},
	}
	for _, tt := range tests {
		for i, k := range ks {
			if got := tt.noun.Count(k); got != tt.want[i] {
				t.Errorf("%s.Count(%d) = %q, want %q", tt.name, k, got, tt.want[i])
			}
		}
	}
}

func TestNounFallbacks(t *testing.T) {
	n := Noun{One: "one", Two: "two", Few: "%d few", Many: "%d many", Other: "%d other"}
	for _, tt := range []struct {
		k    int
		want string
	}{
		{0, "0 other"}, // empty Zero falls back to Other
		{-1, "one"},
		{-3, "-3 few"},
		{-11, "-11 many"},
		{200, "200 other"},
		{1_000_003, "1000003 few"},
	} {
		if got := n.Count(tt.k); got != tt.want {
			t.Errorf("Count(%d) = %q, want %q", tt.k, got, tt.want)
		}
	}
	// A form without %d must not get fmt's %!(EXTRA …) noise.
	if got := (Noun{Few: "بلا رقم"}).Count(7); got != "بلا رقم" {
		t.Errorf("Count without %%d = %q", got)
	}
}

func ExampleNoun_Count() {
	for _, k := range []int{0, 1, 2, 5, 25, 100} {
		fmt.Println(Articles.Count(k))
	}
	// Output:
	// لا مقالات
	// مقال واحد
	// مقالان
	// 5 مقالات
	// 25 مقالا
	// 100 مقال
}
