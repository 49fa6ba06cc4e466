// Package headers reads the _headers file that Netlify and Cloudflare Pages
// take their response headers from, and tells which headers a path gets,
// so that jihat serve and jihat preview answer as the CDN will.
//
// The format: a rule is a path at the start of a line, then its headers,
// indented, one "Name: value" a line; lines starting with # are comments.
// In a path, * matches any characters, / included, and a segment written
// :name matches any one segment. Every rule whose path matches applies, in
// the order of the file; a header given more than once (by several rules,
// or repeated in one) is sent once, its values joined by ", " (Cloudflare
// Pages documents this; Netlify's documentation does not say, so a site
// should not give one path the same header twice). Cloudflare's "! Name"
// removes a header that the rules before it gave. Paths are compared
// percent-decoded and in NFC, case included; a trailing slash is optional.
package headers

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/jihat/jihat/internal/diag"
)

// FileName is the file's name at the root of a built site.
const FileName = "_headers"

// Rule is one path and the headers it gives.
type Rule struct {
	Path    string // as written
	Line    int    // of the path, 1-based
	Host    string // for a rule written as an absolute URL; such rules name a host the CDN serves, never a local one
	Headers []Header
	Detach  []string // canonical names of the headers "! Name" removes
	re      *regexp.Regexp
}

// Header is one "Name: value" line; Name is in canonical form.
type Header struct {
	Name, Value string
}

// Rules are a file's rules, in order.
type Rules []Rule

// Parse reads a _headers file; name is the file's path in the messages.
// Every problem is reported, each at its line and column, and the rules
// that had none are returned with them.
func Parse(name string, data []byte) (Rules, error) {
	p := parser{name: name}
	for i, line := range strings.Split(strings.TrimPrefix(string(data), "\uFEFF"), "\n") {
		p.line(i+1, strings.TrimSuffix(line, "\r"))
	}
	p.end()
	return p.rules, p.problems.Err()
}

type parser struct {
	name     string
	rules    Rules
	problems diag.List
	current  *Rule
	broken   bool // the current rule had a problem: it is left out
}

func (p *parser) line(n int, line string) {
	trimmed := strings.TrimLeft(line, " \t")
	if trimmed == "" || strings.HasPrefix(trimmed, "#") {
		return
	}
	if !utf8.ValidString(line) {
		p.problems.Add(p.name, n, 1, "this line is not UTF-8 text")
		p.broken = true
		return
	}
	col := utf8.RuneCountInString(line[:len(line)-len(trimmed)]) + 1
	trimmed = strings.TrimRight(trimmed, " \t")
	if col == 1 {
		if h, _, ok := strings.Cut(trimmed, ":"); ok && validName(h) && h != "http" && h != "https" {
			// A header that lost its indentation: its rule goes on.
			p.problems.Add(p.name, n, 1, "the header %s is not indented: a path starts its line, its headers follow, indented", h)
			p.broken = true
			return
		}
		p.end()
		r, ok := parsePath(&p.problems, p.name, n, trimmed)
		p.current, p.broken = &r, !ok
		return
	}
	if p.current == nil {
		p.problems.Add(p.name, n, col, "a header before any path: a rule starts with its path at the start of a line, such as /*, and its headers follow, indented")
		return
	}
	if strings.HasPrefix(trimmed, "/") {
		p.problems.Add(p.name, n, col, "the path %s is indented: a path starts its line, its headers follow, indented", trimmed)
		p.broken = true
		return
	}
	if rest, ok := strings.CutPrefix(trimmed, "!"); ok {
		// Cloudflare's detach.
		h := strings.TrimSpace(rest)
		if !validName(h) {
			p.problems.Add(p.name, n, col, "%q is not a header name (letters, digits and - only)", h)
			p.broken = true
			return
		}
		p.current.Detach = append(p.current.Detach, http.CanonicalHeaderKey(h))
		return
	}
	h, v, found := strings.Cut(trimmed, ":")
	h, v = strings.TrimSpace(h), strings.TrimSpace(v)
	switch {
	case !found:
		p.problems.Add(p.name, n, col, "%q is not a header: write Name: value", trimmed)
	case !validName(h):
		p.problems.Add(p.name, n, col, "%q is not a header name (letters, digits and - only)", h)
	case v == "":
		p.problems.Add(p.name, n, col, "%s has no value", h)
	case strings.ContainsFunc(v, func(r rune) bool { return r < ' ' && r != '\t' || r == 0x7f }):
		p.problems.Add(p.name, n, col, "the value of %s has a control character", h)
	case strings.ContainsFunc(v, func(r rune) bool { return r >= utf8.RuneSelf }):
		p.problems.Add(p.name, n, col, "the value of %s has a character outside ASCII, which a header cannot carry: percent-encode it", h)
	default:
		p.current.Headers = append(p.current.Headers, Header{Name: http.CanonicalHeaderKey(h), Value: v})
		return
	}
	p.broken = true
}

// end closes the current rule. One with no header is almost always a
// header that lost its indentation, reported there; else it is reported
// here.
func (p *parser) end() {
	r := p.current
	switch {
	case r == nil:
	case p.broken:
	case len(r.Headers) == 0 && len(r.Detach) == 0:
		p.problems.Add(p.name, r.Line, 1, "%s has no header below it: write each header on its own line below its path, indented", r.Path)
	default:
		p.rules = append(p.rules, *r)
	}
	p.current, p.broken = nil, false
}

// parsePath reads a rule's path line; ok is false after a problem.
func parsePath(problems *diag.List, name string, n int, s string) (r Rule, ok bool) {
	r = Rule{Path: s, Line: n}
	if strings.ContainsAny(s, " \t") {
		problems.Add(name, n, 1, "%q: a path line holds the path alone; its headers go on the lines below it, indented", s)
		return r, false
	}
	p := s
	if rest, found := strings.CutPrefix(s, "https://"); found {
		host, path, _ := strings.Cut(rest, "/")
		if host == "" {
			problems.Add(name, n, 1, "%q: a path starts with / (or https:// and a host)", s)
			return r, false
		}
		r.Host, p = host, "/"+path
	} else if !strings.HasPrefix(s, "/") {
		problems.Add(name, n, 1, "%q: a path starts with / (or https:// and a host)", s)
		return r, false
	}
	decoded, err := url.PathUnescape(p)
	if err != nil || !utf8.ValidString(decoded) { // %80 alone is no character
		problems.Add(name, n, 1, "%q has a malformed %%-escape", s)
		return r, false
	}
	r.re = compile(norm.NFC.String(decoded))
	return r, true
}

// compile turns a rule's path into a regular expression (RE2: linear in
// the path, whatever the rule). A trailing slash is optional on both
// sides, as /about and /about/ are the same page to the CDNs.
func compile(path string) *regexp.Regexp {
	p := path
	if len(p) > 1 && strings.HasSuffix(p, "/") {
		p = p[:len(p)-1]
	}
	var b strings.Builder
	b.WriteString("^")
	segments := strings.Split(p, "/")
	for i, seg := range segments {
		if i > 0 {
			b.WriteString("/")
		}
		if isPlaceholder(seg) {
			b.WriteString("[^/]+")
			continue
		}
		for j, part := range strings.Split(seg, "*") {
			if j > 0 {
				b.WriteString(".*")
			}
			b.WriteString(regexp.QuoteMeta(part))
		}
	}
	if path != "/" { // the rule for "/" is the home page alone; "//" is "/" or "//"
		b.WriteString("/?")
	}
	b.WriteString("$")
	re, err := regexp.Compile(b.String())
	if err != nil {
		return nil // a rule that matches nothing; parsePath lets no such path through
	}
	return re
}

// isPlaceholder reports a :name segment.
func isPlaceholder(seg string) bool {
	name, ok := strings.CutPrefix(seg, ":")
	if !ok || name == "" {
		return false
	}
	for _, c := range name {
		if !(c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

// validName reports an HTTP field name: a token of RFC 9110.
func validName(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0) {
			return false
		}
	}
	return true
}

// Matches reports whether the rule applies to urlPath, a decoded path
// (as http.Request.URL.Path is). A rule for an absolute URL never does:
// it names a host the CDN serves.
func (r *Rule) Matches(urlPath string) bool { return r.matches(norm.NFC.String(urlPath)) }

func (r *Rule) matches(nfc string) bool {
	return r.Host == "" && r.re != nil && r.re.MatchString(nfc)
}

// Match returns the headers the rules give urlPath, a decoded path: one
// value per name, in canonical form.
func (rs Rules) Match(urlPath string) http.Header {
	h := http.Header{}
	p := norm.NFC.String(urlPath)
	for i := range rs {
		r := &rs[i]
		if !r.matches(p) {
			continue
		}
		for _, name := range r.Detach {
			delete(h, name)
		}
		for _, x := range r.Headers {
			if old, ok := h[x.Name]; ok {
				h[x.Name] = []string{old[0] + ", " + x.Value}
			} else {
				h[x.Name] = []string{x.Value}
			}
		}
	}
	return h
}
