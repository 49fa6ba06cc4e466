package render

import (
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/jihat/jihat"
)

// A site's layouts/strings.toml changes the labels it names and keeps the
// theme's others; its mistakes are reported with the line and the fix.
func TestLabels(t *testing.T) {
	for _, tt := range []struct {
		name    string
		site    string // the site's layouts/strings.toml, "" for none
		want    map[string]string
		problem string // part of the expected message, "" for none
	}{
		{name: "the theme's", want: map[string]string{"home": "الرئيسية", "tag": "وسم: {name}"}},
		{name: "one label overridden", site: "home = \"البداية\"\n",
			want: map[string]string{"home": "البداية", "regions": "الجهات", "tag": "وسم: {name}"}},
		{name: "a placeholder moved", site: "# عناوين\ntag = \"{name} (وسم)\"\n", want: map[string]string{"tag": "{name} (وسم)"}},
		{name: "unknown label", site: "home = \"أ\"\nhomme = \"ب\"\n", problem: "layouts/strings.toml:2:1: unknown label \"homme\""},
		{name: "unknown placeholder", site: "\nyear = \"أرشيف {year}\"\n", problem: "layouts/strings.toml:2:1: label \"year\": {year} is not one of its placeholders ({name})"},
		{name: "placeholder in a label that takes none", site: "home = \"{name}\"\n", problem: "it takes none"},
		{name: "not TOML", site: "home: الرئيسية\n", problem: "layouts/strings.toml:1"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			site := fstest.MapFS{}
			if tt.site != "" {
				site[LabelsFile] = &fstest.MapFile{Data: []byte(tt.site)}
			}
			labels, _, problems := loadLabels(jihat.Theme, overlayFS{site, jihat.Theme}, "ar", nil)
			if tt.problem != "" {
				if !strings.Contains(problems.Error(), tt.problem) {
					t.Fatalf("problems %q, want one with %q", problems.Error(), tt.problem)
				}
				return
			}
			if len(problems) > 0 {
				t.Fatal(problems)
			}
			for key, want := range tt.want {
				if labels[key] != want {
					t.Errorf("%s = %q, want %q", key, labels[key], want)
				}
			}
		})
	}
}

// A theme without the file, or missing a label, is told which.
func TestLabelsMissing(t *testing.T) {
	theme := fstest.MapFS{LabelsFile: {Data: []byte("home = \"الرئيسية\"\n")}}
	_, _, problems := loadLabels(nil, theme, "ar", nil)
	if !strings.Contains(problems.Error(), `no label "archive"`) {
		t.Errorf("problems %q", problems.Error())
	}
}

// overlayFS is the site over the theme, file by file, as the build layers
// them.
type overlayFS struct{ site, theme fs.FS }

func (o overlayFS) Open(name string) (fs.File, error) {
	if f, err := o.site.Open(name); err == nil {
		return f, nil
	}
	return o.theme.Open(name)
}

// A layout asking for a label the theme lacks is refused at its line; a
// language's file missing a label, or giving a wrong plural form, is told.
func TestLabelsOfLanguages(t *testing.T) {
	for _, tt := range []struct {
		name    string
		site    map[string]string
		langs   []string
		problem string
	}{
		{name: "the theme in three languages", langs: []string{"ar", "fr", "zgh"}},
		{name: "a layout's unknown label", site: map[string]string{"layouts/partials/x.html": "{{define \"x\"}}\n{{.Lang.T \"skp\"}}{{end}}"},
			problem: `layouts/partials/x.html:2: no label "skp" in layouts/strings.toml: add it there, or correct the key`},
		{name: "a count of an unknown label", site: map[string]string{"layouts/partials/x.html": "{{define \"x\"}}{{$L := .Lang}}{{$L.Count \"artikles\" 2}}{{end}}"},
			problem: `no label "artikles"`},
		{name: "a language without its file", site: map[string]string{}, langs: []string{"ar", "es"},
			problem: `layouts/strings.es.toml: no words for the language "es"`},
		{name: "a wrong plural form", site: map[string]string{"layouts/strings.fr.toml": "articles = { un = \"{n} article\", other = \"{n} articles\" }\n"}, langs: []string{"fr"},
			problem: `layouts/strings.fr.toml:1:1: label "articles": un is not a plural form`},
		{name: "a plural without other", site: map[string]string{"layouts/strings.fr.toml": "articles = { one = \"{n} article\" }\n"}, langs: []string{"fr"},
			problem: `label "articles" has no other form`},
		{name: "a label the Arabic file lacks", site: map[string]string{"layouts/strings.fr.toml": "acceuil = \"x\"\n"}, langs: []string{"fr"},
			problem: `layouts/strings.fr.toml:1:1: unknown label "acceuil"`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			site := fstest.MapFS{}
			for name, data := range tt.site {
				site[name] = &fstest.MapFile{Data: []byte(data)}
			}
			_, problems := Load(overlayFS{site, jihat.Theme}, Options{Base: jihat.Theme, Languages: tt.langs})
			if tt.problem == "" {
				if len(problems) > 0 {
					t.Fatal(problems)
				}
				return
			}
			if !strings.Contains(problems.Error(), tt.problem) {
				t.Fatalf("problems %q, want one with %q", problems.Error(), tt.problem)
			}
		})
	}
}
