package markdown

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"
)

// scriptAttr matches an href or src the default renderer must never write.
var scriptAttr = regexp.MustCompile(`(?i)(href|src)="\s*(javascript|vbscript):`)

func FuzzConvert(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*.md"))
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data, false, true)
	}
	for _, s := range []string{
		"",
		"#",
		"# أ\n\n## أ\n\n## أ",
		"[x](javascript:alert(1))",
		"[x](<java\tscript:alert(1)>)",
		"<javascript:alert(1)>",
		"![](photo.jpg)",
		"[![صورة](photo.jpg)](../2023/visit.md)",
		"حقوق &copy; AT&amp;T \\*",
		"[^1]\n\n[^1]: حاشية",
		"| أ | ب |\n|---|---|\n| [x](bad.md) | ~~د~~ |",
		"<div>\n<script>x()</script>\n</div>\n\nنص <b>INDH</b>",
		"- أ\n  - ب\n    > [x][r]\n\n[r]: vbscript:x",
		"\xff\xfe[\x00](\x01)",
	} {
		f.Add([]byte(s), false, true)
		f.Add([]byte(s), true, false)
	}
	const path = "content/2024/خبر/index.md"
	const firstLine = 5
	f.Fuzz(func(t *testing.T, body []byte, unsafe, withResolver bool) {
		var r Resolver
		if withResolver {
			r = newResolver()
		}
		doc, problems := New(Options{UnsafeHTML: unsafe}).Convert(path, firstLine, body, r)
		if doc == nil {
			t.Fatal("nil Document")
		}
		for _, d := range problems {
			if d.Path != path {
				t.Errorf("diagnostic %q has path %q, want %q", d.Error(), d.Path, path)
			}
			if d.Line < firstLine || d.Col < 0 {
				t.Errorf("diagnostic %q placed before the body", d.Error())
			}
		}
		if !unsafe && scriptAttr.Match(doc.HTML) {
			t.Errorf("script address in the HTML:\n%s", doc.HTML)
		}
	})
}
