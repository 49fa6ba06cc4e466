// Package jihat is the repository root: the example site, whose layouts/ and
// static/ folders are also the built-in theme embedded in the binary, so a
// site with only content/ builds into a complete site.
package jihat

import "embed"

// Theme holds layouts/ and static/ as the default theme.
//
//go:embed layouts static static/_headers
var Theme embed.FS
