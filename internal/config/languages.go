package config

import (
	"fmt"
	"strings"

	"github.com/jihat/jihat/internal/diag"
	"github.com/jihat/jihat/internal/locale"
)

// DefaultLanguage is the language published at the site's root.
func (s *Site) DefaultLanguage() Lang {
	if len(s.Languages) == 0 {
		return languageOf(s.Language, s)
	}
	return s.Languages[0]
}

// LanguageByCode is the site's language of that code.
func (s *Site) LanguageByCode(code string) (Lang, bool) {
	for _, l := range s.Languages {
		if l.Code == code {
			return l, true
		}
	}
	return Lang{}, false
}

// Codes are the codes of the site's languages, the default first.
func (s *Site) Codes() []string {
	codes := make([]string, len(s.Languages))
	for i, l := range s.Languages {
		codes[i] = l.Code
	}
	return codes
}

// languageOf is the language code with its locale's defaults and the site's
// title and description.
func languageOf(code string, s *Site) Lang {
	l := Lang{Code: code, Default: true, Title: s.Title, Description: s.Description}
	if loc, ok := locale.Lookup(code); ok {
		l.Name, l.Direction = loc.Name(), loc.Dir()
	}
	return l
}

// validateLanguages checks [[languages]] and language, fills in each
// language's defaults and puts the default language first.
func (s *Site) validateLanguages(data []byte) diag.List {
	var problems diag.List
	supported := strings.Join(locale.Codes(), ", ")
	if len(s.Languages) == 0 {
		if _, ok := locale.Lookup(s.Language); !ok {
			line, col := valueAt(data, "language")
			problems.Add(FileName, line, col, "language %q is not supported: write one of %s", s.Language, supported)
			return problems
		}
		s.Languages = []Lang{languageOf(s.Language, s)}
		return append(problems, s.checkMenuLanguages(data)...)
	}
	defaults := 0
	seen := map[string]bool{}
	for i, l := range s.Languages {
		at := func(key string) (int, int) { return valueAt(data, fmt.Sprintf("languages.%d.%s", i, key)) }
		loc, ok := locale.Lookup(l.Code)
		switch {
		case l.Code == "":
			line, col := valueAt(data, fmt.Sprintf("languages.%d", i))
			problems.Add(FileName, line, col, "a [[languages]] entry has no code: write code = \"ar\", \"fr\" or \"zgh\"")
			continue
		case !ok:
			line, col := at("code")
			problems.Add(FileName, line, col, "language %q is not supported: write one of %s", l.Code, supported)
			continue
		case seen[l.Code]:
			line, col := at("code")
			problems.Add(FileName, line, col, "language %q is listed twice in [[languages]]: keep one entry", l.Code)
			continue
		}
		seen[l.Code] = true
		if l.Direction == "" {
			l.Direction = loc.Dir()
		} else if l.Direction != "rtl" && l.Direction != "ltr" {
			line, col := at("direction")
			problems.Add(FileName, line, col, "direction %q: write direction = \"rtl\" (right to left) or direction = \"ltr\" (left to right)", l.Direction)
		}
		if l.Name == "" {
			l.Name = loc.Name()
		}
		if l.Title == "" {
			l.Title = s.Title
		}
		if l.Description == "" {
			l.Description = s.Description
		}
		if l.Default {
			defaults++
		}
		s.Languages[i] = l
	}
	if defaults > 1 {
		line, col := valueAt(data, "languages")
		problems.Add(FileName, line, col, "%d languages say default = true: the site's root has one language; keep default = true on one", defaults)
	}
	if defaults == 0 {
		s.Languages[0].Default = true
	}
	for i, l := range s.Languages {
		if l.Default && i > 0 {
			s.Languages = append([]Lang{l}, append(s.Languages[:i:i], s.Languages[i+1:]...)...)
			break
		}
	}
	if line := keyLine(data, "language"); line > 0 && s.Language != s.Languages[0].Code {
		problems.Add(FileName, line, 1, "language %q is not the default of [[languages]] (%q): remove the line language, [[languages]] says it", s.Language, s.Languages[0].Code)
	}
	s.Language = s.Languages[0].Code
	return append(problems, s.checkMenuLanguages(data)...)
}

func (s *Site) checkMenuLanguages(data []byte) diag.List {
	var problems diag.List
	for i, m := range s.Menu {
		if _, ok := s.LanguageByCode(m.Lang); m.Lang != "" && !ok {
			line, col := valueAt(data, fmt.Sprintf("menu.%d.lang", i))
			problems.Add(FileName, line, col, "menu lang %q is not one of the site's languages (%s)", m.Lang, strings.Join(s.Codes(), ", "))
		}
	}
	return problems
}
