// Package render executes the theme's html/template layouts over the site
// graph. It owns the template helpers (Arabic dates, plurals, URLs, bidi
// isolation, structured data) and nothing about which pages exist.
package render

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"maps"
	"path"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"text/template/parse"
	"time"

	"github.com/jihat/jihat/internal/msg"

	"github.com/jihat/jihat/internal/config"
	"github.com/jihat/jihat/internal/diag"
	"github.com/jihat/jihat/internal/gazetteer"
	"github.com/jihat/jihat/internal/site"
)

// LayoutsDir is the theme folder the templates are read from.
const LayoutsDir = "layouts"

// Templates is a parsed theme: one template set per layout, each holding
// base.html, the partials and the layout's own file.
type Templates struct {
	sets    map[site.Layout]*template.Template
	offline bool
	digests map[site.Layout][32]byte

	labels       map[string]site.Labels // by language code
	labelsSource []byte                 // as merged, for the fingerprint

	ids      site.ThemeIDs
	warnings diag.List

	// shared holds base.html and the partials; partials executes from it.
	shared   *template.Template
	partials sync.Map // partialKey → template.HTML
}

type partialKey struct {
	name string
	data any
}

// partial renders a named template once per argument and remembers it:
// an article's card appears on a dozen list pages. It is for templates
// that depend only on their argument.
func (t *Templates) partial(name string, data any) (template.HTML, error) {
	cacheable := data == nil || reflect.TypeOf(data).Comparable()
	key := partialKey{name, data}
	if cacheable {
		if html, ok := t.partials.Load(key); ok {
			return html.(template.HTML), nil
		}
	}
	var buf bytes.Buffer
	if err := t.shared.ExecuteTemplate(&buf, name, data); err != nil {
		return "", err
	}
	html := template.HTML(buf.String()) // #nosec: escaped by html/template in the same context
	if cacheable {
		t.partials.Store(key, html)
	}
	return html, nil
}

// Forget drops the remembered partials, after the data they were made
// from changed.
func (t *Templates) Forget() { t.partials.Clear() }

// Options change how pages are rendered.
type Options struct {
	// Offline renders for reading from disk: no canonical or Open Graph
	// URLs pointing at the online site.
	Offline bool
	// Layouts are the layouts the page kinds need (nil: the built-in
	// kinds').
	Layouts []site.Layout
	// Base is the theme beneath the site's own files, whose labels the
	// site's layouts/strings.toml overrides one by one (nil: none).
	Base fs.FS
	// Languages are the codes of the site's languages, whose words the
	// theme must have (nil: Arabic).
	Languages []string
}

// Load parses the theme found in layouts (an FS rooted at the site, holding
// layouts/base.html, layouts/<layout>.html and layouts/partials/*.html).
func Load(theme fs.FS, opts Options) (*Templates, diag.List) {
	var problems diag.List
	t := &Templates{sets: map[site.Layout]*template.Template{}, offline: opts.Offline, digests: map[site.Layout][32]byte{}}
	var labelProblems diag.List
	t.labels, t.labelsSource, labelProblems = loadAllLabels(opts.Base, theme, opts.Languages)
	problems.Append(labelProblems)
	shared := template.New("").Funcs(funcs).Funcs(template.FuncMap{"partial": t.partial})
	t.shared = shared
	// What each file holds and defines, so a layout's digest covers the
	// files it can reach and no other.
	sources := map[string][]byte{}
	definedIn := map[string]string{}
	parseFile := func(set *template.Template, theme fs.FS, name string) error {
		before := map[string]bool{}
		for _, d := range set.Templates() {
			before[d.Name()] = true
		}
		src, err := parseFile(set, theme, name)
		sources[name] = src
		for _, d := range set.Templates() {
			if !before[d.Name()] {
				definedIn[d.Name()] = name
			}
		}
		return err
	}
	files := []string{path.Join(LayoutsDir, "base.html")}
	partials, err := fs.Glob(theme, path.Join(LayoutsDir, "partials", "*.html"))
	if err != nil {
		problems.Add(LayoutsDir, 0, 0, "%v", err)
		return nil, problems
	}
	sort.Strings(partials)
	files = append(files, partials...)
	for _, f := range files {
		if err := parseFile(shared, theme, f); err != nil {
			problems = append(problems, templateDiag(f, err))
		}
	}
	if len(problems) > 0 {
		return nil, problems
	}
	shared_ := maps.Clone(definedIn)
	layouts := opts.Layouts
	if layouts == nil {
		layouts = site.Layouts(site.Kinds())
	}
	for _, layout := range layouts {
		set, err := shared.Clone()
		if err != nil {
			problems.Add(LayoutsDir, 0, 0, "%v", err)
			continue
		}
		f := path.Join(LayoutsDir, string(layout)+".html")
		definedIn = maps.Clone(shared_)
		if err := parseFile(set, theme, f); err != nil {
			problems = append(problems, templateDiag(f, err))
			continue
		}
		if set.Lookup("main") == nil {
			problems.Add(f, 1, 1, "the layout must define the page content with {{define \"main\"}}…{{end}}")
			continue
		}
		t.sets[layout] = set
		// The layouts take their words from the labels ({{.Lang.T}}): a
		// label edited renders their pages again.
		d := layoutDigest(set, opts.Offline, sources, definedIn, partials)
		t.digests[layout] = sha256.Sum256(append(d[:], t.labelsSource...))
	}
	if len(problems) > 0 {
		return nil, problems
	}
	if problems = t.checkLabelCalls(); len(problems) > 0 {
		return nil, problems
	}
	t.ids, t.warnings = themeIDs(sources)
	return t, nil
}

// labelMethods are the Language methods that take a label's key first.
var labelMethods = map[string]bool{"T": true, "Count": true, "PluralAttrs": true}

// checkLabelCalls reports a layout asking for a label the theme does not
// have ({{.Lang.T "skp"}}), at its file and line, rather than a page
// showing "{skp}".
func (t *Templates) checkLabelCalls() diag.List {
	var problems diag.List
	labels := t.labels["ar"]
	seen := map[string]bool{}
	for _, set := range t.sets {
		for _, tpl := range set.Templates() {
			if tpl.Tree == nil || tpl.Tree.Root == nil {
				continue
			}
			tree := tpl.Tree
			walkCommands(tree.Root, func(c *parse.CommandNode) {
				if len(c.Args) < 2 || !labelMethods[lastIdent(c.Args[0])] {
					return
				}
				key, ok := c.Args[1].(*parse.StringNode)
				if !ok {
					return
				}
				if _, plain := labels[key.Text]; plain || hasForms(labels, key.Text) {
					return
				}
				where, _ := tree.ErrorContext(key)
				if seen[where+key.Text] {
					return
				}
				seen[where+key.Text] = true
				file, line := where, 0
				if i := strings.Index(where, ":"); i > 0 {
					file = where[:i]
					fmt.Sscan(where[i+1:], &line)
				}
				problems.Add(file, line, 0, "no label %q in %s: add it there, or correct the key", key.Text, LabelsFile)
			})
		}
	}
	problems.Sort()
	return problems
}

// lastIdent is the method a command calls: T in .Lang.T or $L.T.
func lastIdent(n parse.Node) string {
	var idents []string
	switch n := n.(type) {
	case *parse.FieldNode:
		idents = n.Ident
	case *parse.VariableNode:
		idents = n.Ident[1:]
	case *parse.ChainNode:
		idents = n.Field
	}
	if len(idents) == 0 {
		return ""
	}
	return idents[len(idents)-1]
}

// layoutDigest hashes the files a layout's pages can reach from base.html,
// by {{template}} and {{partial}}: a change to the article layout does not
// make list pages stale. A partial named by a computed string could be any
// of them, so then all are counted.
func layoutDigest(set *template.Template, offline bool, sources map[string][]byte, definedIn map[string]string, partials []string) [32]byte {
	files := map[string]bool{}
	seen := map[string]bool{}
	var visit func(name string)
	visit = func(name string) {
		if seen[name] {
			return
		}
		seen[name] = true
		if f, ok := definedIn[name]; ok {
			files[f] = true
		}
		tpl := set.Lookup(name)
		if tpl == nil || tpl.Tree == nil {
			return
		}
		walkCalls(tpl.Tree.Root, visit, func() {
			for _, p := range partials {
				files[p] = true
			}
		})
	}
	visit(path.Join(LayoutsDir, "base.html"))
	visit("main")
	h := sha256.New()
	fmt.Fprintf(h, "offline=%v\n", offline)
	for _, f := range slices.Sorted(maps.Keys(files)) {
		fmt.Fprintf(h, "%s %d\n", f, len(sources[f]))
		h.Write(sources[f])
	}
	var d [32]byte
	copy(d[:], h.Sum(nil))
	return d
}

// walkCalls finds the templates a parse tree calls.
func walkCalls(n parse.Node, call func(name string), dynamic func()) {
	walkNodes(n, func(n parse.Node) {
		switch n := n.(type) {
		case *parse.TemplateNode:
			call(n.Name)
		case *parse.CommandNode:
			if len(n.Args) > 1 {
				if id, ok := n.Args[0].(*parse.IdentifierNode); ok && id.Ident == "partial" {
					if s, ok := n.Args[1].(*parse.StringNode); ok {
						call(s.Text)
					} else {
						dynamic()
					}
				}
			}
		}
	})
}

// walkCommands calls f on every command of a parse tree.
func walkCommands(n parse.Node, f func(*parse.CommandNode)) {
	walkNodes(n, func(n parse.Node) {
		if c, ok := n.(*parse.CommandNode); ok {
			f(c)
		}
	})
}

// walkNodes calls visit on every node of a parse tree, each before what
// it holds.
func walkNodes(n parse.Node, visit func(parse.Node)) {
	switch n := n.(type) {
	case *parse.ListNode:
		if n == nil {
			return
		}
		for _, c := range n.Nodes {
			walkNodes(c, visit)
		}
		return
	case *parse.PipeNode:
		if n == nil {
			return
		}
	}
	visit(n)
	switch n := n.(type) {
	case *parse.TemplateNode:
		walkNodes(n.Pipe, visit)
	case *parse.ActionNode:
		walkNodes(n.Pipe, visit)
	case *parse.PipeNode:
		for _, c := range n.Cmds {
			walkNodes(c, visit)
		}
	case *parse.CommandNode:
		for _, a := range n.Args {
			walkNodes(a, visit)
		}
	case *parse.ChainNode:
		walkNodes(n.Node, visit)
	case *parse.IfNode:
		walkNodes(n.Pipe, visit)
		walkNodes(n.List, visit)
		walkNodes(n.ElseList, visit)
	case *parse.RangeNode:
		walkNodes(n.Pipe, visit)
		walkNodes(n.List, visit)
		walkNodes(n.ElseList, visit)
	case *parse.WithNode:
		walkNodes(n.Pipe, visit)
		walkNodes(n.List, visit)
		walkNodes(n.ElseList, visit)
	}
}

func parseFile(set *template.Template, theme fs.FS, name string) ([]byte, error) {
	src, err := fs.ReadFile(theme, name)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, msg.Errorf("missing template: the theme needs %s", name)
		}
		return nil, err
	}
	// Name each template after its file so html/template's own messages
	// ("template: layouts/article.html:12: …") name the file and line.
	_, err = set.New(name).Parse(string(src))
	return src, err
}

var templatePos = regexp.MustCompile(`template: ([^:]+):(\d+):(?:(\d+):)? ?(.*)`)

// templateDiag turns html/template's "template: file:line:col: msg" errors
// into the same path:line:col form as content errors.
func templateDiag(file string, err error) diag.Diagnostic {
	text := err.Error()
	if m := templatePos.FindStringSubmatch(text); m != nil {
		var line, col int
		fmt.Sscan(m[2], &line)
		if m[3] != "" {
			fmt.Sscan(m[3], &col)
		}
		name := m[1]
		if !strings.HasPrefix(name, LayoutsDir+"/") {
			name = file
		}
		return diag.At(name, line, col, "%s", m[4]) // Go's words, in English
	}
	return diag.At(file, 0, 0, "%s", text)
}

// View is what every template receives as ".".
type View struct {
	Site    *SiteView
	Page    *site.Page
	Offline bool
	// Lang is the page's language: its words (.Lang.T), dates, plurals
	// and links (.Lang.Link "/regions/").
	Lang *site.Language
}

// SiteView is the site as templates see it. It records which site-wide
// lists a page reads, so the build knows when the page must be rendered
// again (see site.Digest).
type SiteView struct {
	s    *site.Site
	used site.Aggregate
}

func (v *SiteView) Config() *config.Site            { return v.s.Config }
func (v *SiteView) Gazetteer() *gazetteer.Gazetteer { return v.s.Gazetteer }
func (v *SiteView) AbsURL(p string) string          { return v.s.AbsURL(p) }
func (v *SiteView) Regions() []*site.Term           { v.used |= site.AggRegions; return v.s.Regions }
func (v *SiteView) Provinces() []*site.Term         { v.used |= site.AggProvinces; return v.s.Provinces }
func (v *SiteView) Facilities() []*site.Term        { v.used |= site.AggFacilities; return v.s.Facilities }
func (v *SiteView) FacilityRegions() []*site.Term {
	v.used |= site.AggFacilityRegions
	return v.s.FacilityRegions
}
func (v *SiteView) Tags() []*site.Term        { v.used |= site.AggTags; return v.s.Tags }
func (v *SiteView) HasTags() bool             { v.used |= site.AggHasTags; return len(v.s.Tags) > 0 }
func (v *SiteView) Years() []*site.Term       { v.used |= site.AggYears; return v.s.Years }
func (v *SiteView) Articles() []*site.Article { v.used |= site.AggArticles; return v.s.Articles }
func (v *SiteView) Built() time.Time          { v.used |= site.AggBuilt; return v.s.Built }
func (v *SiteView) HasStatic(u string) bool   { v.used |= site.AggStatic; return v.s.HasStatic(u) }

// Asset is the URL to link a stylesheet or script by (its hashed name in a
// build; the build's base digest covers the names, so no page records it).
func (v *SiteView) Asset(u string) string { return v.s.Asset(u) }
func (v *SiteView) NoIndex() bool         { return v.s.NoIndex }

// Lang is the language of the pages the view renders.
func (v *SiteView) Lang() *site.Language { return v.s.Lang }

// Menu is the menu of the page's language (see site.Site.Menu).
func (v *SiteView) Menu() []config.MenuItem { v.used |= site.AggMenu; return v.s.Menu() }

// Languages are the site's languages, the default first, for the language
// switcher.
func (v *SiteView) Languages() []*site.Language {
	var out []*site.Language
	for _, ls := range v.s.Languages() {
		out = append(out, ls.Lang)
	}
	return out
}

// regionCounts is the regions for what the map draws of them: names,
// pages and counts. Unexported, so that no template reaches the articles
// through it, which its aggregate does not follow.
func (v *SiteView) regionCounts() []*site.Term {
	v.used |= site.AggRegionCounts
	return v.s.Regions
}

// Render executes the page's layout and returns the site-wide lists it
// read.
func (t *Templates) Render(buf *bytes.Buffer, s *site.Site, p *site.Page) (site.Aggregate, error) {
	set := t.sets[p.Layout]
	if set == nil {
		return 0, msg.Errorf("no template for layout %q", p.Layout)
	}
	if ps := p.Site(); ps != nil {
		s = ps // the graph of the page's language
	}
	view := &View{Site: &SiteView{s: s}, Page: p, Offline: t.offline, Lang: s.Lang}
	if err := set.ExecuteTemplate(buf, path.Join(LayoutsDir, "base.html"), view); err != nil {
		d := templateDiag(path.Join(LayoutsDir, string(p.Layout)+".html"), err)
		return 0, msg.Errorf("%s (rendering %s)", d.Error(), p.URL)
	}
	return view.Site.used, nil
}

// Labels are the theme's words, by language code.
func (t *Templates) Labels() map[string]site.Labels { return t.labels }

// IDs are the ids the layouts give their elements, which an article's
// headings must not take.
func (t *Templates) IDs() site.ThemeIDs { return t.ids }

// Warnings are the theme's problems that do not stop a build.
func (t *Templates) Warnings() diag.List { return t.warnings }

// Digest identifies what a layout's pages are rendered with: the theme
// files they can reach, and the mode.
func (t *Templates) Digest(layout site.Layout) [32]byte { return t.digests[layout] }

// Fingerprint identifies the whole theme as the layouts see it: equal
// fingerprints render every page alike.
func (t *Templates) Fingerprint() [32]byte {
	h := sha256.New()
	h.Write(t.labelsSource)
	for _, layout := range slices.Sorted(maps.Keys(t.digests)) {
		d := t.digests[layout]
		h.Write([]byte(layout))
		h.Write(d[:])
	}
	return [32]byte(h.Sum(nil))
}
