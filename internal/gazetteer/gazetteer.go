// Package gazetteer is the embedded controlled vocabulary of the site: the 12
// regions and 75 prefectures/provinces of Morocco and the facility types of
// the social programmes. Front matter refers to entries by slug, but editors
// may write any known spelling; the Find* functions resolve those and the
// Suggest* functions propose a correction for typos.
//
// Every entry of the embedded data has Arabic and French names; a Standard
// Moroccan Amazigh (zgh) name in Tifinagh is recorded only where a public
// source gives one (see data/README.md). Name and FullName return an entry's
// name in a language, falling back to Arabic, and MissingNames lists the
// entries without one.
package gazetteer

import (
	"embed"
	"fmt"
	"slices"
	"strings"
	"sync"
)

//go:embed data/morocco-regions.json data/facility-types.json
var dataFS embed.FS

// Region is one of the 12 regions (جهات) of the 2015 division.
type Region struct {
	Slug       string
	NameAR     string // bare name: سوس ماسة
	NameFR     string // bare name: Souss-Massa
	NameARFull string // جهة سوس ماسة
	NameFRFull string // Région de Souss-Massa
	Code       string // HCP code, "09"
	ISO        string // ISO 3166-2, "MA-09"
	CapitalAR  string
	CapitalFR  string
	Aliases    []string // other accepted spellings, Arabic then French
	ZGH        Amazigh  // Standard Moroccan Amazigh name, where a source gives one
	Provinces  []*Province
}

// Province is a prefecture (عمالة) or province (إقليم).
type Province struct {
	Slug       string
	NameAR     string // bare name: تارودانت
	NameFR     string // bare name: Taroudannt
	NameARFull string // إقليم تارودانت
	NameFRFull string // Province de Taroudannt
	Kind       string // "prefecture" or "province"
	Code       string // HCP code, "09.541"
	ISO        string // ISO 3166-2, "MA-TAR"
	Aliases    []string
	ZGH        Amazigh
	Region     *Region
}

// FacilityType is a kind of social facility (دار الطالبة, مركز الاستماع …).
type FacilityType struct {
	Slug    string
	NameAR  string // canonical singular form
	NameFR  string
	Group   string // women, children, disability, elderly, youth/students, general
	Aliases []string
	// Whether the name was found in a public Moroccan source; false marks a
	// name composed by the project, to be reviewed before display.
	AttestedAR, AttestedFR bool
	// Standard Moroccan Amazigh name (only ZGH.Name applies to a type).
	ZGH Amazigh
}

// Gazetteer is a loaded vocabulary with its look-up indexes. It is immutable:
// the entries it returns are shared and must not be modified.
type Gazetteer struct {
	regions   []*Region   // by code
	provinces []*Province // by region, then file order
	types     []*FacilityType

	regionBySlug   map[string]*Region
	provinceBySlug map[string]*Province
	typeBySlug     map[string]*FacilityType

	regionIdx, provinceIdx, typeIdx *index
}

var loadDefault = sync.OnceValues(func() (*Gazetteer, error) {
	regions, err := dataFS.ReadFile("data/morocco-regions.json")
	if err != nil {
		return nil, err
	}
	types, err := dataFS.ReadFile("data/facility-types.json")
	if err != nil {
		return nil, err
	}
	return parse(regions, types)
})

// Default returns the gazetteer built from the embedded data. It is parsed
// once and shared by all callers; use WithFacilityTypes to extend it.
func Default() (*Gazetteer, error) {
	return loadDefault()
}

// Regions returns the regions ordered by code.
func (g *Gazetteer) Regions() []*Region { return slices.Clone(g.regions) }

// Provinces returns all prefectures and provinces, grouped by region (in
// region order) and in data-file order within a region.
func (g *Gazetteer) Provinces() []*Province { return slices.Clone(g.provinces) }

// FacilityTypes returns the facility types in data-file order, then extras.
func (g *Gazetteer) FacilityTypes() []*FacilityType { return slices.Clone(g.types) }

// Region returns the region with this exact slug, or nil.
func (g *Gazetteer) Region(slug string) *Region { return g.regionBySlug[slug] }

// Province returns the prefecture or province with this exact slug, or nil.
func (g *Gazetteer) Province(slug string) *Province { return g.provinceBySlug[slug] }

// FacilityType returns the facility type with this exact slug, or nil.
func (g *Gazetteer) FacilityType(slug string) *FacilityType { return g.typeBySlug[slug] }

// FindRegion resolves anything an editor may write for a region: slug,
// Arabic or French name with or without جهة / Région de, or an alias,
// compared after arabic.Fold.
func (g *Gazetteer) FindRegion(s string) (*Region, bool) {
	i, ok := g.regionIdx.find(s)
	if !ok {
		return nil, false
	}
	return g.regions[i], true
}

// FindProvince resolves anything an editor may write for a prefecture or
// province: slug, Arabic or French name with or without عمالة / إقليم /
// Préfecture de / Province de, or an alias, compared after arabic.Fold.
func (g *Gazetteer) FindProvince(s string) (*Province, bool) {
	i, ok := g.provinceIdx.find(s)
	if !ok {
		return nil, false
	}
	return g.provinces[i], true
}

// FindFacilityType resolves a facility type from its slug, Arabic or French
// name or an alias (plural and indefinite forms), compared after
// arabic.Fold and also with the article ال dropped from every word.
func (g *Gazetteer) FindFacilityType(s string) (*FacilityType, bool) {
	i, ok := g.typeIdx.find(s)
	if !ok {
		return nil, false
	}
	return g.types[i], true
}

// SuggestRegion returns the Arabic name of the region closest to s, or "" if
// none is close enough (see SuggestFacilityType).
func (g *Gazetteer) SuggestRegion(s string) string {
	if i, ok := g.regionIdx.suggest(s); ok {
		return g.regions[i].NameAR
	}
	return ""
}

// SuggestProvince returns the Arabic name of the prefecture or province
// closest to s, or "".
func (g *Gazetteer) SuggestProvince(s string) string {
	if i, ok := g.provinceIdx.suggest(s); ok {
		return g.provinces[i].NameAR
	}
	return ""
}

// SuggestFacilityType returns the Arabic name of the facility type closest to
// s, or "". Closeness is the Levenshtein distance in runes between folded
// keys; a candidate is accepted within max(2, n/3) edits, n being the rune
// length of the folded input. Ties go to the entry listed first. Failing
// that, an input made of the leading words of exactly one entry's name is
// accepted (Tanger → طنجة أصيلة).
func (g *Gazetteer) SuggestFacilityType(s string) string {
	if i, ok := g.typeIdx.suggest(s); ok {
		return g.types[i].NameAR
	}
	return ""
}

// Kind names one of the three vocabularies.
type Kind int

const (
	KindRegion Kind = iota
	KindProvince
	KindFacilityType
)

func (k Kind) String() string {
	switch k {
	case KindRegion:
		return "region"
	case KindProvince:
		return "province"
	case KindFacilityType:
		return "facility type"
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// Collision is a look-up key shared by several entries. Such keys are left
// out of the index, so Find* does not resolve them.
type Collision struct {
	Kind  Kind
	Key   string   // folded key
	Slugs []string // entries sharing it, in entry order
}

// Collisions lists the ambiguous keys dropped from the indexes (none for the
// embedded data; extras added with WithFacilityTypes may introduce some in
// the article-less forms).
func (g *Gazetteer) Collisions() []Collision {
	var out []Collision
	for _, x := range []struct {
		kind Kind
		idx  *index
	}{{KindRegion, g.regionIdx}, {KindProvince, g.provinceIdx}, {KindFacilityType, g.typeIdx}} {
		for _, c := range x.idx.collisions() {
			c.Kind = x.kind
			out = append(out, c)
		}
	}
	return out
}

// Ambiguous returns the slugs of the entries of kind k that share the key of
// s when that key was dropped as ambiguous, or nil. Use it to explain why
// Find* failed on a string that is in fact known.
func (g *Gazetteer) Ambiguous(k Kind, s string) []string {
	switch k {
	case KindRegion:
		return g.regionIdx.ambiguousFor(s)
	case KindProvince:
		return g.provinceIdx.ambiguousFor(s)
	case KindFacilityType:
		return g.typeIdx.ambiguousFor(s)
	}
	return nil
}

// WithFacilityTypes returns a new gazetteer with extra (site-specific)
// facility types appended; g itself is unchanged. Each extra needs a slug of
// lower-case ASCII letters, digits and single hyphens and an Arabic name.
// It is an error for an extra's slug, name or alias to match (after
// arabic.Fold) one of an existing type or of another extra.
func (g *Gazetteer) WithFacilityTypes(extra []FacilityType) (*Gazetteer, error) {
	ng := *g
	ng.types = slices.Clone(g.types)
	ng.typeBySlug = make(map[string]*FacilityType, len(g.types)+len(extra))
	for _, t := range g.types {
		ng.typeBySlug[t.Slug] = t
	}
	// owner maps every exact key already taken, so a clash names the extra
	// and the type it collides with.
	owner := make(map[string]*FacilityType)
	for _, t := range g.types {
		for _, k := range facilityExactKeys(t) {
			owner[k] = t
		}
	}
	for i := range extra {
		t := extra[i]
		t.Aliases = slices.Clone(t.Aliases)
		if !validSlug(t.Slug) {
			return nil, fmt.Errorf("gazetteer: extra facility type %q: slug must be lower-case ASCII letters, digits and hyphens", t.Slug)
		}
		if t.NameAR == "" {
			return nil, fmt.Errorf("gazetteer: extra facility type %q: missing Arabic name", t.Slug)
		}
		if t.ZGH.NameFull != "" || (t.ZGH.Name != "" && !validTifinagh(t.ZGH.Name)) {
			return nil, fmt.Errorf("gazetteer: extra facility type %q: the Amazigh name must be a bare name in Tifinagh only", t.Slug)
		}
		if old := ng.typeBySlug[t.Slug]; old != nil {
			return nil, fmt.Errorf("gazetteer: extra facility type %q (%s) has the same slug as %q (%s)",
				t.Slug, t.NameAR, old.Slug, old.NameAR)
		}
		for _, name := range facilityNames(&t) {
			for _, k := range facilityExactKeysOf(name) {
				if old, ok := owner[k]; ok && old.Slug != t.Slug {
					return nil, fmt.Errorf("gazetteer: extra facility type %q: name %q matches %q (%s)",
						t.Slug, name, old.Slug, old.NameAR)
				}
			}
		}
		for _, k := range facilityExactKeys(&t) {
			owner[k] = &t
		}
		ng.types = append(ng.types, &t)
		ng.typeBySlug[t.Slug] = &t
	}
	ng.typeIdx = buildFacilityIndex(ng.types)
	return &ng, nil
}

func validSlug(s string) bool {
	if s == "" || s[0] == '-' || s[len(s)-1] == '-' {
		return false
	}
	prev := byte(0)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
		case c == '-' && prev != '-':
		default:
			return false
		}
		prev = c
	}
	return true
}

// Language codes understood by Name, FullName and MissingNames. A longer tag
// is reduced to its primary subtag ("zgh-Tfng" is zgh, "fr-MA" is fr), case
// ignored.
const (
	LangArabic  = "ar"
	LangFrench  = "fr"
	LangAmazigh = "zgh" // Standard Moroccan Amazigh, written in Tifinagh
)

// Amazigh is an entry's name in Standard Moroccan Amazigh (ISO 639 zgh), in
// Tifinagh, as a public source spells it: the project never transliterates or
// derives one. Either form, or both, may be empty: most sources give only the
// form with its type word (ⵜⴰⵎⵏⴰⴹⵜ ⵏ …), which goes in NameFull and is
// never cut down to a bare Name here.
type Amazigh struct {
	Name     string // bare name
	NameFull string // with its type word
	// Where the names were read: the file's URL and the field in it. Set
	// whenever Name or NameFull is.
	SourceURL, SourceField string
	Wikidata               string // item whose zgh label the name is ("Q20652586"), if any
	Note                   string // doubts, or why a source's name was not used
}

// Has reports whether a source gave the entry a name in either form.
func (a Amazigh) Has() bool { return a.Name != "" || a.NameFull != "" }

// WikidataURL is the page of the item the name was taken from, or "".
func (a Amazigh) WikidataURL() string {
	if a.Wikidata == "" {
		return ""
	}
	return "https://www.wikidata.org/wiki/" + a.Wikidata
}

func baseLang(lang string) string {
	if i := strings.IndexAny(lang, "-_"); i >= 0 {
		lang = lang[:i]
	}
	return strings.ToLower(lang)
}

// pick returns the name for lang among the Arabic, French and Amazigh ones,
// or the Arabic one and false when that language has none (or is not one of
// the three).
func pick(lang, ar, fr, zgh string) (string, bool) {
	var name string
	switch baseLang(lang) {
	case LangArabic:
		name = ar
	case LangFrench:
		name = fr
	case LangAmazigh:
		name = zgh
	}
	if name == "" {
		return ar, false
	}
	return name, true
}

// Name returns the region's bare name in lang ("ar", "fr" or "zgh"): سوس ماسة,
// Souss-Massa. Where it has none in that language it returns the Arabic name
// and false. In zgh the sources mostly give only the full form: use FullName
// for headings.
func (r *Region) Name(lang string) (string, bool) {
	return pick(lang, r.NameAR, r.NameFR, r.ZGH.Name)
}

// FullName returns the region's name with its type word in lang: جهة سوس ماسة,
// Région de Souss-Massa, ⵜⴰⵎⵏⴰⴹⵜ ⵏ ⵙⵓⵙ ⵎⴰⵙⵙⵜ. Where it has none in that
// language it returns the full Arabic name and false.
func (r *Region) FullName(lang string) (string, bool) {
	return pick(lang, r.NameARFull, r.NameFRFull, r.ZGH.NameFull)
}

// Name returns the prefecture's or province's bare name in lang, or the
// Arabic one and false (see Region.Name).
func (p *Province) Name(lang string) (string, bool) {
	return pick(lang, p.NameAR, p.NameFR, p.ZGH.Name)
}

// FullName returns the prefecture's or province's name with its type word in
// lang, or the full Arabic one and false (see Region.FullName).
func (p *Province) FullName(lang string) (string, bool) {
	return pick(lang, p.NameARFull, p.NameFRFull, p.ZGH.NameFull)
}

// Name returns the facility type's name in lang, or the Arabic one and false.
func (t *FacilityType) Name(lang string) (string, bool) {
	return pick(lang, t.NameAR, t.NameFR, t.ZGH.Name)
}

// MissingName is an entry without a name in some language.
type MissingName struct {
	Kind   Kind
	Slug   string
	NameAR string // what Name and FullName show instead
}

// MissingNames lists the entries that have no name at all in lang, in either
// form: regions by code, then prefectures and provinces, then facility types
// (extras included), each in the order of Regions, Provinces and
// FacilityTypes. For "zgh" that is every entry no public source names in
// Tifinagh, which a site in that language shows in Arabic; an entry that has
// only one of the two forms is not listed (Name or FullName tells). An
// unknown language lists every entry.
func (g *Gazetteer) MissingNames(lang string) []MissingName {
	var out []MissingName
	has := func(ar, fr string, zgh Amazigh) bool {
		switch baseLang(lang) {
		case LangArabic:
			return ar != ""
		case LangFrench:
			return fr != ""
		case LangAmazigh:
			return zgh.Has()
		}
		return false
	}
	for _, r := range g.regions {
		if !has(r.NameAR, r.NameFR, r.ZGH) {
			out = append(out, MissingName{KindRegion, r.Slug, r.NameAR})
		}
	}
	for _, p := range g.provinces {
		if !has(p.NameAR, p.NameFR, p.ZGH) {
			out = append(out, MissingName{KindProvince, p.Slug, p.NameAR})
		}
	}
	for _, t := range g.types {
		if !has(t.NameAR, t.NameFR, t.ZGH) {
			out = append(out, MissingName{KindFacilityType, t.Slug, t.NameAR})
		}
	}
	return out
}

// validTifinagh reports whether s is a name written in Tifinagh only: letters
// of the Tifinagh block (U+2D30–U+2D7F) in words separated by single spaces
// or hyphens.
func validTifinagh(s string) bool {
	if s == "" {
		return false
	}
	prevSep := true // no separator first
	for _, c := range s {
		switch {
		case c >= 0x2D30 && c <= 0x2D7F:
			prevSep = false
		case c == ' ' || c == '-':
			if prevSep {
				return false
			}
			prevSep = true
		default:
			return false
		}
	}
	return !prevSep
}
