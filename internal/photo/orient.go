package photo

import "image"

// swapsAxes says whether an EXIF orientation turns the image a quarter
// turn, so that the displayed width is the stored height.
func swapsAxes(orientation int) bool {
	return orientation >= 5 && orientation <= 8
}

// orient returns m turned and flipped as EXIF orientation o says it is to
// be shown, m itself for 1 (or any value outside 2 to 8).
//
// The eight values, by where the stored image's first pixel (0, 0) is
// shown: 1 top left (as stored), 2 top right (mirrored), 3 bottom right
// (half turn), 4 bottom left (flipped), 5 top left (transposed: rows
// become columns), 6 top right (quarter turn clockwise), 7 bottom right
// (transverse), 8 bottom left (quarter turn anticlockwise).
func orient(m *image.RGBA, o int) *image.RGBA {
	if o < 2 || o > 8 {
		return m
	}
	w, h := m.Rect.Dx(), m.Rect.Dy()
	dw, dh := w, h
	if swapsAxes(o) {
		dw, dh = h, w
	}
	out := image.NewRGBA(image.Rect(0, 0, dw, dh))
	for y := range dh {
		row := out.Pix[y*out.Stride : y*out.Stride+dw*4]
		for x := range dw {
			var sx, sy int // the stored pixel shown at (x, y)
			switch o {
			case 2:
				sx, sy = w-1-x, y
			case 3:
				sx, sy = w-1-x, h-1-y
			case 4:
				sx, sy = x, h-1-y
			case 5:
				sx, sy = y, x
			case 6:
				sx, sy = y, h-1-x
			case 7:
				sx, sy = w-1-y, h-1-x
			case 8:
				sx, sy = w-1-y, x
			}
			i := m.PixOffset(m.Rect.Min.X+sx, m.Rect.Min.Y+sy)
			copy(row[x*4:x*4+4], m.Pix[i:i+4])
		}
	}
	return out
}
