// Package sitefs keeps a build to its site's own files: every file the
// build reads from the site folder (articles, bundle files, static files,
// layouts, site.toml) is reached through a Guard, which refuses links that
// lead outside the folder and files that are not regular.
package sitefs

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/jihat/jihat/internal/msg"
)

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

func (e *UnsafeError) Error() string { return e.Path + ": " + e.Reason().String() }

// Localize writes the error in c's language.
func (e *UnsafeError) Localize(c *msg.Catalog) string {
	return e.Path + ": " + e.Reason().Localize(c)
}

// Reason is the message without the file's path, for reports that name
// the file already.
func (e *UnsafeError) Reason() msg.Message {
	if e.Kind == "a folder" {
		if e.Leads == "" {
			return msg.New("a folder where a file was expected")
		}
		return msg.New("a link to a folder (%s): Jihat does not follow links to folders inside the site; copy the folder here, or link its files one by one", e.Leads)
	}
	if e.Kind == "a loop of links" {
		return msg.New("too many links in a row: do two links point at each other? Replace one of them with the file")
	}
	if e.Kind != "" {
		if e.Leads != "" {
			return msg.New("a link to %s, %v, not a regular file: Jihat publishes only regular files; remove it from the site", e.Leads, kindName(e.Kind))
		}
		return msg.New("%v, not a regular file: Jihat publishes only regular files; remove it from the site", kindName(e.Kind))
	}
	outside := msg.New("outside the site folder: Jihat publishes only files inside the site; copy the file into the site or remove the link")
	switch {
	case e.Link != e.Path && !filepath.IsAbs(e.Target):
		return msg.New("%s is a link to %s, which leads to %s, %v", e.Link, e.Target, e.Leads, outside)
	case e.Link != e.Path:
		return msg.New("%s is a link to %s, %v", e.Link, e.Target, outside)
	case !filepath.IsAbs(e.Target):
		return msg.New("a link to %s, which leads to %s, %v", e.Target, e.Leads, outside)
	}
	return msg.New("a link to %s, %v", e.Target, outside)
}

// kindName is the words for an irregular file's kind.
func kindName(kind string) msg.Message {
	switch kind {
	case "a named pipe (FIFO)":
		return msg.New("a named pipe (FIFO)")
	case "a socket":
		return msg.New("a socket")
	case "a device":
		return msg.New("a device")
	}
	return msg.New("a special file")
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
			return nil, "", &UnsafeError{Path: rel, Kind: "a loop of links"}
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
