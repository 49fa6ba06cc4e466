package markdown

import (
	"regexp"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/jihat/jihat/internal/arabic"
)

// isolate is an inline node rendered as <bdi dir="ltr">: a run of Latin text
// in an Arabic paragraph.
type isolate struct {
	ast.BaseInline
}

var kindIsolate = ast.NewNodeKind("Isolate")

func (n *isolate) Kind() ast.NodeKind { return kindIsolate }

func (n *isolate) Dump(source []byte, level int) { ast.DumpHelper(n, source, level, nil, nil) }

type isolateRenderer struct{}

func (isolateRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(kindIsolate, func(w util.BufWriter, _ []byte, _ ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			_, _ = w.WriteString(`<bdi dir="ltr">`)
		} else {
			_, _ = w.WriteString("</bdi>")
		}
		return ast.WalkContinue, nil
	})
}

// isolateLatin splits a text node around its Latin runs, wrapping each run
// in an isolate. The caller must not be walking the node's parent.
func isolateLatin(t *ast.Text, src []byte) {
	seg := t.Segment
	raw := seg.Value(src)
	// Most text nodes of an Arabic article have no Latin at all.
	runs := arabic.LatinRunsBytes(raw)
	if len(runs) == 0 {
		return
	}
	value := string(raw)
	if strings.IndexByte(value, '&') >= 0 {
		// Character references ("&copy;") are decoded only when written
		// whole: hide them from the Latin scan so no run starts or ends
		// inside one. Hiding letters never makes a run where none was.
		runs = arabic.LatinRuns(entityRef.ReplaceAllStringFunc(value, func(m string) string {
			return strings.Repeat("\x00", len(m))
		}))
		if len(runs) == 0 {
			return
		}
	}
	parent := t.Parent()
	var pieces []ast.Node
	last := 0
	for _, run := range runs {
		if run[0] > last {
			pieces = append(pieces, ast.NewTextSegment(text.NewSegment(seg.Start+last, seg.Start+run[0])))
		}
		iso := &isolate{}
		iso.AppendChild(iso, ast.NewTextSegment(text.NewSegment(seg.Start+run[0], seg.Start+run[1])))
		pieces = append(pieces, iso)
		last = run[1]
	}
	tail := ast.NewTextSegment(text.NewSegment(seg.Start+last, seg.Stop))
	tail.SetSoftLineBreak(t.SoftLineBreak())
	tail.SetHardLineBreak(t.HardLineBreak())
	tail.SetRaw(t.IsRaw())
	if last < len(value) || t.SoftLineBreak() || t.HardLineBreak() {
		pieces = append(pieces, tail)
	}
	for _, p := range pieces {
		parent.InsertBefore(parent, t, p)
	}
	parent.RemoveChild(parent, t)
}

var entityRef = regexp.MustCompile(`&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});`)
