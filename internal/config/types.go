package config

import (
	"bufio"
	"bytes"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jihat/jihat/internal/arabic"
	"github.com/jihat/jihat/internal/diag"
	"github.com/jihat/jihat/internal/msg"
)

// kind is what a setting takes.
type kind int

const (
	text kind = iota
	whole
	boolean
	names // a list of text
)

// schema is every setting by its dotted path ("markdown.unsafe_html";
// facility types without their number), for the type check; Site's
// fields must follow it.
var schema = map[string]kind{
	"title": text, "description": text, "base_url": text, "language": text, "publisher": text,
	"publisher_logo": text, "logo": text, "accent": text, "footer": text, "digits": text,
	"page_size": whole, "feed_length": whole, "home_articles": whole, "related_articles": whole,
	"markdown.unsafe_html":   boolean,
	"photos.keep_originals":  boolean,
	"facility_types.slug":    text,
	"facility_types.name_ar": text,
	"facility_types.name_fr": text,
	"facility_types.group":   text,
	"facility_types.aliases": names,
	"menu.name":              text,
	"menu.url":               text,
	"menu.lang":              text,
	"languages.code":         text,
	"languages.name":         text,
	"languages.direction":    text,
	"languages.default":      boolean,
	"languages.title":        text,
	"languages.description":  text,
}

// checkTypes reports every value of raw (site.toml decoded without Site)
// that is not of its setting's type, at its line and column, saying what
// was expected and what was found. Unknown settings are left to Load.
func checkTypes(data []byte, raw map[string]any) diag.List {
	var problems diag.List
	add := func(path, shown string, format string, args ...any) {
		line, col := valueAt(data, path)
		problems.Add(FileName, line, col, "%s %v", shown, msg.New(format, args...))
	}
	for _, key := range sortedKeys(raw) {
		v := raw[key]
		switch key {
		case "markdown":
			table, ok := v.(map[string]any)
			if !ok {
				add(key, key, "must be a [markdown] table (a line [markdown], then unsafe_html = true or false), found %s", found(v))
				continue
			}
			for _, k := range sortedKeys(table) {
				checkValue(add, "markdown."+k, "markdown."+k, k, table[k])
			}
		case "photos":
			table, ok := v.(map[string]any)
			if !ok {
				add(key, key, "must be a [photos] table (a line [photos], then keep_originals = true or false), found %s", found(v))
				continue
			}
			for _, k := range sortedKeys(table) {
				checkValue(add, "photos."+k, "photos."+k, k, table[k])
			}
		case "languages":
			list, ok := v.([]map[string]any)
			if !ok {
				add(key, key, "must be [[languages]] tables, each a line [[languages]] followed by code = \"…\", found %s", found(v))
				continue
			}
			for i, t := range list {
				for _, k := range sortedKeys(t) {
					checkValue(add, "languages."+k, fmt.Sprintf("languages.%d.%s", i, k), k, t[k])
				}
			}
		case "facility_types":
			list, ok := v.([]map[string]any)
			if !ok {
				add(key, key, "must be [[facility_types]] tables, each a line [[facility_types]] followed by slug = \"…\" and name_ar = \"…\", found %s", found(v))
				continue
			}
			for i, t := range list {
				for _, k := range sortedKeys(t) {
					checkValue(add, "facility_types."+k, fmt.Sprintf("facility_types.%d.%s", i, k), k, t[k])
				}
			}
		default:
			checkValue(add, key, key, key, v)
		}
	}
	return problems
}

// checkValue checks one value against the schema entry named by setting;
// path places it, shown names it.
func checkValue(add func(path, shown, format string, args ...any), setting, path, shown string, v any) {
	k, known := schema[setting]
	if !known {
		return // Load reports unknown settings
	}
	switch k {
	case text:
		s, ok := v.(string)
		if !ok {
			var hint msg.Message
			switch v.(type) {
			case int64, float64, bool:
				hint = msg.New(": write %s = \"%v\"", shown, v)
			}
			add(path, shown, "must be text in quotes, found %s%s", found(v), hint)
			return
		}
		if i, r, _ := arabic.NextUnprintable(s); i >= 0 {
			add(path, shown, "holds the invisible character %s, which no web page can show (written with a backslash escape): remove it", arabic.DescribeUnprintable(r))
		}
	case whole:
		b := bounds[setting]
		if _, ok := v.(int64); !ok {
			var hint msg.Message
			if s, isText := v.(string); isText && strings.Trim(s, "0123456789 ") == "" {
				hint = msg.New(": remove the quotes")
			}
			add(path, shown, "must be a whole number from %d to %d, found %s%s", b.min, b.max, found(v), hint)
		}
		// The range is checked on Site, where the default also is.
	case boolean:
		if _, ok := v.(bool); !ok {
			var hint msg.Message
			if s, isText := v.(string); isText && (s == "true" || s == "false") {
				hint = msg.New(": remove the quotes")
			}
			add(path, shown, "must be true or false, found %s%s", found(v), hint)
		}
	case names:
		list, ok := v.([]any)
		if !ok {
			add(path, shown, "must be a list of names in quotes, e.g. %s = [\"…\", \"…\"], found %s", shown, found(v))
			return
		}
		for _, e := range list {
			if _, ok := e.(string); !ok {
				add(path, shown, "must be a list of names in quotes, e.g. %s = [\"…\", \"…\"], found %s in it", shown, found(e))
				return
			}
		}
	}
}

// found says what a decoded TOML value is, for "found …".
func found(v any) msg.Message {
	switch x := v.(type) {
	case string:
		return msg.New("the text %q", x)
	case int64:
		return msg.New("the number %d", x)
	case float64:
		return msg.New("the decimal number %v", x)
	case bool:
		return msg.New("%v", x)
	case time.Time:
		return msg.New("a date")
	case []any:
		return msg.New("a list")
	case map[string]any:
		return msg.New("a table")
	case []map[string]any:
		return msg.New("a list of tables")
	}
	return msg.New("%s", fmt.Sprintf("%T", v))
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys) // problems in a stable order; they are sorted by line after
	return keys
}

var (
	keyValueLine = regexp.MustCompile(`^\s*"?([A-Za-z0-9_-]+)"?\s*=\s*`)
	tableLine    = regexp.MustCompile(`^\s*(\[\[?)\s*"?([A-Za-z0-9_-]+)"?\s*\]`)
)

// valueAt is the line and column of the value of path ("title",
// "markdown.unsafe_html", "facility_types.2.slug"; a table's own name for
// its header), as the TOML decoder gives none: keys are found on their
// `key = value` lines within their table. 0, 0 when not found.
func valueAt(data []byte, path string) (int, int) {
	if data == nil {
		return 0, 0
	}
	table, counts := "", map[string]int{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if m := tableLine.FindStringSubmatchIndex(line); m != nil {
			name := line[m[4]:m[5]]
			table = name
			if line[m[2]:m[3]] == "[[" {
				table = fmt.Sprintf("%s.%d", name, counts[name])
				counts[name]++
			}
			if table == path || name == path {
				return n, 1 + utf8.RuneCountInString(line[:m[4]])
			}
			continue
		}
		if m := keyValueLine.FindStringSubmatchIndex(line); m != nil {
			key := line[m[2]:m[3]]
			if table != "" {
				key = table + "." + key
			}
			if key == path {
				return n, 1 + utf8.RuneCountInString(line[:m[1]])
			}
		}
	}
	return 0, 0
}
