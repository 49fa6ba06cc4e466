// Package output updates a destination folder with a build: new and changed
// files are written beside it first and moved in only when the whole build
// succeeded, files whose bytes did not change are left alone (their
// timestamps stay, so deploys upload only what changed), and files the build
// no longer produces are removed. A failed build changes nothing.
package output

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/jihat/jihat/internal/msg"

	"github.com/jihat/jihat/internal/parallel"
)

// Hash identifies a file's bytes.
type Hash [16]byte

// HashOf hashes data.
func HashOf(data []byte) Hash {
	sum := sha256.Sum256(data)
	return Hash(sum[:16])
}

// Entry is what is known of one output file.
type Entry struct {
	Hash   Hash
	Hashed bool // Hash is known: it is computed only when bytes had to be compared
	// Ours marks a file a build wrote (or found equal to what it would
	// write); one only found on disk is never kept without being remade.
	Ours    bool
	Size    int64
	ModTime int64 // nanoseconds; with Size, tells whether someone touched the file since
}

// Manifest lists the files of a build, by slash-separated path.
type Manifest map[string]Entry

// Options tune an update.
type Options struct {
	// Previous is the manifest of the build now in the destination. Without
	// it the destination is read to find out (slower, same result).
	Previous Manifest
	// Trusted skips checking that kept files are still as the previous build
	// left them: for a folder only this process writes (jihat serve).
	Trusted bool
	// Delta keeps every file of Previous that is not written again and
	// removes none, without going through them: for an update that remakes
	// a handful of files out of tens of thousands. Previous then belongs to
	// the Update, which returns it, changed, from Commit.
	Delta bool
	// Hold keeps the staging folder and its journal after Commit until
	// Settle: for a caller that records the new manifest after Commit (jihat
	// build's cache), so that a build killed before it is recorded is seen
	// by the next one, which then reads the destination rather than trust
	// the older manifest.
	Hold bool
}

// Update is a build in progress. Its methods are safe for concurrent use.
type Update struct {
	dest  string // resolved: the folder a link to the destination names
	shown string // as the caller spelled it, for messages
	stg   *stage // nil once removed, or kept for the next build to finish
	stage string // the staging folder
	files string // where the new files are staged
	opts  Options
	prev  Manifest

	mu       sync.Mutex
	made     map[string]bool // folders made in the staging folder
	produced Manifest
	claimed  map[string]bool // Delta: the files produced by this update
	staged   []string
	written  int
	bytes    int64
	// committing: the move-in has begun and will be finished; Cancel no
	// longer applies.
	committing bool

	// One goroutine does the writing: file creation in one folder is
	// serialised by the kernel anyway, and threads contending for the
	// folder's lock burn more time than they save.
	queue     chan pending
	writerErr error
	done      chan struct{}
}

type pending struct {
	rel     string
	data    []byte
	h       Hash
	hashed  bool
	release func([]byte) // nil, or gets data back once it is written
}

// Begin starts an update of dest. It refuses destinations that would
// swallow the site's own sources or someone else's files, and first
// finishes or discards what earlier builds into dest left when stopped
// (see Recover). A symbolic link to the destination is followed: the
// folder it names is updated and the link stays.
func Begin(source, dest string, opts Options) (*Update, error) {
	src, err := resolve(source)
	if err != nil {
		return nil, err
	}
	real, err := resolve(dest)
	if err != nil {
		return nil, msg.Errorf("destination %s: %w", dest, err)
	}
	if err := checkPlace(src, real, dest); err != nil {
		return nil, err
	}
	finished, err := recoverStages(real, dest)
	if err != nil {
		return nil, err
	}
	prev := opts.Previous
	if finished {
		// The manifest describes the destination before that move-in:
		// read the destination instead.
		prev = nil
	}
	empty, err := ownership(real, dest, prev)
	if err != nil {
		return nil, err
	}
	if empty {
		prev = Manifest{}
	} else if len(prev) == 0 {
		if prev, err = scan(real); err != nil {
			return nil, msg.Errorf("cannot read destination %s: %w", dest, err)
		}
	}
	if err := os.MkdirAll(filepath.Dir(real), 0o755); err != nil {
		return nil, err
	}
	stg, err := newStage(real)
	if err != nil {
		return nil, err
	}
	u := &Update{dest: real, shown: dest, stg: stg, stage: stg.dir, files: stg.files(), opts: opts, prev: prev,
		made: map[string]bool{".": true}, produced: make(Manifest, len(prev)), claimed: map[string]bool{},
		queue: make(chan pending, 256), done: make(chan struct{})}
	if opts.Delta && len(prev) > 0 {
		u.produced = prev
	}
	go u.writer()
	return u, nil
}

func (u *Update) writer() {
	defer close(u.done)
	for p := range u.queue {
		if !u.failed() {
			if err := u.store(p); err != nil {
				u.mu.Lock()
				u.writerErr = err
				u.mu.Unlock()
			}
		}
		if p.release != nil {
			p.release(p.data)
		}
	}
}

func (u *Update) failed() bool { return u.err() != nil }

func (u *Update) err() error {
	u.mu.Lock()
	defer u.mu.Unlock()
	return u.writerErr
}

// finish waits for the writer and returns its first error.
func (u *Update) finish() error {
	if u.queue != nil {
		close(u.queue)
		<-u.done
		u.queue = nil
	}
	return u.err()
}

// Cancel stops the update before its move-in: the writes after it and
// Commit fail with err, and the destination stays as it was (Abort then
// removes the staging folder). Once the move-in has begun it is finished,
// and Cancel does nothing.
func (u *Update) Cancel(err error) {
	u.mu.Lock()
	defer u.mu.Unlock()
	if !u.committing && u.writerErr == nil {
		u.writerErr = err
	}
}

// scan lists the files of a destination whose manifest was lost.
func scan(dir string) (Manifest, error) {
	m := Manifest{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if d.Type()&fs.ModeSymlink != 0 {
			// Not a file a build writes: someone's, kept (the folder is
			// Jihat's, but a link may lead out of it).
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		m[filepath.ToSlash(rel)] = Entry{Size: info.Size(), ModTime: info.ModTime().UnixNano()}
		return nil
	})
	return m, err
}

// Written and Bytes count the files written (not kept) so far.
func (u *Update) Written() int     { u.mu.Lock(); defer u.mu.Unlock(); return u.written }
func (u *Update) Bytes() int64     { u.mu.Lock(); defer u.mu.Unlock(); return u.bytes }
func (u *Update) Produced() int    { u.mu.Lock(); defer u.mu.Unlock(); return len(u.produced) }
func (u *Update) StageDir() string { return u.stage }

func clean(rel string) (string, error) {
	c := path.Clean(strings.ReplaceAll(rel, "\\", "/"))
	if path.IsAbs(c) || c == "." || c == ".." || strings.HasPrefix(c, "../") {
		return "", msg.Errorf("refusing to write outside the output: %q", rel)
	}
	if top, _, _ := strings.Cut(c, "/"); top == MarkerName {
		return "", msg.Errorf("%s: the name %s is jihat's mark on its output folders: rename the file", rel, MarkerName)
	}
	return c, nil
}

// claim records rel as produced by this build; two outputs for one path is
// a bug to report, not to hide.
func (u *Update) claim(rel string, e Entry) error {
	u.mu.Lock()
	defer u.mu.Unlock()
	// With Delta, produced starts as the previous build: only what this
	// update produced counts.
	_, dup := u.produced[rel]
	if u.opts.Delta {
		dup = u.claimed[rel]
		u.claimed[rel] = true
	}
	if dup {
		return msg.Errorf("two outputs would be written to %s", rel)
	}
	u.produced[rel] = e
	return nil
}

// previous is the previous build's entry for rel. With Delta the previous
// manifest is also the one being produced, so it is read under the lock.
func (u *Update) previous(rel string) (Entry, bool) {
	u.mu.Lock()
	defer u.mu.Unlock()
	e, ok := u.prev[rel]
	return e, ok
}

// intact reports whether the destination still holds e at rel.
func (u *Update) intact(rel string, e Entry) bool {
	return u.opts.Trusted || onDisk(u.dest, rel, e)
}

// onDisk reports whether dest holds the file e describes at rel, untouched
// since (same size and time).
func onDisk(dest, rel string, e Entry) bool {
	info, err := os.Lstat(filepath.Join(dest, filepath.FromSlash(rel)))
	return err == nil && info.Mode().IsRegular() && info.Size() == e.Size && info.ModTime().UnixNano() == e.ModTime
}

// Unchanged reports whether dest holds every file of m, each written by a
// build and untouched since: a build that would produce exactly m has
// nothing to do there.
func (m Manifest) Unchanged(dest string) bool {
	if len(m) == 0 {
		return false
	}
	// An unmarked folder, or one with a move-in to finish beside it, is
	// left to Begin.
	dest, err := resolve(dest)
	if err != nil || unfinished(dest) {
		return false
	}
	if info, err := os.Stat(filepath.Join(dest, MarkerName)); err != nil || !info.IsDir() {
		return false
	}
	files := slices.Collect(maps.Keys(m))
	var changed atomic.Bool
	parallel.For(len(files), func(i int) {
		if changed.Load() {
			return
		}
		if e := m[files[i]]; !e.Ours || !onDisk(dest, files[i], e) {
			changed.Store(true)
		}
	})
	return !changed.Load()
}

// Intact reports whether rel could be kept: the previous build wrote it and
// it is still as that build left it.
func (u *Update) Intact(rel string) bool {
	rel, err := clean(rel)
	if err != nil {
		return false
	}
	e, ok := u.previous(rel)
	return ok && e.Ours && u.intact(rel, e)
}

// Keep declares rel unchanged since the previous build without producing
// its bytes. It returns false when that cannot be vouched for (the previous
// build did not write it, or the file was changed since): the caller then
// produces the file.
func (u *Update) Keep(rel string) (bool, error) {
	rel, err := clean(rel)
	if err != nil {
		return false, err
	}
	e, ok := u.previous(rel)
	if !ok || !e.Ours || !u.intact(rel, e) {
		return false, nil
	}
	return true, u.claim(rel, e)
}

// KeepAllBut keeps every file of the previous build except those listed
// (slash paths, as the manifest has them), in one step: for an update
// that remakes a handful of files out of tens of thousands.
func (u *Update) KeepAllBut(remade map[string]bool) {
	if u.opts.Delta {
		return // kept already
	}
	u.mu.Lock()
	defer u.mu.Unlock()
	for rel, e := range u.prev {
		if !remade[rel] && e.Ours {
			u.produced[rel] = e
		}
	}
}

// WriteFile produces rel with data. Bytes equal to the destination's are not
// written again. The file is written in the background: data must not be
// changed after the call, and every WriteFile must have returned before
// Commit or Abort.
func (u *Update) WriteFile(rel string, data []byte) error {
	return u.WriteOwned(rel, data, nil)
}

// WriteOwned is WriteFile for a buffer its caller wants back: release, if
// not nil, is given data once the update no longer reads it (at once when
// the file is unchanged, or after it is written), so that it can be reused.
func (u *Update) WriteOwned(rel string, data []byte, release func([]byte)) error {
	queued := false
	defer func() {
		if !queued && release != nil {
			release(data)
		}
	}()
	rel, err := clean(rel)
	if err != nil {
		return err
	}
	// Only bytes of the same length can be those already there: hash them
	// then, and only then (a cold build hashes nothing).
	var h Hash
	hashed := false
	if e, ok := u.previous(rel); ok && e.Size == int64(len(data)) {
		h, hashed = HashOf(data), true
		if u.same(rel, e, h, data) {
			e.Hash, e.Hashed, e.Ours = h, true, true
			return u.claim(rel, e)
		}
	}
	if err := u.claim(rel, Entry{Hash: h, Hashed: hashed, Ours: true, Size: int64(len(data))}); err != nil {
		return err
	}
	if err := u.err(); err != nil {
		return err
	}
	if u.queue == nil {
		return msg.Errorf("%s: written after the update was committed or aborted", rel)
	}
	u.queue <- pending{rel, data, h, hashed, release}
	queued = true
	return nil
}

// store writes one file into the staging folder (writer goroutine only).
func (u *Update) store(p pending) error {
	full := filepath.Join(u.files, filepath.FromSlash(p.rel))
	if err := u.mkdir(path.Dir(p.rel)); err != nil {
		return err
	}
	f, err := os.OpenFile(full, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return msg.Errorf("two outputs would be written to %s", p.rel)
	}
	if err != nil {
		return err
	}
	_, err = f.Write(p.data)
	var info fs.FileInfo
	if err == nil {
		info, err = f.Stat()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	u.mu.Lock()
	u.produced[p.rel] = Entry{Hash: p.h, Hashed: p.hashed, Ours: true, Size: int64(len(p.data)), ModTime: info.ModTime().UnixNano()}
	u.staged = append(u.staged, p.rel)
	u.written++
	u.bytes += int64(len(p.data))
	u.mu.Unlock()
	return nil
}

// same reports whether the destination already holds data at rel.
func (u *Update) same(rel string, e Entry, h Hash, data []byte) bool {
	if e.Hashed {
		return e.Hash == h && u.intact(rel, e)
	}
	old, err := os.ReadFile(filepath.Join(u.dest, filepath.FromSlash(rel)))
	return err == nil && bytes.Equal(old, data)
}

// CopyFile produces rel as a copy of the file at src.
func (u *Update) CopyFile(rel, src string) error {
	data, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	return u.WriteFile(rel, data)
}

// CopyFS produces rel from a file of an fs.FS (the embedded theme).
func (u *Update) CopyFS(rel string, fsys fs.FS, name string) error {
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return err
	}
	return u.WriteFile(rel, data)
}

func (u *Update) mkdir(dir string) error {
	u.mu.Lock()
	done, parentMade := u.made[dir], u.made[path.Dir(dir)] || path.Dir(dir) == "."
	u.mu.Unlock()
	if done {
		return nil
	}
	full := filepath.Join(u.files, filepath.FromSlash(dir))
	// One system call, rather than MkdirAll's three, for the usual case: a
	// page's folder in a folder already made.
	if err := os.Mkdir(full, 0o755); err != nil && !(parentMade && errors.Is(err, fs.ErrExist)) {
		if err := os.MkdirAll(full, 0o755); err != nil {
			return err
		}
	}
	u.mu.Lock()
	for d := dir; d != "." && !u.made[d]; d = path.Dir(d) {
		u.made[d] = true
	}
	u.mu.Unlock()
	return nil
}

// Commit moves the new and changed files into the destination and removes
// the files this build did not produce. It returns the new manifest.
//
// Into a new folder the staged files go in one rename. Otherwise the
// move-in is first written down, in a journal synced to disk, then done
// file by file: if the process is killed meanwhile, the next build (or
// Recover) finishes it before anything else. A trusted update (a folder
// only this process writes) keeps no journal.
func (u *Update) Commit() (Manifest, error) {
	if err := u.finish(); err != nil {
		u.discard()
		return nil, err
	}
	u.mu.Lock()
	err := u.writerErr
	u.committing = err == nil
	u.mu.Unlock()
	if err != nil {
		u.discard()
		return nil, err
	}
	if _, err := os.Lstat(u.dest); errors.Is(err, fs.ErrNotExist) {
		// Nothing to keep: the staged folder becomes the destination.
		if err := os.Mkdir(filepath.Join(u.files, MarkerName), 0o755); err != nil {
			u.discard()
			return nil, msg.Errorf("cannot make %s: %w", u.shown, err)
		}
		if err := os.Rename(u.files, u.dest); err != nil {
			u.discard()
			return nil, msg.Errorf("cannot move the new site into %s: %w", u.shown, err)
		}
		return u.produced, u.settleUnlessHeld()
	}
	var p plan
	if !u.opts.Delta {
		for rel := range u.prev {
			if _, ok := u.produced[rel]; !ok {
				p.remove = append(p.remove, rel)
			}
		}
	}
	slices.Sort(p.remove)
	p.move = slices.Sorted(slices.Values(u.staged))
	if len(u.prev) == 0 {
		// An empty folder: its entries move in whole, folders at once.
		entries, err := os.ReadDir(u.files)
		if err != nil {
			u.discard()
			return nil, err
		}
		p.move = p.move[:0]
		for _, e := range entries {
			p.move = append(p.move, e.Name())
		}
	}
	journaled := !u.opts.Trusted && (len(p.remove) > 0 || len(p.move) > 0)
	if journaled {
		if err := u.stg.writeJournal(p); err != nil {
			u.discard()
			return nil, err
		}
	}
	if err := apply(u.dest, u.files, p); err != nil {
		if journaled {
			// Half moved in: the next build finishes the move-in from
			// the journal, so the staging folder stays for it.
			u.release()
			return nil, msg.Errorf("%w (the next build will finish the update from %s)", err, u.stage)
		}
		u.discard()
		return nil, err
	}
	return u.produced, u.settleUnlessHeld()
}

func (u *Update) settleUnlessHeld() error {
	if u.opts.Hold {
		return nil
	}
	return u.Settle()
}

// Settle removes the staging folder of a committed update held with
// Options.Hold, once the caller has recorded the manifest Commit returned.
func (u *Update) Settle() error {
	if u.stg == nil {
		return nil
	}
	err := u.stg.remove()
	u.stg = nil
	if err != nil {
		// The site is in place: only a folder is left beside it, which
		// the next build removes.
		return msg.Errorf("%s is updated, but %w", u.shown, err)
	}
	return nil
}

// discard removes the staging folder of an update that did not go in.
func (u *Update) discard() {
	if u.stg != nil {
		_ = u.stg.remove() // a folder left behind is removed by the next build
		u.stg = nil
	}
}

// release lets the staging folder go, unlocked, for the next build.
func (u *Update) release() {
	if u.stg != nil && u.stg.lock != nil {
		u.stg.lock.Close()
	}
	u.stg = nil
}

// removeEmptyDirs removes the folders that removing files emptied.
func removeEmptyDirs(root string, removed []string) {
	dirs := map[string]bool{}
	for _, rel := range removed {
		for d := path.Dir(rel); d != "."; d = path.Dir(d) {
			dirs[d] = true
		}
	}
	// Deepest first, so a parent is tried after its children.
	list := make([]string, 0, len(dirs))
	for d := range dirs {
		list = append(list, d)
	}
	slices.SortFunc(list, func(a, b string) int { return strings.Count(b, "/") - strings.Count(a, "/") })
	for _, d := range list {
		full := filepath.Join(root, filepath.FromSlash(d))
		// A file there is the folder's successor, moved in by an earlier
		// run of the same move-in: os.Remove would take it.
		if info, err := os.Lstat(full); err != nil || !info.IsDir() {
			continue
		}
		_ = os.Remove(full) // fails, as it should, when not empty
	}
}

// Abort discards the update; the destination is untouched. After Commit
// it does nothing but settle a held update.
func (u *Update) Abort() {
	_ = u.finish()
	if u.committing {
		_ = u.Settle()
		return
	}
	u.discard()
}
