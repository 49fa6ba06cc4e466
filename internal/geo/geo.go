// Package geo is the geometry of the regions map: it reads the outline of
// Morocco's 12 regions from GeoJSON, projects it onto a flat SVG plane,
// simplifies it without opening gaps between neighbours, and returns one
// SVG path per region with a point for its label. It writes no HTML: the
// template that draws the map takes a Map and decides on the markup.
//
// Simplification keeps the topology of shared borders. Every ring is cut
// into arcs at its junctions (points where the ring meets a different
// neighbour, or itself), each arc is simplified once with the
// Douglas–Peucker algorithm, and every ring is put back together from the
// same simplified arcs, so two neighbours draw their common border with
// exactly the same points. Arcs of different borders are simplified
// independently, so at a large tolerance they might cross each other; at
// the default tolerance no two regions of the embedded map overlap
// (TestNoOverlap).
package geo

import (
	"bytes"
	_ "embed"
	"fmt"
	"io"
	"sync"
)

// Defaults of the zero Options. With whole units, a drawn point is at most
// DefaultTolerance + 0.71 units (1.7 km in Morocco) from the source
// outline: less than a pixel while the map is shown under about 800 px
// wide. The 12 regions then take about 8.4 KB of path data.
const (
	DefaultWidth     = 1000 // map units across the viewBox
	DefaultTolerance = 0.5  // map units; see Options.Tolerance
	DefaultMinArea   = 4    // square map units; see Options.MinArea
	DefaultSnap      = 1e-6 // degrees; see Options.Snap
)

// Options tune Parse. The zero value asks for the defaults.
type Options struct {
	// Width of the viewBox in map units, at most 1e6. The height follows
	// from the projection. Zero means DefaultWidth.
	Width float64

	// Tolerance of the Douglas–Peucker simplification in map units: no
	// point of the source outline lies farther than this from the drawn
	// one (before rounding). Zero means DefaultTolerance; a negative
	// value keeps every point.
	Tolerance float64

	// MinArea drops rings (islets, small holes) whose simplified area in
	// square map units is below it. A region always keeps its largest
	// ring. Zero means DefaultMinArea; a negative value drops only
	// degenerate rings.
	MinArea float64

	// Precision is the number of decimals of the coordinates in the
	// paths, from 0 (whole map units, the default) to 3.
	Precision int

	// Snap is the grid, in degrees, that longitudes and latitudes are
	// rounded to before borders are compared, so that neighbours whose
	// coordinates differ by less than about half of it still share their
	// border. It must lie between 1e-9 and 0.1. Zero means DefaultSnap.
	Snap float64
}

// Map is the projected, simplified outline of the regions. Its coordinates
// are SVG user units with the origin at the top left corner, x to the
// east and y to the south: the map is drawn as it is, never mirrored for
// a right-to-left page.
type Map struct {
	Width, Height float64 // of the viewBox "0 0 Width Height"
	Regions       []Region

	// License and Attribution are the source's top-level "license" and
	// "attribution" members. The data is under the ODbL: show the
	// attribution wherever the map is displayed.
	License, Attribution string
}

// Region is one feature of the source, keyed by its "slug" property.
type Region struct {
	Slug string

	// Path is SVG path data: one closed subpath per ring ("M…z"), with
	// relative commands. Exterior rings run clockwise on screen and holes
	// counter-clockwise, so both fill-rule="nonzero" and "evenodd" leave
	// the holes empty; evenodd is the safer choice, as rounding may make
	// a ring touch itself.
	Path string

	Label Point // inside the region's largest polygon, far from its edges
	Box   Rect  // bounds of Path
}

// Point is a position in map units.
type Point struct{ X, Y float64 }

// Rect is an axis-aligned rectangle in map units.
type Rect struct{ Min, Max Point }

// Dx is the width of r.
func (r Rect) Dx() float64 { return r.Max.X - r.Min.X }

// Dy is the height of r.
func (r Rect) Dy() float64 { return r.Max.Y - r.Min.Y }

// Region returns the region with the given slug, or nil.
func (m *Map) Region(slug string) *Region {
	for i := range m.Regions {
		if m.Regions[i].Slug == slug {
			return &m.Regions[i]
		}
	}
	return nil
}

// Parse reads a GeoJSON FeatureCollection of Polygon and MultiPolygon
// features, each with a unique "slug" property, and returns its map.
// Regions keep the order of the features.
//
// Errors name the feature by its index in the "features" array
// ("feature 3: …"); callers prefix the name of the input, as Morocco does.
// Parse never panics on bad input.
func Parse(r io.Reader, opts Options) (*Map, error) {
	if err := opts.setDefaults(); err != nil {
		return nil, err
	}
	src, err := decode(r, opts.Snap)
	if err != nil {
		return nil, err
	}
	return build(src, opts)
}

//go:embed data/morocco-regions.geojson
var moroccoGeoJSON []byte

// MoroccoTolerance simplifies the embedded map for the size the theme
// shows it at: at most 26rem (about 420 px) across, where one map unit is
// under half a pixel. The 12 regions then take about 5 KB of path data.
const MoroccoTolerance = 1.0

var morocco = sync.OnceValues(func() (*Map, error) {
	m, err := Parse(bytes.NewReader(moroccoGeoJSON), Options{Tolerance: MoroccoTolerance})
	if err != nil {
		return nil, fmt.Errorf("geo: morocco-regions.geojson: %w", err)
	}
	return m, nil
})

// Morocco returns the map of the 12 regions of Morocco (© OpenStreetMap
// contributors, ODbL 1.0) embedded in the package, parsed with
// MoroccoTolerance on the first call. The result is shared: do not modify
// it.
func Morocco() (*Map, error) { return morocco() }

func (o *Options) setDefaults() error {
	if o.Width == 0 {
		o.Width = DefaultWidth
	}
	if !(o.Width > 0 && o.Width <= 1e6) {
		return fmt.Errorf("options: width %v is not in (0, 1e6]", o.Width)
	}
	if o.Tolerance == 0 {
		o.Tolerance = DefaultTolerance
	}
	if o.Tolerance != o.Tolerance {
		return fmt.Errorf("options: tolerance is NaN")
	}
	if o.MinArea == 0 {
		o.MinArea = DefaultMinArea
	}
	if o.MinArea != o.MinArea {
		return fmt.Errorf("options: minimum area is NaN")
	}
	if o.Precision < 0 || o.Precision > 3 {
		return fmt.Errorf("options: precision %d is not in 0…3", o.Precision)
	}
	if o.Snap == 0 {
		o.Snap = DefaultSnap
	}
	if !(o.Snap >= 1e-9 && o.Snap <= 0.1) {
		return fmt.Errorf("options: snap %v is not in [1e-9, 0.1]", o.Snap)
	}
	return nil
}
