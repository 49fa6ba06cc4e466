package minify

import (
	"bytes"
	"encoding/xml"
	"os"
	"strings"
	"testing"

	"github.com/jihat/jihat"
	"github.com/jihat/jihat/internal/search"
)

func TestHTML(t *testing.T) {
	page, err := os.ReadFile("testdata/page.html")
	if err != nil {
		t.Fatal(err)
	}
	got, err := File("index.html", page)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) >= len(page) {
		t.Errorf("%d bytes minified from %d", len(got), len(page))
	}
	for _, want := range []string{
		`<html lang="ar" dir="rtl"><head>`, // document tags and quotes kept
		`</head><body>`,
		// The accent rule the page's CSP allows by its hash, byte for byte.
		`<style>:root{--accent:#aabbcc}</style>`,
		// Words keep one space between them and around isolated Latin.
		`<p>زار الوفد مركز <bdi>Argana</bdi> <bdi>Tata</bdi> يوم الأربعاء.</p>`,
		"<pre>  سطر أول\n    سطر ثان</pre>",
		`<li><a href="/regions/souss-massa/" data-x>سوس ماسة</a></li></ul>`, // end tags kept
		`<template id="t"><li><a data-result="link title"></a></li></template>`,
		`<input type="text" name="q">`,
		`"headline":"زيارة"`,
	} {
		if !bytes.Contains(got, []byte(want)) {
			t.Errorf("minified page lacks %s:\n%s", want, got)
		}
	}
	if bytes.Contains(got, []byte("comment")) {
		t.Errorf("the comment is kept:\n%s", got)
	}
	again, err := File("index.html", page)
	if err != nil || !bytes.Equal(again, got) {
		t.Error("the same page minified twice differs")
	}
}

// The search page's scripts, minified, stay within ES2018, what the page
// promises old phones, and shrink.
func TestScriptsStayES2018(t *testing.T) {
	for name, src := range search.Scripts() {
		got, err := File(name, src)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if len(got) >= len(src) {
			t.Errorf("%s: %d bytes minified from %d", name, len(got), len(src))
		}
		for _, newer := range []string{"?.", "??", "#", "=>"} {
			if strings.Contains(string(got), newer) && !strings.Contains(string(src), newer) {
				t.Errorf("%s: minified, it uses %q, which the source does not", name, newer)
			}
		}
	}
}

func TestStylesheetAndIcon(t *testing.T) {
	css, err := jihat.Theme.ReadFile("static/style.css")
	if err != nil {
		t.Fatal(err)
	}
	small, err := File("style.css", css)
	if err != nil || len(small) >= len(css) || !bytes.Contains(small, []byte(":root{")) {
		t.Errorf("style.css: %d bytes from %d, %v", len(small), len(css), err)
	}
	svg, err := jihat.Theme.ReadFile("static/favicon.svg")
	if err != nil {
		t.Fatal(err)
	}
	small, err = File("favicon.svg", svg)
	if err != nil {
		t.Fatal(err)
	}
	if err := xml.Unmarshal(small, new(struct{})); err != nil {
		t.Errorf("favicon.svg minified is not XML: %v\n%s", err, small)
	}
}

func TestOthersUntouched(t *testing.T) {
	for _, c := range []struct {
		name string
		data string
		err  bool
	}{
		{"feed.xml", "<feed>  <title>x</title> </feed>", false},
		{"notes.txt", "a   b", false},
		{"broken.js", "function ( {", true}, // published as it is
	} {
		got, err := File(c.name, []byte(c.data))
		if (err != nil) != c.err || string(got) != c.data {
			t.Errorf("%s: %q, %v", c.name, got, err)
		}
	}
}
