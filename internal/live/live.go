// Package live is jihat serve: it builds the site into a private folder,
// serves it, and rebuilds on every change to the sources, telling the
// browsers to reload only once the new site is complete. A failed rebuild
// keeps the last good site served and shows the errors over the page.
package live

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"

	"github.com/jihat/jihat/internal/build"
	"github.com/jihat/jihat/internal/changes"
	"github.com/jihat/jihat/internal/config"
	"github.com/jihat/jihat/internal/content"
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
	// Builds alternate between two folders: the one being served is never
	// the one being replaced, so no request ever meets a half-removed site.
	outputs := &alternating{dirs: [2]string{filepath.Join(tmp, "public-a"), filepath.Join(tmp, "public-b")}, serving: 1}
	bopts.Destination = outputs.next()

	// Watch before the first build, so a save made during it is not missed.
	w, err := changes.New(changes.Options{
		Root:   bopts.Source,
		Dirs:   []string{content.Dir, "layouts", build.StaticDir},
		Files:  []string{config.FileName},
		Ignore: content.Ignored,
		Poll:   opts.Poll,
		Log:    func(format string, args ...any) { fmt.Fprintf(opts.Err, "jihat: "+format+"\n", args...) },
	})
	if err != nil {
		return err
	}
	defer w.Close()

	reloader := server.NewReloader()
	serving := bopts.Destination
	res, buildErr := build.Build(bopts)
	if buildErr != nil {
		// Nothing good to serve yet: a blank page carries the overlay
		// until the first successful build.
		serving = filepath.Join(tmp, "placeholder")
		if err := writePlaceholder(serving); err != nil {
			return err
		}
		reportFailure(opts.Err, reloader, buildErr)
	} else {
		outputs.served(bopts.Destination)
		fmt.Fprintf(opts.Out, "jihat: built %s\n", res)
	}
	handler, err := server.New(serving)
	if err != nil {
		return err
	}
	defer handler.Close()
	handler.WithLiveReload(reloader)

	srv := &http.Server{Handler: handler, ReadHeaderTimeout: 10 * time.Second}
	serveErr := make(chan error, 1)
	go func() { serveErr <- srv.Serve(ln) }()
	fmt.Fprintf(opts.Out, "jihat: serving at %s — edit and save any file, the page follows (Ctrl+C to stop)\n", bopts.BaseURL)

	for {
		select {
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
			bopts.Destination = outputs.next()
			if rebuild(opts, bopts, handler, reloader, batch) {
				outputs.served(bopts.Destination)
			}
		}
	}
}

// rebuild builds the whole site again, swaps it in, and only then tells the
// browsers, so a reload never sees a half-written site.
func rebuild(opts Options, bopts build.Options, handler *server.Handler, reloader *server.Reloader, batch changes.Batch) bool {
	start := time.Now()
	res, err := build.Build(bopts)
	what := describe(batch.Paths)
	if err != nil {
		fmt.Fprintf(opts.Err, "jihat: %s: rebuild failed, still serving the last good site:\n", what)
		reportFailure(opts.Err, reloader, err)
		return false
	}
	if err := handler.Switch(bopts.Destination); err != nil {
		fmt.Fprintf(opts.Err, "jihat: %v\n", err)
		return false
	}
	fmt.Fprintf(opts.Out, "jihat: %s: %d pages in %d ms\n", what, res.Pages, time.Since(start).Milliseconds())
	event := server.Event{Type: "reload", Page: editedPage(batch.Paths, res.Sources)}
	if onlyStyles(batch.Paths) {
		event.Type = "css"
	}
	reloader.Broadcast(event)
	return true
}

// alternating hands out the output folder that is not being served.
type alternating struct {
	dirs    [2]string
	serving int // index in dirs of the folder being served
}

func (a *alternating) next() string { return a.dirs[1-a.serving] }

func (a *alternating) served(dir string) {
	if dir == a.dirs[0] {
		a.serving = 0
	} else {
		a.serving = 1
	}
}

func reportFailure(w io.Writer, reloader *server.Reloader, err error) {
	fmt.Fprintln(w, err)
	reloader.Broadcast(server.Event{Type: "error", Message: err.Error()})
}

func describe(paths []string) string {
	switch len(paths) {
	case 0:
		return "changes"
	case 1:
		return paths[0] + " changed"
	}
	return fmt.Sprintf("%s and %d other files changed", paths[0], len(paths)-1)
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

func writePlaceholder(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	page := "<!DOCTYPE html>\n<html lang=\"ar\" dir=\"rtl\"><meta charset=\"utf-8\"><title>jihat</title><body><p>لم يُبنَ الموقع بعد: أصلح الأخطاء المعروضة.</p></body></html>\n"
	return os.WriteFile(filepath.Join(dir, "index.html"), []byte(page), 0o644)
}
