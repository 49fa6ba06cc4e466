package archive

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/unicode/norm"
)

const dar = "دار-الطالبة"

// testSite is a small built site: name → content.
var testSite = map[string]string{
	"index.html":                            "<!DOCTYPE html><title>home</title>",
	"404.html":                              "<!DOCTYPE html><title>404</title>",
	"style.css":                             "body{color:#123}",
	"feed.xml":                              "<feed/>",
	"articles/" + dar + "/index.html":       "<!DOCTYPE html><title>" + dar + "</title>" + strings.Repeat("نص ", 500),
	"articles/" + dar + "/photo.png":        "\x89PNG\r\n\x1a\n\x00\x01\x02\xff",
	"articles/argana-visit/index.html":      "<!DOCTYPE html><title>argana</title>",
	"regions/souss-massa/index.html":        "<!DOCTYPE html><title>souss</title>",
	"regions/souss-massa/page/2/index.html": "<!DOCTYPE html><title>souss 2</title>",
	"tags/التمدرس-القروي/index.html":        "<!DOCTYPE html><title>tag</title>",
	"search/index.js":                       "var i = [];",
	"a-b/x.txt":                             "sorts before a/",
	"a/x.txt":                               "after a-b/",
	"Z.txt":                                 "upper case sorts first",
	"empty.txt":                             "",
}

// makeSite writes files under a new temporary folder, in the given order,
// with the given permissions and times.
func makeSite(t *testing.T, files map[string]string, names []string, perm os.FileMode, mtime time.Time) string {
	t.Helper()
	dir := t.TempDir()
	for _, name := range names {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(files[name]), perm); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(p, mtime, mtime); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func sortedNames(files map[string]string) []string {
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

func writeZip(t *testing.T, dir string, modTime time.Time) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, dir, modTime); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

var articleDate = time.Date(2024, 2, 5, 9, 30, 7, 123, time.FixedZone("+01", 3600))

// wantTime is articleDate as every entry carries it: UTC, even second.
var wantTime = time.Date(2024, 2, 5, 8, 30, 6, 0, time.UTC)

func TestWriteContents(t *testing.T) {
	names := sortedNames(testSite)
	dir := makeSite(t, testSite, names, 0o600, time.Now())
	if err := os.MkdirAll(filepath.Join(dir, "empty-folder", "inner"), 0o755); err != nil {
		t.Fatal(err)
	}
	data := writeZip(t, dir, articleDate)
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}

	want := append(slices.Clone(names), SumsName)
	sort.Strings(want)
	var got []string
	for _, f := range zr.File {
		got = append(got, f.Name)
	}
	if !slices.Equal(got, want) {
		t.Fatalf("entries\n got %q\nwant %q", got, want)
	}
	// Byte order: digits, then upper case, "-" before "/".
	if !slices.IsSorted(got) || got[0] != "404.html" || got[1] != SumsName || got[2] != "Z.txt" || got[3] != "a-b/x.txt" {
		t.Errorf("entries not in byte order: %q", got)
	}

	var sums strings.Builder
	for _, f := range zr.File {
		if f.Method != zip.Deflate {
			t.Errorf("%s: method %d, want Deflate", f.Name, f.Method)
		}
		if f.Mode() != 0o644 {
			t.Errorf("%s: mode %v, want 0644", f.Name, f.Mode())
		}
		if !f.Modified.Equal(wantTime) {
			t.Errorf("%s: modified %v, want %v", f.Name, f.Modified, wantTime)
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		content, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		if f.Name == SumsName {
			continue
		}
		if string(content) != testSite[f.Name] {
			t.Errorf("%s: content %q, want %q", f.Name, content, testSite[f.Name])
		}
		fmt.Fprintf(&sums, "%x  %s\n", sha256.Sum256(content), f.Name)
	}

	rc, err := zr.Open(SumsName)
	if err != nil {
		t.Fatal(err)
	}
	gotSums, _ := io.ReadAll(rc)
	rc.Close()
	if string(gotSums) != sums.String() {
		t.Errorf("SHA256SUMS\n%s\nwant\n%s", gotSums, sums.String())
	}
	lines := strings.Split(strings.TrimSuffix(string(gotSums), "\n"), "\n")
	if len(lines) != len(names) || !slices.IsSortedFunc(lines, func(a, b string) int {
		return strings.Compare(a[66:], b[66:])
	}) {
		t.Errorf("SHA256SUMS has %d lines, want %d, sorted by name", len(lines), len(names))
	}
}

// centralEntry is an entry of the central directory, read from the bytes.
type centralEntry struct {
	name                 string
	madeBy, flags        uint16
	method, dTime, dDate uint16
	external             uint32
	extra                []byte
	localOffset          uint32
}

// readCentral reads the central directory of a zip without archive/zip.
func readCentral(t *testing.T, data []byte) []centralEntry {
	t.Helper()
	eocd := bytes.LastIndex(data, []byte("PK\x05\x06"))
	if eocd < 0 || len(data)-eocd != 22 {
		t.Fatalf("no end of central directory record (or a comment) at %d of %d", eocd, len(data))
	}
	le := binary.LittleEndian
	n := int(le.Uint16(data[eocd+10:]))
	off := int(le.Uint32(data[eocd+16:]))
	var entries []centralEntry
	for range n {
		h := data[off:]
		if string(h[:4]) != "PK\x01\x02" {
			t.Fatalf("no central directory header at %d", off)
		}
		nameLen, extraLen, commentLen := int(le.Uint16(h[28:])), int(le.Uint16(h[30:])), int(le.Uint16(h[32:]))
		entries = append(entries, centralEntry{
			madeBy:      le.Uint16(h[4:]),
			flags:       le.Uint16(h[8:]),
			method:      le.Uint16(h[10:]),
			dTime:       le.Uint16(h[12:]),
			dDate:       le.Uint16(h[14:]),
			external:    le.Uint32(h[38:]),
			localOffset: le.Uint32(h[42:]),
			name:        string(h[46 : 46+nameLen]),
			extra:       h[46+nameLen : 46+nameLen+extraLen],
		})
		off += 46 + nameLen + extraLen + commentLen
	}
	return entries
}

// checkExtra checks that the only extra field is the extended timestamp
// with the modification time want.
func checkExtra(t *testing.T, where string, extra []byte, want time.Time) {
	t.Helper()
	le := binary.LittleEndian
	for len(extra) > 0 {
		if len(extra) < 4 {
			t.Errorf("%s: truncated extra field %x", where, extra)
			return
		}
		id, size := le.Uint16(extra), int(le.Uint16(extra[2:]))
		body := extra[4 : 4+size]
		extra = extra[4+size:]
		if id != 0x5455 {
			t.Errorf("%s: extra field %#04x, want only the extended timestamp 0x5455", where, id)
			continue
		}
		if size != 5 || body[0] != 1 {
			t.Errorf("%s: extended timestamp %x, want the modification time alone", where, body)
			continue
		}
		if got := int64(le.Uint32(body[1:])); got != want.Unix() {
			t.Errorf("%s: extended timestamp %v, want %v", where, time.Unix(got, 0).UTC(), want)
		}
	}
}

func TestWriteRawHeaders(t *testing.T) {
	dir := makeSite(t, testSite, sortedNames(testSite), 0o755, time.Now())
	data := writeZip(t, dir, articleDate)
	entries := readCentral(t, data)
	if len(entries) != len(testSite)+1 {
		t.Fatalf("%d entries, want %d", len(entries), len(testSite)+1)
	}
	wantDate := uint16((wantTime.Year()-1980)<<9 | int(wantTime.Month())<<5 | wantTime.Day())
	wantDOSTime := uint16(wantTime.Hour()<<11 | wantTime.Minute()<<5 | wantTime.Second()/2)
	le := binary.LittleEndian
	arabic := 0
	for _, e := range entries {
		if e.flags&0x800 == 0 {
			t.Errorf("%s: UTF-8 name flag not set (flags %#04x)", e.name, e.flags)
		}
		if strings.ContainsFunc(e.name, func(r rune) bool { return r > 0x7f }) {
			arabic++
		}
		if e.madeBy>>8 != 3 {
			t.Errorf("%s: made by system %d, want 3 (Unix, so the permissions apply)", e.name, e.madeBy>>8)
		}
		if mode := e.external >> 16; mode != 0o100644 {
			t.Errorf("%s: Unix mode %o, want 100644", e.name, mode)
		}
		if e.method != 8 {
			t.Errorf("%s: method %d, want 8 (Deflate)", e.name, e.method)
		}
		if e.dDate != wantDate || e.dTime != wantDOSTime {
			t.Errorf("%s: MS-DOS date/time %#04x %#04x, want %#04x %#04x", e.name, e.dDate, e.dTime, wantDate, wantDOSTime)
		}
		checkExtra(t, e.name+" (central)", e.extra, wantTime)

		// The local header says the same.
		h := data[e.localOffset:]
		if string(h[:4]) != "PK\x03\x04" {
			t.Fatalf("%s: no local header", e.name)
		}
		nameLen, extraLen := int(le.Uint16(h[26:])), int(le.Uint16(h[28:]))
		if flags := le.Uint16(h[6:]); flags&0x800 == 0 {
			t.Errorf("%s: UTF-8 flag not set in the local header", e.name)
		}
		if le.Uint16(h[10:]) != wantDOSTime || le.Uint16(h[12:]) != wantDate {
			t.Errorf("%s: local MS-DOS time differs", e.name)
		}
		if string(h[30:30+nameLen]) != e.name {
			t.Errorf("%s: local name %q", e.name, h[30:30+nameLen])
		}
		checkExtra(t, e.name+" (local)", h[30+nameLen:30+nameLen+extraLen], wantTime)
	}
	if arabic != 3 {
		t.Errorf("%d entries with Arabic names, want 3", arabic)
	}
}

func TestWriteDeterministic(t *testing.T) {
	names := sortedNames(testSite)
	dir := makeSite(t, testSite, names, 0o644, time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC))
	first := writeZip(t, dir, articleDate)
	if second := writeZip(t, dir, articleDate); !bytes.Equal(first, second) {
		t.Fatal("two archives of the same folder differ")
	}
	// The same instant in another time zone.
	if other := writeZip(t, dir, articleDate.In(time.FixedZone("-07", -7*3600))); !bytes.Equal(first, other) {
		t.Error("the archive depends on modTime's time zone")
	}

	// A copy made in reverse order, with other times and permissions.
	reversed := slices.Clone(names)
	slices.Reverse(reversed)
	copyDir := makeSite(t, testSite, reversed, 0o600, time.Now())
	if err := os.Chmod(filepath.Join(copyDir, "articles"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(filepath.Join(copyDir, "articles"), time.Unix(0, 0), time.Unix(0, 0)); err != nil {
		t.Fatal(err)
	}
	if other := writeZip(t, copyDir, articleDate); !bytes.Equal(first, other) {
		t.Error("a copy of the folder with other times, permissions and creation order gives another archive")
	}

	// A copy whose names are in NFD, as macOS may write them.
	nfd := map[string]string{}
	for n, c := range testSite {
		nfd[norm.NFD.String(n)] = c
	}
	if other := writeZip(t, makeSite(t, nfd, sortedNames(nfd), 0o644, time.Now()), articleDate); !bytes.Equal(first, other) {
		t.Error("a copy of the folder with NFD names gives another archive")
	}

	// Another time gives another archive.
	if other := writeZip(t, dir, articleDate.Add(24*time.Hour)); bytes.Equal(first, other) {
		t.Error("modTime is not in the archive")
	}
}

func TestEntryTime(t *testing.T) {
	tests := []struct {
		in, want time.Time
	}{
		{time.Time{}, time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)},
		{time.Date(1970, 5, 1, 0, 0, 0, 0, time.UTC), time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)},
		{time.Date(2023, 11, 2, 0, 0, 1, 999, time.UTC), time.Date(2023, 11, 2, 0, 0, 0, 0, time.UTC)},
		{time.Date(2023, 11, 2, 1, 0, 0, 0, time.FixedZone("+01", 3600)), time.Date(2023, 11, 2, 0, 0, 0, 0, time.UTC)},
	}
	for _, tt := range tests {
		got, err := entryTime(tt.in)
		if err != nil || !got.Equal(tt.want) || got.Location() != time.UTC {
			t.Errorf("entryTime(%v) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
	if _, err := entryTime(time.Date(2200, 1, 1, 0, 0, 0, 0, time.UTC)); err == nil {
		t.Error("a time past 2106 accepted")
	}
	// A zero time still gives a valid, fixed date in the archive.
	dir := makeSite(t, map[string]string{"a.txt": "a"}, []string{"a.txt"}, 0o644, time.Now())
	data := writeZip(t, dir, time.Time{})
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		if !f.Modified.Equal(time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)) {
			t.Errorf("%s: modified %v", f.Name, f.Modified)
		}
	}
}

func TestWriteRefuses(t *testing.T) {
	tests := []struct {
		name  string
		files []string
		want  []string // in the error
	}{
		{"file names differing in case", []string{"a/Index.html", "a/index.html"}, []string{"a/Index.html", "a/index.html", "case"}},
		{"folder names differing in case", []string{"Articles/x.html", "articles/y.html"}, []string{`"Articles"`, `"articles"`, "case"}},
		{"Arabic and Latin case", []string{"tags/وسم/Ä.html", "tags/وسم/ä.html"}, []string{"Ä.html", "ä.html"}},
		{"NFC and NFD", []string{"tags/" + norm.NFC.String("أطفال") + "/index.html", "tags/" + norm.NFD.String("أطفال") + "/index.html"}, []string{norm.NFD.String("أطفال"), "NFC"}},
		{"SHA256SUMS at the root", []string{"SHA256SUMS"}, []string{"SHA256SUMS"}},
		{"sha256sums at the root", []string{"sha256sums"}, []string{"sha256sums", "checksum"}},
		{"Windows device name", []string{"articles/con/index.html"}, []string{"con", "device"}},
		{"Windows device name with extension", []string{"lpt1.txt"}, []string{"lpt1.txt", "device"}},
		{"colon", []string{"a:b.html"}, []string{"a:b.html", "Windows"}},
		{"backslash", []string{`a\b.html`}, []string{`a\\b.html`}},
		{"newline", []string{"a\nb.html"}, []string{"control"}},
		{"trailing dot", []string{"tags/x./index.html"}, []string{"x.", "dot"}},
		{"not UTF-8", []string{"a\xff.html"}, []string{"UTF-8"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := map[string]string{"index.html": "x"}
			for _, f := range tt.files {
				files[f] = "x"
			}
			dir := makeSite(t, files, sortedNames(files), 0o644, time.Now())
			var buf bytes.Buffer
			err := Write(&buf, dir, articleDate)
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
			if buf.Len() != 0 {
				t.Errorf("%d bytes written before the error", buf.Len())
			}
		})
	}

	t.Run("symbolic link", func(t *testing.T) {
		dir := makeSite(t, map[string]string{"index.html": "x"}, []string{"index.html"}, 0o644, time.Now())
		if err := os.Symlink("index.html", filepath.Join(dir, "link.html")); err != nil {
			t.Skip(err)
		}
		err := Write(io.Discard, dir, articleDate)
		if err == nil || !strings.Contains(err.Error(), "link.html") {
			t.Errorf("error %v, want one naming link.html", err)
		}
	})
	t.Run("missing folder", func(t *testing.T) {
		if err := Write(io.Discard, filepath.Join(t.TempDir(), "none"), articleDate); err == nil {
			t.Error("no error")
		}
	})
}

// TestWriteUnzip extracts the archive with the system's unzip and checks it
// with sha256sum -c, as a centre would.
func TestWriteUnzip(t *testing.T) {
	unzip, err := exec.LookPath("unzip")
	if err != nil {
		t.Skip("SKIPPED: unzip is not installed (apt-get install unzip): the archive was not extracted by a real unzip")
	}
	sha256sum, err := exec.LookPath("sha256sum")
	if err != nil {
		t.Skip("SKIPPED: sha256sum is not installed (coreutils)")
	}
	dir := makeSite(t, testSite, sortedNames(testSite), 0o644, time.Now())
	zipFile := filepath.Join(t.TempDir(), "site.zip")
	if err := os.WriteFile(zipFile, writeZip(t, dir, articleDate), 0o644); err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	cmd := exec.Command(unzip, "-q", zipFile, "-d", out)
	// Info-ZIP unzip writes UTF-8 names as "#Uxxxx" escapes unless the
	// locale is UTF-8, and CI's environment may have no locale at all.
	cmd.Env = append(os.Environ(), "LC_ALL=C.UTF-8")
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("unzip: %v\n%s", err, b)
	}

	check := exec.Command(sha256sum, "-c", "--strict", SumsName)
	check.Dir = out
	b, err := check.CombinedOutput()
	if err != nil {
		t.Fatalf("sha256sum -c: %v\n%s", err, b)
	}
	if n := strings.Count(string(b), ": OK\n"); n != len(testSite) {
		t.Errorf("sha256sum checked %d files, want %d:\n%s", n, len(testSite), b)
	}

	// The Arabic names came out intact, in NFC.
	for _, name := range []string{"articles/" + dar + "/index.html", "articles/" + dar + "/photo.png", "tags/التمدرس-القروي/index.html"} {
		got, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(name)))
		if err != nil {
			t.Errorf("%s not extracted: %v", name, err)
			continue
		}
		if string(got) != testSite[name] {
			t.Errorf("%s: content differs", name)
		}
		if info, err := os.Stat(filepath.Join(out, filepath.FromSlash(name))); err == nil {
			if !info.ModTime().Equal(wantTime) {
				t.Errorf("%s: extracted with time %v, want %v", name, info.ModTime(), wantTime)
			}
		}
	}
	entries, err := os.ReadDir(filepath.Join(out, "articles"))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if !slices.Contains(names, dar) {
		t.Errorf("articles/ holds %q, want %q among them", names, dar)
	}

	// A changed file fails the check.
	if err := os.WriteFile(filepath.Join(out, "style.css"), []byte("changed"), 0o644); err != nil {
		t.Fatal(err)
	}
	check = exec.Command(sha256sum, "-c", "--quiet", SumsName)
	check.Dir = out
	if b, err := check.CombinedOutput(); err == nil || !strings.Contains(string(b), "style.css: FAILED") {
		t.Errorf("sha256sum -c passed a changed file: %v\n%s", err, b)
	}
}
