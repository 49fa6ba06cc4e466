package build

import (
	"strings"

	"github.com/jihat/jihat/internal/search"
	"github.com/jihat/jihat/internal/site"
)

// placeNames is the text of an article's regions, provinces and facility
// types, indexed so a search for a place or a kind of centre finds it.
func placeNames(a *site.Article) string {
	var names []string
	for _, t := range a.RegionTerms {
		names = append(names, t.Full, t.NameFR)
	}
	for _, t := range a.ProvinceTerms {
		names = append(names, t.Full, t.NameFR)
	}
	for _, t := range a.FacilityTerms {
		names = append(names, t.Name, t.NameFR)
	}
	return strings.Join(names, " ")
}

// searchDocs lists the articles in result order (newest first) with what a
// result shows and the filters that find it.
func searchDocs(s *site.Site) []search.Doc {
	docs := make([]search.Doc, len(s.Articles))
	for i, a := range s.Articles {
		var places, filters []string
		for _, t := range a.RegionTerms {
			places = append(places, t.Name)
			filters = append(filters, "r:"+t.Slug)
		}
		for _, t := range a.ProvinceTerms {
			places = append(places, t.Name)
		}
		for _, t := range a.FacilityTerms {
			filters = append(filters, "f:"+t.Slug)
		}
		lang := a.Language()
		docs[i] = search.Doc{Key: a.URL, Title: a.Title, Date: lang.Date(a.Date), Places: strings.Join(places, lang.T("list_sep")), Excerpt: a.Excerpt, Filters: filters}
	}
	return docs
}

// searchOptions puts a language's index beside its search page (/fr/search/).
func searchOptions(s *site.Site) search.Options {
	return search.Options{Dir: strings.TrimPrefix(s.Lang.Prefix+"/"+search.Dir, "/")}
}

func searchFacets(s *site.Site) map[string][]search.Facet {
	facets := map[string][]search.Facet{}
	for _, r := range s.Regions {
		if len(r.Articles) > 0 {
			facets["regions"] = append(facets["regions"], search.Facet{Key: r.Slug, Name: r.Name})
		}
	}
	for _, f := range s.Facilities {
		facets["facilities"] = append(facets["facilities"], search.Facet{Key: f.Slug, Name: f.Name})
	}
	return facets
}
