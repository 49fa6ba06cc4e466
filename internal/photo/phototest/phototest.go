// Package phototest makes photos as a camera or a phone writes them, for
// tests and benchmarks: JPEGs of any size with EXIF (orientation, date,
// GPS position) and XMP, and PNGs, all deterministic. It also lists the
// metadata a file holds, for tests that check none is published.
package phototest

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"image"
	"image/jpeg"
	"image/png"
	"math"
	"math/rand/v2"
)

// Pixels returns a w×h JPEG at quality (0: 92, as phones write) without any
// metadata, standing in for a photo: smooth gradients (sky, walls), hard
// edges (windows), detail a few pixels across (foliage, gravel) over the
// lower half, and sensor noise, so that a 4032×3024 one weighs what a
// phone's does (some 4 MB) and takes as long to decode and scale. seed
// varies the detail and the noise. Encoding 12 megapixels takes about half
// a second: give many photos the same pixels and their own metadata
// (Camera) when only their bytes need to differ.
func Pixels(w, h int, seed uint64, quality int) []byte {
	if quality == 0 {
		quality = 92
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, synth(w, h, seed), &jpeg.Options{Quality: quality}); err != nil {
		panic(err) // an in-memory YCbCr image always encodes
	}
	return buf.Bytes()
}

// synth draws the photo (see Pixels) in 4:2:0 YCbCr, as a camera stores it.
func synth(w, h int, seed uint64) *image.YCbCr {
	m := image.NewYCbCr(image.Rect(0, 0, w, h), image.YCbCrSubsampleRatio420)
	r := rand.New(rand.NewPCG(seed, 2))
	const cell = 5 // value noise on a grid of cells 5 pixels wide
	gw := w/cell + 2
	grid := make([]float64, gw*(h/cell+2))
	for i := range grid {
		grid[i] = r.NormFloat64() * 28
	}
	detail := func(x, y int) float64 {
		gx, gy := x/cell, y/cell
		fx, fy := float64(x%cell)/cell, float64(y%cell)/cell
		a := grid[gy*gw+gx]*(1-fx) + grid[gy*gw+gx+1]*fx
		b := grid[(gy+1)*gw+gx]*(1-fx) + grid[(gy+1)*gw+gx+1]*fx
		return a*(1-fy) + b*fy
	}
	for y := range h {
		for x := range w {
			v := 90 + 80*float64(y)/float64(h) + 30*math.Sin(float64(x)/300)
			if (x/400+y/350)%3 == 0 && x%400 > 60 && y%350 > 50 {
				v -= 60 // windows
			}
			if y > h/2 {
				v += detail(x, y)
			}
			v += r.NormFloat64() * 3 // noise
			m.Y[y*m.YStride+x] = uint8(max(0, min(255, v)))
		}
	}
	for y := range (h + 1) / 2 {
		for x := range (w + 1) / 2 {
			i := y*m.CStride + x
			m.Cb[i] = uint8(128 - 30*float64(y)/float64(h) + 10*math.Sin(float64(x)/90))
			m.Cr[i] = uint8(140 + 20*math.Cos(float64(y)/70))
		}
	}
	return m
}

// EXIF is what Camera writes in a photo's EXIF and XMP.
type EXIF struct {
	// Orientation is the EXIF orientation, 1 to 8 (0: none written).
	Orientation int
	// GPS, when set, is the position written, as latitude and longitude
	// in degrees (north and east positive), in EXIF and in XMP.
	GPS *[2]float64
	// Date is written as DateTimeOriginal ("2024:05:22 10:31:07") when set.
	Date string
}

// Camera returns the JPEG data (from Pixels) with the metadata a phone
// writes, right after its start: EXIF (camera make and model, the
// orientation, the date, a GPS position) and an XMP packet.
func Camera(pixels []byte, e EXIF) []byte {
	if len(pixels) < 2 || pixels[0] != 0xFF || pixels[1] != 0xD8 {
		panic("phototest: not a JPEG")
	}
	out := []byte{0xFF, 0xD8}
	out = append(out, segment(0xE1, append([]byte("Exif\x00\x00"), tiff(e)...))...)
	xmp := `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" xmlns:exif="http://ns.adobe.com/exif/1.0/" xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmp:CreatorTool="phototest"`
	if e.GPS != nil {
		xmp += fmt.Sprintf(` exif:GPSLatitude="%s" exif:GPSLongitude="%s"`, xmpCoord(e.GPS[0], "N", "S"), xmpCoord(e.GPS[1], "E", "W"))
	}
	xmp += `/></rdf:RDF></x:xmpmeta>`
	out = append(out, segment(0xE1, append([]byte("http://ns.adobe.com/xap/1.0/\x00"), xmp...))...)
	return append(out, pixels[2:]...)
}

func xmpCoord(v float64, pos, neg string) string {
	hemi := pos
	if v < 0 {
		hemi, v = neg, -v
	}
	deg := math.Floor(v)
	return fmt.Sprintf("%d,%.4f%s", int(deg), (v-deg)*60, hemi)
}

func segment(marker byte, payload []byte) []byte {
	s := []byte{0xFF, marker, 0, 0}
	binary.BigEndian.PutUint16(s[2:], uint16(len(payload)+2))
	return append(s, payload...)
}

// entry is a TIFF IFD entry whose value is given in bytes (big-endian).
type entry struct {
	tag, typ uint16
	count    uint32
	value    []byte
}

// tiff lays out a big-endian TIFF block: IFD0 (make, model, orientation,
// pointers to the EXIF and GPS IFDs), the EXIF IFD (the date) and the
// GPS IFD (the position), each followed by its long values.
func tiff(e EXIF) []byte {
	be := binary.BigEndian
	ascii := func(tag uint16, s string) entry {
		return entry{tag, 2, uint32(len(s) + 1), append([]byte(s), 0)}
	}
	short := func(tag, v uint16) entry { return entry{tag, 3, 1, be.AppendUint16(nil, v)} }
	long := func(tag uint16, v uint32) entry { return entry{tag, 4, 1, be.AppendUint32(nil, v)} }
	dms := func(tag uint16, v float64) entry {
		v = math.Abs(v)
		d := math.Floor(v)
		m := math.Floor((v - d) * 60)
		s := ((v-d)*60 - m) * 60
		var b []byte
		for _, r := range [][2]uint32{{uint32(d), 1}, {uint32(m), 1}, {uint32(math.Round(s * 100)), 100}} {
			b = be.AppendUint32(be.AppendUint32(b, r[0]), r[1])
		}
		return entry{tag, 5, 3, b}
	}
	ifd0 := []entry{ascii(0x010F, "Phototest"), ascii(0x0110, "Phone 12")}
	if e.Orientation != 0 {
		ifd0 = append(ifd0, short(0x0112, uint16(e.Orientation)))
	}
	var exifIFD, gpsIFD []entry
	if e.Date != "" {
		exifIFD = append(exifIFD, ascii(0x9003, e.Date))
	}
	if e.GPS != nil {
		ns, ew := "N", "E"
		if e.GPS[0] < 0 {
			ns = "S"
		}
		if e.GPS[1] < 0 {
			ew = "W"
		}
		gpsIFD = []entry{
			{0x0000, 1, 4, []byte{2, 3, 0, 0}}, // GPSVersionID
			ascii(0x0001, ns), dms(0x0002, e.GPS[0]),
			ascii(0x0003, ew), dms(0x0004, e.GPS[1]),
		}
	}
	size := func(list []entry) uint32 {
		n := uint32(2 + 12*len(list) + 4)
		for _, en := range list {
			if len(en.value) > 4 {
				n += uint32(len(en.value)+1) &^ 1
			}
		}
		return n
	}
	// Pointers to the EXIF and GPS IFDs, whose offsets depend on IFD0's
	// size with them.
	n0 := len(ifd0)
	if exifIFD != nil {
		ifd0 = append(ifd0, long(0x8769, 0))
	}
	if gpsIFD != nil {
		ifd0 = append(ifd0, long(0x8825, 0))
	}
	off0 := uint32(8)
	offExif := off0 + size(ifd0)
	offGPS := offExif
	if exifIFD != nil {
		offGPS += size(exifIFD)
	}
	i := n0
	if exifIFD != nil {
		ifd0[i].value = be.AppendUint32(nil, offExif)
		i++
	}
	if gpsIFD != nil {
		ifd0[i].value = be.AppendUint32(nil, offGPS)
	}
	b := be.AppendUint32([]byte("MM\x00*"), off0)
	b = appendIFD(b, ifd0, off0)
	if exifIFD != nil {
		b = appendIFD(b, exifIFD, offExif)
	}
	if gpsIFD != nil {
		b = appendIFD(b, gpsIFD, offGPS)
	}
	return b
}

// appendIFD writes an IFD at offset off of the block, its long values
// after it, with no next IFD.
func appendIFD(b []byte, list []entry, off uint32) []byte {
	be := binary.BigEndian
	extra := off + uint32(2+12*len(list)+4)
	var values []byte
	b = be.AppendUint16(b, uint16(len(list)))
	for _, en := range list {
		b = be.AppendUint16(b, en.tag)
		b = be.AppendUint16(b, en.typ)
		b = be.AppendUint32(b, en.count)
		if len(en.value) <= 4 {
			v := make([]byte, 4)
			copy(v, en.value)
			b = append(b, v...)
			continue
		}
		b = be.AppendUint32(b, extra+uint32(len(values)))
		values = append(values, en.value...)
		if len(values)%2 == 1 {
			values = append(values, 0)
		}
	}
	b = be.AppendUint32(b, 0)
	return append(b, values...)
}

// PNG returns a w×h opaque PNG of the same kind of picture, with a tEXt
// chunk (as an editor's screenshot tool writes) but no position.
func PNG(w, h int, seed uint64) []byte {
	var buf bytes.Buffer
	if err := png.Encode(&buf, synth(w, h, seed)); err != nil {
		panic(err)
	}
	data := buf.Bytes()
	const afterIHDR = 8 + 8 + 13 + 4
	text := pngChunk("tEXt", []byte("Software\x00phototest"))
	return append(append(bytes.Clone(data[:afterIHDR]), text...), data[afterIHDR:]...)
}

func pngChunk(typ string, data []byte) []byte {
	c := binary.BigEndian.AppendUint32(nil, uint32(len(data)))
	c = append(append(c, typ...), data...)
	return binary.BigEndian.AppendUint32(c, crc32.ChecksumIEEE(c[4:]))
}

// Metadata lists what of a JPEG or PNG is not needed to show it: the
// JPEG's application segments but JFIF (APP0) and Adobe (APP14), and its
// comments, before the first scan; the PNG's chunks other than those
// holding the pixels and their colours (IHDR, PLTE, tRNS, IDAT, IEND,
// gAMA, cHRM, sRGB, pHYs, bKGD). Each as "APP1 Exif", "COM", "tEXt" ….
// A file that holds none gives nil.
func Metadata(data []byte) []string {
	var out []string
	switch {
	case bytes.HasPrefix(data, []byte{0xFF, 0xD8}):
		for i := 2; i+4 <= len(data) && data[i] == 0xFF; {
			marker := data[i+1]
			if marker == 0xDA || marker == 0xD9 {
				break
			}
			n := int(binary.BigEndian.Uint16(data[i+2:]))
			payload := data[i+4 : min(len(data), i+2+n)]
			switch {
			case marker == 0xFE:
				out = append(out, "COM")
			case marker >= 0xE0 && marker <= 0xEF:
				name := payload
				if z := bytes.IndexByte(payload, 0); z >= 0 {
					name = payload[:z]
				}
				if !(marker == 0xE0 && (string(name) == "JFIF" || string(name) == "JFXX")) && !(marker == 0xEE && bytes.HasPrefix(payload, []byte("Adobe"))) {
					out = append(out, fmt.Sprintf("APP%d %s", marker-0xE0, name))
				}
			}
			i += 2 + n
		}
	case bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")):
		keep := map[string]bool{"IHDR": true, "PLTE": true, "tRNS": true, "IDAT": true, "IEND": true,
			"gAMA": true, "cHRM": true, "sRGB": true, "pHYs": true, "bKGD": true}
		for i := 8; i+8 <= len(data); {
			n := int(binary.BigEndian.Uint32(data[i:]))
			typ := string(data[i+4 : i+8])
			if !keep[typ] {
				out = append(out, typ)
			}
			i += 12 + n
		}
	}
	return out
}
