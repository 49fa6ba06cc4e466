package locale

import (
	"bytes"
	"encoding/binary"
	"os"
	"strings"
	"testing"
)

// The Tifinagh font for Amazigh pages, in the theme's static/fonts (see
// its README.md).
const (
	fontPath = "../../static/fonts/noto-sans-tifinagh.woff2"
	oflPath  = "../../static/fonts/OFL.txt"
)

// TestTifinaghFontFile checks the WOFF2 header (the browser test checks it
// loads) and that the licence the OFL asks for travels with it.
func TestTifinaghFontFile(t *testing.T) {
	font, err := os.ReadFile(fontPath)
	if err != nil {
		t.Fatal(err)
	}
	// WOFF2 header: signature, flavor, then the whole file's length.
	if len(font) < 48 || string(font[:4]) != "wOF2" {
		t.Fatalf("%s is not WOFF2", fontPath)
	}
	if flavor := binary.BigEndian.Uint32(font[4:]); flavor != 0x00010000 {
		t.Errorf("flavor %#x, want TrueType outlines (0x00010000)", flavor)
	}
	if n := binary.BigEndian.Uint32(font[8:]); int(n) != len(font) {
		t.Errorf("header says %d bytes, the file has %d", n, len(font))
	}
	// Every Amazigh page pays for it: a subset of one script stays small.
	if len(font) > 12*1024 {
		t.Errorf("%s is %d bytes: more than the Tifinagh subset's 9 KB, was it made from the whole font?", fontPath, len(font))
	}
	ofl, err := os.ReadFile(oflPath)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"Copyright 2019 Google Inc. All Rights Reserved.", // the font's name ID 0
		"SIL OPEN FONT LICENSE Version 1.1 - 26 February 2007",
		"OTHER DEALINGS IN THE FONT SOFTWARE.",
	} {
		if !bytes.Contains(ofl, []byte(want)) {
			t.Errorf("%s lacks %q", oflPath, want)
		}
	}
	// No "Reserved Font Name" after the copyright: a subset may keep the
	// name Noto Sans Tifinagh (OFL condition 3).
	head, _, _ := strings.Cut(string(ofl), "-----")
	if strings.Contains(head, "Reserved Font Name") {
		t.Errorf("%s reserves a font name: the subset must then be renamed", oflPath)
	}
}
