package markdown

import (
	"bytes"
	"strings"
	"testing"
)

// TestGolden converts each testdata/*.md body and compares the HTML with its
// golden file and the diagnostics with the exact list below (the body starts
// on line 7 of the source file).
func TestGolden(t *testing.T) {
	tests := []struct {
		golden   string // testdata/<golden>.golden.html
		input    string // testdata/<input>
		opts     Options
		resolver bool
		diags    []string
	}{
		{golden: "headings", input: "headings.md"},
		{golden: "gfm", input: "gfm.md"},
		{golden: "rawhtml", input: "rawhtml.md"},
		{golden: "rawhtml.unsafe", input: "rawhtml.md", opts: Options{UnsafeHTML: true}},
		{golden: "bidi", input: "bidi.md"},
		{golden: "links", input: "links.md", resolver: true, diags: []string{
			`a.md:12:6: link to "../2022/missing.md": there is no article (not found)`,
			`a.md:14:13: link to "../2021/gone.md": there is no article (not found)`,
			`a.md:18:9: link to "./nothere.md": there is no article (not found)`,
			`a.md:20:17: link to "../2020/old.md": there is no article (not found)`,
		}},
		{golden: "images", input: "images.md", resolver: true, diags: []string{
			`a.md:11:1: image "photo.jpg" has no description: write what it shows between the brackets, ![وصف الصورة](photo.jpg)`,
			`a.md:13:1: no file missing.jpg`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.golden, func(t *testing.T) {
			var r *fakeResolver
			if tt.resolver {
				r = newResolver()
			}
			doc, diags := convert(t, tt.opts, string(readTestdata(t, tt.input)), r)
			checkDiags(t, diags, tt.diags)
			checkGolden(t, tt.golden, doc.HTML)
		})
	}
}

func TestHeadingsFile(t *testing.T) {
	doc, diags := convert(t, Options{}, string(readTestdata(t, "headings.md")), nil)
	checkDiags(t, diags, nil)
	want := []Heading{
		{Level: 2, ID: "عنوان-المقال", Text: "عنوان المقال"},
		{Level: 3, ID: "الخدمات-المقدمة", Text: "الخدمات المقدمة"},
		{Level: 3, ID: "الخدمات-المقدمة-2", Text: "الخدمات المقدمة"},
		{Level: 3, ID: "الخدمات-المقدمة-3", Text: "الخدمات المقدمة"},
		{Level: 3, ID: "الخدمات-الصحية", Text: "الْخِدْمَاتُ الصِّحِّيَّةُ"},
		{Level: 3, ID: "section", Text: "!!!"},
		{Level: 4, ID: "section-2", Text: "؟؟؟"},
		{Level: 3, ID: "مشروع-indh-2024", Text: "مشروع INDH 2024"},
		{Level: 5, ID: "مستوى-رابع", Text: "مستوى رابع"},
		{Level: 6, ID: "مستوى-سادس", Text: "مستوى سادس"},
	}
	if len(doc.Headings) != len(want) {
		t.Fatalf("got %d headings %+v, want %d", len(doc.Headings), doc.Headings, len(want))
	}
	for i := range want {
		if doc.Headings[i] != want[i] {
			t.Errorf("heading %d = %+v, want %+v", i, doc.Headings[i], want[i])
		}
	}
	for _, s := range []string{
		`<h2 id="عنوان-المقال">`,
		`<h3 id="الخدمات-المقدمة">الخدمات المقدمة</h3>`,
		`<h3 id="الخدمات-المقدمة-2">الخدمات المقدمة</h3>`,
		`<h3 id="الخدمات-الصحية">الْخِدْمَاتُ الصِّحِّيَّةُ</h3>`,
		`<h3 id="section">!!!</h3>`,
	} {
		if !strings.Contains(string(doc.HTML), s) {
			t.Errorf("HTML lacks %s:\n%s", s, doc.HTML)
		}
	}
	if strings.Contains(string(doc.HTML), "<h1") {
		t.Errorf("an h1 reached the body:\n%s", doc.HTML)
	}
}

func TestHeadingIDs(t *testing.T) {
	tests := []struct {
		name string
		body string
		want []Heading
	}{
		{"arabic kept", "## الخدمات المقدمة", []Heading{{2, "الخدمات-المقدمة", "الخدمات المقدمة"}}},
		{"tashkeel dropped", "## الْخَدَمَاتُ", []Heading{{2, "الخدمات", "الْخَدَمَاتُ"}}},
		{"hamza and ta marbuta kept", "## دار الطالبة في أكادير", []Heading{{2, "دار-الطالبة-في-أكادير", "دار الطالبة في أكادير"}}},
		{"tatweel dropped", "## الأخـــبار", []Heading{{2, "الأخبار", "الأخـــبار"}}},
		{"arabic-indic digits", "## انتخابات ٢٠٢٤", []Heading{{2, "انتخابات-2024", "انتخابات ٢٠٢٤"}}},
		{"latin folded", "## Tétouan Rabat", []Heading{{2, "tetouan-rabat", "Tétouan Rabat"}}},
		{"punctuation only", "## !!!", []Heading{{2, "section", "!!!"}}},
		{"digits only", "## ١٢٣", []Heading{{2, "section", "١٢٣"}}},
		{"empty heading", "##", []Heading{{2, "section", ""}}},
		{"trailing hashes", "## الأخبار ##", []Heading{{2, "الأخبار", "الأخبار"}}},
		{"h1 shifted", "# عنوان", []Heading{{2, "عنوان", "عنوان"}}},
		{"setext h1 shifted", "العنوان\n=====", []Heading{{2, "العنوان", "العنوان"}}},
		{"all shifted when an h1 exists", "## أ\n\n# ب\n\n### ج", []Heading{{3, "أ", "أ"}, {2, "ب", "ب"}, {4, "ج", "ج"}}},
		{"no shift without h1", "### ج", []Heading{{3, "ج", "ج"}}},
		{"h6 stays h6", "# أ\n\n###### و", []Heading{{2, "أ", "أ"}, {6, "و", "و"}}},
		{"h1 in a blockquote shifts too", "> # أ\n\n## ب", []Heading{{2, "أ", "أ"}, {3, "ب", "ب"}}},
		{"repeats numbered", "## أ\n\n## أ\n\n## أ", []Heading{{2, "أ", "أ"}, {2, "أ-2", "أ"}, {2, "أ-3", "أ"}}},
		{"repeat after a natural -2", "## أ 2\n\n## أ\n\n## أ", []Heading{{2, "أ-2", "أ 2"}, {2, "أ", "أ"}, {2, "أ-3", "أ"}}},
		{"tashkeel variants collide", "## عِلم\n\n## علم", []Heading{{2, "علم", "عِلم"}, {2, "علم-2", "علم"}}},
		{"punctuation twice", "## ؟\n\n## !", []Heading{{2, "section", "؟"}, {2, "section-2", "!"}}},
		{"emphasis text", "## الخبر **العاجل**", []Heading{{2, "الخبر-العاجل", "الخبر العاجل"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, diags := convert(t, Options{}, tt.body, nil)
			checkDiags(t, diags, nil)
			if len(doc.Headings) != len(tt.want) {
				t.Fatalf("headings = %+v, want %+v", doc.Headings, tt.want)
			}
			for i := range tt.want {
				if doc.Headings[i] != tt.want[i] {
					t.Errorf("heading %d = %+v, want %+v", i, doc.Headings[i], tt.want[i])
				}
				open := `<h` + string(rune('0'+tt.want[i].Level)) + ` id="` + tt.want[i].ID + `">`
				if !strings.Contains(string(doc.HTML), open) {
					t.Errorf("HTML lacks %s:\n%s", open, doc.HTML)
				}
			}
		})
	}
}

// A Converter is reused for many articles: heading IDs must restart for each.
func TestConverterReuse(t *testing.T) {
	c := New(Options{})
	body := []byte("## الخدمات\n\n## الخدمات\n")
	var first []byte
	for i := range 3 {
		doc, problems := c.Convert(testPath, 1, body, nil)
		if len(problems) != 0 {
			t.Fatal(problems)
		}
		want := "<h2 id=\"الخدمات\">الخدمات</h2>\n<h2 id=\"الخدمات-2\">الخدمات</h2>\n"
		if string(doc.HTML) != want {
			t.Fatalf("conversion %d:\n got %q\nwant %q", i+1, doc.HTML, want)
		}
		if i == 0 {
			first = bytes.Clone(doc.HTML) // the next Convert reuses the buffer
		} else if string(doc.HTML) != string(first) {
			t.Fatalf("conversion %d differs from the first", i+1)
		}
	}
}

func TestGFM(t *testing.T) {
	doc, diags := convert(t, Options{}, string(readTestdata(t, "gfm.md")), nil)
	checkDiags(t, diags, nil)
	for _, s := range []string{
		"<table>",
		// Alignment as a class: a strict Content-Security-Policy refuses
		// style attributes.
		`<th class="align-left">المدينة</th>`,
		`<td class="align-right"><del>11:00</del> 12:00</td>`,
		`الخبر <del>القديم</del> الجديد.`,
		`<a href="https://example.ma/news">https://example.ma/news</a>`,
		`<a href="http://www.example.org">www.example.org</a>`,
		`المشروع<sup id="fnref:1"><a href="#fn:1" class="footnote-ref" role="doc-noteref">1</a></sup>`,
		`علنية<sup id="fnref:2"><a href="#fn:2" class="footnote-ref" role="doc-noteref">2</a></sup>.`,
		`<li id="fn:1">`,
		`<p>بلاغ رسمي.&#160;<a href="#fnref:1" class="footnote-backref" role="doc-backlink">`,
		`<li id="fn:2">`,
		`<p>محضر الجلسة.&#160;<a href="#fnref:2"`,
	} {
		if !strings.Contains(string(doc.HTML), s) {
			t.Errorf("HTML lacks %s:\n%s", s, doc.HTML)
		}
	}
	if strings.Contains(string(doc.HTML), "style=") {
		t.Errorf("a style attribute in the body:\n%s", doc.HTML)
	}
}

func TestRawHTML(t *testing.T) {
	body := string(readTestdata(t, "rawhtml.md"))
	tests := []struct {
		name    string
		opts    Options
		present []string
		absent  []string
	}{
		{
			name:    "omitted by default",
			opts:    Options{},
			present: []string{"<!-- raw HTML omitted -->", "وسم مضمن"},
			absent:  []string{"<div", "<span", "<iframe", "<p>فقرة داخل إطار"},
		},
		{
			name: "kept with UnsafeHTML",
			opts: Options{UnsafeHTML: true},
			present: []string{
				"<div class=\"إطار\">\n<p>فقرة داخل إطار</p>\n</div>\n",
				`<p>نص مع <span class="مهم">وسم مضمن</span> في السطر.</p>`,
				`<iframe src="https://example.ma/embed"></iframe>`,
			},
			absent: []string{"raw HTML omitted"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, diags := convert(t, tt.opts, body, nil)
			checkDiags(t, diags, nil)
			for _, s := range tt.present {
				if !strings.Contains(string(doc.HTML), s) {
					t.Errorf("HTML lacks %q:\n%s", s, doc.HTML)
				}
			}
			for _, s := range tt.absent {
				if strings.Contains(string(doc.HTML), s) {
					t.Errorf("HTML has %q:\n%s", s, doc.HTML)
				}
			}
		})
	}
}

// Latin runs inside Arabic text are isolated; code spans and image alt
// text are not.
func TestBidiIsolation(t *testing.T) {
	tests := []struct{ body, want string }{
		{"مبادرة INDH الجديدة", "<p>مبادرة <bdi dir=\"ltr\">INDH</bdi> الجديدة</p>\n"},
		{"في Inezgane-Aït Melloul اليوم", "<p>في <bdi dir=\"ltr\">Inezgane-Aït Melloul</bdi> اليوم</p>\n"},
		{"استعمل `git log` الآن", "<p>استعمل <code>git log</code> الآن</p>\n"},
		{"نص عربي فقط", "<p>نص عربي فقط</p>\n"},
		{"[موقع Google](https://google.com)", "<p><a href=\"https://google.com\">موقع <bdi dir=\"ltr\">Google</bdi></a></p>\n"},
		{"سطر CNN\nسطر ثان", "<p>سطر <bdi dir=\"ltr\">CNN</bdi>\nسطر ثان</p>\n"},
		{"سطر BBC  \nسطر ثان", "<p>سطر <bdi dir=\"ltr\">BBC</bdi><br>\nسطر ثان</p>\n"},
	}
	for _, tt := range tests {
		t.Run(tt.body, func(t *testing.T) {
			doc, diags := convert(t, Options{}, tt.body, nil)
			checkDiags(t, diags, nil)
			if string(doc.HTML) != tt.want {
				t.Errorf("HTML:\n got %q\nwant %q", doc.HTML, tt.want)
			}
		})
	}
}

func TestText(t *testing.T) {
	tests := []struct {
		name, body, text, first string
	}{
		{"empty", "", "", ""},
		{"two paragraphs", "مقدمة **مهمة** جدا.\n\nفقرة ثانية.", "مقدمة مهمة جدا. فقرة ثانية.", "مقدمة مهمة جدا."},
		{"soft break is a space", "سطر أول\nسطر ثان", "سطر أول سطر ثان", "سطر أول سطر ثان"},
		{"heading before the paragraph", "## عنوان\n\nالفقرة.", "عنوان الفقرة.", "الفقرة."},
		{"blockquote is not the first paragraph", "> اقتباس\n\nفقرة.", "اقتباس فقرة.", "فقرة."},
		{"code block left out", "```\nكود\n```\n\nنص", "نص", "نص"},
		{"code span kept", "استعمل `git` الآن", "استعمل git الآن", "استعمل git الآن"},
		{"latin text unaffected by isolation", "مشروع INDH الجديد", "مشروع INDH الجديد", "مشروع INDH الجديد"},
		{"link text kept", "زار [المدينة](https://example.ma/) أمس", "زار المدينة أمس", "زار المدينة أمس"},
		{"spaces collapsed", "كلمة    وكلمة", "كلمة وكلمة", "كلمة وكلمة"},
		{"footnote text", "خبر[^1].\n\n[^1]: مصدر.", "خبر. مصدر.", "خبر."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, diags := convert(t, Options{}, tt.body, nil)
			checkDiags(t, diags, nil)
			if doc.Text != tt.text {
				t.Errorf("Text = %q, want %q", doc.Text, tt.text)
			}
			if doc.FirstParagraph != tt.first {
				t.Errorf("FirstParagraph = %q, want %q", doc.FirstParagraph, tt.first)
			}
		})
	}
}

// collapseSpace must equal its definition for any text, broken UTF-8 too.
func FuzzCollapseSpace(f *testing.F) {
	for _, s := range []string{"", "  a  b ", "كلمة\u00a0أخرى\n\tثالثة", "\xff \xd8", "\u0085x\u2028y\u3000"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := collapseSpace([]byte(s)), strings.Join(strings.Fields(s), " "); got != want {
			t.Fatalf("collapseSpace(%q) = %q, want %q", s, got, want)
		}
	})
}
