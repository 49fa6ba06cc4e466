package main

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// timeEdits runs jihat serve on the corpus, appends a marker to one article
// at a time and polls its page until the marker is served: the time an
// editor waits after saving.
func timeEdits(bin, src string, edits int) error {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	addr := ln.Addr().String()
	ln.Close()
	cmd := exec.Command(bin, "serve", "--source", src, "--addr", addr)
	cmd.Stdout = os.Stderr // its rebuild lines, for the record
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		return err
	}
	defer stopServe(cmd)
	base := "http://" + addr
	if err := waitServed(base+"/", "", 5*time.Minute); err != nil {
		return err
	}
	fmt.Fprintln(os.Stderr, "jihat-bench: serving, editing")
	articles, err := filepath.Glob(filepath.Join(src, "content", "articles", "2025", "*.md"))
	if err != nil || len(articles) == 0 {
		return fmt.Errorf("no articles to edit in %s", src)
	}
	var times []time.Duration
	for i := range edits {
		file := articles[i%len(articles)]
		orig, err := os.ReadFile(file)
		if err != nil {
			return err
		}
		page := base + "/articles/" + strings.TrimSuffix(filepath.Base(file), ".md") + "/"
		marker := fmt.Sprintf("علامةقياس%d", i) // Arabic: Latin text would be split by <bdi>
		start := time.Now()
		if err := os.WriteFile(file, append(append([]byte{}, orig...), []byte("\n\n"+marker+"\n")...), 0o644); err != nil {
			return err
		}
		if err := waitServed(page, marker, time.Minute); err != nil {
			return err
		}
		times = append(times, time.Since(start))
		if err := os.WriteFile(file, orig, 0o644); err != nil {
			return err
		}
		time.Sleep(100 * time.Millisecond)
		if err := waitServed(page, "", 5*time.Minute); err != nil {
			return err
		}
		for waitServed(page, marker, 0) == nil {
			time.Sleep(20 * time.Millisecond)
		}
	}
	sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
	p95 := times[min(len(times)-1, (len(times)*95+99)/100-1)]
	fmt.Printf("serve, one-article edit to page served (%d edits): median %d ms, 95th percentile %d ms\n\n",
		len(times), times[len(times)/2].Milliseconds(), p95.Milliseconds())
	return nil
}

// stopServe stops jihat serve as Ctrl+C does, so that it removes its
// temporary output folder (gigabytes at 100,000 articles), and kills it if
// it has not stopped within 10 s.
func stopServe(cmd *exec.Cmd) {
	_ = cmd.Process.Signal(os.Interrupt)
	done := make(chan struct{})
	go func() {
		_ = cmd.Wait()
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		_ = cmd.Process.Kill()
		<-done
	}
}

// waitServed polls url until it answers 200 and contains marker; with no
// time to wait it checks once.
func waitServed(url, marker string, wait time.Duration) error {
	deadline := time.Now().Add(wait)
	for {
		res, err := http.Get(url)
		if err == nil {
			body, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if res.StatusCode == http.StatusOK && strings.Contains(string(body), marker) {
				return nil
			}
		}
		if !time.Now().Before(deadline) {
			return fmt.Errorf("%s did not serve %q", url, marker)
		}
		time.Sleep(5 * time.Millisecond)
	}
}
