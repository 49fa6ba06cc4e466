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
func LatinRuns(s string) [][2]int {
	var runs [][2]int
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if !unicode.Is(unicode.Latin, r) {
			i += size
			continue
		}
		start, end := i, i+size
		for j := end; j < len(s); {
			r, size := utf8.DecodeRuneInString(s[j:])
			if unicode.Is(unicode.Latin, r) {
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

func isLatinJoiner(r rune) bool {
	return r == ' ' || r == '-' || r == '\'' || r == '’' || r == '.' || unicode.IsDigit(r)
}
