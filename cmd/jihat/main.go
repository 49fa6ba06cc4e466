// Command jihat builds Arabic right-to-left news sites from Markdown.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"runtime/pprof"
	"sync/atomic"
	"syscall"

	"github.com/jihat/jihat"
	"github.com/jihat/jihat/internal/build"
	"github.com/jihat/jihat/internal/content"
	"github.com/jihat/jihat/internal/diag"
	"github.com/jihat/jihat/internal/live"
	"github.com/jihat/jihat/internal/msg"
)

const usage = `jihat builds Arabic news sites about regional social programs.

Usage:
  jihat init    [DIR]
  jihat new article [--source DIR] [--region R] [--province P]... [--type T]... [--slug S] [--date YYYY-MM-DD] "TITLE"
  jihat theme export [--source DIR] [--force] [DIR]
  jihat build   [--source DIR] [--destination DIR] [--drafts] [--future] [--base-url URL] [--noindex]
                [--cache DIR|off] [--minify=false] [--cpuprofile FILE] [--memprofile FILE]
  jihat check   [--source DIR] [--drafts] [--future]
  jihat serve   [--source DIR] [--addr 127.0.0.1:1313] [--drafts] [--future=false] [--poll 1s]
                [--cache DIR|off]
  jihat preview [--destination public] [--addr 127.0.0.1:4173]
  jihat archive [--source DIR] [-o FILE.zip] [--drafts] [--future] [--cache DIR|off]
  jihat version

Run "jihat <command> --help" for what each flag does.
Messages are in the site's language (language in site.toml);
JIHAT_LANG=ar, fr or en chooses another.
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	switch args[0] {
	case "build":
		return runBuild(args[1:], stdout, stderr)
	case "check":
		return runCheck(args[1:], stdout, stderr)
	case "serve":
		return runServe(args[1:], stdout, stderr)
	case "preview":
		return runPreview(args[1:], stdout, stderr)
	case "archive":
		return runArchive(args[1:], stdout, stderr)
	case "init":
		return runInit(args[1:], stdout, stderr)
	case "new":
		return runNew(args[1:], stdout, stderr)
	case "theme":
		return runTheme(args[1:], stdout, stderr)
	case "version", "--version", "-v":
		fmt.Fprintln(stdout, "jihat", version())
		return 0
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	}
	fmt.Fprintf(stderr, "jihat: unknown command %q\n\n%s", args[0], usage)
	return 2
}

func runBuild(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("build", flag.ContinueOnError)
	fs.SetOutput(stderr)
	opts := build.Options{Theme: jihat.Theme, OnLoad: build.LimitMemory()}
	fs.StringVar(&opts.Source, "source", ".", "site folder (holding content/ and optionally site.toml, layouts/, static/)")
	fs.StringVar(&opts.Destination, "destination", "public", "output folder: updated when the build succeeds (unchanged files are left alone, files no longer made are removed)")
	fs.BoolVar(&opts.Drafts, "drafts", false, "include articles marked draft: true")
	futureFlag(fs, &opts.Future, false)
	fs.StringVar(&opts.BaseURL, "base-url", "", "absolute URL the site is served from (overrides site.toml)")
	fs.BoolVar(&opts.NoIndex, "noindex", false, "ask search engines not to index the site (a deploy preview): a robots meta on every page, robots.txt disallows all")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the build to this file (for go tool pprof)")
	memProfile := fs.String("memprofile", "", "write a heap profile at the end of the build to this file")
	cache := cacheFlag(fs, &opts.Source, "folder where the build keeps what lets the next one redo only what changed (default SOURCE/.jihat-cache; \"off\" for none)")
	fs.BoolVar(&opts.Minify, "minify", true, "publish HTML, CSS, JavaScript and SVG without the spaces and comments browsers do not need (--minify=false: as the theme writes them, to read)")
	if code, ok := parseFlags(fs, args, stdout); !ok {
		return code
	}
	opts.Cache = cache()
	opts.Fingerprint = true
	if *cpuProfile != "" {
		stopProfile, err := startCPUProfile(*cpuProfile)
		if err != nil {
			fmt.Fprintln(stderr, "jihat:", err)
			return 1
		}
		defer stopProfile()
	}
	ctx, interruption, stop := interruptible()
	defer stop()
	opts.Context = ctx
	words := editorLanguage(opts.Source, stderr)
	res, err := build.Build(opts)
	if err != nil {
		if code := interruption(); code != 0 {
			say(stderr, words, "build interrupted: %s left as it was", opts.Destination)
			return code
		}
		report(stderr, words, err)
		return 1
	}
	if *memProfile != "" {
		if err := writeHeapProfile(*memProfile); err != nil {
			fmt.Fprintln(stderr, "jihat:", err)
			return 1
		}
	}
	say(stdout, words, "built %v into %s", res.Summary(), opts.Destination)
	printHeldBack(stdout, words, res.HeldBack)
	printWarnings(stderr, words, res.Warnings)
	return 0
}

// cacheFlag is --cache, the same on build, serve and archive: the function
// returned gives the folder once the flags are parsed ("" for off).
func cacheFlag(fs *flag.FlagSet, source *string, usage string) func() string {
	v := fs.String("cache", "", usage)
	return func() string {
		switch *v {
		case "":
			return filepath.Join(*source, ".jihat-cache")
		case "off":
			return ""
		}
		return *v
	}
}

// photoCacheFlag is --cache on jihat serve and jihat archive, which keep
// nothing but the photos' published sizes there, where jihat build keeps
// them: none of the three resizes a photo another has.
func photoCacheFlag(fs *flag.FlagSet, source *string) func() string {
	cache := cacheFlag(fs, source, "jihat build's cache folder, where the photos' published sizes are found and kept (default SOURCE/.jihat-cache; \"off\" for none: each photo is resized)")
	return func() string {
		if dir := cache(); dir != "" {
			return filepath.Join(dir, build.PhotoCacheDir)
		}
		return ""
	}
}

func runCheck(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("check", flag.ContinueOnError)
	fs.SetOutput(stderr)
	opts := build.Options{Theme: jihat.Theme, OnLoad: build.LimitMemory()}
	fs.StringVar(&opts.Source, "source", ".", "site folder")
	fs.BoolVar(&opts.Drafts, "drafts", false, "check drafts and scheduled articles too, and list them")
	futureFlag(fs, &opts.Future, false)
	if code, ok := parseFlags(fs, args, stdout); !ok {
		return code
	}
	if opts.Drafts {
		opts.Future = true // listed, so checked
	}
	words := editorLanguage(opts.Source, stderr)
	c, err := build.CheckAll(opts)
	if opts.Drafts {
		printPending(stdout, words, c.Pending)
	}
	printHeldBack(stdout, words, c.HeldBack)
	printWarnings(stderr, words, c.Warnings)
	if err != nil {
		report(stderr, words, err)
		return 1
	}
	say(stdout, words, "no problems found")
	return 0
}

// futureFlag is --future, the same on every command.
func futureFlag(fs *flag.FlagSet, future *bool, dflt bool) {
	fs.BoolVar(future, "future", dflt, "build the articles dated later than now too (they are held back until a build after their date)")
}

// printHeldBack tells which articles wait for their date.
func printHeldBack(w io.Writer, words *msg.Catalog, held []build.Held) {
	if note := build.HeldBackNote(held); !note.IsZero() {
		say(w, words, "%v", note)
	}
}

// printWarnings tells what did not stop the build, one a line.
func printWarnings(w io.Writer, words *msg.Catalog, warnings diag.List) {
	for _, d := range warnings {
		say(w, words, "warning: %s", d.Localize(words))
	}
}

// printPending lists the drafts and scheduled articles, one a line: file,
// title, date (Morocco time), and which it is.
func printPending(w io.Writer, words *msg.Catalog, list []build.Pending) {
	if len(list) == 0 {
		say(w, words, "no drafts or scheduled articles")
		return
	}
	say(w, words, "%d drafts and scheduled articles, checked with the others:", len(list))
	for _, p := range list {
		what := words.Sprintf("scheduled")
		if p.Draft {
			what = words.Sprintf("draft")
		}
		fmt.Fprintf(w, "%s\t%q\t%s\t%s\n", p.Path, p.Title, content.FormatWhen(p.Date), what)
	}
}

// interruptible returns a context cancelled by the first Ctrl+C (SIGINT)
// or SIGTERM; a second one ends the process at once, as if there were no
// handler. interruption is then the exit status to use, 128 plus the
// signal's number (130 for Ctrl+C), and 0 while none came. stop undoes
// the handling.
func interruptible() (ctx context.Context, interruption func() int, stop func()) {
	ctx, cancel := context.WithCancelCause(context.Background())
	signals := make(chan os.Signal, 1)
	signal.Notify(signals, os.Interrupt, syscall.SIGTERM)
	var got atomic.Int32
	done := make(chan struct{})
	go func() {
		select {
		case sig := <-signals:
			signal.Stop(signals) // the next one takes its default action
			if s, ok := sig.(syscall.Signal); ok {
				got.Store(int32(s))
			} else {
				got.Store(int32(syscall.SIGINT))
			}
			cancel(fmt.Errorf("%v signal received", sig))
		case <-done:
		}
	}()
	interruption = func() int {
		if s := got.Load(); s != 0 {
			return 128 + int(s)
		}
		return 0
	}
	stop = func() {
		signal.Stop(signals)
		close(done)
		cancel(nil)
	}
	return ctx, interruption, stop
}

// report prints one problem per line and a count, so an editor sees them
// all, in the editor's language.
func report(w io.Writer, words *msg.Catalog, err error) {
	fmt.Fprintln(w, msg.Text(err, words))
	var list interface{ Len() int }
	if errors.As(err, &list) && list.Len() > 1 {
		say(w, words, "%d problems", list.Len())
	}
}

func startCPUProfile(name string) (stop func(), err error) {
	f, err := os.Create(name)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() { pprof.StopCPUProfile(); f.Close() }, nil
}

func writeHeapProfile(name string) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	defer f.Close()
	return pprof.Lookup("allocs").WriteTo(f, 0)
}

func version() string {
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" {
		return info.Main.Version
	}
	return "(devel)"
}

// runServe serves the site for editing: rebuilt and reloaded on every save.
func runServe(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	opts := live.Options{Build: build.Options{Theme: jihat.Theme}, Out: stdout, Err: stderr}
	var addr string
	fs.StringVar(&opts.Build.Source, "source", ".", "site folder")
	fs.StringVar(&addr, "addr", "127.0.0.1:1313", "address to listen on (loopback unless told otherwise)")
	fs.BoolVar(&opts.Build.Drafts, "drafts", false, "include drafts")
	// An editor previews what is scheduled; the pages mark it.
	futureFlag(fs, &opts.Build.Future, true)
	fs.DurationVar(&opts.Poll, "poll", 0, "check for changes at this interval instead of file-system events (e.g. 1s, for network drives)")
	photoCache := photoCacheFlag(fs, &opts.Build.Source)
	if code, ok := parseFlags(fs, args, stdout); !ok {
		return code
	}
	opts.Build.PhotoCache = photoCache()
	opts.Messages = editorLanguage(opts.Build.Source, stderr)
	ln, err := net.Listen("tcp", addr)
	if errors.Is(err, syscall.EADDRINUSE) {
		say(stderr, opts.Messages, "cannot listen on %s: the address is in use (is another jihat serve running?): stop it, or choose another port with --addr, e.g. --addr 127.0.0.1:1314", addr)
		return 1
	}
	if err != nil {
		say(stderr, opts.Messages, "cannot listen on %s: %v", addr, err)
		return 1
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := live.Run(ctx, ln, opts); err != nil {
		say(stderr, opts.Messages, "%v", err)
		return 1
	}
	return 0
}
