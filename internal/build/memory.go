package build

import (
	"os"
	"runtime/debug"
)

// The memory policy of jihat build and jihat archive: a build allocates
// many times what it keeps, and a large site must build on a small machine.

// maxMemory bounds a build's memory: past it the collector works harder (a
// build that needs more still gets it, only slower). A 100,000-article site
// builds in under 1 GB with it (peak RSS 889 MiB measured, twice). jihat
// serve keeps a site in memory on purpose and is not limited.
const maxMemory = 880 << 20

// buildGCPercent lets the heap triple before a collection rather than
// double: a cold build allocates many times what it keeps, and at Go's
// default about a seventh of its CPU went to the collector.
const buildGCPercent = 200

// MemoryBudget is the soft memory limit for a site of n articles: about
// two and a half times what a build keeps live (about 7 KB an article at
// 10,000 articles), from 128 MiB up to maxMemory. Under it the collector
// runs rarely; at it, as often as it must, so memory stays in proportion
// to the site.
func MemoryBudget(articles int) int64 {
	return min(max(48<<20+int64(articles)*18<<10, 128<<20), maxMemory)
}

// LimitMemory sets the collector for a build, and returns what sizes the
// memory limit once the articles are counted (build.Options.OnLoad). GOGC
// and GOMEMLIMIT, when set, win.
func LimitMemory() func(articles int) {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(buildGCPercent)
	}
	if os.Getenv("GOMEMLIMIT") != "" {
		return nil
	}
	debug.SetMemoryLimit(maxMemory)
	return func(articles int) { debug.SetMemoryLimit(MemoryBudget(articles)) }
}
