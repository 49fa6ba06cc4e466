package geo

import "encoding/binary"

// topology is the source's rings cut into arcs, each border stored once.
type topology struct {
	// arcs run from junction to junction; an arc of a ring without
	// junctions is the whole ring, closed (its last vertex is its first).
	arcs [][]vertex

	// rings lists each ring of the source as its arcs in order, numbering
	// rings by feature, then polygon, then ring.
	rings [][]arcRef
}

type arcRef struct {
	arc      int
	reversed bool // the ring runs the arc from its end to its start
}

// newTopology cuts every ring at its junctions: the vertices where it
// meets another ring, or itself, coming from or going to a different
// vertex. Between two junctions, two neighbours run through the same
// vertices, one forward and the other backward, so each such arc is
// stored once in a canonical direction and both rings refer to it.
func newTopology(src *source) *topology {
	junction := junctions(src)
	t := &topology{}
	index := make(map[string]int) // arc index by canonical vertices
	var key []byte

	add := func(arc []vertex) arcRef {
		rev := reverseIsLess(arc)
		key = key[:0]
		for i := range arc {
			v := arc[i]
			if rev {
				v = arc[len(arc)-1-i]
			}
			key = binary.LittleEndian.AppendUint64(key, uint64(v.x))
			key = binary.LittleEndian.AppendUint64(key, uint64(v.y))
		}
		i, ok := index[string(key)]
		if !ok {
			i = len(t.arcs)
			index[string(key)] = i
			stored := make([]vertex, len(arc))
			copy(stored, arc)
			if rev {
				reverse(stored)
			}
			t.arcs = append(t.arcs, stored)
		}
		return arcRef{arc: i, reversed: rev}
	}

	for _, f := range src.features {
		for _, p := range f.polygons {
			for _, r := range p {
				var cuts []int
				for i, v := range r {
					if junction[v] {
						cuts = append(cuts, i)
					}
				}
				var refs []arcRef
				if len(cuts) == 0 {
					refs = append(refs, add(closedArc(r)))
				}
				for i, start := range cuts {
					end := cuts[(i+1)%len(cuts)]
					if end <= start {
						end += len(r)
					}
					arc := make([]vertex, 0, end-start+1)
					for j := start; j <= end; j++ {
						arc = append(arc, r[j%len(r)])
					}
					refs = append(refs, add(arc))
				}
				t.rings = append(t.rings, refs)
			}
		}
	}
	return t
}

// junctions finds the vertices where rings meet with different neighbours.
func junctions(src *source) map[vertex]bool {
	type around struct{ a, b vertex } // the neighbours, a before b
	size := 0
	for _, f := range src.features {
		for _, p := range f.polygons {
			for _, r := range p {
				size += len(r)
			}
		}
	}
	seen := make(map[vertex]around, size)
	junction := make(map[vertex]bool)
	for _, f := range src.features {
		for _, p := range f.polygons {
			for _, r := range p {
				n := len(r)
				for i, v := range r {
					a, b := r[(i+n-1)%n], r[(i+1)%n]
					if b.less(a) {
						a, b = b, a
					}
					s, ok := seen[v]
					switch {
					case !ok:
						seen[v] = around{a, b}
					case s != around{a, b}:
						junction[v] = true
					}
				}
			}
		}
	}
	return junction
}

// closedArc is r as a closed arc starting at its least vertex. add then
// picks the direction, so any ring with the same vertices in the same
// cyclic order, either way round, gives the same arc.
func closedArc(r ring) []vertex {
	m := 0
	for i, v := range r {
		if v.less(r[m]) {
			m = i
		}
	}
	arc := make([]vertex, 0, len(r)+1)
	arc = append(arc, r[m:]...)
	arc = append(arc, r[:m+1]...)
	return arc
}

// reverseIsLess reports whether arc read backwards is lexicographically
// less than arc, which makes the backward reading the canonical one.
func reverseIsLess(arc []vertex) bool {
	for i, j := 0, len(arc)-1; i < j; i, j = i+1, j-1 {
		if arc[i] != arc[j] {
			return arc[j].less(arc[i])
		}
	}
	return false
}
