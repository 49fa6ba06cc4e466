package search

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/jihat/jihat/internal/arabic"
)

// analyzeCases are real words and phrases with their terms. The browser
// test runs the same inputs through assets/analyze.js.
var analyzeCases = []struct {
	in   string
	want []string
}{
	// مركز: article, attached prefixes, tashkeel, tatweel. The broken
	// plural مراكز keeps its own stem.
	{"مركز", []string{"مركز"}},
	{"المركز", []string{"مركز"}},
	{"مَرْكَزٌ", []string{"مركز"}},
	{"مـركـز", []string{"مركز"}},
	{"فالمركز", []string{"مركز"}},
	{"مراكز", []string{"مراكز"}},
	{"والمراكز", []string{"مراكز"}},
	// جهة: too short to lose its ة; the plural's ات becomes that ة.
	{"جهة", []string{"جهه"}},
	{"الجهة", []string{"جهه"}},
	{"بالجهة", []string{"جهه"}},
	{"جهات", []string{"جهه"}},
	{"للجهات", []string{"جهه"}},
	{"الجهوية", []string{"جهوي"}},
	// مؤسسة: hamza, diacritics, plural, article + preposition.
	{"مؤسسة", []string{"موسس"}},
	{"مُؤَسَّسَة", []string{"موسس"}},
	{"موسسة", []string{"موسس"}},
	{"المؤسسات", []string{"موسس"}},
	{"بالمؤسسة", []string{"موسس"}},
	{"ومؤسسات", []string{"موسس"}},
	{"طالبة", []string{"طالب"}},
	{"الطالبات", []string{"طالب"}},
	{"إعاقة", []string{"اعاق"}},
	{"الإعاقة", []string{"اعاق"}},
	{"الاعاقة", []string{"اعاق"}},
	{"إعاقه", []string{"اعاق"}},
	{"وإعاقة", []string{"اعاق"}},
	{"امرأة", []string{"مرا"}},
	{"للمرأة", []string{"مرا"}},
	{"للنساء", []string{"نساء"}},
	{"تكوين", []string{"تكوين"}},
	{"بالتكوين", []string{"تكوين"}},
	{"وتكوين", []string{"تكوين"}},
	{"الحماية", []string{"حماي"}},
	{"الطفولة", []string{"طفول"}},
	{"أطفال", []string{"اطفال"}},
	{"للأطفال", []string{"اطفال"}},
	{"وأطفال", []string{"اطفال"}},
	{"الدار", []string{"دار"}},
	// First root letters that look like prefixes stay.
	{"وزارة", []string{"وزار"}},
	{"وزيرة", []string{"وزير"}},
	{"ولاية", []string{"ولاي"}},
	{"ولايات", []string{"ولاي"}},
	{"وجدة", []string{"وجد"}},
	{"بناء", []string{"بناء"}},
	{"فاس", []string{"فاس"}},
	{"لقاء", []string{"لقاء"}},
	{"كلية", []string{"كلي"}},
	{"كليات", []string{"كلي"}},
	{"بلدية", []string{"بلدي"}},
	{"برنامج", []string{"برنامج"}},
	{"جمعيات", []string{"جمعي"}},
	{"الوطنية", []string{"وطني"}},
	{"الاجتماعية", []string{"اجتماع"}},
	{"اجتماعي", []string{"اجتماع"}},
	{"المستشفى", []string{"مستشف"}},
	{"المستشفيات", []string{"مستشف"}},
	{"المستفيدين", []string{"مستفيد"}},
	{"مستفيدون", []string{"مستفيد"}},
	{"الوالي", []string{"والي"}},
	{"مهرجانات", []string{"مهرجان"}},
	{"بإقليم", []string{"اقليم"}},
	{"الإقليمي", []string{"اقليم"}},
	{"بتارودانت", []string{"تارودانت"}},
	{"برامجها", []string{"برامج"}},
	{"آلاف", []string{"اف"}},
	{"الدم", []string{"دم"}},
	{"اليد", []string{"يد"}},
	// Known misses of a light stemmer, pinned so that a change is seen:
	// ل before ح is not removed, and the longer word then loses يه.
	{"لحماية", []string{"لحما"}},
	{"بجهة", []string{"بجه"}},
	// Phrases, stop words.
	{"دار الطالبة بتارودانت", []string{"دار", "طالب", "تارودانت"}},
	{"المبادرة الوطنية للتنمية البشرية", []string{"مبادر", "وطني", "تنمي", "بشري"}},
	{"تم تدشين مركز لحماية الطفولة في إنزكان آيت ملول", []string{"تدشين", "مركز", "لحما", "طفول", "انزكان", "ايت", "ملول"}},
	{"الأطفال في وضعية إعاقة", []string{"اطفال", "وضعي", "اعاق"}},
	{"هذه المؤسسة التي", []string{"موسس"}},
	{"في من على إلى عن مع", nil},
	{"الجهة، والجهة؛ الجهة!", []string{"جهه", "جهه", "جهه"}},
	{"سوس-ماسة", []string{"سوس", "ماس"}},
	{"ﺟﻬﺔ", []string{"جهه"}},
	// Digits.
	{"٢٠٢٤", []string{"2024"}},
	{"۲۰۲۴", []string{"2024"}},
	{"سنة ٢٠٢٤", []string{"سنه", "2024"}},
	// Latin.
	{"Souss-Massa", []string{"souss", "massa"}},
	{"Aït Melloul", []string{"ait", "melloul"}},
	{"INDH", []string{"indh"}},
	{"Région de l'Oriental", []string{"region", "loriental"}},
	{"les associations", []string{"association"}},
	{"Drâa-Tafilalet", []string{"draa", "tafilalet"}},
	{"bus", []string{"bus"}},
	{"", nil},
	{"  ـ  ", nil},
}

func TestTerms(t *testing.T) {
	for _, tt := range analyzeCases {
		if got := DefaultRules.Terms(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("Terms(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// Forms of one word that a search must treat as one.
var meetGroups = [][]string{
	{"مؤسسة", "مُؤَسَّسَة", "موسسة", "مؤسسه", "المؤسسة", "مؤسسات", "المؤسسات", "بالمؤسسة", "ومؤسسات", "للمؤسسات"},
	{"مركز", "المركز", "فالمركز", "بالمركز", "مـركـز", "للمركز"},
	{"مراكز", "والمراكز", "المراكز"},
	{"جهة", "الجهة", "بالجهة", "جهات", "الجهات", "للجهات", "جهه"},
	{"جهوي", "الجهوية", "جهوية", "الجهوي"},
	{"طالبة", "الطالبة", "طالبات", "الطالبات", "طالب", "الطالب"},
	{"إعاقة", "الإعاقة", "الاعاقة", "إعاقه", "اعاقة", "وإعاقة"},
	{"امرأة", "المرأة", "للمرأة", "امراة"},
	{"نساء", "النساء", "للنساء"},
	{"تكوين", "التكوين", "بالتكوين", "وتكوين", "تكوينات"},
	{"حماية", "الحماية", "حمايه"},
	{"طفولة", "الطفولة", "للطفولة"},
	{"أطفال", "الأطفال", "للأطفال", "اطفال", "وأطفال", "والأطفال"},
	{"دار", "الدار"},
	{"وزارة", "الوزارة", "وزاره"},
	{"ولاية", "الولاية", "ولايات", "الولايات"},
	{"جمعية", "الجمعية", "جمعيات", "الجمعيات", "للجمعيات"},
	{"وطني", "الوطني", "وطنية", "الوطنية"},
	{"اجتماعي", "الاجتماعي", "الاجتماعية", "اجتماعية"},
	{"مستشفى", "المستشفى", "مستشفيات", "المستشفيات", "مستشفي"},
	{"مستفيد", "المستفيد", "المستفيدين", "مستفيدون", "المستفيدات"},
	{"إقليم", "الإقليم", "بإقليم", "الإقليمي", "الإقليمية"},
	{"مديرية", "المديرية", "مديريات"},
	{"كلية", "الكلية", "كليات"},
	{"لغة", "اللغة", "لغات"},
	{"والي", "الوالي"},
	{"آلاف", "الآلاف", "الاف"},
	{"association", "associations", "Associations"},
}

func TestFormsMeet(t *testing.T) {
	for _, g := range meetGroups {
		want := DefaultRules.Terms(g[0])
		if len(want) != 1 {
			t.Fatalf("Terms(%q) = %q, want one term", g[0], want)
		}
		for _, w := range g[1:] {
			if got := DefaultRules.Terms(w); !slices.Equal(got, want) {
				t.Errorf("Terms(%q) = %q, want %q (as %q)", w, got, want, g[0])
			}
		}
	}
}

// Different words that a careless stemmer would merge.
var apartPairs = [][2]string{
	{"وزارة", "زيارة"},
	{"وزارة", "زار"},   // و is a root letter: not the verb "visited"
	{"وحدة", "حدة"},    // unit, sharpness
	{"وجهة", "جهة"},    // destination, region
	{"وجدة", "جدة"},    // Oujda, Jeddah
	{"وطن", "طن"},      // homeland, ton
	{"بطاقة", "طاقة"},  // card, energy
	{"لجنة", "جنة"},    // committee, paradise
	{"بنيات", "نية"},   // infrastructures, intention
	{"مهرجان", "مهرج"}, // festival, clown (no -ان)
	{"إنسان", "أنس"},   // human, Anas
	{"تأمين", "تام"},   // insurance, complete (no -ين from تفعيل)
	{"دار", "دور"},     // house, role
	{"كتابة", "تابع"},  // ك is not removed alone
	{"مركز", "مراكز"},  // broken plural: a light stemmer cannot join them
	{"Souss", "sous"},  // no -s after s
}

func TestWordsStayApart(t *testing.T) {
	for _, p := range apartPairs {
		a, b := DefaultRules.Terms(p[0]), DefaultRules.Terms(p[1])
		if len(a) != 1 || len(b) != 1 {
			t.Fatalf("Terms(%q) = %q, Terms(%q) = %q, want one term each", p[0], a, p[1], b)
		}
		if a[0] == b[0] {
			t.Errorf("%q and %q share the stem %q", p[0], p[1], a[0])
		}
	}
}

// foldByRules is the Go twin of fold in assets/analyze.js: arabic.Fold
// computed from the Rules' data alone. If it equals arabic.Fold, the data
// the browser receives describes the project's normalisation.
func foldByRules(r *Rules, re *ruleRegexps, s string) string {
	s = strings.ToValidUTF8(s, " ") // JS: lone surrogates
	s = re.apostrophes.ReplaceAllString(s, "")
	s = norm.NFKD.String(s)
	s = re.space.ReplaceAllString(s, " ")
	s = re.drop.ReplaceAllString(s, "")
	var b strings.Builder
	for _, c := range s {
		c = unicode.ToLower(c)
		if m, ok := r.Map[string(c)]; ok {
			b.WriteString(m)
		} else {
			b.WriteRune(c)
		}
	}
	s = re.sep.ReplaceAllString(b.String(), " ")
	return norm.NFC.String(strings.Trim(s, " "))
}

type ruleRegexps struct{ apostrophes, space, drop, sep *regexp.Regexp }

func compileRules(t testing.TB, r *Rules) *ruleRegexps {
	t.Helper()
	var re ruleRegexps
	for _, x := range []struct {
		p   **regexp.Regexp
		src string
	}{{&re.apostrophes, r.Apostrophes}, {&re.space, r.Space}, {&re.drop, r.Drop}, {&re.sep, r.Sep}} {
		c, err := regexp.Compile(x.src)
		if err != nil {
			t.Fatalf("rule %q: %v", x.src, err)
		}
		*x.p = c
	}
	return &re
}

// Every code point, alone and between letters, folds the same by the Rules
// as by arabic.Fold.
func TestRulesDescribeFold(t *testing.T) {
	re := compileRules(t, &DefaultRules)
	check := func(s string) {
		t.Helper()
		if got, want := foldByRules(&DefaultRules, re, s), arabic.Fold(s); got != want {
			t.Errorf("fold by rules %q = %q, arabic.Fold = %q", s, got, want)
		}
	}
	for _, tt := range analyzeCases {
		check(tt.in)
	}
	for _, s := range browserExtras {
		check(s)
	}
	// Every code point Go's Unicode tables know, and a sample of the others.
	unassigned := unicode.Categories["Cn"]
	sample := rune(97)
	if testing.Short() {
		sample = 7919
	}
	for c := rune(0); c <= unicode.MaxRune; c++ {
		if !utf8.ValidRune(c) || unicode.Is(unassigned, c) && c%sample != 0 {
			continue
		}
		s := string(c)
		check(s)
		check("ب" + s + "ت")
		check("E" + s + "e")
		if t.Failed() {
			return
		}
	}
}

func TestRulesWellFormed(t *testing.T) {
	r := &DefaultRules
	if r.MinStem < 2 {
		t.Errorf("MinStem = %d", r.MinStem)
	}
	for k, v := range r.Map {
		if utf8.RuneCountInString(k) != 1 {
			t.Errorf("Map key %q is not one code point", k)
		}
		if got := arabic.Fold(k); got != v {
			t.Errorf("Map[%q] = %q, arabic.Fold gives %q", k, v, got)
		}
	}
	folded := func(what, s string) {
		if arabic.Fold(s) != s || s == "" || strings.Contains(s, " ") {
			t.Errorf("%s %q is not one folded word (%q)", what, s, arabic.Fold(s))
		}
	}
	seen := map[string]bool{}
	for _, w := range r.Stop {
		folded("stop word", w)
		if seen[w] {
			t.Errorf("stop word %q twice", w)
		}
		seen[w] = true
	}
	for k, v := range r.Irregular {
		folded("irregular word", k)
		folded("irregular replacement", v)
	}
	for _, list := range [][]Affix{r.Prefixes, r.Suffixes} {
		for _, a := range list {
			folded("affix", a.S)
			if a.Min != 0 && a.Min < 2 {
				t.Errorf("affix %q: Min %d leaves less than two runes", a.S, a.Min)
			}
			for _, s := range []string{a.Before, a.NotAfter, a.Add} {
				if s != "" {
					folded("affix condition", s)
				}
			}
		}
	}
	// The JSON the index carries keeps every field.
	data, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	var back Rules
	if err := json.Unmarshal(data, &back); err != nil {
		t.Fatal(err)
	}
	for _, tt := range analyzeCases {
		if got := back.Terms(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("after a JSON round trip, Terms(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// The script must run in every browser the site supports: ES2018, classic.
func TestAnalyzeJSIsES2018(t *testing.T) {
	src := string(AnalyzeJS)
	// Features newer than ES2018, and modules.
	for _, bad := range []string{"?.", "??", "import ", "export ", "replaceAll", "matchAll", "flatMap", ".flat(", "fromEntries", "isWellFormed", "toWellFormed", ".at(", "hasOwn(", "/v"} {
		if strings.Contains(src, bad) {
			t.Errorf("analyze.js uses %q", bad)
		}
	}
	if !utf8.ValidString(src) {
		t.Error("analyze.js is not UTF-8")
	}
	for i, c := range src {
		if c > unicode.MaxASCII {
			t.Errorf("analyze.js has non-ASCII %q at byte %d: file:// may decode it as another charset", c, i)
			break
		}
	}
}

func FuzzTerms(f *testing.F) {
	for _, tt := range analyzeCases {
		f.Add(tt.in)
	}
	for _, s := range browserExtras {
		f.Add(s)
	}
	re := compileRules(f, &DefaultRules)
	f.Fuzz(func(t *testing.T, s string) {
		r := &DefaultRules
		folded := r.Fold(s)
		if byRules := foldByRules(r, re, s); byRules != folded {
			t.Fatalf("fold by rules %q = %q, arabic.Fold = %q", s, byRules, folded)
		}
		terms := r.Terms(s)
		if again := r.Terms(folded); !slices.Equal(again, terms) {
			t.Fatalf("Terms(%q) = %q, Terms(Fold) = %q", s, terms, again)
		}
		// Analysis is word by word: the terms of the text are those of its
		// folded words, in order; a word gives one term unless it is a
		// stop word, and that term is a piece of the word (after Irregular),
		// possibly followed by a suffix's replacement, and stays folded.
		var each []string
		if folded != "" {
			for _, w := range strings.Split(folded, " ") {
				ts := r.Terms(w)
				if len(ts) != 1 && !(len(ts) == 0 && slices.Contains(r.Stop, w)) {
					t.Fatalf("Terms(%q) = %q, want one term", w, ts)
				}
				for _, term := range ts {
					if term == "" || strings.Contains(term, " ") || arabic.Fold(term) != term {
						t.Fatalf("Terms(%q) has term %q", w, term)
					}
					if !isPieceOf(r, term, w) {
						t.Fatalf("Terms(%q) = %q: not a piece of the word", w, term)
					}
				}
				each = append(each, ts...)
			}
		}
		if !slices.Equal(terms, each) {
			t.Fatalf("Terms(%q) = %q, word by word %q", s, terms, each)
		}
	})
}

func isPieceOf(r *Rules, term, word string) bool {
	if v, ok := r.Irregular[word]; ok {
		word = v
	}
	if strings.Contains(word, term) {
		return true
	}
	for _, a := range r.Suffixes {
		if p, ok := strings.CutSuffix(term, a.Add); ok && a.Add != "" && strings.Contains(word, p) {
			return true
		}
	}
	return false
}

func ExampleRules_Terms() {
	for _, s := range []string{
		"مؤسسة", "المؤسسات", "بالمؤسسة", "مُؤَسَّسَة",
		"جهة", "بالجهة", "الجهات",
		"وزارة", "ولاية", "والمراكز",
		"دار الطالبة بتارودانت ٢٠٢٤",
		"Les associations de Souss-Massa",
	} {
		fmt.Printf("%s → %s\n", s, strings.Join(DefaultRules.Terms(s), " | "))
	}
	// Output:
	// مؤسسة → موسس
	// المؤسسات → موسس
	// بالمؤسسة → موسس
	// مُؤَسَّسَة → موسس
	// جهة → جهه
	// بالجهة → جهه
	// الجهات → جهه
	// وزارة → وزار
	// ولاية → ولاي
	// والمراكز → مراكز
	// دار الطالبة بتارودانت ٢٠٢٤ → دار | طالب | تارودانت | 2024
	// Les associations de Souss-Massa → association | souss | massa
}

func BenchmarkTerms(b *testing.B) {
	text := strings.Repeat("افتتح والي جهة سوس ماسة مركزا جديدا لحماية الطفولة بإقليم تارودانت، لفائدة الأطفال في وضعية إعاقة والمؤسسات الاجتماعية. ", 20)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		DefaultRules.Terms(text)
	}
}
