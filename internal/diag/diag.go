// Package diag holds the positioned problem reports that every stage of the
// pipeline returns to the editor: one "path:line:col: message" per mistake.
package diag

import (
	"fmt"
	"sort"
	"strings"

	"github.com/jihat/jihat/internal/msg"
)

// Diagnostic is one problem in one file. Line and Col are 1-based; zero means
// unknown and is left out of the message.
type Diagnostic struct {
	Path string
	Line int
	Col  int
	Msg  msg.Message
}

// At returns the diagnostic of a message at path:line:col.
func At(path string, line, col int, format string, args ...any) Diagnostic {
	return Diagnostic{Path: path, Line: line, Col: col, Msg: msg.New(format, args...)}
}

func (d Diagnostic) Error() string { return d.Localize(nil) }

// Localize writes the diagnostic in c's language; the position is written
// the same in every language, for editors and their tools to follow.
func (d Diagnostic) Localize(c *msg.Catalog) string {
	text := d.Msg.Localize(c)
	switch {
	case d.Path == "":
		return text
	case d.Line <= 0:
		return d.Path + ": " + text
	case d.Col <= 0:
		return fmt.Sprintf("%s:%d: %s", d.Path, d.Line, text)
	default:
		return fmt.Sprintf("%s:%d:%d: %s", d.Path, d.Line, d.Col, text)
	}
}

// List collects diagnostics; as an error it prints one per line, sorted so
// that the report is stable from run to run whatever the concurrency.
type List []Diagnostic

// Add appends a diagnostic built from a format string.
func (l *List) Add(path string, line, col int, format string, args ...any) {
	*l = append(*l, At(path, line, col, format, args...))
}

// Append adds diagnostics from another list.
func (l *List) Append(other List) { *l = append(*l, other...) }

// Sort orders by path, line, column, then message.
func (l List) Sort() {
	sort.SliceStable(l, func(i, j int) bool {
		a, b := l[i], l[j]
		if a.Path != b.Path {
			return a.Path < b.Path
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Col != b.Col {
			return a.Col < b.Col
		}
		return a.Msg.String() < b.Msg.String()
	})
}

// Err returns nil when the list is empty, so callers can `return list.Err()`.
func (l List) Err() error {
	if len(l) == 0 {
		return nil
	}
	l.Sort()
	return l
}

func (l List) Error() string { return l.Localize(nil) }

// Localize writes the list in c's language, one problem a line.
func (l List) Localize(c *msg.Catalog) string {
	lines := make([]string, len(l))
	for i, d := range l {
		lines[i] = d.Localize(c)
	}
	return strings.Join(lines, "\n")
}

// Len is the number of problems.
func (l List) Len() int { return len(l) }
