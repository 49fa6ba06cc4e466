package arabic

import (
	"unicode"
	"unicode/utf8"
)

// LatinRuns returns the byte ranges of Latin-script runs in s, such as
// «INDH» or «Inezgane-Aït Melloul», so that they can be isolated in <bdi>:
// left to the bidi algorithm alone, neutral characters beside them (quotes,
// hyphens, parentheses) end up on the wrong side in right-to-left text.
// Spaces, hyphens, apostrophes, dots and digits between Latin letters stay
// inside the run.
func LatinRuns(s string) [][2]int { return latinRuns(s) }

// LatinRunsBytes is LatinRuns for bytes, such as a Markdown text segment,
// without copying them into a string.
func LatinRunsBytes(b []byte) [][2]int { return latinRuns(b) }

func latinRuns[T string | []byte](s T) [][2]int {
	var runs [][2]int
	for i := 0; i < len(s); {
		// Most text is Arabic or ASCII: skip it without decoding.
		if c := s[i]; c < utf8.RuneSelf {
			if !isASCIILetter(c) {
				i++
				continue
			}
		} else if c >= 0xD8 && c <= 0xDB && i+1 < len(s) && s[i+1]&0xC0 == 0x80 { // U+0600–U+06FF, the Arabic block
			i += 2
			continue
		}
		r, size := decodeRune(s[i:])
		if !isLatin(r) {
			i += size
			continue
		}
		start, end := i, i+size
		for j := end; j < len(s); {
			r, size := decodeRune(s[j:])
			if isLatin(r) {
				j += size
				end = j
				continue
			}
			if isLatinJoiner(r) {
				j += size
				continue
			}
			break
		}
		runs = append(runs, [2]int{start, end})
		i = end
	}
	return runs
}

func decodeRune[T string | []byte](s T) (rune, int) {
	switch v := any(s).(type) {
	case string:
		return utf8.DecodeRuneInString(v)
	case []byte:
		return utf8.DecodeRune(v)
	}
	panic("unreachable")
}

func isASCIILetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

func isLatin(r rune) bool {
	if r < utf8.RuneSelf {
		return isASCIILetter(byte(r))
	}
	return unicode.Is(unicode.Latin, r)
}

func isLatinJoiner(r rune) bool {
	return r == ' ' || r == '-' || r == '\'' || r == '’' || r == '.' || unicode.IsDigit(r)
}
