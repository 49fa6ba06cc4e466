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
func NextUnprintable[T string | []byte](b T) (int, rune, int) {
	i := 0
	// Eight bytes at a time while none may start one: an article's text
	// is mostly Arabic letters (lead bytes 0xD8–0xDB) and ASCII.
	for ; i+8 <= len(b); i += 8 {
		w := uint64(b[i]) | uint64(b[i+1])<<8 | uint64(b[i+2])<<16 | uint64(b[i+3])<<24 |
			uint64(b[i+4])<<32 | uint64(b[i+5])<<40 | uint64(b[i+6])<<48 | uint64(b[i+7])<<56
		if lessThan(w, 0x20)|hasByte(w, 0x7F)|hasByte(w, 0xC2)|hasByte(w, 0xEF)|hasByte(w&(ones*0xF0), 0xF0) != 0 {
			break
		}
	}
	for ; i < len(b); i++ {
		c := b[i]
		if !unprintableLead[c] {
			continue
		}
		if c < utf8.RuneSelf {
			return i, rune(c), 1
		}
		var head [utf8.UTFMax]byte
		r, size := utf8.DecodeRune(head[:copy(head[:], b[i:])])
		if size > 1 && Unprintable(r) {
			return i, r, size
		}
	}
	return -1, 0, 0
}

const ones = 0x0101010101010101

// lessThan is non-zero when a byte of w is below n (n ≤ 128): the
// classic test from "Bit Twiddling Hacks".
func lessThan(w, n uint64) uint64 { return (w - ones*n) &^ w & (ones * 0x80) }

// hasByte is non-zero when a byte of w is c.
func hasByte(w, c uint64) uint64 { return lessThan(w^(ones*c), 1) }

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
