package geo

import "strconv"

// pathData writes the rings of polygons as SVG path data: each ring is a
// subpath that starts with "M" (absolute) or "m" (relative to the start of
// the previous ring, if shorter), goes on with relative "l", "h" and "v"
// commands, and ends with "z". Coordinates are in units of
// 10^-precision; numbers drop separators and leading zeros SVG does not
// need.
func pathData(polygons [][][]ipoint, precision int) string {
	w := pathWriter{precision: precision}
	var start ipoint
	first := true
	for _, p := range polygons {
		for _, r := range p {
			abs := w.number(nil, r[0].x)
			abs = w.number(append(abs, ' '), r[0].y)
			rel := w.number(nil, r[0].x-start.x)
			rel = w.number(append(rel, ' '), r[0].y-start.y)
			if first || len(abs) <= len(rel) {
				w.command('M')
				w.point(r[0].x, r[0].y)
				w.cmd = 'L' // what further pairs would mean
			} else {
				w.command('m')
				w.point(r[0].x-start.x, r[0].y-start.y)
				w.cmd = 'l'
			}
			first = false
			start = r[0]
			for i := 1; i < len(r); i++ {
				dx, dy := r[i].x-r[i-1].x, r[i].y-r[i-1].y
				switch {
				case dy == 0:
					w.command('h')
					w.value(dx)
				case dx == 0:
					w.command('v')
					w.value(dy)
				default:
					w.command('l')
					w.point(dx, dy)
				}
			}
			w.command('z')
		}
	}
	return string(w.b)
}

type pathWriter struct {
	b         []byte
	precision int
	cmd       byte // the command that numbers written now belong to
	number0   bool // the last thing written is a number
	dot       bool // ... and it has a decimal point
}

// command writes c unless numbers written now would already mean it.
func (w *pathWriter) command(c byte) {
	if c != w.cmd || c == 'z' {
		w.b = append(w.b, c)
		w.cmd = c
		w.number0 = false
	}
}

func (w *pathWriter) point(x, y int64) {
	w.value(x)
	w.value(y)
}

// value writes n with the separator it needs, if any.
func (w *pathWriter) value(n int64) {
	start := len(w.b)
	w.b = w.number(w.b, n)
	num := w.b[start:]
	if w.number0 && (num[0] >= '0' && num[0] <= '9' || num[0] == '.' && !w.dot) {
		w.b = append(w.b[:start+1], w.b[start:]...)
		w.b[start] = ' '
	}
	w.number0 = true
	w.dot = false
	for _, c := range w.b[start:] {
		if c == '.' {
			w.dot = true
		}
	}
}

// number appends n, a count of 10^-precision units, in decimal: "-12.5",
// ".5", "3".
func (w *pathWriter) number(b []byte, n int64) []byte {
	if n < 0 {
		b = append(b, '-')
		n = -n
	}
	unit := int64(1)
	for range w.precision {
		unit *= 10
	}
	whole, frac := n/unit, n%unit
	if whole != 0 || frac == 0 {
		b = strconv.AppendInt(b, whole, 10)
	}
	if frac != 0 {
		b = append(b, '.')
		digits := strconv.AppendInt(nil, frac+unit, 10)[1:] // zero-padded
		for digits[len(digits)-1] == '0' {
			digits = digits[:len(digits)-1]
		}
		b = append(b, digits...)
	}
	return b
}
