// Package content turns the files under content/ into validated articles:
// front matter decoded with positions, vocabulary resolved against the
// gazetteer, and every editor mistake reported as path:line:col with a fix.
// It knows nothing of URLs beyond the slug, nor of templates or output.
package content

import (
	"crypto/sha256"
	"fmt"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jihat/jihat/internal/arabic"
	"github.com/jihat/jihat/internal/diag"
	"github.com/jihat/jihat/internal/gazetteer"
)

// Article is one validated article. Paths are slash-separated and relative
// to the site root, as editors see them in git.
type Article struct {
	Path     string // content/articles/2024/visit.md
	Dir      string // folder holding the source; the bundle folder for index.md
	IsBundle bool   // written as <name>/index.md with its files beside it

	Title   string
	Summary string
	Slug    string
	Date    time.Time
	Lastmod time.Time // equals Date when not given
	Draft   bool

	Regions    []*gazetteer.Region
	Provinces  []*gazetteer.Province
	Facilities []*gazetteer.FacilityType
	Tags       []string
	TagSlugs   []string // the page address of each tag, in the same order

	Image     string // as written, relative to the article
	ImageAlt  string
	ImageLine int

	Body     []byte
	BodyLine int // file line of the first body byte, for Markdown diagnostics
	// BodyOffset is where the body starts in the file, for reading it again
	// when Body was dropped (see Options.DropBodies).
	BodyOffset int

	// Hash identifies the source file's bytes.
	Hash [32]byte

	// Resources are the bundle's other files, relative to Dir, sorted.
	Resources []string
}

// Options tune loading.
type Options struct {
	Gazetteer *gazetteer.Gazetteer
	// Cache, when set, lets Load reuse articles of files that did not change.
	Cache Cache
	// DropBodies makes Load keep the front matter only: a large site's
	// Markdown would otherwise all be in memory at once. Read a body back
	// with ReadSource when it is converted.
	DropBodies bool
}

var knownFields = []string{"title", "date", "region", "province", "facility_type", "summary", "tags", "slug", "draft", "lastmod", "image", "image_alt"}

// Parse validates one article. It returns as many problems as it can find in
// one pass, so an editor fixes a file once rather than once per mistake.
func Parse(filePath string, src []byte, opts Options) (*Article, diag.List) {
	var problems diag.List
	if line, col, bad := firstInvalidUTF8(src); bad {
		problems.Add(filePath, line, col, "the file is not valid UTF-8: save it as UTF-8 (in most editors: \"Save with encoding\" → UTF-8)")
		return nil, problems
	}
	original, hash := len(src), sha256.Sum256(src)
	src = trimBOM(src)
	fm, fmProblems := parseFrontMatter(filePath, src)
	problems.Append(fmProblems)
	if len(fmProblems) > 0 {
		return nil, problems
	}
	if fm == nil {
		problems.Add(filePath, 1, 1, "no front matter: start the file with a line \"---\", then title, date and region, then another \"---\"")
		return nil, problems
	}

	a := &Article{Path: filePath, Dir: path.Dir(filePath), Body: fm.Body, BodyLine: fm.BodyLine, BodyOffset: original - len(fm.Body), Hash: hash}
	a.IsBundle = path.Base(filePath) == "index.md"
	byKey := map[string]field{}
	for _, f := range fm.Fields {
		byKey[f.Key] = f
		if !contains(knownFields, f.Key) {
			msg := fmt.Sprintf("unknown field %q", f.Key)
			if s := closest(f.Key, knownFields); s != "" {
				msg += fmt.Sprintf(" (did you mean %q?)", s)
			} else {
				msg += " (known fields: " + strings.Join(knownFields, ", ") + ")"
			}
			problems.Add(filePath, f.KeyLin, f.KeyCol, "%s", msg)
		}
	}
	at := func(f field) (int, int) { return f.Line, f.Col }
	missing := func(key, example string) {
		problems.Add(filePath, fm.OpenLine, 1, "missing %s: add a line such as `%s` to the front matter", key, example)
	}

	if f, ok := byKey["title"]; !ok {
		missing("title", `title: "افتتاح دار الطالبة بتارودانت"`)
	} else if s, ok := stringValue(f); !ok || strings.TrimSpace(s) == "" {
		l, c := at(f)
		problems.Add(filePath, l, c, "title is empty: write the article's headline after `title:`")
	} else {
		a.Title = strings.TrimSpace(s)
	}

	if f, ok := byKey["date"]; !ok {
		missing("date", "date: 2024-02-05")
	} else if t, err := parseDate(f.Value); err != nil {
		l, c := at(f)
		problems.Add(filePath, l, c, "%v", err)
	} else {
		a.Date = t
	}
	a.Lastmod = a.Date
	if f, ok := byKey["lastmod"]; ok {
		if t, err := parseDate(f.Value); err != nil {
			l, c := at(f)
			problems.Add(filePath, l, c, "lastmod: %v", err)
		} else if !a.Date.IsZero() && t.Before(a.Date) {
			l, c := at(f)
			problems.Add(filePath, l, c, "lastmod %s is before the date %s: an article cannot be updated before it is published", t.Format("2006-01-02"), a.Date.Format("2006-01-02"))
		} else {
			a.Lastmod = t
		}
	}

	g := opts.Gazetteer
	if f, ok := byKey["region"]; !ok {
		missing("region", "region: souss-massa")
	} else {
		for _, it := range items(f) {
			r, found := g.FindRegion(it.Value)
			switch {
			case found:
				a.Regions = appendUnique(a.Regions, r)
			case strings.TrimSpace(it.Value) == "":
				problems.Add(filePath, it.Line, it.Col, "region is empty: name the region, e.g. `region: souss-massa`")
			default:
				problems.Add(filePath, it.Line, it.Col, "unknown region %q%s", it.Value, suggestion(g.SuggestRegion(it.Value), "one of the 12 regions, e.g. souss-massa or جهة سوس ماسة"))
			}
		}
	}
	if f, ok := byKey["province"]; ok {
		for _, it := range items(f) {
			p, found := g.FindProvince(it.Value)
			switch {
			case !found:
				problems.Add(filePath, it.Line, it.Col, "unknown province %q%s", it.Value, suggestion(g.SuggestProvince(it.Value), "a prefecture or province, e.g. taroudant or إقليم تارودانت"))
			case len(a.Regions) > 0 && !contains(a.Regions, p.Region):
				problems.Add(filePath, it.Line, it.Col, "province %q (%s) is in the region %s (%s), not in the article's %s: add `%s` to region or fix the province",
					it.Value, p.NameAR, p.Region.NameAR, p.Region.Slug, regionNames(a.Regions), p.Region.Slug)
			default:
				a.Provinces = appendUnique(a.Provinces, p)
			}
		}
	}
	if f, ok := byKey["facility_type"]; ok {
		for _, it := range items(f) {
			t, found := g.FindFacilityType(it.Value)
			if !found {
				problems.Add(filePath, it.Line, it.Col, "unknown facility type %q%s", it.Value, suggestion(g.SuggestFacilityType(it.Value), "a type from the vocabulary, e.g. dar-taliba or دار الطالبة; a site can add its own under [[facility_types]] in site.toml"))
				continue
			}
			a.Facilities = appendUnique(a.Facilities, t)
		}
	}

	if f, ok := byKey["summary"]; ok {
		a.Summary, _ = stringValue(f)
		a.Summary = strings.TrimSpace(a.Summary)
	}
	if f, ok := byKey["tags"]; ok {
		seen := map[string]bool{}
		for _, it := range items(f) {
			tag := strings.Join(strings.Fields(it.Value), " ")
			if tag == "" {
				continue
			}
			slug := arabic.Slug(tag)
			if slug == "" {
				problems.Add(filePath, it.Line, it.Col, "tag %q has no letters or digits to make a page address from", it.Value)
				continue
			}
			if !seen[tag] {
				seen[tag] = true
				a.Tags = append(a.Tags, tag)
				a.TagSlugs = append(a.TagSlugs, slug)
			}
		}
	}
	if f, ok := byKey["draft"]; ok {
		b, isBool := f.Value.(bool)
		if !isBool {
			l, c := at(f)
			problems.Add(filePath, l, c, "draft must be true or false, got %q", fmt.Sprint(f.Value))
		}
		a.Draft = b
	}

	name := strings.TrimSuffix(path.Base(filePath), ".md")
	if a.IsBundle {
		name = path.Base(a.Dir)
	}
	slugLine, slugCol := 1, 1
	if f, ok := byKey["slug"]; ok {
		s, _ := stringValue(f)
		name = s
		slugLine, slugCol = at(f)
	}
	a.Slug = arabic.Slug(name)
	if a.Slug == "" {
		problems.Add(filePath, slugLine, slugCol, "cannot make a page address from %q: set `slug:` to a few words, e.g. `slug: dar-taliba-argana`", name)
	}

	if f, ok := byKey["image"]; ok {
		a.Image, _ = stringValue(f)
		a.ImageLine = f.Line
		if alt, ok := byKey["image_alt"]; !ok {
			problems.Add(filePath, f.Line, f.Col, "image has no description: add `image_alt:` saying what the photo shows, for readers who cannot see it")
		} else {
			a.ImageAlt, _ = stringValue(alt)
			if strings.TrimSpace(a.ImageAlt) == "" {
				problems.Add(filePath, alt.Line, alt.Col, "image_alt is empty: say what the photo shows")
			}
		}
	}
	if len(problems) > 0 {
		return nil, problems
	}
	return a, nil
}

func suggestion(s, fallback string) string {
	if s != "" {
		return fmt.Sprintf(" (did you mean %q?)", s)
	}
	return ": write " + fallback
}

func regionNames(rs []*gazetteer.Region) string {
	names := make([]string, len(rs))
	for i, r := range rs {
		names[i] = r.NameAR + " (" + r.Slug + ")"
	}
	if len(names) == 1 {
		return "region " + names[0]
	}
	return "regions " + strings.Join(names, ", ")
}

// parseDate accepts what editors write: 2024-02-05, RFC 3339, and the
// TOML/YAML native date values.
func parseDate(v any) (time.Time, error) {
	switch x := v.(type) {
	case time.Time:
		return x, nil
	case string:
		s := strings.TrimSpace(x)
		for _, layout := range []string{"2006-01-02", time.RFC3339, "2006-01-02T15:04:05", "2006-01-02 15:04:05Z07:00", "2006-01-02 15:04:05"} {
			if t, err := time.Parse(layout, s); err == nil {
				return t, nil
			}
		}
		return time.Time{}, fmt.Errorf("bad date %q: write it as year-month-day, e.g. 2024-02-05, or with a time as 2024-02-05T10:30:00+01:00", s)
	}
	return time.Time{}, fmt.Errorf("bad date: write it as year-month-day, e.g. 2024-02-05")
}

func stringValue(f field) (string, bool) {
	switch x := f.Value.(type) {
	case string:
		return x, true
	case nil:
		return "", false
	case []item:
		return "", false
	default:
		return fmt.Sprint(x), true
	}
}

// items lets every list field also be written as a single value.
func items(f field) []item {
	switch x := f.Value.(type) {
	case []item:
		return x
	case nil:
		return []item{{Line: f.Line, Col: f.Col}}
	default:
		s, _ := stringValue(f)
		return []item{{Value: s, Line: f.Line, Col: f.Col}}
	}
}

func contains[T comparable](list []T, v T) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

func appendUnique[T comparable](list []T, v T) []T {
	if contains(list, v) {
		return list
	}
	return append(list, v)
}

func trimBOM(b []byte) []byte {
	if len(b) >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF {
		return b[3:]
	}
	return b
}

func firstInvalidUTF8(b []byte) (line, col int, bad bool) {
	if utf8.Valid(b) { // the usual case, much faster than counting lines
		return 0, 0, false
	}
	line, col = 1, 1
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		if r == utf8.RuneError && size <= 1 {
			return line, col, true
		}
		if r == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
		b = b[size:]
	}
	return 0, 0, false
}

// closest returns the candidate within two edits of s, for field-name typos.
func closest(s string, candidates []string) string {
	best, bestD := "", 3
	norm := strings.ReplaceAll(strings.ToLower(s), "-", "_")
	for _, c := range candidates {
		if d := arabic.EditDistance([]rune(norm), []rune(c)); d < bestD {
			best, bestD = c, d
		}
	}
	return best
}

// SortNewestFirst orders articles by date, newest first; equal dates fall
// back to the path so that output never depends on file-system order.
func SortNewestFirst(list []*Article) {
	sort.SliceStable(list, func(i, j int) bool {
		if !list[i].Date.Equal(list[j].Date) {
			return list[i].Date.After(list[j].Date)
		}
		return list[i].Path < list[j].Path
	})
}

// ReadSource reads an article's file again from under root, checking that
// it is still the one parsed; its body starts at BodyOffset. The file is
// read into buf's memory when it is large enough (nil for new memory).
func ReadSource(root string, a *Article, buf []byte) ([]byte, error) {
	src, err := readFile(filepath.Join(root, filepath.FromSlash(a.Path)), buf)
	if err != nil {
		return nil, err
	}
	if sha256.Sum256(src) != a.Hash || a.BodyOffset > len(src) {
		return nil, fmt.Errorf("the file changed during the build: save it again")
	}
	return src, nil
}
