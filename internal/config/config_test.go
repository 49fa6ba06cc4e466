package config

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestLoad(t *testing.T) {
	cases := []struct {
		name, toml, want string
	}{
		{"unknown key", "title = \"x\"\npagesize = 10\n", `site.toml:2:1: unknown setting "pagesize" (known: title, description, base_url, language, publisher, publisher_logo, logo, accent, footer, digits, page_size, feed_length, home_articles, related_articles, [markdown] unsafe_html, [photos] keep_originals, [[facility_types]], [[menu]], [[languages]])`},
		{"menu without a name", "[[menu]]\nurl = \"/about/\"\n", `site.toml:1:3: a [[menu]] entry has no name: write the words of the link, name = "من نحن"`},
		{"menu url relative", "[[menu]]\nname = \"من نحن\"\nurl = \"about/\"\n", `site.toml:3:7: menu url "about/": write a page of the site from its root, url = "/about/", or a whole address, url = "https://…"`},
		{"bad base url", "title = \"x\"\nbase_url = \"example.org\"\n", `site.toml:2:1: base_url "example.org" must be an absolute http(s) URL such as "https://example.org/"`},
		{"language", "language = \"en\"\n", `site.toml:1:12: language "en" is not supported: write one of ar, fr, zgh`},
		{"language code", "[[languages]]\ncode = \"ar\"\n[[languages]]\ncode = \"es\"\n", `site.toml:4:8: language "es" is not supported: write one of ar, fr, zgh`},
		{"language twice", "[[languages]]\ncode = \"ar\"\n[[languages]]\ncode = \"ar\"\n", `site.toml:4:8: language "ar" is listed twice in [[languages]]: keep one entry`},
		{"language without code", "[[languages]]\nname = \"x\"\n", `site.toml:1:3: a [[languages]] entry has no code: write code = "ar", "fr" or "zgh"`},
		{"direction", "[[languages]]\ncode = \"fr\"\ndirection = \"up\"\n", `site.toml:3:13: direction "up": write direction = "rtl" (right to left) or direction = "ltr" (left to right)`},
		{"two defaults", "[[languages]]\ncode = \"ar\"\ndefault = true\n[[languages]]\ncode = \"fr\"\ndefault = true\n", `site.toml:1:3: 2 languages say default = true: the site's root has one language; keep default = true on one`},
		{"language disagrees", "language = \"ar\"\n[[languages]]\ncode = \"fr\"\n", `site.toml:1:1: language "ar" is not the default of [[languages]] ("fr"): remove the line language, [[languages]] says it`},
		{"menu lang", "[[languages]]\ncode = \"ar\"\n[[menu]]\nname = \"x\"\nurl = \"/x/\"\nlang = \"fr\"\n", `site.toml:6:8: menu lang "fr" is not one of the site's languages (ar)`},
		{"page size", "\n\npage_size = 0\n", `site.toml:3:13: page_size must be a whole number from 1 to 1000, found 0`},
		{"syntax", "title = \"x\n", `site.toml:1:11: strings cannot contain newlines`},
		{"accent not a colour", "title = \"x\"\naccent = \"blue\"\n", `site.toml:2:10: accent "blue" must be a colour written #rrggbb (or #rgb), e.g. accent = "#0b5a7a"`},
		{"accent too light", "accent = \"#f5c518\"\n", `site.toml:1:10: accent "#f5c518" is too light: white text on it, and it on the white page, have a contrast of 1.6:1, and readers need at least 4.5:1; choose a darker colour, e.g. #876c0d`},
		{"accent short form too light", "accent = \"#9cf\"\n", `site.toml:1:10: accent "#9cf" is too light: white text on it, and it on the white page, have a contrast of 1.6:1, and readers need at least 4.5:1; choose a darker colour, e.g. #54708c`},
		{"logo as an address", "logo = \"https://cdn.example/logo.svg\"\n", `site.toml:1:8: logo "https://cdn.example/logo.svg": name a file of the site's static/ folder as it sits there, e.g. logo = "logo.svg" for static/logo.svg`},
		{"publisher logo outside static", "publisher_logo = \"../logo.png\"\n", `site.toml:1:18: publisher_logo "../logo.png": name a file of the site's static/ folder as it sits there, e.g. publisher_logo = "logo.svg" for static/logo.svg`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, FileName), []byte(tc.toml), 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := Load(dir)
			if err == nil || err.Error() != tc.want {
				t.Errorf("got  %v\nwant %s", err, tc.want)
			}
		})
	}
}

func TestDefaultsAndOverride(t *testing.T) {
	s, err := Load(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if s.PageSize != 20 || s.FeedLength != 20 || s.Language != "ar" || s.Title == "" {
		t.Errorf("defaults: %+v", s)
	}
	if err := s.Override("https://example.org/news"); err != nil {
		t.Fatal(err)
	}
	if s.BaseURL != "https://example.org/news/" {
		t.Errorf("base URL %q, want a trailing slash added", s.BaseURL)
	}
	for _, bad := range []string{"ftp://x", "/", "news/", "example.org"} {
		err := s.Override(bad)
		if err == nil || !strings.HasPrefix(err.Error(), fmt.Sprintf("--base-url %q must be an absolute http(s) URL", bad)) {
			t.Errorf("--base-url %q: %v; want an error naming the flag", bad, err)
		}
	}
	if s.BaseURL != "https://example.org/news/" {
		t.Errorf("a refused --base-url changed the base URL to %q", s.BaseURL)
	}
	good, err := Parse([]byte("accent = \"#0b5a7a\"\nlogo = \"brand/logo.svg\"\nfooter = \"وزارة التضامن\"\npublisher_logo = \"logo.png\"\n"))
	if err != nil || good.Accent != "#0b5a7a" || good.Logo != "brand/logo.svg" || good.Footer != "وزارة التضامن" || good.PublisherLogo != "logo.png" {
		t.Errorf("brand settings: %+v, %v", good, err)
	}
}

// A value of the wrong type, or out of range, is reported at its line and
// column, saying what the setting takes and what was found.
func TestTypes(t *testing.T) {
	cases := []struct {
		name, toml, want string
	}{
		{"exponent", "page_size = 1e9\n", `site.toml:1:13: page_size must be a whole number from 1 to 1000, found the decimal number 1e+09`},
		{"decimal", "title = \"x\"\n  feed_length  =  2.5\n", `site.toml:2:19: feed_length must be a whole number from 1 to 1000, found the decimal number 2.5`},
		{"quoted number", "title = 'x'\npage_size = \"20\"\n", `site.toml:2:13: page_size must be a whole number from 1 to 1000, found the text "20": remove the quotes`},
		{"negative", "page_size = -3\n", `site.toml:1:13: page_size must be a whole number from 1 to 1000, found -3`},
		{"too large", "home_articles = 1000000000\n", `site.toml:1:17: home_articles must be a whole number from 1 to 1000, found 1000000000`},
		{"related negative", "related_articles = -1\n", `site.toml:1:20: related_articles must be a whole number from 0 to 100, found -1`},
		{"related too many", "related_articles = 101\n", `site.toml:1:20: related_articles must be a whole number from 0 to 100, found 101`},
		{"beyond int64", "page_size = 99999999999999999999\n", `site.toml:1:13: 99999999999999999999 is out of range for int64`},
		{"title number", "\ntitle = 5\n", `site.toml:2:9: title must be text in quotes, found the number 5: write title = "5"`},
		{"title bool", "title = true\n", `site.toml:1:9: title must be text in quotes, found true: write title = "true"`},
		{"base_url list", "base_url = [\"https://example.org/\"]\n", `site.toml:1:12: base_url must be text in quotes, found a list`},
		{"title escape", "title = \"جهات\\u0000\"\n", `site.toml:1:9: title holds the invisible character U+0000 (NUL), which no web page can show (written with a backslash escape): remove it`},
		{"unsafe_html text", "[markdown]\nunsafe_html = 'true'\n", `site.toml:2:15: unsafe_html must be true or false, found the text "true": remove the quotes`},
		{"markdown not a table", "markdown = 3\n", `site.toml:1:12: markdown must be a [markdown] table (a line [markdown], then unsafe_html = true or false), found the number 3`},
		{"keep_originals text", "[photos]\nkeep_originals = \"yes\"\n", `site.toml:2:18: keep_originals must be true or false, found the text "yes"`},
		{"photos not a table", "photos = true\n", `site.toml:1:10: photos must be a [photos] table (a line [photos], then keep_originals = true or false), found true`},
		{"photos unknown key", "[photos]\nkeep_original = true\n", `site.toml:2:1: unknown setting "photos.keep_original" (known: title, description, base_url, language, publisher, publisher_logo, logo, accent, footer, digits, page_size, feed_length, home_articles, related_articles, [markdown] unsafe_html, [photos] keep_originals, [[facility_types]], [[menu]], [[languages]])`},
		{"facility_types not tables", "facility_types = \"x\"\n", `site.toml:1:18: facility_types must be [[facility_types]] tables, each a line [[facility_types]] followed by slug = "…" and name_ar = "…", found the text "x"`},
		{"facility slug number", "[[facility_types]]\nslug = \"a\"\nname_ar = \"أ\"\n\n[[facility_types]]\nslug = 5\n", `site.toml:6:8: slug must be text in quotes, found the number 5: write slug = "5"`},
		{"aliases text", "[[facility_types]]\nslug = \"a\"\nname_ar = \"أ\"\naliases = \"ب\"\n", `site.toml:4:11: aliases must be a list of names in quotes, e.g. aliases = ["…", "…"], found the text "ب"`},
		{"aliases numbers", "[[facility_types]]\nslug = \"a\"\nname_ar = \"أ\"\naliases = [\"ب\", 3]\n", `site.toml:4:11: aliases must be a list of names in quotes, e.g. aliases = ["…", "…"], found the number 3 in it`},
		{"facility slug reserved", "[[facility_types]]\nslug = \"a\"\nname_ar = \"أ\"\n[[facility_types]]\nslug = \"aux\"\nname_ar = \"ب\"\n", `site.toml:5:8: facility type slug "aux" cannot be used as a page address: Windows reserves that name for a device, so a site holding it could not be copied or unzipped there; choose another slug`},
		{"two problems", "title = 5\npage_size = \"x\"\n", "site.toml:1:9: title must be text in quotes, found the number 5: write title = \"5\"\nsite.toml:2:13: page_size must be a whole number from 1 to 1000, found the text \"x\""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse([]byte(tc.toml))
			if err == nil || err.Error() != tc.want {
				t.Errorf("got  %v\nwant %s", err, tc.want)
			}
		})
	}
}

// Whatever the bytes, Parse returns a configuration or an error, never
// both, never neither, and never panics.
func FuzzConfig(f *testing.F) {
	for _, s := range []string{
		"", "title = \"x\"\n", "page_size = 1e9\n", "page_size = \"20\"\n", "title = 5\n",
		"[markdown]\nunsafe_html = 'yes'\n", "[[facility_types]]\nslug = 5\n", "markdown = 3\n", "[photos]\nkeep_originals = true\n",
		"[[facility_types]]\nslug = \"con\"\nname_ar = \"x\"\n", "title = \"\\u0000\"\n", "a.b.c = 1\n[x]\ny = [1, 'a']\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := Parse(data)
		if (s == nil) == (err == nil) {
			t.Fatalf("site %v, error %v", s, err)
		}
	})
}

func TestKeepOriginals(t *testing.T) {
	for _, tc := range []struct {
		toml string
		want bool
	}{{"", false}, {"[photos]\nkeep_originals = false\n", false}, {"[photos]\nkeep_originals = true\n", true}} {
		s, err := Parse([]byte(tc.toml))
		if err != nil {
			t.Fatalf("%q: %v", tc.toml, err)
		}
		if s.Photos.KeepOriginals != tc.want {
			t.Errorf("%q: keep_originals %v, want %v", tc.toml, s.Photos.KeepOriginals, tc.want)
		}
	}
}

func TestLanguages(t *testing.T) {
	for _, tc := range []struct {
		name, toml string
		want       []Lang
	}{
		{"none", "title = \"t\"\n", []Lang{{Code: "ar", Name: "العربية", Direction: "rtl", Default: true, Title: "t", Description: Default().Description}}},
		{"default first", "title = \"t\"\n[[languages]]\ncode = \"fr\"\ntitle = \"Jihat\"\n[[languages]]\ncode = \"ar\"\ndefault = true\n[[languages]]\ncode = \"zgh\"\nname = \"Tamazight\"\n", []Lang{
			{Code: "ar", Name: "العربية", Direction: "rtl", Default: true, Title: "t", Description: Default().Description},
			{Code: "fr", Name: "français", Direction: "ltr", Title: "Jihat", Description: Default().Description},
			{Code: "zgh", Name: "Tamazight", Direction: "ltr", Title: "t", Description: Default().Description},
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := Parse([]byte(tc.toml))
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(s.Languages, tc.want) {
				t.Errorf("got  %+v\nwant %+v", s.Languages, tc.want)
			}
			if s.Language != tc.want[0].Code {
				t.Errorf("Language = %q, want %q", s.Language, tc.want[0].Code)
			}
		})
	}
}
