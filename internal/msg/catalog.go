package msg

import (
	"embed"
	"fmt"
	"strings"
	"sync"

	"github.com/BurntSushi/toml"
)

// The catalogues: for each language, the English formats of the code and
// their translations. English needs none.
//
//go:embed catalog/*.toml
var catalogs embed.FS

// Languages are the languages messages can be written in, English first.
var Languages = []string{"en", "ar", "fr"}

// EnvVar names the environment variable that chooses the language of the
// messages over the site's.
const EnvVar = "JIHAT_LANG"

// Catalog translates message formats into one language. The nil *Catalog
// is English.
type Catalog struct {
	lang         string
	translations map[string]string
}

var (
	loaded   sync.Map // language → *Catalog
	loadErrs sync.Map // language → error
)

// For returns the catalogue of lang ("en", "ar" or "fr"); English is nil.
func For(lang string) (*Catalog, error) {
	if lang == "en" {
		return nil, nil
	}
	if c, ok := loaded.Load(lang); ok {
		return c.(*Catalog), nil
	}
	if err, ok := loadErrs.Load(lang); ok {
		return nil, err.(error)
	}
	c, err := parse(lang)
	if err != nil {
		loadErrs.Store(lang, err)
		return nil, err
	}
	actual, _ := loaded.LoadOrStore(lang, c)
	return actual.(*Catalog), nil
}

func parse(lang string) (*Catalog, error) {
	if !supported(lang) {
		return nil, fmt.Errorf("%s=%q: messages can be written in %s", EnvVar, lang, strings.Join(Languages, ", "))
	}
	data, err := catalogs.ReadFile("catalog/" + lang + ".toml")
	if err != nil {
		return nil, err
	}
	c := &Catalog{lang: lang, translations: map[string]string{}}
	if err := toml.Unmarshal(data, &c.translations); err != nil {
		return nil, fmt.Errorf("message catalogue %s.toml: %v", lang, err)
	}
	return c, nil
}

func supported(lang string) bool {
	for _, l := range Languages {
		if l == lang {
			return true
		}
	}
	return false
}

// Choose returns the catalogue of the editor's language: env (the value of
// JIHAT_LANG) when set, else the site's language, else Arabic, the
// language Jihat's sites are written in. An env it cannot use is an error
// (the messages are then English).
func Choose(env, siteLanguage string) (*Catalog, error) {
	if env = strings.TrimSpace(env); env != "" {
		return For(strings.ToLower(env))
	}
	if supported(siteLanguage) {
		return For(siteLanguage)
	}
	return For("ar")
}

// Lang is the catalogue's language code.
func (c *Catalog) Lang() string {
	if c == nil {
		return "en"
	}
	return c.lang
}

// Dir is the writing direction of the catalogue's language, for HTML.
func (c *Catalog) Dir() string {
	if c.Lang() == "ar" {
		return "rtl"
	}
	return "ltr"
}

// Sprintf is fmt.Sprintf with format translated.
func (c *Catalog) Sprintf(format string, args ...any) string {
	return New(format, args...).Localize(c)
}

func (c *Catalog) translate(format string) string {
	if c == nil {
		return format
	}
	if t, ok := c.translations[format]; ok && t != "" {
		return t
	}
	return format
}
