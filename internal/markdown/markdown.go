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
	"github.com/jihat/jihat/internal/msg"
)

// Resolver maps what an editor wrote in a link or image to what the page
// needs. Errors become diagnostics at the line of the link.
type Resolver interface {
	// Link returns the href for a link destination.
	Link(dest string) (string, error)
	// Image returns what the page shows for an image destination.
	Image(dest string) (Image, error)
	// Reserved reports whether the page's theme gives one of its own
	// elements this id, which a heading must then not take.
	Reserved(id string) bool
}

// Image is what a page shows for an image of the body.
type Image struct {
	// Src is the address of the file shown; Width and Height its size in
	// pixels (0 when unknown).
	Src           string
	Width, Height int
	// Srcset, when set, offers other widths of the same image
	// ("a.480w.jpg 480w, a.960w.jpg 960w"), and Sizes tells the browser
	// how wide the image is shown, for it to choose one before the
	// layout is known. Both are written as they are, escaped for HTML
	// only: the addresses must be percent-encoded already.
	Srcset, Sizes string
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
	rendererOpts = append(rendererOpts, goldmark.WithRendererOptions(renderer.WithNodeRenderers(util.Prioritized(isolateRenderer{}, 500), util.Prioritized(figureRenderer{}, 500))))
	md := goldmark.New(append(rendererOpts,
		// A column's alignment is written as a class, not the style
		// attribute HTML5 would get, which a strict Content-Security-Policy
		// refuses (see alignClass).
		goldmark.WithExtensions(extension.NewTable(extension.WithTableCellAlignMethod(extension.TableCellAlignNone)), extension.Strikethrough, extension.Linkify, extension.Footnote),
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
	// Warnings are problems that do not stop the build (a link to a
	// heading the body does not have).
	Warnings diag.List
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
	if problems = checkLimits(path, firstLine, body); len(problems) > 0 {
		return doc, problems
	}
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
	ids   headingIDs // the heading IDs given so far, reused likewise
}

// Transform collects and checks in one walk over the body, then changes
// the tree where changing it during the walk would disturb the walk.
func (t *articleTransformer) Transform(root *ast.Document, reader text.Reader, pc parser.Context) {
	w := newBodyWalk(root, reader.Source(), pc, t.texts, &t.ids)
	var reserved func(string) bool
	if w.resolver != nil {
		reserved = w.resolver.Reserved
	}
	t.ids.reset(reserved)
	w.shift = headingShift(root)
	_ = ast.Walk(root, w.visit)
	w.doc.Text = collapseSpace(w.texts)
	t.texts = w.texts[:0]
	w.splitLatinRuns()
	w.neutraliseScriptAutoLinks()
	w.followFragments()
	w.makeFigures()
}

// bodyWalk is the state of one Transform: what Convert put in the context,
// and what the walk collects.
type bodyWalk struct {
	root      *ast.Document
	src       []byte
	resolver  Resolver // nil: links and images are left as written
	problems  *diag.List
	path      string
	firstLine int
	doc       *Document
	ids       *headingIDs
	shift     int // added to every heading's level

	texts      []byte      // the body's words, for Document.Text
	latin      []*ast.Text // text nodes to split around their Latin runs
	neutralise []ast.Node  // script autolinks, replaced by their text
	fragments  []*ast.Link // links to an anchor of this page ("#…")
	figures    []*ast.Paragraph
	rawHTML    bool // the body has raw HTML, which may hold ids
}

// newBodyWalk reads what Convert put in the context. texts is the memory
// of the last body's words, reused: the words are most of the source.
func newBodyWalk(root *ast.Document, src []byte, pc parser.Context, texts []byte, ids *headingIDs) bodyWalk {
	r, _ := pc.Get(resolverKey).(Resolver)
	w := bodyWalk{
		root:      root,
		src:       src,
		resolver:  r,
		problems:  pc.Get(problemsKey).(*diag.List),
		firstLine: pc.Get(firstLineKey).(int),
		path:      pc.Get(pathKey).(string),
		doc:       pc.Get(docKey).(*Document),
		ids:       ids,
		texts:     texts[:0],
	}
	if cap(w.texts) < len(src) {
		w.texts = make([]byte, 0, len(src))
	}
	return w
}

// headingShift is 1 when the body has an h1: the page title is the only
// h1, so body headings move down a level when an editor used "#".
func headingShift(root *ast.Document) int {
	shift := 0
	_ = ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if h, ok := n.(*ast.Heading); ok && entering && h.Level == 1 {
			shift = 1
			return ast.WalkStop, nil
		}
		return ast.WalkContinue, nil
	})
	return shift
}

// alignClass is the class of a table column the editor aligned (|--:|).
// The sides are the ones the editor wrote, as Markdown means them; the
// theme's stylesheet aligns the classes.
var alignClass = map[extast.Alignment]string{
	extast.AlignLeft:   "align-left",
	extast.AlignRight:  "align-right",
	extast.AlignCenter: "align-center",
}

// report adds a problem at n's place in the file, not in the body, since
// the editor sees the whole file.
func (w *bodyWalk) report(n ast.Node, format string, args ...any) {
	line, col := position(n, w.src)
	w.problems.Add(w.path, w.firstLine+line-1, col, format, args...)
}

// visit is the one walk over the body: each kind of node has its step.
func (w *bodyWalk) visit(n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		w.endWords(n)
		return ast.WalkContinue, nil
	}
	switch node := n.(type) {
	case *ast.Heading:
		w.heading(node)
	case *ast.Paragraph:
		return w.paragraph(node), nil
	case *ast.Text:
		w.text(node)
	case *ast.AutoLink:
		w.autoLink(node)
	case *ast.Link:
		w.link(node)
	case *ast.RawHTML, *ast.HTMLBlock:
		w.rawHTML = true
	case *extast.TableCell:
		if class := alignClass[node.Alignment]; class != "" {
			node.SetAttributeString("class", []byte(class))
		}
	case *ast.Image:
		w.image(node)
		// The alt text is not prose: neither words of the body nor Latin
		// to isolate.
		return ast.WalkSkipChildren, nil
	}
	return ast.WalkContinue, nil
}

// endWords ends a run of words at the end of every block, so that list
// items and table cells do not run together in the plain text.
func (w *bodyWalk) endWords(n ast.Node) {
	if n.Type() == ast.TypeBlock || n.Kind() == extast.KindTableCell {
		w.texts = append(w.texts, '\n')
	}
}

// heading takes its level down under the title, and its ID from its text,
// not its raw line, so that a link's address never ends up in the anchor.
func (w *bodyWalk) heading(h *ast.Heading) {
	h.Level = min(h.Level+w.shift, 6)
	headingText := plainText(h, w.src)
	id := w.ids.next(headingText)
	h.SetAttributeString("id", []byte(id))
	w.doc.Headings = append(w.doc.Headings, Heading{Level: h.Level, ID: string(id), Text: headingText})
}

// paragraph keeps the first top-level paragraph for summaries. One with
// raw HTML (allowed by the site) may open a <script> or <style> whose text
// must stay as written: its words are taken, its children not visited.
func (w *bodyWalk) paragraph(p *ast.Paragraph) ast.WalkStatus {
	if img := captioned(p); img != nil {
		// A photo's caption is prose (search finds it), not the
		// article's first paragraph.
		w.figures = append(w.figures, p)
		w.texts = append(append(w.texts, captionOf(img)...), '\n')
		return ast.WalkContinue
	}
	if w.doc.FirstParagraph == "" && p.Parent() == w.root {
		w.doc.FirstParagraph = plainText(p, w.src)
	}
	if hasRawHTML(p) {
		w.texts = appendTexts(w.texts, p, w.src)
		return ast.WalkSkipChildren
	}
	return ast.WalkContinue
}

// text takes the node's words, and marks it for isolating its Latin runs
// after the walk; code and raw text are shown as written.
func (w *bodyWalk) text(t *ast.Text) {
	w.texts = appendText(w.texts, t, w.src)
	if !t.IsRaw() && t.Parent().Kind() != ast.KindCodeSpan {
		w.latin = append(w.latin, t)
	}
}

// autoLink takes the label's words; a script address is reported and
// marked to become plain text after the walk.
func (w *bodyWalk) autoLink(l *ast.AutoLink) {
	w.texts = append(append(w.texts, l.Label(w.src)...), ' ')
	switch dest := string(l.URL(w.src)); addressOf(dest) {
	case scriptAddress:
		w.report(l, "script addresses are not allowed in articles")
		w.neutralise = append(w.neutralise, l)
	case fileAddress:
		w.report(l, "link to %q: %v", truncate(dest, 40), fileURLFix)
		w.neutralise = append(w.neutralise, l)
	}
}

// link drops a script address (the text stays, unlinked) and resolves any
// other, so that links to articles point at their pages.
func (w *bodyWalk) link(l *ast.Link) {
	dest := string(l.Destination)
	switch addressOf(dest) {
	case scriptAddress:
		w.report(l, "link to %q: script addresses are not allowed in articles; link to a page instead", truncate(dest, 40))
		l.Destination = nil
		return
	case fileAddress:
		w.report(l, "link to %q: %v", truncate(dest, 40), fileURLFix)
		return
	}
	if strings.HasPrefix(dest, "#") {
		// Resolved after the walk, when every heading has its id.
		w.fragments = append(w.fragments, l)
		return
	}
	if w.resolver == nil {
		return
	}
	href, err := w.resolver.Link(dest)
	if err != nil {
		w.report(l, "%v", err)
		return
	}
	l.Destination = []byte(href)
}

// image asks for a description, for readers who cannot see it, drops a
// script address, and points the image at its resolved file.
func (w *bodyWalk) image(img *ast.Image) {
	if alt := strings.TrimSpace(plainText(img, w.src)); alt == "" {
		w.report(img, "image %q has no description: write what it shows between the brackets, ![وصف الصورة](%s)", string(img.Destination), string(img.Destination))
	}
	switch addressOf(string(img.Destination)) {
	case scriptAddress:
		w.report(img, "script addresses are not allowed in images")
		img.Destination = nil
		return
	case fileAddress:
		w.report(img, "image %q: %v", truncate(string(img.Destination), 40), fileURLFix)
		return
	}
	if w.resolver == nil {
		return
	}
	im, err := w.resolver.Image(string(img.Destination))
	if err != nil {
		w.report(img, "%v", err)
		return
	}
	img.Destination = []byte(im.Src)
	setImageAttributes(img, im)
}

// setImageAttributes gives the size, so that the page does not jump as
// the image arrives, and the other widths to choose from. Body images sit
// below the title and lead image: the browser fetches them when they come
// near the viewport.
func setImageAttributes(img *ast.Image, im Image) {
	if im.Width > 0 && im.Height > 0 {
		img.SetAttributeString("width", []byte(fmt.Sprint(im.Width)))
		img.SetAttributeString("height", []byte(fmt.Sprint(im.Height)))
	}
	if im.Srcset != "" {
		img.SetAttributeString("srcset", []byte(im.Srcset))
		if im.Sizes != "" {
			img.SetAttributeString("sizes", []byte(im.Sizes))
		}
	}
	img.SetAttributeString("loading", []byte("lazy"))
	img.SetAttributeString("decoding", []byte("async"))
}

// splitLatinRuns splits the marked text nodes, after the walk since it
// replaces them in their parents.
func (w *bodyWalk) splitLatinRuns() {
	for _, t := range w.latin {
		isolateLatin(t, w.src)
	}
}

// neutraliseScriptAutoLinks replaces each script autolink by its text,
// after the walk for the same reason: the reader still sees what was
// written, but nothing to click.
func (w *bodyWalk) neutraliseScriptAutoLinks() {
	for _, n := range w.neutralise {
		label := n.(*ast.AutoLink).Label(w.src)
		n.Parent().ReplaceChild(n.Parent(), n, ast.NewString(label))
	}
}

// followFragments points each link to an anchor at the id its heading was
// given, which differs from the one the editor reckoned when the theme
// holds it, and warns about an anchor that is on no heading: the link
// would lead nowhere.
func (w *bodyWalk) followFragments() {
	for _, l := range w.fragments {
		fragment := string(l.Destination[1:])
		if fragment == "" {
			continue // "#": the top of the page
		}
		if id, ok := w.ids.target(fragment); ok {
			l.Destination = []byte("#" + id)
			continue
		}
		if w.ids.outsideBody(fragment) || w.rawHTML {
			continue
		}
		line, col := position(l, w.src)
		w.doc.Warnings.Add(w.path, w.firstLine+line-1, col, "link to %q: no heading of this article has the id %q, so the link leads nowhere (%s)",
			truncate(string(l.Destination), 40), truncate(fragment, 40), w.ids.list(5))
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

// The addresses a body may not keep.
const (
	anyAddress    = iota
	scriptAddress // one a browser would execute
	fileAddress   // a file on the writer's own computer, which no reader can open (the renderer would write an empty href)
)

// addressOf says which of them dest is. The check runs on the destination
// as the browser will get it: character references and backslash escapes
// decoded, ASCII whitespace and controls ignored; it is decoded once.
func addressOf(dest string) int {
	switch scheme, decoded := urlScheme(dest); {
	case scheme == "javascript" || scheme == "vbscript" || (scheme == "data" && !strings.HasPrefix(strings.ToLower(strings.TrimSpace(decoded)), "data:image/")):
		return scriptAddress
	case scheme == "file":
		return fileAddress
	}
	return anyAddress
}

// urlScheme is the scheme of dest as the browser will read it, in lower
// case ("" for none), and dest decoded.
func urlScheme(dest string) (scheme, decoded string) {
	decoded = string(util.UnescapePunctuations(util.ResolveEntityNames(util.ResolveNumericReferences([]byte(dest)))))
	var b strings.Builder
	for _, r := range decoded {
		if r <= ' ' {
			continue
		}
		if r == ':' {
			return strings.ToLower(b.String()), decoded
		}
		b.WriteRune(r)
	}
	return "", decoded
}

// fileURLFix tells an editor what to do with a file: address.
var fileURLFix = msg.New("a file: address points at a file on the writer's own computer, which readers cannot open; put the file in the article's folder (content/…/<article>/index.md beside it) and write its name")

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
	// A link that starts with an image begins one bracket before it.
	if n.Kind() == ast.KindLink && n.FirstChild() != nil && n.FirstChild().Kind() == ast.KindImage {
		line, col := position(n.FirstChild(), src)
		return line, max(1, col-1)
	}
	offset := firstTextOffset(n)
	switch {
	case offset < 0:
		offset = offsetInBlock(n, src)
	case n.Kind() == ast.KindLink || n.Kind() == ast.KindImage:
		offset = openingBracket(n, src, offset)
	}
	if offset < 0 || offset > len(src) {
		return 1, 0
	}
	return lineColumn(src, offset)
}

// firstTextOffset is where n's first text starts, or -1 for a node without
// text (an autolink keeps its text out of the tree).
func firstTextOffset(n ast.Node) int {
	offset := -1
	if n.Kind() == ast.KindAutoLink {
		return offset
	}
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if t, ok := c.(*ast.Text); ok && entering {
			offset = t.Segment.Start
			return ast.WalkStop, nil
		}
		return ast.WalkContinue, nil
	})
	return offset
}

// offsetInBlock finds a textless node by searching for how it is written
// in the enclosing block, the nearest thing with a position; failing that,
// the block's start. It is -1 outside any block with lines.
func offsetInBlock(n ast.Node, src []byte) int {
	for p := n.Parent(); p != nil; p = p.Parent() {
		if p.Type() != ast.TypeBlock || p.Lines().Len() == 0 {
			continue
		}
		blockStart := p.Lines().At(0).Start
		blockEnd := p.Lines().At(p.Lines().Len() - 1).Stop
		offset := blockStart
		if needle := sourceNeedle(n, src); needle != "" {
			if i := strings.Index(string(src[blockStart:blockEnd]), needle); i >= 0 {
				offset = blockStart + i
				if n.Kind() == ast.KindAutoLink && offset > 0 && src[offset-1] == '<' {
					offset--
				}
			}
		}
		return offset
	}
	return -1
}

// openingBracket moves from a link's text back to its "[" (and an
// image's to its "!["), where the editor sees the link begin.
func openingBracket(n ast.Node, src []byte, offset int) int {
	for offset > 0 && src[offset-1] != '[' && src[offset-1] != '\n' {
		offset--
	}
	if offset > 0 && src[offset-1] == '[' {
		offset--
		if n.Kind() == ast.KindImage && offset > 0 && src[offset-1] == '!' {
			offset--
		}
	}
	return offset
}

// lineColumn turns a byte offset into the 1-based line and column an
// editor sees, the column counted in runes since Arabic letters are two
// bytes each.
func lineColumn(src []byte, offset int) (int, int) {
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
