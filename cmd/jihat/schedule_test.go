package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// What build and check print about an article dated later than now (in
// 2999, so that the test never reaches it), with and without --future, and
// check --drafts's list of what it checked besides the published
// articles.
func TestSchedulingCommands(t *testing.T) {
	site := t.TempDir()
	if err := os.CopyFS(site, os.DirFS(testSite)); err != nil {
		t.Fatal(err)
	}
	later := "---\ntitle: \"مقال لاحق\"\ndate: 2999-01-01 10:00\nregion: souss-massa\n---\nنص.\n"
	if err := os.MkdirAll(filepath.Join(site, "content", "2999"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(site, "content", "2999", "later.md"), []byte(later), 0o644); err != nil {
		t.Fatal(err)
	}
	const note = "jihat: 1 article held back until its date: content/2999/later.md (2999-01-01 10:00); --future builds it now\n"
	out := filepath.Join(t.TempDir(), "public")
	cases := []struct {
		args      []string
		afterLine string // stdout after its first line ("jihat: built …")
		stdout    string // all of stdout, when set
	}{
		{args: []string{"build", "--source", site, "--destination", out, "--cache", "off"}, afterLine: note},
		{args: []string{"build", "--future", "--source", site, "--destination", out, "--cache", "off"}, afterLine: ""},
		{args: []string{"check", "--source", site}, stdout: note + "jihat: no problems found\n"},
		{args: []string{"check", "--future", "--source", site}, stdout: "jihat: no problems found\n"},
		{args: []string{"check", "--drafts", "--source", site}, stdout: "jihat: 2 drafts and scheduled articles, checked with the others:\n" +
			"content/2022-draft.md\t\"مسودة\"\t2022-01-01\tdraft\n" +
			"content/2999/later.md\t\"مقال لاحق\"\t2999-01-01 10:00\tscheduled\n" +
			"jihat: no problems found\n"},
	}
	for _, tc := range cases {
		var stdout, stderr bytes.Buffer
		if code := run(tc.args, &stdout, &stderr); code != 0 {
			t.Fatalf("%v: exit %d: %s", tc.args, code, stderr.String())
		}
		got := stdout.String()
		if tc.stdout == "" {
			_, rest, _ := strings.Cut(got, "\n") // the summary line varies
			if rest != tc.afterLine {
				t.Errorf("%v: after the summary %q, want %q", tc.args, rest, tc.afterLine)
			}
			continue
		}
		if got != tc.stdout {
			t.Errorf("%v: stdout\n%s\nwant\n%s", tc.args, got, tc.stdout)
		}
	}
}
