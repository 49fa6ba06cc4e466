// Package parallel runs the iterations of a loop on every core.
package parallel

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// For calls f(0) … f(n-1), spread over GOMAXPROCS goroutines, and returns
// when all calls have. Calls with the same i never overlap; f must be safe
// to call concurrently for different i.
func For(n int, f func(i int)) {
	Workers(n, func() func(i int) { return f })
}

// Workers is For with state kept per goroutine (a buffer, a converter):
// start is called once in each goroutine and returns the function that
// goroutine calls for the indexes it takes.
//
// Indexes are handed out one at a time, in order, to whichever goroutine
// is free: no goroutine waits on another for work (articles differ in
// size tenfold), and none waits for a feeder goroutine to be scheduled.
func Workers(n int, start func() func(i int)) {
	workers := min(n, runtime.GOMAXPROCS(0))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			f := start()
			for {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				f(i)
			}
		}()
	}
	wg.Wait()
}
