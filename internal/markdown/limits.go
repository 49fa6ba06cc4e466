package markdown

import (
	"bytes"
	"strconv"
	"strings"

	"github.com/jihat/jihat/internal/diag"
)

// The limits bound the time a body takes to convert, whatever is in it:
// goldmark's parser is quadratic on some inputs no editor writes but a
// paste gone wrong or a hostile contribution can. Each is far above what
// an article needs (see the README, "Limits").
const (
	// MaxBodyBytes is the largest body converted: a long article with
	// tables is some tens of KB.
	MaxBodyBytes = 1 << 20
	// maxLinkScan bounds, for one line, what the parser reads looking for
	// link addresses: after each "](" it reads on to a space or a ")",
	// and a line of links that never close makes that quadratic. Links
	// that close cost their own length.
	maxLinkScan = 4_000_000
	// maxBodyLinkScan bounds the same over the whole body.
	maxBodyLinkScan = 40_000_000
	// MaxNesting bounds the characters of quote marks, list markers and
	// indentation a line starts with, and so how deep blocks nest: the
	// parser revisits every open block on each line.
	MaxNesting = 256
	// maxDefinitionRun bounds link definitions ("[name]: address") on
	// consecutive lines: the parser takes each out of its paragraph by
	// copying the rest of it.
	maxDefinitionRun = 1000
)

// checkLimits reports the first limit the body exceeds, at its line.
func checkLimits(path string, firstLine int, body []byte) diag.List {
	var problems diag.List
	if len(body) > MaxBodyBytes {
		problems.Add(path, firstLine, 0, "the article's body is %s: Jihat converts bodies of up to %s; split it into several articles", size(len(body)), size(MaxBodyBytes))
		return problems
	}
	total, definitions := 0, 0
	for n, rest := 0, body; len(rest) > 0; n++ {
		remaining := len(rest) // from the line's start to the body's end
		line := rest
		if i := bytes.IndexByte(rest, '\n'); i >= 0 {
			line, rest = rest[:i], rest[i+1:]
		} else {
			rest = nil
		}
		if w := nesting(line); w > MaxNesting {
			problems.Add(path, firstLine+n, 1, "the line begins with %d characters of quote marks (>), list markers and indentation: Jihat allows %d, as lists and quotes never nest that deep; remove the stray marks", w, MaxNesting)
			return problems
		}
		if definitions = definitions + 1; !isDefinition(line) {
			definitions = 0
		} else if definitions > maxDefinitionRun {
			problems.Add(path, firstLine+n, 1, "more than %d link definitions ([name]: address) follow one another up to this line: leave a blank line between groups of them", maxDefinitionRun)
			return problems
		}
		scan, unclosed := linkScan(line, remaining)
		if scan > maxLinkScan {
			problems.Add(path, firstLine+n, 0, "the line is %d characters long and %d of its links (\"](\") do not close before the next one: reading their addresses would take too long; close each link with \")\" or remove the stray brackets", len(line), unclosed)
			return problems
		}
		if total += scan; total > maxBodyLinkScan {
			problems.Add(path, firstLine+n, 0, "the article has too many links (\"](\") whose address or title does not close, up to this line: reading them would take too long; close each link with \")\" (and its title with its quote) or remove the stray brackets")
			return problems
		}
	}
	return nil
}

// linkScan bounds what the parser reads for the addresses of a line's
// links: a link whose address ends (as the parser reads it) before the next
// "](" costs its own length, and one that runs on, the rest of the line; a
// title that opens after the address and does not close on the line may
// run on over the next lines, and costs the rest of the body (remaining,
// counted from the line's start). Each byte is looked at once.
func linkScan(line []byte, remaining int) (scan, unclosed int) {
	opening := []byte("](")
	p := bytes.Index(line, opening)
	for p >= 0 {
		start := p + 2
		end, next := len(line), bytes.Index(line[start:], opening)
		if next >= 0 {
			end = start + next
		}
		switch addressEnds(line[start:end]) {
		case ended:
			scan += end - start
		case titleOpen:
			scan += remaining - start
			unclosed++
		default:
			scan += len(line) - start
			unclosed++
		}
		if next < 0 {
			break
		}
		p = end
	}
	return scan, unclosed
}

// How the parser's reading of a link address ends.
const (
	runsOn    = iota // not within the segment
	ended            // within it
	titleOpen        // at a space, then a title opens that does not close in it
)

// addressEnds says how the parser's reading of a link address that starts
// seg ends: at ">" for "<…>", else at a ")" that closes none opened, or at
// a space, after which a title may open (', " or ().
func addressEnds(seg []byte) int {
	i := skipBlanks(seg, 0)
	if i == len(seg) {
		return runsOn
	}
	angle, opened := seg[i] == '<', 0
	for ; i < len(seg); i++ {
		switch c := seg[i]; {
		case c == '\\':
			i++ // an escaped character does not end it
		case angle:
			if c == '>' {
				return afterAddress(seg, i+1)
			}
		case c == '(':
			opened++
		case c == ')':
			if opened--; opened < 0 {
				return ended
			}
		case c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f':
			return afterAddress(seg, i)
		}
	}
	return runsOn
}

// afterAddress looks past an address ending at i for a title that opens
// and does not close within seg.
func afterAddress(seg []byte, i int) int {
	i = skipBlanks(seg, i)
	if i == len(seg) {
		return ended
	}
	closer := seg[i]
	switch closer {
	case '"', '\'':
	case '(':
		closer = ')'
	default:
		return ended
	}
	for j := i + 1; j < len(seg); j++ {
		switch seg[j] {
		case '\\':
			j++
		case closer:
			return ended
		}
	}
	return titleOpen
}

func skipBlanks(seg []byte, i int) int {
	for i < len(seg) && (seg[i] == ' ' || seg[i] == '\t') {
		i++
	}
	return i
}

// nesting is the width of the line's leading block markers, up to the end
// of the last: quote marks, and list markers ("-", "*", "+", "1.", "1)")
// followed by a space, with the indentation between them. Indentation
// alone (a blank line of spaces, code), a thematic break or a long number
// is no marker.
func nesting(line []byte) int {
	if thematicBreak(line) {
		return 0
	}
	i, last := 0, 0
	for i < len(line) {
		switch c := line[i]; {
		case c == ' ' || c == '\t':
			i++
			continue
		case c == '>':
			i++
		case (c == '-' || c == '*' || c == '+') && spaceAt(line, i+1):
			i += 2
		case c >= '0' && c <= '9':
			j := i
			for j < len(line) && j-i < 9 && line[j] >= '0' && line[j] <= '9' {
				j++
			}
			if j < len(line) && (line[j] == '.' || line[j] == ')') && spaceAt(line, j+1) {
				i = j + 2
				break
			}
			return last
		default:
			return last
		}
		last = i
	}
	return last
}

// thematicBreak reports a line of three or more of one of "-", "*", "_",
// with spaces between: a rule, not markers.
func thematicBreak(line []byte) bool {
	var mark byte
	n := 0
	for _, c := range line {
		switch {
		case c == ' ' || c == '\t':
		case (c == '-' || c == '*' || c == '_') && (mark == 0 || c == mark):
			mark = c
			n++
		default:
			return false
		}
	}
	return n >= 3
}

// isDefinition reports a line that may be a link definition: "[", up to
// three spaces in, and "]:" after it.
func isDefinition(line []byte) bool {
	i := 0
	for i < 3 && i < len(line) && line[i] == ' ' {
		i++
	}
	return i < len(line) && line[i] == '[' && bytes.Contains(line[i:], []byte("]:"))
}

func spaceAt(line []byte, i int) bool {
	return i < len(line) && (line[i] == ' ' || line[i] == '\t')
}

// size is n bytes for an editor to read.
func size(n int) string {
	if n >= 1<<20 {
		return strings.TrimSuffix(strconv.FormatFloat(float64(n)/(1<<20), 'f', 1, 64), ".0") + " MB"
	}
	return strconv.Itoa((n+1023)/1024) + " KB"
}
