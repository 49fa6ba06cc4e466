package arabic

import (
	"strings"
	"testing"
)

// Every name a file system or Windows cannot hold is told, with why; the
// names next to them are not.
func TestSlugProblem(t *testing.T) {
	const device = "Windows reserves that name for a device, so a site holding it could not be copied or unzipped there"
	long := func(n int) string {
		return "it is " + itoa(n) + " bytes long, and a folder name holds at most 255 (about 127 Arabic letters or 255 Latin letters and digits)"
	}
	cases := []struct{ slug, want string }{
		{"con", device}, {"CON", device}, {"Con.txt", device}, {"con.tar.gz", device}, {"con ", device},
		{"prn", device}, {"aux", device}, {"nul", device}, {"NUL.md", device},
		{"com0", device}, {"com1", device}, {"COM9", device}, {"lpt1", device}, {"LPT9.log", device},
		{"com¹", device}, {"lpt³", device}, {"conin$", device}, {"CONOUT$", device},
		{"visit.", "it ends with a dot or a space, which Windows removes from folder names"},
		{"visit ", "it ends with a dot or a space, which Windows removes from folder names"},
		{strings.Repeat("a", 255), ""},
		{strings.Repeat("a", 256), long(256)},
		{strings.Repeat("ب", 127), ""},
		{strings.Repeat("ب", 128), long(256)},
		{strings.Repeat("ب", 130), long(260)},
		{"", ""}, {"con-txt", ""}, {"console", ""}, {"icon", ""}, {"com", ""}, {"com10", ""},
		{"lpt", ""}, {"auxiliary", ""}, {"nul-1", ""}, {"كون", ""}, {"زيارة-ميدانية", ""},
	}
	for _, tc := range cases {
		if got := SlugProblem(tc.slug); got != tc.want {
			t.Errorf("SlugProblem(%q) = %q, want %q", tc.slug, got, tc.want)
		}
	}
}

func itoa(n int) string {
	s := ""
	for ; n > 0; n /= 10 {
		s = string(rune('0'+n%10)) + s
	}
	return s
}

// Slug never makes a name ending in a dot or a space, nor one with a dot
// (so con.txt becomes con-txt, which Windows holds).
func TestSlugOfReservedLookingNames(t *testing.T) {
	for in, want := range map[string]string{"CON.txt": "con-txt", "con": "con", "Lpt9 ": "lpt9", "aux.": "aux", "visit...": "visit"} {
		if got := Slug(in); got != want {
			t.Errorf("Slug(%q) = %q, want %q", in, got, want)
		}
	}
}

// The characters a page cannot hold, and their neighbours that it can.
func TestUnprintable(t *testing.T) {
	bad := []rune{0, 1, 7, 8, 0x0B, 0x0C, 0x0E, 0x1B, 0x1F, 0x7F, 0x80, 0x85, 0x9F,
		0xFDD0, 0xFDEF, 0xFFFE, 0xFFFF, 0x1FFFE, 0x1FFFF, 0x10FFFE, 0x10FFFF}
	good := []rune{'\t', '\n', '\r', ' ', '~', 0xA0, 0xAD, 0x200F, 0xFDCF, 0xFDF0, 0xFDFA,
		0xFEFF, 0xFFFD, 0x10000, 0x1FFFD, 'ب', 'é'}
	for _, r := range bad {
		if !Unprintable(r) {
			t.Errorf("U+%04X printable", r)
		}
		s := "بب" + string(r) + "ت"
		if i, got, size := NextUnprintable([]byte(s)); i != 4 || got != r || size != len(string(r)) {
			t.Errorf("NextUnprintable(%q) = %d, %U, %d", s, i, got, size)
		}
	}
	for _, r := range good {
		if Unprintable(r) {
			t.Errorf("U+%04X unprintable", r)
		}
		if i, _, _ := NextUnprintable([]byte("a" + string(r))); i >= 0 {
			t.Errorf("NextUnprintable found U+%04X", r)
		}
	}
	if i, _, _ := NextUnprintable([]byte("a\xffb\xc2")); i >= 0 {
		t.Errorf("invalid UTF-8 reported at %d", i)
	}
}

// NextUnprintable, the fast scan, agrees with Unprintable on every input.
func FuzzUnprintable(f *testing.F) {
	for _, s := range append(fuzzSeeds, "a\x00b", "\u0085", "\ufffe\U0010ffff", "\xef\xbf", "\xc2") {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want := -1
		for i, r := range s {
			if Unprintable(r) { // invalid bytes range as U+FFFD, printable
				want = i
				break
			}
		}
		if got, _, _ := NextUnprintable([]byte(s)); got != want {
			t.Fatalf("NextUnprintable(%q) = %d, want %d", s, got, want)
		}
	})
}
