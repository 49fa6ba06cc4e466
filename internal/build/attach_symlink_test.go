//go:build unix

package build

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jihat/jihat"
)

// A file a body links to or shows, reached through a folder beside the
// article whose name the content walk skips (hidden, a backup's), is still
// refused when a link leads it out of the site.
func TestAttachedFilesThroughIgnoredFolderLinks(t *testing.T) {
	for _, name := range []string{".x", "x~", "old.bak"} {
		t.Run(name, func(t *testing.T) {
			base := t.TempDir()
			root := filepath.Join(base, "site")
			copyTree(t, testSite, root)
			outside := filepath.Join(base, "outside")
			writeSource(t, outside, "secret.txt", "SECRET=hunter2")
			bundle := filepath.Join(root, "content/2024/argana-visit")
			if err := os.Symlink(outside, filepath.Join(bundle, name)); err != nil {
				t.Fatal(err)
			}
			replace(t, root, argana, "انظر أيضا", "["+"السر"+"]("+name+"/secret.txt) انظر أيضا")
			dest := filepath.Join(t.TempDir(), "public")
			_, err := Build(Options{Source: root, Destination: dest, Theme: jihat.Theme})
			want := "content/2024/argana-visit/" + name + "/secret.txt: content/2024/argana-visit/" + name + " is a link to " + outside
			if err == nil || !strings.Contains(err.Error(), want) {
				t.Fatalf("build: %v\nwant a problem containing %q", err, want)
			}
			if _, err := os.Stat(dest); !os.IsNotExist(err) {
				t.Errorf("the failed build left %s: %v", dest, err)
			}
		})
	}
}
