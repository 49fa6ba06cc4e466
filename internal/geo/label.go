package geo

import (
	"container/heap"
	"math"
)

// poleOfInaccessibility returns the point inside the polygon (an exterior
// ring and its holes) that is farthest from its edges, to within
// precision: the "polylabel" search of Mapbox, which splits the bounding
// box into square cells and refines the cells that may still hold a
// farther point. The best place for a label on a region shaped like a
// crescent, where the centroid may fall outside.
func poleOfInaccessibility(rings [][]Point, precision float64) Point {
	box := Rect{rings[0][0], rings[0][0]}
	for _, p := range rings[0] {
		box.Min.X, box.Min.Y = min(box.Min.X, p.X), min(box.Min.Y, p.Y)
		box.Max.X, box.Max.Y = max(box.Max.X, p.X), max(box.Max.Y, p.Y)
	}
	w, h := box.Dx(), box.Dy()
	size := max(min(w, h), max(w, h)/64) // at most 64 cells along the long side
	if size == 0 {
		return box.Min
	}

	var queue cellQueue
	for x := box.Min.X; x < box.Max.X; x += size {
		for y := box.Min.Y; y < box.Max.Y; y += size {
			heap.Push(&queue, newCell(x+size/2, y+size/2, size/2, rings))
		}
	}
	best := newCell(box.Min.X+w/2, box.Min.Y+h/2, 0, rings)
	if c := newCell(centroid(rings[0]).X, centroid(rings[0]).Y, 0, rings); c.d > best.d {
		best = c
	}

	for n := 0; queue.Len() > 0 && n < 10000; n++ {
		c := heap.Pop(&queue).(cell)
		if c.d > best.d {
			best = c
		}
		if c.max-best.d <= precision {
			continue
		}
		h := c.h / 2
		heap.Push(&queue, newCell(c.x-h, c.y-h, h, rings))
		heap.Push(&queue, newCell(c.x+h, c.y-h, h, rings))
		heap.Push(&queue, newCell(c.x-h, c.y+h, h, rings))
		heap.Push(&queue, newCell(c.x+h, c.y+h, h, rings))
	}
	return Point{best.x, best.y}
}

// A cell is a square of half-side h centred on x, y.
type cell struct {
	x, y, h float64
	d       float64 // signed distance from the centre to the polygon's edge, > 0 inside
	max     float64 // the most any point of the cell can have
}

func newCell(x, y, h float64, rings [][]Point) cell {
	d := signedDistance(Point{x, y}, rings)
	return cell{x: x, y: y, h: h, d: d, max: d + h*math.Sqrt2}
}

// cellQueue is a max-heap of cells by their potential.
type cellQueue []cell

func (q cellQueue) Len() int           { return len(q) }
func (q cellQueue) Less(i, j int) bool { return q[i].max > q[j].max }
func (q cellQueue) Swap(i, j int)      { q[i], q[j] = q[j], q[i] }
func (q *cellQueue) Push(x any)        { *q = append(*q, x.(cell)) }
func (q *cellQueue) Pop() any {
	old := *q
	c := old[len(old)-1]
	*q = old[:len(old)-1]
	return c
}

// signedDistance is the distance from p to the nearest edge of the rings,
// positive if p is inside them by the even-odd rule.
func signedDistance(p Point, rings [][]Point) float64 {
	inside := false
	d2 := math.Inf(1)
	for _, r := range rings {
		for i, a := range r {
			b := r[(i+1)%len(r)]
			if (a.Y > p.Y) != (b.Y > p.Y) && p.X < (b.X-a.X)*(p.Y-a.Y)/(b.Y-a.Y)+a.X {
				inside = !inside
			}
			d2 = min(d2, segmentDist2(p, a, b))
		}
	}
	if inside {
		return math.Sqrt(d2)
	}
	return -math.Sqrt(d2)
}

// centroid is the centre of mass of the ring, or its first point if it has
// no area.
func centroid(r []Point) Point {
	var x, y, a float64
	for i, p := range r {
		q := r[(i+1)%len(r)]
		f := p.X*q.Y - q.X*p.Y
		x += (p.X + q.X) * f
		y += (p.Y + q.Y) * f
		a += f * 3
	}
	if a == 0 {
		return r[0]
	}
	return Point{x / a, y / a}
}
