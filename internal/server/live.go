package server

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"time"
)

// LivePrefix is where the live-reload script and its event stream are
// served; no site page can live there.
const LivePrefix = "/_jihat/"

//go:embed live.js
var liveJS []byte

var liveTag = []byte(`<script src="` + LivePrefix + `live.js" defer></script>`)

// injectScript adds the live-reload script before </body>, or at the end.
func injectScript(page []byte) []byte {
	i := bytes.LastIndex(page, []byte("</body>"))
	if i < 0 {
		return append(append([]byte{}, page...), liveTag...)
	}
	out := make([]byte, 0, len(page)+len(liveTag))
	out = append(out, page[:i]...)
	out = append(out, liveTag...)
	return append(out, page[i:]...)
}

// Event tells the browsers what happened to the site.
type Event struct {
	// Type is "reload" (the site was rebuilt), "css" (only stylesheets
	// changed), "error" (the last rebuild failed; the last good site is
	// still served) or "ok".
	Type string `json:"type"`
	// Page is the page of the article that changed, for "reload": the
	// browser shows it.
	Page string `json:"page,omitempty"`
	// Message is the build's report, for "error".
	Message string `json:"message,omitempty"`
	// Heading, Lang and Dir are the overlay's first line and the language
	// and writing direction of the report, for "error".
	Heading string `json:"heading,omitempty"`
	Lang    string `json:"lang,omitempty"`
	Dir     string `json:"dir,omitempty"`
}

// Reloader broadcasts events to the browsers that have a page open, over
// Server-Sent Events.
type Reloader struct {
	mu      sync.Mutex
	clients map[chan Event]bool
	failed  *Event // the current failure, replayed to browsers that connect
}

// NewReloader returns a reloader with no browser connected.
func NewReloader() *Reloader { return &Reloader{clients: map[chan Event]bool{}} }

// Broadcast sends e to every connected browser. An "error" is remembered
// until the next successful event, so a page opened meanwhile shows it.
func (r *Reloader) Broadcast(e Event) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if e.Type == "error" {
		r.failed = &e
	} else {
		r.failed = nil
	}
	for c := range r.clients {
		select {
		case c <- e:
		default: // a stuck browser must not hold up the others
		}
	}
}

// Clients is the number of connected browsers.
func (r *Reloader) Clients() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.clients)
}

func (r *Reloader) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	switch req.URL.Path {
	case LivePrefix + "live.js":
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		_, _ = w.Write(liveJS)
	case LivePrefix + "events":
		r.stream(w, req)
	default:
		http.NotFound(w, req)
	}
}

// eventTimeout bounds the writing of one event of the stream.
const eventTimeout = 10 * time.Second

func (r *Reloader) stream(w http.ResponseWriter, req *http.Request) {
	flusher, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	// The stream stays open as long as the page: the server's limits on a
	// whole request and response would cut it. Reading is over (a GET has
	// no body), and each event gets its own time to be written.
	rc := http.NewResponseController(w)
	if err := rc.SetReadDeadline(time.Time{}); err != nil && !errors.Is(err, http.ErrNotSupported) {
		return
	}
	deadline := func() bool {
		err := rc.SetWriteDeadline(time.Now().Add(eventTimeout))
		return err == nil || errors.Is(err, http.ErrNotSupported)
	}
	w.Header().Set("Content-Type", "text/event-stream; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	c := make(chan Event, 8)
	r.mu.Lock()
	r.clients[c] = true
	failed := r.failed
	r.mu.Unlock()
	defer func() {
		r.mu.Lock()
		delete(r.clients, c)
		r.mu.Unlock()
	}()
	send := func(e Event) bool {
		data, _ := json.Marshal(e)
		if !deadline() {
			return false
		}
		if _, err := fmt.Fprintf(w, "data: %s\n\n", data); err != nil {
			return false
		}
		flusher.Flush()
		return true
	}
	// A comment first, so the browser knows the stream is open.
	if !deadline() {
		return
	}
	fmt.Fprint(w, ": jihat\n\n")
	flusher.Flush()
	if failed != nil && !send(*failed) {
		return
	}
	keepAlive := time.NewTicker(20 * time.Second)
	defer keepAlive.Stop()
	for {
		select {
		case <-req.Context().Done():
			return
		case e := <-c:
			if !send(e) {
				return
			}
		case <-keepAlive.C:
			if !deadline() {
				return
			}
			if _, err := fmt.Fprint(w, ": ping\n\n"); err != nil {
				return
			}
			flusher.Flush()
		}
	}
}
