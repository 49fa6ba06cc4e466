// Package config reads a site's optional site.toml and fills in the defaults
// that let a folder holding only content/ build into a complete site.
package config

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/jihat/jihat/internal/msg"

	"github.com/BurntSushi/toml"

	"github.com/jihat/jihat/internal/arabic"
	"github.com/jihat/jihat/internal/diag"
	"github.com/jihat/jihat/internal/sitefs"
)

// FileName is the configuration file looked for at the site root.
const FileName = "site.toml"

// Site is everything a site owner can set.
type Site struct {
	Title       string `toml:"title"`
	Description string `toml:"description"`
	// BaseURL is the absolute URL the site is served from; canonical links,
	// feeds and the sitemap need it.
	BaseURL   string `toml:"base_url"`
	Language  string `toml:"language"`
	Publisher string `toml:"publisher"`
	// PublisherLogo is a file in static/, named in the articles' JSON-LD.
	PublisherLogo string `toml:"publisher_logo"`
	// Logo is a file in static/, shown in the masthead beside the title.
	Logo string `toml:"logo"`
	// Accent is the theme's colour for the masthead and links, "#rrggbb".
	Accent string `toml:"accent"`
	// Footer is a line of text at the foot of every page.
	Footer string `toml:"footer"`
	// Digits are the digits of the numbers on the map, the charts and
	// their tables: "western" (0123, as Moroccan papers print them) or
	// "arabic" (Arabic-Indic, ٠١٢٣).
	Digits string `toml:"digits"`
	// PageSize is the number of articles on each page of a list.
	PageSize int `toml:"page_size"`
	// FeedLength caps each Atom feed to the latest entries.
	FeedLength int `toml:"feed_length"`
	// HomeArticles is how many of the latest articles the home page lists.
	HomeArticles int `toml:"home_articles"`
	// RelatedArticles is how many related articles an article page shows.
	RelatedArticles int `toml:"related_articles"`

	Markdown Markdown `toml:"markdown"`

	Photos Photos `toml:"photos"`

	// FacilityTypes extends the embedded facility-type vocabulary.
	FacilityTypes []FacilityType `toml:"facility_types"`

	// Menu lists the links at the foot of every page (about us,
	// contact), in order.
	Menu []MenuItem `toml:"menu"`

	// Languages are the languages the site publishes in, the default
	// first after Load (at /, the others under /<code>/). Without
	// [[languages]] the site has one: Language.
	Languages []Lang `toml:"languages"`
}

// Lang is one language the site publishes in.
type Lang struct {
	// Code is the language's code: "ar", "fr" or "zgh" (Standard
	// Moroccan Amazigh, in Tifinagh).
	Code string `toml:"code"`
	// Name is the language's name in itself, for the language switcher
	// (default: the locale's, العربية, Français, ⵜⴰⵎⴰⵣⵉⵖⵜ).
	Name string `toml:"name"`
	// Direction is "rtl" or "ltr" (default: the language's own).
	Direction string `toml:"direction"`
	// Default marks the language published at the site's root.
	Default bool `toml:"default"`
	// Title and Description are the site's in this language (default:
	// the site's own).
	Title       string `toml:"title"`
	Description string `toml:"description"`
}

// MenuItem is one link of the menu: a page of the site ("/about/") or an
// address elsewhere.
type MenuItem struct {
	Name string `toml:"name"`
	URL  string `toml:"url"`
	// Lang is the language whose pages show the link (default: the
	// default language). A language without links of its own shows the
	// default language's that lead to a page translated into it.
	Lang string `toml:"lang"`
}

// Markdown holds the rendering switches.
type Markdown struct {
	// UnsafeHTML lets raw HTML in articles through. Off by default: editors
	// paste from word processors, and the output must stay valid and safe.
	UnsafeHTML bool `toml:"unsafe_html"`
}

// Photos says what is published of the JPEG and PNG photos articles show,
// which are always published as resized copies without metadata.
type Photos struct {
	// KeepOriginals publishes each original file beside its resized
	// copies, as it is: with its full size and whatever it records (a
	// camera's GPS position). Off by default.
	KeepOriginals bool `toml:"keep_originals"`
}

// FacilityType is a site-specific addition to the vocabulary.
type FacilityType struct {
	Slug    string   `toml:"slug"`
	NameAR  string   `toml:"name_ar"`
	NameFR  string   `toml:"name_fr"`
	Group   string   `toml:"group"`
	Aliases []string `toml:"aliases"`
}

// Default returns the configuration of a site without site.toml.
func Default() *Site {
	s := &Site{
		Title:           "جهات",
		Description:     "أخبار البرامج الاجتماعية في جهات المغرب",
		BaseURL:         "http://localhost:1313/",
		Language:        "ar",
		PageSize:        20,
		FeedLength:      20,
		HomeArticles:    20,
		RelatedArticles: 4,
		Digits:          "western",
	}
	s.Languages = []Lang{languageOf(s.Language, s)}
	return s
}

// Load reads root/site.toml over the defaults. A missing file is not an error.
func Load(root string) (*Site, error) {
	// A site.toml linked outside the site, or a named pipe, is refused
	// before it is read (see sitefs).
	err := sitefs.CheckFile(root, FileName)
	if errors.Is(err, fs.ErrNotExist) {
		return Default(), nil
	}
	if err != nil {
		return nil, err
	}
	data, err := os.ReadFile(filepath.Join(root, FileName))
	if err != nil {
		return nil, err
	}
	return Parse(data)
}

// Language is the language root/site.toml sets, or "" when it cannot be
// read: the editor's messages follow it, even when the rest of the file
// has mistakes to report.
func Language(root string) string {
	if err := sitefs.CheckFile(root, FileName); err != nil {
		return ""
	}
	data, err := os.ReadFile(filepath.Join(root, FileName))
	if err != nil {
		return ""
	}
	var only struct {
		Language string `toml:"language"`
	}
	if _, err := toml.Decode(string(data), &only); err != nil {
		return ""
	}
	return only.Language
}

// Parse reads the bytes of a site.toml over the defaults.
func Parse(data []byte) (*Site, error) {
	site := Default()
	site.Languages = nil // the file's, or the default's made from language by validate
	var problems diag.List
	// The decoder tells a value of the wrong type with neither column nor
	// words an editor knows, and takes 1e9 for no number at all: check
	// the values first, each at its place.
	raw := map[string]any{}
	if _, err := toml.Decode(string(data), &raw); err == nil {
		if problems = checkTypes(data, raw); problems != nil {
			return nil, problems.Err()
		}
	}
	meta, err := toml.Decode(string(data), site)
	if err != nil {
		var perr toml.ParseError
		if errors.As(err, &perr) {
			problems.Add(FileName, perr.Position.Line, perr.Position.Col, "%s", perr.Message)
		} else {
			problems.Add(FileName, 0, 0, "%v", err)
		}
		return nil, problems.Err()
	}
	for _, key := range meta.Undecoded() {
		line := keyLine(data, key[len(key)-1])
		problems.Add(FileName, line, 1, "unknown setting %q (known: title, description, base_url, language, publisher, publisher_logo, logo, accent, footer, digits, page_size, feed_length, home_articles, related_articles, [markdown] unsafe_html, [photos] keep_originals, [[facility_types]], [[menu]], [[languages]])", key.String())
	}
	problems.Append(site.validate(data))
	if err := problems.Err(); err != nil {
		return nil, err
	}
	return site, nil
}

// Override applies a --base-url flag, which wins over site.toml so one
// configuration serves both a preview deploy and production.
func (s *Site) Override(baseURL string) error {
	if baseURL == "" {
		return nil
	}
	if !absoluteURL(baseURL) {
		return msg.Errorf("--base-url %q must be an absolute http(s) URL such as \"https://example.org/\": canonical links, feeds and the sitemap need the whole address (jihat archive makes a site for reading from disk without one)", baseURL)
	}
	s.BaseURL = baseURL
	if !strings.HasSuffix(s.BaseURL, "/") {
		s.BaseURL += "/"
	}
	return nil
}

func absoluteURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

func (s *Site) validate(data []byte) diag.List {
	var problems diag.List
	at := func(key string) int { return keyLine(data, key) }
	if s.BaseURL != "" {
		if !absoluteURL(s.BaseURL) {
			problems.Add(FileName, at("base_url"), 1, "base_url %q must be an absolute http(s) URL such as \"https://example.org/\"", s.BaseURL)
		} else if !strings.HasSuffix(s.BaseURL, "/") {
			s.BaseURL += "/"
		}
	}
	problems.Append(s.validateLanguages(data))
	if s.Digits != "western" && s.Digits != "arabic" {
		line, col := valueAt(data, "digits")
		problems.Add(FileName, line, col, "digits %q: write digits = \"western\" (0123) or digits = \"arabic\" (٠١٢٣)", s.Digits)
	}
	for _, c := range []struct {
		key string
		v   int
	}{{"page_size", s.PageSize}, {"feed_length", s.FeedLength}, {"home_articles", s.HomeArticles}, {"related_articles", s.RelatedArticles}} {
		b := bounds[c.key]
		if c.v < b.min || c.v > b.max {
			line, col := valueAt(data, c.key)
			problems.Add(FileName, line, col, "%s must be a whole number from %d to %d, found %d", c.key, b.min, b.max, c.v)
		}
	}
	if s.Accent != "" {
		line, col := valueAt(data, "accent")
		if problem, ok := accentProblem(s.Accent); !ok {
			problems.Add(FileName, line, col, "%v", problem)
		}
	}
	for _, key := range []string{"logo", "publisher_logo"} {
		v := s.Logo
		if key == "publisher_logo" {
			v = s.PublisherLogo
		}
		if v != "" && (strings.Contains(v, "://") || strings.HasPrefix(v, "/") || strings.Contains(v, "..") || strings.Contains(v, "\\")) {
			line, col := valueAt(data, key)
			problems.Add(FileName, line, col, "%s %q: name a file of the site's static/ folder as it sits there, e.g. %s = \"logo.svg\" for static/logo.svg", key, v, key)
		}
	}
	if strings.TrimSpace(s.Title) == "" {
		problems.Add(FileName, at("title"), 1, "title is empty: give the site a name")
	}
	for i, m := range s.Menu {
		if strings.TrimSpace(m.Name) == "" {
			line, col := valueAt(data, fmt.Sprintf("menu.%d", i))
			problems.Add(FileName, line, col, "a [[menu]] entry has no name: write the words of the link, name = \"من نحن\"")
		}
		if !strings.HasPrefix(m.URL, "/") && !absoluteURL(m.URL) {
			line, col := valueAt(data, fmt.Sprintf("menu.%d.url", i))
			problems.Add(FileName, line, col, "menu url %q: write a page of the site from its root, url = \"/about/\", or a whole address, url = \"https://…\"", m.URL)
		}
	}
	for i, f := range s.FacilityTypes {
		if why := arabic.SlugProblem(f.Slug); why != "" {
			line, col := valueAt(data, fmt.Sprintf("facility_types.%d.slug", i))
			problems.Add(FileName, line, col, "facility type slug %q cannot be used as a page address: %s; choose another slug", f.Slug, why)
		}
	}
	return problems
}

// bounds are the numbers a site can set: at least one article a page, and
// few enough that a page or a feed stays a size a phone can load.
var bounds = map[string]struct{ min, max int }{
	"page_size":        {1, 1000},
	"feed_length":      {1, 1000},
	"home_articles":    {1, 1000},
	"related_articles": {0, 100},
}

// keyLine finds the first line that assigns key, for error positions: the
// TOML decoder does not report where a well-formed but wrong value sits.
func keyLine(data []byte, key string) int {
	if data == nil {
		return 0
	}
	re := regexp.MustCompile(`^\s*"?` + regexp.QuoteMeta(key) + `"?\s*=`)
	sc := bufio.NewScanner(bytes.NewReader(data))
	for n := 1; sc.Scan(); n++ {
		if re.Match(sc.Bytes()) {
			return n
		}
	}
	return 0
}

// String is used in --help output and tests.
func (s *Site) String() string { return fmt.Sprintf("%s <%s>", s.Title, s.BaseURL) }
