// Package parallel runs the iterations of a loop on every core.
package parallel

import (
	"runtime"
	"sync"
)

// For calls f(0) … f(n-1), spread over GOMAXPROCS goroutines, and returns
// when all calls have. Calls with the same i never overlap; f must be safe
// to call concurrently for different i.
func For(n int, f func(i int)) {
	workers := min(n, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < n; i += workers {
				f(i)
			}
		}()
	}
	wg.Wait()
}
