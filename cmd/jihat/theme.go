package main

import (
	"fmt"
	"io"
)

func runTheme(args []string, stdout, stderr io.Writer) int {
	fmt.Fprintln(stderr, "jihat: not implemented yet")
	return 1
}
