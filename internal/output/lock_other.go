//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package output

import "os"

// tryLock cannot tell a running build's staging folder from a dead one's
// here: every one found is taken as left behind.
func tryLock(*os.File) (bool, error) { return true, nil }
