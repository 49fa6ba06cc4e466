package geo

import (
	"fmt"
	"math"
)

// build projects, simplifies and assembles the map of src.
func build(src *source, opts Options) (*Map, error) {
	proj, err := newProjection(src, opts.Width)
	if err != nil {
		return nil, err
	}
	topo := newTopology(src)

	// Each arc is simplified and rounded once; rings share the result.
	scale := math.Pow10(opts.Precision)
	arcs := make([][]ipoint, len(topo.arcs))
	for i, arc := range topo.arcs {
		arcs[i] = roundArc(simplify(proj.arc(arc), opts.Tolerance), scale)
	}

	m := &Map{
		Width:       opts.Width,
		Height:      math.Ceil(proj.height*scale) / scale,
		License:     src.license,
		Attribution: src.attribution,
	}
	next := 0 // number of the first ring of the current feature
	for i, f := range src.features {
		first := next
		for _, p := range f.polygons {
			next += len(p)
		}
		refs := topo.rings[first:next]
		polygons := assemble(f, arcs, refs, opts.MinArea*scale*scale)
		if len(polygons) == 0 {
			// Never drop a region: keep its largest polygon, or failing
			// that its largest exterior unsimplified.
			polygons = largest(assemble(f, arcs, refs, 0))
		}
		if len(polygons) == 0 {
			polygons = fallback(f, proj, scale)
		}
		if len(polygons) == 0 {
			return nil, fmt.Errorf("feature %d: %s: too small to draw %v units wide", i, f.slug, opts.Width)
		}
		m.Regions = append(m.Regions, region(f.slug, polygons, opts, scale))
	}
	return m, nil
}

// ipoint is a rounded point of the map in units of 10^-Precision.
type ipoint struct{ x, y int64 }

func roundArc(pts []Point, scale float64) []ipoint {
	out := make([]ipoint, 0, len(pts))
	for _, p := range pts {
		q := ipoint{int64(math.Round(p.X * scale)), int64(math.Round(p.Y * scale))}
		n := len(out)
		switch {
		case n > 0 && out[n-1] == q:
			// repeated; the first point always stays, and so does the
			// last, as a copy equal to it is already there
		case n > 1 && out[n-2] == q:
			out = out[:n-1] // a spike made by rounding
		default:
			out = append(out, q)
		}
	}
	return out
}

// assemble rebuilds the rings of f from the simplified arcs, and drops
// rings that became degenerate or smaller than minArea (in square units of
// ipoint), with the holes of a dropped exterior. Exteriors come out
// clockwise on screen, holes counter-clockwise.
func assemble(f feature, arcs [][]ipoint, refs [][]arcRef, minArea float64) [][][]ipoint {
	var polygons [][][]ipoint
	k := 0
	for _, p := range f.polygons {
		var rings [][]ipoint
		for j := range p {
			r := clean(ringFromArcs(arcs, refs[k+j]))
			a := area2(r) / 2
			if len(r) < 3 || a == 0 || math.Abs(a) < minArea {
				if j == 0 {
					break
				}
				continue
			}
			if (j == 0) != (a > 0) {
				reverse(r)
			}
			rings = append(rings, r)
		}
		k += len(p)
		if len(rings) > 0 {
			polygons = append(polygons, rings)
		}
	}
	return polygons
}

func ringFromArcs(arcs [][]ipoint, refs []arcRef) []ipoint {
	var r []ipoint
	for _, ref := range refs {
		a := arcs[ref.arc]
		if ref.reversed {
			for i := len(a) - 1; i > 0; i-- {
				r = append(r, a[i])
			}
		} else {
			r = append(r, a[:len(a)-1]...)
		}
	}
	return r
}

// largest returns the polygon with the largest exterior, if any.
func largest(polygons [][][]ipoint) [][][]ipoint {
	var best [][][]ipoint
	bestArea := 0.0
	for _, p := range polygons {
		if a := area2(p[0]); a > bestArea {
			best, bestArea = [][][]ipoint{p}, a
		}
	}
	return best
}

// fallback is the exterior of the largest polygon of f, rounded but not
// simplified, for a region that simplification reduced to lines. Its
// borders no longer match its neighbours', but it is drawn.
func fallback(f feature, proj *projection, scale float64) [][][]ipoint {
	var best []ipoint
	bestArea := 0.0
	for _, p := range f.polygons {
		var pts []Point
		for _, v := range p[0] {
			pts = append(pts, proj.point(v))
		}
		pts = append(pts, pts[0])
		r := clean(roundArc(pts, scale))
		if a := math.Abs(area2(r)); len(r) >= 3 && a > bestArea {
			best, bestArea = r, a
		}
	}
	if best == nil {
		return nil
	}
	if area2(best) < 0 {
		reverse(best)
	}
	return [][][]ipoint{{best}}
}

// region makes the Region of the assembled polygons of a feature.
func region(slug string, polygons [][][]ipoint, opts Options, scale float64) Region {
	r := Region{Slug: slug, Path: pathData(polygons, opts.Precision)}

	first := true
	var largest [][]ipoint
	largestArea := math.Inf(-1)
	for _, p := range polygons {
		a := 0.0
		for _, ring := range p {
			a += area2(ring) // holes are negative
			for _, q := range ring {
				pt := Point{float64(q.x) / scale, float64(q.y) / scale}
				if first {
					r.Box = Rect{pt, pt}
					first = false
				}
				r.Box.Min.X = math.Min(r.Box.Min.X, pt.X)
				r.Box.Min.Y = math.Min(r.Box.Min.Y, pt.Y)
				r.Box.Max.X = math.Max(r.Box.Max.X, pt.X)
				r.Box.Max.Y = math.Max(r.Box.Max.Y, pt.Y)
			}
		}
		if a > largestArea {
			largest, largestArea = p, a
		}
	}

	rings := make([][]Point, len(largest))
	for i, ring := range largest {
		for _, q := range ring {
			rings[i] = append(rings[i], Point{float64(q.x) / scale, float64(q.y) / scale})
		}
	}
	label := poleOfInaccessibility(rings, opts.Width/2000)
	// One decimal more than the paths keeps the label off their grid.
	ls := scale * 10
	r.Label = Point{math.Round(label.X*ls) / ls, math.Round(label.Y*ls) / ls}
	return r
}

// area2 is twice the signed area of r, positive when r runs clockwise on
// screen (y down).
func area2(r []ipoint) float64 {
	s := 0.0
	for i, p := range r {
		q := r[(i+1)%len(r)]
		s += float64(p.x)*float64(q.y) - float64(q.x)*float64(p.y)
	}
	return s
}

func reverse[T any](s []T) {
	for i, j := 0, len(s)-1; i < j; i, j = i+1, j-1 {
		s[i], s[j] = s[j], s[i]
	}
}

// projection is an equirectangular projection whose standard parallel is
// the middle latitude of the source: at Morocco's 21°–36° N, lengths are
// true within 13% everywhere, and it keeps north up with straight
// meridians. x grows to the east and y to the south, as in SVG.
type projection struct {
	min    vertex  // west and south bounds
	maxY   int64   // north bound
	kx, ky float64 // map units per vertex unit
	height float64
}

func newProjection(src *source, width float64) (*projection, error) {
	lo := src.features[0].polygons[0][0][0]
	hi := lo
	for _, f := range src.features {
		for _, p := range f.polygons {
			for _, r := range p {
				for _, v := range r {
					lo.x, lo.y = min(lo.x, v.x), min(lo.y, v.y)
					hi.x, hi.y = max(hi.x, v.x), max(hi.y, v.y)
				}
			}
		}
	}
	if hi.x == lo.x || hi.y == lo.y {
		return nil, fmt.Errorf("the features span no width or no height")
	}
	midLat := (float64(lo.y) + float64(hi.y)) / 2 * src.snap
	cos := math.Max(math.Cos(midLat*math.Pi/180), 0.05) // poles: a bound, not a map
	k := width / (float64(hi.x-lo.x) * cos)
	p := &projection{
		min:    lo,
		maxY:   hi.y,
		kx:     k * cos,
		ky:     k,
		height: float64(hi.y-lo.y) * k,
	}
	if p.height > 1000*width {
		return nil, fmt.Errorf("the features are more than 1000 times taller than wide")
	}
	return p, nil
}

func (p *projection) point(v vertex) Point {
	return Point{float64(v.x-p.min.x) * p.kx, float64(p.maxY-v.y) * p.ky}
}

func (p *projection) arc(vs []vertex) []Point {
	pts := make([]Point, len(vs))
	for i, v := range vs {
		pts[i] = p.point(v)
	}
	return pts
}
