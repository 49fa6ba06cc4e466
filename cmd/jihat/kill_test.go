package main

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"io/fs"
	"maps"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jihat/jihat/internal/corpus"
	"github.com/jihat/jihat/internal/output"
)

// TestMain lets the test binary be jihat itself: the kill test runs it as
// a child process it can kill. The tests read English messages, unless
// one sets another language (TestEditorLanguage).
func TestMain(m *testing.M) {
	os.Setenv("JIHAT_LANG", "en")
	if os.Getenv("JIHAT_KILL_CHILD") == "1" {
		os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// digest lists the files under dir with a hash of their bytes, and
// records anything that is neither a file nor a folder.
func digest(t *testing.T, dir string) map[string][32]byte {
	t.Helper()
	files := map[string][32]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		files[filepath.ToSlash(rel)] = sha256.Sum256(data)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// differ describes how got differs from want, briefly.
func differ(got, want map[string][32]byte) string {
	var missing, extra, changed []string
	for rel, h := range want {
		if g, ok := got[rel]; !ok {
			missing = append(missing, rel)
		} else if g != h {
			changed = append(changed, rel)
		}
	}
	for rel := range got {
		if _, ok := want[rel]; !ok {
			extra = append(extra, rel)
		}
	}
	first := func(l []string) []string { slices.Sort(l); return l[:min(len(l), 3)] }
	return fmt.Sprintf("%d missing %v, %d extra %v, %d changed %v", len(missing), first(missing), len(extra), first(extra), len(changed), first(changed))
}

// A build killed anywhere (SIGKILL, or Ctrl+C) leaves the old site or the
// new one, whole, once what it left is recovered (the first thing the next
// build does); a Ctrl+C leaves nothing beside the destination; the next
// build succeeds, makes the new site and leaves nothing beside it. The site
// switches at every round between two versions that differ in every page
// (another title) and in their files (an article removed), so that the
// move-in replaces, removes and adds files. Half of the rounds pace the
// move-in (JIHAT_TEST_MOVE_DELAY) and aim their kill at its end, where a
// kill lands in the move-in most of the time.
func TestKilledBuilds(t *testing.T) {
	n, rounds := 200, 10
	if testing.Short() {
		n, rounds = 100, 6
	}
	root := t.TempDir()
	src := filepath.Join(root, "site")
	if _, err := corpus.Generate(corpus.Options{Dir: src, N: n, Seed: 17}); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(root, "out") // dest's parent holds nothing else
	dest := filepath.Join(out, "public")
	cache := filepath.Join(root, "cache")

	// The two versions: A as generated, B with another title (every page
	// changes) and one more article (its page comes and goes, and the
	// lists that show it have one more page or entry).
	toml := filepath.Join(src, "site.toml")
	tomlA, err := os.ReadFile(toml)
	if err != nil {
		t.Fatal(err)
	}
	tomlB := bytes.Replace(tomlA, []byte(corpus.SiteTitle), []byte(corpus.SiteTitle+" ب"), 1)
	if bytes.Equal(tomlA, tomlB) {
		t.Fatal("site.toml has no title to change")
	}
	extra := filepath.Join(src, filepath.FromSlash(corpus.ArticlesDir), "kill-test-extra.md")
	const extraArticle = "---\ntitle: \"زيارة ميدانية إضافية\"\ndate: 2025-12-31 23:59\nregion: souss-massa\nprovince: taroudant\nfacility_type: dar-taliba\n---\n\nنص قصير.\n"
	setVersion := func(b bool) {
		t.Helper()
		data := tomlA
		if b {
			data = tomlB
			if err := os.WriteFile(extra, []byte(extraArticle), 0o644); err != nil {
				t.Fatal(err)
			}
		} else if err := os.Remove(extra); err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		if err := os.WriteFile(toml, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}

	mark := filepath.Join(t.TempDir(), "moving-in")
	child := func(delay string) *exec.Cmd {
		cmd := exec.Command(os.Args[0], "build", "--source", src, "--destination", dest, "--cache", cache)
		cmd.Env = append(os.Environ(), "JIHAT_KILL_CHILD=1", "JIHAT_TEST_MOVE_DELAY="+delay, "JIHAT_TEST_MOVE_MARK="+mark)
		return cmd
	}
	build := func(what string) time.Duration {
		t.Helper()
		start := time.Now()
		if data, err := child("").CombinedOutput(); err != nil {
			t.Fatalf("%s: %v\n%s", what, err, data)
		}
		return time.Since(start)
	}
	beside := func() []string {
		entries, err := os.ReadDir(out)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, e := range entries {
			if e.Name() != "public" {
				names = append(names, e.Name())
			}
		}
		return names
	}

	// The two sites, whole, and how long a build takes.
	setVersion(true)
	build("build B")
	siteB := digest(t, dest)
	setVersion(false)
	full := build("build A over B")
	siteA := digest(t, dest)
	if len(siteA) == len(siteB) {
		t.Fatalf("the versions have as many files (%d)", len(siteA))
	}
	const delay = time.Millisecond
	moveIn := time.Duration(len(siteA)) * delay

	rng := rand.New(rand.NewPCG(17, uint64(n)))
	current := false // the version in dest: A
	var counts struct{ old, new, interrupted, completed, finished int }
	for round := range rounds {
		next := !current
		setVersion(next)
		want, other := siteA, siteB
		if next {
			want, other = siteB, siteA
		}
		cmd, at := child(""), time.Duration(rng.Int64N(int64(full)))
		aimed := round%2 == 1
		if aimed {
			// Within the paced move-in, timed from its start, which the
			// build marks: a loaded machine shifts nothing.
			cmd, at = child(delay.String()), time.Duration(rng.Int64N(int64(moveIn*3/4)))
			_ = os.Remove(mark)
		}
		sig := os.Signal(syscall.SIGKILL)
		if round%3 == 2 {
			sig = os.Interrupt
		}
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		if aimed {
			for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
				if _, err := os.Stat(mark); err == nil {
					break
				}
			}
		}
		time.Sleep(at)
		_ = cmd.Process.Signal(sig) // it may have finished
		err := cmd.Wait()
		code := cmd.ProcessState.ExitCode()
		t.Logf("round %d: %v after %v: exit %d (%v)", round, sig, at.Round(time.Millisecond), code, err)

		switch {
		case sig == os.Interrupt && (code == 130 || code == 0):
			// Handled: the build stopped before its move-in, or finished
			// it; nothing is left beside the destination either way.
			if names := beside(); len(names) != 0 {
				t.Errorf("round %d: left beside the destination after Ctrl+C: %v", round, names)
			}
			if code == 130 && !strings.Contains(stderr.String(), "build interrupted") {
				t.Errorf("round %d: exit 130 saying %q", round, stderr.String())
			}
			if code == 130 {
				counts.interrupted++
			} else {
				counts.completed++
			}
		case code == 1:
			t.Fatalf("round %d: the build failed: %s", round, stderr.String())
		default:
			// Killed (a Ctrl+C before the handler was set acts as one).
			finished, err := output.Recover(dest)
			if err != nil {
				t.Fatalf("round %d: recover: %v", round, err)
			}
			if finished {
				counts.finished++
			}
		}
		got := digest(t, dest)
		switch {
		case maps.Equal(got, want):
			counts.new++
		case maps.Equal(got, other):
			counts.old++
		default:
			t.Fatalf("round %d: the destination is neither site: against the new one %s; against the old one %s", round, differ(got, want), differ(got, other))
		}

		build(fmt.Sprintf("round %d: the build after the kill", round))
		if got := digest(t, dest); !maps.Equal(got, want) {
			t.Fatalf("round %d: after the next build, the destination is not the new site: %s", round, differ(got, want))
		}
		if names := beside(); len(names) != 0 {
			t.Errorf("round %d: left beside the destination after the next build: %v", round, names)
		}
		if _, err := os.Stat(filepath.Join(dest, output.MarkerName)); err != nil {
			t.Errorf("round %d: destination not marked: %v", round, err)
		}
		current = next
	}
	t.Logf("%d rounds of %d articles (%d files, a build in %v): old site %d times, new %d, %d of them by finishing a move-in a kill cut short; Ctrl+C stopped %d builds, %d had finished",
		rounds, n, len(siteA), full.Round(time.Millisecond), counts.old, counts.new, counts.finished, counts.interrupted, counts.completed)
	if counts.finished == 0 {
		t.Error("no kill landed in a move-in")
	}
}

// jihat archive stopped with Ctrl+C while it builds writes no archive,
// leaves no temporary folder and says so, with the status of the signal.
func TestInterruptedArchive(t *testing.T) {
	src, tmp := t.TempDir(), t.TempDir()
	if _, err := corpus.Generate(corpus.Options{Dir: src, N: 300, Seed: 5}); err != nil {
		t.Fatal(err)
	}
	zip := filepath.Join(t.TempDir(), "offline.zip")
	cmd := exec.Command(os.Args[0], "archive", "--source", src, "-o", zip)
	cmd.Env = append(os.Environ(), "JIHAT_KILL_CHILD=1", "TMPDIR="+tmp)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// The temporary folder is made before the build starts: signal then.
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(time.Millisecond) {
		if entries, _ := os.ReadDir(tmp); len(entries) > 0 || time.Now().After(deadline) {
			break
		}
	}
	if err := cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	err := cmd.Wait()
	if cmd.ProcessState.ExitCode() == 0 {
		t.Skipf("the archive was done before the signal arrived (%v)", err)
	}
	if code := cmd.ProcessState.ExitCode(); code != 130 {
		t.Errorf("exit status %d, want 130; stderr:\n%s", code, stderr.String())
	}
	if want := "jihat: archive interrupted: " + zip + " not written"; !strings.Contains(stderr.String(), want) {
		t.Errorf("stderr lacks %q:\n%s", want, stderr.String())
	}
	if _, err := os.Stat(zip); !os.IsNotExist(err) {
		t.Errorf("an archive was written: %v", err)
	}
	if entries, _ := os.ReadDir(tmp); len(entries) > 0 {
		t.Errorf("left in the temporary folder: %v", entries)
	}
	if entries, _ := os.ReadDir(filepath.Dir(zip)); len(entries) > 0 {
		t.Errorf("left beside the archive: %v", entries)
	}
}
