package build

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jihat/jihat"
	"github.com/jihat/jihat/internal/content"
)

// A link to an article held back until its date stops the build as a link
// to a draft does, saying when it is scheduled; --future builds both; the
// build and check tell which articles wait, and check lists the drafts and
// scheduled articles it checked.
func TestScheduledArticles(t *testing.T) {
	site := t.TempDir()
	copyTree(t, testSite, site)
	// A TOML local date-time: Morocco's 10:00, whatever the machine; in
	// Ramadan 2025, when Morocco is on UTC+0, so 10:00 UTC.
	replace(t, site, tiznit, "date = 2023-05-10T09:00:00+01:00", "date = 2025-03-01T10:00:00")
	now := time.Date(2025, 1, 15, 12, 0, 0, 0, content.Morocco)
	opts := Options{Source: site, Destination: filepath.Join(t.TempDir(), "public"), Theme: jihat.Theme, Now: now}

	_, err := Build(opts)
	want := `content/2024/argana-visit/index.md:24:11: link to "../../2023/tiznit.md": content/2023/tiznit.md is not published: it is scheduled for 2025-03-01 10:00 (its date is later than the build); the first build after that time publishes it, and --future builds it now`
	if err == nil || err.Error() != want {
		t.Fatalf("got  %v\nwant %s", err, want)
	}
	c, err := CheckAll(opts)
	if err == nil || err.Error() != want {
		t.Errorf("check: got %v", err)
	}
	if got := HeldBackNote(c.HeldBack).String(); got != "1 article held back until its date: content/2023/tiznit.md (2025-03-01 10:00); --future builds it now" {
		t.Errorf("check's note: %s", got)
	}

	// The link removed, the build goes on and says what it held back.
	replace(t, site, argana, "../../2023/tiznit.md", "/regions/")
	res, err := Build(opts)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.HeldBack) != 1 || res.HeldBack[0].Path != tiznit || !res.HeldBack[0].Date.Equal(time.Date(2025, 3, 1, 10, 0, 0, 0, time.UTC)) {
		t.Errorf("held back: %v", res.HeldBack)
	}
	if _, ok := res.Sources[tiznit]; ok {
		t.Error("the scheduled article was built")
	}

	opts.Future, opts.Drafts = true, true
	res, err = Build(opts)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.HeldBack) != 0 || res.Sources[tiznit] == "" {
		t.Errorf("with --future: held back %v, built %v", res.HeldBack, res.Sources)
	}
	c, err = CheckAll(opts)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range c.Pending {
		got = append(got, p.Path+" "+p.Title+" "+content.FormatWhen(p.Date)+" "+map[bool]string{true: "draft", false: "scheduled"}[p.Draft])
	}
	wantList := "content/2022-draft.md مسودة 2022-01-01 draft\ncontent/2023/tiznit.md افتتاح مركز لحماية الطفولة بتيزنيت 2025-03-01 10:00 scheduled"
	if strings.Join(got, "\n") != wantList {
		t.Errorf("pending:\n%s\nwant:\n%s", strings.Join(got, "\n"), wantList)
	}
}

// The note names ten files at most, soonest first as given, and counts
// the others.
func TestHeldBackNote(t *testing.T) {
	var held []Held
	for i := range 12 {
		held = append(held, Held{Path: "content/" + string(rune('a'+i)) + ".md", Date: time.Date(2025, 3, 1+i, 0, 0, 0, 0, content.Morocco)})
	}
	got := HeldBackNote(held).String()
	want := "12 articles held back until their date: content/a.md (2025-03-01), content/b.md (2025-03-02), content/c.md (2025-03-03), content/d.md (2025-03-04), content/e.md (2025-03-05), content/f.md (2025-03-06), content/g.md (2025-03-07), content/h.md (2025-03-08), content/i.md (2025-03-09), content/j.md (2025-03-10) and 2 more; --future builds them now"
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	if !HeldBackNote(nil).IsZero() {
		t.Error("a note with nothing held back")
	}
}
