package content

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/jihat/jihat/internal/msg"

	"github.com/jihat/jihat/internal/diag"
	"github.com/jihat/jihat/internal/parallel"
	"github.com/jihat/jihat/internal/sitefs"
)

// Dir is the folder under the site root that holds articles.
const Dir = "content"

// Set is the result of loading a site's content folder.
type Set struct {
	Articles []*Article // published (and drafts when asked), newest first
	Drafts   int        // drafts left out
	// Unpublished says why a file is not among Articles (a draft, held
	// back until its date, or errors of its own), so a link to it can be
	// explained.
	Unpublished map[string]string
	// HeldBack are the articles dated after Options.Now, left out until
	// then (all but drafts left out as drafts), soonest first.
	HeldBack []*Article
}

// Cache keeps articles parsed by an earlier load, so that a rebuild parses
// only the files that changed. Implementations must be safe for concurrent
// use.
type Cache interface {
	// Get returns the article parsed from rel when the file is as info
	// describes it (same size and modification time).
	Get(rel string, info fs.FileInfo) *Article
	// Put keeps an article parsed without problems.
	Put(rel string, info fs.FileInfo, a *Article)
}

// Load reads every article under root/content in parallel. Drafts are kept
// only when includeDrafts is set. All problems in all files are returned.
func Load(root string, includeDrafts bool, opts Options) (*Set, diag.List) {
	var problems diag.List
	files, bundles, refused, err := scan(root)
	if err != nil {
		problems.Add(Dir, 0, 0, "%v", err)
		return nil, problems
	}
	if len(refused) > 0 {
		// Nothing of the content is read, so that no later step opens a
		// refused file through a path it builds itself (an image's).
		return nil, refused
	}
	results := loadFiles(root, files, opts)
	now := opts.Now
	if now.IsZero() {
		now = time.Now()
	}
	set, problems := collect(files, bundles, results, includeDrafts, now, opts.Future)
	problems.Append(checkSlugs(set.Articles, opts.Languages))
	SortNewestFirst(set.Articles)
	return set, problems
}

// loaded is what became of one file: its article, or the problems that
// kept it out.
type loaded struct {
	a    *Article
	errs diag.List
}

// loadFiles loads files in parallel, each result at its file's index so
// that nothing after depends on which goroutine finished first.
func loadFiles(root string, files []string, opts Options) []loaded {
	results := make([]loaded, len(files))
	parallel.Workers(len(files), func() func(int) {
		// Without bodies nothing of an article points into its file: one
		// buffer serves every file this goroutine reads.
		var buf []byte
		return func(i int) {
			results[i], buf = loadFile(root, files[i], opts, buf)
		}
	})
	return results
}

// loadFile takes the cached article while the file is unchanged, since
// parsing is most of a rebuild's loading; otherwise it reads and parses
// the file. It returns buf to be used for the next file when bodies are
// dropped (then nothing of the article points into it).
func loadFile(root, rel string, opts Options, buf []byte) (loaded, []byte) {
	full := filepath.Join(root, filepath.FromSlash(rel))
	var info fs.FileInfo
	if opts.Cache != nil {
		if info, _ = os.Stat(full); info != nil {
			if a := opts.Cache.Get(rel, info); a != nil {
				return loaded{a: a}, buf
			}
		}
	}
	src, err := readFile(full, buf)
	if err != nil {
		var r loaded
		r.errs.Add(rel, 0, 0, "cannot read: %v", err)
		return r, buf
	}
	if opts.DropBodies {
		buf = src[:0]
	}
	a, errs := Parse(rel, src, opts)
	if opts.DropBodies && a != nil {
		a.Body = nil
	}
	if info != nil && a != nil && len(errs) == 0 {
		opts.Cache.Put(rel, info, a)
	}
	return loaded{a: a, errs: errs}, buf
}

// collect sorts the results into published articles and the reasons the
// others are not, in file order so that problems come out the same on
// every run.
func collect(files []string, bundles map[string][]string, results []loaded, includeDrafts bool, now time.Time, future bool) (*Set, diag.List) {
	var problems diag.List
	set := &Set{Unpublished: map[string]string{}}
	for i, r := range results {
		problems.Append(r.errs)
		if r.a == nil {
			set.Unpublished[files[i]] = "it has errors of its own, reported separately"
			continue
		}
		if r.a.IsBundle {
			problems.Append(placeResources(r.a, bundles[r.a.Dir]))
		}
		if r.a.Draft && !includeDrafts {
			set.Unpublished[files[i]] = "it is a draft (draft: true); drafts are published only with --drafts"
			set.Drafts++
			continue
		}
		// Set at every load: a cached article was parsed at another time.
		// Written only when it changes, as jihat serve's last graph holds
		// the same article.
		if scheduled := r.a.Date.After(now); r.a.Scheduled != scheduled {
			r.a.Scheduled = scheduled
		}
		if r.a.Scheduled && !future {
			set.Unpublished[files[i]] = "it is scheduled for " + FormatWhen(r.a.Date) + " (its date is later than the build); the first build after that time publishes it, and --future builds it now"
			set.HeldBack = append(set.HeldBack, r.a)
			continue
		}
		set.Articles = append(set.Articles, r.a)
	}
	sortSoonestFirst(set.HeldBack)
	return set, problems
}

// FormatWhen is an article's date as messages give it: in Morocco's time
// as editors write it, the day alone for midnight, and with the offset
// only when the article gave another.
func FormatWhen(t time.Time) string {
	m := t.In(Morocco)
	_, off := t.Zone()
	_, moroccoOff := m.Zone()
	switch {
	case off != moroccoOff:
		return t.Format("2006-01-02 15:04 -07:00")
	case m.Hour() == 0 && m.Minute() == 0 && m.Second() == 0:
		return m.Format("2006-01-02")
	}
	return m.Format("2006-01-02 15:04")
}

// sortSoonestFirst orders held-back articles by date, then path.
func sortSoonestFirst(list []*Article) {
	sort.SliceStable(list, func(i, j int) bool {
		if !list[i].Date.Equal(list[j].Date) {
			return list[i].Date.Before(list[j].Date)
		}
		return list[i].Path < list[j].Path
	})
}

// placeResources gives a bundle the files beside it. A cached article is
// placed again, as those files may have changed when it did not; Markdown
// among them is reported, since it would be copied, not published.
func placeResources(a *Article, files []string) diag.List {
	var problems diag.List
	a.Resources = nil
	for _, res := range files {
		if strings.HasSuffix(res, ".md") {
			problems.Add(a.Dir+"/"+res, 1, 1, "this Markdown file is inside the folder of the article %s, so it would be copied as a plain file, not published: move it out of that folder to make it an article of its own", a.Path)
			continue
		}
		a.Resources = append(a.Resources, res)
	}
	return problems
}

// readFile is os.ReadFile into buf's memory when it is large enough.
func readFile(name string, buf []byte) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if info, err := f.Stat(); err == nil && int64(cap(buf)) < info.Size()+1 {
		buf = make([]byte, 0, info.Size()+512)
	}
	buf = buf[:0]
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := f.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return nil, err
		}
	}
}

// checkSlugs reports every pair of articles that would write the same page.
// Each language has its pages under its own prefix (/fr/articles/…), so a
// translation keeps the slug of its original.
func checkSlugs(list []*Article, languages []string) diag.List {
	var problems diag.List
	type place struct{ lang, slug string }
	bySlug := map[place][]*Article{}
	for _, a := range list {
		k := place{a.Lang, a.Slug}
		bySlug[k] = append(bySlug[k], a)
	}
	for k, same := range bySlug {
		if len(same) < 2 {
			continue
		}
		prefix := ""
		if len(languages) > 0 && k.lang != languages[0] {
			prefix = "/" + k.lang
		}
		sort.Slice(same, func(i, j int) bool { return same[i].Path < same[j].Path })
		for _, a := range same[1:] {
			problems.Add(a.Path, 1, 1, "this article and %s would both be written to %s/articles/%s/: give one of them another file name or a `slug:`", same[0].Path, prefix, k.slug)
		}
	}
	return problems
}

// scan lists article files and, for each bundle folder, the files beside its
// index.md. Hidden files and editors' backup files are not content. Files
// the sitefs.Guard refuses are listed apart.
func scan(root string) (files []string, bundles map[string][]string, refused diag.List, err error) {
	guard, err := sitefs.NewGuard(root)
	if err != nil {
		return nil, nil, nil, err
	}
	if info, err := guard.Stat(Dir); err != nil {
		var unsafe *sitefs.UnsafeError
		switch {
		case errors.As(err, &unsafe):
			refused.Add(Dir, 0, 0, "%v", unsafe.Reason())
			return nil, nil, refused, nil
		case errors.Is(err, fs.ErrNotExist):
			return nil, nil, nil, msg.Errorf("no content folder: create content/ and put the articles (.md files) in it")
		}
		return nil, nil, nil, err
	} else if !info.IsDir() {
		return nil, nil, nil, msg.Errorf("content is a file: it must be the folder holding the articles (.md files)")
	}
	all, refused, err := listFiles(root, filepath.Join(root, Dir), guard)
	if err != nil || len(refused) > 0 {
		return nil, nil, refused, err
	}
	files, bundles = splitBundles(all)
	return files, bundles, nil, nil
}

// listFiles lists the files under base that are not ignored, as slash
// paths relative to root, sorted so that nothing after depends on the
// file system's order. A link is followed by the guard, which refuses it
// if it leads outside the site or to a folder; a file that is not regular
// is refused. The walk tells each entry's type without a system call, so a
// site without links costs nothing more.
func listFiles(root, base string, guard *sitefs.Guard) ([]string, diag.List, error) {
	var all []string
	var refused diag.List
	// The separator makes the walk follow content/ itself when it is a
	// link (the guard allowed it), as it follows no link below.
	base += string(filepath.Separator)
	err := filepath.WalkDir(base, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p == base {
			return nil
		}
		name := d.Name()
		if Ignored(name) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		rel, err := filepath.Rel(root, p)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		if !d.Type().IsRegular() {
			if _, err := guard.File(rel); err != nil {
				var unsafe *sitefs.UnsafeError
				switch {
				case errors.As(err, &unsafe):
					refused.Add(rel, 0, 0, "%v", unsafe.Reason())
				case errors.Is(err, fs.ErrNotExist):
					target, _ := os.Readlink(p)
					refused.Add(rel, 0, 0, "a link to %s, which does not exist: restore that file or remove the link", target)
				default:
					refused.Add(rel, 0, 0, "%v", err)
				}
				return nil
			}
		}
		all = append(all, rel)
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	sort.Strings(all)
	return all, refused, nil
}

// splitBundles tells articles from the files that belong to a bundle: a
// folder with an index.md owns everything under it, Markdown included, so
// that its images travel with it.
func splitBundles(all []string) (files []string, bundles map[string][]string) {
	bundleDirs := map[string]bool{}
	for _, f := range all {
		if path.Base(f) == "index.md" {
			bundleDirs[path.Dir(f)] = true
		}
	}
	bundles = map[string][]string{}
	for _, f := range all {
		owner := bundleOf(f, bundleDirs)
		switch {
		case owner == "" && strings.HasSuffix(f, ".md"):
			files = append(files, f)
		case owner != "" && path.Base(f) == "index.md" && path.Dir(f) == owner:
			files = append(files, f)
		case owner != "":
			bundles[owner] = append(bundles[owner], strings.TrimPrefix(f, owner+"/"))
		}
		// Loose non-Markdown files outside bundles are reachable only when
		// an article references them; the site stage copies those.
	}
	return files, bundles
}

// bundleOf returns the innermost bundle folder containing f, if any.
func bundleOf(f string, bundleDirs map[string]bool) string {
	for dir := path.Dir(f); dir != "." && dir != "/"; dir = path.Dir(dir) {
		if bundleDirs[dir] {
			return dir
		}
	}
	return ""
}

// Ignored reports names that are never content: hidden files and the
// temporary and backup files editors leave next to the ones they save
// (vim's x~, .x.swp and 4913 probe, Emacs's .#x and #x#, JetBrains's
// x___jb_tmp___).
func Ignored(name string) bool {
	switch {
	case strings.HasPrefix(name, "."), strings.HasPrefix(name, "#"),
		strings.HasSuffix(name, "~"), strings.HasSuffix(name, ".swp"), strings.HasSuffix(name, ".swx"),
		strings.HasSuffix(name, ".tmp"), strings.HasSuffix(name, ".bak"), name == "4913",
		strings.HasSuffix(name, "___jb_tmp___"), strings.HasSuffix(name, "___jb_old___"):
		return true
	}
	return false
}
