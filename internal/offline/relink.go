// Package offline turns built pages into pages that work when opened from
// disk (file://), from a USB stick or an unzipped archive, with no server:
// every root-relative link becomes relative to the page's folder and names
// its file ("…/index.html"), since nothing on disk maps a folder to its
// index page.
package offline

import (
	"bytes"
	"fmt"
	"io"
	"strings"

	"golang.org/x/net/html"
)

// urlAttrs are the attributes whose whole value is one URL.
var urlAttrs = map[string]bool{
	"href":       true, // a, area, link, base, svg a/use/image
	"xlink:href": true, // svg
	"src":        true, // img, script, iframe, source, audio, video, track, embed, input
	"poster":     true, // video
	"action":     true, // form
	"formaction": true, // button, input
	"data":       true, // object
	"cite":       true, // blockquote, q, del, ins
	"background": true, // legacy body, table
	"manifest":   true, // legacy html
}

// srcsetAttrs hold comma-separated image candidates: "url [descriptor], …".
var srcsetAttrs = map[string]bool{
	"srcset":      true, // img, source
	"imagesrcset": true, // link rel=preload
}

// markupRawText are the elements whose content the tokenizer returns as raw
// text but which a browser with scripting off parses as markup: their links
// are rewritten too. Script, style, title, textarea and the like are left as
// they are.
var markupRawText = map[string]bool{"noscript": true, "noembed": true, "noframes": true}

// Relink rewrites page, the HTML of the page whose site URL path is pageURL
// ("/", "/regions/souss-massa/", "/404.html"), so that it works from disk:
// every root-relative URL ("/…" but not "//…") in a URL attribute (href, src,
// srcset and imagesrcset candidates, poster, action, formaction, data, cite,
// background, manifest, xlink:href) becomes RelativePath(pageURL, url), query
// and fragment kept, percent-encoding as written. Fragment-only, absolute,
// protocol-relative and relative URLs are left alone, and so are the
// contents of script, style, title and textarea; the content of <noscript>,
// which a browser without scripting reads as markup, is rewritten too.
//
// Everything but the start tags it changes is copied byte for byte; a
// changed tag is written again with its attributes in order, values
// double-quoted and escaped, names in lower case. A <base href> is
// honoured: the other URLs are made relative to it, and a root-relative one
// relative to the page.
//
// The result depends only on the arguments. Relink fails only when pageURL
// is not a root-relative path; any bytes are accepted as page.
func Relink(page []byte, pageURL string) ([]byte, error) {
	if !strings.HasPrefix(pageURL, "/") || strings.HasPrefix(pageURL, "//") {
		return nil, fmt.Errorf("offline: page URL %q is not a root-relative path such as /articles/x/", pageURL)
	}
	r := relinker{page: pageURL, from: pageURL}
	if base, ok := findBase(page, pageURL); ok {
		r.from = base
	}
	var out bytes.Buffer
	out.Grow(len(page) + len(page)/16)
	if err := r.relink(&out, page, 0); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

type relinker struct {
	page string // the page's own URL path
	from string // the path relative URLs resolve against: the page's, or its <base href>'s
}

// maxDepth bounds the nesting of <noscript> inside <noscript> that is
// processed; deeper content is copied as it is.
const maxDepth = 8

func (r *relinker) relink(out *bytes.Buffer, page []byte, depth int) error {
	z := html.NewTokenizer(bytes.NewReader(page))
	var raw []byte
	rawTextOf := "" // the element whose raw-text content comes next
	for {
		tt := z.Next()
		// Token and TagAttr decode in place in the tokenizer's buffer:
		// keep the raw bytes first.
		raw = append(raw[:0], z.Raw()...)
		switch tt {
		case html.ErrorToken:
			out.Write(raw)
			if err := z.Err(); err != io.EOF {
				return fmt.Errorf("offline: reading the page: %w", err)
			}
			return nil
		case html.StartTagToken, html.SelfClosingTagToken:
			tok := z.Token()
			// The tokenizer reads the content of <noscript/> as raw text
			// too, as a browser does: "/>" does not close it.
			if markupRawText[tok.Data] {
				rawTextOf = tok.Data
			} else {
				rawTextOf = ""
			}
			if r.rewriteTag(&tok) {
				writeTag(out, &tok)
			} else {
				out.Write(raw)
			}
		case html.TextToken:
			if rawTextOf != "" && depth < maxDepth {
				if err := r.relink(out, raw, depth+1); err != nil {
					return err
				}
			} else {
				out.Write(raw)
			}
			rawTextOf = ""
		default:
			out.Write(raw)
			rawTextOf = ""
		}
	}
}

// rewriteTag rewrites the URL attributes of tok and reports whether any
// changed.
func (r *relinker) rewriteTag(tok *html.Token) bool {
	changed := false
	for i := range tok.Attr {
		a := &tok.Attr[i]
		var v string
		switch {
		case urlAttrs[a.Key]:
			from := r.from
			if tok.Data == "base" && a.Key == "href" {
				from = r.page
			}
			v = rewriteURL(a.Val, from)
		case srcsetAttrs[a.Key]:
			v = rewriteSrcset(a.Val, r.from)
		default:
			continue
		}
		if v != a.Val {
			a.Val = v
			changed = true
		}
	}
	return changed
}

// rootRelative reports whether v, an attribute value, is a root-relative URL,
// and returns it as a browser reads it: without leading and trailing spaces
// and control characters, and without tabs and newlines.
func rootRelative(v string) (string, bool) {
	v = strings.TrimFunc(v, func(c rune) bool { return c <= 0x20 })
	if strings.ContainsAny(v, "\t\n\r") {
		v = strings.Map(func(c rune) rune {
			if c == '\t' || c == '\n' || c == '\r' {
				return -1
			}
			return c
		}, v)
	}
	if len(v) == 0 || v[0] != '/' && v[0] != '\\' {
		return "", false
	}
	// "//host/x" and, to a browser, "/\host/x" and "\\host" name another
	// host.
	if len(v) > 1 && (v[1] == '/' || v[1] == '\\') {
		return "", false
	}
	return v, true
}

// rewriteURL returns v relative to the folder of the page at from when v is
// root-relative, and v unchanged otherwise.
func rewriteURL(v, from string) string {
	u, ok := rootRelative(v)
	if !ok {
		return v
	}
	return RelativePath(from, u)
}

// rewriteSrcset rewrites each candidate URL of a srcset value and leaves
// everything else in place.
func rewriteSrcset(v, from string) string {
	var b strings.Builder
	last := 0 // v[:last] is in b
	for _, span := range srcsetURLs(v) {
		start, end := span[0], span[1]
		if u := rewriteURL(v[start:end], from); u != v[start:end] {
			b.WriteString(v[last:start])
			b.WriteString(u)
			last = end
		}
	}
	if last == 0 {
		return v
	}
	b.WriteString(v[last:])
	return b.String()
}

// srcsetURLs returns where the candidate URLs of a srcset value are,
// following the HTML standard's srcset parsing: a URL is a run of non-space
// characters, less its trailing commas, and its descriptors run to the next
// comma outside parentheses.
func srcsetURLs(v string) [][2]int {
	var spans [][2]int
	isSpace := func(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r' }
	pos := 0
	for {
		for pos < len(v) && (isSpace(v[pos]) || v[pos] == ',') {
			pos++
		}
		if pos >= len(v) {
			return spans
		}
		start := pos
		for pos < len(v) && !isSpace(v[pos]) {
			pos++
		}
		end := pos
		commas := false
		for end > start && v[end-1] == ',' {
			end--
			commas = true
		}
		if end > start {
			spans = append(spans, [2]int{start, end})
		}
		if commas {
			continue
		}
		inParens := false
	descriptors:
		for ; pos < len(v); pos++ {
			switch c := v[pos]; {
			case inParens:
				if c == ')' {
					inParens = false
				}
			case c == '(':
				inParens = true
			case c == ',':
				pos++
				break descriptors
			}
		}
	}
}

// findBase returns the path that relative URLs of page resolve against when
// its first <base href> is a root-relative or relative URL.
func findBase(page []byte, pageURL string) (string, bool) {
	z := html.NewTokenizer(bytes.NewReader(page))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return "", false
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			if string(name) != "base" {
				continue
			}
			for hasAttr {
				var k, v []byte
				k, v, hasAttr = z.TagAttr()
				if string(k) == "href" {
					return basePath(pageURL, string(v))
				}
			}
		}
	}
}

// basePath resolves a <base href> value against the page at page to a site
// path, or reports false when it names another site or is empty (then the
// page's own URL is the base).
func basePath(page, v string) (string, bool) {
	if u, ok := rootRelative(v); ok {
		return u, true
	}
	v = strings.TrimFunc(v, func(c rune) bool { return c <= 0x20 })
	if v == "" || hasScheme(v) || v[0] == '/' || v[0] == '\\' {
		return "", false
	}
	if i := strings.IndexAny(page, "?#"); i >= 0 {
		page = page[:i]
	}
	return page[:strings.LastIndex(page, "/")+1] + v, true
}

func hasScheme(v string) bool {
	for i := 0; i < len(v); i++ {
		c := v[i]
		switch {
		case 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z':
		case i > 0 && ('0' <= c && c <= '9' || c == '+' || c == '-' || c == '.'):
		case i > 0 && c == ':':
			return true
		default:
			return false
		}
	}
	return false
}

// writeTag writes a start or self-closing tag with its attributes in order,
// values double-quoted and escaped.
func writeTag(out *bytes.Buffer, tok *html.Token) {
	out.WriteByte('<')
	out.WriteString(tok.Data)
	for _, a := range tok.Attr {
		out.WriteByte(' ')
		out.WriteString(a.Key)
		out.WriteString(`="`)
		escapeAttr(out, a.Val)
		out.WriteByte('"')
	}
	if tok.Type == html.SelfClosingTagToken {
		out.WriteByte('/')
	}
	out.WriteByte('>')
}

// escapeAttr writes v for a double-quoted attribute value. Besides "&" and
// `"`, "<" and ">" are escaped: inside <noscript> the tag is raw text, where
// a decoded "</noscript>" would end the element.
func escapeAttr(out *bytes.Buffer, v string) {
	for i := 0; i < len(v); i++ {
		switch c := v[i]; c {
		case '&':
			out.WriteString("&amp;")
		case '"':
			out.WriteString("&quot;")
		case '<':
			out.WriteString("&lt;")
		case '>':
			out.WriteString("&gt;")
		default:
			out.WriteByte(c)
		}
	}
}
