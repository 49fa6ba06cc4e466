package markdown

import (
	"strconv"

	"github.com/yuin/goldmark/ast"

	"github.com/jihat/jihat/internal/arabic"
)

// arabicIDs replaces goldmark's heading IDs, which keep only ASCII and turn
// an Arabic heading into "--". It uses the same slug rule as page URLs and
// numbers repeats (-2, -3) so anchors are unique per page.
type arabicIDs struct {
	used map[string]bool
}

// reset forgets the last body's IDs, keeping the map's memory: a
// Converter makes one body after another.
func (s *arabicIDs) reset() {
	if s.used == nil {
		s.used = map[string]bool{}
	}
	clear(s.used)
}

func (s *arabicIDs) Generate(value []byte, _ ast.NodeKind) []byte {
	base := arabic.Slug(string(value))
	if base == "" {
		base = "section"
	}
	// Footnote anchors are "fn:1"/"fnref:1": ours never contain ":".
	id := base
	for n := 2; s.used[id]; n++ {
		id = base + "-" + strconv.Itoa(n)
	}
	s.used[id] = true
	return []byte(id)
}

func (s *arabicIDs) Put(value []byte) { s.used[string(value)] = true }
