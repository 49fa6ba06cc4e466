package corpus

// rng is SplitMix64, written out here rather than taken from math/rand so
// that a corpus generated from a seed stays byte-identical across Go
// releases: benchmark results are only comparable on the same input.
type rng struct{ s uint64 }

func mix64(z uint64) uint64 {
	z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
	z = (z ^ z>>27) * 0x94d049bb133111eb
	return z ^ z>>31
}

// Independent streams: stream names the use (plan, title, body) and index
// the article, so that articles can be rendered in any order.
const (
	streamPlan = iota + 1
	streamTitle
	streamBody
)

func newRNG(seed uint64, stream, index int) *rng {
	return &rng{s: mix64(seed ^ mix64(uint64(stream)<<48^mix64(uint64(index)+0x632be59bd9b4e019)))}
}

func (r *rng) next() uint64 {
	r.s += 0x9e3779b97f4a7c15
	return mix64(r.s)
}

// intn returns a number in [0, n); n must be positive and below 2^32.
func (r *rng) intn(n int) int {
	return int((r.next() >> 32) * uint64(n) >> 32)
}

// between returns a number in [lo, hi].
func (r *rng) between(lo, hi int) int { return lo + r.intn(hi-lo+1) }

// chance is true with probability p.
func (r *rng) chance(p float64) bool {
	return float64(r.next()>>11)/(1<<53) < p
}

func pick[T any](r *rng, list []T) T { return list[r.intn(len(list))] }

// weighted returns an index drawn with the given weights (all positive).
func (r *rng) weighted(weights []int) int {
	total := 0
	for _, w := range weights {
		total += w
	}
	x := r.intn(total)
	for i, w := range weights {
		if x < w {
			return i
		}
		x -= w
	}
	return len(weights) - 1
}

func shuffle[T any](r *rng, list []T) {
	for i := len(list) - 1; i > 0; i-- {
		j := r.intn(i + 1)
		list[i], list[j] = list[j], list[i]
	}
}
