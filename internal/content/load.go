package content

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/jihat/jihat/internal/diag"
	"github.com/jihat/jihat/internal/parallel"
)

// Dir is the folder under the site root that holds articles.
const Dir = "content"

// Set is the result of loading a site's content folder.
type Set struct {
	Articles []*Article // published (and drafts when asked), newest first
	Drafts   int        // drafts left out
	// Unpublished says why a file is not among Articles (a draft, or
	// errors of its own), so a link to it can be explained.
	Unpublished map[string]string
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
	set, problems := collect(files, bundles, results, includeDrafts)
	problems.Append(checkSlugs(set.Articles))
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
func collect(files []string, bundles map[string][]string, results []loaded, includeDrafts bool) (*Set, diag.List) {
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
		set.Articles = append(set.Articles, r.a)
	}
	return set, problems
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
func checkSlugs(list []*Article) diag.List {
	var problems diag.List
	bySlug := map[string][]*Article{}
	for _, a := range list {
		bySlug[a.Slug] = append(bySlug[a.Slug], a)
	}
	for slug, same := range bySlug {
		if len(same) < 2 {
			continue
		}
		sort.Slice(same, func(i, j int) bool { return same[i].Path < same[j].Path })
		for _, a := range same[1:] {
			problems.Add(a.Path, 1, 1, "this article and %s would both be written to /articles/%s/: give one of them another file name or a `slug:`", same[0].Path, slug)
		}
	}
	return problems
}

// scan lists article files and, for each bundle folder, the files beside its
// index.md. Hidden files and editors' backup files are not content. Files
// the Guard refuses are listed apart.
func scan(root string) (files []string, bundles map[string][]string, refused diag.List, err error) {
	guard, err := NewGuard(root)
	if err != nil {
		return nil, nil, nil, err
	}
	if info, err := guard.Stat(Dir); err != nil {
		var unsafe *UnsafeError
		switch {
		case errors.As(err, &unsafe):
			refused.Add(Dir, 0, 0, "%s", unsafe.Reason())
			return nil, nil, refused, nil
		case errors.Is(err, fs.ErrNotExist):
			return nil, nil, nil, errors.New("no content folder: create content/ and put the articles (.md files) in it")
		}
		return nil, nil, nil, err
	} else if !info.IsDir() {
		return nil, nil, nil, errors.New("content is a file: it must be the folder holding the articles (.md files)")
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
func listFiles(root, base string, guard *Guard) ([]string, diag.List, error) {
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
				var unsafe *UnsafeError
				switch {
				case errors.As(err, &unsafe):
					refused.Add(rel, 0, 0, "%s", unsafe.Reason())
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

// Guard keeps a build to its site's own files. A symbolic link is stored in
// git like any file, so one contributed link to /proc/self/environ would
// otherwise publish the build's environment: a file reached through a link
// that leads outside the site folder is refused. So is a file that is not a
// regular one: reading a named pipe hangs, a device never ends. Links that
// stay inside the site are followed.
type Guard struct {
	root string // the site folder: absolute, links resolved
}

// NewGuard returns the guard of the site in root.
func NewGuard(root string) (*Guard, error) {
	abs, err := filepath.Abs(root)
	if err != nil {
		return nil, err
	}
	real, err := filepath.EvalSymlinks(abs)
	if err != nil {
		return nil, err
	}
	return &Guard{root: real}, nil
}

// CheckFile refuses the file rel (a slash path under root) unless it is a
// regular file inside the site folder, links followed.
func CheckFile(root, rel string) error {
	g, err := NewGuard(root)
	if err != nil {
		return err
	}
	_, err = g.File(rel)
	return err
}

var errLinkLoop = errors.New("too many links in a row: do two links point at each other?")

// UnsafeError is a file a build refuses to read.
type UnsafeError struct {
	Path string // as the editor sees it: slash path under the site folder
	// For a file reached through a link leading outside the site: the
	// last link inside the site on the way, what it says, and where the
	// path finally leads.
	Link, Target, Leads string
	// Kind says what the file is when it is not a regular file ("a named
	// pipe (FIFO)"), or "a folder" when a file was expected.
	Kind string
}

func (e *UnsafeError) Error() string { return e.Path + ": " + e.Reason() }

// Reason is the message without the file's path, for reports that name
// the file already.
func (e *UnsafeError) Reason() string {
	if e.Kind == "a folder" {
		if e.Leads == "" {
			return "a folder where a file was expected"
		}
		return fmt.Sprintf("a link to a folder (%s): Jihat does not follow links to folders inside the site; copy the folder here, or link its files one by one", e.Leads)
	}
	if e.Kind != "" {
		what := e.Kind
		if e.Leads != "" {
			what = fmt.Sprintf("a link to %s, %s", e.Leads, e.Kind)
		}
		return what + ", not a regular file: Jihat publishes only regular files; remove it from the site"
	}
	what := "a link to " + e.Target
	if e.Link != e.Path {
		what = e.Link + " is " + what
	}
	if !filepath.IsAbs(e.Target) {
		what += ", which leads to " + e.Leads
	}
	return what + ", outside the site folder: Jihat publishes only files inside the site; copy the file into the site or remove the link"
}

// Stat is os.Stat of rel, a slash path under the site folder, refusing a
// path that links lead outside the folder: it follows every link on the
// way itself, so it costs one Lstat per name in rel when there are none.
func (g *Guard) Stat(rel string) (fs.FileInfo, error) {
	info, _, err := g.walk(rel)
	return info, err
}

// File is Stat of a file: a folder is refused too.
func (g *Guard) File(rel string) (fs.FileInfo, error) {
	info, leads, err := g.walk(rel)
	if err == nil && info.IsDir() {
		return nil, &UnsafeError{Path: rel, Kind: "a folder", Leads: leads}
	}
	return info, err
}

// walk follows rel name by name from the site folder, and returns what it
// leads to and, when it went through links, where (for messages).
func (g *Guard) walk(rel string) (fs.FileInfo, string, error) {
	const maxLinks = 64
	cur := g.root
	var info fs.FileInfo
	todo := splitNames(rel)
	// The last link inside the site followed: where it is, what it says,
	// and where that is, for messages.
	var link, target, leads string
	links := 0
	for len(todo) > 0 {
		name := todo[0]
		todo = todo[1:]
		switch name {
		case "", ".":
			continue
		case "..":
			cur, info = filepath.Dir(cur), nil
			continue
		}
		next := filepath.Join(cur, name)
		fi, err := os.Lstat(next)
		if err != nil {
			if link != "" && !g.inside(cur) {
				// Led outside, where nothing leads back in.
				return nil, "", &UnsafeError{Path: rel, Link: link, Target: target, Leads: leads}
			}
			return nil, "", err
		}
		if fi.Mode()&fs.ModeSymlink == 0 {
			cur, info = next, fi
			continue
		}
		if links++; links > maxLinks {
			return nil, "", errLinkLoop
		}
		t, err := os.Readlink(next)
		if err != nil {
			return nil, "", err
		}
		if g.inside(next) {
			link, target, leads = g.rel(next), t, filepath.Join(cur, t)
		}
		if filepath.IsAbs(t) {
			vol := filepath.VolumeName(t)
			cur, info = vol+string(filepath.Separator), nil
			t = t[len(vol):]
		}
		todo = append(splitNames(t), todo...)
	}
	if !g.inside(cur) {
		e := &UnsafeError{Path: rel, Link: link, Target: target, Leads: leads}
		if link == "" { // rel itself climbs out: no caller writes such a path
			e.Link, e.Target, e.Leads = rel, rel, cur
		}
		return nil, "", e
	}
	if info == nil {
		var err error
		if info, err = os.Lstat(cur); err != nil {
			return nil, "", err
		}
	}
	if kind := irregular(info.Mode()); kind != "" {
		e := &UnsafeError{Path: rel, Kind: kind}
		if link != "" {
			e.Leads = g.rel(cur)
		}
		return nil, "", e
	}
	if link != "" {
		return info, g.rel(cur), nil
	}
	return info, "", nil
}

func (g *Guard) inside(p string) bool {
	if p == g.root {
		return true
	}
	root := g.root
	if !strings.HasSuffix(root, string(filepath.Separator)) {
		root += string(filepath.Separator)
	}
	return strings.HasPrefix(p, root)
}

// rel names p for the editor: relative to the site folder when inside it.
func (g *Guard) rel(p string) string {
	if r, err := filepath.Rel(g.root, p); err == nil && g.inside(p) {
		return filepath.ToSlash(r)
	}
	return p
}

func splitNames(p string) []string {
	return strings.FieldsFunc(p, func(r rune) bool { return r == '/' || r == filepath.Separator })
}

// irregular names what a file is when it is neither regular nor a folder.
func irregular(m fs.FileMode) string {
	switch {
	case m.IsRegular(), m.IsDir():
		return ""
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeDevice != 0:
		return "a device"
	}
	return "a special file"
}
