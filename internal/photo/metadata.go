package photo

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"encoding/hex"
	"io"
)

// metadata is what a scan of a file's metadata segments or chunks found.
type metadata struct {
	orientation int  // 1 to 8; 1 when absent or not valid
	gps         bool // a position, in EXIF, XMP or a text chunk
	any         bool // anything Resize leaves out (see Info.HasMetadata)
}

// Limits of the metadata scan. A file past them is not an error: the scan
// stops and says what it saw so far.
const (
	// maxIFDs is the number of image file directories read in one EXIF
	// block: IFD0, its chain (IFD1 holds the thumbnail) and the GPS IFD.
	// It also ends offsets that loop back.
	maxIFDs = 8
	// maxText is the most the compressed text chunks of one PNG are
	// inflated to, all together, so that a file of many small zlib bombs
	// is read quickly too.
	maxText = 4 << 20
)

// Prefixes of JPEG APP1 payloads.
var (
	exifPrefix    = []byte("Exif\x00\x00")
	xmpPrefix     = []byte("http://ns.adobe.com/xap/1.0/\x00")
	xmpExtPrefix  = []byte("http://ns.adobe.com/xmp/extension/\x00")
	jfifPrefix    = []byte("JFIF\x00")
	jfxxPrefix    = []byte("JFXX\x00")
	adobePrefix   = []byte("Adobe")
	xmpGPSNames   = [][]byte{[]byte("GPSLatitude"), []byte("GPSLongitude")}
	rawProfileKey = "Raw profile type "
)

// JPEG markers.
const (
	markerSOI  = 0xD8
	markerEOI  = 0xD9
	markerSOS  = 0xDA
	markerAPP0 = 0xE0
	markerAPP1 = 0xE1
	markerAPPE = 0xEE // Adobe: the colour transform, needed to decode
	markerAPPF = 0xEF
	markerCOM  = 0xFE
)

// scanJPEG reads the segments of a JPEG up to its first scan (SOS), where
// EXIF, XMP, IPTC, ICC profiles and comments are kept. Orientation comes
// from the first EXIF block, as decoders read it.
func scanJPEG(b []byte) metadata {
	m := metadata{orientation: 1}
	sawEXIF := false
	i := 2 // after SOI
	for i+2 <= len(b) {
		if b[i] != 0xFF {
			break // not at a marker: the file is damaged, stop here
		}
		marker := b[i+1]
		if marker == 0xFF { // fill byte
			i++
			continue
		}
		i += 2
		if marker == markerSOS || marker == markerEOI {
			break
		}
		if marker == markerSOI || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7) {
			continue // markers without a length
		}
		if i+2 > len(b) {
			break
		}
		n := int(binary.BigEndian.Uint16(b[i:]))
		if n < 2 {
			break
		}
		end := min(i+n, len(b)) // a truncated segment is read as far as it goes
		p := b[i+2 : end]
		i = end
		switch {
		case marker == markerAPP0:
			if !bytes.HasPrefix(p, jfifPrefix) && !bytes.HasPrefix(p, jfxxPrefix) {
				m.any = true
			}
		case marker == markerAPPE:
			if !bytes.HasPrefix(p, adobePrefix) {
				m.any = true
			}
		case marker == markerAPP1:
			m.any = true
			switch {
			case bytes.HasPrefix(p, exifPrefix):
				o, gps := parseEXIF(p[len(exifPrefix):])
				if !sawEXIF {
					m.orientation = o
					sawEXIF = true
				}
				m.gps = m.gps || gps
			case bytes.HasPrefix(p, xmpPrefix), bytes.HasPrefix(p, xmpExtPrefix):
				m.gps = m.gps || xmpHasGPS(p)
			}
		case marker > markerAPP1 && marker <= markerAPPF, marker == markerCOM:
			m.any = true // ICC (APP2), IPTC (APP13), comments and the rest
		}
	}
	return m
}

// scanPNG reads a PNG's chunks up to IEND. Orientation comes from the first
// eXIf chunk. Positions are looked for in eXIf, in XMP and any other text
// (tEXt, zTXt, iTXt), and in ImageMagick's hex "Raw profile type" texts.
func scanPNG(b []byte) metadata {
	m := metadata{orientation: 1}
	sawEXIF := false
	budget := int64(maxText) // left to inflate
	i := 8                   // after the signature
	for i+8 <= len(b) {
		n := int64(binary.BigEndian.Uint32(b[i:]))
		typ := string(b[i+4 : i+8])
		start := i + 8
		end := int64(start) + n
		if end > int64(len(b)) {
			end = int64(len(b)) // read a truncated chunk as far as it goes
		}
		body := b[start:end]
		switch typ {
		case "IEND":
			return m
		case "eXIf":
			m.any = true
			body = bytes.TrimPrefix(body, exifPrefix) // some writers keep it
			o, gps := parseEXIF(body)
			if !sawEXIF {
				m.orientation = o
				sawEXIF = true
			}
			m.gps = m.gps || gps
		case "tEXt", "zTXt", "iTXt":
			m.any = true
			key, text := pngText(typ, body, budget)
			if typ != "tEXt" {
				budget -= int64(len(text))
			}
			if raw, ok := rawProfile(key, text); ok {
				text = raw
				_, gps := parseEXIF(bytes.TrimPrefix(raw, exifPrefix))
				m.gps = m.gps || gps
			}
			m.gps = m.gps || xmpHasGPS(text)
		case "iCCP", "tIME", "sPLT":
			m.any = true
		}
		i = int(end) + 4 // CRC
	}
	return m
}

// pngText returns the keyword and the text of a tEXt, zTXt or iTXt chunk,
// inflated, to at most limit bytes, if it was compressed. A malformed chunk
// gives what could be read.
func pngText(typ string, body []byte, limit int64) (key string, text []byte) {
	k, rest, ok := bytes.Cut(body, []byte{0})
	if !ok {
		return "", body
	}
	key = string(k)
	switch typ {
	case "tEXt":
		return key, rest
	case "zTXt": // compression method, then zlib data
		if len(rest) < 1 {
			return key, nil
		}
		return key, inflate(rest[1:], limit)
	}
	// iTXt: compression flag, method, language\0, translated keyword\0, text
	if len(rest) < 2 {
		return key, nil
	}
	compressed := rest[0] == 1
	rest = rest[2:]
	for range 2 {
		_, after, ok := bytes.Cut(rest, []byte{0})
		if !ok {
			return key, nil
		}
		rest = after
	}
	if compressed {
		return key, inflate(rest, limit)
	}
	return key, rest
}

// inflate decompresses zlib data, at most limit bytes of it; damaged data
// gives what came out before the damage.
func inflate(b []byte, limit int64) []byte {
	if limit <= 0 {
		return nil
	}
	r, err := zlib.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil
	}
	out, _ := io.ReadAll(io.LimitReader(r, limit))
	return out
}

// rawProfile decodes ImageMagick's way of keeping an EXIF, XMP or IPTC
// block in a PNG text chunk: keyword "Raw profile type NAME", text
// "\nNAME\n   LENGTH\nHEX…".
func rawProfile(key string, text []byte) ([]byte, bool) {
	if len(key) <= len(rawProfileKey) || key[:len(rawProfileKey)] != rawProfileKey {
		return nil, false
	}
	text = bytes.TrimLeft(text, "\n")
	_, rest, ok := bytes.Cut(text, []byte("\n")) // the name
	if !ok {
		return nil, false
	}
	_, rest, ok = bytes.Cut(rest, []byte("\n")) // the length: the hex says it too
	if !ok {
		return nil, false
	}
	digits := make([]byte, 0, len(rest))
	for _, c := range rest {
		if c != '\n' && c != ' ' && c != '\r' && c != '\t' {
			digits = append(digits, c)
		}
	}
	out := make([]byte, hex.DecodedLen(len(digits)))
	n, _ := hex.Decode(out, digits) // up to the first bad digit
	return out[:n], true
}

// xmpHasGPS says whether an XMP packet names a position: exif:GPSLatitude
// or exif:GPSLongitude, as an element or an attribute, with any prefix.
// This is deliberately loose: an XMP that mentions the names at all is
// reported.
func xmpHasGPS(b []byte) bool {
	for _, name := range xmpGPSNames {
		if bytes.Contains(b, name) {
			return true
		}
	}
	return false
}

// TIFF tags and field types read from EXIF.
const (
	tagOrientation = 0x0112
	tagGPSIFD      = 0x8825

	gpsLatitude      = 0x0002
	gpsLongitude     = 0x0004
	gpsDestLatitude  = 0x0014
	gpsDestLongitude = 0x0016

	typeShort = 3
	typeLong  = 4
	typeIFD   = 13
)

// tiff is an EXIF block: a TIFF header and its IFDs, offsets counted from
// the header.
type tiff struct {
	b     []byte
	order binary.ByteOrder
}

// parseEXIF reads a TIFF-structured EXIF block (what follows "Exif\0\0"):
// the orientation from IFD0, and whether a GPS IFD holds a latitude or a
// longitude. Every offset is bounds-checked, an IFD is read at most once,
// and at most maxIFDs are read, so no input can make it panic or loop. A
// GPS IFD that is pointed to but cannot be read counts as a position: the
// scan errs towards a warning.
func parseEXIF(b []byte) (orientation int, gps bool) {
	orientation = 1
	if len(b) < 8 {
		return orientation, false
	}
	t := tiff{b: b}
	switch string(b[:4]) {
	case "II*\x00":
		t.order = binary.LittleEndian
	case "MM\x00*":
		t.order = binary.BigEndian
	default:
		return orientation, false
	}
	var seen []uint32
	visit := func(off uint32) bool {
		if off == 0 || len(seen) >= maxIFDs {
			return false
		}
		for _, s := range seen {
			if s == off {
				return false
			}
		}
		seen = append(seen, off)
		return true
	}
	off := t.order.Uint32(b[4:])
	for first := true; visit(off); first = false {
		entries, next, ok := t.ifd(off)
		if !ok {
			break
		}
		for e := range entries {
			switch e.tag {
			case tagOrientation:
				if first && e.typ == typeShort && e.count == 1 {
					if v := int(t.order.Uint16(e.value[:2])); v >= 1 && v <= 8 {
						orientation = v
					}
				}
			case tagGPSIFD:
				if e.count != 1 || (e.typ != typeLong && e.typ != typeIFD) {
					gps = true // a GPS IFD of an odd form: assume the worst
					continue
				}
				g := t.order.Uint32(e.value[:])
				if !visit(g) {
					continue // already read, or too many IFDs
				}
				gps = gps || t.gpsHasPosition(g)
			}
		}
		off = next
	}
	return orientation, gps
}

// gpsHasPosition says whether the GPS IFD at off holds a latitude or a
// longitude (of the camera or of its subject), or cannot be read.
func (t tiff) gpsHasPosition(off uint32) bool {
	entries, _, ok := t.ifd(off)
	if !ok {
		return true
	}
	for e := range entries {
		switch e.tag {
		case gpsLatitude, gpsLongitude, gpsDestLatitude, gpsDestLongitude:
			return true
		}
	}
	return false
}

// entry is one 12-byte IFD entry; value holds the value itself or, when it
// does not fit in 4 bytes, its offset.
type entry struct {
	tag, typ uint16
	count    uint32
	value    [4]byte
}

// ifd returns the entries of the IFD at off and the offset of the next
// one (0 when it cannot be read); ok is false when off is outside the
// block. An IFD whose entries run past the end yields those that fit.
func (t tiff) ifd(off uint32) (entries func(func(entry) bool), next uint32, ok bool) {
	if uint64(off)+2 > uint64(len(t.b)) {
		return nil, 0, false
	}
	start := int(off) + 2
	n := int(t.order.Uint16(t.b[off:]))
	fit := min(n, (len(t.b)-start)/12)
	if end := start + n*12; end+4 <= len(t.b) {
		next = t.order.Uint32(t.b[end:])
	}
	entries = func(yield func(entry) bool) {
		for k := range fit {
			p := t.b[start+k*12:]
			e := entry{
				tag:   t.order.Uint16(p[0:]),
				typ:   t.order.Uint16(p[2:]),
				count: t.order.Uint32(p[4:]),
			}
			copy(e.value[:], p[8:12])
			if !yield(e) {
				return
			}
		}
	}
	return entries, next, true
}
