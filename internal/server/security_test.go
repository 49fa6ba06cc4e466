//go:build unix

package server

import (
	"bufio"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// startServer serves h through NewServer with limits l, as jihat serve does.
func startServer(t *testing.T, h http.Handler, l Limits) string {
	t.Helper()
	srv := httptest.NewUnstartedServer(h)
	srv.Config = NewServer(h, l)
	srv.Start()
	t.Cleanup(srv.Close)
	return strings.TrimPrefix(srv.URL, "http://")
}

// Hostile request paths, sent as written on the request line: traversal in
// every encoding, NUL bytes, backslashes, absolute paths, very long paths,
// and links and a named pipe inside the output folder. None may show a file
// outside the folder, and none may hang the server.
func TestSecurityHostilePaths(t *testing.T) {
	root, site := newSite(t, true)
	if err := syscall.Mkfifo(filepath.Join(site, "pipe.html"), 0o644); err != nil {
		t.Skipf("cannot make a named pipe here: %v", err)
	}
	symlink(t, "/etc/passwd", filepath.Join(site, "passwd.html"))
	symlink(t, "leak.txt", filepath.Join(site, "chain.txt")) // a link inside, then outside
	h, err := New(site)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = h.Close() })
	for _, live := range []bool{false, true} {
		var handler http.Handler = h
		if live {
			handler = h.WithLiveReload(NewReloader())
		}
		addr := startServer(t, handler, Limits{})
		for _, target := range []string{
			// traversal
			"/../secret.txt",
			"/..%2fsecret.txt",
			"/%2e%2e%2fsecret.txt",
			"/%2E%2E/secret.txt",
			"/.%2e/secret.txt",
			"/%252e%252e/secret.txt",
			"/articles/x/..%2f..%2f..%2fsecret.txt",
			"/%c0%ae%c0%ae/secret.txt",
			"/..;/secret.txt",
			// backslashes, raw and encoded
			`/..\secret.txt`,
			`/..\..\secret.txt`,
			"/..%5csecret.txt",
			"/..%5c..%5csecret.txt",
			// NUL
			"/%00",
			"/index.html%00.css",
			"/..%00/secret.txt",
			"/leak.txt%00",
			// absolute paths
			"//" + strings.TrimPrefix(root, "/") + "/secret.txt",
			"/" + strings.TrimPrefix(root, "/") + "/secret.txt",
			"http://example.test/../secret.txt",
			"http://example.test/%2e%2e/secret.txt",
			"/%2fetc%2fpasswd",
			"//etc/passwd",
			// links inside the output folder leading outside
			"/leak.txt",
			"/leak-abs.html",
			"/leakdir/secret2.txt",
			"/leakdir/",
			"/leakdir/index.html",
			"/passwd.html",
			"/chain.txt",
			// a named pipe: opening it would wait for a writer
			"/pipe.html",
			// very long paths
			"/" + strings.Repeat("a/", 3000),
			"/" + strings.Repeat("%2e%2e/", 2000) + "secret.txt",
			"/" + strings.Repeat("x", 5000),
		} {
			res, body := rawRequest(t, addr, "GET", target)
			if strings.Contains(body, "SECRET") || strings.Contains(body, "root:") {
				t.Errorf("live %v: GET %.60s: served a file outside the site: %q", live, target, body)
			}
			switch res.StatusCode {
			case http.StatusNotFound, http.StatusBadRequest:
			default:
				t.Errorf("live %v: GET %.60s: %d, want 404 or 400", live, target, res.StatusCode)
			}
		}
		// The site is still served, links inside it included.
		if res, body := rawRequest(t, addr, "GET", "/alias.css"); res.StatusCode != 200 || body != cssBody {
			t.Errorf("live %v: GET /alias.css: %d %q", live, res.StatusCode, body)
		}
	}
}

// Request headers beyond MaxHeaderBytes are refused with 431, with the
// default limit and with a small one.
func TestSecurityOversizedHeaders(t *testing.T) {
	h := newHandler(t, true)
	for _, tt := range []struct {
		limits Limits
		size   int
	}{
		{Limits{}, 256 << 10},
		{Limits{MaxHeaderBytes: 1 << 10}, 16 << 10}, // net/http allows 4 KB beyond the limit
	} {
		addr := startServer(t, h, tt.limits)
		conn, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		_ = conn.SetDeadline(time.Now().Add(10 * time.Second))
		go func() {
			// The server may answer and close before all of it is sent.
			_, _ = io.WriteString(conn, "GET / HTTP/1.1\r\nHost: example.test\r\nX-Big: "+strings.Repeat("a", tt.size)+"\r\n\r\n")
		}()
		res, err := http.ReadResponse(bufio.NewReader(conn), nil)
		if err != nil {
			t.Fatalf("header of %d bytes: %v", tt.size, err)
		}
		if res.StatusCode != http.StatusRequestHeaderFieldsTooLarge {
			t.Errorf("header of %d bytes with limit %d: %d, want 431", tt.size, tt.limits.MaxHeaderBytes, res.StatusCode)
		}
		conn.Close()
	}
	// A header under the limit is served.
	addr := startServer(t, h, Limits{})
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(10 * time.Second))
	_, _ = io.WriteString(conn, "GET / HTTP/1.1\r\nHost: example.test\r\nCookie: "+strings.Repeat("a", 8<<10)+"\r\nConnection: close\r\n\r\n")
	if res, err := http.ReadResponse(bufio.NewReader(conn), nil); err != nil || res.StatusCode != 200 {
		t.Errorf("8 KB of cookies: %v %v, want 200", res, err)
	}
}

// closedWithin reports whether the server closes conn within d, reading
// and dropping whatever it sends.
func closedWithin(conn net.Conn, r *bufio.Reader, d time.Duration) error {
	_ = conn.SetReadDeadline(time.Now().Add(d))
	_, err := io.Copy(io.Discard, r)
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return errors.New("still open")
	}
	return nil // EOF or reset: closed
}

// The server closes connections that do nothing: kept alive after a
// response (IdleTimeout), opened without a request (ReadHeaderTimeout), or
// sending its headers a byte at a time.
func TestSecurityIdleConnectionsClosed(t *testing.T) {
	h := newHandler(t, true)
	short := 200 * time.Millisecond
	const bound = 10 * time.Second // generous: the test asserts closing, not speed
	addr := startServer(t, h, Limits{IdleTimeout: short, ReadHeaderTimeout: short, ReadTimeout: time.Second, WriteTimeout: time.Second})

	t.Run("kept alive after a response", func(t *testing.T) {
		conn, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		_ = conn.SetDeadline(time.Now().Add(bound))
		if _, err := io.WriteString(conn, "GET / HTTP/1.1\r\nHost: example.test\r\n\r\n"); err != nil {
			t.Fatal(err)
		}
		r := bufio.NewReader(conn)
		res, err := http.ReadResponse(r, nil)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != 200 || res.Close || string(body) != indexBody {
			t.Fatalf("GET /: %d close=%v %q, want 200 kept alive", res.StatusCode, res.Close, body)
		}
		if err := closedWithin(conn, r, bound); err != nil {
			t.Errorf("an idle kept-alive connection: %v after %v", err, bound)
		}
	})
	t.Run("no request", func(t *testing.T) {
		conn, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		if err := closedWithin(conn, bufio.NewReader(conn), bound); err != nil {
			t.Errorf("a connection without a request: %v after %v", err, bound)
		}
	})
	t.Run("headers a byte at a time", func(t *testing.T) {
		conn, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		stop := make(chan struct{})
		defer close(stop)
		go func() {
			req := "GET / HTTP/1.1\r\nHost: example.test\r\nX-Slow: " + strings.Repeat("a", 1000)
			for i := range len(req) {
				select {
				case <-stop:
					return
				case <-time.After(50 * time.Millisecond):
				}
				if _, err := conn.Write([]byte{req[i]}); err != nil {
					return
				}
			}
		}()
		if err := closedWithin(conn, bufio.NewReader(conn), bound); err != nil {
			t.Errorf("a request whose headers never end: %v after %v", err, bound)
		}
	})
}

// The live-reload stream outlives the server's read and write timeouts:
// an event sent long after them still reaches the browser.
func TestSecurityLiveStreamOutlivesTimeouts(t *testing.T) {
	_, site := newSite(t, true)
	h, err := New(site)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = h.Close() })
	reloader := NewReloader()
	short := 100 * time.Millisecond
	addr := startServer(t, h.WithLiveReload(reloader), Limits{ReadHeaderTimeout: short, ReadTimeout: short, WriteTimeout: short, IdleTimeout: short})
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(30 * time.Second))
	if _, err := io.WriteString(conn, "GET "+LivePrefix+"events HTTP/1.1\r\nHost: example.test\r\n\r\n"); err != nil {
		t.Fatal(err)
	}
	r := bufio.NewReader(conn)
	res, err := http.ReadResponse(r, nil)
	if err != nil {
		t.Fatal(err)
	}
	// Not res.Body.Close, which would read the endless stream to its end.
	body := bufio.NewReader(res.Body)
	if line, err := body.ReadString('\n'); err != nil || line != ": jihat\n" {
		t.Fatalf("stream opened with %q %v", line, err)
	}
	time.Sleep(10 * short) // past every timeout of the server
	reloader.Broadcast(Event{Type: "reload", Page: "/articles/x/"})
	for {
		line, err := body.ReadString('\n')
		if err != nil {
			t.Fatalf("the stream ended before the event: %v", err)
		}
		if strings.HasPrefix(line, "data: ") {
			if want := `data: {"type":"reload","page":"/articles/x/"}` + "\n"; line != want {
				t.Errorf("event %q, want %q", line, want)
			}
			return
		}
	}
}

// NewServer fills the limits left zero with the defaults, and keeps the
// ones given.
func TestNewServerLimits(t *testing.T) {
	d := DefaultLimits()
	srv := NewServer(http.NotFoundHandler(), Limits{IdleTimeout: time.Second})
	if srv.IdleTimeout != time.Second || srv.ReadHeaderTimeout != d.ReadHeaderTimeout || srv.ReadTimeout != d.ReadTimeout ||
		srv.WriteTimeout != d.WriteTimeout || srv.MaxHeaderBytes != d.MaxHeaderBytes {
		t.Errorf("limits %v %v %v %v %d", srv.ReadHeaderTimeout, srv.ReadTimeout, srv.WriteTimeout, srv.IdleTimeout, srv.MaxHeaderBytes)
	}
	for name, v := range map[string]time.Duration{"ReadHeaderTimeout": d.ReadHeaderTimeout, "ReadTimeout": d.ReadTimeout, "WriteTimeout": d.WriteTimeout, "IdleTimeout": d.IdleTimeout} {
		if v <= 0 {
			t.Errorf("default %s is %v: no limit", name, v)
		}
	}
}
