package chart

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/*.svg from the current output")

// regions are Morocco's twelve regions, with made-up counts: one much
// larger than the rest, a 1 that must still show and a 0.
var regions = []Bar{
	{Label: "الدار البيضاء سطات", Value: 240},
	{Label: "الرباط سلا القنيطرة", Value: 96},
	{Label: "فاس مكناس", Value: 71},
	{Label: "مراكش آسفي", Value: 64},
	{Label: "طنجة تطوان الحسيمة", Value: 40},
	{Label: "سوس ماسة", Value: 33},
	{Label: "الشرق", Value: 21},
	{Label: "بني ملال خنيفرة", Value: 12},
	{Label: "درعة تافيلالت", Value: 9},
	{Label: "كلميم واد نون", Value: 3},
	{Label: "العيون الساقية الحمراء", Value: 1},
	{Label: "الداخلة وادي الذهب", Value: 0},
}

// goldens are the charts kept in testdata/<name>.svg.
var goldens = []struct {
	name string
	bars []Bar
	opts Options
}{
	{"regions-rtl", regions, Options{Title: "المقالات حسب الجهة", ID: "per-region"}},
	{"years-arabic-digits", []Bar{
		{Label: "2023", Value: 14, Shown: "١٤"},
		{Label: "2024", Value: 31, Shown: "٣١"},
		{Label: "2025", Value: 7, Shown: "٧"},
	}, Options{Title: "المقالات حسب السنة", ID: "per-year"}},
	{"facilities-ltr", []Bar{
		{Label: "Dar Taliba", Value: 18},
		{Label: "Centre de formation professionnelle", Value: 5},
		{Label: "Maison de jeunes", Value: 11},
	}, Options{Title: "Établissements par type", ID: "per-type", LTR: true}},
	{"linked", []Bar{
		{Label: "سوس ماسة", Value: 33, URL: "/regions/souss-massa/"},
		{Label: "درعة تافيلالت", Value: 9, URL: "/الجهات/درعة-تافيلالت/?from=stats&sort=\"new\""},
		{Label: `<b>"R&D" 'مختبر'</b>`, Value: 2, URL: "https://example.org/a?b=1&c=<2>"},
		{Label: "بدون رابط", Value: 4},
	}, Options{Title: "المقالات حسب الجهة", ID: "linked"}},
	{"long-label", []Bar{
		{Label: "مؤسسات الرعاية الاجتماعية للأشخاص في وضعية إعاقة بالوسط القروي", Value: 12},
		{Label: "Tanger-Tétouan-Al Hoceïma  (جهة   طنجة)", Value: 5},
		{Label: "دار الطالب", Value: 8},
	}, Options{Title: "أنواع المؤسسات", ID: "long", Width: 360}},
	{"zeros", []Bar{
		{Label: "دار الطالب", Value: 0},
		{Label: "دار الطالبة", Value: 0},
	}, Options{Title: "لا شيء بعد", ID: "zeros"}},
	{"single", []Bar{{Label: "الشرق", Value: 5}}, Options{Title: "جهة واحدة", ID: "single"}},
}

func TestGolden(t *testing.T) {
	for _, tc := range goldens {
		t.Run(tc.name, func(t *testing.T) {
			out, err := Bars(tc.bars, tc.opts)
			if err != nil {
				t.Fatal(err)
			}
			if err := checkGeometry(out, tc.bars, tc.opts); err != nil {
				t.Errorf("%v\n%s", err, out)
			}
			again, _ := Bars(tc.bars, tc.opts)
			if !bytes.Equal(out, again) {
				t.Errorf("two runs differ")
			}
			path := filepath.Join("testdata", tc.name+".svg")
			if *update {
				if err := os.WriteFile(path, out, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to write it)", err)
			}
			if !bytes.Equal(out, want) {
				t.Errorf("output differs from %s (go test -update rewrites it):\n%s", path, out)
			}
		})
	}
}

// The 12-region chart stays small: a few hundred bytes a row.
func TestSize(t *testing.T) {
	out, err := Bars(regions, Options{Title: "المقالات حسب الجهة", ID: "per-region"})
	if err != nil {
		t.Fatal(err)
	}
	linked := make([]Bar, len(regions))
	for i, b := range regions {
		b.URL = "/regions/r" + string(rune('a'+i)) + "/"
		linked[i] = b
	}
	outLinked, err := Bars(linked, Options{Title: "المقالات حسب الجهة", ID: "per-region"})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("12 bars: %d bytes, %d linked", len(out), len(outLinked))
	if len(out) > 4000 || len(outLinked) > 6000 {
		t.Errorf("12 bars take %d bytes, %d linked", len(out), len(outLinked))
	}
}

func TestHTMLEscaped(t *testing.T) {
	out, err := Bars(goldens[3].bars, goldens[3].opts)
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"<b>", `"R&D"`, "&c=", "<2>", `sort="new"`} {
		if bytes.Contains(out, []byte(bad)) {
			t.Errorf("output holds %q unescaped", bad)
		}
	}
	for _, good := range []string{"&lt;b&gt;", `"R&amp;D"`, "&amp;c=&lt;2&gt;", "sort=&quot;new&quot;"} {
		if !bytes.Contains(out, []byte(good)) {
			t.Errorf("output lacks %q", good)
		}
	}
}

func TestTruncated(t *testing.T) {
	long := strings.Repeat("مؤسسة ", 40)
	for _, w := range []int{200, 400, 640, 1200} {
		out, err := Bars([]Bar{{Label: long, Value: 3}, {Label: "قصير", Value: 1}}, Options{Title: "t", ID: "t", Width: w})
		if err != nil {
			t.Fatal(err)
		}
		doc, err := parse(out)
		if err != nil {
			t.Fatal(err)
		}
		got := doc.Rows[0].Texts[0].Text
		if !strings.HasSuffix(got, "…") || strings.HasSuffix(got, " …") {
			t.Errorf("width %d: label %q should end with a letter and …", w, got)
		}
		if em := width(got) * fontSize; em > labelShare*float64(w) {
			t.Errorf("width %d: label %.1f units wide, more than the column", w, em)
		}
		if doc.Rows[0].Title != collapse(long)+": 3" {
			t.Errorf("width %d: title %q, want the whole label", w, doc.Rows[0].Title)
		}
		if doc.Rows[1].Texts[0].Text != "قصير" {
			t.Errorf("width %d: the short label became %q", w, doc.Rows[1].Texts[0].Text)
		}
	}
}

// Widths Chromium measured (getComputedTextLength at 16px) in the fonts
// the theme or a bare Linux falls back to. The estimate must not fall much
// short of any (the 10-unit gap before the bars absorbs 6%) and should not
// overshoot the narrowest by much more than a third.
func TestEstimate(t *testing.T) {
	measured := []struct {
		s                              string
		naskh, notoSans, dejaVu, libre float64
	}{
		{"الدار البيضاء سطات", 110.0, 124.8, 131.8, 130.5},
		{"العيون الساقية الحمراء", 127.1, 140.0, 151.3, 150.0},
		{"طنجة تطوان الحسيمة", 123.9, 135.8, 145.3, 144.0},
		{"درعة تافيلالت", 79.0, 86.9, 90.0, 89.4},
		{"كلميم واد نون", 77.6, 85.3, 91.6, 90.3},
		{"الداخلة وادي الذهب", 111.0, 124.5, 129.8, 128.5},
		{"مراكز التكوين المهني", 116.0, 128.1, 140.5, 139.2},
		{"دار الطالب", 57.9, 67.1, 72.3, 71.7},
		{"مؤسسات الرعاية الاجتماعية", 158.2, 174.3, 185.6, 184.3},
		{"Casablanca-Settat", 114.6, 114.5, 146.7, 131.6},
		{"Tanger-Tétouan-Al Hoceïma", 184.2, 184.8, 216.2, 201.0},
		{"Dar Taliba", 67.3, 67.9, 79.6, 71.8},
		{"0123456789", 91.5, 91.5, 101.8, 89.0},
		{"٠١٢٣٤٥٦٧٨٩", 65.2, 74.9, 85.9, 85.9},
	}
	if width("مَدْرَسَةٌ") != width("مدرسة") {
		t.Errorf("harakat should take no room")
	}
	for _, m := range measured {
		est := width(m.s) * fontSize
		for _, got := range []float64{m.naskh, m.notoSans, m.dejaVu, m.libre} {
			if r := est / got; r < 0.94 || r > 1.4 {
				t.Errorf("%s: estimated %.1f, measured %.1f (%.2f)", m.s, est, got, r)
			}
		}
	}
}

func TestErrors(t *testing.T) {
	ok := Options{Title: "عنوان", ID: "c"}
	bar := func(b Bar) []Bar {
		if b.Label == "" {
			b.Label = "الشرق"
		}
		return []Bar{{Label: "سوس ماسة", Value: 3}, b}
	}
	tests := []struct {
		name string
		bars []Bar
		opts Options
		want string // in the error
	}{
		{"negative", bar(Bar{Value: -1}), ok, "negative value -1"},
		{"blank label", []Bar{{Label: " \t\n", Value: 1}}, ok, "empty label"},
		{"invalid UTF-8", []Bar{{Label: "a\xffb", Value: 1}}, ok, "not UTF-8"},
		{"NUL", []Bar{{Label: "a\x00b", Value: 1}}, ok, "U+0000"},
		{"noncharacter", []Bar{{Label: "a\uFFFEb", Value: 1}}, ok, "noncharacter"},
		{"C1 control in shown", bar(Bar{Value: 1, Shown: "1\u0085"}), ok, "control character"},
		{"javascript", bar(Bar{Value: 1, URL: "javascript:alert(1)"}), ok, `scheme "javascript"`},
		{"JavaScript", bar(Bar{Value: 1, URL: "JavaScript:alert(1)"}), ok, `scheme "javascript"`},
		{"space before javascript", bar(Bar{Value: 1, URL: " javascript:alert(1)"}), ok, "white space"},
		{"tab in javascript", bar(Bar{Value: 1, URL: "java\tscript:alert(1)"}), ok, "white space"},
		{"data", bar(Bar{Value: 1, URL: "data:text/html,<script>alert(1)</script>"}), ok, `scheme "data"`},
		{"vbscript", bar(Bar{Value: 1, URL: "vbscript:x"}), ok, `scheme "vbscript"`},
		{"bad URL", bar(Bar{Value: 1, URL: "http://[::1"}), ok, "URL"},
		{"no title", bar(Bar{Value: 1}), Options{ID: "c"}, "no title"},
		{"blank title", bar(Bar{Value: 1}), Options{Title: "  ", ID: "c"}, "no title"},
		{"no id", bar(Bar{Value: 1}), Options{Title: "t"}, "id"},
		{"id with digit first", bar(Bar{Value: 1}), Options{Title: "t", ID: "1c"}, "id"},
		{"id with quote", bar(Bar{Value: 1}), Options{Title: "t", ID: `c"x`}, "id"},
		{"id with space", bar(Bar{Value: 1}), Options{Title: "t", ID: "c x"}, "id"},
		{"Arabic id", bar(Bar{Value: 1}), Options{Title: "t", ID: "جهة"}, "id"},
		{"negative width", bar(Bar{Value: 1}), Options{Title: "t", ID: "c", Width: -1}, "width -1"},
		{"huge width", bar(Bar{Value: 1}), Options{Title: "t", ID: "c", Width: 1 << 40}, "out of range"},
		{"narrow width", bar(Bar{Value: 1}), Options{Title: "t", ID: "c", Width: 40}, "too narrow"},
		{"wide value", bar(Bar{Value: 1, Shown: strings.Repeat("١", 30)}), ok, "too narrow"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out, err := Bars(tc.bars, tc.opts)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %v, want an error with %q", err, tc.want)
			}
			if out != nil {
				t.Errorf("output %q with an error", out)
			}
		})
	}
	if _, err := Bars(nil, ok); !errors.Is(err, ErrNoBars) {
		t.Errorf("no bars: got %v, want ErrNoBars", err)
	}
}

// Relative and http(s) URLs are taken, whatever they hold.
func TestURLs(t *testing.T) {
	for _, u := range []string{
		"/regions/souss-massa/", "../x/", "?q=1", "#frag", "//example.org/a",
		"https://example.org/a?b=1&c=2", "HTTP://EXAMPLE.ORG/", "/الجهات/الشرق/", "./a:b",
	} {
		out, err := Bars([]Bar{{Label: "x", Value: 1, URL: u}}, Options{Title: "t", ID: "c"})
		if err != nil {
			t.Errorf("%q: %v", u, err)
			continue
		}
		if err := checkGeometry(out, []Bar{{Label: "x", Value: 1, URL: u}}, Options{Title: "t", ID: "c"}); err != nil {
			t.Errorf("%q: %v", u, err)
		}
	}
}

// Every value reaches its bar in proportion, whatever the spread.
func TestProportions(t *testing.T) {
	tests := [][]int{
		{1, 2, 3, 4, 5},
		{1_000_000, 1, 0, 999_999},
		{1<<62 - 1, 1, 1 << 61},
		{7},
		{0, 0, 1},
	}
	for _, values := range tests {
		for _, ltr := range []bool{false, true} {
			bars := make([]Bar, len(values))
			for i, v := range values {
				bars[i] = Bar{Label: strings.Repeat("ب", i+1), Value: v}
			}
			opts := Options{Title: "t", ID: "c", LTR: ltr}
			out, err := Bars(bars, opts)
			if err != nil {
				t.Fatalf("%v: %v", values, err)
			}
			if err := checkGeometry(out, bars, opts); err != nil {
				t.Errorf("%v ltr=%v: %v\n%s", values, ltr, err, out)
			}
		}
	}
}

func TestFit(t *testing.T) {
	tests := []struct {
		s    string
		max  float64
		ltr  bool
		want string
	}{
		{"abc", 10, false, "abc"},
		{"ب ب ب ب ب ب", 3, false, "ب ب…"},               // the space before the cut goes
		{"بَ بُ بِ", 1.6, false, "بَ…"},                 // marks take no room, and stay with their letter
		{"ب\u200dبببببب", 1.6, false, "ب…"},             // a joiner at the cut goes
		{"بببب", 0.5, false, "…"},                       // nothing fits
		{"ab\u2067جهة\u2069cd", 3, false, "ab\u2067ج…"}, // an isolate cut ends with its text element
		{"جهة abc", 3, false, "جهة…"},                   // the cut falls after a space
		{"abcdefgh", 3, false, "abc…\u200e"},            // Latin cut right to left: LRM keeps … after it
		{"abcdefgh", 3, true, "abc…"},
		{"جهة طنجة", 3, true, "جهة…\u200f"}, // Arabic cut left to right: RLM
		{"جهة 12345", 3.5, false, "جهة 1…"}, // digits are not a direction of their own
	}
	for _, tc := range tests {
		if got := fit(tc.s, tc.max, !tc.ltr); got != tc.want {
			t.Errorf("fit(%q, %g, ltr=%v) = %q, want %q", tc.s, tc.max, tc.ltr, got, tc.want)
		}
	}
}
