package arabic

import (
	"math/rand/v2"
	"slices"
	"testing"
	"unicode"
	"unicode/utf8"
)

// latinRunsByDefinition is LatinRuns without its fast paths.
func latinRunsByDefinition(s string) [][2]int {
	var runs [][2]int
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if !unicode.Is(unicode.Latin, r) {
			i += size
			continue
		}
		start, end := i, i+size
		for j := end; j < len(s); {
			r, size := utf8.DecodeRuneInString(s[j:])
			if unicode.Is(unicode.Latin, r) {
				j += size
				end = j
				continue
			}
			if isLatinJoiner(r) {
				j += size
				continue
			}
			break
		}
		runs = append(runs, [2]int{start, end})
		i = end
	}
	return runs
}

// The fast paths must not change a single run, whatever the mix of
// scripts, broken UTF-8 included.
func TestLatinRunsFastPathsAgree(t *testing.T) {
	pieces := []string{"جهة", " ", "INDH", "Souss-Massa", "é", "ß", "١٢", "12", ".", "-", "’", "\u200f", "ﻻ", "\xd8", "\xff", "Ω", "ñ", "پ", "\u0600", "\u06ff", "\u0750"}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		var s string
		for range rng.IntN(12) {
			s += pieces[rng.IntN(len(pieces))]
		}
		if got, want := LatinRuns(s), latinRunsByDefinition(s); !slices.Equal(got, want) {
			t.Fatalf("LatinRuns(%q) = %v, want %v", s, got, want)
		}
	}
}

func FuzzLatinRuns(f *testing.F) {
	f.Add("زيارة INDH إلى Souss-Massa")
	f.Fuzz(func(t *testing.T, s string) {
		want := latinRunsByDefinition(s)
		if got := LatinRuns(s); !slices.Equal(got, want) {
			t.Fatalf("LatinRuns(%q) = %v, want %v", s, got, want)
		}
		if got := LatinRunsBytes([]byte(s)); !slices.Equal(got, want) {
			t.Fatalf("LatinRunsBytes(%q) = %v, want %v", s, got, want)
		}
	})
}
