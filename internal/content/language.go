package content

import (
	"path"
	"slices"
	"strings"
)

// language sets the article's language, from its folder (content/fr/…) or
// its lang field, and the key its translations share.
func (af *articleFields) language(a *Article, languages []string) {
	if len(languages) == 0 {
		languages = []string{"ar"}
	}
	a.Lang = languages[0]
	af.inLanguage = strings.TrimPrefix(a.Path, Dir+"/")
	folder, rest, nested := strings.Cut(af.inLanguage, "/")
	byFolder := nested && slices.Contains(languages, folder)
	if byFolder {
		a.Lang, af.inLanguage = folder, rest
	}
	if f, ok := af.field(keyLang); ok {
		v, _ := af.text(f)
		v = strings.TrimSpace(v)
		switch {
		case !slices.Contains(languages, v):
			af.addAt(f, "lang %q is not one of the site's languages (%s): write one of them, or add the language to [[languages]] in site.toml", v, strings.Join(languages, ", "))
		case byFolder && v != a.Lang:
			af.addAt(f, "lang %q, but the file is in the folder of %q: remove the line, or move the file to %s/%s/", v, a.Lang, Dir, v)
		default:
			a.Lang = v
		}
	}
	a.TranslationKey = path.Clean(strings.TrimSuffix(strings.TrimSuffix(af.inLanguage, ".md"), "/index"))
	if f, ok := af.field(keyTranslationKey); ok {
		v, _ := af.text(f)
		if v = strings.TrimSpace(v); v == "" {
			af.addAt(f, "translation_key is empty: write the key its translations share, or remove the line to link them by file name")
		} else {
			a.TranslationKey = v
		}
	}
}
