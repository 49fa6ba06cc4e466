package build

import "testing"

func TestMemoryBudget(t *testing.T) {
	for _, tt := range []struct {
		articles int
		want     int64
	}{
		{0, 128 << 20},
		{1_000, 128 << 20},
		{10_000, 48<<20 + 10_000*18<<10}, // 224 MiB: the 10,000-article bench stays under 300 MB
		{50_000, maxMemory},
		{100_000, maxMemory},
	} {
		if got := MemoryBudget(tt.articles); got != tt.want {
			t.Errorf("MemoryBudget(%d) = %d MiB, want %d MiB", tt.articles, got>>20, tt.want>>20)
		}
	}
}
