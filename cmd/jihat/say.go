package main

import (
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/jihat/jihat/internal/config"
	"github.com/jihat/jihat/internal/msg"
)

// editorLanguage is the catalogue of what jihat tells the editor about the
// site in source: JIHAT_LANG's language, else the site's (see msg.Choose).
func editorLanguage(source string, stderr io.Writer) *msg.Catalog {
	c, err := msg.Choose(os.Getenv(msg.EnvVar), config.Language(source))
	if err != nil {
		fmt.Fprintln(stderr, "jihat:", err)
	}
	return c
}

// say prints one line in the editor's language.
func say(w io.Writer, c *msg.Catalog, format string, args ...any) {
	fmt.Fprintln(w, "jihat: "+c.Sprintf(format, args...))
}

// parseFlags parses a command's flags. Asked for help, it prints the
// usage on stdout and the command ends with 0; a mistake ends it with 2.
func parseFlags(fs *flag.FlagSet, args []string, stdout io.Writer) (code int, ok bool) {
	if askedForHelp(args) {
		fs.SetOutput(stdout)
		fs.Usage()
		return 0, false
	}
	if err := fs.Parse(args); err != nil {
		return 2, false
	}
	return 0, true
}

// askedForHelp reports -h, -help or --help among the flags.
func askedForHelp(args []string) bool {
	for _, a := range args {
		switch a {
		case "--":
			return false
		case "-h", "-help", "--help", "--h":
			return true
		}
	}
	return false
}
