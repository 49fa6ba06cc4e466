package msg

import (
	"errors"
	"io/fs"
	"slices"
	"strings"
	"testing"
)

func TestLocalize(t *testing.T) {
	fr := &Catalog{lang: "fr", translations: map[string]string{
		"unknown region %q%v":  "région inconnue %q%v",
		" (did you mean %q?)":  " (vouliez-vous dire %q ?)",
		"%s is given %d times": "%[2]d fois : %[1]s",
		"cannot read %s: %w":   "impossible de lire %s : %w",
	}}
	suggestion := New(" (did you mean %q?)", "souss-massa")
	tests := []struct {
		name      string
		m         Message
		en, local string
	}{
		{"nested message", New("unknown region %q%v", "Sous-Masa", suggestion),
			`unknown region "Sous-Masa" (did you mean "souss-massa"?)`, `région inconnue "Sous-Masa" (vouliez-vous dire "souss-massa" ?)`},
		{"arguments reordered", New("%s is given %d times", "title", 3), "title is given 3 times", "3 fois : title"},
		{"untranslated stays English", New("no such %s", "thing"), "no such thing", "no such thing"},
		{"zero", Message{}, "", ""},
		{"plain kinds", New("%d %v %.1f %q %c", uint8(7), true, float32(1.25), []string{"a", "b"}, 'ج'), `7 true 1.2 ["a" "b"] ج`, `7 true 1.2 ["a" "b"] ج`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.m.String(); got != tt.en {
				t.Errorf("English %q, want %q", got, tt.en)
			}
			if got := tt.m.Localize(fr); got != tt.local {
				t.Errorf("French %q, want %q", got, tt.local)
			}
		})
	}
}

// Errorf is fmt.Errorf: the same text and the same chain, and its own
// text and wrapped Jihat errors translate.
func TestErrorf(t *testing.T) {
	fr := &Catalog{lang: "fr", translations: map[string]string{"cannot read %s: %w": "impossible de lire %s : %w", "inner %d": "intérieur %d"}}
	inner := Errorf("inner %d", 1)
	err := Errorf("cannot read %s: %w", "a.md", inner)
	if err.Error() != "cannot read a.md: inner 1" {
		t.Errorf("Error() = %q", err.Error())
	}
	if !errors.Is(err, inner) {
		t.Error("the wrapped error is lost")
	}
	if got := Text(err, fr); got != "impossible de lire a.md : intérieur 1" {
		t.Errorf("Text = %q", got)
	}
	sys := Errorf("cannot read %s: %w", "b.md", fs.ErrNotExist)
	if !errors.Is(sys, fs.ErrNotExist) || Text(sys, fr) != "impossible de lire b.md : file does not exist" {
		t.Errorf("a system error: %q", Text(sys, fr))
	}
	joined := errors.Join(Errorf("inner %d", 2), errors.New("plain"))
	if got := Text(joined, fr); got != "intérieur 2\nplain" {
		t.Errorf("joined: %q", got)
	}
}

func TestVerbs(t *testing.T) {
	tests := []struct {
		format string
		want   []string
		bad    bool
	}{
		{"%s and %d%%", []string{"1:s", "2:d"}, false},
		{"%[2]d %[1]q", []string{"1:q", "2:d"}, false},
		{"%-10s %.1f %w", []string{"1:s", "2:f", "3:v"}, false},
		{"%*d", []string{"1:*", "2:d"}, false},
		{"bad %", nil, true},
		{"%[x]s", nil, true},
	}
	for _, tt := range tests {
		got, err := Verbs(tt.format)
		if (err != nil) != tt.bad || !slices.Equal(got, tt.want) {
			t.Errorf("Verbs(%q) = %v, %v; want %v (error: %v)", tt.format, got, err, tt.want, tt.bad)
		}
	}
}

func TestChoose(t *testing.T) {
	tests := []struct{ env, site, want string }{
		{"", "", "ar"}, {"", "fr", "fr"}, {"en", "ar", "en"}, {" AR ", "fr", "ar"}, {"", "zgh", "ar"},
	}
	for _, tt := range tests {
		c, err := Choose(tt.env, tt.site)
		if err != nil || c.Lang() != tt.want {
			t.Errorf("Choose(%q, %q) = %s, %v; want %s", tt.env, tt.site, c.Lang(), err, tt.want)
		}
	}
	if _, err := Choose("xx", "ar"); err == nil || !strings.Contains(err.Error(), "JIHAT_LANG") {
		t.Errorf("an unknown JIHAT_LANG: %v", err)
	}
	ar, _ := For("ar")
	if ar.Dir() != "rtl" || (*Catalog)(nil).Dir() != "ltr" {
		t.Error("writing directions")
	}
}
