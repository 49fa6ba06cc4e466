package config

import (
	"os"
	"path/filepath"
	"testing"
)

func TestLoad(t *testing.T) {
	cases := []struct {
		name, toml, want string
	}{
		{"unknown key", "title = \"x\"\npagesize = 10\n", `site.toml:2:1: unknown setting "pagesize" (known: title, description, base_url, language, publisher, page_size, feed_length, home_articles, related_articles, [markdown] unsafe_html, [[facility_types]])`},
		{"bad base url", "title = \"x\"\nbase_url = \"example.org\"\n", `site.toml:2:1: base_url "example.org" must be an absolute http(s) URL such as "https://example.org/"`},
		{"language", "language = \"fr\"\n", `site.toml:1:1: language "fr" is not supported: Jihat builds Arabic sites (language = "ar")`},
		{"page size", "\n\npage_size = 0\n", `site.toml:3:1: page_size must be at least 1, got 0`},
		{"syntax", "title = \"x\n", `site.toml:1:11: strings cannot contain newlines`},
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
	if err := s.Override("ftp://x"); err == nil {
		t.Error("ftp base URL accepted")
	}
}
