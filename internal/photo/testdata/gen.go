//go:build ignore

// gen writes the test images of package photo into this folder. Run it
// from internal/photo:
//
//	go run testdata/gen.go
//
// Every image is small (64×48 unless said) and made here, metadata
// included, with the standard library, except cmyk.jpg, which is copied
// from Go's own image/testdata (the standard library cannot write a CMYK
// JPEG).
package main

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// The colours of the quadrants of the stored image: the tests find where
// each is shown after orientation.
var (
	topLeft     = color.NRGBA{255, 0, 0, 255}     // red
	topRight    = color.NRGBA{0, 255, 0, 255}     // green
	bottomLeft  = color.NRGBA{0, 0, 255, 255}     // blue
	bottomRight = color.NRGBA{255, 255, 255, 255} // white
)

const w, h = 64, 48

func main() {
	dir := "testdata"
	write := func(name string, b []byte) {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			log.Fatal(err)
		}
	}
	plain := encodeJPEG(quadrants())
	write("plain.jpg", plain)

	// Orientation 1 to 8, in both byte orders.
	for o := 1; o <= 8; o++ {
		order := byteOrder(binary.BigEndian)
		if o%2 == 0 {
			order = binary.LittleEndian
		}
		exif := buildTIFF(order, []ifd{{fields: []field{short(order, 0x0112, uint16(o))}, next: -1}})
		write(fmt.Sprintf("orient-%d.jpg", o), insertJPEG(plain, app1EXIF(exif)))
	}

	// A phone's photo: JFIF, EXIF with orientation 6, a GPS IFD with a
	// position and a thumbnail IFD, an ICC profile, IPTC and a comment.
	le := binary.LittleEndian
	gps := buildTIFF(le, []ifd{
		{fields: []field{
			ascii(0x010F, "Phone"),
			short(le, 0x0112, 6),
			{tag: 0x8825, typ: 4, count: 1, ifd: 2},
		}, next: 1},
		{fields: []field{short(le, 0x0103, 6)}, next: -1}, // IFD1: the thumbnail's
		{fields: []field{
			{tag: 0x0000, typ: 1, count: 4, value: []byte{2, 3, 0, 0}}, // GPSVersionID
			ascii(0x0001, "N"),
			rationals(le, 0x0002, 34, 1, 41, 1, 0, 1), // GPSLatitude
			ascii(0x0003, "W"),
			rationals(le, 0x0004, 1, 1, 54, 1, 0, 1), // GPSLongitude
		}, next: -1},
	})
	write("gps.jpg", insertJPEG(plain,
		segment(0xE0, []byte("JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00")),
		app1EXIF(gps),
		segment(0xE2, []byte("ICC_PROFILE\x00\x01\x01not a real profile")),
		segment(0xED, []byte("Photoshop 3.0\x008BIM\x04\x04\x00\x00\x00\x00\x00\x00")),
		segment(0xFE, []byte("a comment")),
	))

	// A GPS IFD with a version and no position.
	be := binary.BigEndian
	noPos := buildTIFF(be, []ifd{
		{fields: []field{{tag: 0x8825, typ: 4, count: 1, ifd: 1}}, next: -1},
		{fields: []field{{tag: 0x0000, typ: 1, count: 4, value: []byte{2, 3, 0, 0}}}, next: -1},
	})
	write("gps-version-only.jpg", insertJPEG(plain, app1EXIF(noPos)))

	// XMP, with and without a position.
	write("xmp-gps.jpg", insertJPEG(plain, app1XMP(xmp(`exif:GPSLatitude="34,41.0N" exif:GPSLongitude="1,54.0W"`))))
	write("xmp.jpg", insertJPEG(plain, app1XMP(xmp(`dc:format="image/jpeg"`))))

	// Damaged EXIF. exif-loop: IFD0's next IFD is itself and its GPS
	// pointer points back to it too; orientation 3. exif-truncated: the
	// block ends inside IFD0, after the orientation (6) and before the
	// GPS pointer. exif-outside: IFD0 is past the end of the block.
	loop := buildTIFF(be, []ifd{{fields: []field{
		short(be, 0x0112, 3),
		{tag: 0x8825, typ: 4, count: 1, ifd: 0},
	}, next: 0}})
	write("exif-loop.jpg", insertJPEG(plain, app1EXIF(loop)))
	trunc := buildTIFF(le, []ifd{
		{fields: []field{short(le, 0x0112, 6), {tag: 0x8825, typ: 4, count: 1, ifd: 1}}, next: -1},
		{fields: []field{rationals(le, 0x0002, 1, 1, 2, 1, 3, 1)}, next: -1},
	})
	write("exif-truncated.jpg", insertJPEG(plain, app1EXIF(trunc[:8+2+12+6])))
	outside := []byte("MM\x00*\x00\x00\xff\xf0")
	write("exif-outside.jpg", insertJPEG(plain, app1EXIF(outside)))

	// A JPEG claiming 65000×65000 in its frame header.
	bomb := bytes.Clone(plain)
	i := bytes.Index(bomb, []byte{0xFF, 0xC0})
	binary.BigEndian.PutUint16(bomb[i+5:], 65000)
	binary.BigEndian.PutUint16(bomb[i+7:], 65000)
	write("bomb.jpg", bomb)

	// Grey JPEG; CMYK JPEG (150×103) from Go's tree.
	g := image.NewGray(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			g.SetGray(x, y, color.Gray{uint8(x * 4)})
		}
	}
	write("gray.jpg", encodeJPEG(g))
	goroot, err := exec.Command("go", "env", "GOROOT").Output()
	if err != nil {
		log.Fatal(err)
	}
	cmyk, err := os.ReadFile(filepath.Join(strings.TrimSpace(string(goroot)), "src/image/testdata/video-001.cmyk.jpeg"))
	if err != nil {
		log.Fatal(err)
	}
	write("cmyk.jpg", cmyk)

	// PNGs. png-exif: opaque, eXIf with orientation 6 and a position.
	write("plain.png", encodePNG(quadrants()))
	write("png-exif.png", insertPNG(encodePNG(quadrants()), chunk("eXIf", gps)))
	// alpha: transparent on the left, opaque on the right, with a tEXt.
	a := quadrants()
	for y := range h {
		for x := range w / 2 {
			a.SetNRGBA(x, y, color.NRGBA{255, 0, 0, uint8(x * 8)})
		}
	}
	write("alpha.png", insertPNG(encodePNG(a), chunk("tEXt", []byte("Comment\x00made by gen.go"))))
	// XMP in a compressed iTXt, with a position.
	itxt := append([]byte("XML:com.adobe.xmp\x00\x01\x00\x00\x00"),
		deflate(xmp(`exif:GPSLatitude="34,41.0N"`))...)
	write("xmp-gps.png", insertPNG(encodePNG(quadrants()), chunk("iTXt", itxt)))
	// ImageMagick's hex EXIF in a zTXt, with a position.
	exifData := append([]byte("Exif\x00\x00"), gps...)
	raw := fmt.Sprintf("\nexif\n%8d\n%s\n", len(exifData), wrap(hex.EncodeToString(exifData), 72))
	ztxt := append([]byte("Raw profile type exif\x00\x00"), deflate([]byte(raw))...)
	write("rawprofile-gps.png", insertPNG(encodePNG(quadrants()), chunk("zTXt", ztxt)))
	// Grey, 16-bit grey, 16-bit colour with alpha, a palette.
	write("gray.png", encodePNG(g))
	g16 := image.NewGray16(g.Rect)
	rgba64 := image.NewNRGBA64(g.Rect)
	pal := image.NewPaletted(g.Rect, color.Palette{
		color.NRGBA{0, 0, 0, 0}, topLeft, topRight, bottomLeft, bottomRight,
	})
	q := quadrants()
	for y := range h {
		for x := range w {
			g16.SetGray16(x, y, color.Gray16{uint16(x * 1000)})
			c := q.NRGBAAt(x, y)
			rgba64.SetNRGBA64(x, y, color.NRGBA64{uint16(c.R) * 257, uint16(c.G) * 257, uint16(c.B) * 257, 0xffff})
			pal.Set(x, y, c)
		}
	}
	pal.SetColorIndex(0, 0, 0)
	write("gray16.png", encodePNG(g16))
	write("rgba64.png", encodePNG(rgba64))
	write("paletted.png", encodePNG(pal))

	// A PNG claiming 10000×6000 (60 megapixels) with no pixel data.
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], 10000)
	binary.BigEndian.PutUint32(ihdr[4:], 6000)
	ihdr[8], ihdr[9] = 8, 2 // 8-bit RGB
	bombPNG := append([]byte("\x89PNG\r\n\x1a\n"), chunk("IHDR", ihdr)...)
	write("bomb.png", append(bombPNG, chunk("IEND", nil)...))
}

// quadrants returns the stored image every orientation fixture shows.
func quadrants() *image.NRGBA {
	m := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			c := topLeft
			switch {
			case x >= w/2 && y >= h/2:
				c = bottomRight
			case x >= w/2:
				c = topRight
			case y >= h/2:
				c = bottomLeft
			}
			m.SetNRGBA(x, y, c)
		}
	}
	return m
}

func encodeJPEG(m image.Image) []byte {
	var b bytes.Buffer
	if err := jpeg.Encode(&b, m, &jpeg.Options{Quality: 90}); err != nil {
		log.Fatal(err)
	}
	return b.Bytes()
}

func encodePNG(m image.Image) []byte {
	var b bytes.Buffer
	if err := png.Encode(&b, m); err != nil {
		log.Fatal(err)
	}
	return b.Bytes()
}

// segment returns a JPEG marker segment.
func segment(marker byte, payload []byte) []byte {
	s := []byte{0xFF, marker, 0, 0}
	binary.BigEndian.PutUint16(s[2:], uint16(len(payload)+2))
	return append(s, payload...)
}

func app1EXIF(tiff []byte) []byte { return segment(0xE1, append([]byte("Exif\x00\x00"), tiff...)) }

func app1XMP(x []byte) []byte {
	return segment(0xE1, append([]byte("http://ns.adobe.com/xap/1.0/\x00"), x...))
}

// insertJPEG puts segments right after a JPEG's SOI.
func insertJPEG(jpg []byte, segments ...[]byte) []byte {
	out := bytes.Clone(jpg[:2])
	for _, s := range segments {
		out = append(out, s...)
	}
	return append(out, jpg[2:]...)
}

func xmp(attrs string) []byte {
	return []byte(`<?xpacket begin="` + "\ufeff" + `" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:exif="http://ns.adobe.com/exif/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/" ` + attrs + `/>
</rdf:RDF></x:xmpmeta>
<?xpacket end="w"?>`)
}

// chunk returns a PNG chunk.
func chunk(typ string, data []byte) []byte {
	c := binary.BigEndian.AppendUint32(nil, uint32(len(data)))
	c = append(c, typ...)
	c = append(c, data...)
	return binary.BigEndian.AppendUint32(c, crc32.ChecksumIEEE(c[4:]))
}

// insertPNG puts chunks right after a PNG's IHDR.
func insertPNG(p []byte, chunks ...[]byte) []byte {
	const afterIHDR = 8 + 8 + 13 + 4
	out := bytes.Clone(p[:afterIHDR])
	for _, c := range chunks {
		out = append(out, c...)
	}
	return append(out, p[afterIHDR:]...)
}

func deflate(b []byte) []byte {
	var buf bytes.Buffer
	z := zlib.NewWriter(&buf)
	z.Write(b)
	z.Close()
	return buf.Bytes()
}

func wrap(s string, n int) string {
	var lines []string
	for len(s) > n {
		lines = append(lines, s[:n])
		s = s[n:]
	}
	return strings.Join(append(lines, s), "\n")
}

// byteOrder is binary.LittleEndian or binary.BigEndian.
type byteOrder interface {
	binary.ByteOrder
	binary.AppendByteOrder
}

// field is a TIFF IFD entry: its value in the block's byte order or, when
// value is nil, the offset of ifds[ifd].
type field struct {
	tag, typ uint16
	count    uint32
	value    []byte
	ifd      int
}

// ifd is a TIFF IFD; next is the index of the next one, -1 for none.
type ifd struct {
	fields []field
	next   int
}

func short(order byteOrder, tag, v uint16) field {
	return field{tag: tag, typ: 3, count: 1, value: order.AppendUint16(nil, v)}
}

func ascii(tag uint16, s string) field {
	return field{tag: tag, typ: 2, count: uint32(len(s) + 1), value: append([]byte(s), 0)}
}

func rationals(order byteOrder, tag uint16, v ...uint32) field {
	var b []byte
	for _, x := range v {
		b = order.AppendUint32(b, x)
	}
	return field{tag: tag, typ: 5, count: uint32(len(v) / 2), value: b}
}

// buildTIFF lays out a TIFF header and ifds one after the other, each
// followed by its values longer than 4 bytes.
func buildTIFF(order byteOrder, ifds []ifd) []byte {
	offsets := make([]uint32, len(ifds))
	off := uint32(8)
	for i, d := range ifds {
		offsets[i] = off
		off += uint32(2 + 12*len(d.fields) + 4)
		for _, f := range d.fields {
			if len(f.value) > 4 {
				off += uint32(len(f.value)+1) &^ 1
			}
		}
	}
	var b []byte
	if order == byteOrder(binary.LittleEndian) {
		b = []byte("II*\x00")
	} else {
		b = []byte("MM\x00*")
	}
	b = order.AppendUint32(b, offsets[0])
	for i, d := range ifds {
		extra := offsets[i] + uint32(2+12*len(d.fields)+4)
		var values []byte
		b = order.AppendUint16(b, uint16(len(d.fields)))
		for _, f := range d.fields {
			b = order.AppendUint16(b, f.tag)
			b = order.AppendUint16(b, f.typ)
			b = order.AppendUint32(b, f.count)
			switch {
			case f.value == nil:
				b = order.AppendUint32(b, offsets[f.ifd])
			case len(f.value) <= 4:
				v := make([]byte, 4)
				copy(v, f.value)
				b = append(b, v...)
			default:
				b = order.AppendUint32(b, extra+uint32(len(values)))
				values = append(values, f.value...)
				if len(values)%2 == 1 {
					values = append(values, 0)
				}
			}
		}
		next := uint32(0)
		if d.next >= 0 {
			next = offsets[d.next]
		}
		b = order.AppendUint32(b, next)
		b = append(b, values...)
	}
	return b
}
