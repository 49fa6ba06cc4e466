package content

import (
	_ "embed"
	"time"
)

// casablancaTZif is IANA's Africa/Casablanca (tzdata 2025c, from Go's
// lib/time/zoneinfo.zip). It is embedded rather than read from the system
// so that the same files give the same dates on every machine, Netlify's
// and an editor's Windows laptop alike: Morocco moves its clocks around
// Ramadan, and an older system zone file would place those weeks
// differently. Update it with Go's zoneinfo.zip when Morocco changes its
// rules.
//
//go:embed zoneinfo/Africa-Casablanca.tzif
var casablancaTZif []byte

// Morocco is the time zone of dates written without an offset: the sites
// are Moroccan, and so are their editors' clocks.
var Morocco = mustZone("Africa/Casablanca", casablancaTZif)

func mustZone(name string, data []byte) *time.Location {
	loc, err := time.LoadLocationFromTZData(name, data)
	if err != nil {
		panic("embedded time zone " + name + ": " + err.Error()) // the embedded file, never user input
	}
	return loc
}
