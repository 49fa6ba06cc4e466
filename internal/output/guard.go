package output

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/jihat/jihat/internal/msg"
)

// MarkerName is the empty folder every build leaves at the root of its
// destination: it says the folder is Jihat's to update. A folder is a
// marker rather than a file so that no listing of the site's files, no
// archive and no deploy that skips empty folders sees it.
const MarkerName = ".jihat-build"

// sourceFolders are the folders of a site the build reads: a destination
// inside one of them would be read back as input (inside static/, the site
// would copy itself one level deeper at every build).
var sourceFolders = []string{"content", "layouts", "static"}

// resolve makes p absolute and follows the symbolic links of the part of it
// that exists, so that two spellings of one folder compare equal and a
// link to the destination is updated through, never replaced.
func resolve(p string) (string, error) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", err
	}
	rest := ""
	for cur := abs; ; {
		real, err := filepath.EvalSymlinks(cur)
		if err == nil {
			return filepath.Join(real, rest), nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return "", err
		}
		if info, lerr := os.Lstat(cur); lerr == nil && info.Mode()&fs.ModeSymlink != 0 {
			target, _ := os.Readlink(cur)
			return "", msg.Errorf("%s is a link to %s, which does not exist: create that folder or remove the link", cur, target)
		}
		parent := filepath.Dir(cur)
		if parent == cur {
			return abs, nil
		}
		rest = filepath.Join(filepath.Base(cur), rest)
		cur = parent
	}
}

// within reports whether p is dir or inside it (both resolved).
func within(p, dir string) bool {
	rel, err := filepath.Rel(dir, p)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}

// checkPlace refuses a destination that would swallow the site's sources:
// the site's folder or one above it, or a folder the build reads. Both
// paths are resolved.
func checkPlace(src, dest, shown string) error {
	if within(src, dest) {
		return msg.Errorf("destination %s contains the site itself: choose a folder of its own, such as public", shown)
	}
	for _, name := range sourceFolders {
		dir, err := resolve(filepath.Join(src, name))
		if err != nil {
			return err
		}
		if within(dest, dir) {
			return msg.Errorf("destination %s is inside the site's %s/ folder, which the build reads: the site would be built into its own sources (inside static/ it copies itself deeper at every build); choose a folder of its own, such as public", shown, name)
		}
	}
	if _, err := os.Stat(filepath.Join(dest, MarkerName)); err == nil {
		// A build of Jihat's may hold content/ or layouts/ of its own
		// (a site's static/content/uploads/…).
		return nil
	}
	for _, marker := range []string{"content", "site.toml", "layouts"} {
		if _, err := os.Stat(filepath.Join(dest, marker)); err == nil {
			return msg.Errorf("destination %s holds %s, so it looks like a site, not a build: choose another folder", shown, marker)
		}
	}
	return nil
}

// ownership tells what dest holds: nothing (missing, empty, or only the
// marker), a build of Jihat's, or someone else's files, refused. A folder
// is Jihat's when it holds the marker, or, for a build made before the
// marker existed, when the previous build's manifest accounts for every
// name at its top and at least one file of it is still as that build left
// it (size and time to the nanosecond).
func ownership(dest, shown string, prev Manifest) (empty bool, err error) {
	entries, err := os.ReadDir(dest)
	if errors.Is(err, fs.ErrNotExist) {
		return true, nil
	}
	if err != nil {
		return false, msg.Errorf("cannot read destination %s: %w", shown, err)
	}
	marked := false
	var names []string
	for _, e := range entries {
		if e.Name() == MarkerName && e.IsDir() {
			marked = true
			continue
		}
		names = append(names, e.Name())
	}
	if len(names) == 0 {
		return true, nil
	}
	if marked || builtBefore(dest, names, prev) {
		return false, nil
	}
	slices.Sort(names)
	listed := names
	if len(listed) > 5 {
		listed = listed[:5]
	}
	what := strings.Join(listed, ", ")
	if len(names) > len(listed) {
		what += fmt.Sprintf(" and %d more", len(names)-len(listed))
	}
	count := fmt.Sprintf("%d entries", len(names))
	if len(names) == 1 {
		count = "1 entry"
	}
	return false, msg.Errorf("destination %s holds files that are not a site build of jihat's (%s: %s): jihat build updates only an empty or new folder, or one it built itself (marked by %s/); choose another folder, or empty this one if nothing in it is needed", shown, count, what, MarkerName)
}

// builtBefore recognises a build made before the marker existed from the
// manifest the build kept of it.
func builtBefore(dest string, names []string, prev Manifest) bool {
	if len(prev) == 0 {
		return false
	}
	tops := map[string]bool{}
	for rel := range prev {
		top, _, _ := strings.Cut(rel, "/")
		tops[top] = true
	}
	for _, name := range names {
		if !tops[name] {
			return false
		}
	}
	for rel, e := range prev {
		if e.Ours && onDisk(dest, rel, e) {
			return true
		}
	}
	return false
}
