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
	"slices"
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

// The front-matter fields, as indexes into knownFields: a parse looks its
// fields up by index, in an array that stays on the stack, where a map
// would be made for every article.
const (
	keyTitle = iota
	keyDate
	keyRegion
	keyProvince
	keyFacilityType
	keySummary
	keyTags
	keySlug
	keyDraft
	keyLastmod
	keyImage
	keyImageAlt
	numKnownFields
)

// knownFields are the fields' names, in the order problems list them.
var knownFields = []string{
	keyTitle:        "title",
	keyDate:         "date",
	keyRegion:       "region",
	keyProvince:     "province",
	keyFacilityType: "facility_type",
	keySummary:      "summary",
	keyTags:         "tags",
	keySlug:         "slug",
	keyDraft:        "draft",
	keyLastmod:      "lastmod",
	keyImage:        "image",
	keyImageAlt:     "image_alt",
}

// Parse validates one article. It returns as many problems as it can find in
// one pass, so an editor fixes a file once rather than once per mistake.
func Parse(filePath string, src []byte, opts Options) (*Article, diag.List) {
	if problems := checkUTF8(filePath, src); problems != nil {
		return nil, problems
	}
	original, hash := len(src), sha256.Sum256(src)
	fm, problems := frontMatterOf(filePath, trimBOM(src))
	if problems != nil {
		return nil, problems
	}
	a := &Article{Path: filePath, Dir: path.Dir(filePath), Body: fm.Body, BodyLine: fm.BodyLine, BodyOffset: original - len(fm.Body), Hash: hash}
	a.IsBundle = path.Base(filePath) == "index.md"

	// The order of these steps is the order of the problems an editor
	// reads; a step may rely on one before it (province on region,
	// lastmod on date).
	fields := indexFields(filePath, fm, opts.Gazetteer)
	fields.title(a)
	fields.date(a)
	fields.lastmod(a)
	fields.regions(a)
	fields.provinces(a)
	fields.facilityTypes(a)
	fields.summary(a)
	fields.tags(a)
	fields.draft(a)
	fields.slug(a)
	fields.image(a)
	if len(fields.problems) > 0 {
		return nil, fields.problems
	}
	return a, nil
}

// checkUTF8 stops a file that is not UTF-8 before anything else: every
// later message would quote garbled text.
func checkUTF8(filePath string, src []byte) diag.List {
	var problems diag.List
	if line, col, bad := firstInvalidUTF8(src); bad {
		problems.Add(filePath, line, col, "the file is not valid UTF-8: save it as UTF-8 (in most editors: \"Save with encoding\" → UTF-8)")
	}
	return problems
}

// frontMatterOf is the file's front matter, or the problems that end the
// parse here: without fields there is nothing else to check.
func frontMatterOf(filePath string, src []byte) (*split, diag.List) {
	fm, problems := parseFrontMatter(filePath, src)
	if len(problems) > 0 {
		return nil, problems
	}
	if fm == nil {
		problems.Add(filePath, 1, 1, "no front matter: start the file with a line \"---\", then title, date and region, then another \"---\"")
		return nil, problems
	}
	return fm, nil
}

// articleFields is the front matter of one file by key, and the problems
// found in it so far: each step below reads its fields from it and adds
// its problems to it, so that Parse reads as the list of steps.
type articleFields struct {
	path     string
	openLine int // where "missing" problems point: the field is nowhere
	known    [numKnownFields]field
	given    [numKnownFields]bool
	g        *gazetteer.Gazetteer
	problems diag.List
}

// indexFields files the fields by key for the steps, reporting unknown
// keys as it goes: a misspelt key is the likely cause of a "missing"
// problem reported after it. A key given twice keeps its last value.
func indexFields(filePath string, fm *split, g *gazetteer.Gazetteer) articleFields {
	af := articleFields{path: filePath, openLine: fm.OpenLine, g: g}
	for _, f := range fm.Fields {
		k := slices.Index(knownFields, f.Key)
		if k < 0 {
			af.problems.Add(filePath, f.KeyLin, f.KeyCol, "%s", unknownField(f.Key))
			continue
		}
		af.known[k], af.given[k] = f, true
	}
	return af
}

// field returns the field of key k and whether the editor wrote it.
func (af *articleFields) field(k int) (field, bool) {
	return af.known[k], af.given[k]
}

// unknownField suggests the field the editor most likely meant, or lists
// them all when no known field is close.
func unknownField(key string) string {
	msg := fmt.Sprintf("unknown field %q", key)
	if s := closest(key, knownFields); s != "" {
		return msg + fmt.Sprintf(" (did you mean %q?)", s)
	}
	return msg + " (known fields: " + strings.Join(knownFields, ", ") + ")"
}

// addAt reports a problem at a field's value, where the editor must fix it.
func (af *articleFields) addAt(f field, format string, args ...any) {
	af.problems.Add(af.path, f.Line, f.Col, format, args...)
}

// addItem reports a problem at one entry of a list field, so that the
// editor is pointed at the wrong entry, not at the list.
func (af *articleFields) addItem(it item, format string, args ...any) {
	af.problems.Add(af.path, it.Line, it.Col, format, args...)
}

// missing reports an absent required field at the front matter's opening
// line, with an example to copy.
func (af *articleFields) missing(key, example string) {
	af.problems.Add(af.path, af.openLine, 1, "missing %s: add a line such as `%s` to the front matter", key, example)
}

// title is required and trimmed: a blank headline is a mistake, not a
// choice.
func (af *articleFields) title(a *Article) {
	f, ok := af.field(keyTitle)
	if !ok {
		af.missing("title", `title: "افتتاح دار الطالبة بتارودانت"`)
		return
	}
	s, ok := stringValue(f)
	if !ok || strings.TrimSpace(s) == "" {
		af.addAt(f, "title is empty: write the article's headline after `title:`")
		return
	}
	a.Title = strings.TrimSpace(s)
}

// date is required: it orders the article among the others.
func (af *articleFields) date(a *Article) {
	f, ok := af.field(keyDate)
	if !ok {
		af.missing("date", "date: 2024-02-05")
		return
	}
	t, err := parseDate(f.Value)
	if err != nil {
		af.addAt(f, "%v", err)
		return
	}
	a.Date = t
}

// lastmod defaults to the date, so that templates need no fallback; it runs
// after date, which it is checked against.
func (af *articleFields) lastmod(a *Article) {
	a.Lastmod = a.Date
	f, ok := af.field(keyLastmod)
	if !ok {
		return
	}
	t, err := parseDate(f.Value)
	switch {
	case err != nil:
		af.addAt(f, "lastmod: %v", err)
	case !a.Date.IsZero() && t.Before(a.Date):
		af.addAt(f, "lastmod %s is before the date %s: an article cannot be updated before it is published", t.Format("2006-01-02"), a.Date.Format("2006-01-02"))
	default:
		a.Lastmod = t
	}
}

// regions is required: every article is filed under at least one region.
func (af *articleFields) regions(a *Article) {
	f, ok := af.field(keyRegion)
	if !ok {
		af.missing("region", "region: souss-massa")
		return
	}
	for _, it := range items(f) {
		r, found := af.g.FindRegion(it.Value)
		switch {
		case found:
			a.Regions = appendUnique(a.Regions, r)
		case strings.TrimSpace(it.Value) == "":
			af.addItem(it, "region is empty: name the region, e.g. `region: souss-massa`")
		default:
			af.addItem(it, "unknown region %q%s", it.Value, suggestion(af.g.SuggestRegion(it.Value), "one of the 12 regions, e.g. souss-massa or جهة سوس ماسة"))
		}
	}
}

// provinces must lie in the article's regions, which is why this step
// comes after regions.
func (af *articleFields) provinces(a *Article) {
	f, ok := af.field(keyProvince)
	if !ok {
		return
	}
	for _, it := range items(f) {
		p, found := af.g.FindProvince(it.Value)
		switch {
		case !found:
			af.addItem(it, "unknown province %q%s", it.Value, suggestion(af.g.SuggestProvince(it.Value), "a prefecture or province, e.g. taroudant or إقليم تارودانت"))
		case len(a.Regions) > 0 && !contains(a.Regions, p.Region):
			af.addItem(it, "province %q (%s) is in the region %s (%s), not in the article's %s: add `%s` to region or fix the province",
				it.Value, p.NameAR, p.Region.NameAR, p.Region.Slug, regionNames(a.Regions), p.Region.Slug)
		default:
			a.Provinces = appendUnique(a.Provinces, p)
		}
	}
}

// facilityTypes come from the gazetteer, which a site can extend in
// site.toml: the problem says so, as the editor may be the one to do it.
func (af *articleFields) facilityTypes(a *Article) {
	f, ok := af.field(keyFacilityType)
	if !ok {
		return
	}
	for _, it := range items(f) {
		t, found := af.g.FindFacilityType(it.Value)
		if !found {
			af.addItem(it, "unknown facility type %q%s", it.Value, suggestion(af.g.SuggestFacilityType(it.Value), "a type from the vocabulary, e.g. dar-taliba or دار الطالبة; a site can add its own under [[facility_types]] in site.toml"))
			continue
		}
		a.Facilities = appendUnique(a.Facilities, t)
	}
}

// summary is optional free text: trimmed, never a problem.
func (af *articleFields) summary(a *Article) {
	if f, ok := af.field(keySummary); ok {
		a.Summary, _ = stringValue(f)
		a.Summary = strings.TrimSpace(a.Summary)
	}
}

// tags are compared with their spaces collapsed, so that a stray double
// space does not make a second tag; each must give a page address.
func (af *articleFields) tags(a *Article) {
	f, ok := af.field(keyTags)
	if !ok {
		return
	}
	seen := map[string]bool{}
	for _, it := range items(f) {
		tag := strings.Join(strings.Fields(it.Value), " ")
		if tag == "" {
			continue
		}
		slug := arabic.Slug(tag)
		if slug == "" {
			af.addItem(it, "tag %q has no letters or digits to make a page address from", it.Value)
			continue
		}
		if !seen[tag] {
			seen[tag] = true
			a.Tags = append(a.Tags, tag)
			a.TagSlugs = append(a.TagSlugs, slug)
		}
	}
}

// draft is checked to be true or false, never guessed from text: it
// decides whether the article is published.
func (af *articleFields) draft(a *Article) {
	f, ok := af.field(keyDraft)
	if !ok {
		return
	}
	b, isBool := f.Value.(bool)
	if !isBool {
		af.addAt(f, "draft must be true or false, got %q", fmt.Sprint(f.Value))
	}
	a.Draft = b
}

// slug comes from the file (or bundle folder) name unless the editor sets
// one; either way it must give a page address.
func (af *articleFields) slug(a *Article) {
	name := strings.TrimSuffix(path.Base(a.Path), ".md")
	if a.IsBundle {
		name = path.Base(a.Dir)
	}
	line, col := 1, 1
	if f, ok := af.field(keySlug); ok {
		name, _ = stringValue(f)
		line, col = f.Line, f.Col
	}
	a.Slug = arabic.Slug(name)
	if a.Slug == "" {
		af.problems.Add(af.path, line, col, "cannot make a page address from %q: set `slug:` to a few words, e.g. `slug: dar-taliba-argana`", name)
	}
}

// image needs a description: readers who cannot see the photo get the
// alt text instead.
func (af *articleFields) image(a *Article) {
	f, ok := af.field(keyImage)
	if !ok {
		return
	}
	a.Image, _ = stringValue(f)
	a.ImageLine = f.Line
	alt, ok := af.field(keyImageAlt)
	if !ok {
		af.addAt(f, "image has no description: add `image_alt:` saying what the photo shows, for readers who cannot see it")
		return
	}
	a.ImageAlt, _ = stringValue(alt)
	if strings.TrimSpace(a.ImageAlt) == "" {
		af.addAt(alt, "image_alt is empty: say what the photo shows")
	}
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
