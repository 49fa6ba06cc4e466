package render

import (
	"bytes"
	"errors"

	"io/fs"
	"maps"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/BurntSushi/toml"

	"github.com/jihat/jihat/internal/diag"
	"github.com/jihat/jihat/internal/site"
)

// LabelsFile holds the theme's Arabic words for page titles, breadcrumbs,
// feed titles (site.LabelKeys) and the layouts; LabelsFileFor names the
// other languages' (layouts/strings.fr.toml).
var LabelsFile = path.Join(LayoutsDir, "strings.toml")

// LabelsFileFor is the file of the theme's words in the language code.
func LabelsFileFor(code string) string {
	if code == "ar" || code == "" {
		return LabelsFile
	}
	return path.Join(LayoutsDir, "strings."+code+".toml")
}

var placeholder = regexp.MustCompile(`\{[^{}]*\}`)

// pluralCategories are the keys of a label with plural forms.
var pluralCategories = []string{"zero", "one", "two", "few", "many", "other"}

// loadAllLabels reads the labels of every language, Arabic's first: its
// keys are the ones the others must give.
func loadAllLabels(base, theme fs.FS, languages []string) (map[string]site.Labels, []byte, diag.List) {
	var problems diag.List
	all := map[string]site.Labels{}
	var sources [][]byte
	reference, src, p := loadLabels(base, theme, "ar", nil)
	problems.Append(p)
	all["ar"] = reference
	sources = append(sources, src)
	for _, code := range languages {
		if code == "ar" {
			continue
		}
		labels, src, p := loadLabels(base, theme, code, reference)
		problems.Append(p)
		all[code] = labels
		sources = append(sources, []byte(code), src)
	}
	return all, bytes.Join(sources, []byte{0}), problems
}

// loadLabels reads the labels of base (the theme beneath the site), then
// the site's over them one by one, so a site changes one word without
// copying the others. Every label must be known and every placeholder one
// its label takes: a typo shows as the file and line, not as a page title.
// A label is text, or a table of plural forms by CLDR category
// (articles = { one = "…", other = "{n} …" }). The Arabic file says which
// labels there are (with site.LabelKeys); another language's (reference
// set) must give each of them.
func loadLabels(base, theme fs.FS, code string, reference site.Labels) (site.Labels, []byte, diag.List) {
	var problems diag.List
	file := LabelsFileFor(code)
	labels := site.Labels{}
	var sources [][]byte
	themeKeys := map[string]bool{} // the keys the theme beneath gives
	for i, layer := range []fs.FS{base, theme} {
		if layer == nil {
			continue
		}
		overriding := i == 1 && base != nil
		src, err := fs.ReadFile(layer, file)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			problems.Add(file, 0, 0, "%v", err)
			continue
		}
		if len(sources) > 0 && bytes.Equal(src, sources[len(sources)-1]) {
			continue // the overlay shows the theme's own file again
		}
		sources = append(sources, src)
		var layer map[string]any
		if _, err := toml.Decode(string(src), &layer); err != nil {
			line := 0
			var perr toml.ParseError
			if errors.As(err, &perr) {
				line = perr.Position.Line
			}
			problems.Add(file, line, 0, "%v (write each label as key = \"text\")", err)
			continue
		}
		for _, key := range slices.Sorted(maps.Keys(layer)) {
			line := lineOf(src, key)
			allowed, fixed := site.LabelKeys[key]
			if reference != nil {
				if _, ok := reference[key]; !ok && !hasForms(reference, key) {
					problems.Add(file, line, 1, "unknown label %q: %s has no such label", key, LabelsFile)
					continue
				}
			} else if overriding && !fixed && !themeKeys[key] {
				problems.Add(file, line, 1, "unknown label %q: the labels are %s", key, strings.Join(slices.Sorted(maps.Keys(themeKeys)), ", "))
				continue
			}
			if !overriding {
				themeKeys[key] = true
			}
			switch v := layer[key].(type) {
			case string:
				if fixed {
					for _, ph := range placeholder.FindAllString(v, -1) {
						if !slices.Contains(allowed, strings.Trim(ph, "{}")) {
							problems.Add(file, line, 1, "label %q: %s is not one of its placeholders (%s)", key, ph, placeholderList(allowed))
						}
					}
				}
				labels[key] = v
			case map[string]any:
				for _, cat := range slices.Sorted(maps.Keys(v)) {
					text, ok := v[cat].(string)
					if !slices.Contains(pluralCategories, cat) || !ok {
						problems.Add(file, line, 1, "label %q: %s is not a plural form; write { one = \"…\", other = \"{n} …\" } with the forms zero, one, two, few, many, other", key, cat)
						continue
					}
					labels[key+"."+cat] = text
				}
				if _, ok := v["other"]; !ok {
					problems.Add(file, line, 1, "label %q has no other form: add other = \"{n} …\", used for every number the others do not take", key)
				}
			default:
				problems.Add(file, line, 1, "label %q must be text in quotes, or a table of plural forms", key)
			}
		}
	}
	if len(problems) > 0 {
		return labels, bytes.Join(sources, []byte{0}), problems
	}
	if reference == nil {
		for _, key := range slices.Sorted(maps.Keys(site.LabelKeys)) {
			if _, ok := labels[key]; !ok {
				problems.Add(file, 0, 0, "no label %q: add %s = \"…\"", key, key)
			}
		}
	} else {
		if len(sources) == 0 {
			problems.Add(file, 0, 0, "no words for the language %q: the theme needs %s, with the labels of %s in that language", code, file, LabelsFile)
		}
		for _, key := range slices.Sorted(maps.Keys(reference)) {
			if stem, cat, plural := strings.Cut(key, "."); plural {
				if cat == "other" {
					if _, ok := labels[key]; !ok && len(sources) > 0 {
						problems.Add(file, 0, 0, "no label %q: add %s = { one = \"…\", other = \"{n} …\" }", stem, stem)
					}
				}
				continue
			}
			if _, ok := labels[key]; !ok && len(sources) > 0 {
				problems.Add(file, 0, 0, "no label %q: add %s = \"…\"", key, key)
			}
		}
	}
	return labels, bytes.Join(sources, []byte{0}), problems
}

// hasForms reports whether labels give key plural forms.
func hasForms(labels site.Labels, key string) bool {
	_, ok := labels[key+".other"]
	return ok
}

func placeholderList(allowed []string) string {
	if len(allowed) == 0 {
		return "it takes none"
	}
	out := make([]string, len(allowed))
	for i, a := range allowed {
		out[i] = "{" + a + "}"
	}
	return strings.Join(out, ", ")
}

// lineOf finds the line a key is set on, for messages.
func lineOf(src []byte, key string) int {
	for i, line := range strings.Split(string(src), "\n") {
		t := strings.TrimSpace(line)
		if rest, ok := strings.CutPrefix(t, key); ok && strings.HasPrefix(strings.TrimSpace(rest), "=") {
			return i + 1
		}
	}
	return 0
}
