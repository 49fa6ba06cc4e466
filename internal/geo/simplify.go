package geo

// simplify is the Douglas–Peucker algorithm: it keeps the end points of pts
// and, between two kept points, the point farthest from the segment that
// joins them, while that distance exceeds tol. A negative tol keeps every
// point. Equal end points (a closed arc) make the distance that to the
// end point.
func simplify(pts []Point, tol float64) []Point {
	if tol < 0 || len(pts) < 3 {
		return pts
	}
	keep := make([]bool, len(pts))
	keep[0], keep[len(pts)-1] = true, true
	tol2 := tol * tol
	stack := [][2]int{{0, len(pts) - 1}}
	for len(stack) > 0 {
		a, b := stack[len(stack)-1][0], stack[len(stack)-1][1]
		stack = stack[:len(stack)-1]
		far, farthest := tol2, -1
		for i := a + 1; i < b; i++ {
			if d := segmentDist2(pts[i], pts[a], pts[b]); d > far {
				far, farthest = d, i
			}
		}
		if farthest >= 0 {
			keep[farthest] = true
			stack = append(stack, [2]int{a, farthest}, [2]int{farthest, b})
		}
	}
	var out []Point
	for i, k := range keep {
		if k {
			out = append(out, pts[i])
		}
	}
	return out
}

// segmentDist2 is the squared distance from p to the segment ab.
func segmentDist2(p, a, b Point) float64 {
	x, y := a.X, a.Y
	dx, dy := b.X-x, b.Y-y
	if dx != 0 || dy != 0 {
		t := ((p.X-x)*dx + (p.Y-y)*dy) / (dx*dx + dy*dy)
		switch {
		case t > 1:
			x, y = b.X, b.Y
		case t > 0:
			x, y = x+dx*t, y+dy*t
		}
	}
	dx, dy = p.X-x, p.Y-y
	return dx*dx + dy*dy
}
