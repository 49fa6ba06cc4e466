package site

import "strings"

// ThemeIDs are the element ids a theme's layouts give. A heading in an
// article's body takes none of them, so that an id names one element of the
// page and a link to it goes where it says.
type ThemeIDs struct {
	// Exact are the ids written out in the layouts.
	Exact map[string]bool
	// Prefixes begin the ids a layout computes (id="region-{{.Slug}}"):
	// any id they begin may be one.
	Prefixes []string
}

// Taken reports whether a page of the theme may give an element id.
func (t ThemeIDs) Taken(id string) bool {
	if t.Exact[id] {
		return true
	}
	for _, p := range t.Prefixes {
		if strings.HasPrefix(id, p) {
			return true
		}
	}
	return false
}
