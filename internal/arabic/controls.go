package arabic

import (
	"fmt"
	"unicode/utf8"
)

// Unprintable reports characters that a web page or a feed cannot hold:
// control characters other than tab, line feed and carriage return (HTML
// calls them parse errors, XML forbids most of them outright) and Unicode's
// noncharacters (U+FDD0–U+FDEF and the last two code points of every
// plane, U+FFFE and U+FFFF among them).
func Unprintable(r rune) bool {
	switch {
	case r < 0x20:
		return r != '\t' && r != '\n' && r != '\r'
	case r < 0x7F:
		return false
	case r <= 0x9F:
		return true // DEL and the C1 controls
	}
	return r >= 0xFDD0 && r <= 0xFDEF || r&0xFFFE == 0xFFFE
}

// unprintableLead marks the bytes that may start an unprintable character
// in UTF-8: the controls themselves, and the lead bytes of C1 controls
// (0xC2) and noncharacters (0xEF, 0xF0–0xF4). Every other byte is skipped
// without decoding, so a scan costs about as much as utf8.Valid.
var unprintableLead = func() (t [256]bool) {
	for b := range 0x20 {
		t[b] = b != '\t' && b != '\n' && b != '\r'
	}
	t[0x7F], t[0xC2], t[0xEF] = true, true, true
	for b := 0xF0; b <= 0xF4; b++ {
		t[b] = true
	}
	return t
}()

// NextUnprintable returns the offset, the character and its size of the
// first unprintable character in b, or -1. Invalid UTF-8 is not reported
// here.
func NextUnprintable(b []byte) (int, rune, int) {
	for i := 0; i < len(b); i++ {
		c := b[i]
		if !unprintableLead[c] {
			continue
		}
		if c < utf8.RuneSelf {
			return i, rune(c), 1
		}
		r, size := utf8.DecodeRune(b[i:])
		if size > 1 && Unprintable(r) {
			return i, r, size
		}
	}
	return -1, 0, 0
}

// DescribeUnprintable names an unprintable character for an editor, who
// cannot see it: its code point and what it is.
func DescribeUnprintable(r rune) string {
	switch {
	case r == 0:
		return "U+0000 (NUL)"
	case r < 0x20 || (r >= 0x7F && r <= 0x9F):
		return fmt.Sprintf("U+%04X (a control character)", r)
	default:
		return fmt.Sprintf("U+%04X (a noncharacter)", r)
	}
}
