package geo

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// parseFile parses a file of testdata.
func parseFile(t testing.TB, name string, opts Options) *Map {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	m, err := Parse(f, opts)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return m
}

// inputs are the maps the geometric tests run on: the hand-made fixture
// and the embedded map of Morocco.
func inputs(t *testing.T) []struct {
	name string
	m    *Map
	ref  *Map // the same input neither simplified nor rounded to units
} {
	t.Helper()
	exact := Options{Tolerance: -1, MinArea: -1, Precision: 3}
	morocco, err := Morocco()
	if err != nil {
		t.Fatal(err)
	}
	moroccoRef, err := Parse(bytes.NewReader(moroccoGeoJSON), exact)
	if err != nil {
		t.Fatal(err)
	}
	return []struct {
		name string
		m    *Map
		ref  *Map
	}{
		{"three.geojson", parseFile(t, "three.geojson", Options{}), parseFile(t, "three.geojson", exact)},
		{"morocco-regions.geojson", morocco, moroccoRef},
	}
}

func TestGolden(t *testing.T) {
	tests := []struct {
		input, golden string
		opts          Options
	}{
		{"three.geojson", "three.golden.json", Options{}},
		{"three.geojson", "three-precision-1.golden.json", Options{Precision: 1, Tolerance: 0.2, Width: 500}},
	}
	for _, tt := range tests {
		t.Run(tt.golden, func(t *testing.T) {
			m := parseFile(t, tt.input, tt.opts)
			got, err := json.MarshalIndent(m, "", "\t")
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, '\n')
			golden := filepath.Join("testdata", tt.golden)
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update to write it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s differs from %s:\n%s", tt.input, golden, got)
			}
		})
	}
}

// TestFixture checks what the golden file shows: the hole is kept, the
// islet dropped, the island kept, and the regions share their borders.
func TestFixture(t *testing.T) {
	m := parseFile(t, "three.geojson", Options{})
	subpaths := map[string]int{"alpha": 2, "beta": 1, "gamma": 2}
	for _, r := range m.Regions {
		rings, err := parsePath(r.Path)
		if err != nil {
			t.Fatalf("%s: %v", r.Slug, err)
		}
		if len(rings) != subpaths[r.Slug] {
			t.Errorf("%s: %d rings, want %d", r.Slug, len(rings), subpaths[r.Slug])
		}
	}
	shared := sharedEdges(t, m)
	for _, pair := range [][2]string{{"alpha", "beta"}, {"alpha", "gamma"}, {"beta", "gamma"}} {
		if shared[pair] == 0 {
			t.Errorf("%s and %s share no edge", pair[0], pair[1])
		}
	}
}

// TestSharedBorders checks that no border opens into a gap: every edge
// drawn by one region only must lie on the outline of the whole map (the
// edges that the unsimplified map draws once), within the tolerance and
// the rounding. Neighbours simplified each on its own would each draw
// their common border once, away from that outline. The edges drawn twice
// must be drawn running opposite ways.
func TestSharedBorders(t *testing.T) {
	for _, in := range inputs(t) {
		t.Run(in.name, func(t *testing.T) {
			outline := newSegmentIndex(onceDrawn(t, in.ref), 10)
			slack := DefaultTolerance + math.Sqrt2/2 + 0.01
			n := 0
			for e, uses := range edgeUses(t, in.m) {
				switch len(uses) {
				case 1:
					n++
					mid := Point{(e.a.X + e.b.X) / 2, (e.a.Y + e.b.Y) / 2}
					for _, p := range []Point{e.a, mid, e.b} {
						if d := outline.distance(p, slack); d > slack {
							t.Errorf("%s draws the edge %v–%v alone, %.2f units from the outline", uses[0].slug, e.a, e.b, d)
						}
					}
				case 2:
					// A ring may run back along itself: rounding narrowed
					// the inlet of a lagoon to no width.
					if uses[0].forward == uses[1].forward {
						t.Errorf("edge %v–%v drawn twice: %+v", e.a, e.b, uses)
					}
				default:
					t.Errorf("edge %v–%v drawn %d times: %+v", e.a, e.b, len(uses), uses)
				}
			}
			if n == 0 {
				t.Error("no outline")
			}
			// Every pair of neighbours still shares edges.
			want, got := sharedEdges(t, in.ref), sharedEdges(t, in.m)
			for pair := range want {
				if got[pair] == 0 {
					t.Errorf("%s and %s share no edge after simplification", pair[0], pair[1])
				}
			}
		})
	}
}

// TestNoOverlap scans the map along horizontal lines between the whole
// units of the paths and checks that no stretch lies inside two regions.
func TestNoOverlap(t *testing.T) {
	for _, in := range inputs(t) {
		t.Run(in.name, func(t *testing.T) {
			regions := make([][][]Point, len(in.m.Regions))
			for i, r := range in.m.Regions {
				regions[i] = mustParsePath(t, r)
			}
			for y := 0.5; y < in.m.Height; y++ {
				var crossings []crossing
				for i, rings := range regions {
					for _, r := range rings {
						for j, a := range r {
							b := r[(j+1)%len(r)]
							if (a.Y > y) != (b.Y > y) {
								crossings = append(crossings, crossing{a.X + (y-a.Y)*(b.X-a.X)/(b.Y-a.Y), i})
							}
						}
					}
				}
				slices.SortFunc(crossings, func(a, b crossing) int {
					return cmpFloat(a.x, b.x)
				})
				inside := make([]bool, len(regions))
				count := 0
				for k, c := range crossings {
					if inside[c.region] {
						count--
					} else {
						count++
					}
					inside[c.region] = !inside[c.region]
					if count > 1 && k+1 < len(crossings) && crossings[k+1].x-c.x > 1e-9 {
						t.Errorf("y=%v: x from %.3f to %.3f lies in %d regions", y, c.x, crossings[k+1].x, count)
					}
				}
			}
		})
	}
}

type crossing struct {
	x      float64
	region int
}

func TestLabelsInside(t *testing.T) {
	for _, in := range inputs(t) {
		t.Run(in.name, func(t *testing.T) {
			for _, r := range in.m.Regions {
				rings := mustParsePath(t, r)
				if !insideEvenOdd(r.Label, rings) {
					t.Errorf("%s: label %v is outside its region", r.Slug, r.Label)
					continue
				}
				// Well inside: a tenth of the narrower side of its box
				// away from any edge.
				want := min(r.Box.Dx(), r.Box.Dy()) / 10
				if d := distanceToEdges(r.Label, rings); d < want {
					t.Errorf("%s: label %v is %.1f units from the edge, want %.1f", r.Slug, r.Label, d, want)
				}
			}
		})
	}
}

func TestMorocco(t *testing.T) {
	m, err := Morocco()
	if err != nil {
		t.Fatal(err)
	}
	if again, _ := Morocco(); again != m {
		t.Error("Morocco parsed the map twice")
	}
	want := []string{
		"tanger-tetouan-al-hoceima", "oriental", "fes-meknes", "rabat-sale-kenitra",
		"beni-mellal-khenifra", "casablanca-settat", "marrakech-safi", "draa-tafilalet",
		"souss-massa", "guelmim-oued-noun", "laayoune-sakia-el-hamra", "dakhla-oued-ed-dahab",
	}
	var slugs []string
	total := 0
	for _, r := range m.Regions {
		slugs = append(slugs, r.Slug)
		total += len(r.Path)
		t.Logf("%-26s %5d bytes  label %v", r.Slug, len(r.Path), r.Label)
		if r.Box.Min.X < 0 || r.Box.Min.Y < 0 || r.Box.Max.X > m.Width || r.Box.Max.Y > m.Height || r.Box.Dx() <= 0 || r.Box.Dy() <= 0 {
			t.Errorf("%s: box %v is empty or outside the viewBox", r.Slug, r.Box)
		}
	}
	t.Logf("%d bytes of path data, viewBox 0 0 %v %v", total, m.Width, m.Height)
	if !slices.Equal(slugs, want) {
		t.Errorf("slugs %q, want %q", slugs, want)
	}
	if total > 25000 {
		t.Errorf("%d bytes of path data, want at most 25000", total)
	}
	if m.Width != 1000 || m.Height < 1000 || m.Height > 1150 {
		t.Errorf("viewBox %v×%v, want 1000 wide and about 1070 high", m.Width, m.Height)
	}
	if m.Region("souss-massa") == nil || m.Region("agadir") != nil {
		t.Error("Region looks up the wrong slugs")
	}
	if m.License != "ODbL-1.0" || !strings.Contains(m.Attribution, "OpenStreetMap") {
		t.Errorf("license %q, attribution %q", m.License, m.Attribution)
	}
	// North is up and east is right: Tanger is north of Dakhla, Oujda
	// (Oriental) east of Laâyoune.
	if !(m.Region("tanger-tetouan-al-hoceima").Label.Y < m.Region("dakhla-oued-ed-dahab").Label.Y) ||
		!(m.Region("oriental").Label.X > m.Region("laayoune-sakia-el-hamra").Label.X) {
		t.Error("the map is not north up, east right")
	}
}

func TestDeterministic(t *testing.T) {
	a, err := Parse(bytes.NewReader(moroccoGeoJSON), Options{})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := Parse(bytes.NewReader(moroccoGeoJSON), Options{})
	if !reflect.DeepEqual(a, b) {
		t.Error("two parses of the same input differ")
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		file string
		opts Options
		want string
	}{
		{"truncated.geojson", Options{}, "decoding GeoJSON: unexpected EOF"},
		{"trailing-data.geojson", Options{}, "decoding GeoJSON: data after the FeatureCollection"},
		{"not-a-collection.geojson", Options{}, `type is "Feature", want "FeatureCollection"`},
		{"no-features.geojson", Options{}, "no features"},
		{"line-string.geojson", Options{}, `feature 1: b: geometry type "LineString" is not supported, want Polygon or MultiPolygon`},
		{"no-slug.geojson", Options{}, `feature 0: no "slug" property`},
		{"slug-number.geojson", Options{}, "feature 0: json: cannot unmarshal number"},
		{"duplicate-slug.geojson", Options{}, `feature 2: slug "a" is also the slug of feature 0`},
		{"no-geometry.geojson", Options{}, "feature 0: a: no geometry"},
		{"no-coordinates.geojson", Options{}, "feature 0: a: geometry has no coordinates"},
		{"empty-multipolygon.geojson", Options{}, "feature 1: b: empty geometry"},
		{"degenerate-ring.geojson", Options{}, "feature 0: a: empty geometry"},
		{"null-coordinate.geojson", Options{}, `feature 0: a: coordinates: ring 0: position 2: want a number, found "null,32],["`},
		{"infinite-coordinate.geojson", Options{}, "feature 0: a: coordinates: ring 0: position 2: non-finite coordinate 1e999"},
		{"longitude-range.geojson", Options{}, "feature 0: a: coordinates: ring 0: position 2: longitude 200 is out of range"},
		{"short-position.geojson", Options{}, "position 2: want [longitude, latitude]"},
		{"string-coordinate.geojson", Options{}, `position 2: want a number, found "\"-5\",\"32\"]"`},
		{"multipolygon-too-shallow.geojson", Options{}, "feature 0: a: coordinates: polygon 0: ring 0: position 0: want an array"},
		{"flat.geojson", Options{}, "the features span no width or no height"},
		{"three.geojson", Options{Precision: 4}, "options: precision 4 is not in 0…3"},
		{"three.geojson", Options{Width: -1}, "options: width -1"},
		{"three.geojson", Options{Snap: 1}, "options: snap 1"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			path := filepath.Join("testdata", "bad", tt.file)
			if tt.file == "three.geojson" {
				path = filepath.Join("testdata", tt.file)
			}
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			m, err := Parse(bytes.NewReader(data), tt.opts)
			if err == nil {
				t.Fatalf("no error; map %+v", m)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q, want it to contain %q", err, tt.want)
			}
		})
	}
}

// TestTinyRegion checks that a region is kept however small, down to what
// rounding cannot draw.
func TestTinyRegion(t *testing.T) {
	const big = `{"type":"Feature","properties":{"slug":"big"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[10,0],[10,10],[0,10],[0,0]]]}}`
	tests := []struct {
		name, tiny string
		opts       Options
		want       string // the tiny region's path, or the error
	}{
		{"smaller than MinArea", `[[[5,5],[5.02,5],[5.02,5.02],[5,5]]]`, Options{}, "M502 500v2h-2z"},
		{"simplified to a line", `[[[5,5],[5.1,5.02],[5.2,5],[5.1,4.98],[5,5]]]`, Options{Tolerance: 3}, "M500 502l10-2 10 2-10 2z"},
		{"too small", `[[[5,5],[5.001,5],[5.001,5.001],[5,5]]]`, Options{}, "feature 1: tiny: too small to draw 1000 units wide"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := `{"type":"FeatureCollection","features":[` + big +
				`,{"type":"Feature","properties":{"slug":"tiny"},"geometry":{"type":"Polygon","coordinates":` + tt.tiny + `}}]}`
			m, err := Parse(strings.NewReader(in), tt.opts)
			got := ""
			if err != nil {
				got = err.Error()
			} else if tiny := m.Region("tiny"); tiny != nil {
				got = tiny.Path
			}
			if got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func BenchmarkMorocco(b *testing.B) {
	var m *Map
	for b.Loop() {
		var err error
		if m, err = Parse(bytes.NewReader(moroccoGeoJSON), Options{}); err != nil {
			b.Fatal(err)
		}
	}
	total := 0
	for _, r := range m.Regions {
		total += len(r.Path)
	}
	b.ReportMetric(float64(total), "path-bytes")
}

func FuzzParse(f *testing.F) {
	seeds, _ := filepath.Glob("testdata/bad/*.geojson")
	seeds = append(seeds, "testdata/three.geojson")
	for _, name := range seeds {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(`{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"slug":"a"},"geometry":{"type":"MultiPolygon","coordinates":[[[[0,0],[1,0],[0,1],[0,0]],[[0.1,0.1],[0.2,0.1],[0.1,0.2]]],[[[1,0],[1,1],[0,1]]]]}}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := Parse(bytes.NewReader(data), Options{})
		if err != nil {
			return
		}
		if len(m.Regions) == 0 {
			t.Fatal("no regions and no error")
		}
		for _, r := range m.Regions {
			if _, err := parsePath(r.Path); err != nil || !strings.HasPrefix(r.Path, "M") {
				t.Fatalf("%s: path %q: %v", r.Slug, r.Path, err)
			}
		}
		again, err := Parse(bytes.NewReader(data), Options{})
		if err != nil || !reflect.DeepEqual(m, again) {
			t.Fatalf("a second parse differs (%v)", err)
		}
	})
}

// Helpers: reading paths back and comparing edges.

// parsePath reads the path data Path writes (M, m, L, l, H, h, V, v, Z, z)
// into rings without their closing point.
func parsePath(d string) ([][]Point, error) {
	var rings [][]Point
	var cur, start Point
	var cmd byte
	i := 0
	num := func() (float64, error) {
		for i < len(d) && d[i] == ' ' {
			i++
		}
		j := i
		if j < len(d) && d[j] == '-' {
			j++
		}
		dot := false
		for j < len(d) && (d[j] >= '0' && d[j] <= '9' || d[j] == '.' && !dot) {
			dot = dot || d[j] == '.'
			j++
		}
		var x float64
		_, err := fmt.Sscan(d[i:j], &x)
		if err != nil {
			return 0, fmt.Errorf("offset %d: bad number %q", i, d[i:j])
		}
		i = j
		return x, nil
	}
	for i < len(d) {
		if c := d[i]; strings.IndexByte("MmLlHhVvZz", c) >= 0 {
			cmd = c
			i++
			if c == 'z' || c == 'Z' {
				cur = start
				continue
			}
		} else if cmd == 0 || cmd == 'z' || cmd == 'Z' {
			return nil, fmt.Errorf("offset %d: number without a command", i)
		}
		var x, y float64
		var err error
		switch cmd {
		case 'M', 'm', 'L', 'l':
			if x, err = num(); err == nil {
				y, err = num()
			}
		case 'H', 'h':
			x, err = num()
		case 'V', 'v':
			y, err = num()
		}
		if err != nil {
			return nil, err
		}
		switch cmd {
		case 'M', 'L':
			cur = Point{x, y}
		case 'm', 'l':
			cur = Point{cur.X + x, cur.Y + y}
		case 'H':
			cur.X = x
		case 'h':
			cur.X += x
		case 'V':
			cur.Y = y
		case 'v':
			cur.Y += y
		}
		// Round off the sums of decimals.
		cur = Point{math.Round(cur.X*1e6) / 1e6, math.Round(cur.Y*1e6) / 1e6}
		if cmd == 'M' || cmd == 'm' {
			start = cur
			rings = append(rings, []Point{cur})
			cmd -= 'M' - 'L' // further pairs are line-tos
			continue
		}
		if len(rings) == 0 {
			return nil, fmt.Errorf("offset %d: no M first", i)
		}
		rings[len(rings)-1] = append(rings[len(rings)-1], cur)
	}
	return rings, nil
}

func mustParsePath(t *testing.T, r Region) [][]Point {
	t.Helper()
	rings, err := parsePath(r.Path)
	if err != nil {
		t.Fatalf("%s: %v", r.Slug, err)
	}
	return rings
}

type edge struct{ a, b Point } // a before b

type use struct {
	slug    string
	ring    int // numbered across the map
	forward bool
}

func edgeUses(t *testing.T, m *Map) map[edge][]use {
	uses := make(map[edge][]use)
	ring := 0
	for _, r := range m.Regions {
		for _, pts := range mustParsePath(t, r) {
			for i, a := range pts {
				b := pts[(i+1)%len(pts)]
				e, forward := edge{a, b}, true
				if b.X < a.X || b.X == a.X && b.Y < a.Y {
					e, forward = edge{b, a}, false
				}
				uses[e] = append(uses[e], use{r.Slug, ring, forward})
			}
			ring++
		}
	}
	return uses
}

func onceDrawn(t *testing.T, m *Map) []edge {
	var once []edge
	for e, uses := range edgeUses(t, m) {
		if len(uses) == 1 {
			once = append(once, e)
		}
	}
	return once
}

// sharedEdges counts the edges each pair of regions draws in common.
func sharedEdges(t *testing.T, m *Map) map[[2]string]int {
	n := make(map[[2]string]int)
	for _, uses := range edgeUses(t, m) {
		if len(uses) == 2 && uses[0].slug != uses[1].slug {
			pair := [2]string{uses[0].slug, uses[1].slug}
			if pair[1] < pair[0] {
				pair[0], pair[1] = pair[1], pair[0]
			}
			n[pair]++
		}
	}
	return n
}

// segmentIndex finds segments near a point through a grid of cells.
type segmentIndex struct {
	cell  float64
	cells map[[2]int][]edge
}

func newSegmentIndex(edges []edge, cell float64) *segmentIndex {
	x := &segmentIndex{cell: cell, cells: make(map[[2]int][]edge)}
	for _, e := range edges {
		for i := int(math.Floor(min(e.a.X, e.b.X) / cell)); i <= int(math.Floor(max(e.a.X, e.b.X)/cell)); i++ {
			for j := int(math.Floor(min(e.a.Y, e.b.Y) / cell)); j <= int(math.Floor(max(e.a.Y, e.b.Y)/cell)); j++ {
				x.cells[[2]int{i, j}] = append(x.cells[[2]int{i, j}], e)
			}
		}
	}
	return x
}

// distance is the distance from p to the nearest segment, exact up to
// within (at most one cell away); beyond, some distance above within.
func (x *segmentIndex) distance(p Point, within float64) float64 {
	d2 := math.Inf(1)
	r := int(math.Ceil(within / x.cell))
	i0, j0 := int(math.Floor(p.X/x.cell)), int(math.Floor(p.Y/x.cell))
	for i := i0 - r; i <= i0+r; i++ {
		for j := j0 - r; j <= j0+r; j++ {
			for _, e := range x.cells[[2]int{i, j}] {
				d2 = min(d2, segmentDist2(p, e.a, e.b))
			}
		}
	}
	return math.Sqrt(d2)
}

func insideEvenOdd(p Point, rings [][]Point) bool {
	in := false
	for _, r := range rings {
		for i, a := range r {
			b := r[(i+1)%len(r)]
			if (a.Y > p.Y) != (b.Y > p.Y) && p.X < a.X+(p.Y-a.Y)*(b.X-a.X)/(b.Y-a.Y) {
				in = !in
			}
		}
	}
	return in
}

func distanceToEdges(p Point, rings [][]Point) float64 {
	d2 := math.Inf(1)
	for _, r := range rings {
		for i, a := range r {
			d2 = min(d2, segmentDist2(p, a, r[(i+1)%len(r)]))
		}
	}
	return math.Sqrt(d2)
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
