// Package photo makes the published sizes of an article's photos: it
// reads a JPEG or PNG, turns it upright as its EXIF orientation says,
// scales it down to a few widths for srcset, and encodes each width again
// with no metadata at all: no EXIF, XMP, IPTC, ICC profile or comment, so
// that a camera's GPS position of, say, a women's shelter is never
// published. Inspect reads the dimensions and what metadata a file holds
// without decoding its pixels, so that a build can warn about originals
// that hold a position.
//
// The package is pure: bytes in, bytes out, no files, no cache. Key names
// a result for a cache kept by the caller.
//
// Only JPEG and PNG are read; a JPEG gives JPEGs and a PNG gives PNGs.
// Output is deterministic: the same input and options give the same bytes
// (on one architecture: floating-point rounding in scaling could differ
// on another).
package photo

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"
	"slices"
	"strconv"
)

// Version names the algorithm: change it whenever Resize would give other
// bytes for the same input and options (scaler, encoder settings, limits),
// so that Key changes and cached variants are made again.
const Version = "photo-1"

// MaxPixels is the most pixels (width × height) Resize decodes: 50
// megapixels, more than any phone or most cameras take (a 4032×3024 phone
// photo is 12), while a small file claiming far more is refused before it
// can take gigabytes of memory. Decoding 50 megapixels takes about 200 MB
// (RGBA); a JPEG's own YCbCr planes take less.
const MaxPixels = 50_000_000

// Defaults of Options.
var (
	// DefaultWidths are the widths made when Options.Widths is empty: a
	// phone's column, a tablet's or a laptop's column at 2×, and a wide
	// screen.
	DefaultWidths = []int{480, 960, 1600}
)

// DefaultJPEGQuality is the quality used when Options.JPEGQuality is 0.
// At 78 the standard library's encoder (baseline, 4:2:0 chroma, the IJG
// tables) shows no blocking in skies or skin at these widths; above 85 the
// files grow quickly for differences nobody sees on a phone, and below 70
// blocks show in smooth areas. Readers on mobile data pay for every byte.
const DefaultJPEGQuality = 78

// Errors Inspect and Resize wrap.
var (
	// ErrFormat is returned for data that is neither a JPEG nor a PNG.
	ErrFormat = errors.New("photo: not a JPEG or PNG image")
	// ErrTooLarge is returned by Resize for an image above MaxPixels.
	ErrTooLarge = errors.New("photo: image too large")
)

// Info is what Inspect reads of an image.
type Info struct {
	// Width and Height are as the image is shown: for a photo taken with
	// the camera on its side (EXIF orientation 5 to 8), the stored height
	// and width.
	Width, Height int
	// Format is "jpeg" or "png".
	Format string
	// Orientation is the EXIF orientation, 1 (as stored) to 8; 1 when
	// there is none or it is not valid.
	Orientation int
	// HasGPS says a position was found: a GPS latitude or longitude in
	// EXIF (a GPS IFD that cannot be read counts too), or the names
	// GPSLatitude or GPSLongitude in XMP or a PNG text chunk.
	HasGPS bool
	// HasMetadata says the file holds something Resize leaves out: EXIF,
	// XMP, IPTC, an ICC profile, a comment or another application segment
	// (JPEG), or eXIf, text, iCCP, tIME or sPLT chunks (PNG). JPEG's JFIF
	// and Adobe segments, which only say how the pixels are encoded, do
	// not count.
	HasMetadata bool
}

// Inspect reads an image's dimensions, format, orientation and metadata
// without decoding its pixels. Damaged metadata is not an error (it is
// read as far as it goes); an image whose header cannot be read is.
func Inspect(data []byte) (Info, error) {
	info, _, err := inspect(data)
	return info, err
}

// inspect is Inspect that also gives the stored (not rotated) size.
func inspect(data []byte) (Info, image.Config, error) {
	var (
		cfg image.Config
		m   metadata
		err error
		inf Info
	)
	switch {
	case bytes.HasPrefix(data, []byte("\xFF\xD8")):
		inf.Format = "jpeg"
		cfg, err = jpeg.DecodeConfig(bytes.NewReader(data))
		m = scanJPEG(data)
	case bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")):
		inf.Format = "png"
		cfg, err = png.DecodeConfig(bytes.NewReader(data))
		m = scanPNG(data)
	default:
		return Info{}, cfg, ErrFormat
	}
	if err != nil {
		return Info{}, cfg, fmt.Errorf("photo: reading %s header: %w", inf.Format, err)
	}
	inf.Width, inf.Height = cfg.Width, cfg.Height
	if swapsAxes(m.orientation) {
		inf.Width, inf.Height = cfg.Height, cfg.Width
	}
	inf.Orientation = m.orientation
	inf.HasGPS = m.gps
	inf.HasMetadata = m.any
	return inf, cfg, nil
}

// Options say which widths Resize makes and how.
type Options struct {
	// Widths are the widths wanted, in pixels, in any order; empty means
	// DefaultWidths.
	Widths []int
	// JPEGQuality is the JPEG quality, 1 to 100; 0 means
	// DefaultJPEGQuality. PNGs are lossless and ignore it.
	JPEGQuality int
}

// normalized returns the options with defaults filled in and the widths
// sorted without repeats, or an error for a width or quality out of range.
func (o Options) normalized() (Options, error) {
	if len(o.Widths) == 0 {
		o.Widths = DefaultWidths
	}
	o.Widths = slices.Compact(slices.Sorted(slices.Values(o.Widths)))
	if o.Widths[0] <= 0 {
		return o, fmt.Errorf("photo: width %d is not positive", o.Widths[0])
	}
	if o.JPEGQuality == 0 {
		o.JPEGQuality = DefaultJPEGQuality
	}
	if o.JPEGQuality < 1 || o.JPEGQuality > 100 {
		return o, fmt.Errorf("photo: JPEG quality %d is not between 1 and 100", o.JPEGQuality)
	}
	return o, nil
}

// Key returns a name for what Resize makes of data with opts, for a cache:
// a SHA-256 of Version, the options (with defaults filled in, so that
// Options{} and the defaults written out have one key) and the data, in
// hexadecimal.
func Key(data []byte, opts Options) string {
	if n, err := opts.normalized(); err == nil {
		opts = n
	}
	h := sha256.New()
	fmt.Fprintf(h, "%s\nwidths", Version)
	for _, w := range opts.Widths {
		h.Write([]byte(" " + strconv.Itoa(w)))
	}
	fmt.Fprintf(h, "\nquality %d\n", opts.JPEGQuality)
	h.Write(data)
	return hex.EncodeToString(h.Sum(nil))
}
