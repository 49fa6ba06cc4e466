package scaffold

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"time"
	_ "time/tzdata" // Morocco's time zone whatever the machine has installed

	"github.com/jihat/jihat/internal/msg"

	"github.com/jihat/jihat/internal/arabic"
	"github.com/jihat/jihat/internal/config"
	"github.com/jihat/jihat/internal/gazetteer"
)

// Article is what jihat new article is told. Regions, Provinces and Types
// are as the editor wrote them, one flag value each (commas separate
// several in one value).
type Article struct {
	Title     string
	Regions   []string
	Provinces []string
	Types     []string
	Slug      string // the page address; default: from the title
	Date      string // YYYY-MM-DD; default: today in Morocco
}

// Placeholder is the body of a new article, for the editor to replace.
const Placeholder = "اكتب هنا نص الخبر: ما الذي حدث، وأين ومتى، ومن يستفيد منه."

// Morocco is the time zone of the articles' dates.
var Morocco = mustLoadLocation("Africa/Casablanca")

func mustLoadLocation(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err) // embedded by time/tzdata: cannot fail
	}
	return loc
}

// FlagError is a mistake in one flag's value, named in the message.
type FlagError struct {
	Flag, Value string
	Message     msg.Message
}

func (e *FlagError) Error() string { return e.Localize(nil) }

// Localize writes the error in c's language.
func (e *FlagError) Localize(c *msg.Catalog) string {
	if e.Value == "" {
		return fmt.Sprintf("--%s: %s", e.Flag, e.Message.Localize(c))
	}
	return fmt.Sprintf("--%s %q: %s", e.Flag, e.Value, e.Message.Localize(c))
}

// NewArticle writes a draft article in the site at root, at
// content/<year>/<slug>.md, and returns that path (slash-separated,
// relative to root). now gives today's date when a.Date is empty. It
// never replaces a file, nor takes the address of another article file.
func NewArticle(root string, a Article, now time.Time) (string, error) {
	if err := siteFolder(root); err != nil {
		return "", err
	}
	g, err := vocabulary(root)
	if err != nil {
		return "", err
	}
	title := strings.Join(strings.Fields(a.Title), " ")
	if title == "" {
		return "", msg.Errorf(`the article needs a title: jihat new article "عنوان الخبر"`)
	}
	if i, r, _ := arabic.NextUnprintable(title); i >= 0 {
		return "", msg.Errorf("the title holds the invisible character %s, which no page can show: type the title again without it", arabic.DescribeUnprintable(r))
	}
	date := now.In(Morocco).Format(time.DateOnly)
	if a.Date != "" {
		d, err := time.Parse(time.DateOnly, strings.TrimSpace(a.Date))
		if err != nil {
			return "", &FlagError{"date", a.Date, msg.New("write the date as year-month-day, e.g. --date 2024-02-05")}
		}
		date = d.Format(time.DateOnly)
	}
	fm, err := resolve(g, a)
	if err != nil {
		return "", err
	}
	slug, err := articleSlug(title, a.Slug)
	if err != nil {
		return "", err
	}
	rel := path.Join("content", date[:4], slug+".md")
	if other, err := sameAddress(root, slug); err != nil {
		return "", err
	} else if other == rel {
		return "", msg.Errorf("%s already exists: jihat new never replaces an article; choose another address with --slug", rel)
	} else if other != "" {
		return "", msg.Errorf("%s already has the page address %q: choose another with --slug", other, slug)
	}
	var b strings.Builder
	b.WriteString("---\n")
	fmt.Fprintf(&b, "title: %s\n", quoteYAML(title))
	fmt.Fprintf(&b, "date: %s\n", date)
	fmt.Fprintf(&b, "region: %s\n", yamlList(fm.regions))
	if len(fm.provinces) > 0 {
		fmt.Fprintf(&b, "province: %s\n", yamlList(fm.provinces))
	}
	if len(fm.types) > 0 {
		fmt.Fprintf(&b, "facility_type: %s\n", yamlList(fm.types))
	}
	b.WriteString("summary: \"\"\n")
	b.WriteString("draft: true\n")
	b.WriteString("---\n\n")
	b.WriteString(Placeholder + "\n")

	dir := filepath.Join(root, "content", date[:4])
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", msg.Errorf("cannot create %s: %v", dir, err)
	}
	f, err := os.OpenFile(filepath.Join(root, filepath.FromSlash(rel)), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return "", msg.Errorf("%s already exists: jihat new never replaces an article; choose another address with --slug", rel)
	}
	if err != nil {
		return "", err
	}
	if _, err := f.WriteString(b.String()); err != nil {
		f.Close()
		return "", err
	}
	return rel, f.Close()
}

// siteFolder refuses a folder that is not a site, so that a mistyped
// --source does not start a content/ folder somewhere else.
func siteFolder(root string) error {
	for _, name := range []string{"content", config.FileName} {
		if _, err := os.Stat(filepath.Join(root, name)); err == nil {
			return nil
		}
	}
	return msg.Errorf("%s is not a site folder (it has neither content/ nor site.toml): run jihat new in your site's folder, or give it with --source DIR", root)
}

// vocabulary is the gazetteer the site's articles are checked against:
// the built-in one and the facility types of its site.toml.
func vocabulary(root string) (*gazetteer.Gazetteer, error) {
	cfg, err := config.Load(root)
	if err != nil {
		return nil, err
	}
	g, err := gazetteer.Default()
	if err != nil {
		return nil, msg.Errorf("embedded gazetteer: %v", err)
	}
	if len(cfg.FacilityTypes) == 0 {
		return g, nil
	}
	extra := make([]gazetteer.FacilityType, len(cfg.FacilityTypes))
	for i, f := range cfg.FacilityTypes {
		extra[i] = gazetteer.FacilityType{Slug: f.Slug, NameAR: f.NameAR, NameFR: f.NameFR, Group: f.Group, Aliases: f.Aliases}
	}
	if g, err = g.WithFacilityTypes(extra); err != nil {
		return nil, msg.Errorf("%s: facility_types: %v", config.FileName, err)
	}
	return g, nil
}

type frontMatter struct {
	regions, provinces, types []string // slugs
}

// resolve checks each flag value against the vocabulary, as content does
// with front matter, and reports every mistake at once.
func resolve(g *gazetteer.Gazetteer, a Article) (frontMatter, error) {
	var fm frontMatter
	var problems []error
	var regions []*gazetteer.Region
	for _, v := range splitValues(a.Regions) {
		r, ok := g.FindRegion(v)
		if !ok {
			problems = append(problems, unknown(g, gazetteer.KindRegion, "region", v))
			continue
		}
		if !contains(regions, r) {
			regions = append(regions, r)
		}
	}
	var provinces []*gazetteer.Province
	for _, v := range splitValues(a.Provinces) {
		p, ok := g.FindProvince(v)
		if !ok {
			problems = append(problems, unknown(g, gazetteer.KindProvince, "province", v))
			continue
		}
		if !contains(provinces, p) {
			provinces = append(provinces, p)
		}
	}
	givenRegions := len(splitValues(a.Regions)) > 0
	for _, p := range provinces {
		switch {
		case !givenRegions:
			// The provinces name their regions: no need to repeat them.
			if !contains(regions, p.Region) {
				regions = append(regions, p.Region)
			}
		case len(regions) > 0 && !contains(regions, p.Region):
			problems = append(problems, &FlagError{"province", p.Slug, msg.New("%s is in the region %s (%s), not in %s: add --region %s or fix the province",
				p.NameAR, p.Region.NameAR, p.Region.Slug, regionNames(regions), p.Region.Slug)})
		}
	}
	for _, v := range splitValues(a.Types) {
		t, ok := g.FindFacilityType(v)
		if !ok {
			problems = append(problems, unknown(g, gazetteer.KindFacilityType, "type", v))
			continue
		}
		if !contains(fm.types, t.Slug) {
			fm.types = append(fm.types, t.Slug)
		}
	}
	if len(regions) == 0 && !givenRegions {
		problems = append(problems, &FlagError{"region", "", msg.New("every article needs its region: add --region with one of %s", regionList(g))})
	}
	if len(problems) > 0 {
		return fm, errors.Join(problems...)
	}
	for _, r := range regions {
		fm.regions = append(fm.regions, r.Slug)
	}
	for _, p := range provinces {
		fm.provinces = append(fm.provinces, p.Slug)
	}
	return fm, nil
}

// unknown says what an unknown name may have meant, with the words
// content uses for the same mistake in front matter; the suggestion comes
// with its slug, which is what the flag takes best.
func unknown(g *gazetteer.Gazetteer, kind gazetteer.Kind, flag, v string) error {
	if slugs := g.Ambiguous(kind, v); len(slugs) > 0 {
		return &FlagError{flag, v, msg.New("%v could be any of %s: write the slug of the one you mean", kindWord(kind), strings.Join(slugs, ", "))}
	}
	var name, slug string
	var fallback msg.Message
	switch kind {
	case gazetteer.KindRegion:
		name = g.SuggestRegion(v)
		if r, ok := g.FindRegion(name); ok && name != "" {
			slug = r.Slug
		}
		fallback = msg.New("one of %s", regionList(g))
	case gazetteer.KindProvince:
		name = g.SuggestProvince(v)
		if p, ok := g.FindProvince(name); ok && name != "" {
			slug = p.Slug
		}
		fallback = msg.New(`a prefecture or province, e.g. taroudannt or "إقليم تارودانت"`)
	case gazetteer.KindFacilityType:
		name = g.SuggestFacilityType(v)
		if t, ok := g.FindFacilityType(name); ok && name != "" {
			slug = t.Slug
		}
		fallback = msg.New(`a type from the vocabulary, e.g. dar-taliba or "دار الطالبة"; a site can add its own under [[facility_types]] in site.toml`)
	}
	if slug != "" {
		return &FlagError{flag, v, msg.New("unknown %v (did you mean %q %s?)", kindWord(kind), slug, name)}
	}
	return &FlagError{flag, v, msg.New("unknown %v: write %v", kindWord(kind), fallback)}
}

// kindWord names a vocabulary in messages.
func kindWord(k gazetteer.Kind) msg.Message {
	switch k {
	case gazetteer.KindRegion:
		return msg.New("region")
	case gazetteer.KindProvince:
		return msg.New("province")
	}
	return msg.New("facility type")
}

func regionList(g *gazetteer.Gazetteer) string {
	var slugs []string
	for _, r := range g.Regions() {
		slugs = append(slugs, r.Slug)
	}
	return "the 12 regions: " + strings.Join(slugs, ", ")
}

func regionNames(rs []*gazetteer.Region) msg.Message {
	names := make([]string, len(rs))
	for i, r := range rs {
		names[i] = r.NameAR + " (" + r.Slug + ")"
	}
	if len(names) == 1 {
		return msg.New("the region given, %s", names[0])
	}
	return msg.New("the regions given, %s", strings.Join(names, ", "))
}

// splitValues splits repeated flag values at commas, Latin or Arabic (an
// editor typing Arabic gets the latter), dropping empty pieces.
func splitValues(values []string) []string {
	var out []string
	for _, v := range values {
		for _, piece := range strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == '،' }) {
			if piece = strings.TrimSpace(piece); piece != "" {
				out = append(out, piece)
			}
		}
	}
	return out
}

// articleSlug is the page address: --slug if given, else the title's.
// The file is <slug>.md, so the slug leaves room for the extension in a
// file name.
func articleSlug(title, given string) (string, error) {
	from, flag := title, ""
	if strings.TrimSpace(given) != "" {
		from, flag = given, "slug"
	}
	slug := arabic.Slug(from)
	if slug == "" {
		if flag != "" {
			return "", &FlagError{flag, given, msg.New("cannot make a page address from it: use letters, e.g. --slug dar-taliba-argana")}
		}
		return "", msg.Errorf("cannot make a page address from the title %q: give one with --slug, e.g. --slug dar-taliba-argana", title)
	}
	why := arabic.SlugProblem(slug)
	if why == "" && len(slug)+len(".md") > arabic.MaxSlugBytes {
		why = fmt.Sprintf("with .md it is %d bytes long, and a file name holds at most %d", len(slug)+len(".md"), arabic.MaxSlugBytes)
	}
	if why != "" {
		if flag != "" {
			return "", &FlagError{flag, given, msg.New("the page address cannot be used: %s; choose another", why)}
		}
		return "", msg.Errorf("the title makes the page address %q, which cannot be used: %s; give a shorter one with --slug", clip(slug), why)
	}
	return slug, nil
}

// sameAddress finds an article file under content/ whose name gives slug
// (a bundle's folder name for index.md), which the build would refuse
// beside the new one. Articles setting slug: in front matter are left to
// jihat check.
func sameAddress(root, slug string) (string, error) {
	var found string
	dir := filepath.Join(root, "content")
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) && p == dir {
				return filepath.SkipAll
			}
			return err
		}
		if d.IsDir() || !strings.HasSuffix(d.Name(), ".md") {
			return nil
		}
		name := strings.TrimSuffix(d.Name(), ".md")
		if name == "index" {
			name = filepath.Base(filepath.Dir(p))
		}
		if arabic.Slug(name) == slug {
			rel, _ := filepath.Rel(root, p)
			found = filepath.ToSlash(rel)
			return filepath.SkipAll
		}
		return nil
	})
	return found, err
}

// quoteYAML writes s as a YAML double-quoted string; s holds no control
// character (checked before).
func quoteYAML(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}

// yamlList writes one slug alone and several as a flow list.
func yamlList(slugs []string) string {
	quoted := make([]string, len(slugs))
	for i, s := range slugs {
		quoted[i] = yamlScalar(s)
	}
	if len(quoted) == 1 {
		return quoted[0]
	}
	return "[" + strings.Join(quoted, ", ") + "]"
}

// plainSlug is a slug YAML reads as text when written bare: a letter
// first, so no number, and not one of the words YAML 1.1 takes for true,
// false or nothing.
var plainSlug = regexp.MustCompile(`^[a-z][a-z0-9-]*$`)

func yamlScalar(slug string) string {
	switch slug {
	case "y", "n", "yes", "no", "on", "off", "true", "false", "null":
	default:
		if plainSlug.MatchString(slug) {
			return slug
		}
	}
	return quoteYAML(slug)
}

func contains[T comparable](list []T, v T) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

func clip(s string) string {
	if r := []rune(s); len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return s
}
