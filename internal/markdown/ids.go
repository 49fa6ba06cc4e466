package markdown

import (
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/jihat/jihat/internal/arabic"
)

// headingIDs gives heading anchors. goldmark's keep only ASCII and turn an
// Arabic heading into "--"; these use the same slug rule as page URLs, are
// numbered when repeated (-2, -3), and avoid the ids the page's theme gives
// its own elements, so that an id names one element of the whole page.
type headingIDs struct {
	used map[string]bool // the ids given in this body
	// expected maps the id an editor reckons a heading has, numbering
	// repeats among the body's headings alone, to the id it was given.
	// They differ when the theme holds the first: links follow.
	expected map[string]string
	reserved func(id string) bool // nil: the theme's ids are not known
	// numbered is, for a base, the number its next numbered form is
	// sought from (every lower one is taken for the rest of the body):
	// a body of many like headings is numbered in linear time.
	numbered, numberedExpected map[string]int
}

// reset forgets the last body's ids, keeping the maps' memory: a
// Converter makes one body after another.
func (s *headingIDs) reset(reserved func(string) bool) {
	if s.used == nil {
		s.used = map[string]bool{}
		s.expected = map[string]string{}
		s.numbered, s.numberedExpected = map[string]int{}, map[string]int{}
	}
	clear(s.used)
	clear(s.expected)
	clear(s.numbered)
	clear(s.numberedExpected)
	s.reserved = reserved
}

// next gives the id of a heading with the given text.
func (s *headingIDs) next(text string) string {
	base := arabic.Slug(text)
	if base == "" {
		base = "section"
	}
	// Footnote anchors are "fn:1"/"fnref:1": ours never contain ":".
	expected := base
	if s.expected[expected] != "" {
		n := max(2, s.numberedExpected[base])
		for expected = base + "-" + strconv.Itoa(n); s.expected[expected] != ""; n++ {
			expected = base + "-" + strconv.Itoa(n+1)
		}
		s.numberedExpected[base] = n
	}
	id := s.free(base)
	s.used[id] = true
	s.expected[expected] = id
	return id
}

// free is base, or its first numbered form that neither this body nor the
// theme holds. A theme that holds two forms likely computes ids under a
// prefix ("region-{{.Slug}}") that numbering cannot leave: the search then
// moves to "h-" forms, a prefix the built-in theme does not use.
func (s *headingIDs) free(base string) string {
	for range 4 {
		id, theme := base, 0
		for n := max(2, s.numbered[base]); ; n++ {
			if !s.used[id] {
				if s.reserved == nil || !s.reserved(id) {
					return id
				}
				if theme++; theme == 2 {
					break
				}
			}
			id = base + "-" + strconv.Itoa(n)
			s.numbered[base] = n
		}
		base = "h-" + base
	}
	// A theme that holds all of these holds nearly anything: the body's
	// own ids at least stay apart.
	id := base
	for n := 2; s.used[id]; n++ {
		id = base + "-" + strconv.Itoa(n)
	}
	return id
}

// target is the id a link's fragment leads to in this body: the heading the
// editor meant, by the id as written or as the heading's text would make it.
// ok is false when no heading has it.
func (s *headingIDs) target(fragment string) (id string, ok bool) {
	if decoded, err := url.PathUnescape(fragment); err == nil {
		fragment = decoded
	}
	if id, ok := s.expected[fragment]; ok {
		return id, true
	}
	if s.used[fragment] {
		return fragment, true
	}
	if id, ok := s.expected[arabic.Slug(fragment)]; ok {
		return id, true
	}
	return "", false
}

// outsideBody reports a fragment that names no heading but may still be on
// the page: a footnote's anchor, or an element of the theme.
func (s *headingIDs) outsideBody(fragment string) bool {
	if strings.HasPrefix(fragment, "fn:") || strings.HasPrefix(fragment, "fnref:") {
		return true
	}
	return s.reserved != nil && s.reserved(fragment)
}

// list is the body's ids, for a message.
func (s *headingIDs) list(max int) string {
	if len(s.used) == 0 {
		return "the article has no headings"
	}
	ids := make([]string, 0, len(s.used))
	for id := range s.used {
		ids = append(ids, "#"+id)
	}
	slices.Sort(ids)
	more := ""
	if len(ids) > max {
		ids, more = ids[:max], ", …"
	}
	return "the headings' ids: " + strings.Join(ids, ", ") + more
}
