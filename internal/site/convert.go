package site

import (
	"errors"
	"fmt"
	"html/template"
	"image"
	_ "image/gif" // registered for image sizes
	_ "image/jpeg"
	_ "image/png"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"unicode/utf8"

	_ "golang.org/x/image/webp"

	"github.com/jihat/jihat/internal/diag"
	"github.com/jihat/jihat/internal/markdown"
)

// excerptRunes bounds the excerpt taken from the body when an article has
// no summary: about two lines on a phone.
const excerptRunes = 220

// TextFunc receives each article's body as plain text while it is at hand,
// for indexes built from it (search). It is called from several goroutines.
type TextFunc func(a *Article, text string)

// Convert renders every article body in parallel, resolving its links and
// images against the graph. root is the site folder the paths are under.
func (s *Site) Convert(root string, onText TextFunc) diag.List {
	var (
		mu       sync.Mutex
		problems diag.List
		wg       sync.WaitGroup
	)
	next := make(chan *Article)
	sizes := &imageSizes{root: root, known: map[string][2]int{}}
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			conv := markdown.New(markdown.Options{UnsafeHTML: s.Config.Markdown.UnsafeHTML})
			for a := range next {
				errs := s.convertOne(root, conv, sizes, a, onText)
				if len(errs) > 0 {
					mu.Lock()
					problems.Append(errs)
					mu.Unlock()
				}
			}
		}()
	}
	for _, a := range s.Articles {
		next <- a
	}
	close(next)
	wg.Wait()
	return problems
}

func (s *Site) convertOne(root string, conv *markdown.Converter, sizes *imageSizes, a *Article, onText TextFunc) diag.List {
	var problems diag.List
	r := &resolver{site: s, root: root, article: a, sizes: sizes}
	if a.Image != "" {
		src, w, h, err := r.Image(a.Image)
		if err != nil {
			problems.Add(a.Path, a.ImageLine, 1, "image: %v", err)
		}
		a.ImageSrc, a.ImageW, a.ImageH = src, w, h
	}
	doc, errs := conv.Convert(a.Path, a.BodyLine, a.Article.Body, r)
	problems.Append(errs)
	a.Article.Body = nil // the source is no longer needed; keep memory flat
	a.Headings = len(doc.Headings)
	a.WordCount = len(strings.Fields(doc.Text))
	a.Excerpt = a.Summary
	if a.Excerpt == "" {
		a.Excerpt = clip(doc.FirstParagraph, excerptRunes)
	}
	a.Body = template.HTML(doc.HTML) // #nosec: produced by goldmark with raw HTML off unless the site allows it
	if onText != nil {
		onText(a, doc.Text)
	}
	return problems
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
	root    string
	article *Article
	sizes   *imageSizes
}

func (r *resolver) Link(dest string) (string, error) {
	if dest == "" {
		return "", errors.New("empty link: put the address between the parentheses, [text](/articles/…/)")
	}
	u, err := url.Parse(dest)
	if err != nil {
		return "", fmt.Errorf("link %q is not a valid address: %v", dest, err)
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
		target := r.site.ArticleBySource(src)
		if target == nil {
			if why, ok := r.site.unpublished[src]; ok {
				return "", fmt.Errorf("link to %q: %s is not published: %s", dest, src, why)
			}
			return "", fmt.Errorf("link to %q: there is no article %s (check the file name and folder)", dest, src)
		}
		return target.URL + frag, nil
	}
	if strings.HasPrefix(p, "/") {
		clean := CleanLink(p)
		if !r.site.HasURL(clean) {
			hint := ""
			if strings.HasPrefix(clean, "/articles/") {
				hint = ": link to an article by its address /articles/<slug>/ or by its file, e.g. ../2023/visit.md"
			}
			return "", fmt.Errorf("link to %q: this site has no page %s%s", dest, clean, hint)
		}
		return clean + frag, nil
	}
	// Anything else relative is a file beside the article.
	if _, err := r.attach(p); err != nil {
		return "", fmt.Errorf("link to %q: %v", dest, err)
	}
	return dest, nil
}

func (r *resolver) Image(dest string) (string, int, int, error) {
	u, err := url.Parse(dest)
	if err != nil {
		return "", 0, 0, fmt.Errorf("image %q is not a valid address: %v", dest, err)
	}
	if u.Scheme != "" || u.Host != "" {
		return "", 0, 0, fmt.Errorf("image %q is on another site: put the photo in the article's folder so the page works offline and the size is known", dest)
	}
	if strings.HasPrefix(u.Path, "/") {
		return "", 0, 0, fmt.Errorf("image %q: put the photo in the article's folder (content/…/<article>/photo.jpg) and write its file name", dest)
	}
	src, err := r.attach(u.Path)
	if err != nil {
		return "", 0, 0, fmt.Errorf("image %q: %v", dest, err)
	}
	w, h, err := r.sizes.get(src)
	if err != nil {
		return "", 0, 0, fmt.Errorf("image %q: %v", dest, err)
	}
	return u.EscapedPath(), w, h, nil
}

// attach records a file beside the article to be copied next to its page.
func (r *resolver) attach(rel string) (string, error) {
	clean := path.Clean(rel)
	if clean == "." || strings.HasPrefix(clean, "../") || clean == ".." {
		return "", errors.New("files an article uses must be in its own folder (write content/…/<article>/index.md and put the file beside it)")
	}
	src := path.Join(r.article.Dir, clean)
	info, err := os.Stat(filepath.Join(r.root, filepath.FromSlash(src)))
	if err != nil || info.IsDir() {
		return "", fmt.Errorf("no file %s", src)
	}
	r.article.Files[clean] = src
	return src, nil
}

// imageSizes reads each image's header once, whichever article uses it.
type imageSizes struct {
	root  string
	mu    sync.Mutex
	known map[string][2]int
}

func (c *imageSizes) get(src string) (int, int, error) {
	c.mu.Lock()
	wh, ok := c.known[src]
	c.mu.Unlock()
	if ok {
		return wh[0], wh[1], nil
	}
	f, err := os.Open(filepath.Join(c.root, filepath.FromSlash(src)))
	if err != nil {
		return 0, 0, err
	}
	defer f.Close()
	cfg, _, err := image.DecodeConfig(f)
	if err != nil {
		return 0, 0, fmt.Errorf("cannot read the size of %s (%v): use a JPEG, PNG, GIF or WebP photo", src, err)
	}
	c.mu.Lock()
	c.known[src] = [2]int{cfg.Width, cfg.Height}
	c.mu.Unlock()
	return cfg.Width, cfg.Height, nil
}
