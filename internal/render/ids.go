package render

import (
	"bytes"
	"maps"
	"regexp"
	"slices"

	"github.com/jihat/jihat/internal/diag"
	"github.com/jihat/jihat/internal/site"
)

// A layout's ids are found in its source with every action blanked out:
// an id written out is taken as it is, one that an action computes by the
// text before the action, a prefix.
var (
	tagPattern = regexp.MustCompile(`<[a-zA-Z][^<>]*`)
	idPattern  = regexp.MustCompile(`(?i)(?:^|[\s\x00])id\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>` + "`" + `]+))`)
)

// themeIDs lists the ids the theme's files give their elements. An id
// computed from its first character on cannot be avoided by anything:
// it is reported, with the fix.
func themeIDs(sources map[string][]byte) (site.ThemeIDs, diag.List) {
	ids := site.ThemeIDs{Exact: map[string]bool{}}
	var warnings diag.List
	prefixes := map[string]bool{}
	for _, name := range slices.Sorted(maps.Keys(sources)) {
		src := blankActions(sources[name])
		for _, tag := range tagPattern.FindAllIndex(src, -1) {
			for _, m := range idPattern.FindAllSubmatchIndex(src[tag[0]:tag[1]], -1) {
				var value []byte
				for g := 2; g < len(m); g += 2 {
					if m[g] >= 0 {
						value = src[tag[0]+m[g] : tag[0]+m[g+1]]
					}
				}
				computed := bytes.IndexByte(value, 0)
				switch {
				case computed < 0:
					ids.Exact[string(value)] = true
				case computed > 0:
					prefixes[string(value[:computed])] = true
				default:
					line := 1 + bytes.Count(src[:tag[0]+m[0]], []byte{'\n'})
					warnings.Add(name, line, 0, "an id computed from its first letter (id=\"{{…}}\") may be any id, and a heading of an article could take it too: begin it with a fixed word, id=\"x-{{…}}\"")
				}
			}
		}
	}
	ids.Prefixes = slices.Sorted(maps.Keys(prefixes))
	return ids, warnings
}

// blankActions replaces each {{…}} of a template with one NUL, keeping its
// line breaks so that lines are counted as in the file. Comments may hold
// "}}": they end at "*/}}" (or "*/ -}}").
func blankActions(src []byte) []byte {
	out := make([]byte, 0, len(src))
	for {
		open := bytes.Index(src, []byte("{{"))
		if open < 0 {
			return append(out, src...)
		}
		out = append(out, src[:open]...)
		rest := src[open+2:]
		end := bytes.Index(rest, []byte("}}"))
		if trimmed := bytes.TrimLeft(bytes.TrimPrefix(rest, []byte("-")), " \t\r\n"); bytes.HasPrefix(trimmed, []byte("/*")) {
			if c := bytes.Index(rest, []byte("*/")); c >= 0 {
				if e := bytes.Index(rest[c:], []byte("}}")); e >= 0 {
					end = c + e
				}
			}
		}
		if end < 0 {
			return append(out, 0) // unclosed: the parser has said so
		}
		out = append(out, 0)
		out = append(out, bytes.Repeat([]byte{'\n'}, bytes.Count(rest[:end], []byte{'\n'}))...)
		src = rest[end+2:]
	}
}
