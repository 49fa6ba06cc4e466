package build

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"maps"
	"path"
	"slices"
	"strings"

	"github.com/jihat/jihat/internal/diag"
	"github.com/jihat/jihat/internal/headers"
	"github.com/jihat/jihat/internal/minify"
	"github.com/jihat/jihat/internal/search"
	"github.com/jihat/jihat/internal/site"
)

// Assets: the stylesheets and scripts pages link, minified, and published
// also under a name holding their content's hash, so that a browser or a
// CDN may keep them for a year and still never show a stale one.

// immutable is the caching a hashed name allows: its bytes never change.
const immutable = "public, max-age=31536000, immutable"

// fingerprinted reports whether pages link a file of this URL by a hashed
// name: stylesheets and scripts. Photos have hashed names of their own;
// the icon and the logo are linked by their plain names, which outside
// sites and manifests may use.
func fingerprinted(u string) bool {
	ext := path.Ext(u)
	return ext == ".css" || ext == ".js"
}

// hashedName is u with the first 10 hex digits of data's SHA-256 before
// its extension: /style.css → /style.3f2a1c9e0b.css.
func hashedName(u string, data []byte) string {
	sum := sha256.Sum256(data)
	ext := path.Ext(u)
	return strings.TrimSuffix(u, ext) + "." + hex.EncodeToString(sum[:5]) + ext
}

// prepareAssets reads the static files the build changes (what it minifies
// and, with Fingerprint, every stylesheet and script), and returns the
// files to publish (the static ones, their hashed copies and the search
// page's scripts' hashed copies), the map of plain to hashed URLs for the
// pages, and a warning for each file left as it was because it does not
// parse. A mistake in the site's _headers is an error (the CDN would
// ignore the line, or the rule, without a word), returned with the files.
func (b *Builder) prepareAssets(static []staticFile) ([]staticFile, map[string]string, diag.List, error) {
	var warnings diag.List
	hdr := slices.IndexFunc(static, func(f staticFile) bool { return f.URL == "/"+headers.FileName })
	var (
		rules     headers.Rules
		hdrData   []byte
		hdrErrors error
	)
	// jihat serve reports the file's mistakes as it serves; the archive
	// does not publish it.
	check := !b.opts.Serving && !b.opts.Offline
	if hdr >= 0 && (check || b.opts.Fingerprint) {
		var err error
		if hdrData, err = fs.ReadFile(static[hdr].FS, static[hdr].Rel); err != nil {
			return nil, nil, nil, err
		}
		var parseErr error
		rules, parseErr = headers.Parse(static[hdr].Rel, hdrData)
		if check {
			hdrErrors = parseErr
		}
	}
	if !b.opts.Minify && !b.opts.Fingerprint {
		return static, nil, nil, hdrErrors
	}
	hashed := map[string]string{}
	var copies []staticFile
	publish := func(f staticFile, data []byte) {
		if b.opts.Fingerprint && fingerprinted(f.URL) {
			h := hashedName(f.URL, data)
			hashed[f.URL] = h
			copies = append(copies, staticFile{URL: h, FS: f.FS, Rel: f.Rel, Data: data})
		}
	}
	for i, f := range static {
		if i == hdr {
			continue
		}
		if !(b.opts.Minify && minify.Handles(f.URL)) && !(b.opts.Fingerprint && fingerprinted(f.URL)) {
			continue
		}
		data, err := fs.ReadFile(f.FS, f.Rel)
		if err != nil {
			return nil, nil, nil, err
		}
		if b.opts.Minify && minify.Handles(f.URL) {
			small, err := minify.File(f.URL, data)
			if err != nil {
				warnings.Add(f.Rel, 0, 0, "published as it is, not minified: %v", err)
			}
			data = small
		}
		static[i].Data = data
		publish(f, data)
	}
	if b.opts.Fingerprint {
		scripts := search.Scripts()
		for _, name := range slices.Sorted(maps.Keys(scripts)) {
			data := scripts[name]
			if b.opts.Minify {
				small, err := minify.File(name, data)
				if err != nil {
					return nil, nil, nil, fmt.Errorf("the search page's %s: %v", name, err)
				}
				data = small
			}
			publish(staticFile{URL: "/search/" + name}, data)
		}
	}
	if b.opts.Fingerprint && hdr >= 0 {
		f := static[hdr]
		urls := make([]string, len(copies))
		for i, c := range copies {
			urls[i] = c.URL
		}
		data, added := withImmutableRules(hdrData, rules, urls)
		static[hdr].Data = data
		warnings.Append(joinedCacheControl(f.Rel, rules, added))
		warnings.Append(inPhotoFolders(static, hdr))
	}
	return append(static, copies...), hashed, warnings, hdrErrors
}

// An immutable rule jihat build adds to _headers: its path, and a path it
// applies to, to tell whether the site's own rules give it Cache-Control
// too.
type immutableRule struct {
	path, example string
}

// immutableRules are the rules withImmutableRules adds: one for each hashed
// copy, by its exact path (patterns differ from CDN to CDN, and a site has
// a handful of stylesheets and scripts), and site.PhotoRules, which match
// every photo's sizes.
func immutableRules(urls []string) []immutableRule {
	var out []immutableRule
	for _, u := range slices.Sorted(slices.Values(urls)) {
		out = append(out, immutableRule{u, u})
	}
	for _, r := range site.PhotoRules() {
		out = append(out, immutableRule{r, photoExample(r)})
	}
	return out
}

// photoExample is a photo size's address the rule r of site.PhotoRules
// matches, in the folder of a page of its depth: a plain page, an article,
// an article under a language's prefix.
func photoExample(r string) string {
	page := map[int]string{1: site.PlainURL("x"), 2: site.ArticleURL("x"), 3: "/fr" + site.ArticleURL("x")}[strings.Count(r, "/:")]
	return page + site.PhotoDir + "/photo.960w.1a2b3c4d.jpg"
}

// withImmutableRules adds to a _headers file the rules of immutableRules.
// Where the site's own rules give the path a Cache-Control already, the
// rule detaches it first ("! Cache-Control"): Cloudflare Pages then sends
// the immutable one alone, and Netlify ignores the line (it joins the two;
// joinedCacheControl warns of it). It returns the rules added.
func withImmutableRules(data []byte, site headers.Rules, urls []string) ([]byte, []immutableRule) {
	var buf bytes.Buffer
	buf.Write(data)
	if len(data) > 0 && !bytes.HasSuffix(data, []byte("\n")) {
		buf.WriteByte('\n')
	}
	rules := immutableRules(urls)
	for i, r := range rules {
		switch {
		case i == 0 && r.path == r.example:
			buf.WriteString("# Added by jihat build: stylesheets and scripts by the hash of their content.\n")
		case r.path != r.example && (i == 0 || rules[i-1].path == rules[i-1].example):
			buf.WriteString("# Added by jihat build: the sizes of the photos pages show, named by the hash of the photo.\n")
		}
		buf.WriteString(r.path + "\n")
		if _, ok := site.Match(r.example)["Cache-Control"]; ok {
			buf.WriteString("  ! Cache-Control\n")
		}
		fmt.Fprintf(&buf, "  Cache-Control: %s\n", immutable)
	}
	return buf.Bytes(), rules
}

// joinedCacheControl warns of each rule of the site's _headers (file) that
// gives Cache-Control to a path jihat build marks immutable: Netlify joins
// the two values with ", " into one header whose directives contradict
// each other, which browsers and CDNs each read their own way.
func joinedCacheControl(file string, rules headers.Rules, added []immutableRule) diag.List {
	var out diag.List
	for i := range rules {
		r := &rules[i]
		if !slices.ContainsFunc(r.Headers, func(h headers.Header) bool { return h.Name == "Cache-Control" }) {
			continue
		}
		for _, a := range added {
			if r.Matches(a.example) {
				out.Add(file, r.Line, 1, "%s gives Cache-Control to %s too, which jihat build marks immutable (its name holds the hash of its content): Netlify then sends both values joined, which contradict each other (Cloudflare Pages sends jihat's alone); write Cache-Control only under paths that match the files it is meant for, such as /style.css or /*.html, not under %s", r.Path, a.example, r.Path)
				break
			}
		}
	}
	return out
}

// inPhotoFolders warns of static files (but hdr, _headers) that the rules
// of site.PhotoRules mark immutable: a folder named as the photos' sizes'.
func inPhotoFolders(static []staticFile, hdr int) diag.List {
	var out diag.List
	var snippet strings.Builder
	for _, r := range site.PhotoRules() {
		fmt.Fprintf(&snippet, "%s\n  Cache-Control: %s\n", r, immutable)
	}
	rules, err := headers.Parse("", []byte(snippet.String()))
	if err != nil {
		panic(err) // site.PhotoRules are not rules: a bug
	}
	for i, f := range static {
		if i == hdr {
			continue
		}
		for j := range rules {
			if rules[j].Matches(f.URL) {
				out.Add(f.Rel, 0, 0, "published at %s, in a folder named %s, which the rules jihat build adds to _headers give to the photos' sizes, kept for a year unchanged by browsers and CDNs: a new version of the file would not be seen; rename the folder", f.URL, site.PhotoDir)
				break
			}
		}
	}
	return out
}

// assetsDigest covers the hashed names pages link: a stylesheet edited
// renames it on every page.
func assetsDigest(hashed map[string]string) site.Digest {
	var b strings.Builder
	for _, u := range slices.Sorted(maps.Keys(hashed)) {
		fmt.Fprintf(&b, "%s %s\n", u, hashed[u])
	}
	return digestOf(b.String())
}
