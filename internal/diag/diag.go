// Package diag holds the positioned problem reports that every stage of the
// pipeline returns to the editor: one "path:line:col: message" per mistake.
package diag

import (
	"fmt"
	"sort"
	"strings"
)

// Diagnostic is one problem in one file. Line and Col are 1-based; zero means
// unknown and is left out of the message.
type Diagnostic struct {
	Path string
	Line int
	Col  int
	Msg  string
}

func (d Diagnostic) Error() string {
	switch {
	case d.Path == "":
		return d.Msg
	case d.Line <= 0:
		return d.Path + ": " + d.Msg
	case d.Col <= 0:
		return fmt.Sprintf("%s:%d: %s", d.Path, d.Line, d.Msg)
	default:
		return fmt.Sprintf("%s:%d:%d: %s", d.Path, d.Line, d.Col, d.Msg)
	}
}

// List collects diagnostics; as an error it prints one per line, sorted so
// that the report is stable from run to run whatever the concurrency.
type List []Diagnostic

// Add appends a diagnostic built from a format string.
func (l *List) Add(path string, line, col int, format string, args ...any) {
	*l = append(*l, Diagnostic{Path: path, Line: line, Col: col, Msg: fmt.Sprintf(format, args...)})
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
		return a.Msg < b.Msg
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

func (l List) Error() string {
	lines := make([]string, len(l))
	for i, d := range l {
		lines[i] = d.Error()
	}
	return strings.Join(lines, "\n")
}

// Len is the number of problems.
func (l List) Len() int { return len(l) }
