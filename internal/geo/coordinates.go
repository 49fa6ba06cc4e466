package geo

import (
	"errors"
	"fmt"
	"math"
	"strconv"
)

// polygonJSON is the coordinates of a Polygon: rings of [longitude,
// latitude] positions, the exterior ring first.
type polygonJSON [][][2]float64

// coordinates reads GeoJSON "coordinates" that encoding/json has already
// checked to be valid JSON. Reading them by hand rather than into
// [][][]*float64 spares a second pass over the text and an allocation per
// number, yet still tells null and strings from numbers.
type coordinates struct {
	s []byte
	i int
}

// parsePolygon reads the coordinates of a Polygon.
func parsePolygon(raw []byte) ([]polygonJSON, error) {
	c := coordinates{s: raw}
	p, err := c.polygon()
	if err == nil {
		err = c.end()
	}
	return []polygonJSON{p}, err
}

// parseMultiPolygon reads the coordinates of a MultiPolygon.
func parseMultiPolygon(raw []byte) ([]polygonJSON, error) {
	c := coordinates{s: raw}
	var polygons []polygonJSON
	err := c.list(func(i int) error {
		p, err := c.polygon()
		if err != nil {
			return fmt.Errorf("polygon %d: %w", i, err)
		}
		polygons = append(polygons, p)
		return nil
	})
	if err == nil {
		err = c.end()
	}
	return polygons, err
}

func (c *coordinates) polygon() (polygonJSON, error) {
	var p polygonJSON
	err := c.list(func(j int) error {
		var r [][2]float64
		err := c.list(func(k int) error {
			pos, err := c.position()
			if err != nil {
				return fmt.Errorf("position %d: %w", k, err)
			}
			r = append(r, pos)
			return nil
		})
		if err != nil {
			return fmt.Errorf("ring %d: %w", j, err)
		}
		p = append(p, r)
		return nil
	})
	return p, err
}

var errPosition = errors.New("want [longitude, latitude]")

// position reads [longitude, latitude], with an altitude or more
// numbers after them allowed and ignored.
func (c *coordinates) position() ([2]float64, error) {
	var pos [2]float64
	n := 0
	err := c.list(func(k int) error {
		x, err := c.number()
		if err != nil {
			return err
		}
		if k < 2 {
			pos[k] = x
		}
		n++
		return nil
	})
	switch {
	case err != nil:
		return pos, err
	case n < 2:
		return pos, errPosition
	case math.IsNaN(pos[0]) || math.IsInf(pos[0], 0) || math.IsNaN(pos[1]) || math.IsInf(pos[1], 0):
		return pos, fmt.Errorf("non-finite coordinate")
	case pos[0] < -180 || pos[0] > 180:
		return pos, fmt.Errorf("longitude %v is out of range", pos[0])
	case pos[1] < -90 || pos[1] > 90:
		return pos, fmt.Errorf("latitude %v is out of range", pos[1])
	}
	return pos, nil
}

// list reads a JSON array, calling elem to read each element.
func (c *coordinates) list(elem func(i int) error) error {
	c.space()
	if c.i >= len(c.s) || c.s[c.i] != '[' {
		return c.unexpected("an array")
	}
	c.i++
	c.space()
	if c.i < len(c.s) && c.s[c.i] == ']' {
		c.i++
		return nil
	}
	for i := 0; ; i++ {
		if err := elem(i); err != nil {
			return err
		}
		c.space()
		if c.i >= len(c.s) {
			return c.unexpected("',' or ']'")
		}
		switch c.s[c.i] {
		case ',':
			c.i++
		case ']':
			c.i++
			return nil
		default:
			return c.unexpected("',' or ']'")
		}
	}
}

func (c *coordinates) number() (float64, error) {
	c.space()
	start := c.i
	for c.i < len(c.s) && isNumberByte(c.s[c.i]) {
		c.i++
	}
	if c.i == start {
		return 0, c.unexpected("a number")
	}
	x, err := strconv.ParseFloat(string(c.s[start:c.i]), 64)
	if err != nil {
		if errors.Is(err, strconv.ErrRange) && (math.IsInf(x, 0)) {
			return 0, fmt.Errorf("non-finite coordinate %s", c.s[start:c.i])
		}
		if !errors.Is(err, strconv.ErrRange) {
			return 0, fmt.Errorf("bad number %q", c.s[start:c.i])
		}
	}
	return x, nil
}

func isNumberByte(b byte) bool {
	return '0' <= b && b <= '9' || b == '-' || b == '+' || b == '.' || b == 'e' || b == 'E'
}

func (c *coordinates) space() {
	for c.i < len(c.s) && (c.s[c.i] == ' ' || c.s[c.i] == '\t' || c.s[c.i] == '\n' || c.s[c.i] == '\r') {
		c.i++
	}
}

// end checks that nothing but space follows the value read.
func (c *coordinates) end() error {
	c.space()
	if c.i < len(c.s) {
		return c.unexpected("the end")
	}
	return nil
}

func (c *coordinates) unexpected(want string) error {
	if c.i >= len(c.s) {
		return fmt.Errorf("want %s, found the end", want)
	}
	found := c.s[c.i:min(c.i+10, len(c.s))]
	return fmt.Errorf("want %s, found %q", want, found)
}
