package changes

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// A link to a folder outside the site, created in a watched folder, is one
// change of its own: the watcher neither walks into it (it might lead to /)
// nor reports the files there, then or when they change.
func TestLinkToFolderOutsideIsNotFollowed(t *testing.T) {
	for _, poll := range []time.Duration{0, 50 * time.Millisecond} {
		name := "events"
		if poll > 0 {
			name = "polling"
		}
		t.Run(name, func(t *testing.T) {
			root, w := start(t, poll)
			outside := t.TempDir()
			if err := os.MkdirAll(filepath.Join(outside, "sub"), 0o755); err != nil {
				t.Fatal(err)
			}
			write(t, filepath.Join(outside, "secret.css"), "one")
			write(t, filepath.Join(outside, "sub", "deep.css"), "one")
			if err := os.Symlink(outside, filepath.Join(root, "content", "ext")); err != nil {
				t.Skipf("cannot make symbolic links here: %v", err)
			}
			seen := collect(t, w, []string{"content/ext"})
			write(t, filepath.Join(outside, "secret.css"), "two, longer")
			write(t, filepath.Join(outside, "sub", "new.css"), "new")
			deadline := time.Now().Add(time.Second)
			for time.Now().Before(deadline) {
				if b := next(w, 100*time.Millisecond); b != nil {
					seen = append(seen, b.Paths...)
				}
			}
			for _, p := range seen {
				if strings.HasPrefix(p, "content/ext/") {
					t.Errorf("reported %s, a file outside the site reached through the link", p)
				}
			}
		})
	}
}
