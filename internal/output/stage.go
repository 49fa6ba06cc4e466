package output

import (
	"bufio"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/jihat/jihat/internal/msg"
)

// A staging folder is a hidden sibling of the destination,
// .<name>.jihat-<random>, holding:
//
//	.jihat-stage  the marker: says the folder is Jihat's, and is locked
//	              for as long as the build that made it runs
//	files/        the new and changed files, as they go into the destination
//	journal       written once every file is staged: what the move-in does
//
// The journal is the commit point. Written (and synced) before the first
// file of the destination changes, it lets the next build finish a move-in
// a killed build began, so that the destination is, once the next build
// has started, the whole old site or the whole new one. A staging folder
// without a journal is a build that never reached its move-in: it is
// removed, and the destination was not touched.
const (
	stageMarker = ".jihat-stage"
	stageFiles  = "files"
	journalName = "journal"
	journalHead = "jihat journal 1"
)

// stagePrefix is the start of the names of dest's staging folders.
func stagePrefix(dest string) string { return "." + filepath.Base(dest) + ".jihat-" }

// moveDelay paces the move-in, for the kill test only (cmd/jihat), so that
// its kills can land there: JIHAT_TEST_MOVE_DELAY=2ms sleeps that long
// after each file moved in, and the move-in's start is told by writing an
// empty file named JIHAT_TEST_MOVE_MARK, so that the test aims at it
// whatever the machine's speed. Unset, as everywhere else, both are off.
var (
	moveDelay = func() time.Duration {
		d, _ := time.ParseDuration(os.Getenv("JIHAT_TEST_MOVE_DELAY"))
		return d
	}()
	moveMark = os.Getenv("JIHAT_TEST_MOVE_MARK")
)

// stage is a staging folder of this process.
type stage struct {
	dir  string
	lock *os.File // the marker, locked while the stage lives
}

// newStage makes a locked staging folder beside dest. The marker is locked
// under a temporary name and only then given its own, so that another build
// never finds it unlocked while this one runs.
func newStage(dest string) (*stage, error) {
	dir, err := os.MkdirTemp(filepath.Dir(dest), stagePrefix(dest))
	if err != nil {
		return nil, msg.Errorf("cannot make a staging folder beside %s: %w", dest, err)
	}
	s := &stage{dir: dir}
	fail := func(err error) (*stage, error) {
		s.remove()
		return nil, msg.Errorf("cannot make a staging folder beside %s: %w", dest, err)
	}
	if err := os.Chmod(dir, 0o755); err != nil {
		return fail(err)
	}
	tmp := filepath.Join(dir, stageMarker+".tmp")
	f, err := os.OpenFile(tmp, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return fail(err)
	}
	s.lock = f
	if _, err := tryLock(f); err != nil {
		return fail(err)
	}
	if _, err := fmt.Fprintf(f, "jihat build's staging folder for %s: removed by the next build if left behind\n", dest); err != nil {
		return fail(err)
	}
	if err := os.Rename(tmp, filepath.Join(dir, stageMarker)); err != nil {
		return fail(err)
	}
	if err := os.Mkdir(filepath.Join(dir, stageFiles), 0o755); err != nil {
		return fail(err)
	}
	return s, nil
}

func (s *stage) files() string { return filepath.Join(s.dir, stageFiles) }

// remove deletes the staging folder, the journal first (once a move-in is
// done, its journal must never be applied again: later builds change the
// destination) and the marker last (a folder left half removed is still
// recognised as Jihat's, and removed by the next build).
func (s *stage) remove() error {
	err := removeStage(s.dir)
	if s.lock != nil {
		s.lock.Close() // releases the lock
		s.lock = nil
	}
	return err
}

func removeStage(dir string) error {
	for _, name := range []string{journalName, journalName + ".tmp", stageFiles, stageMarker + ".tmp"} {
		if err := os.RemoveAll(filepath.Join(dir, name)); err != nil {
			return msg.Errorf("cannot remove the staging folder %s: %w", dir, err)
		}
	}
	if err := os.Remove(filepath.Join(dir, stageMarker)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return msg.Errorf("cannot remove the staging folder %s: %w", dir, err)
	}
	if err := os.Remove(dir); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return msg.Errorf("cannot remove the staging folder %s: %w", dir, err)
	}
	return nil
}

// plan is what a move-in does: remove the stale files, then move the
// staged ones in, both sorted.
type plan struct {
	remove, move []string
}

// writeJournal records p in the staging folder and syncs it: from the
// rename on, the move-in will be finished, by this build or the next.
func (s *stage) writeJournal(p plan) error {
	tmp := filepath.Join(s.dir, journalName+".tmp")
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return msg.Errorf("cannot write the journal in %s: %w", s.dir, err)
	}
	w := bufio.NewWriterSize(f, 64<<10)
	fmt.Fprintln(w, journalHead)
	for _, rel := range p.remove {
		fmt.Fprintln(w, "remove", strconv.Quote(rel))
	}
	for _, rel := range p.move {
		fmt.Fprintln(w, "move", strconv.Quote(rel))
	}
	fmt.Fprintln(w, "end")
	err = w.Flush()
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, filepath.Join(s.dir, journalName))
	}
	if err == nil {
		err = syncDir(s.dir)
	}
	if err != nil {
		return msg.Errorf("cannot write the journal in %s: %w", s.dir, err)
	}
	return nil
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	return err
}

// readJournal reads a staging folder's journal; ok is false when there is
// none. A journal is renamed into place whole, so one that does not end
// with "end" was damaged by something else than a kill: reported.
func readJournal(dir string) (p plan, ok bool, err error) {
	name := filepath.Join(dir, journalName)
	data, err := os.ReadFile(name)
	if errors.Is(err, fs.ErrNotExist) {
		return p, false, nil
	}
	if err != nil {
		return p, false, err
	}
	lines := strings.Split(string(data), "\n")
	if len(lines) < 3 || lines[0] != journalHead || lines[len(lines)-2] != "end" || lines[len(lines)-1] != "" {
		return p, false, msg.Errorf("%s is damaged: remove the folder %s and build again from scratch (empty the destination)", name, dir)
	}
	for i, line := range lines[1 : len(lines)-2] {
		op, arg, _ := strings.Cut(line, " ")
		rel, qerr := strconv.Unquote(arg)
		if qerr == nil {
			rel, qerr = clean(rel)
		}
		if qerr != nil {
			return p, false, msg.Errorf("%s:%d: damaged: %v", name, i+2, qerr)
		}
		switch op {
		case "remove":
			p.remove = append(p.remove, rel)
		case "move":
			p.move = append(p.move, rel)
		default:
			return p, false, msg.Errorf("%s:%d: damaged: unknown step %q", name, i+2, op)
		}
	}
	return p, true, nil
}

// apply carries out a move-in into dest from the staged files. It can be
// run again, from the start, after it was stopped anywhere: a file already
// removed or moved in is skipped.
func apply(dest, staged string, p plan) error {
	for _, rel := range p.remove {
		full := filepath.Join(dest, filepath.FromSlash(rel))
		if err := os.Remove(full); err != nil && !errors.Is(err, fs.ErrNotExist) {
			// Gone already, when an earlier run of this move-in put the
			// file's successor there: a folder holding it (x → x/index.html),
			// or a file where its folder was (a/index.html → a).
			info, lerr := os.Lstat(full)
			if lerr == nil && info.IsDir() || errors.Is(lerr, fs.ErrNotExist) || errors.Is(lerr, syscall.ENOTDIR) {
				continue
			}
			return msg.Errorf("cannot remove %s: %w", full, err)
		}
	}
	// Emptied folders go before the new files come, so that a folder can
	// become a file (a/index.html → a); those still needed are made again.
	removeEmptyDirs(dest, p.remove)
	if err := os.MkdirAll(filepath.Join(dest, MarkerName), 0o755); err != nil {
		return msg.Errorf("cannot update %s: %w", dest, err)
	}
	made := map[string]bool{".": true}
	if moveDelay > 0 && moveMark != "" {
		_ = os.WriteFile(moveMark, nil, 0o644) // the kill test's cue only
	}
	for _, rel := range p.move {
		from := filepath.Join(staged, filepath.FromSlash(rel))
		if _, err := os.Lstat(from); errors.Is(err, fs.ErrNotExist) {
			continue // moved in already
		}
		to := filepath.Join(dest, filepath.FromSlash(rel))
		if dir := path.Dir(rel); !made[dir] {
			if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
				return msg.Errorf("cannot update %s: %w", to, err)
			}
			made[dir] = true
		}
		if err := os.Rename(from, to); err != nil {
			return msg.Errorf("cannot update %s: %w", to, err)
		}
		if moveDelay > 0 {
			time.Sleep(moveDelay)
		}
	}
	return nil
}

// Recover finishes or discards what builds into dest left beside it when
// they were stopped: a staging folder with a journal has its move-in
// finished, one without is removed (the destination was not touched).
// Only folders that are clearly Jihat's are looked at: named like dest's
// staging folders and holding the marker, unlocked (their build is over).
// It reports whether a move-in was finished, and fails when a build into
// dest is running now. Begin calls it first.
func Recover(dest string) (finished bool, err error) {
	real, err := resolve(dest)
	if err != nil {
		return false, err
	}
	return recoverStages(real, dest)
}

func recoverStages(dest, shown string) (finished bool, err error) {
	parent := filepath.Dir(dest)
	entries, err := os.ReadDir(parent)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, msg.Errorf("cannot look beside %s for unfinished builds: %w", shown, err)
	}
	prefix := stagePrefix(dest)
	var stages []string
	for _, e := range entries {
		if e.IsDir() && strings.HasPrefix(e.Name(), prefix) {
			stages = append(stages, filepath.Join(parent, e.Name()))
		}
	}
	slices.Sort(stages)
	for _, dir := range stages {
		done, err := recoverStage(dest, shown, dir)
		if err != nil {
			return finished, err
		}
		finished = finished || done
	}
	return finished, nil
}

func recoverStage(dest, shown, dir string) (finished bool, err error) {
	f, err := os.OpenFile(filepath.Join(dir, stageMarker), os.O_RDWR, 0)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil // not ours, or still being made: left alone
	}
	if err != nil {
		return false, msg.Errorf("cannot look at %s, left by an earlier build into %s: %w", dir, shown, err)
	}
	defer f.Close()
	locked, err := tryLock(f)
	if err != nil {
		return false, msg.Errorf("cannot look at %s, left by an earlier build into %s: %w", dir, shown, err)
	}
	if !locked {
		return false, msg.Errorf("another jihat build is updating %s now (its staging folder is %s): wait for it to finish", shown, dir)
	}
	p, ok, err := readJournal(dir)
	if err != nil {
		return false, msg.Errorf("cannot finish the update of %s that an earlier build began: %w", shown, err)
	}
	if ok {
		if err := apply(dest, filepath.Join(dir, stageFiles), p); err != nil {
			return false, msg.Errorf("cannot finish the update of %s that an earlier build began (its files are in %s): %w", shown, dir, err)
		}
	}
	return ok, removeStage(dir)
}

// unfinished reports whether dest has a move-in to finish beside it.
func unfinished(dest string) bool {
	entries, err := os.ReadDir(filepath.Dir(dest))
	if err != nil {
		return true // cannot tell: let Begin look
	}
	prefix := stagePrefix(dest)
	for _, e := range entries {
		if e.IsDir() && strings.HasPrefix(e.Name(), prefix) {
			if _, err := os.Stat(filepath.Join(filepath.Dir(dest), e.Name(), journalName)); err == nil {
				return true
			}
		}
	}
	return false
}
