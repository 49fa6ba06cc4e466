// Package changes reports changes to a site's source folders, coalesced into
// batches, whatever way an editor saves a file: in place, through a
// temporary file renamed over it, or by removing and creating it again.
package changes

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/fsnotify/fsnotify"
)

// Options say what to watch.
type Options struct {
	Root  string   // the site folder
	Dirs  []string // folders under Root, watched recursively; they may not exist yet
	Files []string // files directly under Root, e.g. "site.toml"
	// Ignore reports base names that are never changes (editors' backup and
	// temporary files).
	Ignore func(name string) bool
	// Quiet is how long without a new event ends a batch; MaxWait bounds a
	// batch from its first event, so a steady stream still gets built.
	Quiet   time.Duration
	MaxWait time.Duration
	// Poll, when set, compares the tree at this interval instead of using
	// file-system events. It is also the fallback when the system refuses
	// more watches.
	Poll time.Duration
	Log  func(format string, args ...any)
}

// Batch is a set of changed paths, slash-separated, relative to Root,
// sorted. A created or removed folder counts as a path of its own.
type Batch struct {
	Paths []string
}

// Watcher delivers batches until closed.
type Watcher struct {
	opts    Options
	out     chan Batch
	done    chan struct{}
	closed  sync.Once
	wg      sync.WaitGroup
	fs      *fsnotify.Watcher
	mu      sync.Mutex
	polling bool
}

// New starts watching.
func New(opts Options) (*Watcher, error) {
	if opts.Quiet <= 0 {
		opts.Quiet = 10 * time.Millisecond
	}
	if opts.MaxWait <= 0 {
		opts.MaxWait = time.Second
	}
	if opts.Ignore == nil {
		opts.Ignore = func(string) bool { return false }
	}
	if opts.Log == nil {
		opts.Log = func(string, ...any) {}
	}
	w := &Watcher{opts: opts, out: make(chan Batch), done: make(chan struct{})}
	events := make(chan string, 256)
	if opts.Poll > 0 {
		w.startPolling(events, opts.Poll)
	} else {
		fsw, err := fsnotify.NewWatcher()
		if err != nil {
			return nil, err
		}
		w.fs = fsw
		if err := w.addTree(opts.Root, false); err != nil {
			if !w.fallBack(err, events) {
				fsw.Close()
				return nil, err
			}
		} else {
			w.wg.Add(1)
			go w.readEvents(events)
		}
	}
	w.wg.Add(1)
	go w.batch(events)
	return w, nil
}

// Batches delivers the batches. Events that arrive while the receiver is
// busy join the next batch: nothing is lost.
func (w *Watcher) Batches() <-chan Batch { return w.out }

// Polling reports whether the watcher compares the tree instead of
// receiving events.
func (w *Watcher) Polling() bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.polling
}

// Close stops the watcher.
func (w *Watcher) Close() error {
	var err error
	w.closed.Do(func() {
		close(w.done)
		if w.fs != nil {
			err = w.fs.Close()
		}
		w.wg.Wait()
	})
	return err
}

// watched reports whether rel (slash path) is under one of the watched
// folders or is one of the watched files.
func (w *Watcher) watched(rel string) bool {
	for _, f := range w.opts.Files {
		if rel == f {
			return true
		}
	}
	for _, d := range w.opts.Dirs {
		if rel == d || strings.HasPrefix(rel, d+"/") {
			return true
		}
	}
	return false
}

func (w *Watcher) rel(p string) (string, bool) {
	r, err := filepath.Rel(w.opts.Root, p)
	if err != nil || r == "." || strings.HasPrefix(r, "..") {
		return "", false
	}
	return filepath.ToSlash(r), true
}

// ignored reports a path any of whose names is ignored.
func (w *Watcher) ignored(rel string) bool {
	for _, name := range strings.Split(rel, "/") {
		if w.opts.Ignore(name) {
			return true
		}
	}
	return false
}

// addTree watches dir (the root itself is watched alone, for folders and
// files created in it) and the watched folders below it. With report set,
// files already inside are reported: they may have been written before the
// watch was in place.
func (w *Watcher) addTree(dir string, report bool, sink ...chan<- string) error {
	return filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			return err
		}
		rel, inside := w.rel(p)
		if p != w.opts.Root && (!inside || !w.watched(rel) || w.ignored(rel)) {
			if d.IsDir() && p != w.opts.Root {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			if err := w.fs.Add(p); err != nil {
				return err
			}
		}
		if report && len(sink) > 0 && p != dir {
			sink[0] <- rel
		}
		return nil
	})
}

func (w *Watcher) readEvents(events chan<- string) {
	defer w.wg.Done()
	for {
		select {
		case <-w.done:
			return
		case err, ok := <-w.fs.Errors:
			if !ok {
				return
			}
			w.opts.Log("watching files: %v", err)
		case ev, ok := <-w.fs.Events:
			if !ok {
				return
			}
			rel, inside := w.rel(ev.Name)
			if !inside || !w.watched(rel) || w.ignored(rel) {
				continue
			}
			if ev.Has(fsnotify.Create) {
				if info, err := os.Stat(ev.Name); err == nil && info.IsDir() {
					if err := w.addTree(ev.Name, true, events); err != nil {
						if w.fallBack(err, events) {
							return
						}
						w.opts.Log("watching %s: %v", rel, err)
					}
				}
			}
			select {
			case events <- rel:
			case <-w.done:
				return
			}
		}
	}
}

// fallBack switches to polling when the system's watch limit is reached,
// saying what happened and how to raise the limit. It reports whether it
// did.
func (w *Watcher) fallBack(err error, events chan<- string) bool {
	if !errors.Is(err, syscall.ENOSPC) && !errors.Is(err, syscall.EMFILE) {
		return false
	}
	w.opts.Log("the system's limit on watched folders is reached (%v): checking for changes every second instead.\n"+
		"To raise the limit: sudo sysctl fs.inotify.max_user_watches=524288 (and to keep it, add fs.inotify.max_user_watches=524288 to a file in /etc/sysctl.d/)", err)
	if w.fs != nil {
		go w.fs.Close()
	}
	w.startPolling(events, time.Second)
	return true
}

type stamp struct {
	size  int64
	mtime time.Time
	dir   bool
}

func (w *Watcher) snapshot() map[string]stamp {
	snap := map[string]stamp{}
	_ = filepath.WalkDir(w.opts.Root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		rel, inside := w.rel(p)
		if p == w.opts.Root {
			return nil
		}
		if !inside || !w.watched(rel) || w.ignored(rel) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return nil
		}
		snap[rel] = stamp{info.Size(), info.ModTime(), d.IsDir()}
		return nil
	})
	return snap
}

func (w *Watcher) startPolling(events chan<- string, every time.Duration) {
	w.mu.Lock()
	w.polling = true
	w.mu.Unlock()
	// The first picture is taken now, not in the goroutine, so a change
	// made right after the switch is not part of it.
	prev := w.snapshot()
	w.wg.Add(1)
	go func() {
		defer w.wg.Done()
		tick := time.NewTicker(every)
		defer tick.Stop()
		for {
			select {
			case <-w.done:
				return
			case <-tick.C:
			}
			cur := w.snapshot()
			var changed []string
			for p, s := range cur {
				if old, ok := prev[p]; !ok || (!s.dir && (old.size != s.size || !old.mtime.Equal(s.mtime))) {
					changed = append(changed, p)
				}
			}
			for p := range prev {
				if _, ok := cur[p]; !ok {
					changed = append(changed, p)
				}
			}
			sort.Strings(changed)
			for _, p := range changed {
				select {
				case events <- p:
				case <-w.done:
					return
				}
			}
			prev = cur
		}
	}()
}

// batch gathers paths until a quiet moment (or MaxWait), then offers the
// batch while still gathering, so a slow receiver gets everything in the
// next one.
func (w *Watcher) batch(events <-chan string) {
	defer w.wg.Done()
	pending := map[string]bool{}
	var first time.Time
	quiet := time.NewTimer(time.Hour)
	quiet.Stop()
	var ready bool
	for {
		var out chan Batch
		var batch Batch
		if ready && len(pending) > 0 {
			out = w.out
			for p := range pending {
				batch.Paths = append(batch.Paths, p)
			}
			sort.Strings(batch.Paths)
		}
		select {
		case <-w.done:
			return
		case p := <-events:
			if len(pending) == 0 {
				first = time.Now()
			}
			pending[p] = true
			ready = false
			wait := w.opts.Quiet
			if left := w.opts.MaxWait - time.Since(first); left < wait {
				wait = max(left, 0)
			}
			quiet.Reset(wait)
		case <-quiet.C:
			ready = true
		case out <- batch:
			pending = map[string]bool{}
			ready = false
		}
	}
}
