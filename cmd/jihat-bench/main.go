// Command jihat-bench measures jihat build on generated sites and the size
// of the search index and of a query's download:
//
//	go run ./cmd/jihat-bench -n 1000,10000 [-dir /tmp/jihat-bench]
//
// It builds the jihat binary, generates each corpus with internal/corpus
// (kept between runs: same seed, same bytes), runs `jihat build` as a child
// process and reads its wall time, CPU time and peak RSS from the kernel,
// then replays typical searches over the index it wrote.
package main

import (
	"flag"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/jihat/jihat/internal/corpus"
	"github.com/jihat/jihat/internal/search"
)

// queries are what readers type: place names, kinds of centre, programmes,
// with and without the article, plus a filtered search.
var queries = []struct {
	q       string
	filters []string
}{
	{"دار الطالبة", nil},
	{"مركز حماية الطفولة", nil},
	{"تارودانت", nil},
	{"الأشخاص في وضعية إعاقة", nil},
	{"التعاون الوطني", nil},
	{"تمكين النساء", []string{"r:souss-massa"}},
	{"Entraide Nationale", nil},
	{"", []string{"f:dar-taliba", "r:oriental"}},
}

func main() {
	sizes := flag.String("n", "1000,10000", "comma-separated article counts")
	dir := flag.String("dir", filepath.Join(os.TempDir(), "jihat-bench"), "work folder for corpora and builds")
	edits := flag.Int("serve-edits", 0, "also time this many one-article edits under jihat serve, from the write to the new page being served")
	flag.Parse()
	if err := run(*sizes, *dir, *edits); err != nil {
		fmt.Fprintln(os.Stderr, "jihat-bench:", err)
		os.Exit(1)
	}
}

func run(sizes, dir string, edits int) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	bin := filepath.Join(dir, "jihat")
	if out, err := exec.Command("go", "build", "-o", bin, "./cmd/jihat").CombinedOutput(); err != nil {
		return fmt.Errorf("go build: %v\n%s", err, out)
	}
	for _, field := range strings.Split(sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(field))
		if err != nil {
			return fmt.Errorf("bad -n %q", field)
		}
		src := filepath.Join(dir, fmt.Sprintf("corpus-%d", n))
		st, err := corpus.Generate(corpus.Options{Dir: src, N: n, Seed: 1})
		if err != nil {
			return err
		}
		fmt.Printf("## %d articles (%s)\n\n", n, st)
		out := filepath.Join(dir, fmt.Sprintf("public-%d", n))
		cmd := exec.Command(bin, "build", "--source", src, "--destination", out)
		cmd.Stderr = os.Stderr
		start := time.Now()
		summary, err := cmd.Output()
		wall := time.Since(start)
		if err != nil {
			return fmt.Errorf("jihat build: %v", err)
		}
		ru := cmd.ProcessState.SysUsage().(*syscall.Rusage)
		cpu := time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
		fmt.Printf("build: wall %.2f s, CPU %.2f s, peak RSS %d MB\n%s\n", wall.Seconds(), cpu.Seconds(), ru.Maxrss/1024, strings.TrimSpace(string(summary)))

		files, bytes, err := dirSize(filepath.Join(out, search.Dir))
		if err != nil {
			return err
		}
		fmt.Printf("search index: %d files, %.1f MB\n\n", files, float64(bytes)/1e6)
		fmt.Println("| query | filters | results | files loaded | KB loaded | KB gzip |")
		fmt.Println("| --- | --- | --- | --- | --- | --- |")
		fsys := os.DirFS(out)
		for _, q := range queries {
			p, err := search.QueryPayload(fsys, q.q, q.filters)
			if err != nil {
				return err
			}
			fmt.Printf("| %s | %s | %d | %d | %.1f | %.1f |\n", q.q, strings.Join(q.filters, " "), p.Results, len(p.Files), float64(p.Bytes)/1024, float64(p.Gzip)/1024)
		}
		fmt.Println()
		if edits > 0 {
			if err := timeEdits(bin, src, edits); err != nil {
				return err
			}
		}
	}
	return nil
}

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
	defer cmd.Process.Kill()
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

func dirSize(dir string) (int, int64, error) {
	var files int
	var total int64
	err := filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		files++
		total += info.Size()
		return nil
	})
	return files, total, err
}
