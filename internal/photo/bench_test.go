package photo

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"
	"math"
	"math/rand/v2"
	"sync"
	"testing"
)

// phoneJPEG is a generated 4032×3024 photo as a phone writes it (4:2:0,
// quality 92), with EXIF orientation o (6: held upright, 1: sideways);
// see synthPhoto.
func phoneJPEG(o int) []byte {
	exif := []byte("Exif\x00\x00MM\x00*\x00\x00\x00\x08\x00\x01\x01\x12\x00\x03\x00\x00\x00\x01\x00\x00\x00\x00\x00\x00\x00\x00")
	exif[len(exif)-7] = byte(o)
	b := binary.BigEndian.AppendUint16([]byte{0xFF, 0xD8, 0xFF, 0xE1}, uint16(len(exif)+2))
	return append(append(b, exif...), phoneJPEGPixels()[2:]...)
}

var phoneJPEGPixels = sync.OnceValue(func() []byte {
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, synthPhoto(4032, 3024), &jpeg.Options{Quality: 92}); err != nil {
		panic(err)
	}
	return buf.Bytes()
})

// synthPhoto returns a w×h image standing in for a photo: smooth
// gradients (sky, walls), hard edges (windows), detail at the scale of a
// few pixels (foliage, fabric, gravel) over the lower half, and sensor
// noise, so that scaling and encoding have about the work of a real photo.
func synthPhoto(w, h int) *image.YCbCr {
	m := image.NewYCbCr(image.Rect(0, 0, w, h), image.YCbCrSubsampleRatio420)
	r := rand.New(rand.NewPCG(1, 2))
	// detail is value noise on a grid of cells 5 pixels wide.
	const cell = 5
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

// BenchmarkResize is a phone's 4032×3024 JPEG to the default widths,
// a portrait (turned, 3024 wide: the most work) and a landscape; it
// reports each width's bytes.
func BenchmarkResize(b *testing.B) {
	for _, bb := range []struct {
		name        string
		orientation int
	}{{"portrait", 6}, {"landscape", 1}} {
		b.Run(bb.name, func(b *testing.B) {
			data := phoneJPEG(bb.orientation)
			var vs []Variant
			for b.Loop() {
				var err error
				if vs, err = Resize(data, Options{}); err != nil {
					b.Fatal(err)
				}
			}
			for _, v := range vs {
				b.ReportMetric(float64(len(v.Data)), fmt.Sprintf("bytes/%dw", v.Width))
			}
		})
	}
}

// BenchmarkDecode is the part of BenchmarkResize no scaler can save.
func BenchmarkDecode(b *testing.B) {
	data := phoneJPEG(1)
	for b.Loop() {
		if _, err := jpeg.Decode(bytes.NewReader(data)); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkResizePNG is a 2000×1500 opaque PNG photo to the default
// widths.
func BenchmarkResizePNG(b *testing.B) {
	var buf bytes.Buffer
	if err := png.Encode(&buf, synthPhoto(2000, 1500)); err != nil {
		b.Fatal(err)
	}
	var vs []Variant
	for b.Loop() {
		var err error
		if vs, err = Resize(buf.Bytes(), Options{}); err != nil {
			b.Fatal(err)
		}
	}
	for _, v := range vs {
		b.ReportMetric(float64(len(v.Data)), fmt.Sprintf("bytes/%dw", v.Width))
	}
}
