package main

import (
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/jihat/jihat/internal/msg"
	"github.com/jihat/jihat/internal/scaffold"
)

// values is a flag given any number of times.
type values []string

func (v *values) String() string     { return strings.Join(*v, ",") }
func (v *values) Set(s string) error { *v = append(*v, s); return nil }

func runNew(args []string, stdout, stderr io.Writer) int {
	const usageNew = `Usage: jihat new article [--source DIR] [--region R] [--province P]... [--type T]... [--slug S] [--date YYYY-MM-DD] "TITLE"

Writes a draft article, content/<year>/<slug>.md, with its front matter filled in.
--province and --type may be repeated or hold several names separated by commas.
`
	if len(args) > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "-help") {
		fmt.Fprint(stdout, usageNew)
		return 0
	}
	if len(args) == 0 || args[0] != "article" {
		fmt.Fprint(stderr, usageNew)
		if len(args) > 0 {
			fmt.Fprintf(stderr, "jihat new: unknown kind %q: jihat new article makes an article\n", args[0])
		}
		return 2
	}
	fs := flag.NewFlagSet("new article", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(fs.Output(), usageNew); fs.PrintDefaults() }
	var a scaffold.Article
	var regions, provinces, types values
	source := fs.String("source", ".", "site folder")
	fs.Var(&regions, "region", "the article's region: slug, Arabic or French name (e.g. souss-massa, \"سوس ماسة\")")
	fs.Var(&provinces, "province", "a prefecture or province of the region (repeat, or separate with commas)")
	fs.Var(&types, "type", "a facility type (repeat, or separate with commas)")
	fs.StringVar(&a.Slug, "slug", "", "the page address (default: made from the title)")
	fs.StringVar(&a.Date, "date", "", "the date, YYYY-MM-DD (default: today in Morocco)")
	if askedForHelp(args[1:]) {
		fs.SetOutput(stdout)
		fs.Usage()
		return 0
	}
	if err := parseInterspersed(fs, args[1:]); err != nil {
		return 2
	}
	words := editorLanguage(*source, stderr)
	a.Title = strings.Join(fs.Args(), " ")
	a.Regions, a.Provinces, a.Types = regions, provinces, types
	rel, err := scaffold.NewArticle(*source, a, time.Now())
	if err != nil {
		for _, line := range strings.Split(msg.Text(err, words), "\n") {
			fmt.Fprintln(stderr, "jihat new article:", line)
		}
		return 1
	}
	say(stdout, words, "wrote %s", rel)
	fmt.Fprintln(stdout, words.Sprintf("It is a draft: jihat serve --drafts shows it; set draft: false to publish it."))
	return 0
}

// parseInterspersed parses flags placed before or after the other
// arguments: editors write the title first as often as last.
func parseInterspersed(fs *flag.FlagSet, args []string) error {
	var rest []string
	for {
		if err := fs.Parse(args); err != nil {
			return err
		}
		left := fs.Args()
		if parsed := len(args) - len(left); parsed > 0 && args[parsed-1] == "--" {
			rest = append(rest, left...) // after "--", no more flags
			break
		}
		if len(left) == 0 {
			break
		}
		rest = append(rest, left[0])
		args = left[1:]
	}
	// Leave the arguments in fs.Args, as after an ordinary Parse.
	return fs.Parse(append([]string{"--"}, rest...))
}
