package chart

import (
	"bytes"
	"testing"
)

// FuzzBars draws a chart of three bars from the fuzzer's labels, values,
// URL and width: it must not panic, and what it draws must be well-formed,
// the same twice, and as checkGeometry expects.
func FuzzBars(f *testing.F) {
	f.Add("الدار البيضاء سطات", 12, "Casablanca", 0, "<&>\"'", 3, "١٢", "/r/?a=1&b=2", 0, false)
	f.Add("مؤسسات الرعاية الاجتماعية بالوسط القروي", 1<<40, "ب", 1, "a\u202eb", 0, "", "", 200, true)
	f.Add(" ", 1, "x", -1, "y", 1, "\x00", "javascript:alert(1)", 41, false)
	f.Fuzz(func(t *testing.T, l1 string, v1 int, l2 string, v2 int, l3 string, v3 int, shown, url string, width int, ltr bool) {
		bars := []Bar{{Label: l1, Value: v1, URL: url}, {Label: l2, Value: v2, Shown: shown}, {Label: l3, Value: v3}}
		opts := Options{Title: l2 + " " + l1, ID: "f", Width: width % 2000, LTR: ltr}
		out, err := Bars(bars, opts)
		if err != nil {
			if out != nil {
				t.Fatalf("output with error %v", err)
			}
			return
		}
		if err := checkGeometry(out, bars, opts); err != nil {
			t.Fatalf("%v\n%s", err, out)
		}
		if again, _ := Bars(bars, opts); !bytes.Equal(out, again) {
			t.Fatal("two runs differ")
		}
	})
}
