package search_test

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"

	"github.com/jihat/jihat/internal/search"
)

// corpus is a synthetic archive for measuring Write: Zipf-distributed words
// over a vocabulary of a real archive's size, a region and a facility type
// per article, so the postings have the shape of a real index.
type corpus struct {
	builder *search.Builder
	docs    []search.Doc
	facets  map[string][]search.Facet
}

var (
	corpora   = map[int]*corpus{}
	corporaMu sync.Mutex
)

// corpusOf makes (once per size) an analysed archive of n articles.
func corpusOf(n int) *corpus {
	corporaMu.Lock()
	defer corporaMu.Unlock()
	if c := corpora[n]; c != nil {
		return c
	}
	rng := rand.New(rand.NewPCG(1, uint64(n)))
	letters := []rune("ابتثجحخدذرزسشصضطظعغفقكلمنهوي")
	vocab := make([]string, 40000)
	for i := range vocab {
		w := make([]rune, 3+rng.IntN(6))
		for j := range w {
			w[j] = letters[rng.IntN(len(letters))]
		}
		vocab[i] = string(w)
	}
	zipf := rand.NewZipf(rand.New(rand.NewPCG(2, uint64(n))), 1.1, 8, uint64(len(vocab)-1))
	text := func(words int) string {
		var sb strings.Builder
		for range words {
			sb.WriteString(vocab[zipf.Uint64()])
			sb.WriteByte(' ')
		}
		return sb.String()
	}
	c := &corpus{builder: search.NewBuilder(&search.DefaultRules), facets: map[string][]search.Facet{}}
	for r := range 12 {
		c.facets["regions"] = append(c.facets["regions"], search.Facet{Key: fmt.Sprint("region-", r), Name: vocab[r]})
	}
	for f := range 32 {
		c.facets["facilities"] = append(c.facets["facilities"], search.Facet{Key: fmt.Sprint("type-", f), Name: vocab[100+f]})
	}
	for i := range n {
		key := fmt.Sprintf("/articles/a-%d/", i)
		f := search.Fields{Title: text(8), Places: text(4), Summary: text(25), Body: text(350)}
		c.builder.Add(key, f)
		c.docs = append(c.docs, search.Doc{
			Key: key, Title: f.Title, Date: "5 فبراير 2024", Places: f.Places, Excerpt: f.Summary,
			Filters: []string{fmt.Sprint("r:region-", i%12), fmt.Sprint("f:type-", i%32)},
		})
	}
	corpora[n] = c
	return c
}

// BenchmarkWrite lays out the index of a synthetic archive, files kept in
// memory only: the cost of Write itself, not of the disk.
func BenchmarkWrite(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			c := corpusOf(n)
			var bytes int
			for b.Loop() {
				bytes = 0
				if _, err := c.builder.Write(c.docs, c.facets, search.Options{}, func(name string, data []byte) error {
					bytes += len(data)
					return nil
				}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(bytes)/1e6, "MB/index")
		})
	}
}
