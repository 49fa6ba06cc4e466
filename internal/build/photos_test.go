package build

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/gif"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/jihat/jihat"
	"github.com/jihat/jihat/internal/diag"
	"github.com/jihat/jihat/internal/headers"
	"github.com/jihat/jihat/internal/photo"
	"github.com/jihat/jihat/internal/photo/phototest"
	"github.com/jihat/jihat/internal/site"
)

func mustRead(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// widestVariant is the output path (in the photo sizes' folder beside
// the page, for rel, the original's path in the output) and the bytes of
// the widest variant package photo makes of data.
func widestVariant(t *testing.T, rel string, data []byte) (string, []byte) {
	t.Helper()
	vs, err := photo.Resize(data, site.PhotoOptions)
	if err != nil {
		t.Fatal(err)
	}
	v := vs[len(vs)-1]
	dir, file := path.Split(rel)
	stem := strings.TrimSuffix(file, path.Ext(file))
	return fmt.Sprintf("%s%s/%s.%dw.%s%s", dir, site.PhotoDir, stem, v.Width, photo.Key(data, site.PhotoOptions)[:8], v.Ext), v.Data
}

// sizes is the photo sizes' folder beside a page, as names in it begin.
const sizes = site.PhotoDir + "/"

// The camera's photo of the tests: 4032×3024 as a phone stores it, held
// upright (orientation 6: shown 3024×4032), with the place it was taken.
var (
	cameraPixels = sync.OnceValue(func() []byte { return phototest.Pixels(4032, 3024, 1, 0) })
	oujda        = &[2]float64{34.6814, -1.9086}
)

func cameraPhoto(gps bool) []byte {
	e := phototest.EXIF{Orientation: 6, Date: "2024:05:22 10:31:07"}
	if gps {
		e.GPS = oujda
	}
	return phototest.Camera(cameraPixels(), e)
}

// smallCamera is a quicker camera photo, 2000×1500 as stored, for the
// tests that build many times.
func smallCamera(t *testing.T, seed uint64, orientation int, gps bool) string {
	t.Helper()
	e := phototest.EXIF{Orientation: orientation}
	if gps {
		e.GPS = oujda
	}
	return string(phototest.Camera(phototest.Pixels(2000, 1500, seed, 0), e))
}

const visitPhotos = "content/2025/oujda-visit"

// photoSite is the test site with an article showing photos: a camera's
// lead photo with a position, a PNG chart in the body with a caption, a
// GIF (shown as it is), a linked PDF, and a JPEG no page shows.
func photoSite(t *testing.T, camera []byte, settings string) string {
	t.Helper()
	root := t.TempDir()
	copyTree(t, testSite, root)
	if settings != "" {
		data := mustRead(t, filepath.Join(root, "site.toml"))
		writeSource(t, root, "site.toml", string(data)+settings)
	}
	writeSource(t, root, visitPhotos+"/camera.jpg", string(camera))
	writeSource(t, root, visitPhotos+"/chart.png", string(phototest.PNG(700, 400, 2)))
	writeSource(t, root, visitPhotos+"/map.gif", gifOf(t))
	writeSource(t, root, visitPhotos+"/report.pdf", "%PDF-1.4 not really")
	writeSource(t, root, visitPhotos+"/unused.jpg", string(phototest.Camera(phototest.Pixels(64, 48, 3, 0), phototest.EXIF{GPS: oujda})))
	writeSource(t, root, visitPhotos+"/index.md", `---
title: "زيارة مراكز التمكين بوجدة"
date: 2025-03-10
region: oriental
province: oujda-angad
facility_type: dar-taliba
image: camera.jpg
image_alt: "مدخل المركز"
---

فقرة أولى.

![عدد المستفيدات](chart.png "المستفيدات حسب السنة")

![الخريطة](map.gif)

[التقرير](report.pdf)
`)
	return root
}

// gifOf is a 2×1 GIF.
func gifOf(t *testing.T) string {
	t.Helper()
	var buf bytes.Buffer
	if err := gif.Encode(&buf, image.NewPaletted(image.Rect(0, 0, 2, 1), color.Palette{color.Black, color.White}), nil); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

var imgTag = regexp.MustCompile(`<img [^>]*>`)

// attrs reads the attributes of an img tag.
func attrs(tag string) map[string]string {
	out := map[string]string{}
	for _, m := range regexp.MustCompile(`([a-z]+)(?:="([^"]*)")?`).FindAllStringSubmatch(strings.TrimPrefix(tag, "<img "), -1) {
		out[m[1]] = m[2]
	}
	return out
}

// A published article's JPEGs and PNGs are published as their resized
// variants, without metadata, offered in srcset with their sizes; the
// originals only when site.toml says so; and the build and jihat check warn
// of an original that records where it was taken.
func TestPhotosPublished(t *testing.T) {
	camera := cameraPhoto(true)
	key := photo.Key(camera, site.PhotoOptions)[:8]
	tests := []struct {
		name      string
		settings  string
		originals bool
		warning   string
	}{
		{"by default", "", false,
			visitPhotos + "/camera.jpg: the photo records where it was taken (GPS): the published sizes do not, but the original in the site's repository still does; remove it from the file (e.g. exiftool -gps:all= -overwrite_original camera.jpg) if the place must stay private"},
		{"keep_originals = false", "\n[photos]\nkeep_originals = false\n", false,
			visitPhotos + "/camera.jpg: the photo records where it was taken (GPS): the published sizes do not, but the original in the site's repository still does; remove it from the file (e.g. exiftool -gps:all= -overwrite_original camera.jpg) if the place must stay private"},
		{"keep_originals = true", "\n[photos]\nkeep_originals = true\n", true,
			visitPhotos + "/camera.jpg: the photo records where it was taken (GPS), and its original is published beside /articles/oujda-visit/ as it is (keep_originals = true in site.toml): anyone can read the place from it; remove the position from the file (e.g. exiftool -gps:all= -overwrite_original camera.jpg) or set keep_originals = false, if the place must stay private"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := photoSite(t, camera, tt.settings)
			dest := filepath.Join(t.TempDir(), "public")
			res, err := Build(Options{Source: root, Destination: dest, Theme: jihat.Theme})
			if err != nil {
				t.Fatal(err)
			}
			out := tree(t, dest)
			page := string(out["articles/oujda-visit/index.html"])
			tags := imgTag.FindAllString(page, -1)
			if len(tags) != 3 {
				t.Fatalf("%d images on the page, want 3: %q", len(tags), tags)
			}

			// The lead: turned upright (3024×4032), fetched first.
			lead := attrs(tags[0])
			leadSrcset := fmt.Sprintf("%[2]scamera.480w.%[1]s.jpg 480w, %[2]scamera.960w.%[1]s.jpg 960w, %[2]scamera.1600w.%[1]s.jpg 1600w", key, sizes)
			wantLead := map[string]string{"src": sizes + "camera.960w." + key + ".jpg", "alt": "مدخل المركز", "width": "960", "height": "1280",
				"srcset": leadSrcset, "sizes": site.PhotoSizes, "fetchpriority": "high"}
			if !mapsEqual(lead, wantLead) {
				t.Errorf("lead image\n got %v\nwant %v", lead, wantLead)
			}
			// A PNG in the body: 700 wide, so 480 and its own width.
			chartKey := photo.Key(mustRead(t, filepath.Join(root, visitPhotos, "chart.png")), site.PhotoOptions)[:8]
			chart := attrs(tags[1])
			wantChart := map[string]string{"src": sizes + "chart.700w." + chartKey + ".png", "alt": "عدد المستفيدات", "width": "700", "height": "400",
				"srcset": fmt.Sprintf("%[2]schart.480w.%[1]s.png 480w, %[2]schart.700w.%[1]s.png 700w", chartKey, sizes), "sizes": site.PhotoSizes,
				"loading": "lazy", "decoding": "async"}
			if !mapsEqual(chart, wantChart) {
				t.Errorf("body photo\n got %v\nwant %v", chart, wantChart)
			}
			if !strings.Contains(page, tags[1]+"\n<figcaption>المستفيدات حسب السنة</figcaption>") {
				t.Errorf("the chart lost its caption:\n%s", page)
			}
			// A GIF is shown as it is.
			if gif := attrs(tags[2]); gif["src"] != "map.gif" || gif["srcset"] != "" || gif["width"] != "2" {
				t.Errorf("GIF shown as %v", gif)
			}
			// og:image names the lead's shown variant, which is published.
			if !strings.Contains(page, `<meta property="og:image" content="https://test.example/articles/oujda-visit/`+sizes+`camera.960w.`+key+`.jpg">`) {
				t.Errorf("og:image does not name the variant")
			}

			// Every variant is there, at the size the page says, with no
			// metadata.
			for _, v := range []struct {
				name string
				w, h int
			}{
				{sizes + "camera.480w." + key + ".jpg", 480, 640}, {sizes + "camera.960w." + key + ".jpg", 960, 1280}, {sizes + "camera.1600w." + key + ".jpg", 1600, 2133},
				{sizes + "chart.480w." + chartKey + ".png", 480, 274}, {sizes + "chart.700w." + chartKey + ".png", 700, 400},
			} {
				data, ok := out["articles/oujda-visit/"+v.name]
				if !ok {
					t.Errorf("%s not published", v.name)
					continue
				}
				info, err := photo.Inspect(data)
				if err != nil || info.Width != v.w || info.Height != v.h || info.HasMetadata || info.HasGPS {
					t.Errorf("%s: %+v %v, want %d×%d without metadata", v.name, info, err, v.w, v.h)
				}
				if m := phototest.Metadata(data); m != nil {
					t.Errorf("%s holds %q", v.name, m)
				}
			}
			// The originals, and the JPEG no page shows, only when kept;
			// the other files of the folder always.
			for name, want := range map[string]bool{
				"camera.jpg": tt.originals, "chart.png": tt.originals, "unused.jpg": tt.originals,
				"map.gif": true, "report.pdf": true,
			} {
				data, ok := out["articles/oujda-visit/"+name]
				if ok != want {
					t.Errorf("%s published: %v, want %v", name, ok, want)
				}
				if ok && !bytes.Equal(data, mustRead(t, filepath.Join(root, visitPhotos, name))) {
					t.Errorf("%s is not the original", name)
				}
			}
			for name, data := range out {
				if strings.HasSuffix(name, ".jpg") && !strings.HasSuffix(name, "/camera.jpg") && !strings.HasSuffix(name, "/unused.jpg") {
					if info, _ := photo.Inspect(data); info.HasGPS {
						t.Errorf("%s records a position", name)
					}
				}
			}

			warned := func(step string, warnings diag.List) {
				t.Helper()
				var got []string
				for _, w := range warnings {
					if strings.Contains(w.Error(), "GPS") {
						got = append(got, w.Error())
					}
				}
				if len(got) != 1 || got[0] != tt.warning {
					t.Errorf("%s: GPS warnings\n got %q\nwant %q", step, got, tt.warning)
				}
			}
			warned("build", res.Warnings)
			warnings, err := Check(Options{Source: root, Theme: jihat.Theme})
			if err != nil {
				t.Fatal(err)
			}
			warned("check", warnings)
		})
	}
}

func mapsEqual(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

// A photo linked from the body as a file is published as it is: the
// warning says so.
func TestPhotoLinkedWarns(t *testing.T) {
	root := photoSite(t, []byte(smallCamera(t, 1, 1, true)), "")
	data := mustRead(t, filepath.Join(root, visitPhotos, "index.md"))
	writeSource(t, root, visitPhotos+"/index.md", string(data)+"\n[الصورة كاملة](camera.jpg)\n")
	dest := filepath.Join(t.TempDir(), "public")
	res, err := Build(Options{Source: root, Destination: dest, Theme: jihat.Theme})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dest, "articles/oujda-visit/camera.jpg")); err != nil {
		t.Errorf("the linked original is not published: %v", err)
	}
	want := visitPhotos + "/camera.jpg: the photo records where it was taken (GPS), and its original is published beside /articles/oujda-visit/ as it is, as " + visitPhotos + "/index.md links to it: anyone can read the place from it; remove the position from the file (e.g. exiftool -gps:all= -overwrite_original camera.jpg), or the link, if the place must stay private"
	if !slices.ContainsFunc(res.Warnings, func(d diag.Diagnostic) bool { return d.Error() == want }) {
		t.Errorf("warnings %v, want %s", res.Warnings, want)
	}
}

// A photo over package photo's limit is an error at the line that shows it.
func TestPhotoTooLarge(t *testing.T) {
	huge := phototest.Camera(phototest.Pixels(64, 48, 1, 0), phototest.EXIF{})
	// The frame header claims 10000×6000 (60 megapixels).
	i := bytes.Index(huge, []byte{0xFF, 0xC0})
	huge[i+5], huge[i+6], huge[i+7], huge[i+8] = 6000>>8, 6000&0xff, 10000>>8, 10000&0xff
	tooLarge := "is 10000×6000 pixels (60.0 megapixels): Jihat makes the published sizes of photos up to 50 megapixels; save it smaller (a phone's 12-megapixel photo is fine)"
	for _, tt := range []struct {
		name, body, want string
	}{
		{"lead", "", visitPhotos + `/index.md:7:1: image: image "camera.jpg": ` + visitPhotos + "/camera.jpg " + tooLarge},
		{"body", "\n![كبيرة](big.jpg)\n", visitPhotos + `/index.md:19:1: image "big.jpg": ` + visitPhotos + "/big.jpg " + tooLarge},
	} {
		t.Run(tt.name, func(t *testing.T) {
			camera := huge
			if tt.name == "body" {
				camera = []byte(smallCamera(t, 1, 1, false))
			}
			root := photoSite(t, camera, "")
			writeSource(t, root, visitPhotos+"/big.jpg", string(huge))
			data := mustRead(t, filepath.Join(root, visitPhotos, "index.md"))
			writeSource(t, root, visitPhotos+"/index.md", string(data)+tt.body)
			_, err := Build(Options{Source: root, Destination: filepath.Join(t.TempDir(), "public"), Theme: jihat.Theme})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v\nwant %s", err, tt.want)
			}
		})
	}
}

// Resizing is slow: a build keeps the variants in the cache folder, so
// that the next build, into the same destination or an empty one, resizes
// nothing and writes the same bytes; without a cache folder each photo is
// resized once per build. Photos no article shows any more leave the
// cache.
func TestPhotoCache(t *testing.T) {
	root := photoSite(t, []byte(smallCamera(t, 1, 6, true)), "")
	writeSource(t, root, "content/2025/other-visit/index.md", "---\ntitle: زيارة أخرى\ndate: 2025-03-12\nregion: oriental\nimage: same.jpg\nimage_alt: المدخل\n---\n\nنص.\n")
	// The same photo in another article, under another name: resized once.
	writeSource(t, root, "content/2025/other-visit/same.jpg", smallCamera(t, 1, 6, true))
	cache := filepath.Join(t.TempDir(), "cache")
	build := func(step, dest, cache string, resized int) *Result {
		t.Helper()
		before := photoResizes.Load()
		res, err := Build(Options{Source: root, Destination: dest, Theme: jihat.Theme, Cache: cache})
		if err != nil {
			t.Fatalf("%s: %v", step, err)
		}
		if n := photoResizes.Load() - before; n != int64(resized) || res.Resized != resized {
			t.Errorf("%s: %d photos resized (%d told), want %d", step, n, res.Resized, resized)
		}
		return res
	}
	first := filepath.Join(t.TempDir(), "public")
	// camera.jpg (and same.jpg), chart.png, and the test site's lead.png.
	build("cold, empty cache", first, cache, 3)
	want := tree(t, first)
	if res := build("nothing changed", first, cache, 0); !res.Unchanged {
		t.Error("a build without a change did something")
	}
	warm := filepath.Join(t.TempDir(), "public")
	build("a new destination, warm cache", warm, cache, 0)
	if !sameTree(want, tree(t, warm)) {
		t.Errorf("warm cache: not the output of the first build")
	}
	noCache := filepath.Join(t.TempDir(), "public")
	build("no cache", noCache, "", 3)
	if !sameTree(want, tree(t, noCache)) {
		t.Errorf("without a cache: not the output of the first build")
	}
	// The variants are kept, as they are, under the photos' keys.
	keys := func() []string {
		entries, err := os.ReadDir(filepath.Join(cache, PhotoCacheDir))
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		return names
	}
	cameraKey := photo.Key(mustRead(t, filepath.Join(root, visitPhotos, "camera.jpg")), site.PhotoOptions)
	chartKey := photo.Key(mustRead(t, filepath.Join(root, visitPhotos, "chart.png")), site.PhotoOptions)
	leadKey := photo.Key(mustRead(t, filepath.Join(root, "content/2024/argana-visit/lead.png")), site.PhotoOptions)
	if got, want := keys(), slices.Sorted(slices.Values([]string{cameraKey, chartKey, leadKey})); !slices.Equal(got, want) {
		t.Errorf("cache holds %q, want %q", got, want)
	}
	if got := mustRead(t, filepath.Join(cache, PhotoCacheDir, cameraKey, "960w.jpg")); !bytes.Equal(got, want["articles/oujda-visit/"+sizes+"camera.960w."+cameraKey[:8]+".jpg"]) {
		t.Error("the cached 960w.jpg is not the published variant")
	}
	// A photo replaced: the new one is resized, the old one leaves the
	// cache once no article shows it.
	writeSource(t, root, visitPhotos+"/chart.png", string(phototest.PNG(300, 200, 9)))
	build("chart replaced", first, cache, 1)
	newChart := photo.Key(mustRead(t, filepath.Join(root, visitPhotos, "chart.png")), site.PhotoOptions)
	if got, want := keys(), slices.Sorted(slices.Values([]string{cameraKey, newChart, leadKey})); !slices.Equal(got, want) {
		t.Errorf("after the chart was replaced, cache holds %q, want %q", got, want)
	}
	if _, err := os.Stat(filepath.Join(first, "articles/oujda-visit/"+sizes+"chart.700w."+chartKey[:8]+".png")); err == nil {
		t.Error("the old chart's variant is still published")
	}
	// A damaged cache is made again, not published.
	if err := os.WriteFile(filepath.Join(cache, PhotoCacheDir, cameraKey, "960w.jpg"), []byte("not a photo"), 0o644); err != nil {
		t.Fatal(err)
	}
	fresh := filepath.Join(t.TempDir(), "public")
	build("damaged cache", fresh, cache, 1)
	if got := mustRead(t, filepath.Join(fresh, "articles/oujda-visit/"+sizes+"camera.960w."+cameraKey[:8]+".jpg")); !bytes.Equal(got, want["articles/oujda-visit/"+sizes+"camera.960w."+cameraKey[:8]+".jpg"]) {
		t.Error("the damaged cache entry was published")
	}
}

// jihat serve resizes a photo once: an edit elsewhere, or to the
// article, does not resize it again, and a replaced photo updates the page.
func TestPhotoServe(t *testing.T) {
	root := photoSite(t, []byte(smallCamera(t, 1, 1, false)), "")
	dest := filepath.Join(t.TempDir(), "public")
	b := New(Options{Source: root, Destination: dest, Theme: jihat.Theme, Serving: true})
	changedSince(t, root)
	step := func(name string, resized int) *Result {
		t.Helper()
		before := photoResizes.Load()
		res, err := b.Update(changedSince(t, root))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if n := photoResizes.Load() - before; n != int64(resized) {
			t.Errorf("%s: %d photos resized, want %d", name, n, resized)
		}
		return res
	}
	step("first build", 3) // with the test site's lead.png
	replace(t, root, visitPhotos+"/index.md", "فقرة أولى.", "فقرة أولى معدلة.")
	step("body edited", 0)
	replace(t, root, tiznit, "افتتاح مركز", "تدشين مركز")
	step("another article edited", 0)
	writeSource(t, root, visitPhotos+"/camera.jpg", smallCamera(t, 2, 1, false))
	step("photo replaced", 1)
	key := photo.Key(mustRead(t, filepath.Join(root, visitPhotos, "camera.jpg")), site.PhotoOptions)[:8]
	if page := string(mustRead(t, filepath.Join(dest, "articles/oujda-visit/index.html"))); !strings.Contains(page, `src="`+sizes+`camera.960w.`+key+`.jpg"`) {
		t.Errorf("the page does not show the new photo")
	}
	// The body shows the photo a second time, and a new one: the new
	// one's variants are written.
	writeSource(t, root, visitPhotos+"/new.jpg", smallCamera(t, 3, 1, false))
	replace(t, root, visitPhotos+"/index.md", "فقرة أولى معدلة.", "فقرة أولى معدلة.\n\n![جديدة](new.jpg)\n\n![مرة ثانية](camera.jpg)")
	step("a photo added to the body", 1)
	newKey := photo.Key(mustRead(t, filepath.Join(root, visitPhotos, "new.jpg")), site.PhotoOptions)[:8]
	if _, err := os.Stat(filepath.Join(dest, "articles/oujda-visit/"+sizes+"new.960w."+newKey+".jpg")); err != nil {
		t.Errorf("the new photo's variant is not written: %v", err)
	}
}

// Many photos that record where they were taken make one warning, naming
// the first five and a command that clears them all; so do many originals
// keep_originals publishes. One photo keeps its own warning.
func TestPhotoGPSGrouped(t *testing.T) {
	for _, tt := range []struct {
		name, settings, want string
	}{
		{"in the repository", "", "content: 7 photos record where they were taken (GPS): content/2025/gps-1/p.jpg, content/2025/gps-2/p.jpg, content/2025/gps-3/p.jpg, content/2025/gps-4/p.jpg, content/2025/gps-5/p.jpg and 2 more; the published sizes do not, but the originals in the site's repository still do; remove the positions from the files (e.g. exiftool -gps:all= -overwrite_original -r content) if the places must stay private"},
		{"published", "\n[photos]\nkeep_originals = true\n", "content: 7 photos record where they were taken (GPS), and their originals are published as they are (keep_originals = true in site.toml): anyone can read the places from them: content/2025/gps-1/p.jpg, content/2025/gps-2/p.jpg, content/2025/gps-3/p.jpg, content/2025/gps-4/p.jpg, content/2025/gps-5/p.jpg and 2 more; remove the positions from the files (e.g. exiftool -gps:all= -overwrite_original -r content) or set keep_originals = false, if the places must stay private"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			root := t.TempDir()
			copyTree(t, testSite, root)
			if tt.settings != "" {
				writeSource(t, root, "site.toml", string(mustRead(t, filepath.Join(root, "site.toml")))+tt.settings)
			}
			// exiftool's copy of a photo it edited, position included.
			writeSource(t, root, "content/2025/gps-1/p.jpg_original", string(phototest.Camera(phototest.Pixels(64, 48, 1, 0), phototest.EXIF{GPS: oujda})))
			for i := 1; i <= 7; i++ {
				dir := fmt.Sprintf("content/2025/gps-%d", i)
				writeSource(t, root, dir+"/p.jpg", string(phototest.Camera(phototest.Pixels(64, 48, uint64(i), 0), phototest.EXIF{GPS: oujda})))
				writeSource(t, root, dir+"/index.md", fmt.Sprintf("---\ntitle: زيارة %d\ndate: 2025-03-1%d\nregion: oriental\nimage: p.jpg\nimage_alt: المدخل\n---\n\nنص.\n", i, i))
			}
			warnings, err := Check(Options{Source: root, Theme: jihat.Theme})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, w := range warnings {
				if strings.Contains(w.Error(), "GPS") {
					got = append(got, w.Error())
				}
			}
			want := []string{tt.want, "content/2025/gps-1/p.jpg_original: published as it is, as a file of the article's folder: it is the copy exiftool keeps of p.jpg as it was, metadata included (the GPS position too, if it had one); delete it, and give exiftool -overwrite_original next time"}
			if !slices.Equal(got, want) {
				t.Errorf("GPS warnings\n got %q\nwant %q", got, want)
			}
		})
	}
}

// The published _headers lets browsers and CDNs keep every photo size for
// a year, as its name changes with the photo, and nothing else of the
// article's folder: read as the CDN reads it.
func TestPhotoHeaders(t *testing.T) {
	root := photoSite(t, []byte(smallCamera(t, 1, 1, true)), "\n[photos]\nkeep_originals = true\n")
	out, rules := buildAsDeployed(t, root)
	for _, r := range site.PhotoRules() {
		if !strings.Contains(string(out["_headers"]), "\n"+r+"\n  Cache-Control: "+immutable+"\n") {
			t.Errorf("no rule %s in _headers:\n%s", r, out["_headers"])
		}
	}
	sized := 0
	for _, name := range sortedNames(out) {
		if name == "_headers" {
			continue
		}
		got := rules.Match("/" + name).Get("Cache-Control")
		isSize := strings.Contains(name, "/"+sizes)
		switch {
		case isSize && got != immutable:
			t.Errorf("/%s: Cache-Control %q, want %q", name, got, immutable)
		case !isSize && got == immutable && !hashedFile.MatchString(name):
			t.Errorf("/%s is not a photo size nor hashed, yet immutable", name)
		}
		if isSize {
			sized++
		}
	}
	if sized != 5+1 { // camera's 3 and chart's 2, and the test site's small lead.png
		t.Errorf("%d photo sizes published, want 6", sized)
	}
	for _, name := range []string{"articles/oujda-visit/index.html", "articles/oujda-visit/camera.jpg", "articles/oujda-visit/report.pdf"} {
		if _, ok := out[name]; !ok {
			t.Errorf("%s not published", name)
		}
	}
}

// In a site of several languages, the photos of a page under a language's
// prefix, an article's or a plain page's, are marked immutable too, each
// by one rule.
func TestPhotoHeadersLanguages(t *testing.T) {
	root := t.TempDir()
	copyTree(t, "testdata/languages", root)
	for _, page := range []struct{ from, to, text string }{
		{"content/fr/articles/2024/visite.md", "content/fr/articles/2024/visite/index.md", "\n![La façade](p.png)\n"},
		{"content/fr/pages/about.md", "content/fr/pages/about/index.md", "\n![La façade](p.png)\n"},
		{"content/pages/about.md", "content/pages/about/index.md", "\n![الواجهة](p.png)\n"},
	} {
		text := string(mustRead(t, filepath.Join(root, page.from)))
		if err := os.Remove(filepath.Join(root, page.from)); err != nil {
			t.Fatal(err)
		}
		writeSource(t, root, page.to, text+page.text)
		writeSource(t, root, path.Dir(page.to)+"/p.png", string(phototest.PNG(700, 400, uint64(len(page.to)))))
	}
	out, rules := buildAsDeployed(t, root)
	var sized []string
	for _, name := range sortedNames(out) {
		if strings.Contains(name, "/"+sizes) {
			sized = append(sized, path.Dir(name))
			if got := rules.Match("/" + name).Get("Cache-Control"); got != immutable {
				t.Errorf("/%s: Cache-Control %q, want %q", name, got, immutable)
			}
		}
	}
	want := []string{"about/" + site.PhotoDir, "fr/about/" + site.PhotoDir, "fr/articles/visite/" + site.PhotoDir}
	if got := slices.Compact(sized); !slices.Equal(got, want) {
		t.Errorf("photo sizes in %q, want %q", got, want)
	}
}

// buildAsDeployed builds root as jihat build does and reads the published
// _headers as the CDN reads it.
func buildAsDeployed(t *testing.T, root string) (map[string][]byte, headers.Rules) {
	t.Helper()
	dest := filepath.Join(t.TempDir(), "public")
	if _, err := Build(Options{Source: root, Destination: dest, Theme: jihat.Theme, Minify: true, Fingerprint: true}); err != nil {
		t.Fatal(err)
	}
	out := tree(t, dest)
	rules, err := headers.Parse("_headers", out["_headers"])
	if err != nil {
		t.Fatal(err)
	}
	return out, rules
}
