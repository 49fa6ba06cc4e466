package markdown

import (
	"fmt"
	"strings"
	"testing"
)

// Diagnostics point at the "[" (or "!") of the link, in runes, with the
// body's first line (7) added: line 2 of the body is line 8 of the file.
func TestLinkDiagnosticPosition(t *testing.T) {
	const bad = `link to "bad.md": there is no article (not found)`
	tests := []struct {
		name, body string
		want       string // "line:col"
	}{
		{"first line first column", "[نص](bad.md)", "7:1"},
		{"after arabic words", "انظر [نص](bad.md) هنا", "7:6"},
		{"second line of the body", "سطر\nانظر [نص](bad.md)", "8:6"},
		{"after a blank line", "سطر\n\n\n[نص](bad.md)", "10:1"},
		{"indented paragraph", "  [x](bad.md)", "7:3"},
		{"in a blockquote", "> انظر [x](bad.md)", "7:8"},
		{"in a list item", "- بند [x](bad.md)", "7:7"},
		{"in a heading", "## عنوان [x](bad.md)", "7:10"},
		{"tab is one column", "نص\tمع [x](bad.md)", "7:7"},
		{"in a table cell", "| أ | ب |\n|---|---|\n| ج | د [x](bad.md) |", "9:9"},
		{"emphasised link text", "[*مهم*](bad.md)", "7:1"},
		{"reference link", "[مرجع][r]\n\n[r]: bad.md", "7:1"},
		{"second link on the line", "[أ](../2023/visit.md) و [ب](bad.md)", "7:25"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, diags := convert(t, Options{}, tt.body, newResolver())
			checkDiags(t, diags, []string{"a.md:" + tt.want + ": " + bad})
		})
	}
}

func TestLinkResolution(t *testing.T) {
	tests := []struct {
		name, body, html string
		calls            []string
	}{
		{
			name:  "article file to its URL",
			body:  "زار [المدينة](../2023/visit.md) أمس",
			html:  "<p>زار <a href=\"/articles/visit/\">المدينة</a> أمس</p>\n",
			calls: []string{"link ../2023/visit.md"},
		},
		{
			name:  "reference definition resolved",
			body:  "[المدينة][v]\n\n[v]: ../2023/visit.md",
			html:  "<p><a href=\"/articles/visit/\">المدينة</a></p>\n",
			calls: []string{"link ../2023/visit.md"},
		},
		{
			name:  "title kept",
			body:  `[المدينة](../2023/visit.md "زيارة")`,
			html:  "<p><a href=\"/articles/visit/\" title=\"زيارة\">المدينة</a></p>\n",
			calls: []string{"link ../2023/visit.md"},
		},
		{
			name:  "resolver sees the destination as written",
			body:  "[خارجي](https://example.ma/a?b=1&c=2)",
			html:  "<p><a href=\"https://example.ma/a?b=1&amp;c=2\">خارجي</a></p>\n",
			calls: []string{"link https://example.ma/a?b=1&c=2"},
		},
		{
			name:  "autolinks are not passed to the resolver",
			body:  "زوروا https://example.ma اليوم",
			html:  "<p>زوروا <a href=\"https://example.ma\">https://example.ma</a> اليوم</p>\n",
			calls: nil,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newResolver()
			doc, diags := convert(t, Options{}, tt.body, r)
			checkDiags(t, diags, nil)
			if string(doc.HTML) != tt.html {
				t.Errorf("HTML:\n got %q\nwant %q", doc.HTML, tt.html)
			}
			if !equalStrings(r.calls, tt.calls) {
				t.Errorf("resolver calls = %q, want %q", r.calls, tt.calls)
			}
		})
	}
}

// Without a resolver, links are left as written and nothing is reported.
func TestNilResolver(t *testing.T) {
	doc, diags := convert(t, Options{}, "[أ](../2022/missing.md) ![صورة](photo.jpg)", nil)
	checkDiags(t, diags, nil)
	want := "<p><a href=\"../2022/missing.md\">أ</a> <img src=\"photo.jpg\" alt=\"صورة\"></p>\n"
	if string(doc.HTML) != want {
		t.Errorf("HTML:\n got %q\nwant %q", doc.HTML, want)
	}
}

// Script addresses are reported and their href emptied, with or without
// UnsafeHTML and with or without a resolver, which never sees them.
func TestScriptURLs(t *testing.T) {
	const msg = `: script addresses are not allowed in articles; link to a page instead`
	tests := []struct {
		name, body string
		diag       string
		absent     []string // case-insensitive, in the HTML
	}{
		{"javascript", "[x](javascript:alert(1))", `a.md:7:1: link to "javascript:alert(1)"` + msg, []string{"javascript", "alert"}},
		{"mixed case", "[x](JaVaScRiPt:alert(1))", `a.md:7:1: link to "JaVaScRiPt:alert(1)"` + msg, []string{"javascript", "alert"}},
		{"leading space", "[x]( javascript:alert(1))", `a.md:7:1: link to "javascript:alert(1)"` + msg, []string{"javascript", "alert"}},
		{"leading tab and space", "[x]( \tjavascript:alert(1))", `a.md:7:1: link to "javascript:alert(1)"` + msg, []string{"javascript", "alert"}},
		{"tab inside the scheme", "[x](<java\tscript:alert(1)>)", `a.md:7:1: link to "java\tscript:alert(1)"` + msg, []string{"script", "alert"}},
		{"tab before the scheme", "[x](<\tjavascript:alert(1)>)", `a.md:7:1: link to "\tjavascript:alert(1)"` + msg, []string{"script", "alert"}},
		{"space before the colon", "[x](<javascript :alert(1)>)", `a.md:7:1: link to "javascript :alert(1)"` + msg, []string{"script", "alert"}},
		{"control character inside", "[x](<java\x01script:alert(1)>)", `a.md:7:1: link to "java\x01script:alert(1)"` + msg, []string{"script", "alert"}},
		{"vbscript", "[x](vbscript:msgbox(1))", `a.md:7:1: link to "vbscript:msgbox(1)"` + msg, []string{"vbscript", "msgbox"}},
		{"vbscript mixed case", "[x](VBScript:msgbox(1))", `a.md:7:1: link to "VBScript:msgbox(1)"` + msg, []string{"vbscript", "msgbox"}},
		{"data html", "[x](data:text/html,<script>alert(1)</script>)", `a.md:7:1: link to "data:text/html,<script>alert(1)</script>"` + msg, []string{"data:", "script", "alert"}},
		{"data html base64 truncated", "[x](DATA:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)", `a.md:7:1: link to "DATA:text/html;base64,PHNjcmlwdD5hbGVydC…"` + msg, []string{"data:", "base64"}},
		{"reference definition", "[x][r]\n\n[r]: javascript:alert(1)", `a.md:7:1: link to "javascript:alert(1)"` + msg, []string{"javascript", "alert"}},
		{"mid-line on the second line", "سطر\nانظر [x](javascript:alert(1))", `a.md:8:6: link to "javascript:alert(1)"` + msg, []string{"javascript", "alert"}},
		{"image", "![صورة](javascript:alert(1))", `a.md:7:1: script addresses are not allowed in images`, []string{"javascript", "alert"}},
		{"image vbscript", "![صورة](vbscript:msgbox(1))", `a.md:7:1: script addresses are not allowed in images`, []string{"vbscript", "msgbox"}},
	}
	for _, tt := range tests {
		for _, unsafe := range []bool{false, true} {
			for _, withResolver := range []bool{false, true} {
				name := tt.name
				if unsafe {
					name += "/unsafe"
				}
				if withResolver {
					name += "/resolver"
				}
				t.Run(name, func(t *testing.T) {
					var r *fakeResolver
					if withResolver {
						r = newResolver()
					}
					doc, diags := convert(t, Options{UnsafeHTML: unsafe}, tt.body, r)
					checkDiags(t, diags, []string{tt.diag})
					if r != nil && len(r.calls) != 0 {
						t.Errorf("resolver called for a script address: %q", r.calls)
					}
					lower := strings.ToLower(string(doc.HTML))
					for _, s := range tt.absent {
						if strings.Contains(lower, s) {
							t.Errorf("HTML contains %q:\n%s", s, doc.HTML)
						}
					}
				})
			}
		}
	}
}

// An autolink with a script scheme is reported and replaced by its text, in
// both modes.
func TestScriptAutolink(t *testing.T) {
	doc, diags := convert(t, Options{}, "<javascript:alert(1)>", newResolver())
	checkDiags(t, diags, []string{"a.md:7:1: script addresses are not allowed in articles"})
	want := "<p>javascript:alert(1)</p>\n"
	if string(doc.HTML) != want {
		t.Errorf("HTML:\n got %q\nwant %q", doc.HTML, want)
	}
}

// Addresses that merely contain a script word are not script addresses.
func TestNotScriptURLs(t *testing.T) {
	tests := []struct{ body, html string }{
		{"[دليل](https://example.ma/javascript/)", "<p><a href=\"https://example.ma/javascript/\">دليل</a></p>\n"},
		{"[بيانات](/data/report/)", "<p><a href=\"/data/report/\">بيانات</a></p>\n"},
		{"[نص](#javascript)", "<p><a href=\"#javascript\">نص</a></p>\n"},
		{"![شعار](data:image/png;base64,iVBORw0KGgo=)", "<p><img src=\"data:image/png;base64,iVBORw0KGgo=\" alt=\"شعار\"></p>\n"},
		{"[دليل JavaScript](https://example.ma/)", "<p><a href=\"https://example.ma/\">دليل <bdi dir=\"ltr\">JavaScript</bdi></a></p>\n"},
		{"javascript:alert(1) نص", "<p><bdi dir=\"ltr\">javascript</bdi>:<bdi dir=\"ltr\">alert</bdi>(1) نص</p>\n"},
	}
	for _, tt := range tests {
		t.Run(tt.body, func(t *testing.T) {
			doc, diags := convert(t, Options{}, tt.body, nil)
			checkDiags(t, diags, nil)
			if string(doc.HTML) != tt.html {
				t.Errorf("HTML:\n got %q\nwant %q", doc.HTML, tt.html)
			}
		})
	}
}

func TestImages(t *testing.T) {
	const noAlt = `: image "photo.jpg" has no description: write what it shows between the brackets, ![وصف الصورة](photo.jpg)`
	tests := []struct {
		name, body string
		resolver   bool
		html       string
		diags      []string
	}{
		{
			name:     "measured",
			body:     "![مبنى البلدية](photo.jpg)",
			resolver: true,
			html:     "<p><img src=\"/articles/visit/photo.jpg\" alt=\"مبنى البلدية\" width=\"1200\" height=\"800\" loading=\"lazy\" decoding=\"async\"></p>\n",
		},
		{
			name:     "a photo alone with a title: its caption",
			body:     `![مبنى](photo.jpg "البلدية")`,
			resolver: true,
			html:     "<figure>\n<img src=\"/articles/visit/photo.jpg\" alt=\"مبنى\" width=\"1200\" height=\"800\" loading=\"lazy\" decoding=\"async\">\n<figcaption>البلدية</figcaption>\n</figure>\n",
		},
		{
			name:     "a caption with Latin, markup characters and an entity",
			body:     `![مبنى](photo.jpg "مقر INDH <الجديد> &amp; \"الحديقة\"")`,
			resolver: true,
			html:     "<figure>\n<img src=\"/articles/visit/photo.jpg\" alt=\"مبنى\" width=\"1200\" height=\"800\" loading=\"lazy\" decoding=\"async\">\n<figcaption>مقر <bdi dir=\"ltr\">INDH</bdi> &lt;الجديد&gt; &amp; &#34;الحديقة&#34;</figcaption>\n</figure>\n",
		},
		{
			name:     "a photo with a title inside a sentence keeps the title",
			body:     `نص ![مبنى](photo.jpg "البلدية")`,
			resolver: true,
			html:     "<p>نص <img src=\"/articles/visit/photo.jpg\" alt=\"مبنى\" title=\"البلدية\" width=\"1200\" height=\"800\" loading=\"lazy\" decoding=\"async\"></p>\n",
		},
		{
			name:     "unknown size: no width or height",
			body:     "![خريطة](nosize.png)",
			resolver: true,
			html:     "<p><img src=\"/articles/visit/nosize.png\" alt=\"خريطة\" loading=\"lazy\" decoding=\"async\"></p>\n",
		},
		{
			name:     "latin alt not isolated",
			body:     "![Logo INDH](photo.jpg)",
			resolver: true,
			html:     "<p><img src=\"/articles/visit/photo.jpg\" alt=\"Logo INDH\" width=\"1200\" height=\"800\" loading=\"lazy\" decoding=\"async\"></p>\n",
		},
		{
			name:     "missing alt",
			body:     "![](photo.jpg)",
			resolver: true,
			html:     "<p><img src=\"/articles/visit/photo.jpg\" alt=\"\" width=\"1200\" height=\"800\" loading=\"lazy\" decoding=\"async\"></p>\n",
			diags:    []string{"a.md:7:1" + noAlt},
		},
		{
			name:     "blank alt",
			body:     "سطر\n\n![   ](photo.jpg)",
			resolver: true,
			html:     "<p>سطر</p>\n<p><img src=\"/articles/visit/photo.jpg\" alt=\"   \" width=\"1200\" height=\"800\" loading=\"lazy\" decoding=\"async\"></p>\n",
			diags:    []string{"a.md:9:1" + noAlt},
		},
		{
			name:  "missing alt without resolver",
			body:  "![](photo.jpg)",
			html:  "<p><img src=\"photo.jpg\" alt=\"\"></p>\n",
			diags: []string{"a.md:7:1" + noAlt},
		},
		{
			name:     "resolver error",
			body:     "نص ![صورة](missing.jpg)",
			resolver: true,
			html:     "<p>نص <img src=\"missing.jpg\" alt=\"صورة\"></p>\n",
			diags:    []string{"a.md:7:4: no file missing.jpg"},
		},
		{
			name:     "image inside a link",
			body:     "[![صورة](photo.jpg)](../2023/visit.md)",
			resolver: true,
			html:     "<p><a href=\"/articles/visit/\"><img src=\"/articles/visit/photo.jpg\" alt=\"صورة\" width=\"1200\" height=\"800\" loading=\"lazy\" decoding=\"async\"></a></p>\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var r *fakeResolver
			if tt.resolver {
				r = newResolver()
			}
			doc, diags := convert(t, Options{}, tt.body, r)
			checkDiags(t, diags, tt.diags)
			if string(doc.HTML) != tt.html {
				t.Errorf("HTML:\n got %q\nwant %q", doc.HTML, tt.html)
			}
		})
	}
}

// A file: address is on the writer's computer: reported at its line, in
// every form a link or image takes (the renderer would silently write an
// empty href, and the build went on).
func TestFileURLs(t *testing.T) {
	const fix = "a file: address points at a file on the writer's own computer, which readers cannot open; put the file in the article's folder (content/…/<article>/index.md beside it) and write its name"
	tests := []struct{ name, body, diag string }{
		{"link", "[التقرير](file:///C:/Users/x/report.pdf)", `a.md:7:1: link to "file:///C:/Users/x/report.pdf": ` + fix},
		{"upper case", "نص\n\nانظر [التقرير](FILE:///home/x/r.pdf)", `a.md:9:6: link to "FILE:///home/x/r.pdf": ` + fix},
		{"reference definition", "[x][r]\n\n[r]: file:///tmp/r.pdf", `a.md:7:1: link to "file:///tmp/r.pdf": ` + fix},
		{"image", "![صورة](file:///C:/photo.jpg)", `a.md:7:1: image "file:///C:/photo.jpg": ` + fix},
		{"autolink", "<file:///C:/report.pdf>", `a.md:7:1: link to "file:///C:/report.pdf": ` + fix},
	}
	for _, tt := range tests {
		for _, withResolver := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/resolver=%v", tt.name, withResolver), func(t *testing.T) {
				var r *fakeResolver
				if withResolver {
					r = newResolver()
				}
				doc, diags := convert(t, Options{}, tt.body, r)
				checkDiags(t, diags, []string{tt.diag})
				if strings.Contains(strings.ToLower(string(doc.HTML)), `="file:`) {
					t.Errorf("a file: address reached the HTML:\n%s", doc.HTML)
				}
			})
		}
	}
}
