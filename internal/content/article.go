// Package content turns the files under content/ into validated articles:
// front matter decoded with positions, vocabulary resolved against the
// gazetteer, and every editor mistake reported as path:line:col with a fix.
// It knows nothing of URLs beyond the slug, nor of templates or output.
package content

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/jihat/jihat/internal/msg"

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
	// IsPage: a plain page (about us, contact), not news: title, body and
	// slug only, at /<slug>/, in no list, feed or search.
	IsPage bool

	Title   string
	Summary string
	Slug    string
	Date    time.Time
	Lastmod time.Time // equals Date when not given
	Draft   bool
	// Scheduled: dated after the build's time (Options.Now) and built all
	// the same (Options.Future, jihat serve), for the theme to mark it.
	// Load sets it at every load; Parse leaves it false.
	Scheduled bool

	Regions    []*gazetteer.Region
	Provinces  []*gazetteer.Province
	Facilities []*gazetteer.FacilityType
	Tags       []string
	TagSlugs   []string // the page address of each tag, in the same order

	Image        string // as written, relative to the article
	ImageAlt     string
	ImageCaption string // shown under the photo; only with Image
	ImageLine    int

	Author string // who wrote it, as the editor wrote it; optional

	// Lang is the code of the article's language: its folder's
	// (content/fr/…), its lang field's, or the site's default.
	Lang string
	// TranslationKey links an article to its translations: the field
	// translation_key, or else the file's path below its language folder
	// (articles/2024/visit), the same in every language.
	TranslationKey string

	Body     []byte
	BodyLine int // file line of the first body byte, for Markdown diagnostics
	// BodyOffset is where the body starts in the file, for reading it again
	// when Body was dropped (see Options.DropBodies).
	BodyOffset int

	// Hash identifies the source file's bytes.
	Hash [32]byte

	// Resources are the bundle's other files, relative to Dir, sorted.
	Resources []string

	// Warnings are what Parse mended in the article, otherwise valid
	// (characters dropped from its body), with file, line and column.
	// They stay with the parsed article, so that a build reusing it
	// tells the editor again.
	Warnings diag.List
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
	// Now is the build's time: an article dated after it is held back
	// (Set.HeldBack) unless Future is set. Zero means time.Now().
	Now time.Time
	// Future builds the articles dated after Now, marked Scheduled.
	Future bool
	// Languages are the codes of the site's languages, the default first
	// (nil: Arabic alone). An article in content/<code>/ is in that
	// language.
	Languages []string
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
	keyImageCaption
	keyAuthor
	keyKind
	keyLang
	keyTranslationKey
	numKnownFields
)

// knownFields are the fields' names, in the order problems list them.
var knownFields = []string{
	keyTitle:          "title",
	keyDate:           "date",
	keyRegion:         "region",
	keyProvince:       "province",
	keyFacilityType:   "facility_type",
	keySummary:        "summary",
	keyTags:           "tags",
	keySlug:           "slug",
	keyDraft:          "draft",
	keyLastmod:        "lastmod",
	keyImage:          "image",
	keyImageAlt:       "image_alt",
	keyImageCaption:   "image_caption",
	keyAuthor:         "author",
	keyKind:           "kind",
	keyLang:           "lang",
	keyTranslationKey: "translation_key",
}

// PagesDir holds the plain pages: not news, but "about us" or "contact",
// with a title and a body only, at /<slug>/. A file elsewhere is one too
// with "kind: page".
const PagesDir = Dir + "/pages"

// Parse validates one article. It returns as many problems as it can find in
// one pass, so an editor fixes a file once rather than once per mistake.
func Parse(filePath string, src []byte, opts Options) (*Article, diag.List) {
	if problems := checkUTF8(filePath, src); problems != nil {
		return nil, problems
	}
	original, hash := len(src), sha256.Sum256(src)
	fm, problems := frontMatterOf(filePath, crToLF(trimBOM(src)))
	if problems != nil {
		return nil, problems
	}
	a := &Article{Path: filePath, Dir: path.Dir(filePath), Body: fm.Body, BodyLine: fm.BodyLine, BodyOffset: original - len(fm.Body), Hash: hash}
	a.IsBundle = path.Base(filePath) == "index.md"

	// The order of these steps is the order of the problems an editor
	// reads; a step may rely on one before it (province on region,
	// lastmod on date).
	fields := indexFields(filePath, fm, opts.Gazetteer)
	fields.language(a, opts.Languages)
	if fields.kind(a) {
		fields.title(a)
		fields.summary(a)
		fields.draft(a)
		fields.slug(a)
		fields.notOnPages()
		if len(fields.problems) > 0 {
			return nil, fields.problems
		}
		a.Body, a.Warnings = CleanBody(filePath, a.BodyLine, a.Body)
		return a, nil
	}
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
	fields.imageCaption(a)
	fields.author(a)
	if len(fields.problems) > 0 {
		return nil, fields.problems
	}
	a.Body, a.Warnings = CleanBody(filePath, a.BodyLine, a.Body)
	return a, nil
}

// crToLF turns the line ends of old Mac files, a lone CR, into LF, so that
// the front matter is found and every line numbered as the editor sees it.
// The length stays, and with it every offset into the file; CRLF is left
// as it is, the parsers read it. The file is copied only when it has a
// lone CR: the caller's bytes are not changed.
func crToLF(src []byte) []byte {
	i := bytes.IndexByte(src, '\r')
	if i < 0 || !hasLoneCR(src[i:]) {
		return src
	}
	out := slices.Clone(src)
	loneCRToLF(out)
	return out
}

func hasLoneCR(b []byte) bool {
	for i := bytes.IndexByte(b, '\r'); i >= 0; {
		if i+1 == len(b) || b[i+1] != '\n' {
			return true
		}
		j := bytes.IndexByte(b[i+1:], '\r')
		if j < 0 {
			return false
		}
		i += 1 + j
	}
	return false
}

// loneCRToLF is crToLF in place.
func loneCRToLF(b []byte) {
	for i := range b {
		if b[i] == '\r' && (i+1 == len(b) || b[i+1] != '\n') {
			b[i] = '\n'
		}
	}
}

// maxBodyWarnings bounds the warnings of one body: a file full of stray
// characters needs one look, not a thousand lines.
const maxBodyWarnings = 10

// CleanBody drops the characters no page can show from an article's body,
// so that they never reach the HTML, and returns a warning for each line
// that had them (bodyLine is the file line of the body's first byte). body
// is copied when it changes, never changed. Parse and ReadSource give
// bodies already cleaned.
func CleanBody(filePath string, bodyLine int, body []byte) ([]byte, diag.List) {
	if i, _, _ := arabic.NextUnprintable(body); i < 0 {
		return body, nil
	}
	out := slices.Clone(body)
	var warnings diag.List
	line, lineStart, lastLine, lines := bodyLine, 0, 0, 0
	out = stripUnprintable(out, func(at int, r rune) {
		for j := bytes.IndexByte(body[lineStart:at], '\n'); j >= 0; j = bytes.IndexByte(body[lineStart:at], '\n') {
			line, lineStart = line+1, lineStart+j+1
		}
		if line == lastLine {
			return // one warning a line
		}
		lastLine = line
		lines++
		if lines <= maxBodyWarnings {
			warnings.Add(filePath, line, 1+utf8.RuneCount(body[lineStart:at]), "removed the invisible character %s, which no web page can show: delete it from the file (in most editors it shows as a box, or not at all)", arabic.DescribeUnprintable(r))
		}
	})
	if lines > maxBodyWarnings {
		warnings.Add(filePath, lastLine, 0, "removed such characters from %d more lines, up to this one", lines-maxBodyWarnings)
	}
	return out, warnings
}

// stripUnprintable removes the characters no page can show from b, in
// place, telling each (if each is set) with its offset in the original b.
func stripUnprintable(b []byte, each func(at int, r rune)) []byte {
	w, r := 0, 0
	for {
		i, c, size := arabic.NextUnprintable(b[r:])
		if i < 0 {
			w += copy(b[w:], b[r:])
			return b[:w]
		}
		if each != nil {
			each(r+i, c)
		}
		w += copy(b[w:], b[r:r+i])
		r += i + size
	}
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
		if bytes.IndexByte(src, 0) >= 0 {
			// UTF-16 without its byte-order mark reads as valid UTF-8 with
			// a NUL after every ASCII letter.
			problems.Add(filePath, 1, 1, "no front matter, and the file holds NUL characters: it was probably saved as UTF-16; save it as UTF-8 (in most editors: \"Save with encoding\" → UTF-8)")
			return nil, problems
		}
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
	// inLanguage is the path below content/ and the language folder.
	inLanguage string
}

// indexFields files the fields by key for the steps, reporting unknown
// keys as it goes: a misspelt key is the likely cause of a "missing"
// problem reported after it. A key given twice is reported with both
// lines, and its first value checked; so is a value holding a character
// no page can show, written as an escape ("\0", "\uFFFE").
func indexFields(filePath string, fm *split, g *gazetteer.Gazetteer) articleFields {
	af := articleFields{path: filePath, openLine: fm.OpenLine, g: g}
	twice := false
	for _, f := range fm.Fields {
		k := slices.Index(knownFields, f.Key)
		if k < 0 {
			af.problems.Add(filePath, f.KeyLin, f.KeyCol, "%v", unknownField(f.Key))
			continue
		}
		if af.given[k] {
			twice = true
			continue
		}
		af.known[k], af.given[k] = f, true
		af.unprintable(f)
	}
	if twice {
		af.givenTwice(fm.Fields)
	}
	return af
}

// givenTwice reports each known key written more than once, at its second
// place, naming every line it is on.
func (af *articleFields) givenTwice(fields []field) {
	var lines [numKnownFields][]int
	var again [numKnownFields]field
	for _, f := range fields {
		if k := slices.Index(knownFields, f.Key); k >= 0 {
			if lines[k] = append(lines[k], f.KeyLin); len(lines[k]) == 2 {
				again[k] = f
			}
		}
	}
	for k, ls := range lines {
		if len(ls) > 1 {
			af.problems.Add(af.path, again[k].KeyLin, again[k].KeyCol, "%v", givenTwice(knownFields[k], ls))
		}
	}
}

// unprintable reports a value, or a list entry, holding a character no
// page can show: the front matter's text has none (see parseFrontMatter),
// so it was written as an escape.
func (af *articleFields) unprintable(f field) {
	check := func(s string, line, col int) {
		if i, r, _ := arabic.NextUnprintable(s); i >= 0 {
			af.problems.Add(af.path, line, col, "%s holds the invisible character %s, written with a backslash escape such as %s: remove it", f.Key, arabic.DescribeUnprintable(r), escapeOf(r))
		}
	}
	switch x := f.Value.(type) {
	case string:
		check(x, f.Line, f.Col)
	case []item:
		for _, it := range x {
			check(it.Value, it.Line, it.Col)
		}
	}
}

// field returns the field of key k and whether the editor wrote it.
func (af *articleFields) field(k int) (field, bool) {
	return af.known[k], af.given[k]
}

// unknownField suggests the field the editor most likely meant, or lists
// them all when no known field is close.
func unknownField(key string) msg.Message {
	if s := closest(key, knownFields); s != "" {
		return msg.New("unknown field %q (did you mean %q?)", key, s)
	}
	return msg.New("unknown field %q (known fields: %s)", key, strings.Join(knownFields, ", "))
}

// escapeOf is how YAML and TOML write r with a backslash.
func escapeOf(r rune) string {
	switch {
	case r == 0:
		return `\0 or \u0000`
	case r > 0xFFFF:
		return fmt.Sprintf(`\U%08X`, r)
	}
	return fmt.Sprintf(`\u%04X`, r)
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
	s, ok := af.text(f)
	if !ok {
		return
	}
	if strings.TrimSpace(s) == "" {
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
	switch {
	case err != nil && strings.HasPrefix(err.Error(), "must "):
		af.addAt(f, "date %v", err)
	case err != nil:
		af.addAt(f, "%v", err)
	default:
		a.Date = t
	}
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
	case f.Value == nil:
		af.addAt(f, "lastmod is empty: write the date of the last update, e.g. 2024-02-07, or remove the line")
	case err != nil && strings.HasPrefix(err.Error(), "must "):
		af.addAt(f, "lastmod %v", err)
	case err != nil:
		af.addAt(f, "lastmod: %v", err)
	case !a.Date.IsZero() && t.Before(a.Date):
		af.addAt(f, "lastmod %s is before the date %s: an article cannot be updated before it is published", shortWhen(t, a.Date), shortWhen(a.Date, t))
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
	const empty = "region is empty: name the region, e.g. `region: souss-massa`"
	for _, it := range af.items(f, "region", empty) {
		r, found := af.g.FindRegion(it.Value)
		switch {
		case found:
			a.Regions = appendUnique(a.Regions, r)
		case strings.TrimSpace(it.Value) == "":
			af.addItem(it, empty)
		default:
			af.addItem(it, "unknown region %q%s", it.Value, suggestion(it.Value, af.g.SuggestRegion(it.Value), func(s string) string { r, _ := af.g.FindRegion(s); return r.Slug }, msg.New("one of the 12 regions, e.g. souss-massa or جهة سوس ماسة")))
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
	const empty = "province is empty: name a province, e.g. `province: taroudant`, or remove the line"
	for _, it := range af.items(f, "province", empty) {
		p, found := af.g.FindProvince(it.Value)
		switch {
		case !found && strings.TrimSpace(it.Value) == "":
			af.addItem(it, empty)
		case !found:
			af.addItem(it, "unknown province %q%s", it.Value, suggestion(it.Value, af.g.SuggestProvince(it.Value), func(s string) string { p, _ := af.g.FindProvince(s); return p.Slug }, msg.New("a prefecture or province, e.g. taroudant or إقليم تارودانت")))
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
	const empty = "facility_type is empty: name a facility type, e.g. `facility_type: dar-taliba`, or remove the line"
	for _, it := range af.items(f, "facility_type", empty) {
		t, found := af.g.FindFacilityType(it.Value)
		switch {
		case found:
			a.Facilities = appendUnique(a.Facilities, t)
		case strings.TrimSpace(it.Value) == "":
			af.addItem(it, empty)
		default:
			af.addItem(it, "unknown facility type %q%s", it.Value, suggestion(it.Value, af.g.SuggestFacilityType(it.Value), func(s string) string { t, _ := af.g.FindFacilityType(s); return t.Slug }, msg.New("a type from the vocabulary, e.g. dar-taliba or دار الطالبة; a site can add its own under [[facility_types]] in site.toml")))
		}
	}
}

// summary is optional free text: trimmed, and may be empty.
// kind tells a plain page (under content/pages/, or "kind: page") from an
// article ("kind: article", the default elsewhere).
func (af *articleFields) kind(a *Article) bool {
	a.IsPage = strings.HasPrefix(Dir+"/"+af.inLanguage, PagesDir+"/")
	f, ok := af.field(keyKind)
	if !ok {
		return a.IsPage
	}
	v, _ := af.text(f)
	switch strings.TrimSpace(v) {
	case "page":
		a.IsPage = true
	case "article":
		a.IsPage = false
	default:
		af.problems.Add(af.path, f.Line, f.Col, "kind %q: write kind: page for a page that is not news (about us, contact), or leave it out for an article", v)
	}
	return a.IsPage
}

// notOnPages reports the fields of news on a plain page.
func (af *articleFields) notOnPages() {
	for _, k := range []int{keyDate, keyLastmod, keyRegion, keyProvince, keyFacilityType, keyTags, keyImage, keyImageAlt, keyImageCaption, keyAuthor} {
		if f, ok := af.field(k); ok {
			af.problems.Add(af.path, f.KeyLin, f.KeyCol, "%s: a page (in %s/, or kind: page) is not news and takes only title, summary, slug and draft; remove the line, or make the file an article", knownFields[k], PagesDir)
		}
	}
}

func (af *articleFields) summary(a *Article) {
	if f, ok := af.field(keySummary); ok {
		a.Summary, _ = af.text(f)
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
	for _, it := range af.items(f, "tags", "") {
		tag := strings.Join(strings.Fields(it.Value), " ")
		if tag == "" {
			continue
		}
		slug := arabic.Slug(tag)
		if slug == "" {
			af.addItem(it, "tag %q has no letters or digits to make a page address from", it.Value)
			continue
		}
		if why := arabic.SlugProblem(slug); why != "" {
			af.addItem(it, "tag %q cannot have a page of its own at /tags/%s/: %s; write the tag another way", clipQuote(it.Value), clipQuote(slug), why)
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
	switch x := f.Value.(type) {
	case bool:
	case nil:
		af.addAt(f, "draft is empty: write true or false")
	case string:
		hint := ""
		if t := strings.ToLower(strings.TrimSpace(x)); t == "true" || t == "false" {
			hint = ": remove the quotes"
		}
		af.addAt(f, "draft must be true or false, found %s%s", describe(x), hint)
	default:
		af.addAt(f, "draft must be true or false, found %s", describe(x))
	}
	if isBool {
		a.Draft = b
	}
}

// slug comes from the file (or bundle folder) name unless the editor sets
// one; either way it must give a page address that every file system can
// hold.
func (af *articleFields) slug(a *Article) {
	name := strings.TrimSuffix(path.Base(a.Path), ".md")
	if a.IsBundle {
		name = path.Base(a.Dir)
	}
	line, col := 1, 1
	fix := "rename the file or set a `slug:`"
	if a.IsBundle {
		fix = "rename the folder or set a `slug:`"
	}
	if f, ok := af.field(keySlug); ok {
		if f.Value == nil {
			af.addAt(f, "slug is empty: write a few words for the page address, e.g. `slug: dar-taliba-argana`, or remove the line to use the file name")
			return
		}
		var isText bool
		if name, isText = af.text(f); !isText {
			return
		}
		line, col = f.Line, f.Col
		fix = "set another `slug:`"
	}
	a.Slug = arabic.Slug(name)
	if a.Slug == "" {
		af.problems.Add(af.path, line, col, "cannot make a page address from %q: set `slug:` to a few words, e.g. `slug: dar-taliba-argana`", name)
		return
	}
	if why := arabic.SlugProblem(a.Slug); why != "" {
		af.problems.Add(af.path, line, col, "the page address %q cannot be used: %s; %s", clipQuote(a.Slug), why, fix)
	}
}

// image needs a description: readers who cannot see the photo get the
// alt text instead.
func (af *articleFields) image(a *Article) {
	f, ok := af.field(keyImage)
	if !ok {
		return
	}
	if f.Value == nil {
		af.addAt(f, "image is empty: write the photo's file name, e.g. `image: photo-1.jpg`, or remove the line")
		return
	}
	var isText bool
	if a.Image, isText = af.text(f); !isText {
		return
	}
	a.ImageLine = f.Line
	alt, ok := af.field(keyImageAlt)
	if !ok {
		af.addAt(f, "image has no description: add `image_alt:` saying what the photo shows, for readers who cannot see it")
		return
	}
	if a.ImageAlt, isText = af.text(alt); !isText && alt.Value != nil {
		return
	}
	if strings.TrimSpace(a.ImageAlt) == "" {
		af.addAt(alt, "image_alt is empty: say what the photo shows")
	}
}

// imageCaption is optional text under the photo: without an image there
// is nothing to put it under, which is most likely a forgotten `image:`.
func (af *articleFields) imageCaption(a *Article) {
	f, ok := af.field(keyImageCaption)
	if !ok {
		return
	}
	s, isText := af.text(f)
	if !isText && f.Value != nil {
		return
	}
	if _, hasImage := af.field(keyImage); !hasImage {
		af.addAt(f, "image_caption has no photo to go under: add `image:` with the photo's file name (and `image_alt:`), or remove the image_caption line")
		return
	}
	a.ImageCaption = strings.TrimSpace(s)
}

// author is optional free text, trimmed like the summary: the theme shows
// it when given.
func (af *articleFields) author(a *Article) {
	if f, ok := af.field(keyAuthor); ok {
		s, _ := af.text(f)
		a.Author = strings.TrimSpace(s)
	}
}

// suggestion proposes the closest name in the script the editor wrote:
// a slug for a name in Latin letters, the Arabic name for one in Arabic.
// slugOf finds the slug of the Arabic name the gazetteer suggests.
func suggestion(given, arabicName string, slugOf func(string) string, fallback msg.Message) msg.Message {
	if arabicName == "" {
		return msg.New(": write %v", fallback)
	}
	if !hasArabic(given) {
		return msg.New(" (did you mean %q?)", slugOf(arabicName))
	}
	return msg.New(" (did you mean %q?)", arabicName)
}

func hasArabic(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Arabic, r) {
			return true
		}
	}
	return false
}

func regionNames(rs []*gazetteer.Region) msg.Message {
	names := make([]string, len(rs))
	for i, r := range rs {
		names[i] = r.NameAR + " (" + r.Slug + ")"
	}
	if len(names) == 1 {
		return msg.New("region %s", names[0])
	}
	return msg.New("regions %s", strings.Join(names, ", "))
}

// clipQuote shortens what a message quotes: an over-long slug is the
// problem, not something to read in full.
func clipQuote(s string) string {
	const keep = 40
	if utf8.RuneCountInString(s) <= keep {
		return s
	}
	r := []rune(s)
	return string(r[:keep]) + "…"
}

// dateForms are the forms parseDate reads without an offset, in Morocco's
// time; with an offset, the forms of zonedForms keep it.
var (
	dateForms  = []string{"2006-01-02", "2006-01-02T15:04", "2006-01-02T15:04:05", "2006-01-02 15:04", "2006-01-02 15:04:05"}
	zonedForms = []string{time.RFC3339, "2006-01-02 15:04:05Z07:00", "2006-01-02T15:04Z07:00", "2006-01-02 15:04Z07:00"}
)

// dateHelp lists the accepted forms, for every message about a bad date.
var dateHelp = msg.New("write it as year-month-day, e.g. 2024-02-05, or with a time as 2024-02-05 10:30 (Morocco time) or 2024-02-05T10:30:00+01:00")

// parseDate accepts what editors write: 2024-02-05, with a time or not,
// with an offset or not, and the TOML/YAML native date values. A date or
// time without an offset is Morocco's (see Morocco), never the machine's.
func parseDate(v any) (time.Time, error) {
	switch x := v.(type) {
	case time.Time:
		// TOML's local dates and times come in zones of the decoder's own,
		// set to the machine's offset: only their wall clock is the
		// editor's.
		switch x.Location().String() {
		case "date-local", "datetime-local":
			return time.Date(x.Year(), x.Month(), x.Day(), x.Hour(), x.Minute(), x.Second(), x.Nanosecond(), Morocco), nil
		case "time-local":
			return time.Time{}, msg.Errorf("must be a date written year-month-day, e.g. 2024-02-05, found only a time of day: %v", dateHelp)
		}
		return x, nil
	case string, number:
		var s string
		if n, isNumber := x.(number); isNumber {
			s = string(n)
		} else {
			s = strings.TrimSpace(x.(string))
		}
		for _, layout := range dateForms {
			if t, err := time.ParseInLocation(layout, s, Morocco); err == nil {
				return t, nil
			}
		}
		for _, layout := range zonedForms {
			if t, err := time.Parse(layout, s); err == nil {
				return t, nil
			}
		}
		return time.Time{}, msg.Errorf("bad date %q: %v", s, dateHelp)
	case nil:
		return time.Time{}, msg.Errorf("date is empty: write it as year-month-day, e.g. 2024-02-05")
	}
	return time.Time{}, msg.Errorf("must be a date written year-month-day, e.g. 2024-02-05, found %s", describe(v))
}

// shortWhen is t for a message comparing it with other: the day alone
// when that tells them apart, as most dates are written.
func shortWhen(t, other time.Time) string {
	if day := t.In(Morocco).Format("2006-01-02"); day != other.In(Morocco).Format("2006-01-02") {
		return day
	}
	return FormatWhen(t)
}

// foundWords are the words of an item's Found, in the editor's language.
func foundWords(found string) msg.Message {
	if found == "a list" {
		return msg.New("a list")
	}
	return msg.New("nested fields")
}

// describe says what a value is, for "found …" in messages.
func describe(v any) msg.Message {
	switch x := v.(type) {
	case string:
		if s := strings.TrimSpace(x); s == "" {
			return msg.New("nothing")
		}
		return msg.New("%q", x)
	case number:
		return msg.New("the number %s", string(x))
	case bool:
		return msg.New("%v", x)
	case time.Time:
		return msg.New("a date")
	case []item:
		return msg.New("a list")
	case nested:
		return msg.New("nested fields")
	case nil:
		return msg.New("nothing")
	}
	return msg.New("%T", v) // not reached: the decoders make no other type
}

// text is the value of a field that takes one line of text. Numbers are
// text as written; what else an editor may have written (a list, nested
// fields, true or false, a TOML date) is reported, saying what was found.
// It returns false for those and for an empty value, which is not
// reported: each field says what empty means for it.
func (af *articleFields) text(f field) (string, bool) {
	switch x := f.Value.(type) {
	case string:
		return x, true
	case number:
		return string(x), true
	case nil:
		return "", false
	case bool:
		af.addAt(f, "%s must be text, found %v: put it in quotes if it is meant as text, `%s: \"%v\"`", f.Key, x, f.Key, x)
	case time.Time:
		af.addAt(f, "%s must be text, found a date: put it in quotes if it is meant as text", f.Key)
	case []item:
		af.addAt(f, "%s must be text, found a list: write one value after `%s:`, in quotes if it starts with [ or -", f.Key, f.Key)
	default:
		af.addAt(f, "%s must be text, found %s: write the value on the line of `%s:`, in quotes if it holds \": \" or starts with {", f.Key, describe(x), f.Key)
	}
	return "", false
}

// items lets every list field also be written as a single value, and
// reports what is neither (nested fields, entries that are lists
// themselves). empty, when set, is reported for an empty list.
func (af *articleFields) items(f field, key, empty string) []item {
	switch x := f.Value.(type) {
	case []item:
		if len(x) == 0 && empty != "" {
			af.addAt(f, "%s", empty)
		}
		if !slices.ContainsFunc(x, func(it item) bool { return it.Found != "" }) {
			return x
		}
		var ok []item
		for _, it := range x {
			if it.Found != "" {
				af.addItem(it, "each entry of %s must be a single name, found %s: write `%s: [a, b]`, or one `- name` line per entry", key, foundWords(it.Found), key)
				continue
			}
			ok = append(ok, it)
		}
		return ok
	case nil:
		return []item{{Line: f.Line, Col: f.Col}}
	case string:
		return []item{{Value: x, Line: f.Line, Col: f.Col}}
	case number:
		return []item{{Value: string(x), Line: f.Line, Col: f.Col}}
	case bool:
		return []item{{Value: fmt.Sprint(x), Line: f.Line, Col: f.Col}}
	default:
		af.addAt(f, "%s must be a name or a list of names, found %s: write `%s: [a, b]`, or one `- name` line per entry", key, describe(x), key)
		return nil
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
// it is still the one parsed; its body starts at BodyOffset, mended as
// Parse mended it. The file is read into buf's memory when it is large
// enough (nil for new memory).
func ReadSource(root string, a *Article, buf []byte) ([]byte, error) {
	src, err := readFile(filepath.Join(root, filepath.FromSlash(a.Path)), buf)
	if err != nil {
		return nil, err
	}
	if sha256.Sum256(src) != a.Hash || a.BodyOffset > len(src) {
		return nil, msg.Errorf("the file changed during the build: save it again")
	}
	// The body as Parse left it: lone CRs read as line ends, and the
	// characters no page can show dropped (Parse warned of them).
	if bytes.IndexByte(src, '\r') >= 0 {
		loneCRToLF(src)
	}
	if i, _, _ := arabic.NextUnprintable(src[a.BodyOffset:]); i >= 0 {
		src = src[:a.BodyOffset+len(stripUnprintable(src[a.BodyOffset:], nil))]
	}
	return src, nil
}
