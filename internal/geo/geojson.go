package geo

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
)

// source is a decoded and validated GeoJSON input.
type source struct {
	license, attribution string
	snap                 float64 // degrees per vertex unit
	features             []feature
}

type feature struct {
	slug     string
	polygons [][]ring // each polygon: exterior ring, then holes
}

// A ring is closed implicitly: its last vertex is not a copy of its first.
type ring []vertex

// vertex is a longitude and a latitude in units of source.snap. Integer
// coordinates make equality exact, which is what finding shared borders
// needs.
type vertex struct{ x, y int64 }

func (v vertex) less(w vertex) bool {
	return v.x < w.x || v.x == w.x && v.y < w.y
}

type featureCollectionJSON struct {
	Type        string            `json:"type"`
	License     string            `json:"license"`
	Attribution string            `json:"attribution"`
	Features    []json.RawMessage `json:"features"`
}

type featureJSON struct {
	Type       string `json:"type"`
	Properties struct {
		Slug string `json:"slug"`
	} `json:"properties"`
	Geometry *struct {
		Type        string          `json:"type"`
		Coordinates json.RawMessage `json:"coordinates"`
	} `json:"geometry"`
}

func decode(r io.Reader, snap float64) (*source, error) {
	var fc featureCollectionJSON
	dec := json.NewDecoder(r)
	if err := dec.Decode(&fc); err != nil {
		return nil, fmt.Errorf("decoding GeoJSON: %w", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("decoding GeoJSON: data after the FeatureCollection")
	}
	if fc.Type != "FeatureCollection" {
		return nil, fmt.Errorf("type is %q, want \"FeatureCollection\"", fc.Type)
	}
	if len(fc.Features) == 0 {
		return nil, fmt.Errorf("no features")
	}
	src := &source{license: fc.License, attribution: fc.Attribution, snap: snap}
	index := make(map[string]int, len(fc.Features))
	for i, raw := range fc.Features {
		f, err := decodeFeature(raw, snap)
		if err != nil {
			return nil, fmt.Errorf("feature %d: %w", i, err)
		}
		if j, dup := index[f.slug]; dup {
			return nil, fmt.Errorf("feature %d: slug %q is also the slug of feature %d", i, f.slug, j)
		}
		index[f.slug] = i
		src.features = append(src.features, f)
	}
	return src, nil
}

func decodeFeature(raw json.RawMessage, snap float64) (feature, error) {
	var fj featureJSON
	if err := json.Unmarshal(raw, &fj); err != nil {
		return feature{}, err
	}
	if fj.Type != "Feature" {
		return feature{}, fmt.Errorf("type is %q, want \"Feature\"", fj.Type)
	}
	f := feature{slug: fj.Properties.Slug}
	if f.slug == "" {
		return f, fmt.Errorf("no \"slug\" property")
	}
	if fj.Geometry == nil {
		return f, fmt.Errorf("%s: no geometry", f.slug)
	}
	var parse func([]byte) ([]polygonJSON, error)
	switch t := fj.Geometry.Type; t {
	case "Polygon":
		parse = parsePolygon
	case "MultiPolygon":
		parse = parseMultiPolygon
	default:
		return f, fmt.Errorf("%s: geometry type %q is not supported, want Polygon or MultiPolygon", f.slug, t)
	}
	if len(fj.Geometry.Coordinates) == 0 {
		return f, fmt.Errorf("%s: geometry has no coordinates", f.slug)
	}
	polygons, err := parse(fj.Geometry.Coordinates)
	if err != nil {
		return f, fmt.Errorf("%s: coordinates: %w", f.slug, err)
	}
	for _, p := range polygons {
		var rings []ring
		for j, rj := range p {
			r := make(ring, len(rj))
			for k, pos := range rj {
				r[k] = vertex{int64(math.Round(pos[0] / snap)), int64(math.Round(pos[1] / snap))}
			}
			r = clean(r)
			if len(r) < 3 {
				if j == 0 {
					break // without its exterior, the holes go too
				}
				continue
			}
			rings = append(rings, r)
		}
		if len(rings) > 0 {
			f.polygons = append(f.polygons, rings)
		}
	}
	if len(f.polygons) == 0 {
		return f, fmt.Errorf("%s: empty geometry: no ring has three distinct positions", f.slug)
	}
	return f, nil
}

// clean removes what snapping or the source's rounding left degenerate: the
// closing copy of the first vertex, repeated vertices, and spikes, where
// the outline goes to a vertex and straight back (a, b, a becomes a).
// It works in place and returns an empty ring if fewer than three vertices
// are left.
func clean[T comparable](r []T) []T {
	out := r[:0]
	for _, v := range r {
		n := len(out)
		switch {
		case n > 0 && out[n-1] == v:
			// repeated
		case n > 1 && out[n-2] == v:
			out = out[:n-1] // spike: drop its tip, keep v's first copy
		default:
			out = append(out, v)
		}
	}
	// The same across the seam between the last vertex and the first.
	for len(out) >= 3 {
		n := len(out)
		switch {
		case out[n-1] == out[0]:
			out = out[:n-1]
		case out[n-2] == out[0]:
			out = out[:n-2]
		case out[n-1] == out[1]:
			out = out[1 : n-1]
		default:
			return out
		}
	}
	return out[:0]
}
