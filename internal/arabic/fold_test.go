package arabic

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestFold(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"   ", ""},
		// hamza variants
		{"أحمد", "احمد"},
		{"إقليم", "اقليم"},
		{"آسفي", "اسفي"},
		{"ٱلرحمن", "الرحمن"},
		{"مؤسسة", "موسسه"},
		{"رئيس", "رييس"},
		{"سماء", "سماء"}, // lone hamza stays
		{"مصطفى", "مصطفي"},
		{"جهة", "جهه"},
		// tashkeel, superscript alef, Quranic marks, tatweel
		{"مُحَمَّدٌ", "محمد"},
		{"ذَٰلِكَ", "ذلك"},
		{"الْكِتَابُ ۚ", "الكتاب"},
		{"مـــراكش", "مراكش"},
		{"الطَّالِبَـة", "الطالبه"},
		// Persian/Urdu look-alikes
		{"کتاب", "كتاب"},
		{"فارسی", "فارسي"},
		{"خانە", "خانه"},
		// digits
		{"٢٠٢٤", "2024"},
		{"۲۰۲۴", "2024"},
		{"سنة ٢٠٢٤م", "سنه 2024م"},
		// Latin
		{"Tétouan", "tetouan"},
		{"Inezgane-Aït Melloul", "inezgane ait melloul"},
		{"Français", "francais"},
		{"Laâyoune", "laayoune"},
		{"Œuvre Sœur", "oeuvre soeur"},
		{"Straße", "strasse"},
		{"ＦＥＳ", "fes"},
		// apostrophes and separators
		{"M'diq-Fnideq", "mdiq fnideq"},
		{"M’diq", "mdiq"},
		{"Région de l'Oriental", "region de loriental"},
		{"سوس-ماسة", "سوس ماسه"},
		{"سوس–ماسة", "سوس ماسه"},
		{"سوس—ماسة", "سوس ماسه"},
		{"dar_taliba", "dar taliba"},
		{"  a \t\n b  ", "a b"},
		{"مرحبا، كيف الحال؟", "مرحبا كيف الحال"},
		{"(CEF)", "cef"},
		// invisible characters
		{"سوس\u200cماسة", "سوس ماسه"},
		{"سوس\u200dماسة", "سوس ماسه"},
		{"سوس\u00a0ماسة", "سوس ماسه"},
		{"\u200fسوس ماسة\u200e", "سوس ماسه"},
		{"\u202bسوس\u202c", "سوس"},
		{"\u2067Rabat\u2069", "rabat"},
		{"\ufeffالرباط", "الرباط"},
		// presentation forms (PDF copy-paste)
		{"ﻷ", "لا"},
		{"ﺟﻬﺔ", "جهه"},
		// invalid UTF-8 becomes a separator
		{"a\xffb", "a b"},
		{"\xff\xfe", ""},
	}
	for _, tt := range tests {
		if got := Fold(tt.in); got != tt.want {
			t.Errorf("Fold(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if got := Fold(tt.want); got != tt.want {
			t.Errorf("Fold(%q) = %q, want it unchanged (idempotence)", tt.want, got)
		}
	}
}

// Spellings editors actually use for the same thing must share a key.
func TestFoldEquivalent(t *testing.T) {
	groups := [][]string{
		{"إنزكان آيت ملول", "إنزكان أيت ملول", "انزكان ايت ملول", "إنزكان-آيت ملول"},
		{"سوس ماسة", "سوس-ماسة", "سوس ماسه", "سُوس مَاسَة", "سوس ـ ماسة"},
		{"Tétouan", "TETOUAN", "tetouan", "Tétouan"},
		{"M'diq", "Mdiq", "M’diq", "MDIQ"},
		{"الاثنين", "الإثنين", "الاِثْنَيْن"},
		{"دار الطالبة", "دار الطالبه", "دار  الطالبة"},
		{"مستشفى", "مستشفي"},
	}
	for _, g := range groups {
		want := Fold(g[0])
		for _, s := range g[1:] {
			if got := Fold(s); got != want {
				t.Errorf("Fold(%q) = %q, want %q (same as %q)", s, got, want, g[0])
			}
		}
	}
}

func TestSlug(t *testing.T) {
	tests := []struct{ in, want string }{
		{"ⴰⵙⵏⵎⴰⵍ ⵏ ⵜⵎⵣⵣⵓⵖⵜ", "ⴰⵙⵏⵎⴰⵍ-ⵏ-ⵜⵎⵣⵣⵓⵖⵜ"}, // Tifinagh letters stay
		{"ⵜⴰⵎⵏⴰⴹⵜ ⵏ ⵙⵓⵙ-ⵎⴰⵙⵙⴰ (2024)", "ⵜⴰⵎⵏⴰⴹⵜ-ⵏ-ⵙⵓⵙ-ⵎⴰⵙⵙⴰ-2024"},
		{"دار الطالبة", "دار-الطالبة"},
		{"إقليم تارودانت", "إقليم-تارودانت"},
		{"مؤسسة الرعاية الاجتماعية", "مؤسسة-الرعاية-الاجتماعية"},
		{"مُحَمَّد", "محمد"},
		{"مـــراكش", "مراكش"},
		{"افتتاح دار الطالبة بتارودانت: ٢٠٢٤", "افتتاح-دار-الطالبة-بتارودانت-2024"},
		{"  Hello, World!  ", "hello-world"},
		{"Tétouan / Tanger", "tetouan-tanger"},
		{"Inezgane-Aït Melloul", "inezgane-ait-melloul"},
		{"L'Oriental", "l-oriental"},
		{"Œuvre", "oeuvre"},
		{"foo_bar--baz", "foo-bar-baz"},
		{"report.md", "report-md"},
		{"../../etc/passwd", "etc-passwd"},
		{"a?b#c%d", "a-b-c-d"},
		{"\u200fسوس ماسة\u200e", "سوس-ماسة"},
		{"ﻻ", "لا"},
		{"ＡＢＣ", "abc"},
		{"Итоги 2024 نتائج", "2024-نتائج"},
		{"2024 Report", "2024-report"},
		// no usable letter
		{"", ""},
		{"   ", ""},
		{"?#%./..", ""},
		{"2024", ""},
		{"٢٠٢٤", ""},
		{"ـــ", ""},
		{"Итоги", ""},
		{"\xff", ""},
	}
	for _, tt := range tests {
		if got := Slug(tt.in); got != tt.want {
			t.Errorf("Slug(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func checkFold(t *testing.T, in string) {
	out := Fold(in)
	if slow := foldSlow(in); slow != out {
		t.Fatalf("Fold(%q) = %q, but its definition gives %q", in, out, slow)
	}
	if !utf8.ValidString(out) {
		t.Fatalf("Fold(%q) = %q: invalid UTF-8", in, out)
	}
	if again := Fold(out); again != out {
		t.Fatalf("Fold not idempotent: Fold(%q) = %q, Fold(that) = %q", in, out, again)
	}
	if strings.HasPrefix(out, " ") || strings.HasSuffix(out, " ") || strings.Contains(out, "  ") {
		t.Fatalf("Fold(%q) = %q: untidy spaces", in, out)
	}
}

func checkSlug(t *testing.T, in string) {
	out := Slug(in)
	if !utf8.ValidString(out) {
		t.Fatalf("Slug(%q) = %q: invalid UTF-8", in, out)
	}
	if again := Slug(out); again != out {
		t.Fatalf("Slug not idempotent: Slug(%q) = %q, Slug(that) = %q", in, out, again)
	}
	if strings.ContainsAny(out, "/?#%. \\") || strings.Contains(out, "--") ||
		strings.HasPrefix(out, "-") || strings.HasSuffix(out, "-") {
		t.Fatalf("Slug(%q) = %q: forbidden character or stray hyphen", in, out)
	}
	for _, r := range out {
		if isBidiControl(r) || isArabicMark(r) || r == tatweel || (r >= 'A' && r <= 'Z') {
			t.Fatalf("Slug(%q) = %q: contains %U", in, out, r)
		}
	}
}

var fuzzSeeds = []string{
	"", "سوس-ماسة", "إنزكان أيت ملول", "M'diq-Fnideq", "Région de l'Oriental",
	"مُحَمَّدٌ ـــ", "ﻷ ﺟﻬﺔ", "٢٠٢٤ ۲۰۲۴", "İstanbul ß ǅ", "\u200f\u202b\ufeff",
	"a\xffb", "../..", "e\u0301\u0301", "한국어", "ᄀ\u1161", "ஜொ", "\u0B95\u0BC6\u0BBE",
}

func FuzzFold(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(checkFold)
}

func FuzzSlug(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	for _, s := range []string{"con", "CON.txt", "Lpt9 ", "com¹", "aux.", strings.Repeat("ب", 130), strings.Repeat("ﷺ", 14)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		checkSlug(t, in)
		// A slug is a folder's name: SlugProblem must judge every one.
		if out := Slug(in); len(out) > MaxSlugBytes && SlugProblem(out) == "" {
			t.Fatalf("Slug(%q) is %d bytes and SlugProblem accepts it", in, len(out))
		}
	})
}

// The fast path must agree with the definition on every rune it accepts,
// alone and between letters, and on the marks and hamza carriers around it.
func TestFoldFastMatchesDefinition(t *testing.T) {
	runes := []rune{0x00A0, 0x00AB, 0x00BB, 0x00B7, 0x00B0, 0x2022, 0x2026, 0xFEFF, 0xFFFD}
	for r := rune(0x2000); r < 0x2070; r++ {
		runes = append(runes, r)
	}
	for r := rune(0); r < 0x0800; r++ {
		runes = append(runes, r)
	}
	for _, r := range runes {
		for _, in := range []string{string(r), "ب" + string(r) + "ت", "A" + string(r) + "ٔ", string(r) + "َـ"} {
			if fast, slow := Fold(in), foldSlow(in); fast != slow {
				t.Errorf("U+%04X in %q: Fold %q, definition %q", r, in, fast, slow)
			}
		}
	}
}
