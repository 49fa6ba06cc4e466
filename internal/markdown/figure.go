package markdown

import (
	"html"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"

	"github.com/jihat/jihat/internal/arabic"
)

// figure is a photo with its caption: a paragraph holding one image with a
// title, ![وصف](photo.jpg "التعليق"), becomes <figure> with <figcaption>.
// The title would otherwise be a tooltip no phone shows.
type figure struct {
	ast.BaseBlock
	caption string // plain text, decoded
}

var kindFigure = ast.NewNodeKind("Figure")

func (n *figure) Kind() ast.NodeKind { return kindFigure }

func (n *figure) Dump(source []byte, level int) { ast.DumpHelper(n, source, level, nil, nil) }

type figureRenderer struct{}

func (figureRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(kindFigure, func(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			_, _ = w.WriteString("<figure>\n")
			return ast.WalkContinue, nil
		}
		_, _ = w.WriteString("\n<figcaption>")
		writeIsolated(w, n.(*figure).caption)
		_, _ = w.WriteString("</figcaption>\n</figure>\n")
		return ast.WalkContinue, nil
	})
}

// writeIsolated writes text escaped, its Latin runs in <bdi dir="ltr"> as in
// the body's paragraphs.
func writeIsolated(w util.BufWriter, text string) {
	last := 0
	for _, r := range arabic.LatinRuns(text) {
		_, _ = w.WriteString(html.EscapeString(text[last:r[0]]))
		_, _ = w.WriteString(`<bdi dir="ltr">`)
		_, _ = w.WriteString(html.EscapeString(text[r[0]:r[1]]))
		_, _ = w.WriteString("</bdi>")
		last = r[1]
	}
	_, _ = w.WriteString(html.EscapeString(text[last:]))
}

// captioned is the image a paragraph holds alone, with a title, or nil.
func captioned(p *ast.Paragraph) *ast.Image {
	img, ok := p.FirstChild().(*ast.Image)
	if !ok || p.ChildCount() != 1 || len(img.Title) == 0 {
		return nil
	}
	return img
}

// captionOf is an image's title as the reader sees it.
func captionOf(img *ast.Image) string {
	return collapseSpace(util.UnescapePunctuations(util.ResolveEntityNames(util.ResolveNumericReferences(img.Title))))
}

// makeFigures replaces each captioned paragraph by its figure, after the
// walk since it changes the paragraphs' parents.
func (w *bodyWalk) makeFigures() {
	for _, p := range w.figures {
		img := p.FirstChild().(*ast.Image)
		fig := &figure{caption: captionOf(img)}
		img.Title = nil
		p.RemoveChild(p, img)
		fig.AppendChild(fig, img)
		p.Parent().ReplaceChild(p.Parent(), p, fig)
	}
}
