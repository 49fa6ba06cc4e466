package main

import (
	"bytes"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/BurntSushi/toml"

	"github.com/jihat/jihat/internal/build"
	"github.com/jihat/jihat/internal/scaffold"
)

func jihatRun(t *testing.T, code int, args ...string) (string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	if got := run(args, &stdout, &stderr); got != code {
		t.Fatalf("jihat %s: exit %d, want %d\nstdout %s\nstderr %s", strings.Join(args, " "), got, code, stdout.String(), stderr.String())
	}
	return stdout.String(), stderr.String()
}

// A new site builds and passes check with nothing to warn about; a second
// init into it is refused, naming what the folder holds.
func TestInit(t *testing.T) {
	site := filepath.Join(t.TempDir(), "my site")
	out, _ := jihatRun(t, 0, "init", site)
	for _, want := range []string{
		"jihat: made a new site in " + site + ":\n",
		filepath.Join(site, "content/2024/imilmaiss-education-training-centre.md"),
		"\n  cd '" + site + "' && jihat serve",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("init printed\n%s\nwithout %q", out, want)
		}
	}
	out, errs := jihatRun(t, 0, "check", "--source", site)
	if out != "jihat: no problems found\n" || errs != "" {
		t.Errorf("check: %q %q", out, errs)
	}
	public := filepath.Join(t.TempDir(), "public")
	// Without an address the build says where its links point.
	out, errs = jihatRun(t, 0, "build", "--source", site, "--destination", public)
	if !strings.Contains(out, "1 articles") || !strings.HasPrefix(errs, "jihat: warning: site.toml: no base_url: canonical links, feeds and the sitemap point at http://localhost:1313/") {
		t.Errorf("build: %q %q", out, errs)
	}
	out, errs = jihatRun(t, 0, "build", "--source", site, "--destination", public, "--base-url", "https://site.example/")
	if !strings.Contains(out, "1 articles") || errs != "" {
		t.Errorf("build --base-url: %q %q", out, errs)
	}
	if _, err := os.Stat(filepath.Join(public, "articles/imilmaiss-education-training-centre/index.html")); err != nil {
		t.Error(err)
	}
	_, errs = jihatRun(t, 1, "init", site)
	if want := "jihat init: " + site + ` is not empty (it holds ".gitignore", ".jihat-cache", "content", "netlify.toml", "site.toml"): a new site needs an empty or new folder; give one, e.g. jihat init my-site` + "\n"; errs != want {
		t.Errorf("second init: %q\nwant %q", errs, want)
	}
}

// jihat new article writes a draft that check and build --drafts take, at
// the address its title gives; flags go before or after the title.
func TestNewArticleCommand(t *testing.T) {
	site := t.TempDir()
	jihatRun(t, 0, "init", site)
	out, _ := jihatRun(t, 0, "new", "article", "--source", site, "زيارة دار الطالبة بأركانة", "--region", "سوس ماسة", "--province", "taroudannt,tiznit", "--type", "dar-taliba", "--type", "مركز التربية والتكوين", "--date", "2024-03-01")
	rel := "content/2024/زيارة-دار-الطالبة-بأركانة.md"
	if out != "jihat: wrote "+rel+"\nIt is a draft: jihat serve --drafts shows it; set draft: false to publish it.\n" {
		t.Errorf("stdout %q", out)
	}
	data, err := os.ReadFile(filepath.Join(site, rel))
	if err != nil {
		t.Fatal(err)
	}
	want := "---\ntitle: \"زيارة دار الطالبة بأركانة\"\ndate: 2024-03-01\nregion: souss-massa\nprovince: [taroudannt, tiznit]\nfacility_type: [dar-taliba, education-training-centre]\nsummary: \"\"\ndraft: true\n---\n\n" + scaffold.Placeholder + "\n"
	if string(data) != want {
		t.Errorf("wrote\n%s", data)
	}
	if out, errs := jihatRun(t, 0, "check", "--drafts", "--source", site); errs != "" {
		t.Errorf("check: %q %q", out, errs)
	}
	public := filepath.Join(t.TempDir(), "public")
	jihatRun(t, 0, "build", "--drafts", "--source", site, "--destination", public)
	if _, err := os.Stat(filepath.Join(public, "articles/زيارة-دار-الطالبة-بأركانة/index.html")); err != nil {
		t.Error(err)
	}

	// Today, in Morocco.
	before := time.Now().In(scaffold.Morocco).Format(time.DateOnly)
	out, _ = jihatRun(t, 0, "new", "article", "--source", site, "--region", "oriental", "خبر اليوم")
	after := time.Now().In(scaffold.Morocco).Format(time.DateOnly)
	rel = strings.TrimPrefix(strings.SplitN(out, "\n", 2)[0], "jihat: wrote ")
	data, _ = os.ReadFile(filepath.Join(site, rel))
	if !strings.Contains(string(data), "\ndate: "+before+"\n") && !strings.Contains(string(data), "\ndate: "+after+"\n") {
		t.Errorf("not dated today (%s):\n%s", before, data)
	}

	for _, tc := range []struct {
		args   []string
		code   int
		stderr string
	}{
		{[]string{"new", "article", "--source", site, "--region", "سوس ماس", "عنوان"}, 1,
			"jihat new article: --region \"سوس ماس\": unknown region (did you mean \"souss-massa\" سوس ماسة?)\n"},
		{[]string{"new", "article", "--source", site, "--region", "oriental", "--province", "tiznit", "--type", "دار الطالبةة", "عنوان"}, 1,
			"jihat new article: --province \"tiznit\": تيزنيت is in the region سوس ماسة (souss-massa), not in the region given, الشرق (oriental): add --region souss-massa or fix the province\n" +
				"jihat new article: --type \"دار الطالبةة\": unknown facility type (did you mean \"dar-taliba\" دار الطالبة?)\n"},
		{[]string{"new", "article", "--source", site, "--region", "souss-massa", "--date", "2024-03-01", "زيارة دار الطالبة بأركانة"}, 1,
			"jihat new article: content/2024/زيارة-دار-الطالبة-بأركانة.md already exists: jihat new never replaces an article; choose another address with --slug\n"},
		{[]string{"new", "page", "عنوان"}, 2, ""},
	} {
		_, errs := jihatRun(t, tc.code, tc.args...)
		if tc.stderr != "" && errs != tc.stderr {
			t.Errorf("%q:\n got %q\nwant %q", tc.args, errs, tc.stderr)
		}
	}
}

// A site holding the exported theme builds byte for byte as the same site
// on the embedded theme, and without any theme at all: the copy is whole.
func TestThemeExport(t *testing.T) {
	site := t.TempDir()
	jihatRun(t, 0, "init", site)
	embedded := filepath.Join(t.TempDir(), "public")
	jihatRun(t, 0, "build", "--source", site, "--destination", embedded, "--cache", "off")

	out, _ := jihatRun(t, 0, "theme", "export", "--source", site)
	if !regexp.MustCompile(`^jihat: copied the built-in theme into .*: \d+ files in layouts/ and static/\.\n`).MatchString(out) {
		t.Errorf("stdout %q", out)
	}
	exported := filepath.Join(t.TempDir(), "public")
	jihatRun(t, 0, "build", "--source", site, "--destination", exported, "--cache", "off")
	if got, want := digest(t, exported), digest(t, embedded); !maps.Equal(got, want) {
		d := differ(got, want)
		t.Errorf("the exported theme builds otherwise: %s", d)
	}
	alone := filepath.Join(t.TempDir(), "public")
	if _, err := build.Build(build.Options{Source: site, Destination: alone, Minify: true, Fingerprint: true}); err != nil {
		t.Fatalf("the exported theme without the embedded one: %v", err)
	}
	if got, want := digest(t, alone), digest(t, embedded); !maps.Equal(got, want) {
		d := differ(got, want)
		t.Errorf("the exported theme alone builds otherwise: %s", d)
	}

	// Again: every file clashes, and the message lists them.
	os.WriteFile(filepath.Join(site, "layouts", "base.html"), []byte("edited"), 0o644)
	_, errs := jihatRun(t, 1, "theme", "export", "--source", site)
	if !strings.HasPrefix(errs, "jihat theme export: "+site+" already holds ") || !strings.Contains(errs, "(--force replaces them):\n  layouts/404.html\n") {
		t.Errorf("stderr %q", errs)
	}
	if data, _ := os.ReadFile(filepath.Join(site, "layouts", "base.html")); string(data) != "edited" {
		t.Error("a clash was overwritten")
	}
	jihatRun(t, 0, "theme", "export", "--force", "--source", site)
	if data, _ := os.ReadFile(filepath.Join(site, "layouts", "base.html")); string(data) == "edited" {
		t.Error("--force left the file")
	}
	// Into another folder.
	other := filepath.Join(t.TempDir(), "theme")
	jihatRun(t, 0, "theme", "export", other)
	if _, err := os.Stat(filepath.Join(other, "static", "style.css")); err != nil {
		t.Error(err)
	}
}

// netlify.toml's command, run by a shell as Netlify does with a stand-in
// for go install that installs this test binary, builds the site at
// Netlify's address; without a release it stops, saying what to set.
func TestNetlifyCommand(t *testing.T) {
	sh, err := exec.LookPath("sh")
	if err != nil {
		t.Skip("no sh")
	}
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	bin := t.TempDir()
	fakeGo := "#!/bin/sh\n" +
		`[ "$1" = install ] && [ "$2" = "github.com/jihat/jihat/cmd/jihat@$JIHAT_VERSION" ] && [ -n "$GOBIN" ] || { echo "go: unexpected $*" >&2; exit 1; }` + "\n" +
		`mkdir -p "$GOBIN" && printf '#!/bin/sh\nJIHAT_KILL_CHILD=1 exec %s "$@"\n' '` + self + `' > "$GOBIN/jihat" && chmod +x "$GOBIN/jihat"` + "\n"
	if err := os.WriteFile(filepath.Join(bin, "go"), []byte(fakeGo), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, version := range []string{"v1.4.0", "(devel)"} {
		site := t.TempDir()
		if _, err := scaffold.Init(site, version); err != nil {
			t.Fatal(err)
		}
		var n struct {
			Build struct {
				Command     string
				Environment map[string]string
			}
		}
		if _, err := toml.DecodeFile(filepath.Join(site, "netlify.toml"), &n); err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command(sh, "-c", n.Build.Command)
		cmd.Dir = site
		cmd.Env = append(os.Environ(), "PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"), "URL=https://example.netlify.app", "JIHAT_VERSION="+n.Build.Environment["JIHAT_VERSION"])
		out, err := cmd.CombinedOutput()
		if version == "(devel)" {
			if err == nil || !strings.Contains(string(out), "JIHAT_VERSION: set JIHAT_VERSION in netlify.toml to a release of Jihat, e.g. v1.0.0") {
				t.Errorf("without a release: %v\n%s", err, out)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%v\n%s", err, out)
		}
		page, err := os.ReadFile(filepath.Join(site, "public", "index.html"))
		if err != nil || !bytes.Contains(page, []byte("https://example.netlify.app/")) {
			t.Errorf("public/index.html not built for Netlify's address: %v", err)
		}
	}
}
