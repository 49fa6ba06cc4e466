package site

import (
	"bytes"
	"fmt"
	"html/template"
	"image"
	_ "image/gif" // registered for image sizes
	_ "image/jpeg"
	_ "image/png"
	"io"
	"maps"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/jihat/jihat/internal/msg"

	_ "golang.org/x/image/webp"

	"github.com/jihat/jihat/internal/diag"
	"github.com/jihat/jihat/internal/markdown"
	"github.com/jihat/jihat/internal/parallel"
	"github.com/jihat/jihat/internal/photo"
	"github.com/jihat/jihat/internal/sitefs"
)

// excerptRunes bounds the excerpt taken from the body when an article has
// no summary: about two lines on a phone.
const excerptRunes = 220

// TextFunc receives each article's body as plain text while it is at hand,
// for indexes built from it (search). It is called from several goroutines.
type TextFunc func(a *Article, text string)

// Converted is what converting one article's body produced. The build keeps
// it between builds: it stays valid while the article's source is unchanged
// and the graph answers the same Lookups the same way.
type Converted struct {
	Body     template.HTML
	Excerpt  string
	ImageSrc string
	ImageW   int
	ImageH   int
	// ImageSrcset offers the lead photo's sizes (empty for an image that
	// is not a JPEG or PNG, shown as it is).
	ImageSrcset string
	Headings    int
	WordCount   int
	// Attached are the files the body links to, and the images it shows
	// as they are: output name → source path.
	Attached map[string]string
	// Photos are the JPEGs and PNGs the article shows, lead image
	// included, published as resized variants, by Name.
	Photos  []Photo
	Lookups []Lookup
	// Warnings are the body's problems that do not stop the build, kept
	// so that a build reusing the conversion reports them again.
	Warnings diag.List
	// NoBody marks a conversion kept without its Body (the build cache
	// folder does not keep them): it is converted again when a page needs
	// it.
	NoBody bool
}

// Lookup is one question the conversion asked the graph, with its answer.
type Lookup struct {
	Kind   LookupKind
	Key    string
	Answer string
}

// LookupKind says what a Lookup asked.
type LookupKind uint8

// The questions a body asks while links and images are resolved.
const (
	LookupArticle LookupKind = iota + 1 // which page an article file is published as
	LookupURL                           // whether the site has a page
	LookupFile                          // a file's size and time (images, attachments)
	LookupThemeID                       // whether the theme gives an element an id
)

// ConvertOptions tell Convert where the files are and what it may reuse.
type ConvertOptions struct {
	Root string // the site folder the paths are under
	// Reuse returns an earlier conversion of the article when its source is
	// unchanged since (nil otherwise). Convert uses it only if its Lookups
	// still get the same answers.
	Reuse func(a *Article) *Converted
	// Reload returns the source file of an article whose body was dropped
	// after loading or an earlier conversion (the body starts at its
	// BodyOffset), read into buf's memory when it is large enough: each
	// converting goroutine reuses one buffer.
	Reload func(a *Article, buf []byte) ([]byte, error)
	// Converted receives every fresh conversion, for the caller to keep.
	Converted func(a *Article, c *Converted)
	OnText    TextFunc
	// Spill, when set, keeps the bodies out of memory until their pages
	// are rendered.
	Spill *Spill
	// ThemeIDs are the ids the theme's layouts give, which heading ids
	// must avoid.
	ThemeIDs ThemeIDs
	// Guard, when set, checks each file a body links to or shows: a
	// folder beside the article may be a link leading out of the site.
	Guard *sitefs.Guard
}

// Convert renders the article bodies in parallel, resolving links and
// images against the graph, reusing earlier conversions that are still
// valid.
func (s *Site) Convert(opts ConvertOptions) diag.List {
	var problems diag.List
	for _, ls := range s.languages {
		problems.Append(ls.convert(opts, slices.Concat(ls.Articles, ls.Plain), false))
	}
	return problems
}

// Reconvert converts the given articles afresh (for a body that was not
// kept), whatever could be reused.
func (s *Site) Reconvert(opts ConvertOptions, articles []*Article) diag.List {
	var problems diag.List
	for _, ls := range s.languages {
		var own []*Article
		for _, a := range articles {
			if a.site == ls {
				own = append(own, a)
			}
		}
		if len(own) > 0 {
			problems.Append(ls.convert(opts, own, true))
		}
	}
	return problems
}

func (s *Site) convert(opts ConvertOptions, articles []*Article, force bool) diag.List {
	s.bodies.ready(opts)
	var (
		mu       sync.Mutex
		problems diag.List
	)
	sizes := &imageSizes{root: opts.Root, known: map[string]imageFacts{}}
	parallel.Workers(len(articles), func() func(int) {
		var conv *converter
		return func(i int) {
			a := articles[i]
			if !force && opts.Reuse != nil {
				if c := opts.Reuse(a); c != nil && s.stillAnswers(&opts, c.Lookups) {
					if err := a.apply(c, nil, opts.Spill, s.Config.Photos.KeepOriginals); err != nil {
						mu.Lock()
						problems.Add(a.Path, 0, 0, "%v", err)
						mu.Unlock()
					}
					return
				}
			}
			if conv == nil {
				conv = &converter{md: markdown.New(markdown.Options{UnsafeHTML: s.Config.Markdown.UnsafeHTML})}
			}
			errs := s.convertOne(opts, conv, sizes, a)
			if len(errs) > 0 {
				mu.Lock()
				problems.Append(errs)
				mu.Unlock()
			}
		}
	})
	return problems
}

// apply sets the article's converted fields. fresh is the body just
// converted, still in the converter's buffer (nil for a conversion kept from
// earlier): with a spill it goes there, otherwise c.Body holds the body.
//
// The photos' originals are left out of the files copied beside the page
// unless keepOriginals, or the body links to one; so is every other
// JPEG or PNG of the article's folder, which no page shows.
func (a *Article) apply(c *Converted, fresh []byte, spill *Spill, keepOriginals bool) error {
	if err := a.setBody(c, fresh, spill); err != nil {
		return err
	}
	a.Excerpt = c.Excerpt
	a.ImageSrc, a.ImageW, a.ImageH, a.ImageSrcset = c.ImageSrc, c.ImageW, c.ImageH, c.ImageSrcset
	a.Headings, a.WordCount = c.Headings, c.WordCount
	maps.Copy(a.Files, c.Attached)
	a.Photos = c.Photos
	if !keepOriginals {
		for name := range a.Files {
			if _, linked := c.Attached[name]; linked {
				continue
			}
			if IsPhotoName(name) || slices.ContainsFunc(c.Photos, func(p Photo) bool { return p.Name == name }) {
				delete(a.Files, name)
			}
		}
	}
	a.Lookups = c.Lookups
	a.BodyWarnings = c.Warnings
	return nil
}

// converter is what one goroutine converts bodies with.
type converter struct {
	md  *markdown.Converter
	src []byte // the last source read again, its memory reused for the next
}

func (s *Site) convertOne(opts ConvertOptions, conv *converter, sizes *imageSizes, a *Article) diag.List {
	c, text, fresh, problems := s.conversion(opts, conv, sizes, a)
	if c == nil {
		return problems
	}
	a.Article.Body = nil // the source is no longer needed; keep memory flat
	if err := a.apply(c, fresh, opts.Spill, s.Config.Photos.KeepOriginals); err != nil {
		problems.Add(a.Path, 0, 0, "%v", err)
	}
	if opts.OnText != nil {
		opts.OnText(a, text)
	}
	if len(problems) == 0 && opts.Converted != nil {
		opts.Converted(a, c)
	}
	return problems
}

// conversion converts an article's body and leaves the article as it is.
// fresh is the body in the converter's buffer, valid until its next
// conversion; c is nil when the source could not be read.
func (s *Site) conversion(opts ConvertOptions, conv *converter, sizes *imageSizes, a *Article) (c *Converted, text string, fresh []byte, problems diag.List) {
	body := a.Article.Body
	if body == nil && opts.Reload != nil {
		src, err := opts.Reload(a, conv.src)
		if err != nil {
			problems.Add(a.Path, 0, 0, "%v", err)
			return nil, "", nil, problems
		}
		// Nothing converted keeps a reference to its source: the AST
		// and the HTML buffer are done with before the next article.
		conv.src, body = src, src[a.BodyOffset:]
	}
	sizes.remember(a)
	c = &Converted{Attached: map[string]string{}}
	r := &resolver{site: s, opts: &opts, article: a, sizes: sizes, out: c}
	if a.Image != "" {
		im, err := r.Image(a.Image)
		if err != nil {
			problems.Add(a.Path, a.ImageLine, 1, "image: %v", err)
		}
		c.ImageSrc, c.ImageW, c.ImageH, c.ImageSrcset = im.Src, im.Width, im.Height, im.Srcset
	}
	doc, errs := conv.md.Convert(a.Path, a.BodyLine, body, r)
	problems.Append(errs)
	c.Warnings = doc.Warnings
	c.Headings = len(doc.Headings)
	c.WordCount = countWords(doc.Text)
	c.Excerpt = a.Summary
	if c.Excerpt == "" {
		c.Excerpt = clip(doc.FirstParagraph, excerptRunes)
	}
	fresh = doc.HTML
	if fresh == nil {
		fresh = []byte{} // an empty body is a body (nil says "none at hand")
	}
	if opts.Spill != nil {
		// The body goes from the converter's buffer to the spill file
		// and nowhere else: the conversion handed on carries none.
		c.NoBody = true
	} else {
		c.Body = template.HTML(fresh) // #nosec: produced by goldmark with raw HTML off unless the site allows it
	}
	return c, doc.Text, fresh, problems
}

// stillAnswers reports whether the graph answers every lookup as before.
func (s *Site) stillAnswers(opts *ConvertOptions, lookups []Lookup) bool {
	for _, l := range lookups {
		if s.answer(opts, l.Kind, l.Key) != l.Answer {
			return false
		}
	}
	return true
}

// answer is the one place lookups are answered, so that recording them and
// checking them later cannot disagree.
func (s *Site) answer(opts *ConvertOptions, kind LookupKind, key string) string {
	switch kind {
	case LookupArticle:
		if t := s.ArticleBySource(key); t != nil {
			return "page " + t.URL
		}
		if why, ok := s.unpublished[key]; ok {
			return "unpublished " + why
		}
		return "missing"
	case LookupURL:
		if s.HasURL(key) {
			return "yes"
		}
		return "no"
	case LookupFile:
		return FileAnswer(opts.Root, key)
	case LookupThemeID:
		if opts.ThemeIDs.Taken(key) {
			return "taken"
		}
		return "free"
	}
	return ""
}

// FileAnswer is the answer to a LookupFile of key, a path under root: while
// it is the one recorded, the file is the one the conversion saw.
func FileAnswer(root, key string) string {
	info, err := os.Stat(filepath.Join(root, filepath.FromSlash(key)))
	switch {
	case err != nil:
		return "missing"
	case info.IsDir():
		return "folder"
	}
	return fmt.Sprintf("file %d %d", info.Size(), info.ModTime().UnixNano())
}

// countWords is len(strings.Fields(s)) without making the slice.
// countWords counts the words of a Document's Text, which are separated by
// single spaces.
func countWords(text string) int {
	if text == "" {
		return 0
	}
	return strings.Count(text, " ") + 1
}

func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)[:n]
	// Cut at a word boundary so an Arabic word is never split.
	if i := strings.LastIndexByte(string(r), ' '); i > 0 {
		return string(r)[:i] + "…"
	}
	return string(r) + "…"
}

// resolver answers the Markdown converter for one article.
type resolver struct {
	site    *Site
	opts    *ConvertOptions
	article *Article
	sizes   *imageSizes
	out     *Converted
}

func (r *resolver) ask(kind LookupKind, key string) string {
	a := r.site.answer(r.opts, kind, key)
	r.out.Lookups = append(r.out.Lookups, Lookup{kind, key, a})
	return a
}

func (r *resolver) Link(dest string) (string, error) {
	if dest == "" {
		return "", msg.Errorf("empty link: put the address between the parentheses, [text](/articles/…/)")
	}
	u, err := url.Parse(dest)
	if err != nil {
		return "", msg.Errorf("link %q is not a valid address: %v", dest, err)
	}
	if u.Scheme != "" || u.Host != "" || strings.HasPrefix(dest, "#") {
		return dest, nil
	}
	frag := ""
	if u.Fragment != "" {
		frag = "#" + u.EscapedFragment()
	}
	p := u.Path
	if strings.HasSuffix(p, ".md") {
		src := path.Clean(path.Join(r.article.Dir, p))
		if strings.HasPrefix(p, "/") {
			src = path.Clean(strings.TrimPrefix(p, "/"))
		}
		answer := r.ask(LookupArticle, src)
		switch {
		case strings.HasPrefix(answer, "page "):
			return strings.TrimPrefix(answer, "page ") + frag, nil
		case strings.HasPrefix(answer, "unpublished "):
			return "", msg.Errorf("link to %q: %s is not published: %s", dest, src, strings.TrimPrefix(answer, "unpublished "))
		}
		return "", msg.Errorf("link to %q: there is no article %s (check the file name and folder)", dest, src)
	}
	if strings.HasPrefix(p, "/") {
		clean := CleanLink(p)
		if r.ask(LookupURL, clean) != "yes" {
			var hint msg.Message
			if strings.HasPrefix(clean, "/articles/") {
				hint = msg.New(": link to an article by its address /articles/<slug>/ or by its file, e.g. ../2023/visit.md")
			}
			return "", msg.Errorf("link to %q: this site has no page %s%v", dest, clean, hint)
		}
		return clean + frag, nil
	}
	// Anything else relative is a file beside the article.
	if _, err := r.attach(p); err != nil {
		return "", msg.Errorf("link to %q: %v", dest, err)
	}
	return dest, nil
}

func (r *resolver) Image(dest string) (markdown.Image, error) {
	u, err := url.Parse(dest)
	if err != nil {
		return markdown.Image{}, msg.Errorf("image %q is not a valid address: %v", dest, err)
	}
	if u.Scheme != "" || u.Host != "" {
		return markdown.Image{}, msg.Errorf("image %q is on another site: put the photo in the article's folder so the page works offline and the size is known", dest)
	}
	if strings.HasPrefix(u.Path, "/") {
		return markdown.Image{}, msg.Errorf("image %q: put the photo in the article's folder (content/…/<article>/photo.jpg) and write its file name", dest)
	}
	name, src, err := r.locate(u.Path)
	if err != nil {
		return markdown.Image{}, msg.Errorf("image %q: %v", dest, err)
	}
	facts, err := r.sizes.get(src)
	if err != nil {
		return markdown.Image{}, msg.Errorf("image %q: %v", dest, err)
	}
	if facts.photo == nil {
		// GIF, WebP: shown as it is.
		r.out.Attached[name] = src
		return markdown.Image{Src: u.EscapedPath(), Width: facts.w, Height: facts.h}, nil
	}
	if info := facts.photo.info; int64(info.Width)*int64(info.Height) > photo.MaxPixels {
		return markdown.Image{}, msg.Errorf("image %q: %v", dest, photoTooLarge(src, info))
	}
	i := slices.IndexFunc(r.out.Photos, func(p Photo) bool { return p.Name == name })
	if i < 0 {
		r.out.Photos = append(r.out.Photos, newPhoto(name, src, facts.photo.key, facts.photo.info))
		slices.SortFunc(r.out.Photos, func(x, y Photo) int { return strings.Compare(x.Name, y.Name) })
		i = slices.IndexFunc(r.out.Photos, func(p Photo) bool { return p.Name == name })
	}
	p := &r.out.Photos[i]
	shown := p.Shown()
	return markdown.Image{Src: escapeName(shown.Name), Width: shown.Width, Height: shown.Height, Srcset: p.Srcset(), Sizes: PhotoSizes}, nil
}

func (r *resolver) Reserved(id string) bool {
	return r.ask(LookupThemeID, id) == "taken"
}

// attach records a file beside the article to be copied next to its page.
func (r *resolver) attach(rel string) (string, error) {
	name, src, err := r.locate(rel)
	if err != nil {
		return "", err
	}
	r.out.Attached[name] = src
	return src, nil
}

// locate finds a file beside the article: its name beside the page and its
// path in the site folder.
func (r *resolver) locate(rel string) (name, src string, err error) {
	clean := path.Clean(rel)
	if clean == "." || strings.HasPrefix(clean, "../") || clean == ".." {
		return "", "", msg.Errorf("files an article uses must be in its own folder (write content/…/<article>/index.md and put the file beside it)")
	}
	src = path.Join(r.article.Dir, clean)
	if !strings.HasPrefix(r.ask(LookupFile, src), "file ") {
		return "", "", msg.Errorf("no file %s", src)
	}
	if r.opts.Guard != nil {
		if _, err := r.opts.Guard.File(src); err != nil {
			return "", "", err
		}
	}
	return clean, src, nil
}

// imageSizes reads each image once, whichever article uses it: the header
// of a GIF or WebP, the whole of a JPEG or PNG (for its Key).
type imageSizes struct {
	root  string
	mu    sync.Mutex
	known map[string]imageFacts
}

// imageFacts are what an article's page needs of an image file.
type imageFacts struct {
	w, h  int         // as stored (a GIF or WebP)
	photo *photoFacts // a JPEG or PNG, published as resized variants
}

type photoFacts struct {
	info photo.Info // sizes as shown, after the EXIF orientation
	key  string
}

// remember takes in the photos the article showed when last converted
// whose files are as they were then (the answers its lookups recorded): a
// body converted again, because its conversion was kept without it, does
// not read them again (at 1,000 camera photos, 4 GB).
func (c *imageSizes) remember(a *Article) {
	for _, p := range a.Photos {
		for _, l := range a.Lookups {
			if l.Kind != LookupFile || l.Key != p.Source || l.Answer != FileAnswer(c.root, p.Source) {
				continue
			}
			c.mu.Lock()
			if _, ok := c.known[p.Source]; !ok {
				c.known[p.Source] = imageFacts{photo: &photoFacts{info: p.info(), key: p.Key}}
			}
			c.mu.Unlock()
			break
		}
	}
}

func (c *imageSizes) get(src string) (imageFacts, error) {
	c.mu.Lock()
	facts, ok := c.known[src]
	c.mu.Unlock()
	if ok {
		return facts, nil
	}
	f, err := os.Open(filepath.Join(c.root, filepath.FromSlash(src)))
	if err != nil {
		return facts, err
	}
	defer f.Close()
	head := make([]byte, 8)
	n, _ := io.ReadFull(f, head)
	head = head[:n]
	if !bytes.HasPrefix(head, []byte("\xFF\xD8")) && !bytes.HasPrefix(head, []byte("\x89PNG\r\n\x1a\n")) {
		if _, err := f.Seek(0, io.SeekStart); err != nil {
			return facts, err
		}
		cfg, _, err := image.DecodeConfig(f)
		if err != nil {
			return facts, msg.Errorf("cannot read the size of %s (%v): use a JPEG, PNG, GIF or WebP photo", src, err)
		}
		facts.w, facts.h = cfg.Width, cfg.Height
	} else {
		// A JPEG or PNG: read whole, for the Key that names its variants.
		rest, err := io.ReadAll(f)
		if err != nil {
			return facts, err
		}
		data := append(head, rest...)
		info, err := photo.Inspect(data)
		if err != nil {
			return facts, msg.Errorf("cannot read the size of %s (%v): use a JPEG, PNG, GIF or WebP photo", src, err)
		}
		facts.photo = &photoFacts{info: info, key: photo.Key(data, PhotoOptions)}
	}
	c.mu.Lock()
	c.known[src] = facts
	c.mu.Unlock()
	return facts, nil
}
