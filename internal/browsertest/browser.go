// Package browsertest starts headless Chromium for the tests whose client is
// a browser. Without Chromium those tests skip with a visible message; with
// JIHAT_REQUIRE_BROWSER=1 (set by CI) a missing browser fails them instead.
package browsertest

import (
	"context"
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// Chromium returns a browser context for t, cancelled when the test ends.
func Chromium(t *testing.T) context.Context {
	t.Helper()
	path := ""
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "headless-shell"} {
		if p, err := exec.LookPath(name); err == nil {
			path = p
			break
		}
	}
	if path == "" {
		if os.Getenv("JIHAT_REQUIRE_BROWSER") != "" {
			t.Fatal("Chromium is required (JIHAT_REQUIRE_BROWSER is set) but not installed: apt-get install chromium")
		}
		t.Skip("SKIPPED: browser test needs Chromium (apt-get install chromium); .ci/run installs it")
	}
	// Not t.TempDir: Chromium's helper processes may still be writing to
	// the profile for a moment after the browser exits, which would fail
	// the test in its cleanup.
	profile, err := os.MkdirTemp("", "jihat-chromium-")
	if err != nil {
		t.Fatal(err)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.UserDataDir(profile),
		chromedp.NoSandbox, // CI runs as root
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("lang", "ar"),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(allocCtx)
	ctx, cancelTimeout := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(func() {
		cancelTimeout()
		cancelCtx()
		cancelAlloc()
		for range 20 {
			if os.RemoveAll(profile) == nil {
				return
			}
			time.Sleep(50 * time.Millisecond)
		}
	})
	if err := chromedp.Run(ctx); err != nil {
		t.Fatalf("start Chromium at %s: %v", path, err)
	}
	return ctx
}
