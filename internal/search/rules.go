package search

// The analysis as data. DefaultRules is written into the index (index.js,
// field "rules") and applied to queries by assets/analyze.js; Go applies the
// same rules to articles in analyze.go. Change them here only: the tests
// check that the rules still describe arabic.Fold exactly, and the browser
// test checks that the JavaScript gets the same terms as Go.

// Rules is the whole analysis as data, serialised into the index so that the
// browser applies exactly the same steps.
//
// Folding (see Fold) is, in order:
//  1. delete Apostrophes;
//  2. NFKD;
//  3. turn Space into spaces, then delete Drop;
//  4. lower-case each code point, then replace it by Map[it] if present;
//  5. turn each run of Sep into one space, trim, and compose (NFC).
//
// The regular expressions are written in the common subset of Go's regexp
// and JavaScript's (with the u flag): character classes of literal code
// points and \p{General_Category} escapes, no \u escapes.
type Rules struct {
	// Lang is the language the rules analyse (a BCP 47 code: "ar", "fr",
	// "zgh"). The browser learns it from the index, never from the page.
	Lang string `json:"lang"`
	// Elision, when set, is a regular expression matching an elided word
	// (French l' d' qu' …) with the one code point before it, or the start
	// of the text, as its group 1; each match becomes group 1 and a space,
	// before anything else (l'école → école). Empty: no elision.
	Elision string `json:"elision,omitempty"`
	// Apostrophes is a class of apostrophes, removed before NFKD so that
	// M'diq and Mdiq meet.
	Apostrophes string `json:"apostrophes"`
	// Space is a class of invisible code points that separate words
	// (ZWSP, ZWNJ, ZWJ); it is applied before Drop, which would delete them.
	Space string `json:"space"`
	// Drop is a class of code points deleted after NFKD: combining marks
	// (so tashkeel and the hamza that NFKD splits off أ إ آ ؤ ئ), the
	// Quranic marks, tatweel, format characters (bidi controls, BOM, soft
	// hyphen) and apostrophes NFKD may produce.
	Drop string `json:"drop"`
	// Map holds single code point replacements applied after lower-casing:
	// the letter equivalences of arabic.Fold that NFKD does not provide
	// (ٱ ى ة ک ی ە ھ ہ, œ ß …) and the Arabic-Indic digits.
	Map map[string]string `json:"map"`
	// Sep is a regular expression matching a run of code points that are not
	// part of a word (anything but letters, decimal digits, letter numbers
	// and spacing marks).
	Sep string `json:"sep"`

	// Stop lists the words (already folded) that are not indexed.
	Stop []string `json:"stop"`
	// MinStem is the fewest runes a stem keeps, for the affixes whose Min
	// is 0.
	MinStem int `json:"minStem"`
	// Irregular replaces whole folded words before stemming, for the few
	// frequent words whose forms no affix rule joins (امرأة/المرأة).
	Irregular map[string]string `json:"irregular"`
	// Prefixes and Suffixes are the light stemmer's affixes (folded forms),
	// each list tried in order; the first that applies is removed.
	Prefixes []Affix `json:"prefixes"`
	Suffixes []Affix `json:"suffixes"`
	// MoreSuffixes are further passes of the stemmer after Suffixes, each
	// removing at most one affix of its list (French: the plural, then a
	// final e, then a doubled consonant).
	MoreSuffixes [][]Affix `json:"moreSuffixes,omitempty"`

	// Clitics are the attached words (folded) a result's word may begin
	// with and still be highlighted for a query word: with ل, «لدار» is
	// marked when «دار» is searched. Highlighting only: the index never
	// removes them (ل is also a first root letter: لجنة).
	Clitics []string `json:"clitics,omitempty"`
	// PrefixMin is the fewest runes the word being typed (the query's
	// last) needs before it is also matched as the beginning of indexed
	// words (0: 2).
	PrefixMin int `json:"prefixMin,omitempty"`
}

// Affix is a prefix or suffix the stemmer may remove from a folded word.
type Affix struct {
	S string `json:"s"`
	// Min is the number of runes that must remain once S is removed
	// (0: Rules.MinStem).
	Min int `json:"min,omitempty"`
	// Before, for a prefix, lists the runes the remainder may begin with:
	// the prefix is removed only before one of them. Empty: any.
	Before string `json:"before,omitempty"`
	// NotAfter, for a suffix, lists the runes the remainder must not end
	// with. Empty: none.
	NotAfter string `json:"notAfter,omitempty"`
	// Add, for a suffix, replaces it (ات → ه, so that جهات meets جهة).
	Add string `json:"add,omitempty"`
}

// DefaultRules is the analysis of Arabic (and French) news text: the rules
// of Arabic pages.
var DefaultRules = newDefaultRules()

func newDefaultRules() Rules {
	r := Rules{
		Lang: "ar",
		// As arabic.isApostrophe: ' ‘ ’ ‛ ʼ ʻ ʹ ` ´ ′ ＇
		Apostrophes: "['\u2018\u2019\u201B\u02BC\u02BB\u02B9`\u00B4\u2032\uFF07]",
		Space:       "[\u200B-\u200D]",
		// Tashkeel U+064B–065F, superscript alef U+0670, Quranic marks
		// U+06D6–06ED (some are letters or symbols, not marks), tatweel, and
		// the apostrophes again (ŉ decomposes to ʼn).
		Drop: "[\\p{Mn}\\p{Me}\\p{Cf}\u064B-\u065F\u0670\u06D6-\u06ED\u0640'\u2018\u2019\u201B\u02BC\u02BB\u02B9`\u00B4\u2032\uFF07]",
		Map: map[string]string{
			"ٱ": "ا", "ٲ": "ا", "ٳ": "ا", // alef wasla, alef with wavy hamza
			"ى": "ي",                     // alef maqsura
			"ة": "ه",                     // ta marbuta
			"ک": "ك",                     // keheh (Persian kaf)
			"ی": "ي",                     // Farsi yeh
			"ە": "ه", "ھ": "ه", "ہ": "ه", // Kurdish ae, heh doachashmee, heh goal
			"œ": "oe", "æ": "ae", "ø": "o", "đ": "d", "ð": "d", "ł": "l",
			"ı": "i", "ħ": "h", "þ": "th", "ß": "ss",
		},
		Sep:     "[^\\p{L}\\p{Nd}\\p{Nl}\\p{Mc}]+",
		MinStem: 3,
		Stop: []string{
			// Prepositions, conjunctions, particles (folded: على → علي,
			// إلى → الي, أن/إن → ان). علي is also the name Ali and الي
			// also آلي (automatic): both are lost to search, as in every
			// folded Arabic stop list.
			"في", "من", "علي", "الي", "عن", "مع", "الا", "او", "ثم",
			"بل", "لكن", "حتي", "منذ", "عند", "لدي", "بين", "خلال", "حول",
			"ضمن", "قبل", "بعد", "حيث", "كما", "قد", "لقد", "ان", "انه",
			"انها", "لا", "ما", "لم", "لن", "اذا", "اذ", "اي", "كل", "غير",
			"ايضا", "تم", "يتم",
			// Demonstratives, relatives, pronouns, kana.
			"هذا", "هذه", "هذان", "هذين", "هاتان", "هاتين", "هولاء", "ذلك",
			"تلك", "الذي", "التي", "الذين", "اللذان", "اللذين", "اللتان",
			"اللتين", "اللاتي", "اللواتي", "هو", "هي", "هم", "هن", "نحن",
			"كان", "كانت", "كانوا", "يكون", "تكون",
			"به", "بها", "له", "لها", "منه", "منها", "عليه", "عليها", "فيها",
			// The same with the conjunction و or ف attached.
			// (Not والي: "and to", but also the governor, a wali.)
			"وفي", "ومن", "وعلي", "وعن", "ومع", "وهو", "وهي", "ولا",
			"ولم", "وقد", "وان", "وكان", "وكانت", "وكما", "وتم", "وهذا",
			"وهذه", "وذلك", "فقد", "فان",
			// French and English function words.
			"le", "la", "les", "de", "des", "du", "et", "en", "au", "aux",
			"un", "une", "a", "pour", "par", "sur", "dans", "avec",
			"the", "of", "and",
		},
		Irregular: map[string]string{
			"امراه": "مراه", // امرأة: as in المرأة, للمرأة
			// آلاف folds to الاف, which the article rule reads as ال + اف:
			// give الآلاف the same path.
			"الالاف": "الاف",
		},
		Prefixes: []Affix{
			// The article, alone or after a conjunction or preposition
			// (ل + ال is written لل): removed when two runes remain, so
			// that nouns of two letters (الدم، اليد، الأم) meet their bare
			// form.
			{S: "وبال", Min: 2}, {S: "ولل", Min: 2}, {S: "وال", Min: 2}, {S: "بال", Min: 2}, {S: "كال", Min: 2},
			{S: "فال", Min: 2}, {S: "لل", Min: 2}, {S: "ال", Min: 2},
			// A bare و, ب or ل is often the word's first root letter
			// (وزارة, ولاية, وجدة, بناء, بنيات, برنامج, بلدية, لقاء,
			// لائحة). It is removed only before the letters that open
			// derived forms — م (مفعل, مفاعل), ت (تفعيل), and for و also
			// ن ي (verbs) — with four runes left, and و, ب before ا
			// (أفعال, إفعال, place names: وأطفال, بإقليم) with five left.
			// ف and ك are never removed alone: فترة, فتيات, كتابة, كمية.
			// So بجهة, بدار, لجهة keep their preposition: the price of not
			// breaking بداية, بلدية, لجنة.
			{S: "و", Min: 4, Before: "متني"},
			{S: "و", Min: 5, Before: "ا"},
			{S: "ب", Min: 4, Before: "مت"},
			{S: "ب", Min: 5, Before: "ا"}, // بإقليم, بأكادير (but باحثين)
			{S: "ل", Min: 4, Before: "مت"},
		},
		Suffixes: []Affix{
			// Nisba (-iyy, -iyya and their plurals) goes whole, but only
			// from long words, so that جمعية/جمعيات, كلية/كليات,
			// ولاية/ولايات and حماية keep their ي and still meet.
			{S: "يات", Min: 4}, {S: "يين", Min: 4}, {S: "يون", Min: 4},
			// Sound feminine plural; from a two-rune stem it becomes the
			// ة (folded ه) that the singular keeps: جهات → جهه = جهة.
			{S: "ات"}, {S: "ات", Min: 2, Add: "ه"},
			// Sound masculine plural, from four-rune stems only: تكوين,
			// تمكين, تعيين keep their ين.
			{S: "ين", Min: 4}, {S: "ون", Min: 4},
			// Possessive "her"; nisba; ta marbuta or "his"; nisba masculine.
			{S: "ها"}, {S: "يه", Min: 4}, {S: "ه"}, {S: "ي", Min: 4},
			// Latin plural -s, from words of four letters or more, not -ss
			// (souss).
			{S: "s", NotAfter: "s"},
			// The dual -ان and the pronouns -هم -هن -كم -نا are left
			// alone: they end too many nouns (إنسان, مهرجان, برلمان,
			// درهم, مساهم, كورونا) for a light stemmer to tell.
		},
	}
	for i := range 10 { // Arabic-Indic and Eastern Arabic-Indic digits
		r.Map[string(rune('\u0660'+i))] = string(rune('0' + i))
		r.Map[string(rune('\u06F0'+i))] = string(rune('0' + i))
	}
	// The conjunctions و ف, the prepositions ب ل ك, and a conjunction
	// before a preposition: «لدار», «وبجهة» are highlighted for دار, جهة.
	r.Clitics = []string{"وب", "ول", "وك", "فب", "فل", "فك", "و", "ف", "ب", "ل", "ك"}
	return r
}
