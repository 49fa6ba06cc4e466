package changes

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

func ignoreBackups(name string) bool {
	return strings.HasPrefix(name, ".") || strings.HasSuffix(name, "~") || name == "4913" ||
		strings.HasSuffix(name, ".tmp") || strings.HasSuffix(name, "___jb_tmp___")
}

func start(t *testing.T, poll time.Duration) (string, *Watcher) {
	t.Helper()
	root := t.TempDir()
	for _, d := range []string{"content/2024", "layouts"} {
		if err := os.MkdirAll(filepath.Join(root, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	write(t, filepath.Join(root, "content/2024/a.md"), "one")
	w, err := New(Options{Root: root, Dirs: []string{"content", "layouts", "static"}, Files: []string{"site.toml"},
		Ignore: ignoreBackups, Poll: poll, Quiet: 80 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	if poll > 0 {
		time.Sleep(2 * poll) // let the first snapshot be taken
	}
	return root, w
}

func write(t *testing.T, p, data string) {
	t.Helper()
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

// next waits for a batch; nil when none comes within wait.
func next(w *Watcher, wait time.Duration) *Batch {
	select {
	case b := <-w.Batches():
		return &b
	case <-time.After(wait):
		return nil
	}
}

// collect gathers paths from batches until want are all seen.
func collect(t *testing.T, w *Watcher, want []string) []string {
	t.Helper()
	seen := map[string]bool{}
	var all []string
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		b := next(w, 200*time.Millisecond)
		if b == nil {
			done := true
			for _, p := range want {
				if !seen[p] {
					done = false
				}
			}
			if done {
				return all
			}
			continue
		}
		for _, p := range b.Paths {
			if !seen[p] {
				seen[p] = true
				all = append(all, p)
			}
		}
	}
	t.Fatalf("saw %v, want %v", all, want)
	return nil
}

func TestSaveStyles(t *testing.T) {
	cases := []struct {
		name string
		save func(t *testing.T, root string)
		want []string
	}{
		{"write in place", func(t *testing.T, root string) {
			write(t, filepath.Join(root, "content/2024/a.md"), "two")
		}, []string{"content/2024/a.md"}},
		{"temporary file renamed over", func(t *testing.T, root string) {
			dir := filepath.Join(root, "content/2024")
			write(t, filepath.Join(dir, "4913"), "")
			os.Remove(filepath.Join(dir, "4913"))
			write(t, filepath.Join(dir, ".a.md.swp"), "swap")
			write(t, filepath.Join(dir, "a.md___jb_tmp___"), "three")
			if err := os.Rename(filepath.Join(dir, "a.md___jb_tmp___"), filepath.Join(dir, "a.md")); err != nil {
				t.Fatal(err)
			}
		}, []string{"content/2024/a.md"}},
		{"remove then create", func(t *testing.T, root string) {
			p := filepath.Join(root, "content/2024/a.md")
			os.Remove(p)
			write(t, p, "four")
		}, []string{"content/2024/a.md"}},
		{"new nested folder", func(t *testing.T, root string) {
			dir := filepath.Join(root, "content/2025/visit/photos")
			if err := os.MkdirAll(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			write(t, filepath.Join(root, "content/2025/visit/index.md"), "new")
			write(t, filepath.Join(dir, "p.jpg"), "jpg")
		}, []string{"content/2025/visit/index.md", "content/2025/visit/photos/p.jpg"}},
		{"site.toml and a new static folder", func(t *testing.T, root string) {
			write(t, filepath.Join(root, "site.toml"), "title = \"x\"")
			if err := os.MkdirAll(filepath.Join(root, "static/css"), 0o755); err != nil {
				t.Fatal(err)
			}
			write(t, filepath.Join(root, "static/css/a.css"), "a{}")
		}, []string{"site.toml", "static/css/a.css"}},
	}
	for _, mode := range []time.Duration{0, 50 * time.Millisecond} {
		for _, tc := range cases {
			t.Run(fmt.Sprintf("%s poll=%v", tc.name, mode), func(t *testing.T) {
				root, w := start(t, mode)
				tc.save(t, root)
				got := collect(t, w, tc.want)
				for _, p := range got {
					if ignoreBackups(filepath.Base(p)) {
						t.Errorf("ignored file reported: %s", p)
					}
					if !strings.HasPrefix(p, "content") && !strings.HasPrefix(p, "static") && p != "site.toml" {
						t.Errorf("unwatched path reported: %s", p)
					}
				}
			})
		}
	}
}

func TestBackupOnlyIsNoChange(t *testing.T) {
	root, w := start(t, 0)
	write(t, filepath.Join(root, "content/2024/a.md~"), "backup")
	write(t, filepath.Join(root, "content/2024/.a.md.swp"), "swap")
	if b := next(w, 400*time.Millisecond); b != nil {
		t.Errorf("backup files gave a batch: %v", b.Paths)
	}
}

// A folder deleted and made again is watched again (a peer stops seeing new
// files after that).
func TestFolderDeletedAndRecreated(t *testing.T) {
	root, w := start(t, 0)
	dir := filepath.Join(root, "content/2024")
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	collect(t, w, []string{"content/2024"})
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	collect(t, w, []string{"content/2024"})
	write(t, filepath.Join(dir, "b.md"), "after")
	collect(t, w, []string{"content/2024/b.md"})
}

// A checkout touching hundreds of files is a batch or two, and changes made
// while the receiver is busy come in the next batch.
func TestBurstAndSlowReceiver(t *testing.T) {
	root, w := start(t, 0)
	var want []string
	for i := range 300 {
		p := fmt.Sprintf("content/2024/n%03d.md", i)
		want = append(want, p)
		write(t, filepath.Join(root, p), "x")
	}
	batches := 0
	seen := map[string]bool{}
	deadline := time.Now().Add(5 * time.Second)
	for len(seen) < len(want) && time.Now().Before(deadline) {
		if b := next(w, time.Second); b != nil {
			batches++
			for _, p := range b.Paths {
				seen[p] = true
			}
		}
	}
	if len(seen) != len(want) || batches > 3 {
		t.Errorf("%d of %d paths in %d batches", len(seen), len(want), batches)
	}

	// The receiver is busy (not reading) while two files change.
	write(t, filepath.Join(root, "content/2024/late1.md"), "x")
	time.Sleep(300 * time.Millisecond)
	write(t, filepath.Join(root, "layouts/base.html"), "x")
	time.Sleep(300 * time.Millisecond)
	collect(t, w, []string{"content/2024/late1.md", "layouts/base.html"})
}

func TestCloseIsPrompt(t *testing.T) {
	root, w := start(t, 0)
	write(t, filepath.Join(root, "content/2024/a.md"), "pending, never read")
	time.Sleep(200 * time.Millisecond)
	done := make(chan struct{})
	go func() { w.Close(); close(done) }()
	select {
	case <-done:
	case <-time.After(2 * time.Second):
		t.Fatal("Close blocked with a batch pending")
	}
}

// When the system refuses more watches, the watcher says so, says how to
// raise the limit, and keeps seeing changes by polling.
func TestWatchLimitFallsBackToPolling(t *testing.T) {
	root, w := start(t, 0)
	var logged []string
	w.opts.Log = func(format string, args ...any) { logged = append(logged, fmt.Sprintf(format, args...)) }
	events := make(chan string, 16)
	if !w.fallBack(fmt.Errorf("add watch: %w", syscall.ENOSPC), events) {
		t.Fatal("ENOSPC did not trigger the fallback")
	}
	if !w.Polling() {
		t.Error("not polling after the fallback")
	}
	if len(logged) != 1 || !strings.Contains(logged[0], "fs.inotify.max_user_watches=524288") {
		t.Errorf("message %q does not say how to raise the limit", logged)
	}
	write(t, filepath.Join(root, "content/2024/polled.md"), "x")
	select {
	case p := <-events:
		if p != "content/2024/polled.md" {
			t.Errorf("polling saw %s", p)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("polling saw no change")
	}
	if w.fallBack(fmt.Errorf("other: %w", syscall.EACCES), events) {
		t.Error("an unrelated error triggered the fallback")
	}
}
