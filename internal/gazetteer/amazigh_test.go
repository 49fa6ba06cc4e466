package gazetteer

import (
	"os"
	"strings"
	"testing"
	"unicode"
)

// zghEntry is one entry of the real data with its Amazigh names, for the
// table-driven tests below.
type zghEntry struct {
	kind Kind
	slug string
	zgh  Amazigh
}

func zghEntries(g *Gazetteer) []zghEntry {
	var out []zghEntry
	for _, r := range g.Regions() {
		out = append(out, zghEntry{KindRegion, r.Slug, r.ZGH})
	}
	for _, p := range g.Provinces() {
		out = append(out, zghEntry{KindProvince, p.Slug, p.ZGH})
	}
	for _, t := range g.FacilityTypes() {
		out = append(out, zghEntry{KindFacilityType, t.Slug, t.ZGH})
	}
	return out
}

// TestAmazighNamesAreTifinagh checks every Tifinagh name of the embedded data
// rune by rune: letters of the Tifinagh block, spaces and hyphens only, so no
// Latin or Arabic letter is mixed in. It logs how many entries have a name.
func TestAmazighNamesAreTifinagh(t *testing.T) {
	g := mustDefault(t)
	filled := map[Kind]int{}
	total := map[Kind]int{}
	for _, e := range zghEntries(g) {
		total[e.kind]++
		if e.zgh.Has() {
			filled[e.kind]++
		}
		for _, form := range []struct{ name, s string }{{"name", e.zgh.Name}, {"name_full", e.zgh.NameFull}} {
			if form.s == "" {
				continue
			}
			t.Run(e.kind.String()+"/"+e.slug+"/"+form.name, func(t *testing.T) {
				if !validTifinagh(form.s) {
					t.Errorf("%q is not in Tifinagh only", form.s)
				}
				for i, c := range form.s {
					tifinagh := c >= 0x2D30 && c <= 0x2D7F
					if !tifinagh && c != ' ' && c != '-' {
						t.Errorf("%q: %U at byte %d is neither Tifinagh, space nor hyphen", form.s, c, i)
					}
					if unicode.Is(unicode.Latin, c) || unicode.Is(unicode.Arabic, c) {
						t.Errorf("%q: Latin or Arabic letter %q at byte %d", form.s, c, i)
					}
				}
				if strings.TrimSpace(form.s) != form.s || strings.Contains(form.s, "  ") {
					t.Errorf("%q: stray spaces", form.s)
				}
			})
		}
	}
	for _, k := range []Kind{KindRegion, KindProvince, KindFacilityType} {
		t.Logf("zgh names: %d of %d %ss", filled[k], total[k], k)
	}
}

// TestAmazighSources checks that every filled name says where it was read
// (the file and the field, and the Wikidata item it is the label of) and
// that an entry without a name has no source either.
func TestAmazighSources(t *testing.T) {
	g := mustDefault(t)
	for _, e := range zghEntries(g) {
		t.Run(e.kind.String()+"/"+e.slug, func(t *testing.T) {
			a := e.zgh
			if !a.Has() {
				if a.SourceURL != "" || a.SourceField != "" {
					t.Errorf("no name but a source: %+v", a)
				}
				return
			}
			if !strings.HasPrefix(a.SourceURL, "https://") {
				t.Errorf("source URL %q", a.SourceURL)
			}
			if a.SourceField == "" {
				t.Error("no source field")
			}
			if !strings.HasPrefix(a.WikidataURL(), "https://www.wikidata.org/wiki/Q") {
				t.Errorf("Wikidata item %q", a.Wikidata)
			}
		})
	}
}

// TestAmazighNamesDistinct guards against a source giving one entry the name
// of another (as it did for Benslimane, labelled with Khénifra's name).
func TestAmazighNamesDistinct(t *testing.T) {
	g := mustDefault(t)
	seen := map[string]string{}
	for _, e := range zghEntries(g) {
		for _, n := range []string{e.zgh.Name, e.zgh.NameFull} {
			if n == "" {
				continue
			}
			if other, ok := seen[n]; ok {
				t.Errorf("%s and %s share the zgh name %q", other, e.slug, n)
			}
			seen[n] = e.slug
		}
	}
}

// TestAmazighTypeWords checks that a full name starts with a type word of its
// kind and a bare one with none, so that the two forms are not mixed up.
func TestAmazighTypeWords(t *testing.T) {
	g := mustDefault(t)
	regionWord := "ⵜⴰⵎⵏⴰⴹⵜ ⵏ "
	provinceWords := []string{"ⵜⴰⵎⵏⴱⴰⴹⵜ ⵏ ", "ⵜⴰⵙⴳⴰ ⵏ ", regionWord} // the last for one province, noted in the data
	startsWithAny := func(s string, words []string) bool {
		for _, w := range words {
			if strings.HasPrefix(s, w) {
				return true
			}
		}
		return false
	}
	all := append([]string{regionWord}, provinceWords...)
	for _, e := range zghEntries(g) {
		if e.zgh.Name != "" && startsWithAny(e.zgh.Name, all) {
			t.Errorf("%s: bare name %q has a type word", e.slug, e.zgh.Name)
		}
		switch {
		case e.zgh.NameFull == "":
		case e.kind == KindRegion && !strings.HasPrefix(e.zgh.NameFull, regionWord):
			t.Errorf("region %s: full name %q does not start with %q", e.slug, e.zgh.NameFull, regionWord)
		case e.kind == KindProvince && !startsWithAny(e.zgh.NameFull, provinceWords):
			t.Errorf("province %s: full name %q has no type word", e.slug, e.zgh.NameFull)
		case e.kind == KindProvince && strings.HasPrefix(e.zgh.NameFull, regionWord) && e.zgh.Note == "":
			t.Errorf("province %s: full name %q uses the region word without a note", e.slug, e.zgh.NameFull)
		}
	}
}

func TestNameInLanguage(t *testing.T) {
	g := mustDefault(t)
	souss := g.Region("souss-massa")
	draa := g.Region("draa-tafilalet")
	taroudannt := g.Province("taroudannt")
	benslimane := g.Province("benslimane")
	taliba := g.FacilityType("dar-taliba")
	type named interface {
		Name(string) (string, bool)
	}
	type fullNamed interface {
		FullName(string) (string, bool)
	}
	tests := []struct {
		what   string
		entry  any
		full   bool
		lang   string
		want   string
		wantOK bool
	}{
		{"region ar", souss, false, "ar", "سوس ماسة", true},
		{"region fr", souss, false, "fr", "Souss-Massa", true},
		{"region fr full", souss, true, "fr", "Région de Souss-Massa", true},
		{"region zgh full", souss, true, "zgh", "ⵜⴰⵎⵏⴰⴹⵜ ⵏ ⵙⵓⵙ ⵎⴰⵙⵙⵜ", true},
		{"region zgh tag", souss, true, "zgh-Tfng", "ⵜⴰⵎⵏⴰⴹⵜ ⵏ ⵙⵓⵙ ⵎⴰⵙⵙⵜ", true},
		{"region zgh bare falls back", souss, false, "zgh", "سوس ماسة", false},
		{"region zgh bare", draa, false, "ZGH", "ⴷⵔⴰ ⵜⴰⴼⵉⵍⴰⵍⵜ", true},
		{"region zgh full falls back", draa, true, "zgh", "جهة درعة تافيلالت", false},
		{"region unknown language", souss, false, "en", "سوس ماسة", false},
		{"province zgh full", taroudannt, true, "zgh", "ⵜⴰⵎⵏⴱⴰⴹⵜ ⵏ ⵜⴰⵔⵓⴷⴰⵏⵜ", true},
		{"province fr", taroudannt, false, "fr-MA", "Taroudannt", true},
		{"province without source", benslimane, true, "zgh", benslimane.NameARFull, false},
		{"type ar", taliba, false, "ar", "دار الطالبة", true},
		{"type zgh falls back", taliba, false, "zgh", "دار الطالبة", false},
	}
	for _, tt := range tests {
		var got string
		var ok bool
		if tt.full {
			got, ok = tt.entry.(fullNamed).FullName(tt.lang)
		} else {
			got, ok = tt.entry.(named).Name(tt.lang)
		}
		if got != tt.want || ok != tt.wantOK {
			t.Errorf("%s: got %q, %v; want %q, %v", tt.what, got, ok, tt.want, tt.wantOK)
		}
	}
	if benslimane.ZGH.Note == "" || benslimane.ZGH.Wikidata == "" {
		t.Errorf("benslimane: the rejected source name should be explained: %+v", benslimane.ZGH)
	}
}

func TestMissingNames(t *testing.T) {
	g := mustDefault(t)
	entries := zghEntries(g)
	withZGH := 0
	for _, e := range entries {
		if e.zgh.Has() {
			withZGH++
		}
	}
	for _, tt := range []struct {
		lang string
		want int
	}{
		{"ar", 0},
		{"fr", 0},
		{"zgh", len(entries) - withZGH},
		{"en", len(entries)},
	} {
		missing := g.MissingNames(tt.lang)
		if len(missing) != tt.want {
			t.Errorf("%s: %d missing, want %d", tt.lang, len(missing), tt.want)
		}
		for _, m := range missing {
			if m.Slug == "" || m.NameAR == "" {
				t.Errorf("%s: incomplete %+v", tt.lang, m)
			}
		}
	}
	missing := g.MissingNames("zgh")
	kinds := map[string]Kind{}
	for _, m := range missing {
		kinds[m.Slug] = m.Kind
	}
	if k, ok := kinds["benslimane"]; !ok || k != KindProvince {
		t.Errorf("benslimane should lack a zgh name: %v", missing)
	}
	if _, ok := kinds["souss-massa"]; ok {
		t.Error("souss-massa has a zgh name (full form)")
	}
	if _, ok := kinds["dar-taliba"]; !ok {
		t.Error("dar-taliba has no zgh name")
	}
	t.Logf("%d entries without a zgh name", len(missing))

	ng, err := g.WithFacilityTypes([]FacilityType{{Slug: "extra-centre", NameAR: "مركز إضافي"}})
	if err != nil {
		t.Fatal(err)
	}
	last := ng.MissingNames("fr")
	if len(last) != 1 || last[0].Slug != "extra-centre" || last[0].Kind != KindFacilityType {
		t.Errorf("an extra type without a French name: %v", last)
	}
}

func TestWithFacilityTypesAmazigh(t *testing.T) {
	g := mustDefault(t)
	ok := FacilityType{Slug: "tifinagh-centre", NameAR: "مركز تيفيناغ", ZGH: Amazigh{Name: "ⵜⴰⵏⵙⴰ"}}
	ng, err := g.WithFacilityTypes([]FacilityType{ok})
	if err != nil {
		t.Fatal(err)
	}
	if name, found := ng.FacilityType("tifinagh-centre").Name("zgh"); !found || name != "ⵜⴰⵏⵙⴰ" {
		t.Errorf("extra's zgh name: %q, %v", name, found)
	}
	for _, z := range []Amazigh{{Name: "ⵜⴰⵏⵙⴰ centre"}, {Name: "ⵜⴰⵏⵙⴰ مركز"}, {NameFull: "ⵜⴰⵏⵙⴰ"}} {
		bad := ok
		bad.ZGH = z
		if _, err := g.WithFacilityTypes([]FacilityType{bad}); err == nil {
			t.Errorf("accepted %+v", z)
		}
	}
}

func TestValidTifinagh(t *testing.T) {
	for _, tt := range []struct {
		s    string
		want bool
	}{
		{"ⵜⴰⵎⵏⴰⴹⵜ ⵏ ⵙⵓⵙ ⵎⴰⵙⵙⵜ", true},
		{"ⵜⴰⵣⴳⴳⵯⴰⵖⵜ", true}, // U+2D6F labialization mark
		{"ⴰⵢⵜ-ⵎⵍⵍⵓⵍ", true},
		{"", false},
		{" ⵙⵓⵙ", false},
		{"ⵙⵓⵙ ", false},
		{"ⵙⵓⵙ  ⵎⴰⵙⵙⵜ", false},
		{"ⵙⵓⵙ -ⵎⴰⵙⵙⵜ", false},
		{"ⵙⵓⵙ Massa", false},
		{"ⵙⵓⵙ ماسة", false},
		{"ⵙⵓⵙ\u00a0ⵎⴰⵙⵙⵜ", false},
		{"ⵙⵓ\u2d09", false}, // U+2D09 is Georgian, just below the block
		{"ⵙⵓ\u2d80", false}, // U+2D80 is Ethiopic, just above it
	} {
		if got := validTifinagh(tt.s); got != tt.want {
			t.Errorf("validTifinagh(%q) = %v, want %v", tt.s, got, tt.want)
		}
	}
}

func TestParseRejectsBadAmazigh(t *testing.T) {
	regions, err := os.ReadFile("data/morocco-regions.json")
	if err != nil {
		t.Fatal(err)
	}
	types, err := os.ReadFile("data/facility-types.json")
	if err != nil {
		t.Fatal(err)
	}
	edit := func(data []byte, old, new string) []byte {
		t.Helper()
		if !strings.Contains(string(data), old) {
			t.Fatalf("test data lacks %q", old)
		}
		return []byte(strings.Replace(string(data), old, new, 1))
	}
	souss := `"name_full": "ⵜⴰⵎⵏⴰⴹⵜ ⵏ ⵙⵓⵙ ⵎⴰⵙⵙⵜ",
        "source": "ems-regions",`
	tests := []struct {
		name           string
		regions, types []byte
		want           string
	}{
		{"Latin mixed in", edit(regions, "ⵜⴰⵎⵏⴰⴹⵜ ⵏ ⵙⵓⵙ ⵎⴰⵙⵙⵜ", "ⵜⴰⵎⵏⴰⴹⵜ ⵏ Souss"), types, "not in Tifinagh only"},
		{"Arabic mixed in", edit(regions, "ⵜⴰⵎⵏⴰⴹⵜ ⵏ ⵙⵓⵙ ⵎⴰⵙⵙⵜ", "ⵜⴰⵎⵏⴰⴹⵜ ⵏ سوس"), types, "not in Tifinagh only"},
		{"no source", edit(regions, souss, `"name_full": "ⵜⴰⵎⵏⴰⴹⵜ ⵏ ⵙⵓⵙ ⵎⴰⵙⵙⵜ",
        "source": "",`), types, "without a source"},
		{"unknown source", edit(regions, souss, `"name_full": "ⵜⴰⵎⵏⴰⴹⵜ ⵏ ⵙⵓⵙ ⵎⴰⵙⵙⵜ",
        "source": "a-blog",`), types, `"a-blog" is not in _doc.zgh_sources`},
		{"bad item", edit(regions, `"wikidata": "Q20652586"`, `"wikidata": "20652586"`), types, "not an item id"},
		{"missing member", edit(regions, `"zgh": {`, `"zgh_": {`), types, "missing zgh member"},
		{"type full name", regions, edit(types, `"zgh": {
        "name": ""`, `"zgh": {
        "name": "", "name_full": "ⵜⴰⵏⵙⴰ"`), "name_full is for regions and provinces"},
		{"type without member", regions, edit(types, `"zgh": {`, `"zgh_": {`), "missing zgh member"},
	}
	for _, tt := range tests {
		_, err := parse(tt.regions, tt.types)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: error %v, want one mentioning %q", tt.name, err, tt.want)
		}
	}
}
