// Command jihat-bench measures jihat build on generated sites, compares it
// with Hugo building the same articles, and measures the size of the search
// index and of a query's download:
//
//	go run ./cmd/jihat-bench -n 1000,10000,100000 [-warm] [-dir /tmp/jihat-bench]
//	    [-jihat BINARY] [-hugo BINARY|""] [-hugo-max N] [-serve-edits N]
//
// For each size it generates the corpus with internal/corpus (same seed,
// same bytes on every run), runs `jihat build` as a child process and
// reads its wall time, CPU time and peak RSS from the kernel, then walks
// the output for pages, files and bytes. With -warm it builds a second
// time with nothing changed, into the same destination. If Hugo is
// installed it builds the same corpus with the equivalent Hugo site kept
// in hugo/ (see hugo/README.md), measured the same way, and prints
// jihat's figures over Hugo's. Then it replays typical searches over the
// index jihat wrote, and with -serve-edits times edits under jihat serve.
package main

import (
	"cmp"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
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

// options are the command line's.
type options struct {
	sizes []int
	dir   string
	jihat string // prebuilt binary, "" to build ./cmd/jihat
	hugo  string // Hugo binary or name on PATH, "" to skip Hugo
	// hugoMax skips Hugo above this many articles (0: never): its related
	// articles cost grows with the square of the site (hugo/README.md).
	hugoMax int
	warm    bool
	edits   int
	runs    int // cold builds per size; the median is reported
}

func main() {
	var o options
	sizes := flag.String("n", "1000,10000", "comma-separated article counts")
	flag.StringVar(&o.dir, "dir", filepath.Join(os.TempDir(), "jihat-bench"), "work folder for corpora and builds")
	flag.StringVar(&o.jihat, "jihat", "", "jihat binary to measure (default: go build ./cmd/jihat from the current folder)")
	flag.StringVar(&o.hugo, "hugo", "hugo", `Hugo binary to compare with ("" to skip Hugo)`)
	flag.IntVar(&o.hugoMax, "hugo-max", 0, "skip Hugo for corpora above this many articles (0: no limit; Hugo needs about a minute at 10,000 on 2 cores, far more at 100,000)")
	flag.BoolVar(&o.warm, "warm", false, "build with jihat a second time, nothing changed, into the same destination, and report it separately")
	flag.IntVar(&o.runs, "runs", 1, "cold jihat builds per size, each from nothing; the one of median time is reported (this machine's disk varies from run to run)")
	flag.IntVar(&o.edits, "serve-edits", 0, "also time this many one-article edits under jihat serve, from the write to the new page being served")
	flag.Parse()
	for _, field := range strings.Split(*sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(field))
		if err != nil || n < 1 {
			fmt.Fprintf(os.Stderr, "jihat-bench: bad -n %q\n", field)
			os.Exit(2)
		}
		o.sizes = append(o.sizes, n)
	}
	if err := run(o); err != nil {
		fmt.Fprintln(os.Stderr, "jihat-bench:", err)
		os.Exit(1)
	}
}

func run(o options) error {
	dir, err := filepath.Abs(o.dir)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	bin := o.jihat
	if bin == "" {
		bin = filepath.Join(dir, "jihat")
		if out, err := exec.Command("go", "build", "-o", bin, "./cmd/jihat").CombinedOutput(); err != nil {
			return fmt.Errorf("go build: %v\n%s", err, out)
		}
	}
	// A jihat that keeps a build cache is told where, so that the cold
	// build can start without one; an older jihat has no --cache flag.
	cacheFlag := hasFlag(bin, "build", "cache")

	hugo := ""
	if o.hugo != "" {
		if path, err := exec.LookPath(o.hugo); err != nil {
			fmt.Printf("Hugo comparison skipped: %s not found (install it with `apt-get install hugo`, or pass -hugo PATH).\n\n", o.hugo)
		} else if v, err := hugoVersion(path); err != nil {
			fmt.Printf("Hugo comparison skipped: %s version: %v\n\n", path, err)
		} else {
			hugo = path
			fmt.Printf("Hugo: %s\n\n", v)
		}
	}

	for _, n := range o.sizes {
		src := filepath.Join(dir, fmt.Sprintf("corpus-%d", n))
		st, err := corpus.Generate(corpus.Options{Dir: src, N: n, Seed: 1})
		if err != nil {
			return err
		}
		fmt.Printf("## %d articles (%s)\n\n", n, st)

		out := filepath.Join(dir, fmt.Sprintf("public-%d", n))
		cache := filepath.Join(dir, fmt.Sprintf("jihat-cache-%d", n))
		args := []string{"build", "--source", src, "--destination", out}
		if cacheFlag {
			args = append(args, "--cache", cache)
		}
		// Cold: no previous output, no cache.
		var colds []*measurement
		for range max(1, o.runs) {
			if err := removeAll(out, cache); err != nil {
				return err
			}
			m, err := timeBuild("jihat cold", exec.Command(bin, args...), out)
			if err != nil {
				return err
			}
			colds = append(colds, m)
		}
		cold := median(colds)
		var rows []*measurement
		rows = append(rows, cold)
		if o.warm {
			warm, err := timeBuild("jihat warm (nothing changed)", exec.Command(bin, args...), out)
			if err != nil {
				return err
			}
			rows = append(rows, warm)
		}
		var hugoRow *measurement
		if hugo != "" && o.hugoMax > 0 && n > o.hugoMax {
			fmt.Printf("Hugo skipped: %d articles is above -hugo-max %d.\n\n", n, o.hugoMax)
		} else if hugo != "" {
			if hugoRow, err = timeHugo(hugo, dir, src, n); err != nil {
				return err
			}
			rows = append(rows, hugoRow)
		}
		printTable(rows)
		for _, m := range rows {
			if m.Stdout != "" {
				fmt.Printf("%s: %s\n", m.Name, m.Stdout)
			}
		}
		fmt.Println()
		if hugoRow != nil {
			printRatio(cold, hugoRow)
		}

		index, err := walkOutput(filepath.Join(out, search.Dir), time.Time{})
		if err != nil {
			return err
		}
		fmt.Printf("search index: %d files, %.1f MB\n\n", index.Files, float64(index.Bytes)/1e6)
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
		if o.edits > 0 {
			if err := timeEdits(bin, src, o.edits); err != nil {
				return err
			}
		}
	}
	return nil
}

// median is the measurement of median wall time; with several, its name
// says of how many and their range.
func median(ms []*measurement) *measurement {
	sorted := slices.Clone(ms)
	slices.SortFunc(sorted, func(a, b *measurement) int { return cmp.Compare(a.Wall, b.Wall) })
	m := sorted[len(sorted)/2]
	if len(sorted) > 1 {
		m.Name = fmt.Sprintf("%s (median of %d, %.2f–%.2f s)", m.Name, len(sorted), sorted[0].Wall.Seconds(), sorted[len(sorted)-1].Wall.Seconds())
	}
	return m
}

// timeHugo builds the corpus in src with the Hugo site into a fresh
// destination (Hugo never removes stale files, and jihat's cold build
// starts from nothing too).
func timeHugo(hugo, dir, src string, n int) (*measurement, error) {
	project := filepath.Join(dir, fmt.Sprintf("hugo-site-%d", n))
	out := filepath.Join(dir, fmt.Sprintf("hugo-public-%d", n))
	hugoCache := filepath.Join(dir, "hugo-cache")
	if err := prepareHugo(project, src); err != nil {
		return nil, fmt.Errorf("preparing the Hugo site: %w", err)
	}
	if err := removeAll(out); err != nil {
		return nil, err
	}
	cmd := exec.Command(hugo, "--source", project, "--destination", out, "--cacheDir", hugoCache, "--quiet")
	return timeBuild("hugo", cmd, out)
}

// hasFlag reports whether `bin cmd -h` lists -flag.
func hasFlag(bin, cmd, flag string) bool {
	out, _ := exec.Command(bin, cmd, "-h").CombinedOutput() // -h exits 2
	for _, line := range strings.Split(string(out), "\n") {
		if f := strings.Fields(line); len(f) > 0 && f[0] == "-"+flag {
			return true
		}
	}
	return false
}

func removeAll(dirs ...string) error {
	var errs []error
	for _, d := range dirs {
		errs = append(errs, os.RemoveAll(d))
	}
	return errors.Join(errs...)
}
