package parallel

import (
	"runtime"
	"sync/atomic"
	"testing"
)

func TestForCallsEachIndexOnce(t *testing.T) {
	for _, n := range []int{0, 1, 2, 3, 17, 1000} {
		calls := make([]atomic.Int32, n)
		For(n, func(i int) { calls[i].Add(1) })
		for i := range calls {
			if c := calls[i].Load(); c != 1 {
				t.Errorf("n=%d: f(%d) called %d times", n, i, c)
			}
		}
	}
}

func TestWorkersStartOncePerGoroutine(t *testing.T) {
	for _, n := range []int{0, 1, 2, 3, 17, 1000} {
		var starts atomic.Int32
		calls := make([]atomic.Int32, n)
		Workers(n, func() func(int) {
			starts.Add(1)
			// State of its own: two goroutines never share it.
			var mine []int
			return func(i int) {
				mine = append(mine, i)
				calls[i].Add(1)
			}
		})
		for i := range calls {
			if c := calls[i].Load(); c != 1 {
				t.Errorf("n=%d: f(%d) called %d times", n, i, c)
			}
		}
		if s, want := int(starts.Load()), min(n, runtime.GOMAXPROCS(0)); s != want {
			t.Errorf("n=%d: start called %d times, want once per goroutine (%d)", n, s, want)
		}
	}
}
