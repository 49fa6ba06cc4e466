package main

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

const testSite = "../../internal/build/testdata/site"

func TestCommands(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	cache := filepath.Join(t.TempDir(), "cache")
	cases := []struct {
		args   []string
		code   int
		stdout *regexp.Regexp
		stderr *regexp.Regexp
	}{
		{[]string{"version"}, 0, regexp.MustCompile(`^jihat \S+\n$`), nil},
		{[]string{"build", "--source", testSite, "--destination", out, "--cache", cache}, 0,
			regexp.MustCompile(`^jihat: built \d+ pages \(\d+ rendered\), 3 articles \(1 drafts skipped\), \d+ files \(\d+ written, [\d.]+ KB\) in \d+ ms into .*public\n$`), nil},
		// Nothing changed: the cache says so, and nothing is written.
		{[]string{"build", "--source", testSite, "--destination", out, "--cache", cache}, 0,
			regexp.MustCompile(`^jihat: built \d+ pages, 3 articles \(1 drafts skipped\), \d+ files: nothing changed since the last build, nothing written \(\d+ ms\) into .*public\n$`), nil},
		{[]string{"check", "--source", testSite}, 0, regexp.MustCompile(`^jihat: no problems found\n$`), nil},
		{[]string{"check", "--source", t.TempDir()}, 1, nil, regexp.MustCompile(`^content: no content folder: create content/`)},
		{[]string{"frobnicate"}, 2, nil, regexp.MustCompile(`unknown command "frobnicate"`)},
		{[]string{"build", "--no-such-flag"}, 2, nil, regexp.MustCompile(`flag provided but not defined`)},
	}
	for _, tc := range cases {
		var stdout, stderr bytes.Buffer
		code := run(tc.args, &stdout, &stderr)
		if code != tc.code {
			t.Errorf("%v: exit %d, want %d (stderr %q)", tc.args, code, tc.code, stderr.String())
		}
		if tc.stdout != nil && !tc.stdout.MatchString(stdout.String()) {
			t.Errorf("%v: stdout %q", tc.args, stdout.String())
		}
		if tc.stderr != nil && !tc.stderr.MatchString(stderr.String()) {
			t.Errorf("%v: stderr %q", tc.args, stderr.String())
		}
	}
}

// Two archives of the same site are byte-identical, whatever the time, and
// no temporary file is left beside them.
func TestArchiveDeterministic(t *testing.T) {
	dir, cache := t.TempDir(), filepath.Join(t.TempDir(), "cache")
	var zips [][]byte
	for _, name := range []string{"a.zip", "b.zip"} {
		var stdout, stderr bytes.Buffer
		if code := run([]string{"archive", "--source", testSite, "-o", filepath.Join(dir, name), "--cache", cache}, &stdout, &stderr); code != 0 {
			t.Fatalf("archive: exit %d: %s", code, stderr.String())
		}
		if !strings.Contains(stdout.String(), "open index.html inside it") {
			t.Errorf("summary %q", stdout.String())
		}
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		zips = append(zips, data)
	}
	if !bytes.Equal(zips[0], zips[1]) {
		t.Error("two archives of the same site differ")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 {
		t.Errorf("left in the folder: %d entries", len(entries))
	}
}

// Destinations jihat build must not take: refused with a message naming
// the folder, and nothing in them touched.
func TestBuildRefusesDestinations(t *testing.T) {
	site := t.TempDir()
	if err := os.CopyFS(site, os.DirFS(testSite)); err != nil {
		t.Fatal(err)
	}
	other := filepath.Join(t.TempDir(), "www")
	for _, name := range []string{"index.html", "sitemap.xml", "cv.pdf"} {
		if err := os.MkdirAll(other, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(other, name), []byte("theirs"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name, dest, want string
	}{
		{"another site", other, `holds files that are not a site build of jihat's \(3 entries: cv.pdf, index.html, sitemap.xml\)`},
		{"the site itself", site, "contains the site itself"},
		{"inside content/", filepath.Join(site, "content", "out"), `inside the site's content/ folder`},
		{"inside static/", filepath.Join(site, "static", "out"), `inside the site's static/ folder`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run([]string{"build", "--source", site, "--destination", tt.dest, "--cache", "off"}, &stdout, &stderr)
			if code != 1 || !regexp.MustCompile(tt.want).MatchString(stderr.String()) || !strings.Contains(stderr.String(), tt.dest) {
				t.Errorf("exit %d, stderr %q: want 1 and %q naming %s", code, stderr.String(), tt.want, tt.dest)
			}
		})
	}
	for _, name := range []string{"index.html", "sitemap.xml", "cv.pdf"} {
		if data, err := os.ReadFile(filepath.Join(other, name)); err != nil || string(data) != "theirs" {
			t.Errorf("%s: %q %v", name, data, err)
		}
	}
}
