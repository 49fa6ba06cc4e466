package content

import (
	"io/fs"
	"strings"
	"sync"
	"testing"
	"time"
)

// mapCache is a Cache for tests: it keeps every article, whatever the file.
type mapCache struct {
	mu sync.Mutex
	m  map[string]*Article
}

func (c *mapCache) Get(rel string, _ fs.FileInfo) *Article {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.m[rel]
}

func (c *mapCache) Put(rel string, _ fs.FileInfo, a *Article) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.m[rel] = a
}

// Articles dated after the build's time are held back, soonest first, with
// a reason a link to them quotes; Future builds them marked Scheduled; a
// later time publishes them unmarked, cached or not. A draft stays a draft
// whatever its date.
func TestSchedule(t *testing.T) {
	at := func(s string) time.Time {
		tm, err := time.ParseInLocation("2006-01-02 15:04", s, Morocco)
		if err != nil {
			t.Fatal(err)
		}
		return tm
	}
	cache := &mapCache{m: map[string]*Article{}}
	cases := []struct {
		name      string
		now       string
		future    bool
		drafts    bool
		articles  string // paths, newest first, * for Scheduled
		heldBack  string
		reasons   map[string]string
		numDrafts int
	}{
		{name: "before", now: "2025-01-15 12:00", articles: "content/2025/past.md", heldBack: "content/2025/soon.md,content/2025/opening.md",
			reasons: map[string]string{
				"content/2025/soon.md":    "it is scheduled for 2025-01-20 09:00 +00:00 (its date is later than the build); the first build after that time publishes it, and --future builds it now",
				"content/2025/opening.md": "it is scheduled for 2025-03-01 10:00 (its date is later than the build); the first build after that time publishes it, and --future builds it now",
				"content/2025/draft.md":   "it is a draft (draft: true); drafts are published only with --drafts",
			}, numDrafts: 1},
		{name: "future", now: "2025-01-15 12:00", future: true, articles: "content/2025/opening.md*,content/2025/soon.md*,content/2025/past.md", numDrafts: 1},
		{name: "drafts and future", now: "2025-01-15 12:00", future: true, drafts: true, articles: "content/2025/draft.md*,content/2025/opening.md*,content/2025/soon.md*,content/2025/past.md"},
		{name: "one passed", now: "2025-01-20 10:00", articles: "content/2025/soon.md,content/2025/past.md", heldBack: "content/2025/opening.md", numDrafts: 1},
		// The date itself is not later than the build: published.
		{name: "at its minute", now: "2025-03-01 10:00", articles: "content/2025/opening.md,content/2025/soon.md,content/2025/past.md", numDrafts: 1},
		{name: "after, future", now: "2025-06-01 00:00", future: true, drafts: true, articles: "content/2025/draft.md,content/2025/opening.md,content/2025/soon.md,content/2025/past.md"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			opts := testOptions(t)
			opts.Cache, opts.Now, opts.Future = cache, at(tc.now), tc.future
			set, problems := Load("testdata/schedule", tc.drafts, opts)
			if len(problems) > 0 {
				t.Fatal(problems)
			}
			var got, held []string
			for _, a := range set.Articles {
				p := a.Path
				if a.Scheduled {
					p += "*"
				}
				got = append(got, p)
			}
			for _, a := range set.HeldBack {
				held = append(held, a.Path)
			}
			if strings.Join(got, ",") != tc.articles {
				t.Errorf("articles %s, want %s", strings.Join(got, ","), tc.articles)
			}
			if strings.Join(held, ",") != tc.heldBack {
				t.Errorf("held back %s, want %s", strings.Join(held, ","), tc.heldBack)
			}
			for p, want := range tc.reasons {
				if set.Unpublished[p] != want {
					t.Errorf("%s: reason %q, want %q", p, set.Unpublished[p], want)
				}
			}
			if set.Drafts != tc.numDrafts {
				t.Errorf("%d drafts, want %d", set.Drafts, tc.numDrafts)
			}
		})
	}
}
