// Package live is jihat serve: it builds the site into a private folder,
// serves it, and rebuilds on every change to the sources — incrementally,
// with one build.Builder kept in memory — telling the browsers to reload
// only once every changed file is in place. A failed rebuild keeps the last
// good site served and shows the errors over the page.
package live

import (
	"context"
	"errors"
	"fmt"
	"html"
	"io"
	"net"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/jihat/jihat/internal/build"
	"github.com/jihat/jihat/internal/changes"
	"github.com/jihat/jihat/internal/config"
	"github.com/jihat/jihat/internal/content"
	"github.com/jihat/jihat/internal/diag"
	"github.com/jihat/jihat/internal/headers"
	"github.com/jihat/jihat/internal/msg"
	"github.com/jihat/jihat/internal/server"
)

// Options configure Run.
type Options struct {
	Build build.Options // Destination and BaseURL are set by Run
	// Poll forces polling for changes at this interval (0: fsnotify, with
	// polling only as a fallback).
	Poll time.Duration
	Out  io.Writer // one line per rebuild
	Err  io.Writer // build errors
	// Messages is the editor's language for the lines printed and the
	// overlay (nil: English).
	Messages *msg.Catalog
}

// say prints one line in the editor's language.
func (o *Options) say(w io.Writer, format string, args ...any) {
	fmt.Fprintln(w, "jihat: "+o.Messages.Sprintf(format, args...))
}

// Run serves on ln until ctx ends.
func Run(ctx context.Context, ln net.Listener, opts Options) error {
	tmp, err := os.MkdirTemp("", "jihat-serve-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	bopts := opts.Build
	bopts.BaseURL = "http://" + ln.Addr().String() + "/"
	bopts.Destination = filepath.Join(tmp, "public")
	bopts.Serving = true
	builder := build.New(bopts)

	// Watch before the first build, so a save made during it is not missed.
	w, err := changes.New(changes.Options{
		Root:   bopts.Source,
		Dirs:   []string{content.Dir, "layouts", build.StaticDir},
		Files:  []string{config.FileName},
		Ignore: content.Ignored,
		Poll:   opts.Poll,
		Log:    func(format string, args ...any) { opts.say(opts.Err, format, args...) },
	})
	if err != nil {
		return err
	}
	defer w.Close()

	reloader := server.NewReloader()
	serving := bopts.Destination
	res, buildErr := builder.Build()
	if buildErr != nil {
		// Nothing good to serve yet: a blank page carries the overlay
		// until the first successful build.
		serving = filepath.Join(tmp, "placeholder")
		if err := writePlaceholder(serving, opts.Messages); err != nil {
			return err
		}
		reportFailure(&opts, reloader, buildErr)
	} else {
		opts.say(opts.Out, "built %v", res.Summary())
		printHeldBack(&opts, res.HeldBack)
		printWarnings(&opts, res.Warnings)
		if err := builder.FinishSearch(); err != nil {
			opts.say(opts.Err, "the search index could not be written: %v", err)
		}
	}
	// The first build leaves as much garbage as the site it keeps: collect
	// it now, so that the next collection is far off and does not compete
	// with the first edits (at 100,000 articles it doubled their time).
	runtime.GC()
	handler, err := server.New(serving)
	if err != nil {
		return err
	}
	defer handler.Close()
	handler.WithLiveReload(reloader)
	// A mistake in _headers stops no build (the CDN reads the file, not
	// Jihat) but is shown, at its line, each time the file changes.
	handler.OnHeadersError(path.Join(build.StaticDir, headers.FileName), func(err error) {
		fmt.Fprintln(opts.Err, msg.Text(err, opts.Messages))
	})

	srv := server.NewServer(handler, server.DefaultLimits())
	serveErr := make(chan error, 1)
	go func() { serveErr <- srv.Serve(ln) }()
	opts.say(opts.Out, "serving at %s — edit and save any file, the page follows (Ctrl+C to stop)", bopts.BaseURL)

	built := buildErr == nil
	var searching chan *build.SearchWork
	var searchStart time.Time
	for {
		// The search index waits for a pause in the saves, and is computed
		// beside the loop: it is the slowest part of a rebuild and no one
		// searches while editing. An edit meanwhile makes it outdated; it
		// is then computed again at the next pause.
		var pause <-chan time.Time
		if builder.SearchLate() && searching == nil {
			pause = time.After(searchPause)
		}
		select {
		case <-pause:
			if work := builder.StartSearch(); work != nil {
				done := make(chan *build.SearchWork, 1)
				go func() { done <- work() }()
				searching, searchStart = done, time.Now()
			}
		case w := <-searching:
			searching = nil
			switch err := builder.ApplySearch(w); {
			case errors.Is(err, build.ErrStaleSearch):
			case err != nil:
				opts.say(opts.Err, "the search index could not be updated: %v", err)
			default:
				if d := time.Since(searchStart); d > 100*time.Millisecond {
					opts.say(opts.Out, "search index updated in %d ms", d.Milliseconds())
				}
				// Laying out the index left garbage; collect it during
				// the pause rather than during the next edit.
				go runtime.GC()
			}
		case <-ctx.Done():
			shutdown, cancel := context.WithTimeout(context.Background(), 2*time.Second)
			defer cancel()
			_ = srv.Shutdown(shutdown)
			return nil
		case err := <-serveErr:
			if errors.Is(err, http.ErrServerClosed) {
				return nil
			}
			return err
		case batch, ok := <-w.Batches():
			if !ok {
				return errors.New("the file watcher stopped")
			}
			if rebuild(opts, builder, bopts.Destination, !built, handler, reloader, batch) {
				built = true
			}
		}
	}
}

// searchPause is how long the saves must pause before the search index is
// brought up to date.
const searchPause = 300 * time.Millisecond

// rebuild updates the output with what changed, and only then tells the
// browsers, so a reload never sees a half-written page.
func rebuild(opts Options, b *build.Builder, dest string, first bool, handler *server.Handler, reloader *server.Reloader, batch changes.Batch) bool {
	start := time.Now()
	res, err := b.Update(batch.Paths)
	what := describe(batch.Paths)
	if err != nil {
		opts.say(opts.Err, "%v: rebuild failed, still serving the last good site:", what)
		reportFailure(&opts, reloader, err)
		return false
	}
	if first {
		// Until now a placeholder was served.
		if err := handler.Switch(dest); err != nil {
			opts.say(opts.Err, "%v", err)
			return false
		}
	}
	opts.say(opts.Out, "%v: %d of %d pages rendered, %d files written in %d ms", what, res.Rendered, res.Pages, res.Written, time.Since(start).Milliseconds())
	printHeldBack(&opts, res.HeldBack)
	printWarnings(&opts, res.Warnings)
	event := server.Event{Type: "reload", Page: editedPage(batch.Paths, res.Sources)}
	if onlyStyles(batch.Paths) {
		event.Type = "css"
	}
	reloader.Broadcast(event)
	return true
}

// reportFailure prints a failed build's problems and shows them over the
// page, in the editor's language and writing direction.
func reportFailure(opts *Options, reloader *server.Reloader, err error) {
	text := msg.Text(err, opts.Messages)
	fmt.Fprintln(opts.Err, text)
	reloader.Broadcast(server.Event{
		Type:    "error",
		Heading: opts.Messages.Sprintf("jihat: the last change could not be built; the page shows the last good version."),
		Message: text,
		Lang:    opts.Messages.Lang(),
		Dir:     opts.Messages.Dir(),
	})
}

func describe(paths []string) msg.Message {
	switch len(paths) {
	case 0:
		return msg.New("changes")
	case 1:
		return msg.New("%s changed", paths[0])
	}
	if len(paths) == 2 {
		return msg.New("%s and 1 other file changed", paths[0])
	}
	return msg.New("%s and %d other files changed", paths[0], len(paths)-1)
}

// editedPage is the page of the one article a batch changed, which the
// browsers then show; "" when the batch touched no article or several.
func editedPage(paths []string, sources map[string]string) string {
	page := ""
	for _, p := range paths {
		if url, ok := sources[p]; ok {
			if page != "" && page != url {
				return ""
			}
			page = url
		}
	}
	return page
}

// onlyStyles reports a batch of stylesheet edits (and the folders holding
// them), which browsers apply without reloading the page.
func onlyStyles(paths []string) bool {
	styles := 0
	for _, p := range paths {
		switch {
		case strings.HasPrefix(p, build.StaticDir+"/") && path.Ext(p) == ".css":
			styles++
		case isFolderOf(p, paths):
		default:
			return false
		}
	}
	return styles > 0
}

func isFolderOf(dir string, paths []string) bool {
	for _, p := range paths {
		if strings.HasPrefix(p, dir+"/") {
			return true
		}
	}
	return false
}

// writePlaceholder writes the page served until a first build succeeds,
// which the overlay covers with the problems.
func writePlaceholder(dir string, c *msg.Catalog) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	page := fmt.Sprintf("<!DOCTYPE html>\n<html lang=\"%s\" dir=\"%s\"><meta charset=\"utf-8\"><title>jihat</title><body><p>%s</p></body></html>\n",
		c.Lang(), c.Dir(), html.EscapeString(c.Sprintf("The site is not built yet: fix the problems shown.")))
	return os.WriteFile(filepath.Join(dir, "index.html"), []byte(page), 0o644)
}

// printHeldBack tells the editor which articles wait for their date (with
// serve --future=false).
func printHeldBack(opts *Options, held []build.Held) {
	if note := build.HeldBackNote(held); !note.IsZero() {
		opts.say(opts.Out, "%v", note)
	}
}

// printWarnings tells the editor, under each rebuild, what did not stop it.
func printWarnings(opts *Options, warnings diag.List) {
	for _, d := range warnings {
		opts.say(opts.Out, "warning: %s", d.Localize(opts.Messages))
	}
}
