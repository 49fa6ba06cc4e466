package photo

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"golang.org/x/image/draw"
)

// The test images are made by testdata/gen.go; most are 64×48, stored as
// four quadrants: red top left, green top right, blue bottom left, white
// bottom right.

func readFixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestInspect(t *testing.T) {
	tests := []struct {
		file string
		want Info
	}{
		{"plain.jpg", Info{64, 48, "jpeg", 1, false, false}},
		{"orient-3.jpg", Info{64, 48, "jpeg", 3, false, true}},
		{"orient-6.jpg", Info{48, 64, "jpeg", 6, false, true}},
		{"orient-8.jpg", Info{48, 64, "jpeg", 8, false, true}},
		{"gps.jpg", Info{48, 64, "jpeg", 6, true, true}},
		{"gps-version-only.jpg", Info{64, 48, "jpeg", 1, false, true}},
		{"xmp-gps.jpg", Info{64, 48, "jpeg", 1, true, true}},
		{"xmp.jpg", Info{64, 48, "jpeg", 1, false, true}},
		{"exif-loop.jpg", Info{64, 48, "jpeg", 3, false, true}},
		{"exif-truncated.jpg", Info{48, 64, "jpeg", 6, false, true}},
		{"exif-outside.jpg", Info{64, 48, "jpeg", 1, false, true}},
		{"gray.jpg", Info{64, 48, "jpeg", 1, false, false}},
		{"cmyk.jpg", Info{150, 103, "jpeg", 1, false, false}}, // Adobe segment only
		{"bomb.jpg", Info{65000, 65000, "jpeg", 1, false, false}},
		{"plain.png", Info{64, 48, "png", 1, false, false}},
		{"png-exif.png", Info{48, 64, "png", 6, true, true}},
		{"alpha.png", Info{64, 48, "png", 1, false, true}},
		{"xmp-gps.png", Info{64, 48, "png", 1, true, true}},
		{"rawprofile-gps.png", Info{64, 48, "png", 1, true, true}}, // orientation of a text chunk is not applied
		{"gray16.png", Info{64, 48, "png", 1, false, false}},
		{"bomb.png", Info{10000, 6000, "png", 1, false, false}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			got, err := Inspect(readFixture(t, tt.file))
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("got  %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestInspectErrors(t *testing.T) {
	plain := readFixture(t, "plain.jpg")
	tests := []struct {
		name string
		data []byte
		want error // nil: any error
	}{
		{"empty", nil, ErrFormat},
		{"text", []byte("<html>"), ErrFormat},
		{"gif", []byte("GIF89a\x01\x00\x01\x00"), ErrFormat},
		{"jpeg SOI only", []byte("\xFF\xD8"), nil},
		{"jpeg cut in its header", plain[:100], nil},
		{"png signature only", []byte("\x89PNG\r\n\x1a\n"), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Inspect(tt.data)
			if err == nil || (tt.want != nil && !errors.Is(err, tt.want)) {
				t.Errorf("err = %v, want %v", err, tt.want)
			}
		})
	}
}

// TestParseEXIF feeds the EXIF reader damaged blocks: none may panic or
// loop, and what can be read is.
func TestParseEXIF(t *testing.T) {
	// ifd0 is a big-endian header and an IFD0 at 8 with the given entries
	// (tag, type, count, value) and next offset.
	ifd0 := func(next uint32, entries ...[4]uint32) []byte {
		b := []byte("MM\x00*\x00\x00\x00\x08")
		b = binary.BigEndian.AppendUint16(b, uint16(len(entries)))
		for _, e := range entries {
			b = binary.BigEndian.AppendUint16(b, uint16(e[0]))
			b = binary.BigEndian.AppendUint16(b, uint16(e[1]))
			b = binary.BigEndian.AppendUint32(b, e[2])
			if e[1] == typeShort {
				b = binary.BigEndian.AppendUint16(b, uint16(e[3]))
				b = append(b, 0, 0)
			} else {
				b = binary.BigEndian.AppendUint32(b, e[3])
			}
		}
		return binary.BigEndian.AppendUint32(b, next)
	}
	orient := func(v uint32) [4]uint32 { return [4]uint32{tagOrientation, typeShort, 1, v} }
	gpsAt := func(off uint32) [4]uint32 { return [4]uint32{tagGPSIFD, typeLong, 1, off} }
	// A GPS IFD at 26 (after an IFD0 of one entry) holding tag.
	withGPS := func(tag uint16) []byte {
		b := ifd0(0, gpsAt(26))
		b = binary.BigEndian.AppendUint16(b, 1)
		b = binary.BigEndian.AppendUint16(b, tag)
		b = binary.BigEndian.AppendUint16(b, 5)
		b = binary.BigEndian.AppendUint32(b, 3)
		b = binary.BigEndian.AppendUint32(b, 0xFFFF) // past the end: not read
		return binary.BigEndian.AppendUint32(b, 0)
	}
	tests := []struct {
		name   string
		data   []byte
		orient int
		gps    bool
	}{
		{"empty", nil, 1, false},
		{"header only", []byte("II*\x00"), 1, false},
		{"bad magic", []byte("XX*\x00\x08\x00\x00\x00"), 1, false},
		{"IFD0 far away", []byte("II*\x00\xff\xff\xff\xff"), 1, false},
		{"IFD0 at 0", []byte("II*\x00\x00\x00\x00\x00"), 1, false},
		{"count past the end", []byte("MM\x00*\x00\x00\x00\x08\xff\xff"), 1, false},
		{"orientation 6", ifd0(0, orient(6)), 6, false},
		{"orientation 0", ifd0(0, orient(0)), 1, false},
		{"orientation 9", ifd0(0, orient(9)), 1, false},
		{"orientation as LONG", ifd0(0, [4]uint32{tagOrientation, typeLong, 1, 6}), 1, false},
		{"orientation count 2", ifd0(0, [4]uint32{tagOrientation, typeShort, 2, 6}), 1, false},
		{"IFD0 is its own next", ifd0(8, orient(3)), 3, false},
		{"cut in the next offset", ifd0(0, orient(3))[:24], 3, false},
		{"GPS IFD is IFD0", ifd0(0, orient(3), gpsAt(8)), 3, false},
		{"GPS IFD past the end", ifd0(0, gpsAt(0xFFFFFF00)), 1, true},
		{"GPS IFD of type ASCII", ifd0(0, [4]uint32{tagGPSIFD, 2, 4, 0}), 1, true},
		{"GPS latitude", withGPS(gpsLatitude), 1, true},
		{"GPS longitude", withGPS(gpsLongitude), 1, true},
		{"GPS destination latitude", withGPS(gpsDestLatitude), 1, true},
		{"GPS altitude only", withGPS(0x0006), 1, false},
		{"GPS IFD cut", withGPS(gpsLatitude)[:29], 1, false}, // its count, no whole entry
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o, gps := parseEXIF(tt.data)
			if o != tt.orient || gps != tt.gps {
				t.Errorf("got orientation %d, GPS %v; want %d, %v", o, gps, tt.orient, tt.gps)
			}
		})
	}
}

// TestIFDChainLoop checks a chain of IFDs that points back to an earlier
// one (8 → 14 → 8) ends.
func TestIFDChainLoop(t *testing.T) {
	b := []byte("II*\x00\x08\x00\x00\x00" +
		"\x00\x00" + "\x0e\x00\x00\x00" + // IFD0 at 8: no entries, next 14
		"\x00\x00" + "\x08\x00\x00\x00") // IFD1 at 14: no entries, next 8
	if o, gps := parseEXIF(b); o != 1 || gps {
		t.Errorf("got %d, %v", o, gps)
	}
}

func TestScanJPEGDamaged(t *testing.T) {
	exif := "Exif\x00\x00MM\x00*\x00\x00\x00\x08\x00\x01\x01\x12\x00\x03\x00\x00\x00\x01\x00\x06\x00\x00\x00\x00\x00\x00"
	seg := func(marker byte, p string) string {
		return string(binary.BigEndian.AppendUint16([]byte{0xFF, marker}, uint16(len(p)+2))) + p
	}
	tests := []struct {
		name string
		data string
		want metadata
	}{
		{"SOI only", "\xFF\xD8", metadata{1, false, false}},
		{"EXIF", "\xFF\xD8" + seg(0xE1, exif), metadata{6, false, true}},
		{"fill bytes first", "\xFF\xD8\xFF\xFF\xFF" + seg(0xE1, exif)[1:], metadata{6, false, true}},
		{"EXIF cut", "\xFF\xD8" + seg(0xE1, exif)[:30], metadata{1, false, true}},
		{"length past the end", "\xFF\xD8\xFF\xE1\xff\xff" + exif, metadata{6, false, true}},
		{"length 0", "\xFF\xD8\xFF\xE1\x00\x00" + exif, metadata{1, false, false}},
		{"length 1", "\xFF\xD8\xFF\xE2\x00\x01", metadata{1, false, false}},
		{"no length", "\xFF\xD8\xFF\xE2\x00", metadata{1, false, false}},
		{"garbage", "\xFF\xD8garbage" + seg(0xE1, exif), metadata{1, false, false}},
		{"after SOS not read", "\xFF\xD8\xFF\xDA" + seg(0xE1, exif), metadata{1, false, false}},
		{"second EXIF's orientation ignored", "\xFF\xD8" + seg(0xFE, "hi") + seg(0xE1, exif) +
			seg(0xE1, strings.Replace(exif, "\x00\x06", "\x00\x03", 1)), metadata{6, false, true}},
		{"comment", "\xFF\xD8" + seg(0xFE, "hi"), metadata{1, false, true}},
		{"ICC", "\xFF\xD8" + seg(0xE2, "ICC_PROFILE\x00"), metadata{1, false, true}},
		{"JFIF", "\xFF\xD8" + seg(0xE0, "JFIF\x00\x01\x02"), metadata{1, false, false}},
		{"APP0 not JFIF", "\xFF\xD8" + seg(0xE0, "AVI1"), metadata{1, false, true}},
		{"XMP extension", "\xFF\xD8" + seg(0xE1, "http://ns.adobe.com/xmp/extension/\x00<exif:GPSLongitude>"), metadata{1, true, true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := scanJPEG([]byte(tt.data)); got != tt.want {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestScanPNGDamaged(t *testing.T) {
	sig := "\x89PNG\r\n\x1a\n"
	chunk := func(typ, data string) string {
		return string(binary.BigEndian.AppendUint32(nil, uint32(len(data)))) + typ + data + "CRC!"
	}
	tests := []struct {
		name string
		data string
		want metadata
	}{
		{"signature only", sig, metadata{1, false, false}},
		{"length past the end", sig + "\xff\xff\xff\xfftEXtGPSLatitude", metadata{1, true, true}},
		{"after IEND not read", sig + chunk("IEND", "") + chunk("tEXt", "a\x00b"), metadata{1, false, false}},
		{"tEXt with no keyword end", sig + chunk("tEXt", "GPSLongitude"), metadata{1, true, true}},
		{"zTXt damaged", sig + chunk("zTXt", "k\x00\x00\x78\x9cgarbage"), metadata{1, false, true}},
		{"zTXt empty", sig + chunk("zTXt", "k\x00"), metadata{1, false, true}},
		{"iTXt cut", sig + chunk("iTXt", "XML:com.adobe.xmp\x00\x00\x00en"), metadata{1, false, true}},
		{"iTXt", sig + chunk("iTXt", "XML:com.adobe.xmp\x00\x00\x00\x00\x00<exif:GPSLatitude>"), metadata{1, true, true}},
		{"raw profile damaged", sig + chunk("tEXt", "Raw profile type exif\x00\nexif\n 4\nzz"), metadata{1, false, true}},
		{"raw profile no lines", sig + chunk("tEXt", "Raw profile type exif\x00exif"), metadata{1, false, true}},
		{"eXIf empty", sig + chunk("eXIf", ""), metadata{1, false, true}},
		{"iCCP", sig + chunk("iCCP", "sRGB\x00\x00"), metadata{1, false, true}},
		{"gAMA is not metadata", sig + chunk("gAMA", "\x00\x00\xb1\x8f"), metadata{1, false, false}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := scanPNG([]byte(tt.data)); got != tt.want {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

type size struct{ w, h int }

func TestResizeSizes(t *testing.T) {
	small := Options{Widths: []int{16, 32, 128}}
	tests := []struct {
		file string
		opts Options
		want []size
		ext  string
	}{
		// Wider than the widest wanted: the wanted widths only.
		{"plain.jpg", Options{Widths: []int{32, 16}}, []size{{16, 12}, {32, 24}}, ".jpg"},
		// Narrower than the widest: the narrower wanted ones and its own.
		{"plain.jpg", small, []size{{16, 12}, {32, 24}, {64, 48}}, ".jpg"},
		{"plain.jpg", Options{Widths: []int{64, 16, 16}}, []size{{16, 12}, {64, 48}}, ".jpg"},
		// Narrower than the narrowest: its own width only.
		{"plain.jpg", Options{}, []size{{64, 48}}, ".jpg"},
		// Turned: sizes are as shown (48×64); 16×21.33 rounds to 21.
		{"orient-6.jpg", small, []size{{16, 21}, {32, 43}, {48, 64}}, ".jpg"},
		{"orient-3.jpg", small, []size{{16, 12}, {32, 24}, {64, 48}}, ".jpg"},
		{"cmyk.jpg", Options{Widths: []int{100, 10}}, []size{{10, 7}, {100, 69}}, ".jpg"},
		{"gray.jpg", small, []size{{16, 12}, {32, 24}, {64, 48}}, ".jpg"},
		{"png-exif.png", small, []size{{16, 21}, {32, 43}, {48, 64}}, ".png"},
		{"alpha.png", small, []size{{16, 12}, {32, 24}, {64, 48}}, ".png"},
		{"gray16.png", small, []size{{16, 12}, {32, 24}, {64, 48}}, ".png"},
		{"rgba64.png", small, []size{{16, 12}, {32, 24}, {64, 48}}, ".png"},
		{"paletted.png", small, []size{{16, 12}, {32, 24}, {64, 48}}, ".png"},
		// One pixel high at most: never 0.
		{"plain.jpg", Options{Widths: []int{1, 2}}, []size{{1, 1}, {2, 2}}, ".jpg"},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.file, tt.opts.Widths), func(t *testing.T) {
			vs, err := Resize(readFixture(t, tt.file), tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			var got []size
			for _, v := range vs {
				got = append(got, size{v.Width, v.Height})
				if v.Ext != tt.ext {
					t.Errorf("%dw: ext %q, want %q", v.Width, v.Ext, tt.ext)
				}
				m, _, err := image.Decode(bytes.NewReader(v.Data))
				if err != nil {
					t.Fatalf("%dw: %v", v.Width, err)
				}
				if b := m.Bounds(); b.Dx() != v.Width || b.Dy() != v.Height {
					t.Errorf("%dw: encoded %v, variant says %d×%d", v.Width, b, v.Width, v.Height)
				}
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("sizes %v, want %v", got, tt.want)
			}
		})
	}
}

// TestResizeOrientation checks every orientation is applied to the pixels:
// the quadrant shown top left and top right, against where EXIF says the
// stored image's corners go.
func TestResizeOrientation(t *testing.T) {
	var (
		red   = color.RGBA{255, 0, 0, 255}
		green = color.RGBA{0, 255, 0, 255}
		blue  = color.RGBA{0, 0, 255, 255}
		white = color.RGBA{255, 255, 255, 255}
	)
	tests := []struct {
		file                string
		topLeft, topRight   color.RGBA
		displayedW, storedW int
	}{
		{"orient-1.jpg", red, green, 64, 64},
		{"orient-2.jpg", green, red, 64, 64},
		{"orient-3.jpg", white, blue, 64, 64},
		{"orient-4.jpg", blue, white, 64, 64},
		{"orient-5.jpg", red, blue, 48, 64},
		{"orient-6.jpg", blue, red, 48, 64},
		{"orient-7.jpg", white, green, 48, 64},
		{"orient-8.jpg", green, white, 48, 64},
		{"png-exif.png", blue, red, 48, 64},
		{"gps.jpg", blue, red, 48, 64},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			// 24 scales; the original width is re-encoded as it is or turned.
			vs, err := Resize(readFixture(t, tt.file), Options{Widths: []int{24, 1000}})
			if err != nil {
				t.Fatal(err)
			}
			if len(vs) != 2 || vs[1].Width != tt.displayedW {
				t.Fatalf("got %d variants, the last %d wide; want 2, %d", len(vs), vs[len(vs)-1].Width, tt.displayedW)
			}
			for _, v := range vs {
				m, _, err := image.Decode(bytes.NewReader(v.Data))
				if err != nil {
					t.Fatal(err)
				}
				w, h := v.Width, v.Height
				for _, c := range []struct {
					x, y int
					want color.RGBA
				}{{w / 4, h / 4, tt.topLeft}, {3 * w / 4, h / 4, tt.topRight}} {
					if got := m.At(c.x, c.y); !near(got, c.want) {
						t.Errorf("%d×%d at (%d, %d): %v, want %v", w, h, c.x, c.y, got, c.want)
					}
				}
			}
		})
	}
}

func near(c color.Color, want color.RGBA) bool {
	r, g, b, _ := c.RGBA()
	d := func(a uint32, b uint8) bool { return max(a>>8, uint32(b))-min(a>>8, uint32(b)) <= 40 }
	return d(r, want.R) && d(g, want.G) && d(b, want.B)
}

// TestResizeStripsMetadata checks no variant of any readable fixture holds
// an application segment or comment (JPEG) or any chunk but the critical
// ones and transparency (PNG).
func TestResizeStripsMetadata(t *testing.T) {
	files, err := filepath.Glob("testdata/*.*g")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		name := filepath.Base(f)
		if strings.HasPrefix(name, "bomb") {
			continue
		}
		t.Run(name, func(t *testing.T) {
			vs, err := Resize(readFixture(t, name), Options{Widths: []int{16, 1000}})
			if err != nil {
				t.Fatal(err)
			}
			for _, v := range vs {
				switch v.Ext {
				case ".jpg":
					for _, m := range jpegMarkers(t, v.Data) {
						if m >= 0xE0 && m <= 0xEF || m == 0xFE {
							t.Errorf("%dw: marker %#x", v.Width, m)
						}
					}
				case ".png":
					for _, c := range pngChunks(t, v.Data) {
						switch c {
						case "IHDR", "PLTE", "tRNS", "IDAT", "IEND":
						default:
							t.Errorf("%dw: chunk %s", v.Width, c)
						}
					}
				}
				info, err := Inspect(v.Data)
				if err != nil {
					t.Fatal(err)
				}
				if info.HasMetadata || info.HasGPS || info.Orientation != 1 {
					t.Errorf("%dw: Inspect says %+v", v.Width, info)
				}
			}
		})
	}
}

// jpegMarkers returns the markers of a JPEG's segments, failing unless
// they run SOI, segments, SOS, scan data, EOI at the very end.
func jpegMarkers(t *testing.T, b []byte) []byte {
	t.Helper()
	if !bytes.HasPrefix(b, []byte{0xFF, markerSOI}) || !bytes.HasSuffix(b, []byte{0xFF, markerEOI}) {
		t.Fatalf("not SOI … EOI")
	}
	var markers []byte
	i := 2
	for {
		if i+4 > len(b) || b[i] != 0xFF {
			t.Fatalf("no marker at %d", i)
		}
		m := b[i+1]
		markers = append(markers, m)
		i += 2 + int(binary.BigEndian.Uint16(b[i+2:]))
		if m == markerSOS {
			break
		}
	}
	// In the scan data a 0xFF is followed by a stuffed 0 or a restart
	// marker; anything else would be another segment.
	scan := b[i : len(b)-2]
	for k := 0; k < len(scan); k++ {
		if scan[k] != 0xFF {
			continue
		}
		if k+1 == len(scan) {
			t.Fatalf("0xFF at the end of the scan")
		}
		if m := scan[k+1]; m != 0 && (m < 0xD0 || m > 0xD7) {
			markers = append(markers, m)
		}
		k++
	}
	return markers
}

// pngChunks returns the types of a PNG's chunks.
func pngChunks(t *testing.T, b []byte) []string {
	t.Helper()
	var types []string
	for i := 8; i < len(b); {
		if i+12 > len(b) {
			t.Fatalf("chunk cut at %d", i)
		}
		n := int(binary.BigEndian.Uint32(b[i:]))
		types = append(types, string(b[i+4:i+8]))
		i += 12 + n
	}
	return types
}

func TestResizeKeepsKind(t *testing.T) {
	tests := []struct {
		file  string
		gray  bool
		alpha bool
	}{
		{"plain.jpg", false, false},
		{"cmyk.jpg", false, false},
		{"gray.jpg", true, false},
		{"plain.png", false, false},
		{"gray.png", true, false},
		{"gray16.png", true, false},
		{"alpha.png", false, true},
		{"paletted.png", false, true},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			vs, err := Resize(readFixture(t, tt.file), Options{Widths: []int{32}})
			if err != nil {
				t.Fatal(err)
			}
			m, _, err := image.Decode(bytes.NewReader(vs[0].Data))
			if err != nil {
				t.Fatal(err)
			}
			if gray := m.ColorModel() == color.GrayModel; gray != tt.gray {
				t.Errorf("grey %v, want %v (%T)", gray, tt.gray, m)
			}
			_, _, _, a := m.At(0, 0).RGBA()
			if alpha := a < 0xffff; alpha != tt.alpha {
				t.Errorf("transparent corner %v, want %v", alpha, tt.alpha)
			}
		})
	}
}

// TestResizeAlpha checks transparency is scaled premultiplied: the
// half-transparent red of alpha.png's left half stays red, not darkened.
func TestResizeAlpha(t *testing.T) {
	vs, err := Resize(readFixture(t, "alpha.png"), Options{Widths: []int{32}})
	if err != nil {
		t.Fatal(err)
	}
	m, err := png.Decode(bytes.NewReader(vs[0].Data))
	if err != nil {
		t.Fatal(err)
	}
	c := color.NRGBAModel.Convert(m.At(8, 12)).(color.NRGBA)
	if c.R < 250 || c.G > 5 || c.B > 5 || c.A < 100 || c.A > 160 {
		t.Errorf("got %v, want red about half transparent", c)
	}
}

func TestResizeDeterministic(t *testing.T) {
	for _, name := range []string{"gps.jpg", "alpha.png", "cmyk.jpg", "orient-7.jpg"} {
		data := readFixture(t, name)
		opts := Options{Widths: []int{20, 40}}
		a, err := Resize(data, opts)
		if err != nil {
			t.Fatal(err)
		}
		b, err := Resize(bytes.Clone(data), opts)
		if err != nil {
			t.Fatal(err)
		}
		for i := range a {
			if !bytes.Equal(a[i].Data, b[i].Data) {
				t.Errorf("%s %dw: two runs differ", name, a[i].Width)
			}
		}
	}
}

func TestKey(t *testing.T) {
	a, b := readFixture(t, "plain.jpg"), readFixture(t, "gps.jpg")
	k := Key(a, Options{})
	same := []Options{
		{Widths: []int{480, 960, 1600}, JPEGQuality: DefaultJPEGQuality},
		{Widths: []int{1600, 480, 960, 480}},
	}
	for _, o := range same {
		if got := Key(a, o); got != k {
			t.Errorf("Key(%+v) = %s, want %s as for Options{}", o, got, k)
		}
	}
	differ := map[string]string{
		"other data":    Key(b, Options{}),
		"other widths":  Key(a, Options{Widths: []int{480, 960}}),
		"widths joined": Key(a, Options{Widths: []int{4809, 60}}),
		"other quality": Key(a, Options{JPEGQuality: 80}),
	}
	for name, got := range differ {
		if got == k {
			t.Errorf("%s: same key %s", name, got)
		}
	}
	if len(k) != 64 {
		t.Errorf("key %q is not 64 hexadecimal digits", k)
	}
}

func TestResizeTooLarge(t *testing.T) {
	tests := []struct{ file, dims string }{
		{"bomb.jpg", "65000×65000"},
		{"bomb.png", "10000×6000"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			_, err := Resize(readFixture(t, tt.file), Options{})
			if !errors.Is(err, ErrTooLarge) {
				t.Fatalf("err = %v, want ErrTooLarge", err)
			}
			if msg := err.Error(); !strings.Contains(msg, tt.dims) || !strings.Contains(msg, "limit of 50 megapixels") {
				t.Errorf("message %q does not name %s and the limit", msg, tt.dims)
			}
		})
	}
}

func TestResizeErrors(t *testing.T) {
	plain := readFixture(t, "plain.jpg")
	png := readFixture(t, "plain.png")
	tests := []struct {
		name string
		data []byte
		opts Options
		want string
	}{
		{"not an image", []byte("GIF89a"), Options{}, "not a JPEG or PNG"},
		{"width 0", plain, Options{Widths: []int{0, 100}}, "width 0 is not positive"},
		{"negative width", plain, Options{Widths: []int{100, -5}}, "width -5 is not positive"},
		{"quality 101", plain, Options{JPEGQuality: 101}, "quality 101"},
		{"quality -1", plain, Options{JPEGQuality: -1}, "quality -1"},
		{"JPEG cut in its pixels", readFixture(t, "cmyk.jpg")[:10000], Options{}, "decoding jpeg"},
		{"PNG cut in its pixels", png[:len(png)-30], Options{}, "decoding png"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Resize(tt.data, tt.opts)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want one saying %q", err, tt.want)
			}
		})
	}
}

// TestOrientSmall checks orient on a 3×2 image against the corner table
// in its comment: where the stored (0, 0) is shown.
func TestOrientSmall(t *testing.T) {
	m := image.NewRGBA(image.Rect(0, 0, 3, 2))
	m.Pix[0] = 1 // the stored (0, 0)
	want := map[int]string{1: "tl", 2: "tr", 3: "br", 4: "bl", 5: "tl", 6: "tr", 7: "br", 8: "bl"}
	for o := 1; o <= 8; o++ {
		out := orient(m, o)
		w, h := out.Rect.Dx(), out.Rect.Dy()
		if swapsAxes(o) != (w == 2) {
			t.Errorf("%d: %d×%d", o, w, h)
		}
		corners := map[string]image.Point{"tl": {0, 0}, "tr": {w - 1, 0}, "bl": {0, h - 1}, "br": {w - 1, h - 1}}
		p := corners[want[o]]
		if out.RGBAAt(p.X, p.Y).R != 1 {
			t.Errorf("%d: stored (0, 0) not at %s", o, want[o])
		}
	}
}

// TestScaleBands checks scale gives the same pixels whatever the number
// of processors, and within two levels of x/image/draw's two-dimensional
// Scale (the rounding of the pass between), here on a photo-like image of odd sizes several bands
// wide and high, down in both directions and in one.
func TestScaleBands(t *testing.T) {
	src := synthPhoto(1001, 333)
	for _, size := range []image.Point{{407, 151}, {1001, 101}, {250, 333}} {
		one := func() *image.RGBA {
			defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
			return scale(src, size.X, size.Y)
		}()
		many := func() *image.RGBA {
			defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(5))
			return scale(src, size.X, size.Y)
		}()
		if !bytes.Equal(one.Pix, many.Pix) {
			t.Errorf("%v: 1 and 5 processors differ", size)
		}
		ref := image.NewRGBA(image.Rectangle{Max: size})
		draw.CatmullRom.Scale(ref, ref.Rect, src, src.Bounds(), draw.Src, nil)
		worst := 0
		for i := range ref.Pix {
			worst = max(worst, int(ref.Pix[i])-int(one.Pix[i]), int(one.Pix[i])-int(ref.Pix[i]))
		}
		if worst > 2 {
			t.Errorf("%v: differs from draw.CatmullRom.Scale by up to %d", size, worst)
		}
	}
}

// TestScanPNGInflateBudget checks the compressed text chunks of one PNG
// are inflated to maxText bytes all together: a position past that is
// not seen, one in plain text is.
func TestScanPNGInflateBudget(t *testing.T) {
	bomb := func(text string) []byte {
		var buf bytes.Buffer
		z := zlib.NewWriter(&buf)
		z.Write(bytes.Repeat([]byte(" "), maxText/2))
		z.Write([]byte(text))
		z.Close()
		return append([]byte("Comment\x00\x00"), buf.Bytes()...)
	}
	chunk := func(typ string, data []byte) []byte {
		c := binary.BigEndian.AppendUint32(nil, uint32(len(data)))
		return append(append(append(c, typ...), data...), "CRC!"...)
	}
	b := []byte("\x89PNG\r\n\x1a\n")
	b = append(b, chunk("zTXt", bomb(""))...)
	b = append(b, chunk("zTXt", bomb(""))...)
	b = append(b, chunk("zTXt", bomb("GPSLatitude"))...)
	if m := scanPNG(b); m.gps {
		t.Errorf("a position past the budget was read")
	}
	b = append(b, chunk("tEXt", []byte("Comment\x00GPSLatitude"))...)
	if m := scanPNG(b); !m.gps {
		t.Errorf("a position in plain text was not read")
	}
}
