package markdown

// Each test here reproduces a bug found while the tests were written, and
// now fixed; the comments describe the cause.

import (
	"strings"
	"testing"
)

// addressOf once looked at the destination as written, but goldmark decodes
// character references and backslash escapes when it renders the href
// (util.URLEscape(dest, true)). Under UnsafeHTML goldmark applies no filter
// of its own, so an encoded scheme reaches the page: with no resolver, with
// no diagnostic at all; with a resolver that fails, the diagnostic is the
// resolver's and the href is still written.
func TestRegressionEncodedScriptScheme(t *testing.T) {
	for _, body := range []string{
		"[x](&#106;avascript:alert(1))",
		"[x](&#x6A;avascript:alert(1))",
		"[x](javascript&#58;alert(1))",
		"[x](javascript&colon;alert(1))",
		`[x](javascript\:alert(1))`,
	} {
		for _, withResolver := range []bool{false, true} {
			var r *fakeResolver
			if withResolver {
				r = newResolver()
			}
			doc, diags := convert(t, Options{UnsafeHTML: true}, body, r)
			if strings.Contains(strings.ToLower(string(doc.HTML)), "javascript") {
				t.Errorf("%s (resolver %v): script address in the HTML: %s", body, withResolver, doc.HTML)
			}
			want := `script addresses are not allowed`
			if len(diags) == 0 || !strings.Contains(diags[0], want) {
				t.Errorf("%s (resolver %v): diagnostics %q, want one saying %q", body, withResolver, diags, want)
			}
		}
	}
}

// The AutoLink case reports a script address but leaves the node alone;
// under UnsafeHTML goldmark writes the href as is.
func TestRegressionScriptAutolinkUnsafe(t *testing.T) {
	doc, diags := convert(t, Options{UnsafeHTML: true}, "<javascript:alert(1)>", nil)
	checkDiags(t, diags, []string{"a.md:7:1: script addresses are not allowed in articles"})
	if strings.Contains(strings.ToLower(string(doc.HTML)), `href="javascript`) {
		t.Errorf("script href in the HTML: %s", doc.HTML)
	}
}

// position() starts from the node's first Text child; a link or image with
// no text (empty brackets) and an autolink have none, so it falls back to
// the start of the paragraph's first line.
func TestRegressionEmptyTextPosition(t *testing.T) {
	tests := []struct {
		name, body string
		want       []string
	}{
		{"image without alt mid-line", "نص ![](photo.jpg) و", []string{
			`a.md:7:4: image "photo.jpg" has no description: write what it shows between the brackets, ![وصف الصورة](photo.jpg)`,
		}},
		{"empty link text on the second line", "سطر\nسطر [](bad.md)", []string{
			`a.md:8:5: link to "bad.md": there is no article (not found)`,
		}},
		{"script autolink on the second line", "سطر\n<javascript:alert(1)>", []string{
			`a.md:8:1: script addresses are not allowed in articles`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, diags := convert(t, Options{}, tt.body, newResolver())
			checkDiags(t, diags, tt.want)
		})
	}
}

// For a link whose text starts with an image, position() walks back from
// the image's alt text and stops at the image's "[", one column late.
func TestRegressionLinkedImagePosition(t *testing.T) {
	_, diags := convert(t, Options{}, "[![صورة](photo.jpg)](bad.md)", newResolver())
	checkDiags(t, diags, []string{`a.md:7:1: link to "bad.md": there is no article (not found)`})
}

// isolateLatin splits a Text segment around Latin runs; goldmark resolves
// character references only within one write, so "&copy;" becomes
// "&" + <bdi>copy</bdi> + ";" and the reader sees "&copy;" literally.
func TestRegressionEntitySplitByIsolation(t *testing.T) {
	tests := []struct{ body, visible string }{
		{"حقوق &copy; محفوظة", "حقوق © محفوظة"},
		{"شركة AT&amp;T الأمريكية", "شركة AT&T الأمريكية"},
		{"الرباط&nbsp;سلا", "الرباط\u00a0سلا"},
		{"قال &laquo;نعم&raquo;", "قال «نعم»"},
	}
	for _, tt := range tests {
		doc, _ := convert(t, Options{}, tt.body, nil)
		if got := strings.TrimSpace(visibleText(doc.HTML)); got != tt.visible {
			t.Errorf("%s: reader sees %q, want %q (HTML %s)", tt.body, got, tt.visible, doc.HTML)
		}
	}
}

// Under UnsafeHTML the text between inline <script> tags is a Text node and
// gets wrapped in <bdi>, which breaks the script.
func TestRegressionIsolationInsideInlineScript(t *testing.T) {
	doc, _ := convert(t, Options{UnsafeHTML: true}, "نص <script>track(1)</script>", nil)
	want := "<p>نص <script>track(1)</script></p>\n"
	if string(doc.HTML) != want {
		t.Errorf("HTML:\n got %q\nwant %q", doc.HTML, want)
	}
}

// Document.Text separates paragraphs and headings only: tight list items
// (TextBlock) and table cells run together, and the word after a list runs
// into the next block.
func TestRegressionTextBlocksRunTogether(t *testing.T) {
	tests := []struct{ body, text string }{
		{"- الرباط\n- فاس", "الرباط فاس"},
		{"- الرباط\n- فاس\n\n> اقتباس", "الرباط فاس اقتباس"},
		{"| أ | ب |\n|---|---|\n| ج | د |", "أ ب ج د"},
	}
	for _, tt := range tests {
		doc, _ := convert(t, Options{}, tt.body, nil)
		if doc.Text != tt.text {
			t.Errorf("%q: Text = %q, want %q", tt.body, doc.Text, tt.text)
		}
	}
}

// Document.Text and FirstParagraph are made from the raw source segments, so
// character references and backslash escapes are not decoded.
func TestRegressionTextKeepsEscapes(t *testing.T) {
	doc, _ := convert(t, Options{}, `حقوق &copy; محفوظة و \*نجمة\*`, nil)
	want := "حقوق © محفوظة و *نجمة*"
	if doc.Text != want {
		t.Errorf("Text = %q, want %q", doc.Text, want)
	}
	if doc.FirstParagraph != want {
		t.Errorf("FirstParagraph = %q, want %q", doc.FirstParagraph, want)
	}
}

// plainText adds a space for a soft line break but not for a hard one.
func TestRegressionFirstParagraphHardBreak(t *testing.T) {
	for _, body := range []string{"سطر أول\\\nسطر ثان", "سطر أول  \nسطر ثان"} {
		doc, _ := convert(t, Options{}, body, nil)
		if doc.FirstParagraph != "سطر أول سطر ثان" {
			t.Errorf("%q: FirstParagraph = %q, want %q", body, doc.FirstParagraph, "سطر أول سطر ثان")
		}
		if doc.Text != "سطر أول سطر ثان" {
			t.Errorf("%q: Text = %q", body, doc.Text)
		}
	}
}

// An article that opens with a photo gets the photo's alt text as its first
// paragraph (and so as its excerpt), although Text leaves alt text out.
func TestRegressionFirstParagraphIsImageAlt(t *testing.T) {
	doc, _ := convert(t, Options{}, "![صورة المبنى](photo.jpg)\n\nالفقرة الأولى.", newResolver())
	if doc.FirstParagraph != "الفقرة الأولى." {
		t.Errorf("FirstParagraph = %q, want %q", doc.FirstParagraph, "الفقرة الأولى.")
	}
}

// Autolinks keep their URL outside the node tree, so the visible URL is
// missing from Document.Text.
func TestRegressionTextDropsAutolinks(t *testing.T) {
	doc, _ := convert(t, Options{}, "زوروا https://example.ma اليوم", nil)
	if want := "زوروا https://example.ma اليوم"; doc.Text != want {
		t.Errorf("Text = %q, want %q", doc.Text, want)
	}
}

// goldmark makes the heading ID from the raw heading line, so link
// destinations and other syntax end up in the anchor.
func TestRegressionHeadingIDFromRawLine(t *testing.T) {
	doc, _ := convert(t, Options{}, "## انظر [التقرير](../2023/visit.md)", newResolver())
	if len(doc.Headings) != 1 || doc.Headings[0].ID != "انظر-التقرير" {
		t.Errorf("headings = %+v, want ID %q", doc.Headings, "انظر-التقرير")
	}
}
