package photo

import (
	"path/filepath"
	"testing"
)

// FuzzInspect feeds Inspect, and the EXIF, JPEG and PNG metadata readers
// under it, any bytes: none may panic or loop, and what Inspect says must
// be in range. The seeds are the test images, damaged ones included.
func FuzzInspect(f *testing.F) {
	files, err := filepath.Glob("testdata/*.*g")
	if err != nil {
		f.Fatal(err)
	}
	for _, name := range files {
		f.Add(readFixture(f, filepath.Base(name)))
	}
	f.Add([]byte("II*\x00\x08\x00\x00\x00\x01\x00\x12\x01\x03\x00\x01\x00\x00\x00\x06\x00\x00\x00\x08\x00\x00\x00"))
	f.Fuzz(func(t *testing.T, data []byte) {
		parseEXIF(data)
		scanJPEG(data)
		scanPNG(data)
		info, err := Inspect(data)
		if err != nil {
			return
		}
		if info.Orientation < 1 || info.Orientation > 8 {
			t.Errorf("orientation %d", info.Orientation)
		}
		if info.Format != "jpeg" && info.Format != "png" {
			t.Errorf("format %q", info.Format)
		}
		if info.HasGPS && !info.HasMetadata {
			t.Errorf("GPS without metadata: %+v", info)
		}
	})
}
