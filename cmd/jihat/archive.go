package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/jihat/jihat"
	"github.com/jihat/jihat/internal/archive"
	"github.com/jihat/jihat/internal/build"
)

// runArchive builds the site for reading from disk and zips it.
func runArchive(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("archive", flag.ContinueOnError)
	fs.SetOutput(stderr)
	opts := build.Options{Theme: jihat.Theme, Offline: true, Minify: true, OnLoad: build.LimitMemory()}
	var out string
	fs.StringVar(&opts.Source, "source", ".", "site folder")
	fs.StringVar(&out, "o", "jihat-offline.zip", "zip file to write")
	fs.BoolVar(&opts.Drafts, "drafts", false, "include drafts")
	futureFlag(fs, &opts.Future, false)
	photoCache := photoCacheFlag(fs, &opts.Source)
	if code, ok := parseFlags(fs, args, stdout); !ok {
		return code
	}
	opts.PhotoCache = photoCache()
	words := editorLanguage(opts.Source, stderr)
	// Stopped, the run returns rather than exits, so that the deferred
	// removal of the temporary folder runs and no zip is half written.
	// The handler is in place before the folder exists.
	ctx, interruption, stop := interruptible()
	defer stop()
	opts.Context = ctx
	tmp, err := os.MkdirTemp("", "jihat-archive-")
	if err != nil {
		fmt.Fprintln(stderr, "jihat:", err)
		return 1
	}
	defer os.RemoveAll(tmp)
	opts.Destination = filepath.Join(tmp, "site")
	interrupted := func() int {
		code := interruption()
		if code != 0 {
			say(stderr, words, "archive interrupted: %s not written", out)
		}
		return code
	}
	res, err := build.Build(opts)
	if code := interrupted(); code != 0 {
		return code
	}
	if err != nil {
		report(stderr, words, err)
		return 1
	}
	if err := writeZip(ctx, out, opts.Destination, res); err != nil {
		if code := interrupted(); code != 0 {
			return code
		}
		say(stderr, words, "%v", err)
		return 1
	}
	info, err := os.Stat(out)
	if err != nil {
		fmt.Fprintln(stderr, "jihat:", err)
		return 1
	}
	printWarnings(stderr, words, res.Warnings)
	say(stdout, words, "archived %d pages, %d articles into %s (%.1f KB); open index.html inside it", res.Pages, res.Articles, out, float64(info.Size())/1024)
	printHeldBack(stdout, words, res.HeldBack)
	return 0
}

// writeZip writes beside the target and renames, so a failed run never
// leaves a truncated archive under the expected name.
func writeZip(ctx context.Context, out, dir string, res *build.Result) error {
	f, err := os.CreateTemp(filepath.Dir(out), "."+filepath.Base(out)+".tmp-")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name())
	if err := archive.Write(f, dir, res.Updated); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Chmod(f.Name(), 0o644); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err // stopped: the name keeps the archive it had
	}
	return os.Rename(f.Name(), out)
}
