package main

import (
	"bytes"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// Every command answers --help on stdout with exit 0, and every flag it
// has is in the top-level usage.
func TestHelpAndUsage(t *testing.T) {
	flagLine := regexp.MustCompile(`(?m)^  -(\S+)`)
	for _, cmd := range [][]string{{"build"}, {"check"}, {"serve"}, {"preview"}, {"archive"}, {"init"}, {"new", "article"}, {"theme", "export"}} {
		for _, help := range []string{"-h", "--help"} {
			var stdout, stderr bytes.Buffer
			code := run(append(append([]string{}, cmd...), help), &stdout, &stderr)
			if code != 0 || stderr.Len() != 0 || stdout.Len() == 0 {
				t.Errorf("jihat %s %s: exit %d, stdout %d bytes, stderr %q: want 0, the usage on stdout", strings.Join(cmd, " "), help, code, stdout.Len(), stderr.String())
			}
			for _, m := range flagLine.FindAllStringSubmatch(stdout.String(), -1) {
				name := m[1]
				written := "--" + name
				if len(name) == 1 {
					written = "-" + name
				}
				line := usageLine(cmd)
				if !regexp.MustCompile(`\[` + regexp.QuoteMeta(written) + `[\] =]`).MatchString(line) {
					t.Errorf("the usage of jihat %s lacks its flag %s:\n%s", strings.Join(cmd, " "), written, line)
				}
			}
		}
	}
	var stdout, stderr bytes.Buffer
	if code := run([]string{"--help"}, &stdout, &stderr); code != 0 || !strings.Contains(stdout.String(), "JIHAT_LANG") {
		t.Errorf("jihat --help: exit %d, %q", code, stdout.String())
	}
}

// usageLine is the part of the top-level usage about one command, its
// continuation lines included.
func usageLine(cmd []string) string {
	var b strings.Builder
	in := false
	for _, l := range strings.Split(usage, "\n") {
		switch {
		case strings.HasPrefix(l, "  jihat "+strings.Join(cmd, " ")+" "):
			in = true
		case strings.HasPrefix(l, "  jihat "):
			in = false
		case strings.TrimSpace(l) == "":
			in = false
		}
		if in {
			b.WriteString(l + "\n")
		}
	}
	return b.String()
}

// The editor's messages follow JIHAT_LANG, else the site's language, with
// the same file:line:col.
func TestEditorLanguage(t *testing.T) {
	site := t.TempDir()
	if err := os.CopyFS(site, os.DirFS(testSite)); err != nil {
		t.Fatal(err)
	}
	bad := "---\ntitle: \"زيارة\"\ndate: 2024-03-01\nregion: Sous-Masa\n---\n\nنص.\n"
	if err := os.WriteFile(filepath.Join(site, "content", "bad.md"), []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		env, siteLang string
		want          string
	}{
		{"en", "", `content/bad.md:4:9: unknown region "Sous-Masa" (did you mean "souss-massa"?)`},
		{"ar", "", `content/bad.md:4:9: لا توجد جهة باسم "Sous-Masa"`},
		{"fr", "", `content/bad.md:4:9: région`},
		{"FR ", "", `content/bad.md:4:9: région`},
		{"", "ar", `content/bad.md:4:9: لا توجد جهة باسم "Sous-Masa"`}, // site.toml's language
		{"", "", `content/bad.md:4:9: لا توجد جهة باسم "Sous-Masa"`},   // no language set: Arabic, the sites' language
	}
	for _, tt := range tests {
		t.Run(tt.env+"/"+tt.siteLang, func(t *testing.T) {
			t.Setenv("JIHAT_LANG", tt.env)
			toml := ""
			if tt.siteLang != "" {
				toml = "language = \"" + tt.siteLang + "\"\n"
			}
			if err := os.WriteFile(filepath.Join(site, "site.toml"), []byte("title = \"موقع\"\n"+toml), 0o644); err != nil {
				t.Fatal(err)
			}
			var stdout, stderr bytes.Buffer
			if code := run([]string{"check", "--source", site}, &stdout, &stderr); code != 1 {
				t.Fatalf("exit %d, want 1", code)
			}
			if !strings.Contains(stderr.String(), tt.want) || !strings.Contains(stderr.String(), `"souss-massa"`) {
				t.Errorf("stderr %q, want %q and the slug suggested", stderr.String(), tt.want)
			}
		})
	}
	t.Run("unknown language", func(t *testing.T) {
		t.Setenv("JIHAT_LANG", "xx")
		var stdout, stderr bytes.Buffer
		run([]string{"check", "--source", site}, &stdout, &stderr)
		if !strings.Contains(stderr.String(), `JIHAT_LANG="xx": messages can be written in en, ar, fr`) || !strings.Contains(stderr.String(), "unknown region") {
			t.Errorf("stderr %q: want the variable named, then English", stderr.String())
		}
	})
}

// A port in use is reported with the flag that chooses another.
func TestServePortInUse(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	var stdout, stderr bytes.Buffer
	code := run([]string{"serve", "--source", testSite, "--addr", ln.Addr().String()}, &stdout, &stderr)
	if code != 1 || !strings.Contains(stderr.String(), "--addr") || !strings.Contains(stderr.String(), "in use") {
		t.Errorf("exit %d, stderr %q: want 1 and a word about --addr", code, stderr.String())
	}
}
