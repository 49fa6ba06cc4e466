package search

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/profiler"
	"github.com/chromedp/cdproto/tracing"
	"github.com/chromedp/chromedp"

	"github.com/jihat/jihat/internal/browsertest"
)

// TestTypingLongTasks measures, in Chromium, the longest task of the
// search page's main thread while queries are typed into it letter by
// letter on a built site: the figure of BENCHMARKS.md, "Search while
// typing". It runs only when JIHAT_TYPING_SITE names a built site folder:
//
//	go run ./cmd/jihat-corpus -n 10000 -o /dev/shm/c10k
//	go run ./cmd/jihat build --source /dev/shm/c10k --destination /dev/shm/c10k-public
//	JIHAT_TYPING_SITE=/dev/shm/c10k-public go test ./internal/search -run TestTypingLongTasks -v
//
// JIHAT_TYPING_CPU=4 slows the CPU four times (as Lighthouse's phone).
// The longest task is the longest RunTask of the renderer's main thread in
// a performance trace, from the first key to the last result; the test
// fails if one is over 50 ms.
func TestTypingLongTasks(t *testing.T) {
	site := os.Getenv("JIHAT_TYPING_SITE")
	if site == "" {
		t.Skip("set JIHAT_TYPING_SITE to a built site folder to measure typing on its search page")
	}
	slow, _ := strconv.ParseFloat(os.Getenv("JIHAT_TYPING_CPU"), 64)
	ctx := browsertest.Chromium(t)
	srv := httptest.NewServer(http.FileServer(http.Dir(site)))
	defer srv.Close()
	if slow > 1 {
		if err := chromedp.Run(ctx, emulation.SetCPUThrottlingRate(slow)); err != nil {
			t.Fatal(err)
		}
	}

	var mu sync.Mutex
	var events []traceEvent
	done := make(chan struct{}, 1)
	chromedp.ListenTarget(ctx, func(ev any) {
		switch e := ev.(type) {
		case *tracing.EventDataCollected:
			mu.Lock()
			for _, v := range e.Value {
				var te traceEvent
				if json.Unmarshal(v, &te) == nil {
					events = append(events, te)
				}
			}
			mu.Unlock()
		case *tracing.EventTracingComplete:
			select {
			case done <- struct{}{}:
			default:
			}
		}
	})

	worst := 0.0
	for _, query := range []string{"دار الطالبة", "مركز حماية الطفولة", "التعاون الوطني", "الأشخاص في وضعية إعاقة", "Entraide nationale"} {
		mu.Lock()
		events = nil
		mu.Unlock()
		var results string
		err := chromedp.Run(ctx,
			chromedp.Navigate(srv.URL+"/search/"),
			chromedp.WaitVisible(`#q`, chromedp.ByQuery),
			chromedp.Poll(`!document.getElementById('search-form').hidden`, nil, chromedp.WithPollingTimeout(20*time.Second)),
			tracing.Start().WithTransferMode(tracing.TransferModeReportEvents).WithTraceConfig(&tracing.TraceConfig{
				IncludedCategories: []string{"toplevel", "devtools.timeline", "__metadata"},
			}),
			chromedp.Focus(`#q`, chromedp.ByQuery),
		)
		if err != nil {
			t.Fatal(err)
		}
		profiling := os.Getenv("JIHAT_TYPING_PROFILE") != ""
		if profiling {
			if err := chromedp.Run(ctx, profiler.Enable(), profiler.SetSamplingInterval(100), profiler.Start()); err != nil {
				t.Fatal(err)
			}
		}
		start := time.Now()
		for _, r := range query {
			// About five letters a second.
			if err := chromedp.Run(ctx, chromedp.SendKeys(`#q`, string(r), chromedp.ByQuery), chromedp.Sleep(200*time.Millisecond)); err != nil {
				t.Fatal(err)
			}
		}
		err = chromedp.Run(ctx,
			chromedp.Poll(`document.querySelectorAll('#search-results li').length > 0`, nil, chromedp.WithPollingTimeout(20*time.Second)),
			chromedp.Sleep(500*time.Millisecond),
			chromedp.Evaluate(`document.getElementById('search-status').textContent`, &results),
			tracing.End(),
		)
		if err != nil {
			t.Fatal(err)
		}
		if profiling {
			var prof *profiler.Profile
			if err := chromedp.Run(ctx, chromedp.ActionFunc(func(ctx context.Context) (err error) {
				prof, err = profiler.Stop().Do(ctx)
				return err
			})); err != nil {
				t.Fatal(err)
			}
			logProfile(t, prof)
		}
		select {
		case <-done:
		case <-time.After(20 * time.Second):
			t.Fatal("the trace did not complete")
		}
		mu.Lock()
		longest, cpu, n, over := longestTasks(events)
		if os.Getenv("JIHAT_TYPING_DEBUG") != "" {
			logLongest(t, events)
		}
		mu.Unlock()
		worst = max(worst, longest)
		t.Logf("%q typed in %.1f s (%s): %d main-thread tasks, longest %.1f ms (%.1f ms of CPU), %d over 50 ms", query, time.Since(start).Seconds(), results, n, longest, cpu, over)
	}
	t.Logf("longest main-thread task while typing: %.1f ms (CPU slowdown %v)", worst, max(slow, 1))
	if worst > 50 {
		t.Errorf("a task of %.1f ms: over 50 ms", worst)
	}
}

type traceEvent struct {
	Name string          `json:"name"`
	Ph   string          `json:"ph"`
	Ts   float64         `json:"ts"`   // µs
	Dur  float64         `json:"dur"`  // µs
	Tdur float64         `json:"tdur"` // µs of the thread's CPU time
	Pid  int             `json:"pid"`
	Tid  int             `json:"tid"`
	Args json.RawMessage `json:"args"`
}

// longestTasks returns the longest top-level task (ms) of the threads named
// CrRendererMain, its CPU time (ms; less than its duration when the
// thread waited for a core), the number of tasks and how many are over
// 50 ms.
func longestTasks(events []traceEvent) (longest, cpu float64, n, over int) {
	main := map[[2]int]bool{}
	for _, e := range events {
		if e.Ph == "M" && e.Name == "thread_name" {
			var a struct {
				Name string `json:"name"`
			}
			if json.Unmarshal(e.Args, &a) == nil && a.Name == "CrRendererMain" {
				main[[2]int{e.Pid, e.Tid}] = true
			}
		}
	}
	for _, e := range events {
		// Chromium names a top-level task RunTask or, lately,
		// ThreadControllerImpl::RunTask (as Lighthouse reads them).
		if (e.Name == "RunTask" || e.Name == "ThreadControllerImpl::RunTask") && e.Ph == "X" && main[[2]int{e.Pid, e.Tid}] {
			n++
			ms := e.Dur / 1000
			if ms > longest {
				longest, cpu = ms, e.Tdur/1000
			}
			if ms > 50 {
				over++
			}
		}
	}
	return longest, cpu, n, over
}

// logLongest logs what the longest tasks of the main thread were made of:
// the events inside each that took over 2 ms.
func logLongest(t *testing.T, events []traceEvent) {
	var tasks []traceEvent
	for _, e := range events {
		if (e.Name == "RunTask" || e.Name == "ThreadControllerImpl::RunTask") && e.Ph == "X" && e.Dur > 30000 {
			tasks = append(tasks, e)
		}
	}
	slices.SortFunc(tasks, func(a, b traceEvent) int { return cmp.Compare(b.Dur, a.Dur) })
	for _, task := range tasks[:min(len(tasks), 4)] {
		t.Logf("task %.1f ms, %.1f ms of CPU", task.Dur/1000, task.Tdur/1000)
		for _, e := range events {
			if e.Pid == task.Pid && e.Tid == task.Tid && e.Ph == "X" && e.Ts >= task.Ts && e.Ts+e.Dur <= task.Ts+task.Dur && e.Dur > 2000 && e.Name != task.Name {
				args := string(e.Args)
				t.Logf("  %.1f ms (CPU %.1f) at +%.1f %s %s", e.Dur/1000, e.Tdur/1000, (e.Ts-task.Ts)/1000, e.Name, args[:min(len(args), 120)])
			}
		}
	}
}

// logProfile logs the functions that took the most samples of a CPU
// profile (JIHAT_TYPING_PROFILE; build the site with --minify=false to
// read the names).
func logProfile(t *testing.T, p *profiler.Profile) {
	self := map[string]int64{}
	for _, n := range p.Nodes {
		f := n.CallFrame
		self[fmt.Sprintf("%s %s:%d", f.FunctionName, f.URL[strings.LastIndexByte(f.URL, '/')+1:], f.LineNumber+1)] += n.HitCount
	}
	names := slices.Collect(maps.Keys(self))
	slices.SortFunc(names, func(a, b string) int { return cmp.Compare(self[b], self[a]) })
	for _, name := range names[:min(len(names), 12)] {
		t.Logf("  profile: %5.1f ms %s", float64(self[name])*0.1, name)
	}
}
