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
		scan, unclosed := linkScan(line)
		if scan > maxLinkScan {
			problems.Add(path, firstLine+n, 0, "the line is %d characters long and %d of its links (\"](\") do not close before the next one: reading their addresses would take too long; close each link with \")\" or remove the stray brackets", len(line), unclosed)
			return problems
		}
		if total += scan; total > maxBodyLinkScan {
			problems.Add(path, firstLine+n, 0, "the article has too many links (\"](\") that do not close, on long lines, up to this one: reading their addresses would take too long; close each link with \")\" or remove the stray brackets")
			return problems
		}
	}
	return nil
}

// linkScan bounds what the parser reads for the addresses of a line's
// links: a link whose address ends (as the parser reads it) before the next
// "](" costs its own length, and one that runs on, the rest of the line.
// Each byte is looked at once.
func linkScan(line []byte) (scan, unclosed int) {
	opening := []byte("](")
	p := bytes.Index(line, opening)
	for p >= 0 {
		start := p + 2
		end, next := len(line), bytes.Index(line[start:], opening)
		if next >= 0 {
			end = start + next
		}
		if addressEnds(line[start:end]) {
			scan += end - start
		} else {
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

// addressEnds reports whether the parser's reading of a link address that
// starts seg ends within it: at ">" for "<…>", else at a space or a ")"
// that closes none opened.
func addressEnds(seg []byte) bool {
	i := 0
	for i < len(seg) && (seg[i] == ' ' || seg[i] == '\t') {
		i++
	}
	if i == len(seg) {
		return false
	}
	angle, opened := seg[i] == '<', 0
	for ; i < len(seg); i++ {
		switch c := seg[i]; {
		case c == '\\':
			i++ // an escaped character does not end it
		case angle:
			if c == '>' {
				return true
			}
		case c == '(':
			opened++
		case c == ')':
			if opened--; opened < 0 {
				return true
			}
		case c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f':
			return true
		}
	}
	return false
}

// nesting is the width of the line's leading block markers: indentation,
// quote marks, and list markers ("-", "*", "+", "1.", "1)") followed by a
// space. A thematic break or a long number is no marker.
func nesting(line []byte) int {
	i := 0
	for i < len(line) {
		switch c := line[i]; {
		case c == ' ' || c == '\t' || c == '>':
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
				continue
			}
			return i
		default:
			return i
		}
	}
	return i
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
