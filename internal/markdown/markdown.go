// Package markdown converts an article body to HTML with the rules Jihat
// promises editors: GFM tables, strikethrough, autolinks and footnotes,
// heading anchors that keep Arabic letters, links to other articles resolved
// and checked, images measured, and no script URL ever reaching the page.
//
// It does not know where pages live: the caller supplies a Resolver.
package markdown

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/jihat/jihat/internal/diag"
)

// Resolver maps what an editor wrote in a link or image to what the page
// needs. Errors become diagnostics at the line of the link.
type Resolver interface {
	// Link returns the href for a link destination.
	Link(dest string) (string, error)
	// Image returns the src and pixel size of an image destination.
	Image(dest string) (src string, width, height int, err error)
}

// Options are the per-site switches.
type Options struct {
	UnsafeHTML bool
}

// Converter is safe for use by one goroutine at a time; make one per worker.
type Converter struct {
	md  goldmark.Markdown
	out bytes.Buffer // the HTML of the last conversion, reused by the next
	// w buffers the renderer's writes into out; goldmark would make a new
	// one for every body.
	w *bufio.Writer
}

// New returns a Converter.
func New(opts Options) *Converter {
	rendererOpts := []goldmark.Option{}
	if opts.UnsafeHTML {
		rendererOpts = append(rendererOpts, goldmark.WithRendererOptions(html.WithUnsafe()))
	}
	rendererOpts = append(rendererOpts, goldmark.WithRendererOptions(renderer.WithNodeRenderers(util.Prioritized(isolateRenderer{}, 500))))
	md := goldmark.New(append(rendererOpts,
		goldmark.WithExtensions(extension.Table, extension.Strikethrough, extension.Linkify, extension.Footnote),
		goldmark.WithParserOptions(
			parser.WithASTTransformers(util.Prioritized(&articleTransformer{}, 100)),
		),
	)...)
	return &Converter{md: md, w: bufio.NewWriter(nil)}
}

// Document is one converted body.
type Document struct {
	// HTML is in the Converter's buffer: it holds until the next Convert,
	// so copy it to keep it (a build writes it away at once).
	HTML []byte
	// Text is the body as plain text, for summaries and search: its words
	// (as strings.Fields finds them) separated by single spaces.
	Text string
	// FirstParagraph is the plain text of the first paragraph.
	FirstParagraph string
	Headings       []Heading
}

// Heading is an anchor target in the body.
type Heading struct {
	Level int
	ID    string
	Text  string
}

var (
	resolverKey  = parser.NewContextKey()
	problemsKey  = parser.NewContextKey()
	firstLineKey = parser.NewContextKey()
	pathKey      = parser.NewContextKey()
	docKey       = parser.NewContextKey()
)

// Convert renders body. path and firstLine place diagnostics in the source
// file (the body starts after the front matter).
func (c *Converter) Convert(path string, firstLine int, body []byte, r Resolver) (*Document, diag.List) {
	var problems diag.List
	doc := &Document{}
	ctx := parser.NewContext()
	ctx.Set(resolverKey, r)
	ctx.Set(problemsKey, &problems)
	ctx.Set(firstLineKey, firstLine)
	ctx.Set(pathKey, path)
	ctx.Set(docKey, doc)
	root := c.md.Parser().Parse(text.NewReader(body), parser.WithContext(ctx))
	c.out.Reset()
	c.out.Grow(len(body) + len(body)/4) // HTML is a little longer than its Markdown
	c.w.Reset(&c.out)
	if err := c.md.Renderer().Render(c.w, body, root); err != nil {
		problems.Add(path, firstLine, 0, "cannot render the Markdown: %v", err)
	}
	c.w.Reset(nil)
	doc.HTML = c.out.Bytes()
	return doc, problems
}

// articleTransformer walks the parsed body once to resolve links and images,
// collect headings and text, and reject script URLs.
type articleTransformer struct {
	// texts holds the last body's words, its memory reused for the next
	// (a Converter, and so its transformer, serves one goroutine).
	texts []byte
}

func (t *articleTransformer) Transform(root *ast.Document, reader text.Reader, pc parser.Context) {
	src := reader.Source()
	r, _ := pc.Get(resolverKey).(Resolver)
	problems := pc.Get(problemsKey).(*diag.List)
	firstLine := pc.Get(firstLineKey).(int)
	path := pc.Get(pathKey).(string)
	doc := pc.Get(docKey).(*Document)
	ids := newArabicIDs()
	report := func(n ast.Node, format string, args ...any) {
		line, col := position(n, src)
		problems.Add(path, firstLine+line-1, col, format, args...)
	}

	// The page title is the only h1: shift body headings down when an
	// editor used "#".
	shift := 0
	_ = ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if h, ok := n.(*ast.Heading); ok && entering && h.Level == 1 {
			shift = 1
			return ast.WalkStop, nil
		}
		return ast.WalkContinue, nil
	})

	var (
		texts      = t.texts[:0]
		latin      []*ast.Text
		neutralise []ast.Node // script autolinks, replaced by their text
	)
	if cap(texts) < len(src) {
		texts = make([]byte, 0, len(src)) // the words are most of the source
	}
	_ = ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			// Every block ends a run of words, so list items and table
			// cells do not run together in the plain text.
			if n.Type() == ast.TypeBlock || n.Kind() == extast.KindTableCell {
				texts = append(texts, '\n')
			}
			return ast.WalkContinue, nil
		}
		switch node := n.(type) {
		case *ast.Heading:
			node.Level = min(node.Level+shift, 6)
			// IDs come from the heading's text, not its raw line, so a
			// link's address never ends up in the anchor.
			headingText := plainText(node, src)
			id := ids.Generate([]byte(headingText), ast.KindHeading)
			node.SetAttributeString("id", id)
			doc.Headings = append(doc.Headings, Heading{Level: node.Level, ID: string(id), Text: headingText})
		case *ast.Paragraph:
			if doc.FirstParagraph == "" && node.Parent() == root {
				doc.FirstParagraph = plainText(node, src)
			}
			if hasRawHTML(node) {
				// Raw HTML (allowed by the site) may open a <script> or
				// <style> whose text must stay as written.
				texts = appendTexts(texts, node, src)
				return ast.WalkSkipChildren, nil
			}
		case *ast.Text:
			texts = appendText(texts, node, src)
			if !node.IsRaw() && node.Parent().Kind() != ast.KindCodeSpan {
				latin = append(latin, node)
			}
		case *ast.AutoLink:
			texts = append(append(texts, node.Label(src)...), ' ')
			if isScriptURL(string(node.URL(src))) {
				report(n, "script addresses are not allowed in articles")
				neutralise = append(neutralise, node)
			}
		case *ast.Link:
			dest := string(node.Destination)
			if isScriptURL(dest) {
				report(n, "link to %q: script addresses are not allowed in articles; link to a page instead", truncate(dest, 40))
				node.Destination = nil
				return ast.WalkContinue, nil
			}
			if r == nil {
				return ast.WalkContinue, nil
			}
			href, err := r.Link(dest)
			if err != nil {
				report(n, "%v", err)
				return ast.WalkContinue, nil
			}
			node.Destination = []byte(href)
		case *ast.Image:
			alt := strings.TrimSpace(plainText(node, src))
			if alt == "" {
				report(n, "image %q has no description: write what it shows between the brackets, ![وصف الصورة](%s)", string(node.Destination), string(node.Destination))
			}
			if isScriptURL(string(node.Destination)) {
				report(n, "script addresses are not allowed in images")
				node.Destination = nil
				return ast.WalkSkipChildren, nil
			}
			if r == nil {
				return ast.WalkSkipChildren, nil
			}
			srcURL, w, h, err := r.Image(string(node.Destination))
			if err != nil {
				report(n, "%v", err)
				return ast.WalkSkipChildren, nil
			}
			node.Destination = []byte(srcURL)
			if w > 0 && h > 0 {
				node.SetAttributeString("width", []byte(fmt.Sprint(w)))
				node.SetAttributeString("height", []byte(fmt.Sprint(h)))
			}
			// Body images sit below the title and lead image: let the
			// browser fetch them when they come near the viewport.
			node.SetAttributeString("loading", []byte("lazy"))
			node.SetAttributeString("decoding", []byte("async"))
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	doc.Text = collapseSpace(texts)
	t.texts = texts[:0]
	for _, t := range latin {
		isolateLatin(t, src)
	}
	for _, n := range neutralise {
		label := n.(*ast.AutoLink).Label(src)
		n.Parent().ReplaceChild(n.Parent(), n, ast.NewString(label))
	}
}

// hasRawHTML reports inline raw HTML directly in a paragraph.
func hasRawHTML(p ast.Node) bool {
	for c := p.FirstChild(); c != nil; c = c.NextSibling() {
		if c.Kind() == ast.KindRawHTML {
			return true
		}
	}
	return false
}

// appendTexts appends the words under n without isolating anything.
func appendTexts(b []byte, n ast.Node, src []byte) []byte {
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if t, ok := c.(*ast.Text); ok && entering {
			b = appendText(b, t, src)
		}
		return ast.WalkContinue, nil
	})
	return b
}

// appendText appends a text node as the reader sees it: references and
// backslash escapes decoded, line breaks as spaces.
func appendText(b []byte, t *ast.Text, src []byte) []byte {
	v := t.Value(src)
	if !t.IsRaw() && (bytes.IndexByte(v, '&') >= 0 || bytes.IndexByte(v, '\\') >= 0) {
		v = util.UnescapePunctuations(util.ResolveEntityNames(util.ResolveNumericReferences(v)))
	}
	b = append(b, v...)
	if t.SoftLineBreak() || t.HardLineBreak() {
		b = append(b, ' ')
	}
	return b
}

// isScriptURL reports destinations a browser would execute. The check runs
// on the destination as the browser will get it: character references and
// backslash escapes decoded, ASCII whitespace and controls ignored.
func isScriptURL(dest string) bool {
	decoded := string(util.UnescapePunctuations(util.ResolveEntityNames(util.ResolveNumericReferences([]byte(dest)))))
	var b strings.Builder
	colon := false
	for _, r := range decoded {
		if r <= ' ' {
			continue
		}
		if r == ':' {
			colon = true
			break
		}
		b.WriteRune(r)
	}
	if !colon {
		return false
	}
	scheme := strings.ToLower(b.String())
	return scheme == "javascript" || scheme == "vbscript" || (scheme == "data" && !strings.HasPrefix(strings.ToLower(strings.TrimSpace(decoded)), "data:image/"))
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}

// plainText is the text under n as a reader sees it; images contribute
// nothing (their alt text describes a picture, not the prose).
func plainText(n ast.Node, src []byte) string {
	var b []byte
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch t := c.(type) {
		case *ast.Image:
			if c != n {
				return ast.WalkSkipChildren, nil
			}
		case *ast.Text:
			b = appendText(b, t, src)
		case *ast.String:
			b = append(b, t.Value...)
		case *ast.AutoLink:
			b = append(b, t.Label(src)...)
		}
		return ast.WalkContinue, nil
	})
	return collapseSpace(b)
}

// position finds the 1-based line and column (in runes) of a node within the
// body. Inline nodes carry no position: use their first text segment, or
// find their source text within the enclosing block.
func position(n ast.Node, src []byte) (int, int) {
	offset := -1
	// A link that starts with an image begins one bracket before it.
	if n.Kind() == ast.KindLink && n.FirstChild() != nil && n.FirstChild().Kind() == ast.KindImage {
		line, col := position(n.FirstChild(), src)
		return line, max(1, col-1)
	}
	if n.Kind() != ast.KindAutoLink {
		_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
			if t, ok := c.(*ast.Text); ok && entering {
				offset = t.Segment.Start
				return ast.WalkStop, nil
			}
			return ast.WalkContinue, nil
		})
	}
	blockStart, blockEnd := -1, -1
	for p := n.Parent(); p != nil; p = p.Parent() {
		if p.Type() == ast.TypeBlock && p.Lines().Len() > 0 {
			blockStart = p.Lines().At(0).Start
			blockEnd = p.Lines().At(p.Lines().Len() - 1).Stop
			break
		}
	}
	if offset < 0 && blockStart >= 0 {
		offset = blockStart
		if needle := sourceNeedle(n, src); needle != "" {
			if i := strings.Index(string(src[blockStart:blockEnd]), needle); i >= 0 {
				offset = blockStart + i
				if n.Kind() == ast.KindAutoLink && offset > 0 && src[offset-1] == '<' {
					offset--
				}
			}
		}
	} else if offset >= 0 && (n.Kind() == ast.KindLink || n.Kind() == ast.KindImage) {
		// A link's text starts after "[" (and an image's after "!["):
		// point at the bracket, where the editor sees the link begin.
		for offset > 0 && src[offset-1] != '[' && src[offset-1] != '\n' {
			offset--
		}
		if offset > 0 && src[offset-1] == '[' {
			offset--
			if n.Kind() == ast.KindImage && offset > 0 && src[offset-1] == '!' {
				offset--
			}
		}
	}
	if offset < 0 || offset > len(src) {
		return 1, 0
	}
	line := 1 + bytes.Count(src[:offset], []byte("\n"))
	lineStart := bytes.LastIndexByte(src[:offset], '\n') + 1
	return line, 1 + len([]rune(string(src[lineStart:offset])))
}

// sourceNeedle is how a textless node is written in the source.
func sourceNeedle(n ast.Node, src []byte) string {
	switch x := n.(type) {
	case *ast.AutoLink:
		return string(x.URL(src))
	case *ast.Link:
		return "[](" + string(x.Destination)
	case *ast.Image:
		return "![](" + string(x.Destination)
	}
	return ""
}

// ErrNotFound is wrapped by resolvers for missing targets.
var ErrNotFound = errors.New("not found")

// collapseSpace is strings.Join(strings.Fields(string(s)), " ") in one pass:
// the words of s separated by single spaces. Outside ASCII only the lead
// bytes C2, E1, E2 and E3 start a space character; every other byte is
// copied as it is, in runs, without decoding (Arabic text is almost all of
// it).
func collapseSpace(s []byte) string {
	var b strings.Builder
	b.Grow(len(s))
	pending := false // a space is owed before the next word
	start := -1      // start of the current run of non-space bytes
	flush := func(end int) {
		if start < 0 {
			return
		}
		if pending {
			b.WriteByte(' ')
			pending = false
		}
		b.Write(s[start:end])
		start = -1
	}
	for i := 0; i < len(s); {
		c := s[i]
		size, space := 1, false
		switch {
		case c < utf8.RuneSelf:
			space = asciiSpace[c]
		case c == 0xC2 || c == 0xE1 || c == 0xE2 || c == 0xE3:
			var r rune
			r, size = utf8.DecodeRune(s[i:])
			space = unicode.IsSpace(r)
		}
		if space {
			flush(i)
			pending = b.Len() > 0
		} else if start < 0 {
			start = i
		}
		i += size
	}
	flush(len(s))
	return b.String()
}

var asciiSpace = [utf8.RuneSelf]bool{'\t': true, '\n': true, '\v': true, '\f': true, '\r': true, ' ': true}
