package main

import (
	"context"
	"errors"
	"flag"
	"io"
	"net"
	"os"
	"os/signal"
	"syscall"

	"github.com/jihat/jihat/internal/server"
)

// runPreview serves a built site as the CDN will, to check it before a
// deploy: nothing is built or reloaded.
func runPreview(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("preview", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dir := fs.String("destination", "public", "the built site's folder (jihat build's --destination)")
	addr := fs.String("addr", "127.0.0.1:4173", "address to listen on (loopback unless told otherwise)")
	if code, ok := parseFlags(fs, args, stdout); !ok {
		return code
	}
	words := editorLanguage(".", stderr)
	h, err := server.NewPreview(*dir)
	if err != nil {
		report(stderr, words, err)
		return 1
	}
	defer h.Close()
	ln, err := net.Listen("tcp", *addr)
	if errors.Is(err, syscall.EADDRINUSE) {
		say(stderr, words, "cannot listen on %s: the address is in use: choose another port with --addr, e.g. --addr 127.0.0.1:4174", *addr)
		return 1
	}
	if err != nil {
		say(stderr, words, "cannot listen on %s: %v", *addr, err)
		return 1
	}
	say(stdout, words, "serving %s at http://%s/ as the CDN will: its _headers, its 404 page, no rebuild (Ctrl+C to stop)", *dir, ln.Addr())
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := server.Preview(ctx, ln, h); err != nil {
		say(stderr, words, "%v", err)
		return 1
	}
	return 0
}
