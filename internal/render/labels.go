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

// LabelsFile holds the theme's words for page titles, breadcrumbs and feed
// titles (site.LabelKeys).
var LabelsFile = path.Join(LayoutsDir, "strings.toml")

var placeholder = regexp.MustCompile(`\{[^{}]*\}`)

// loadLabels reads the labels of base (the theme beneath the site), then
// the site's over them one by one, so a site changes one word without
// copying the others. Every label must be known and every placeholder one
// its label takes: a typo shows as the file and line, not as a page title.
func loadLabels(base, theme fs.FS) (site.Labels, []byte, diag.List) {
	var problems diag.List
	labels := site.Labels{}
	var sources [][]byte
	for _, layer := range []fs.FS{base, theme} {
		if layer == nil {
			continue
		}
		src, err := fs.ReadFile(layer, LabelsFile)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			problems.Add(LabelsFile, 0, 0, "%v", err)
			continue
		}
		if len(sources) > 0 && bytes.Equal(src, sources[len(sources)-1]) {
			continue // the overlay shows the theme's own file again
		}
		sources = append(sources, src)
		var layer map[string]string
		if _, err := toml.Decode(string(src), &layer); err != nil {
			line := 0
			var perr toml.ParseError
			if errors.As(err, &perr) {
				line = perr.Position.Line
			}
			problems.Add(LabelsFile, line, 0, "%v (write each label as key = \"text\")", err)
			continue
		}
		for _, key := range slices.Sorted(maps.Keys(layer)) {
			text := layer[key]
			line := lineOf(src, key)
			allowed, known := site.LabelKeys[key]
			if !known {
				problems.Add(LabelsFile, line, 1, "unknown label %q: the labels are %s", key, strings.Join(slices.Sorted(maps.Keys(site.LabelKeys)), ", "))
				continue
			}
			for _, ph := range placeholder.FindAllString(text, -1) {
				if !slices.Contains(allowed, strings.Trim(ph, "{}")) {
					problems.Add(LabelsFile, line, 1, "label %q: %s is not one of its placeholders (%s)", key, ph, placeholderList(allowed))
				}
			}
			labels[key] = text
		}
	}
	for _, key := range slices.Sorted(maps.Keys(site.LabelKeys)) {
		if _, ok := labels[key]; !ok && len(problems) == 0 {
			problems.Add(LabelsFile, 0, 0, "no label %q: add %s = \"…\"", key, key)
		}
	}
	return labels, bytes.Join(sources, []byte{0}), problems
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
