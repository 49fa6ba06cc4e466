package scaffold

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/BurntSushi/toml"

	"github.com/jihat/jihat/internal/config"
	"github.com/jihat/jihat/internal/content"
	"github.com/jihat/jihat/internal/gazetteer"
)

func siteFile(t *testing.T, version, name string) []byte {
	t.Helper()
	files, err := SiteFiles(version)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if f.Path == name {
			return f.Data
		}
	}
	t.Fatalf("no %s among the site files", name)
	return nil
}

// settings lists every setting of config.Site by its dotted TOML path
// ("markdown.unsafe_html", "facility_types.slug").
func settings(t reflect.Type, prefix string) []string {
	var out []string
	for f := range t.Fields() {
		name := prefix + f.Tag.Get("toml")
		switch ft := f.Type; {
		case ft.Kind() == reflect.Struct:
			out = append(out, settings(ft, name+".")...)
		case ft.Kind() == reflect.Slice && ft.Elem().Kind() == reflect.Struct:
			out = append(out, settings(ft.Elem(), name+".")...)
		default:
			out = append(out, name)
		}
	}
	return out
}

// example is a commented setting or table line of site.toml.
var example = regexp.MustCompile(`^# (\[\[?[a-z_]+\]\]?|[a-z_]+ = .+)$`)

func uncomment(lines []string, which func(i int) bool) string {
	out := slices.Clone(lines)
	for i, l := range out {
		if example.MatchString(l) && which(i) {
			out[i] = strings.TrimPrefix(l, "# ")
		}
	}
	return strings.Join(out, "\n")
}

// site.toml documents every setting config knows, each after a line
// saying what it is, with its default: as written it is the default
// configuration, uncommented whole it is the same (plus the example
// facility type), and each setting uncommented alone parses.
func TestSiteTOML(t *testing.T) {
	data := siteFile(t, "v1.0.0", "site.toml")
	got, err := config.Parse(data)
	if err != nil {
		t.Fatalf("site.toml as written: %v", err)
	}
	if !reflect.DeepEqual(got, config.Default()) {
		t.Errorf("site.toml as written is not the default configuration: %+v", got)
	}

	lines := strings.Split(string(data), "\n")
	all := uncomment(lines, func(int) bool { return true })
	var raw map[string]any
	meta, err := toml.Decode(all, &raw)
	if err != nil {
		t.Fatalf("every example uncommented: %v", err)
	}
	defined := map[string]bool{}
	for _, k := range meta.Keys() {
		defined[k.String()] = true
	}
	for _, s := range settings(reflect.TypeFor[config.Site](), "") {
		if !defined[s] {
			t.Errorf("setting %s is not in site.toml", s)
		}
	}
	cfg, err := config.Parse([]byte(all))
	if err != nil {
		t.Fatalf("every example uncommented: %v", err)
	}
	want := config.Default()
	want.FacilityTypes, want.Menu = cfg.FacilityTypes, cfg.Menu
	if !reflect.DeepEqual(cfg, want) {
		t.Errorf("the values shown are not the defaults:\n got %+v\nwant %+v", cfg, want)
	}
	if len(cfg.FacilityTypes) != 1 {
		t.Fatalf("facility types: %+v", cfg.FacilityTypes)
	}
	g, _ := gazetteer.Default()
	f := cfg.FacilityTypes[0]
	if _, err := g.WithFacilityTypes([]gazetteer.FacilityType{{Slug: f.Slug, NameAR: f.NameAR, NameFR: f.NameFR, Group: f.Group, Aliases: f.Aliases}}); err != nil {
		t.Errorf("the example facility type: %v", err)
	}

	table, tableAt := "", 0
	for i, l := range lines {
		m := example.FindStringSubmatch(l)
		if m == nil {
			continue
		}
		if strings.HasPrefix(m[1], "[") {
			table, tableAt = m[1], i
		}
		if i == 0 || !strings.HasPrefix(lines[i-1], "# ") || example.MatchString(lines[i-1]) {
			if !strings.HasPrefix(m[1], "[") && !strings.HasPrefix(lines[i-1], "# [") {
				t.Errorf("line %d, %q: no explanation above it", i+1, l)
			}
		}
		if strings.HasPrefix(m[1], "[") {
			continue
		}
		// This setting alone, with its table's header.
		one := uncomment(lines, func(j int) bool { return j == i || (table != "" && lines[j] == "# "+table) })
		if table == "" {
			one = uncomment(lines, func(j int) bool { return j == i })
		}
		if table == "[[menu]]" {
			// A menu entry is whole only with its name and its url.
			one = uncomment(lines, func(j int) bool { return j >= tableAt && example.MatchString(lines[j]) })
		}
		if table == "[[languages]]" {
			// A language is one only with its code.
			one = uncomment(lines, func(j int) bool {
				return j == i || j == tableAt || (j > tableAt && strings.HasPrefix(lines[j], "# code = "))
			})
		}
		if _, err := config.Parse([]byte(one)); err != nil {
			t.Errorf("line %d uncommented alone: %v", i+1, err)
		}
	}
}

func TestSiteFiles(t *testing.T) {
	files, err := SiteFiles("v1.2.3")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range files {
		names = append(names, f.Path)
	}
	want := []string{".gitignore", "content/2024/imilmaiss-education-training-centre.md", "netlify.toml", "site.toml"}
	if !slices.Equal(names, want) {
		t.Errorf("files %q, want %q", names, want)
	}
	again, _ := SiteFiles("v1.2.3")
	if !reflect.DeepEqual(files, again) {
		t.Error("two calls made different files")
	}
	ignore := string(siteFile(t, "v1.2.3", ".gitignore"))
	for _, p := range []string{"/public/", "/.public.jihat-*", "/.jihat-cache/", "/.jihat-bin/", "*.zip"} {
		if !slices.Contains(strings.Split(ignore, "\n"), p) {
			t.Errorf(".gitignore lacks %s", p)
		}
	}
}

// The example article is valid, without warnings, dated in the past, and
// names places and types of the vocabulary.
func TestExampleArticle(t *testing.T) {
	const name = "content/2024/imilmaiss-education-training-centre.md"
	g, _ := gazetteer.Default()
	a, problems := content.Parse(name, siteFile(t, "v1.0.0", name), content.Options{Gazetteer: g})
	if problems != nil {
		t.Fatal(problems)
	}
	if len(a.Warnings) > 0 {
		t.Error(a.Warnings)
	}
	if !a.Date.Before(time.Now()) || a.Draft {
		t.Errorf("date %v, draft %v", a.Date, a.Draft)
	}
	if a.Regions[0].Slug != "souss-massa" || a.Provinces[0].Slug != "taroudannt" || len(a.Facilities) != 2 {
		t.Errorf("regions %v, provinces %v, facilities %v", a.Regions, a.Provinces, a.Facilities)
	}
}

// netlify.toml pins a release, and says to set one otherwise; it asks for
// the Go of go.mod.
func TestNetlifyTOML(t *testing.T) {
	mod, err := os.ReadFile("../../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(mod), "\ngo "+GoVersion+"\n") {
		t.Errorf("GoVersion %s is not go.mod's go line", GoVersion)
	}
	cases := []struct {
		version, pinned string
	}{
		{"v1.2.3", "v1.2.3"},
		{"v2.0.0-rc.1", "v2.0.0-rc.1"},
		{"(devel)", ""},
		{"", ""},
		{"v0.0.0-20240101120000-0123456789ab", ""},
		{"v1.2.4-0.20240101120000-0123456789ab", ""},
		{"v1.2.3+dirty", ""},
		{"v1.2.3-0.20240101120000-0123456789ab+dirty", ""},
	}
	for _, tc := range cases {
		if IsRelease(tc.version) != (tc.pinned != "") {
			t.Errorf("IsRelease(%q) = %v", tc.version, !(tc.pinned != ""))
		}
		data := siteFile(t, tc.version, "netlify.toml")
		var n struct {
			Build struct {
				Command, Publish string
				Environment      map[string]string
			}
		}
		if _, err := toml.Decode(string(data), &n); err != nil {
			t.Fatalf("%s: %v", tc.version, err)
		}
		if n.Build.Publish != "public" || n.Build.Environment["GO_VERSION"] != GoVersion || n.Build.Environment["JIHAT_VERSION"] != tc.pinned {
			t.Errorf("%s: %+v", tc.version, n.Build)
		}
		if !strings.Contains(n.Build.Command, "go install \"github.com/jihat/jihat/cmd/jihat@${JIHAT_VERSION:?") ||
			!strings.Contains(n.Build.Command, `jihat build --base-url "$URL/"`) {
			t.Errorf("command %s", n.Build.Command)
		}
		devel := strings.Contains(string(data), "a development build, with no release")
		if devel != (tc.pinned == "") {
			t.Errorf("%s: placeholder comment %v:\n%s", tc.version, devel, data)
		}
	}
}

func TestInitRefuses(t *testing.T) {
	dir := t.TempDir()
	for _, n := range []string{"a", "b", "c", "d", "e", "f"} {
		os.WriteFile(filepath.Join(dir, n), nil, 0o644)
	}
	_, err := Init(dir, "v1.0.0")
	want := dir + ` is not empty (it holds "a", "b", "c", "d", "e" and 1 more): a new site needs an empty or new folder; give one, e.g. jihat init my-site`
	if err == nil || err.Error() != want {
		t.Errorf("got %v\nwant %s", err, want)
	}
	// A fresh clone holds .git alone: that is a new site's folder.
	git := t.TempDir()
	os.Mkdir(filepath.Join(git, ".git"), 0o755)
	if _, err := Init(git, "v1.0.0"); err != nil {
		t.Error(err)
	}
}

func TestExportThemeClashes(t *testing.T) {
	theme := fstest.MapFS{
		"layouts/base.html":         {Data: []byte("base")},
		"layouts/partials/one.html": {Data: []byte("one")},
		"static/style.css":          {Data: []byte("css")},
	}
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "layouts"), 0o755)
	os.WriteFile(filepath.Join(dir, "layouts/base.html"), []byte("mine"), 0o644)
	os.WriteFile(filepath.Join(dir, "layouts/other.html"), []byte("other"), 0o644)

	_, err := ExportTheme(theme, dir, false)
	var clash *ClashError
	if !errors.As(err, &clash) || err.Error() != dir+" already holds 1 of the theme's files, left as they are (--force replaces them):\n  layouts/base.html" {
		t.Fatalf("got %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "static")); err == nil {
		t.Error("files written despite the clash")
	}
	written, err := ExportTheme(theme, dir, true)
	if err != nil || len(written) != 3 {
		t.Fatalf("force: %v %v", written, err)
	}
	for name, want := range map[string]string{"layouts/base.html": "base", "layouts/other.html": "other", "layouts/partials/one.html": "one", "static/style.css": "css"} {
		if got, _ := os.ReadFile(filepath.Join(dir, name)); string(got) != want {
			t.Errorf("%s: %q, want %q", name, got, want)
		}
	}
}
