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
