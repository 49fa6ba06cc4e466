package main

import (
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/jihat/jihat"
	"github.com/jihat/jihat/internal/scaffold"
)

func runTheme(args []string, stdout, stderr io.Writer) int {
	const usageTheme = "Usage: jihat theme export [--source DIR] [--force] [DIR]\n\nCopies the built-in theme's layouts/ and static/ into DIR (default: the site folder), to edit them.\n"
	if len(args) > 0 && askedForHelp(args[:1]) {
		fmt.Fprint(stdout, usageTheme)
		return 0
	}
	if len(args) == 0 || args[0] != "export" {
		fmt.Fprint(stderr, usageTheme)
		if len(args) == 0 {
			return 2
		}
		fmt.Fprintf(stderr, "jihat theme: unknown command %q\n", args[0])
		return 2
	}
	fs := flag.NewFlagSet("theme export", flag.ContinueOnError)
	fs.SetOutput(stderr)
	source := fs.String("source", ".", "site folder, where the theme goes when no DIR is given")
	force := fs.Bool("force", false, "replace files of the same name already there (others are left alone)")
	fs.Usage = func() { fmt.Fprint(fs.Output(), usageTheme); fs.PrintDefaults() }
	if askedForHelp(args[1:]) {
		fs.SetOutput(stdout)
		fs.Usage()
		return 0
	}
	if err := parseInterspersed(fs, args[1:]); err != nil {
		return 2
	}
	dir := *source
	switch fs.NArg() {
	case 0:
	case 1:
		dir = fs.Arg(0)
	default:
		fmt.Fprintf(stderr, "jihat theme export: one folder at most, got %d: %s\n", fs.NArg(), strings.Join(fs.Args(), " "))
		return 2
	}
	written, err := scaffold.ExportTheme(jihat.Theme, dir, *force)
	if err != nil {
		fmt.Fprintln(stderr, "jihat theme export:", err)
		return 1
	}
	fmt.Fprintf(stdout, "jihat: copied the built-in theme into %s: %d files in layouts/ and static/.\n", dir, len(written))
	fmt.Fprintln(stdout, "A site's own layouts/ and static/ files replace the built-in ones of the same name: edit them there,")
	fmt.Fprintln(stdout, "and delete those you do not change, so that they follow the built-in theme when Jihat is updated.")
	return 0
}
