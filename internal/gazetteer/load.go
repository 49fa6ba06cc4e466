package gazetteer

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
)

type aliasesJSON struct {
	AR []string `json:"ar"`
	FR []string `json:"fr"`
}

func (a aliasesJSON) all() []string { return append(slices.Clone(a.AR), a.FR...) }

// zghJSON is an entry's zgh member; it is required, with empty names where
// no source gives one, so that the data says for every entry whether one was
// looked for and found.
type zghJSON struct {
	Name     string `json:"name"`
	NameFull string `json:"name_full"`
	Source   string `json:"source"` // key of _doc.zgh_sources
	Wikidata string `json:"wikidata"`
	Note     string `json:"note"`
}

// zghSourceJSON is an entry of _doc.zgh_sources.
type zghSourceJSON struct {
	URL       string `json:"url"`
	Field     string `json:"field"`
	Origin    string `json:"origin"`
	Consulted string `json:"consulted"`
}

type regionsFile struct {
	Doc struct {
		ZGHSources map[string]zghSourceJSON `json:"zgh_sources"`
	} `json:"_doc"`
	Counts struct {
		Regions     int `json:"regions"`
		Prefectures int `json:"prefectures"`
		Provinces   int `json:"provinces"`
		Total       int `json:"total_prefectures_and_provinces"`
	} `json:"counts"`
	Regions []struct {
		Slug       string      `json:"slug"`
		NameFR     string      `json:"name_fr"`
		NameAR     string      `json:"name_ar"`
		Code       string      `json:"code"`
		ISO        string      `json:"iso_3166_2"`
		NameFRFull string      `json:"name_fr_full"`
		NameARFull string      `json:"name_ar_full"`
		CapitalFR  string      `json:"capital_fr"`
		CapitalAR  string      `json:"capital_ar"`
		Aliases    aliasesJSON `json:"aliases"`
		ZGH        *zghJSON    `json:"zgh"`
		Provinces  []struct {
			Slug       string      `json:"slug"`
			NameFR     string      `json:"name_fr"`
			NameAR     string      `json:"name_ar"`
			Kind       string      `json:"kind"`
			Region     string      `json:"region"`
			NameFRFull string      `json:"name_fr_full"`
			NameARFull string      `json:"name_ar_full"`
			Code       string      `json:"code"`
			ISO        string      `json:"iso_3166_2"`
			Aliases    aliasesJSON `json:"aliases"`
			ZGH        *zghJSON    `json:"zgh"`
		} `json:"provinces"`
	} `json:"regions"`
}

type facilityFile struct {
	Doc struct {
		Groups     []string                 `json:"groups"`
		ZGHSources map[string]zghSourceJSON `json:"zgh_sources"`
	} `json:"_doc"`
	Counts        map[string]int `json:"counts"`
	FacilityTypes []struct {
		Slug     string      `json:"slug"`
		NameAR   string      `json:"name_ar"`
		NameFR   string      `json:"name_fr"`
		Group    string      `json:"group"`
		Aliases  aliasesJSON `json:"aliases"`
		ZGH      *zghJSON    `json:"zgh"`
		Attested struct {
			AR bool `json:"ar"`
			FR bool `json:"fr"`
		} `json:"attested"`
	} `json:"facility_types"`
}

// parse builds a gazetteer and checks the data for the mistakes an edit of
// the JSON files could introduce.
func parse(regionsJSON, typesJSON []byte) (*Gazetteer, error) {
	var rf regionsFile
	if err := decode(regionsJSON, &rf); err != nil {
		return nil, fmt.Errorf("gazetteer: morocco-regions.json: %w", err)
	}
	var ff facilityFile
	if err := decode(typesJSON, &ff); err != nil {
		return nil, fmt.Errorf("gazetteer: facility-types.json: %w", err)
	}

	var errs []error
	bad := func(format string, args ...any) {
		errs = append(errs, fmt.Errorf("gazetteer: "+format, args...))
	}
	g := &Gazetteer{
		regionBySlug:   map[string]*Region{},
		provinceBySlug: map[string]*Province{},
		typeBySlug:     map[string]*FacilityType{},
	}
	placeSlugs := map[string]bool{} // unique across regions and provinces
	checkPlace := func(what, slug, nameAR, nameFR, fullAR, fullFR, code, iso string) {
		if !validSlug(slug) {
			bad("%s %q: invalid slug", what, slug)
		}
		if placeSlugs[slug] {
			bad("%s %q: duplicate slug", what, slug)
		}
		placeSlugs[slug] = true
		for _, f := range []struct{ name, v string }{
			{"name_ar", nameAR}, {"name_fr", nameFR}, {"name_ar_full", fullAR},
			{"name_fr_full", fullFR}, {"code", code}, {"iso_3166_2", iso},
		} {
			if strings.TrimSpace(f.v) == "" {
				bad("%s %q: missing %s", what, slug, f.name)
			}
		}
	}

	// zgh turns an entry's zgh member into its Amazigh names, checking that
	// the member is there, that every name is in Tifinagh only and that a
	// filled one names its source.
	zgh := func(what, slug string, zj *zghJSON, sources map[string]zghSourceJSON, full bool) Amazigh {
		if zj == nil {
			bad("%s %q: missing zgh member (give empty names where no source has one)", what, slug)
			return Amazigh{}
		}
		a := Amazigh{Name: zj.Name, NameFull: zj.NameFull, Wikidata: zj.Wikidata, Note: zj.Note}
		if zj.NameFull != "" && !full {
			bad("%s %q: zgh name_full is for regions and provinces", what, slug)
		}
		for _, n := range []string{zj.Name, zj.NameFull} {
			if n != "" && !validTifinagh(n) {
				bad("%s %q: zgh name %q is not in Tifinagh only (U+2D30–U+2D7F, single spaces or hyphens)", what, slug, n)
			}
		}
		if zj.Wikidata != "" && (len(zj.Wikidata) < 2 || zj.Wikidata[0] != 'Q' || strings.Trim(zj.Wikidata[1:], "0123456789") != "") {
			bad("%s %q: zgh wikidata %q is not an item id like Q123", what, slug, zj.Wikidata)
		}
		switch src, ok := sources[zj.Source]; {
		case !a.Has() && zj.Source != "":
			bad("%s %q: zgh source %q without a name", what, slug, zj.Source)
		case !a.Has():
		case zj.Source == "":
			bad("%s %q: zgh name without a source", what, slug)
		case !ok || src.URL == "" || src.Field == "":
			bad("%s %q: zgh source %q is not in _doc.zgh_sources with a url and a field", what, slug, zj.Source)
		default:
			a.SourceURL, a.SourceField = src.URL, src.Field
		}
		return a
	}

	prefectures, provinces := 0, 0
	for _, rj := range rf.Regions {
		r := &Region{
			Slug: rj.Slug, NameAR: rj.NameAR, NameFR: rj.NameFR,
			NameARFull: rj.NameARFull, NameFRFull: rj.NameFRFull,
			Code: rj.Code, ISO: rj.ISO, CapitalAR: rj.CapitalAR, CapitalFR: rj.CapitalFR,
			Aliases: rj.Aliases.all(),
		}
		r.ZGH = zgh("region", r.Slug, rj.ZGH, rf.Doc.ZGHSources, true)
		checkPlace("region", r.Slug, r.NameAR, r.NameFR, r.NameARFull, r.NameFRFull, r.Code, r.ISO)
		if len(r.Code) != 2 || strings.Trim(r.Code, "0123456789") != "" {
			bad("region %q: code %q is not two digits", r.Slug, r.Code)
		}
		for _, pj := range rj.Provinces {
			p := &Province{
				Slug: pj.Slug, NameAR: pj.NameAR, NameFR: pj.NameFR,
				NameARFull: pj.NameARFull, NameFRFull: pj.NameFRFull,
				Kind: pj.Kind, Code: pj.Code, ISO: pj.ISO,
				Aliases: pj.Aliases.all(), Region: r,
			}
			p.ZGH = zgh("province", p.Slug, pj.ZGH, rf.Doc.ZGHSources, true)
			checkPlace("province", p.Slug, p.NameAR, p.NameFR, p.NameARFull, p.NameFRFull, p.Code, p.ISO)
			switch p.Kind {
			case "prefecture":
				prefectures++
			case "province":
				provinces++
			default:
				bad("province %q: kind %q is neither prefecture nor province", p.Slug, p.Kind)
			}
			if pj.Region != r.Slug {
				bad("province %q: region %q but listed under %q", p.Slug, pj.Region, r.Slug)
			}
			if !strings.HasPrefix(p.Code, r.Code+".") {
				bad("province %q: code %q outside region code %q", p.Slug, p.Code, r.Code)
			}
			r.Provinces = append(r.Provinces, p)
			g.provinceBySlug[p.Slug] = p
		}
		g.regions = append(g.regions, r)
		g.regionBySlug[r.Slug] = r
	}
	slices.SortStableFunc(g.regions, func(a, b *Region) int { return strings.Compare(a.Code, b.Code) })
	for _, r := range g.regions {
		g.provinces = append(g.provinces, r.Provinces...)
	}
	c := rf.Counts
	if len(g.regions) != c.Regions || prefectures != c.Prefectures || provinces != c.Provinces ||
		len(g.provinces) != c.Total {
		bad("morocco-regions.json: found %d regions, %d prefectures, %d provinces; counts say %d, %d, %d (total %d)",
			len(g.regions), prefectures, provinces, c.Regions, c.Prefectures, c.Provinces, c.Total)
	}

	groupCount := map[string]int{}
	for _, tj := range ff.FacilityTypes {
		t := &FacilityType{
			Slug: tj.Slug, NameAR: tj.NameAR, NameFR: tj.NameFR, Group: tj.Group,
			Aliases: tj.Aliases.all(), AttestedAR: tj.Attested.AR, AttestedFR: tj.Attested.FR,
		}
		t.ZGH = zgh("facility type", t.Slug, tj.ZGH, ff.Doc.ZGHSources, false)
		if !validSlug(t.Slug) {
			bad("facility type %q: invalid slug", t.Slug)
		}
		if g.typeBySlug[t.Slug] != nil {
			bad("facility type %q: duplicate slug", t.Slug)
		}
		if t.NameAR == "" || t.NameFR == "" {
			bad("facility type %q: missing name", t.Slug)
		}
		if !slices.Contains(ff.Doc.Groups, t.Group) {
			bad("facility type %q: unknown group %q", t.Slug, t.Group)
		}
		groupCount[t.Group]++
		g.types = append(g.types, t)
		g.typeBySlug[t.Slug] = t
	}
	if n := ff.Counts["types"]; n != len(g.types) {
		bad("facility-types.json: found %d types, counts say %d", len(g.types), n)
	}
	for _, grp := range ff.Doc.Groups {
		if groupCount[grp] != ff.Counts[grp] {
			bad("facility-types.json: group %q has %d types, counts say %d", grp, groupCount[grp], ff.Counts[grp])
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}

	g.regionIdx = buildRegionIndex(g.regions)
	g.provinceIdx = buildProvinceIndex(g.provinces)
	g.typeIdx = buildFacilityIndex(g.types)
	return g, nil
}

func decode(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(v); err != nil {
		return err
	}
	if dec.More() {
		return errors.New("trailing data after JSON value")
	}
	return nil
}
