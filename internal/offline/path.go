package offline

import (
	"net/url"
	"strings"

	"golang.org/x/text/unicode/norm"
)

// RelativePath returns the link that leads, from the page whose site URL path
// is from, to the site URL path to, without a server: relative to the folder
// of from, and explicit, so a path ending in "/" gets "index.html".
//
//	RelativePath("/articles/x/", "/regions/souss-massa/") == "../../regions/souss-massa/index.html"
//	RelativePath("/", "/") == "index.html"
//	RelativePath("/404.html", "/style.css") == "style.css"
//
// Both are root-relative paths such as site.ArticleURL makes; one without the
// leading "/" is read as if it had it. A "?query" or "#fragment" on to is
// kept; one on from is ignored. Segments are written as given in to, with
// their percent-encoding untouched; they are compared with from's after
// percent-decoding and NFC normalisation, so "/articles/طاطا/" and
// "/articles/%d8%b7%d8%a7%d8%b7%d8%a7/" are the same folder. Dot segments
// ("." and "..", also percent-encoded) are resolved first, the way a browser
// does, so a link can never climb above the site's root folder, and "\" is a
// "/" as it is for browsers. The result never starts with "/" and is never
// read as a scheme, nor stripped as leading space ("./" is put in front of a
// first segment that is empty, has a ":", or starts with a space, a control
// character or a comma).
func RelativePath(from, to string) string {
	suffix := ""
	if i := strings.IndexAny(to, "?#"); i >= 0 {
		to, suffix = to[:i], to[i:]
	}
	if i := strings.IndexAny(from, "?#"); i >= 0 {
		from = from[:i]
	}
	fromSegs := segments(from)
	fromDir := fromSegs[:len(fromSegs)-1]
	toSegs := segments(to)
	toDir, file := toSegs[:len(toSegs)-1], toSegs[len(toSegs)-1]
	if file == "" {
		file = "index.html"
	}

	common := 0
	for common < len(fromDir) && common < len(toDir) && sameSegment(fromDir[common], toDir[common]) {
		common++
	}
	var b strings.Builder
	for range len(fromDir) - common {
		b.WriteString("../")
	}
	rest := append(append([]string(nil), toDir[common:]...), file)
	if b.Len() == 0 && needsDot(rest[0]) {
		b.WriteString("./")
	}
	b.WriteString(strings.Join(rest, "/"))
	b.WriteString(suffix)
	return b.String()
}

// needsDot reports whether a relative link starting with the segment s
// needs "./" in front to keep its meaning: "" would make it root-relative
// again ("/x"), a ":" would make "a:b/" the scheme "a", a browser strips a
// leading space or control character, and a srcset attribute a leading
// comma.
func needsDot(s string) bool {
	return s == "" || strings.Contains(s, ":") || s[0] <= 0x20 || s[0] == ','
}

// segments splits a root-relative path into its segments after resolving
// dot segments. The last segment is the file name, "" for a folder, so the
// result always has at least one element: "/" gives [""], "/a/b/" gives
// ["a" "b" ""] and "/a/b.css" gives ["a" "b.css"].
func segments(p string) []string {
	p = strings.ReplaceAll(p, `\`, "/")
	p = strings.TrimPrefix(p, "/")
	in := strings.Split(p, "/")
	out := make([]string, 0, len(in))
	for i, s := range in {
		last := i == len(in)-1
		switch {
		case isDot(s):
		case isDotDot(s):
			if len(out) > 0 {
				out = out[:len(out)-1]
			}
		default:
			out = append(out, s)
			continue
		}
		if last {
			out = append(out, "")
		}
	}
	if len(out) == 0 {
		out = append(out, "")
	}
	return out
}

// isDot and isDotDot recognise dot segments as the WHATWG URL standard does,
// "%2e" included.
func isDot(s string) bool { return s == "." || strings.EqualFold(s, "%2e") }

func isDotDot(s string) bool {
	switch strings.ToLower(s) {
	case "..", ".%2e", "%2e.", "%2e%2e":
		return true
	}
	return false
}

// sameSegment reports whether two path segments name the same folder: equal
// as written, or equal once percent-decoded and NFC-normalised.
func sameSegment(a, b string) bool {
	if a == b {
		return true
	}
	da, errA := url.PathUnescape(a)
	db, errB := url.PathUnescape(b)
	if errA != nil || errB != nil || strings.ContainsAny(da, "/\\\x00") || strings.ContainsAny(db, "/\\\x00") {
		return false
	}
	return norm.NFC.String(da) == norm.NFC.String(db)
}
