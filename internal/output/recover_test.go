package output

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// Two builds whose move-in replaces, removes and adds files, and turns a
// file into a folder and a folder into a file.
var (
	oldSite = map[string]string{
		"index.html": "old home", "sitemap.xml": "old map", "same.html": "same",
		"gone.html": "gone", "x": "x was a file", "a/index.html": "a was a folder", "d/e/f.html": "deep",
	}
	newSite2 = map[string]string{
		"index.html": "new home", "sitemap.xml": "new map", "same.html": "same",
		"added.html": "added", "x/index.html": "x is a folder", "a": "a is a file", "d/e/g.html": "deep too",
	}
)

// A move-in cut after any number of its steps (a kill) is finished by
// Recover, or by the next Begin, and the destination is then the new site,
// whole; unchanged files are not rewritten.
func TestMoveInCutAnywhere(t *testing.T) {
	// How many steps the move-in has: its removals and moves.
	src, dest := newSite(t)
	m, _ := build(t, src, dest, Options{}, oldSite)
	u, err := Begin(src, dest, Options{Previous: m})
	if err != nil {
		t.Fatal(err)
	}
	p := stageAll(t, u, newSite2)
	steps := len(p.remove) + len(p.move)
	u.Abort()

	for cut := 0; cut <= steps; cut++ {
		for _, by := range []string{"Recover", "Begin"} {
			t.Run(fmt.Sprintf("%s/after %d steps", by, cut), func(t *testing.T) {
				src, dest := newSite(t)
				m, _ := build(t, src, dest, Options{}, oldSite)
				sameID := idOf(t, filepath.Join(dest, "same.html"))
				u, err := Begin(src, dest, Options{Previous: m})
				if err != nil {
					t.Fatal(err)
				}
				p := stageAll(t, u, newSite2)
				if err := u.stg.writeJournal(p); err != nil {
					t.Fatal(err)
				}
				// The kill: only the first cut steps were done, and the
				// process is gone (its lock with it).
				part := plan{remove: p.remove[:min(cut, len(p.remove))]}
				if cut > len(p.remove) {
					part.move = p.move[:cut-len(p.remove)]
				}
				if err := apply(dest, u.files, part); err != nil {
					t.Fatal(err)
				}
				u.release()
				if Manifest(m).Unchanged(dest) {
					t.Error("Unchanged with a move-in to finish")
				}
				switch by {
				case "Recover":
					finished, err := Recover(dest)
					if err != nil || !finished {
						t.Fatalf("Recover: %v %v", finished, err)
					}
				case "Begin":
					// The next build: its manifest, the old one, is not
					// trusted; the destination is read.
					m2, _ := build(t, src, dest, Options{Previous: m}, newSite2)
					checkManifest(t, dest, m2)
				}
				if got := tree(t, dest); !maps.Equal(got, newSite2) {
					t.Errorf("destination holds %v, want %v", got, newSite2)
				}
				if idOf(t, filepath.Join(dest, "same.html")) != sameID {
					t.Error("an unchanged file was rewritten")
				}
				if got := dirs(t, dest); !slices.Equal(got, []string{"d", "d/e", "x"}) {
					t.Errorf("folders %v", got)
				}
				noStaging(t, dest)
			})
		}
	}
}

// stageAll writes files as the update's build and returns the move-in
// Commit would journal.
func stageAll(t *testing.T, u *Update, files map[string]string) plan {
	t.Helper()
	for _, rel := range slices.Sorted(maps.Keys(files)) {
		if err := u.WriteFile(rel, []byte(files[rel])); err != nil {
			t.Fatal(err)
		}
	}
	if err := u.finish(); err != nil {
		t.Fatal(err)
	}
	var p plan
	for rel := range u.prev {
		if _, ok := u.produced[rel]; !ok {
			p.remove = append(p.remove, rel)
		}
	}
	slices.Sort(p.remove)
	p.move = slices.Sorted(slices.Values(u.staged))
	return p
}

// What builds leave beside their destination: only what is clearly
// Jihat's, and no longer in use, is removed.
func TestRecoverLeftovers(t *testing.T) {
	tests := []struct {
		name     string
		make     func(t *testing.T, dest string) string // returns the leftover
		removed  bool
		finished bool
		err      string
	}{
		{"staging folder of a killed build, before its move-in", func(t *testing.T, dest string) string {
			s, err := newStage(dest)
			if err != nil {
				t.Fatal(err)
			}
			mustWrite(t, filepath.Join(s.files(), "index.html"), "new")
			s.lock.Close()
			return s.dir
		}, true, false, ""},
		{"staging folder half removed", func(t *testing.T, dest string) string {
			s, err := newStage(dest)
			if err != nil {
				t.Fatal(err)
			}
			s.lock.Close()
			os.RemoveAll(s.files())
			return s.dir
		}, true, false, ""},
		{"staging folder of a killed build, journal written", func(t *testing.T, dest string) string {
			s, err := newStage(dest)
			if err != nil {
				t.Fatal(err)
			}
			mustWrite(t, filepath.Join(s.files(), "new.html"), "new")
			if err := s.writeJournal(plan{remove: []string{"old.html"}, move: []string{"new.html"}}); err != nil {
				t.Fatal(err)
			}
			s.lock.Close()
			return s.dir
		}, true, true, ""},
		{"staging folder of a running build", func(t *testing.T, dest string) string {
			s, err := newStage(dest)
			if err != nil {
				t.Fatal(err)
			}
			// Locked through another open file, as by another process.
			t.Cleanup(func() { s.remove() })
			return s.dir
		}, false, false, "another jihat build is updating"},
		{"a folder named like one, without the marker", func(t *testing.T, dest string) string {
			dir := filepath.Join(filepath.Dir(dest), ".public.jihat-mine")
			mustWrite(t, filepath.Join(dir, "notes.txt"), "mine")
			return dir
		}, false, false, ""},
		{"another destination's staging folder", func(t *testing.T, dest string) string {
			s, err := newStage(filepath.Join(filepath.Dir(dest), "public2"))
			if err != nil {
				t.Fatal(err)
			}
			s.lock.Close()
			return s.dir
		}, false, false, ""},
		{"a damaged journal", func(t *testing.T, dest string) string {
			s, err := newStage(dest)
			if err != nil {
				t.Fatal(err)
			}
			mustWrite(t, filepath.Join(s.dir, journalName), journalHead+"\nmove \"x\"\n")
			s.lock.Close()
			return s.dir
		}, false, false, "is damaged"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src, dest := newSite(t)
			build(t, src, dest, Options{}, map[string]string{"index.html": "home", "old.html": "old"})
			left := tt.make(t, dest)
			finished, err := Recover(dest)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) || !strings.Contains(err.Error(), dest) {
					t.Errorf("Recover: %v, want an error naming %s and saying %q", err, dest, tt.err)
				}
				// Begin refuses the same way, and touches nothing.
				if u, err := Begin(src, dest, Options{}); err == nil || !strings.Contains(err.Error(), tt.err) {
					if u != nil {
						u.Abort()
					}
					t.Errorf("Begin: %v, want %q", err, tt.err)
				}
			} else if err != nil {
				t.Fatal(err)
			}
			if finished != tt.finished {
				t.Errorf("finished %v, want %v", finished, tt.finished)
			}
			_, statErr := os.Stat(left)
			if removed := errors.Is(statErr, os.ErrNotExist); removed != tt.removed {
				t.Errorf("%s removed: %v, want %v", left, removed, tt.removed)
			}
			want := map[string]string{"index.html": "home", "old.html": "old"}
			if tt.finished {
				want = map[string]string{"index.html": "home", "new.html": "new"}
			}
			if got := tree(t, dest); !maps.Equal(got, want) {
				t.Errorf("destination holds %v, want %v", got, want)
			}
		})
	}
}

// A link to the destination is followed: the folder it names is updated,
// the link stays, and the staging folder goes beside the real folder.
func TestLinkedDestination(t *testing.T) {
	for _, first := range []bool{true, false} {
		name := "second build"
		if first {
			name = "first build, empty target"
		}
		t.Run(name, func(t *testing.T) {
			tmp := t.TempDir()
			src := siteRoot(t, filepath.Join(tmp, "site"))
			target := filepath.Join(tmp, "www", "site-v1")
			mustMkdir(t, target)
			link := filepath.Join(tmp, "public")
			if err := os.Symlink(target, link); err != nil {
				t.Fatal(err)
			}
			var opts Options
			if !first {
				opts.Previous, _ = build(t, src, link, Options{}, oldSite)
			}
			build(t, src, link, opts, newSite2)
			info, err := os.Lstat(link)
			if err != nil || info.Mode()&os.ModeSymlink == 0 {
				t.Fatalf("the link was replaced: %v %v", info.Mode(), err)
			}
			if to, _ := os.Readlink(link); to != target {
				t.Errorf("the link now points to %s", to)
			}
			if got := tree(t, target); !maps.Equal(got, newSite2) {
				t.Errorf("target holds %v", got)
			}
			noStaging(t, target)
			if got := names(t, tmp); !slices.Equal(got, []string{"public", "site", "www"}) {
				t.Errorf("beside the link: %v", got)
			}
		})
	}
}

// Cancel before the move-in fails the update and leaves the destination
// as it was; after Commit began, it changes nothing.
func TestCancel(t *testing.T) {
	for _, first := range []bool{true, false} {
		t.Run(map[bool]string{true: "first build", false: "second build"}[first], func(t *testing.T) {
			src, dest := newSite(t)
			var opts Options
			if !first {
				opts.Previous, _ = build(t, src, dest, Options{}, oldSite)
			}
			before := tree(t, dest)
			u, err := Begin(src, dest, opts)
			if err != nil {
				t.Fatal(err)
			}
			if err := u.WriteFile("index.html", []byte("new home")); err != nil {
				t.Fatal(err)
			}
			u.Cancel(context.Canceled)
			if err := u.WriteFile("b.html", []byte("b")); !errors.Is(err, context.Canceled) {
				t.Errorf("WriteFile after Cancel: %v", err)
			}
			if _, err := u.Commit(); !errors.Is(err, context.Canceled) {
				t.Errorf("Commit after Cancel: %v", err)
			}
			u.Abort()
			if got := tree(t, dest); !maps.Equal(got, before) {
				t.Errorf("destination holds %v, was %v", got, before)
			}
			noStaging(t, dest)
		})
	}
}
