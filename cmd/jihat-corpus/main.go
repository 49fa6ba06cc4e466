// Command jihat-corpus writes a benchmark site of generated Arabic news
// articles, to measure jihat build on 1,000 to 100,000 articles:
//
//	go run ./cmd/jihat-corpus -n 10000 -o /tmp/corpus10k [-seed 1]
//	go run ./cmd/jihat build --source /tmp/corpus10k --destination /tmp/corpus10k-out
//
// The same flags always write the same bytes. See internal/corpus.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/jihat/jihat/internal/corpus"
)

func main() {
	fs := flag.NewFlagSet("jihat-corpus", flag.ExitOnError)
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "Usage: jihat-corpus -n ARTICLES -o DIR [-seed N] [-workers N]")
		fs.PrintDefaults()
	}
	n := fs.Int("n", 1000, "number of articles")
	dir := fs.String("o", "", "site folder to write (new, empty, or a previous corpus, which is replaced)")
	seed := fs.Uint64("seed", 1, "random seed; the same seed and -n give the same site")
	workers := fs.Int("workers", 0, "parallel file writers (0: one per CPU); does not change the output")
	fs.Parse(os.Args[1:])
	if *dir == "" || fs.NArg() > 0 {
		fs.Usage()
		os.Exit(2)
	}
	st, err := corpus.Generate(corpus.Options{Dir: *dir, N: *n, Seed: *seed, Workers: *workers})
	if err != nil {
		fmt.Fprintln(os.Stderr, "jihat-corpus:", err)
		os.Exit(1)
	}
	fmt.Printf("jihat-corpus: wrote %s into %s\n", st, *dir)
}
