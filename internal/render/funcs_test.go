package render

import (
	"testing"
	"time"

	"github.com/jihat/jihat/internal/content"
)

func TestBidi(t *testing.T) {
	cases := []struct{ in, want string }{
		{"برنامج INDH بجهة سوس", `برنامج <bdi dir="ltr">INDH</bdi> بجهة سوس`},
		{"عمالة Inezgane-Aït Melloul اليوم", `عمالة <bdi dir="ltr">Inezgane-Aït Melloul</bdi> اليوم`},
		{"«Entraide Nationale»", `«<bdi dir="ltr">Entraide Nationale</bdi>»`},
		{"M'diq-Fnideq 2024", `<bdi dir="ltr">M&#39;diq-Fnideq</bdi> 2024`},
		{"<script>", `&lt;<bdi dir="ltr">script</bdi>&gt;`},
		{"نص عربي فقط", "نص عربي فقط"},
	}
	for _, tc := range cases {
		if got := string(bidi(tc.in)); got != tc.want {
			t.Errorf("bidi(%q) = %s, want %s", tc.in, got, tc.want)
		}
	}
}

func TestISODate(t *testing.T) {
	casa := time.FixedZone("", 3600)
	cases := []struct {
		t    time.Time
		want string
	}{
		{time.Date(2024, 2, 5, 0, 0, 0, 0, time.UTC), "2024-02-05"},
		{time.Date(2024, 2, 5, 10, 30, 0, 0, casa), "2024-02-05T10:30:00+01:00"},
		{time.Date(2024, 2, 5, 0, 0, 0, 0, casa), "2024-02-05"},                                    // Morocco's offset that day, as the cache keeps it
		{time.Date(2024, 2, 5, 0, 0, 0, 0, time.FixedZone("", 7200)), "2024-02-05T00:00:00+02:00"}, // another zone's midnight
		{time.Date(2024, 2, 5, 0, 0, 0, 0, content.Morocco), "2024-02-05"},                         // a day written alone
		{time.Date(2024, 2, 5, 10, 30, 0, 0, content.Morocco), "2024-02-05T10:30:00+01:00"},
	}
	for _, tc := range cases {
		if got := isoDate(tc.t); got != tc.want {
			t.Errorf("isoDate(%v) = %s, want %s", tc.t, got, tc.want)
		}
	}
}
