package phototest

import (
	"reflect"
	"testing"

	"github.com/jihat/jihat/internal/photo"
)

// The photos made here are read as a camera's by package photo: size,
// orientation, position; and Metadata names what they hold.
func TestCamera(t *testing.T) {
	pixels := Pixels(64, 48, 1, 0)
	if got := Metadata(pixels); got != nil {
		t.Errorf("Pixels holds %v", got)
	}
	tests := []struct {
		exif EXIF
		want photo.Info
		meta []string
	}{
		{EXIF{}, photo.Info{Width: 64, Height: 48, Format: "jpeg", Orientation: 1, HasMetadata: true},
			[]string{"APP1 Exif", "APP1 http://ns.adobe.com/xap/1.0/"}},
		{EXIF{Orientation: 6, Date: "2024:05:22 10:31:07"}, photo.Info{Width: 48, Height: 64, Format: "jpeg", Orientation: 6, HasMetadata: true},
			[]string{"APP1 Exif", "APP1 http://ns.adobe.com/xap/1.0/"}},
		{EXIF{Orientation: 8, GPS: &[2]float64{34.6814, -1.9086}, Date: "2024:05:22 10:31:07"}, photo.Info{Width: 48, Height: 64, Format: "jpeg", Orientation: 8, HasGPS: true, HasMetadata: true},
			[]string{"APP1 Exif", "APP1 http://ns.adobe.com/xap/1.0/"}},
	}
	for _, tt := range tests {
		data := Camera(pixels, tt.exif)
		got, err := photo.Inspect(data)
		if err != nil {
			t.Fatal(err)
		}
		if got != tt.want {
			t.Errorf("%+v: %+v, want %+v", tt.exif, got, tt.want)
		}
		if m := Metadata(data); !reflect.DeepEqual(m, tt.meta) {
			t.Errorf("%+v: metadata %q, want %q", tt.exif, m, tt.meta)
		}
		vs, err := photo.Resize(data, photo.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if m := Metadata(vs[0].Data); m != nil {
			t.Errorf("%+v: resized holds %q", tt.exif, m)
		}
	}
	p := PNG(40, 30, 1)
	if info, err := photo.Inspect(p); err != nil || info.Width != 40 || !info.HasMetadata || info.HasGPS {
		t.Errorf("PNG: %+v %v", info, err)
	}
	if m := Metadata(p); !reflect.DeepEqual(m, []string{"tEXt"}) {
		t.Errorf("PNG metadata %q", m)
	}
}
