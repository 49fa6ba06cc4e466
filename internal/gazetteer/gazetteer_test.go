package gazetteer

import (
	"bytes"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/jihat/jihat/internal/arabic"
)

func mustDefault(t *testing.T) *Gazetteer {
	t.Helper()
	g, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func TestCounts(t *testing.T) {
	g := mustDefault(t)
	prefectures, provinces := 0, 0
	for _, p := range g.Provinces() {
		switch p.Kind {
		case "prefecture":
			prefectures++
		case "province":
			provinces++
		}
	}
	for _, c := range []struct {
		what      string
		got, want int
	}{
		{"regions", len(g.Regions()), 12},
		{"prefectures and provinces", len(g.Provinces()), 75},
		{"prefectures", prefectures, 13},
		{"provinces", provinces, 62},
		{"facility types", len(g.FacilityTypes()), 32},
	} {
		if c.got != c.want {
			t.Errorf("%s: %d, want %d", c.what, c.got, c.want)
		}
	}
}

func TestStructure(t *testing.T) {
	g := mustDefault(t)
	slugs := map[string]bool{}
	unique := func(slug string) {
		if slugs[slug] {
			t.Errorf("slug %q used twice", slug)
		}
		slugs[slug] = true
		if !validSlug(slug) || arabic.Slug(slug) != slug {
			t.Errorf("slug %q is not a canonical slug", slug)
		}
	}
	var all []*Province
	for i, r := range g.Regions() {
		unique(r.Slug)
		if i > 0 && g.Regions()[i-1].Code >= r.Code {
			t.Errorf("regions not ordered by code at %s", r.Code)
		}
		if g.Region(r.Slug) != r {
			t.Errorf("Region(%q) does not return the listed region", r.Slug)
		}
		if len(r.Provinces) == 0 {
			t.Errorf("region %s has no provinces", r.Slug)
		}
		for _, p := range r.Provinces {
			if p.Region != r {
				t.Errorf("province %s: Region = %v, want %s", p.Slug, p.Region, r.Slug)
			}
			if g.Province(p.Slug) != p {
				t.Errorf("Province(%q) does not return the listed province", p.Slug)
			}
			if !strings.HasPrefix(p.Code, r.Code+".") {
				t.Errorf("province %s: code %s outside region %s", p.Slug, p.Code, r.Code)
			}
			prefix := map[string]string{"prefecture": "عمالة ", "province": "إقليم "}[p.Kind]
			if p.NameARFull != prefix+p.NameAR {
				t.Errorf("province %s: NameARFull %q, want %q", p.Slug, p.NameARFull, prefix+p.NameAR)
			}
			all = append(all, p)
		}
	}
	if !slices.Equal(all, g.Provinces()) {
		t.Error("Provinces() is not the regions' provinces in order")
	}
	typeSlugs := map[string]bool{}
	for _, ft := range g.FacilityTypes() {
		if typeSlugs[ft.Slug] || !validSlug(ft.Slug) {
			t.Errorf("facility type slug %q duplicated or invalid", ft.Slug)
		}
		typeSlugs[ft.Slug] = true
		if g.FacilityType(ft.Slug) != ft {
			t.Errorf("FacilityType(%q) does not return the listed type", ft.Slug)
		}
	}
	if ft := g.FacilityTypes()[0]; ft.Slug != "education-training-centre" {
		t.Errorf("first facility type %q, want file order", ft.Slug)
	}
	if g.Region("nowhere") != nil || g.Province("") != nil || g.FacilityType("Dar-Taliba") != nil {
		t.Error("slug accessors must only accept exact slugs")
	}
}

// The shipped data must not make any spelling ambiguous.
func TestNoCollisions(t *testing.T) {
	g := mustDefault(t)
	for _, c := range g.Collisions() {
		t.Errorf("%s key %q shared by %v", c.Kind, c.Key, c.Slugs)
	}
}

// Every name and alias in the data resolves to its own entry, also with the
// type word added.
func TestEveryNameResolves(t *testing.T) {
	g := mustDefault(t)
	for _, r := range g.Regions() {
		names := append([]string{r.Slug, r.NameAR, r.NameFR, r.NameARFull, r.NameFRFull,
			"جهة " + r.NameAR, "Région de " + r.NameFR, "Région " + r.NameFR}, r.Aliases...)
		for _, n := range names {
			if got, ok := g.FindRegion(n); !ok || got != r {
				t.Errorf("FindRegion(%q) = %v, %v; want %s", n, got, ok, r.Slug)
			}
		}
	}
	for _, p := range g.Provinces() {
		names := append([]string{p.Slug, p.NameAR, p.NameFR, p.NameARFull, p.NameFRFull,
			"إقليم " + p.NameAR, "عمالة " + p.NameAR, "Province de " + p.NameFR,
			"Préfecture de " + p.NameFR}, p.Aliases...)
		for _, n := range names {
			if got, ok := g.FindProvince(n); !ok || got != p {
				t.Errorf("FindProvince(%q) = %v, %v; want %s", n, got, ok, p.Slug)
			}
		}
	}
	for _, ft := range g.FacilityTypes() {
		for _, n := range facilityNames(ft) {
			for _, v := range []string{n, stripArticles(arabic.Fold(n))} {
				if got, ok := g.FindFacilityType(v); !ok || got != ft {
					t.Errorf("FindFacilityType(%q) = %v, %v; want %s", v, got, ok, ft.Slug)
				}
			}
		}
	}
}

func TestFindRegion(t *testing.T) {
	g := mustDefault(t)
	tests := []struct{ in, want string }{
		{"سوس ماسة", "souss-massa"},
		{"جهة سوس-ماسة", "souss-massa"},
		{"جهة سوس ماسه", "souss-massa"},
		{"souss-massa", "souss-massa"},
		{"Souss-Massa", "souss-massa"},
		{"SOUSS MASSA", "souss-massa"},
		{"Région Souss-Massa", "souss-massa"},
		{"Région de Souss-Massa", "souss-massa"},
		{"سُوس مَاسَة", "souss-massa"},
		{"L'Oriental", "oriental"},
		{"Oriental", "oriental"},
		{"Région de l'Oriental", "oriental"},
		{"Région de l’Oriental", "oriental"},
		{"الشرق", "oriental"},
		{"جهة الشرق", "oriental"},
		{"الجهة الشرقية", "oriental"},
		{"Tanger-Tétouan-Al Hoceïma", "tanger-tetouan-al-hoceima"},
		{"tanger tetouan al hoceima", "tanger-tetouan-al-hoceima"},
		{"طنجة-تطوان-الحسيمة", "tanger-tetouan-al-hoceima"},
		{"Grand Casablanca-Settat", "casablanca-settat"},
		{"جهة الدار البيضاء-سطات", "casablanca-settat"},
		{"مراكش أسفي", "marrakech-safi"},
		{"كلميم وادي نون", "guelmim-oued-noun"},
		{"الداخلة واد الذهب", "dakhla-oued-ed-dahab"},
		{"Dakhla-Oued Eddahab", "dakhla-oued-ed-dahab"},
		{"Laâyoune-Sakia El Hamra", "laayoune-sakia-el-hamra"},
		{"العيون - الساقية الحمراء", "laayoune-sakia-el-hamra"},
		{"Drâa-Tafilalet", "draa-tafilalet"},
		{"Béni Mellal-Khénifra", "beni-mellal-khenifra"},
		{"\u200fجهة فاس مكناس\u200f", "fes-meknes"},
	}
	for _, tt := range tests {
		r, ok := g.FindRegion(tt.in)
		if !ok || r.Slug != tt.want {
			t.Errorf("FindRegion(%q) = %v, %v; want %s", tt.in, r, ok, tt.want)
		}
	}
}

func TestFindProvince(t *testing.T) {
	g := mustDefault(t)
	tests := []struct{ in, want string }{
		{"إقليم تارودانت", "taroudannt"},
		{"اقليم تارودانت", "taroudannt"},
		{"تارودانت", "taroudannt"},
		{"Taroudant", "taroudannt"},
		{"Taroudannt", "taroudannt"},
		{"Province de Taroudant", "taroudannt"},
		{"Inezgane-Aït Melloul", "inezgane-ait-melloul"},
		{"إنزكان أيت ملول", "inezgane-ait-melloul"},
		{"إنزكان آيت ملول", "inezgane-ait-melloul"},
		{"عمالة إنزكان آيت ملول", "inezgane-ait-melloul"},
		{"عمالة انزكان-ايت ملول", "inezgane-ait-melloul"},
		{"Préfecture d'Inezgane-Aït Melloul", "inezgane-ait-melloul"},
		{"Prefecture Inezgane Ait Melloul", "inezgane-ait-melloul"},
		{"M'diq-Fnideq", "mdiq-fnideq"},
		{"M’diq Fnideq", "mdiq-fnideq"},
		{"Mdiq-Fnideq", "mdiq-fnideq"},
		{"المضيق-الفنيدق", "mdiq-fnideq"},
		{"Province d'Al Hoceïma", "al-hoceima"},
		{"province d'al hoceima", "al-hoceima"},
		{"Province de Al Hoceima", "al-hoceima"},
		{"إقليم الحسيمة", "al-hoceima"},
		{"الحسيمه", "al-hoceima"},
		{"Fès", "fes"},
		{"FES", "fes"},
		{"عمالة فاس", "fes"},
		{"Préfecture de Fès", "fes"},
		{"Province de Fès", "fes"}, // wrong type word, still clear
		{"إقليم فاس", "fes"},
		{"الناضور", "nador"},
		{"فكيك", "figuig"},
		{"كرسيف", "guercif"},
		{"El Kelâa des Sraghna", "el-kelaa-des-sraghna"},
		{"Kelaat Sraghna", "el-kelaa-des-sraghna"},
		{"إقليم قلعة السراغنة", "el-kelaa-des-sraghna"},
		{"Smara", "es-semara"},
		{"السمارة", "es-semara"},
		{"آسفي", "safi"},
		{"اسفي", "safi"},
		{"Mohammédia", "mohammadia"},
		{"ابن سليمان", "benslimane"},
		{"Agadir-Ida-Ou-Tanane", "agadir-ida-outanane"},
		{"أكادير إدا وتنان", "agadir-ida-outanane"},
		{"الدار البيضاء", "casablanca"},
		{"إقليم وادي الذهب", "oued-ed-dahab"},
		{"۰", ""},
	}
	for _, tt := range tests {
		p, ok := g.FindProvince(tt.in)
		if tt.want == "" {
			if ok {
				t.Errorf("FindProvince(%q) = %s, want no match", tt.in, p.Slug)
			}
			continue
		}
		if !ok || p.Slug != tt.want {
			t.Errorf("FindProvince(%q) = %v, %v; want %s", tt.in, p, ok, tt.want)
		}
	}
}

func TestFindFacilityType(t *testing.T) {
	g := mustDefault(t)
	tests := []struct{ in, want string }{
		{"دار الطالبة", "dar-taliba"},
		{"دار الطالبه", "dar-taliba"},
		{"دار طالبة", "dar-taliba"}, // without the article
		{"دار-الطالبة", "dar-taliba"},
		{"دور الطالبة", "dar-taliba"}, // plural alias
		{"dar-taliba", "dar-taliba"},
		{"Dar Taliba", "dar-taliba"},
		{"Maison de l'étudiante", "dar-taliba"},
		{"دار الطالب", "dar-taleb"},
		{"دار طالب", "dar-taleb"},
		{"مركز التربية والتكوين", "education-training-centre"},
		{"مركز للتربية والتكوين", "education-training-centre"}, // indefinite alias
		{"مراكز التربية والتكوين", "education-training-centre"},
		{"مركز تربية وتكوين", "education-training-centre"},
		{"CEF", "education-training-centre"},
		{"Centre d'éducation et de formation (CEF)", "education-training-centre"},
		{"centre d'education et de formation", "education-training-centre"},
		{"حاضنة اجتماعية", "social-incubator"},
		{"الحاضنات الاجتماعية", "social-incubator"},
		{"حاضنات اجتماعية", "social-incubator"},
		{"Crèche", "creche"},
		{"creche", "creche"},
		{"دار الحضانة", "creche"},
		{"مُؤَسَّسَةُ الرِّعَايَةِ الاجْتِمَاعِيَّةِ", "social-protection-establishment"},
		{"مؤسسة الرعاية الاجتماعية للأطفال", "childrens-home"},
		{"مؤسسة رعاية اجتماعية لأطفال", "childrens-home"},
		{"مركز الإسعاف الاجتماعي", "samu-social-children-centre"},
		{"الإسعاف الاجتماعي المتنقل", "samu-social"},
		{"Samu social", "samu-social"},
		{"SAMU social pour enfants", "samu-social-children-centre"},
		{"مركز الاستماع", "womens-listening-centre"},
		{"مراكز الاستماع", "womens-listening-centre"},
		{"روض الأطفال", "kindergarten"},
		{"رياض الاطفال", "kindergarten"},
		{"Jardin d'enfants", "kindergarten"},
		{"المركز السوسيو رياضي للقرب", "socio-sports-proximity-centre"},
		{"ملعب القرب", "socio-sports-proximity-centre"},
		{"مركز تصفية الدم", "hemodialysis-centre"},
		{"مركز لتصفية الدم", "hemodialysis-centre"},
		{"Centre d'hémodialyse", "hemodialysis-centre"},
		{"دار الشباب", "youth-centre"},
		{"Dar Chabab", "youth-centre"},
		{"UPE", "child-protection-unit"},
		{"Unité de protection de l'enfance", "child-protection-unit"},
	}
	for _, tt := range tests {
		ft, ok := g.FindFacilityType(tt.in)
		if tt.want == "" {
			if ok {
				t.Errorf("FindFacilityType(%q) = %s, want no match", tt.in, ft.Slug)
			}
			continue
		}
		if !ok || ft.Slug != tt.want {
			t.Errorf("FindFacilityType(%q) = %v, %v; want %s", tt.in, ft, ok, tt.want)
		}
	}
}

func TestUnknownStaysUnknown(t *testing.T) {
	g := mustDefault(t)
	for _, s := range []string{"", "   ", "-", "باريس", "Paris", "Île-de-France", "جهة", "Région",
		"إقليم", "تارودانت سوس", "xyzzy"} {
		if r, ok := g.FindRegion(s); ok {
			t.Errorf("FindRegion(%q) = %s", s, r.Slug)
		}
		if p, ok := g.FindProvince(s); ok {
			t.Errorf("FindProvince(%q) = %s", s, p.Slug)
		}
		if ft, ok := g.FindFacilityType(s); ok {
			t.Errorf("FindFacilityType(%q) = %s", s, ft.Slug)
		}
	}
	// Each vocabulary only knows its own entries.
	for _, s := range []string{"تارودانت", "Taroudant", "الدار البيضاء", "دار الطالبة"} {
		if r, ok := g.FindRegion(s); ok {
			t.Errorf("FindRegion(%q) = %s", s, r.Slug)
		}
	}
	for _, s := range []string{"سوس ماسة", "جهة الشرق", "الدار البيضاء سطات", "دار الطالبة"} {
		if p, ok := g.FindProvince(s); ok {
			t.Errorf("FindProvince(%q) = %s", s, p.Slug)
		}
	}
	for _, s := range []string{"تارودانت", "سوس ماسة"} {
		if ft, ok := g.FindFacilityType(s); ok {
			t.Errorf("FindFacilityType(%q) = %s", s, ft.Slug)
		}
	}
}

func TestSuggest(t *testing.T) {
	g := mustDefault(t)
	tests := []struct {
		kind     Kind
		in, want string
	}{
		{KindRegion, "سوس ماسا", "سوس ماسة"},
		{KindRegion, "جهة سوس ماسا", "سوس ماسة"},
		{KindRegion, "Sous Massa", "سوس ماسة"},
		{KindRegion, "Marakech-Safi", "مراكش آسفي"},
		{KindRegion, "فاس مكناص", "فاس مكناس"},
		{KindRegion, "Draa Tafilalt", "درعة تافيلالت"},
		{KindRegion, "جهة الشرقيه", "الشرق"},
		{KindRegion, "سوس ماسة", "سوس ماسة"}, // exact match suggests itself
		{KindRegion, "باريس", ""},
		{KindRegion, "Île-de-France", ""},
		{KindProvince, "tarudant", "تارودانت"},
		{KindProvince, "Tarodant", "تارودانت"},
		{KindProvince, "تارودانط", "تارودانت"},
		{KindProvince, "إقليم تارودانط", "تارودانت"},
		{KindProvince, "Ouarzazat", "ورزازات"},
		{KindProvince, "ورزازت", "ورزازات"},
		{KindProvince, "Chefchaoun", "شفشاون"},
		{KindProvince, "Casablanka", "الدار البيضاء"},
		{KindProvince, "Inzegane Ait Meloul", "إنزكان آيت ملول"},
		{KindProvince, "الحوز الكبير", ""},
		{KindProvince, "باريس", ""},
		{KindProvince, "Lyon", ""},
		{KindFacilityType, "روض الاطفل", "روض الأطفال"},
		{KindFacilityType, "مركز الاستماغ", "مركز الاستماع والإرشاد القانوني للنساء ضحايا العنف"},
		{KindFacilityType, "Maison des jeuns", "دار الشباب"},
		{KindFacilityType, "Centre d'hémodialise", "مركز تصفية الدم"},
		{KindFacilityType, "حاضنه اجتماعيه", "الحاضنة الاجتماعية"},
		{KindFacilityType, "مستشفى جامعي", ""},
		{KindFacilityType, "", ""},
		// a city standing for its prefecture: leading words of one entry
		{KindProvince, "Tanger", "طنجة أصيلة"},
		{KindProvince, "أكادير", "أكادير إداوتنان"},
		{KindProvince, "Oujda", "وجدة أنجاد"},
		{KindProvince, "Skhirate", "الصخيرات تمارة"},
		{KindProvince, "سيدي", ""}, // four provinces start with it
		{KindRegion, "Casablanca", "الدار البيضاء سطات"},
		{KindRegion, "الداخلة", "الداخلة وادي الذهب"},
		{KindFacilityType, "مركز", ""},
		{KindFacilityType, "Centre", ""},
	}
	for _, tt := range tests {
		var got string
		switch tt.kind {
		case KindRegion:
			got = g.SuggestRegion(tt.in)
		case KindProvince:
			got = g.SuggestProvince(tt.in)
		case KindFacilityType:
			got = g.SuggestFacilityType(tt.in)
		}
		if got != tt.want {
			t.Errorf("Suggest %s (%q) = %q, want %q", tt.kind, tt.in, got, tt.want)
		}
	}
}

// Equal distances must resolve the same way every time (map order varies).
func TestSuggestDeterministic(t *testing.T) {
	g := mustDefault(t)
	// "دار الطالبت" is one edit from both دار الطالبة and دار الطالب; the type
	// listed first wins.
	for range 20 {
		if got := g.SuggestFacilityType("دار الطالبت"); got != "دار الطالبة" {
			t.Fatalf("SuggestFacilityType = %q, want دار الطالبة", got)
		}
		if got := g.SuggestProvince("Tasa"); got != "تازة" { // taza before tata
			t.Fatalf("SuggestProvince(Tasa) = %q, want تازة", got)
		}
	}
}

func TestLevenshtein(t *testing.T) {
	for _, tt := range []struct {
		a, b string
		d    int
	}{
		{"", "", 0}, {"", "abc", 3}, {"abc", "", 3}, {"kitten", "sitting", 3},
		{"سوس ماسه", "سوس ماسا", 1}, {"تارودانت", "تارودنت", 1}, {"flaw", "lawn", 2},
	} {
		if got := arabic.EditDistance([]rune(tt.a), []rune(tt.b)); got != tt.d {
			t.Errorf("levenshtein(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.d)
		}
	}
}

func TestStripArticles(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"دار الطالبه", "دار طالبه"},
		{"مركز التربيه والتكوين", "مركز تربيه وتكوين"},
		{"التمكين الاقتصادي للنساء", "تمكين اقتصادي لنساء"},
		{"مركز التكوين بالتدرج المهني", "مركز تكوين بتدرج مهني"},
		{"الي", "الي"}, // too short to be an article plus a word
		{"cef", "cef"},
	} {
		if got := stripArticles(tt.in); got != tt.want {
			t.Errorf("stripArticles(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestDefaultIsSharedAndReadOnly(t *testing.T) {
	g1, g2 := mustDefault(t), mustDefault(t)
	if g1 != g2 {
		t.Error("Default should return the cached gazetteer")
	}
	rs := g1.Regions()
	rs[0] = nil
	if g2.Regions()[0] == nil {
		t.Error("Regions() must return a copy of the slice")
	}
	ts := g1.FacilityTypes()
	ts[0] = nil
	if g2.FacilityTypes()[0] == nil {
		t.Error("FacilityTypes() must return a copy of the slice")
	}
}

func TestWithFacilityTypes(t *testing.T) {
	g := mustDefault(t)
	extra := []FacilityType{
		{Slug: "youth-hostel", NameAR: "مخيم صيفي", NameFR: "Colonie de vacances", Group: "youth/students",
			Aliases: []string{"المخيمات الصيفية"}},
		{Slug: "womens-cooperative", NameAR: "تعاونية نسائية", Group: "women"},
	}
	g2, err := g.WithFacilityTypes(extra)
	if err != nil {
		t.Fatal(err)
	}
	extra[0].NameAR = "changed by caller" // must not leak into g2
	if n := len(g2.FacilityTypes()); n != 34 {
		t.Errorf("extended gazetteer has %d types, want 34", n)
	}
	if last := g2.FacilityTypes()[33]; last.Slug != "womens-cooperative" {
		t.Errorf("extras must follow the built-in types, last is %q", last.Slug)
	}
	for _, s := range []string{"مخيم صيفي", "المخيم الصيفي", "مخيمات صيفية", "colonie de vacances", "youth-hostel"} {
		if ft, ok := g2.FindFacilityType(s); !ok || ft.Slug != "youth-hostel" || ft.NameAR != "مخيم صيفي" {
			t.Errorf("extended FindFacilityType(%q) = %v, %v", s, ft, ok)
		}
	}
	if got := g2.SuggestFacilityType("تعاونيه نساءية"); got != "تعاونية نسائية" {
		t.Errorf("extended SuggestFacilityType = %q", got)
	}
	if ft, ok := g2.FindFacilityType("دار الطالبة"); !ok || ft != g.FacilityType("dar-taliba") {
		t.Error("extended gazetteer lost a built-in type")
	}
	if g2.Region("souss-massa") != g.Region("souss-massa") {
		t.Error("extended gazetteer should share the regions")
	}
	// The original is untouched.
	if len(g.FacilityTypes()) != 32 || g.FacilityType("youth-hostel") != nil {
		t.Error("WithFacilityTypes modified the receiver")
	}
	if _, ok := g.FindFacilityType("مخيم صيفي"); ok {
		t.Error("WithFacilityTypes leaked into the receiver's index")
	}
	if d := mustDefault(t); len(d.FacilityTypes()) != 32 {
		t.Error("WithFacilityTypes leaked into Default()")
	}
	// Extending an extended gazetteer works too.
	g3, err := g2.WithFacilityTypes([]FacilityType{{Slug: "soup-kitchen", NameAR: "مطعم الرحمة"}})
	if err != nil || len(g3.FacilityTypes()) != 35 || len(g2.FacilityTypes()) != 34 {
		t.Errorf("second extension: err %v", err)
	}
}

func TestWithFacilityTypesRejects(t *testing.T) {
	g := mustDefault(t)
	tests := []struct {
		name  string
		extra []FacilityType
		want  []string // substrings of the error
	}{
		{"same slug", []FacilityType{{Slug: "dar-taliba", NameAR: "دار جديدة"}},
			[]string{`"dar-taliba"`, "دار جديدة", "دار الطالبة"}},
		{"same Arabic name after folding", []FacilityType{{Slug: "girls-hostel", NameAR: "دار الطالبه"}},
			[]string{`"girls-hostel"`, `"dar-taliba"`}},
		{"name equals an alias", []FacilityType{{Slug: "x", NameAR: "جديد", Aliases: []string{"دور الطالبة"}}},
			[]string{`"x"`, `"dar-taliba"`}},
		{"French name", []FacilityType{{Slug: "y", NameAR: "جديد", NameFR: "CRÈCHE"}},
			[]string{`"y"`, `"creche"`}},
		{"slug equals a name", []FacilityType{{Slug: "creche", NameAR: "جديد"}},
			[]string{`"creche"`}},
		{"two extras", []FacilityType{
			{Slug: "a-one", NameAR: "مركز جديد"},
			{Slug: "a-two", NameAR: "مركز-جديد"},
		}, []string{`"a-two"`, `"a-one"`}},
		{"bad slug", []FacilityType{{Slug: "Dar Jdida", NameAR: "دار جديدة"}}, []string{"slug"}},
		{"empty slug", []FacilityType{{NameAR: "دار جديدة"}}, []string{"slug"}},
		{"no Arabic name", []FacilityType{{Slug: "z", NameFR: "Zed"}}, []string{"Arabic name"}},
	}
	for _, tt := range tests {
		_, err := g.WithFacilityTypes(tt.extra)
		if err == nil {
			t.Errorf("%s: no error", tt.name)
			continue
		}
		for _, w := range tt.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: error %q does not mention %s", tt.name, err, w)
			}
		}
	}
	if len(g.FacilityTypes()) != 32 {
		t.Error("a rejected extension modified the receiver")
	}
}

// A derived (article-less) key shared by two entries is dropped and reported.
func TestAmbiguousKey(t *testing.T) {
	g, err := mustDefault(t).WithFacilityTypes([]FacilityType{{Slug: "odd", NameAR: "الدار طالبة"}})
	if err != nil {
		t.Fatal(err)
	}
	if ft, ok := g.FindFacilityType("دار طالبة"); ok {
		t.Errorf("ambiguous key resolved to %s", ft.Slug)
	}
	if got := g.Ambiguous(KindFacilityType, "دار طالبة"); !slices.Equal(got, []string{"dar-taliba", "odd"}) {
		t.Errorf("Ambiguous = %v", got)
	}
	if got := g.Ambiguous(KindFacilityType, "دار الطالبة"); got != nil {
		t.Errorf("Ambiguous on a resolvable key = %v", got)
	}
	cs := g.Collisions()
	if len(cs) != 1 || cs[0].Kind != KindFacilityType || cs[0].Key != "دار طالبه" {
		t.Errorf("Collisions = %+v", cs)
	}
	for _, s := range []string{"دار الطالبة", "الدار طالبة"} {
		if _, ok := g.FindFacilityType(s); !ok {
			t.Errorf("exact name %q no longer resolves", s)
		}
	}
}

func TestParseRejectsBrokenData(t *testing.T) {
	regions, err := os.ReadFile("data/morocco-regions.json")
	if err != nil {
		t.Fatal(err)
	}
	types, err := os.ReadFile("data/facility-types.json")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := parse(regions, types); err != nil {
		t.Fatalf("shipped data: %v", err)
	}
	edit := func(data []byte, old, new string) []byte {
		if !bytes.Contains(data, []byte(old)) {
			t.Fatalf("test data lacks %q", old)
		}
		return bytes.Replace(data, []byte(old), []byte(new), 1)
	}
	tests := []struct {
		name           string
		regions, types []byte
		want           string
	}{
		{"region count", edit(regions, `"regions": 12`, `"regions": 13`), types, "counts say 13"},
		{"wrong parent", edit(regions, `"region": "oriental"`, `"region": "fes-meknes"`), types, `listed under "oriental"`},
		{"duplicate slug", edit(regions, `"slug": "tetouan"`, `"slug": "tanger-assilah"`), types, "duplicate slug"},
		{"bad kind", edit(regions, `"kind": "province"`, `"kind": "cercle"`), types, "cercle"},
		{"type count", regions, edit(types, `"types": 32`, `"types": 31`), "counts say 31"},
		{"unknown group", regions, edit(types, `"group": "elderly"`, `"group": "seniors"`), "seniors"},
		{"bad JSON", regions, types[:100], "facility-types.json"},
	}
	for _, tt := range tests {
		_, err := parse(tt.regions, tt.types)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: error %v, want one mentioning %q", tt.name, err, tt.want)
		}
	}
}

func BenchmarkDefaultParse(b *testing.B) {
	regions, _ := dataFS.ReadFile("data/morocco-regions.json")
	types, _ := dataFS.ReadFile("data/facility-types.json")
	for b.Loop() {
		if _, err := parse(regions, types); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSuggestProvince(b *testing.B) {
	g, _ := Default()
	for b.Loop() {
		g.SuggestProvince("Inzegane Ait Meloul")
	}
}
