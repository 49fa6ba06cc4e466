package site

import (
	"maps"
	"net/url"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/jihat/jihat/internal/content"
	"github.com/jihat/jihat/internal/diag"
	"github.com/jihat/jihat/internal/msg"
	"github.com/jihat/jihat/internal/photo"
)

// Photos: a JPEG or PNG an article shows (its lead image or an image of its
// body) is published as the sizes package photo makes of it, without
// metadata, in place of the original, and shown with srcset and sizes. The
// conversion decides the names and sizes from the file's header and hash,
// so that the page can be written before the photo is resized; the build
// makes the files (see Photo).

// PhotoSizes is the sizes attribute of the photos an article shows: how
// wide the built-in theme shows them, for the browser to choose a width
// before the layout is known.
//
// The article column is 42rem wide within the page's 1rem margins, where
// the theme's rem is 112.5% of the browser's default font size, while the
// rem of sizes and of media queries is the default itself (16px unless the
// reader chose another): 42rem of the theme are 47.25 of sizes (756px),
// reached on a screen of 49.5 (792px); below, the column is the screen
// less 2.25 (36px).
//
// On a phone of 2.5 device pixels per CSS pixel or more, the browser is
// told the photo is 80% of the column: a 390-pixel phone at 3 (an iPhone)
// then takes the 960-pixel variant, 2.7 device pixels per CSS pixel, where
// the column alone would have it take the 1600 one, at 4.5 and two and a
// half times the bytes (277 KB against 114 KB for a 4:3 camera photo). No
// one tells 2.7 from 3 at a phone's distance; the reader's data plan
// does.
const PhotoSizes = "(min-width: 49.5rem) 47.25rem, (min-resolution: 2.5dppx) calc((100vw - 2.25rem) * 0.8), calc(100vw - 2.25rem)"

// PhotoOptions are the sizes made of every photo: package photo's default
// widths (480, 960 and 1600 pixels, never wider than the photo) and JPEG
// quality.
var PhotoOptions = photo.Options{}

// Photo is a JPEG or PNG an article shows, published as resized variants
// beside the page instead of the original.
type Photo struct {
	// Name is the original's name beside the page, as the article names
	// it ("photo.jpg", "img/photo.jpg"); Source its path in the site
	// folder ("content/2024/visit/photo.jpg").
	Name, Source string
	// Key is photo.Key of the original's bytes with PhotoOptions: it names
	// the variants, and the build's cache of them.
	Key string
	// Width and Height are the original's size as shown (upright).
	Width, Height int
	// Variants are the published sizes, narrowest first.
	Variants []PhotoVariant
	// GPS: the original records where it was taken.
	GPS bool
}

// info is what Inspect read of the original, as much as the page needs.
func (p *Photo) info() photo.Info {
	format := "jpeg"
	if len(p.Variants) > 0 && path.Ext(p.Variants[0].Name) == ".png" {
		format = "png"
	}
	return photo.Info{Width: p.Width, Height: p.Height, Format: format, HasGPS: p.GPS}
}

// PhotoVariant is one published size of a photo.
type PhotoVariant struct {
	// Name is the file's path relative to the page: in PhotoDir, the
	// original's name (its folder within the article's included) with the
	// width and the start of the Key before the extension
	// ("photo_sizes/photo.960w.1a2b3c4d.jpg"). A photo that changes gets
	// other names, so that a browser or a CDN may keep each file forever.
	Name          string
	Width, Height int
}

// Shown is the variant the page's src names: the middle one, 960 pixels
// wide for a photo wider than that.
func (p *Photo) Shown() PhotoVariant { return p.Variants[len(p.Variants)/2] }

// Srcset is the srcset attribute offering every variant.
func (p *Photo) Srcset() string {
	var b strings.Builder
	for i, v := range p.Variants {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(escapeName(v.Name))
		b.WriteString(" ")
		b.WriteString(strconv.Itoa(v.Width))
		b.WriteString("w")
	}
	return b.String()
}

// PhotoDir is the folder beside each page that holds its photos' sizes,
// and nothing else: the published _headers marks everything in it
// immutable by a rule for each depth of page (PhotoRules), where a rule
// per file would not scale (Cloudflare Pages takes 100 rules). No page
// address can take the name: a slug holds no "_".
const PhotoDir = "photo_sizes"

// PhotoRules are the _headers paths that match every photo size of every
// page, and only those (besides files a site puts in a PhotoDir folder of
// its own). The pages that show photos are articles and plain pages,
// /articles/x/ and /x/, and the same under a language's prefix
// (/fr/articles/x/): one to three segments deep. One rule a depth, of
// whole-segment placeholders and one splat at the end, which Netlify and
// Cloudflare Pages read alike; no size matches two of them, which would
// give it the header twice.
func PhotoRules() []string {
	deepest := strings.Count(ArticleURL("x"), "/") - 1 + 1 // and a language's prefix
	var rules []string
	prefix := ""
	for depth := 1; depth <= deepest; depth++ {
		prefix += "/:p" + strconv.Itoa(depth)
		rules = append(rules, prefix+"/"+PhotoDir+"/*")
	}
	return rules
}

// keyChars is how much of the Key a variant's name holds: 32 bits tell two
// versions of one photo apart.
const keyChars = 8

// newPhoto plans the variants package photo makes of an image of this size
// and orientation (photo.Resize: one for each width below the image's
// own, and the image's own width when it is not wider than the widest; the
// heights rounded to the nearest pixel), named after the original.
func newPhoto(name, source, key string, info photo.Info) Photo {
	widths := slices.Sorted(slices.Values(PhotoOptions.Widths))
	if len(widths) == 0 {
		widths = slices.Sorted(slices.Values(photo.DefaultWidths))
	}
	widths = slices.Compact(widths)
	var out []int
	for _, w := range widths {
		if w < info.Width {
			out = append(out, w)
		}
	}
	if info.Width <= widths[len(widths)-1] {
		out = append(out, info.Width)
	}
	ext := ".jpg"
	if info.Format == "png" {
		ext = ".png"
	}
	dir, file := path.Split(name)
	stem := strings.TrimSuffix(file, path.Ext(file))
	p := Photo{Name: name, Source: source, Key: key, Width: info.Width, Height: info.Height, GPS: info.HasGPS}
	W, H := int64(info.Width), int64(info.Height)
	for _, w := range out {
		h := max(1, int((int64(w)*H*2+W)/(W*2)))
		p.Variants = append(p.Variants, PhotoVariant{
			Name:  PhotoDir + "/" + dir + stem + "." + strconv.Itoa(w) + "w." + key[:keyChars] + ext,
			Width: w, Height: h,
		})
	}
	return p
}

// escapeName percent-encodes a file name beside the page for an address
// in srcset, where a space or a comma would end it.
func escapeName(name string) string {
	u := url.URL{Path: name}
	return strings.ReplaceAll(u.EscapedPath(), ",", "%2C")
}

// IsPhotoName reports a name of the kind package photo resizes (.jpg,
// .jpeg or .png, in any case): such a file in an article's folder is
// published as it is only when site.toml keeps the originals or an article
// links to it.
func IsPhotoName(name string) bool {
	switch strings.ToLower(path.Ext(name)) {
	case ".jpg", ".jpeg", ".png":
		return true
	}
	return false
}

// publishedOriginal reports whether the article publishes the photo's
// original beside its variants.
func (a *Article) publishedOriginal(p *Photo) bool {
	_, ok := a.Files[p.Name]
	return ok
}

// photoWarnings tell that an original records where it was taken: the
// variants do not, but the original is in the site's repository, and
// published too when site.toml keeps the originals or an article links to
// it. A site of camera photos may have hundreds: those only in the
// repository are told in one warning, and so are those keep_originals
// publishes, each listing the first few files with a command that clears
// them all; a photo an article links to is told at its own, as the fix is
// that link.
func (s *Site) photoWarnings() diag.List {
	var out diag.List
	seen := map[string]bool{}
	var private, kept []string
	for _, a := range slices.Concat(s.Articles, s.Plain) {
		for _, name := range slices.Sorted(maps.Keys(a.Files)) {
			if strings.HasPrefix(name, PhotoDir+"/") {
				out.Add(a.Files[name], 0, 0, "published in %s/ beside the page, the folder of the photos' sizes, which browsers and CDNs are told to keep for a year unchanged: a new version of the file would not be seen; rename its folder", PhotoDir)
			}
			if orig, ok := strings.CutSuffix(name, "_original"); ok && IsPhotoName(orig) {
				// exiftool keeps the file it edits so, position included.
				out.Add(a.Files[name], 0, 0, "published as it is, as a file of the article's folder: it is the copy exiftool keeps of %s as it was, metadata included (the GPS position too, if it had one); delete it, and give exiftool -overwrite_original next time", path.Base(orig))
			}
		}
		for i := range a.Photos {
			p := &a.Photos[i]
			if !p.GPS || seen[p.Source] {
				continue
			}
			seen[p.Source] = true
			file := path.Base(p.Source)
			switch {
			case !a.publishedOriginal(p):
				private = append(private, p.Source)
			case s.Config.Photos.KeepOriginals:
				if len(kept) == 0 {
					out.Add(p.Source, 0, 0, "the photo records where it was taken (GPS), and its original is published beside %s as it is (keep_originals = true in site.toml): anyone can read the place from it; remove the position from the file (e.g. exiftool -gps:all= -overwrite_original %s) or set keep_originals = false, if the place must stay private", a.URL, file)
				}
				kept = append(kept, p.Source)
			default:
				out.Add(p.Source, 0, 0, "the photo records where it was taken (GPS), and its original is published beside %s as it is, as %s links to it: anyone can read the place from it; remove the position from the file (e.g. exiftool -gps:all= -overwrite_original %s), or the link, if the place must stay private", a.URL, a.Path, file)
			}
		}
	}
	if len(kept) > 1 {
		// The first one's warning stands for all of them.
		i := slices.IndexFunc(out, func(d diag.Diagnostic) bool { return d.Path == kept[0] })
		out[i] = diag.At(content.Dir, 0, 0, "%d photos record where they were taken (GPS), and their originals are published as they are (keep_originals = true in site.toml): anyone can read the places from them: %s; remove the positions from the files (e.g. exiftool -gps:all= -overwrite_original -r %s) or set keep_originals = false, if the places must stay private", len(kept), photoList(kept), content.Dir)
	}
	switch {
	case len(private) == 1:
		out.Add(private[0], 0, 0, "the photo records where it was taken (GPS): the published sizes do not, but the original in the site's repository still does; remove it from the file (e.g. exiftool -gps:all= -overwrite_original %s) if the place must stay private", path.Base(private[0]))
	case len(private) > 1:
		out.Add(content.Dir, 0, 0, "%d photos record where they were taken (GPS): %s; the published sizes do not, but the originals in the site's repository still do; remove the positions from the files (e.g. exiftool -gps:all= -overwrite_original -r %s) if the places must stay private", len(private), photoList(private), content.Dir)
	}
	return out
}

// photoListMax is how many files a grouped warning names.
const photoListMax = 5

// photoList names the first few files of a grouped warning, in order.
func photoList(files []string) msg.Message {
	files = slices.Sorted(slices.Values(files))
	if len(files) <= photoListMax {
		return msg.New("%s", strings.Join(files, ", "))
	}
	return msg.New("%s and %d more", strings.Join(files[:photoListMax], ", "), len(files)-photoListMax)
}

// photoTooLarge is the error for a photo package photo would refuse.
func photoTooLarge(src string, info photo.Info) error {
	return msg.Errorf("%s is %d×%d pixels (%.1f megapixels): Jihat makes the published sizes of photos up to %d megapixels; save it smaller (a phone's 12-megapixel photo is fine)",
		src, info.Width, info.Height, float64(info.Width)*float64(info.Height)/1e6, photo.MaxPixels/1_000_000)
}

// ImageSizes is the sizes attribute of the lead photo, "" when it has no
// srcset.
func (a *Article) ImageSizes() string {
	if a.ImageSrcset == "" {
		return ""
	}
	return PhotoSizes
}
