package main

import (
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/jihat/jihat/internal/scaffold"
)

// about says what each file of a new site is for, in init's report.
var about = map[string]string{
	".gitignore":   "keeps what Jihat makes (public/, .jihat-cache/, zips) out of git",
	"netlify.toml": "deploys the site on Netlify",
	"site.toml":    "the site's settings, each shown with its default",
}

func runInit(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("init", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "Usage: jihat init [DIR]\n\nMakes a new site in DIR (default: the current folder), which must be empty or missing.")
	}
	if code, ok := parseFlags(fs, args, stdout); !ok {
		return code
	}
	if fs.NArg() > 1 {
		fmt.Fprintf(stderr, "jihat init: one folder at most, got %d: %s\n", fs.NArg(), strings.Join(fs.Args(), " "))
		return 2
	}
	dir := "."
	if fs.NArg() == 1 {
		dir = fs.Arg(0)
	}
	v := version()
	written, err := scaffold.Init(dir, v)
	if err != nil {
		fmt.Fprintln(stderr, "jihat init:", err)
		return 1
	}
	fmt.Fprintf(stdout, "jihat: made a new site in %s:\n", dir)
	for _, f := range written {
		what := about[f]
		if strings.HasPrefix(f, "content/") {
			what = "an example article: read it, then replace it with yours"
		}
		fmt.Fprintf(stdout, "  %-60s %s\n", filepath.Join(dir, filepath.FromSlash(f)), what)
	}
	if !scaffold.IsRelease(v) {
		fmt.Fprintf(stdout, "netlify.toml: Jihat %s is a development build, with no release to pin: set JIHAT_VERSION in netlify.toml to a release before deploying.\n", v)
	}
	fmt.Fprintln(stdout, "Next:")
	if dir != "." {
		fmt.Fprintf(stdout, "  cd %s && jihat serve    # see the site on http://127.0.0.1:1313/ while you write\n", shellQuote(dir))
	} else {
		fmt.Fprintln(stdout, "  jihat serve    # see the site on http://127.0.0.1:1313/ while you write")
	}
	fmt.Fprintln(stdout, `  jihat new article --region souss-massa "عنوان الخبر"    # start an article`)
	return 0
}

// shellQuote quotes a folder name for copying into a shell, when needed.
func shellQuote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
