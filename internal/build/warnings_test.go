package build

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/jihat/jihat"
	"github.com/jihat/jihat/internal/diag"
)

// A warning is told at every build until it is fixed: a fresh build, one
// that finds nothing changed, one that reuses the parsed article and its
// conversion from the cache, and jihat serve's update. (The link's column
// is counted after the invisible character was removed from its line.)
func TestWarningsEveryBuild(t *testing.T) {
	root := t.TempDir()
	copyTree(t, testSite, root)
	writeSource(t, root, "content/2025/warned.md", newArticle("مقال فيه تحذيران", "2025-03-01", "oriental", "oujda-angad", "dar-taliba", "")+
		"\nسطر فيه \x07 حرف خفي و[رابط](#لا-يوجد).\n")
	want := []string{
		`content/2025/warned.md:16:9: removed the invisible character U+0007 (a control character), which no web page can show: delete it from the file (in most editors it shows as a box, or not at all)`,
		`content/2025/warned.md:16:19: link to "#لا-يوجد": no heading of this article has the id "لا-يوجد", so the link leads nowhere (the headings' ids: #تفاصيل)`,
	}
	dest, cache := filepath.Join(t.TempDir(), "public"), filepath.Join(t.TempDir(), "cache")
	check := func(step string, warnings diag.List) {
		t.Helper()
		var got []string
		for _, w := range warnings {
			got = append(got, w.Error())
		}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("%s: warnings\n got %q\nwant %q", step, got, want)
		}
	}
	cached := func(step string) *Result {
		res, err := Build(Options{Source: root, Destination: dest, Theme: jihat.Theme, Cache: cache})
		if err != nil {
			t.Fatalf("%s: %v", step, err)
		}
		check(step, res.Warnings)
		return res
	}
	cached("first build")
	if res := cached("nothing changed"); !res.Unchanged {
		t.Error("the second build found changes")
	}
	replace(t, root, tiznit, "افتتاح مركز", "تدشين مركز")
	if res := cached("another article edited"); res.Unchanged {
		t.Error("the edit went unseen")
	}
	warnings, err := Check(Options{Source: root, Theme: jihat.Theme})
	if err != nil {
		t.Fatal(err)
	}
	check("check", warnings)

	b := New(Options{Source: root, Destination: filepath.Join(t.TempDir(), "serve"), Theme: jihat.Theme, Serving: true})
	changedSince(t, root)
	res, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	check("serve", res.Warnings)
	replace(t, root, "content/2025/warned.md", "مقال فيه تحذيران", "مقال فيه تحذيران اثنان")
	if res, err = b.Update(changedSince(t, root)); err != nil {
		t.Fatal(err)
	}
	check("serve, the warned article edited", res.Warnings)
}
