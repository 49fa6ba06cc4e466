package site

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jihat/jihat/internal/arabic"
	"github.com/jihat/jihat/internal/photo"
)

// jpegOf returns a w×h JPEG (as stored) with EXIF orientation o (0: no
// EXIF).
func jpegOf(t *testing.T, w, h, o int) []byte {
	t.Helper()
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			m.Set(x, y, color.RGBA{uint8(x), uint8(y), 90, 255})
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, m, &jpeg.Options{Quality: 80}); err != nil {
		t.Fatal(err)
	}
	data := buf.Bytes()
	if o == 0 {
		return data
	}
	exif := []byte("Exif\x00\x00MM\x00*\x00\x00\x00\x08\x00\x01\x01\x12\x00\x03\x00\x00\x00\x01\x00\x00\x00\x00\x00\x00\x00\x00")
	exif[len(exif)-7] = byte(o)
	seg := binary.BigEndian.AppendUint16([]byte{0xFF, 0xD8, 0xFF, 0xE1}, uint16(len(exif)+2))
	return append(append(seg, exif...), data[2:]...)
}

func pngBytes(t *testing.T, w, h int) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, image.NewNRGBA(image.Rect(0, 0, w, h))); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// The variants a page names are the ones package photo makes: same
// widths, same heights, for every size around the widths and every
// orientation, so that width and height on the page are the file's.
func TestPhotoVariantsAsResized(t *testing.T) {
	tests := []struct {
		name string
		data []byte
		want string // widths×heights planned
	}{
		{"small", jpegOf(t, 300, 200, 0), "300×200"},
		{"480 exactly", jpegOf(t, 480, 321, 0), "480×321"},
		{"481", jpegOf(t, 481, 301, 0), "480×300 481×301"},
		{"1600 exactly", jpegOf(t, 1600, 1067, 0), "480×320 960×640 1600×1067"},
		{"1601", jpegOf(t, 1601, 999, 0), "480×300 960×599 1600×998"},
		{"wide", jpegOf(t, 2017, 1333, 0), "480×317 960×634 1600×1057"},
		{"turned a quarter (6)", jpegOf(t, 2000, 1500, 6), "480×640 960×1280 1500×2000"},
		{"turned back (8)", jpegOf(t, 1203, 999, 8), "480×578 960×1156 999×1203"},
		{"half turn (3)", jpegOf(t, 1203, 999, 3), "480×399 960×797 1203×999"},
		{"one pixel high", jpegOf(t, 2000, 1, 0), "480×1 960×1 1600×1"},
		{"png", pngBytes(t, 1000, 10), "480×5 960×10 1000×10"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			info, err := photo.Inspect(tt.data)
			if err != nil {
				t.Fatal(err)
			}
			key := photo.Key(tt.data, PhotoOptions)
			p := newPhoto("sub/صورة 1.jpg", "content/x/sub/صورة 1.jpg", key, info)
			var plan []string
			for _, v := range p.Variants {
				plan = append(plan, fmt.Sprintf("%d×%d", v.Width, v.Height))
			}
			if got := strings.Join(plan, " "); got != tt.want {
				t.Errorf("planned %s, want %s", got, tt.want)
			}
			made, err := photo.Resize(tt.data, PhotoOptions)
			if err != nil {
				t.Fatal(err)
			}
			if len(made) != len(p.Variants) {
				t.Fatalf("planned %d variants, Resize made %d", len(p.Variants), len(made))
			}
			for i, v := range made {
				pv := p.Variants[i]
				if v.Width != pv.Width || v.Height != pv.Height {
					t.Errorf("variant %d: planned %d×%d, made %d×%d", i, pv.Width, pv.Height, v.Width, v.Height)
				}
				if want := fmt.Sprintf("%s/sub/صورة 1.%dw.%s%s", PhotoDir, v.Width, key[:8], v.Ext); pv.Name != want {
					t.Errorf("variant %d named %q, want %q", i, pv.Name, want)
				}
			}
		})
	}
}

func TestPhotoSrcset(t *testing.T) {
	p := Photo{Variants: []PhotoVariant{
		{Name: "sub/صورة, 1.480w.0a1b2c3d.jpg", Width: 480, Height: 360},
		{Name: "sub/صورة, 1.960w.0a1b2c3d.jpg", Width: 960, Height: 720},
		{Name: "sub/صورة, 1.1600w.0a1b2c3d.jpg", Width: 1600, Height: 1200},
	}}
	name := "sub/%D8%B5%D9%88%D8%B1%D8%A9%2C%201"
	want := name + ".480w.0a1b2c3d.jpg 480w, " + name + ".960w.0a1b2c3d.jpg 960w, " + name + ".1600w.0a1b2c3d.jpg 1600w"
	if got := p.Srcset(); got != want {
		t.Errorf("srcset\n got %s\nwant %s", got, want)
	}
	if got := p.Shown(); got.Width != 960 {
		t.Errorf("shown %+v, want the 960 variant", got)
	}
	for n, want := range map[int]int{1: 0, 2: 1, 3: 1} {
		if got := (&Photo{Variants: p.Variants[:n]}).Shown(); got != p.Variants[want] {
			t.Errorf("%d variants: shown %+v, want %+v", n, got, p.Variants[want])
		}
	}
}

func TestIsPhotoName(t *testing.T) {
	for name, want := range map[string]bool{
		"a.jpg": true, "a.JPG": true, "a.jpeg": true, "b/a.Png": true,
		"a.gif": false, "a.webp": false, "a.pdf": false, "jpg": false, "a.jpg.txt": false,
	} {
		if got := IsPhotoName(name); got != want {
			t.Errorf("IsPhotoName(%q) = %v", name, got)
		}
	}
}

// A body converted again (its conversion was kept without it) takes the
// photos it showed from the article, without reading them, while their
// files answer as they did: here a photo's bytes are garbled, its size
// and time kept, and the body comes back the same.
func TestReconvertRemembersPhotos(t *testing.T) {
	s, root := convertSite(t, "![صورة الزيارة](photo.png)\n")
	opts := ConvertOptions{Root: root}
	if problems := s.Convert(opts); len(problems) > 0 {
		t.Fatal(problems)
	}
	visit := s.ArticleBySource("content/articles/2024/visit/index.md")
	before, _ := visit.Body()
	name := filepath.Join(root, "content/articles/2024/visit/photo.png")
	info, err := os.Stat(name)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, name, bytes.Repeat([]byte{'x'}, int(info.Size())))
	if err := os.Chtimes(name, info.ModTime(), info.ModTime()); err != nil {
		t.Fatal(err)
	}
	visit.Article.Body = []byte("![صورة الزيارة](photo.png)\n")
	if problems := s.Reconvert(opts, []*Article{visit}); len(problems) > 0 {
		t.Fatalf("the photo was read again: %v", problems)
	}
	if after, _ := visit.Body(); after != before {
		t.Errorf("body\n got %s\nwant %s", after, before)
	}
	// Its time changed: read again, and refused.
	later := info.ModTime().Add(time.Second)
	if err := os.Chtimes(name, later, later); err != nil {
		t.Fatal(err)
	}
	visit.Article.Body = []byte("![صورة الزيارة](photo.png)\n")
	if problems := s.Reconvert(opts, []*Article{visit}); len(problems) == 0 {
		t.Error("a changed photo was not read again")
	}
}

// The photo sizes' folder is a name no page address can take, and the
// _headers rules for it match a page's sizes and nothing of the pages.
func TestPhotoRules(t *testing.T) {
	if got := arabic.Slug(PhotoDir); got == PhotoDir {
		t.Errorf("%s is a slug: a page could take its address", PhotoDir)
	}
	want := []string{"/:p1/" + PhotoDir + "/*", "/:p1/:p2/" + PhotoDir + "/*", "/:p1/:p2/:p3/" + PhotoDir + "/*"}
	if got := PhotoRules(); !slices.Equal(got, want) {
		t.Errorf("rules %q, want %q", got, want)
	}
}
