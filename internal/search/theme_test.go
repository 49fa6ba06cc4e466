package search_test

import (
	"bytes"
	"io/fs"
	"slices"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
	"golang.org/x/net/html"

	"github.com/jihat/jihat"
	"github.com/jihat/jihat/internal/arabic"
)

// The built-in theme's search page gives search.js what it fills: the
// result count in every Arabic plural form, and a result template with
// every role. The forms are checked with arabic.Noun, whose rules
// search.js's plural() follows.
func TestThemeSearchPage(t *testing.T) {
	page, err := fs.ReadFile(jihat.Theme, "layouts/search.html")
	if err != nil {
		t.Fatal(err)
	}
	var forms map[string]string
	var roles []string
	inTemplate := false
	z := html.NewTokenizer(bytes.NewReader(page))
	for tt := z.Next(); tt != html.ErrorToken; tt = z.Next() {
		tok := z.Token()
		attrs := map[string]string{}
		for _, a := range tok.Attr {
			attrs[a.Key] = a.Val
		}
		switch {
		case tt == html.StartTagToken && attrs["id"] == "search-status":
			forms = attrs
		case tt == html.StartTagToken && tok.Data == "template" && attrs["id"] == "search-result":
			inTemplate = true
		case tt == html.EndTagToken && tok.Data == "template":
			inTemplate = false
		case inTemplate && attrs["data-result"] != "":
			roles = append(roles, strings.Fields(attrs["data-result"])...)
		}
	}
	if forms == nil {
		t.Fatal("no #search-status")
	}
	if forms["role"] != "status" {
		t.Errorf("#search-status has role %q, want status", forms["role"])
	}
	// The forms are the theme's "results" label, which the page writes as
	// data-* attributes ({{.Lang.PluralAttrs "results"}}, %d for {n}).
	if !bytes.Contains(page, []byte(`{{$L.PluralAttrs "results"}}`)) {
		t.Error(`#search-status does not take the forms of the label "results"`)
	}
	var labels struct{ Results map[string]string }
	if _, err := toml.Decode(string(must(fs.ReadFile(jihat.Theme, "layouts/strings.toml"))), &labels); err != nil {
		t.Fatal(err)
	}
	form := func(c string) string { return strings.ReplaceAll(labels.Results[c], "{n}", "%d") }
	results := arabic.Noun{
		Zero: form("zero"), One: form("one"), Two: form("two"),
		Few: form("few"), Many: form("many"), Other: form("other"),
	}
	ks := []int{0, 1, 2, 3, 10, 11, 99, 100, 101, 102, 103, 111, 1000}
	want := []string{
		"لا نتائج", "نتيجة واحدة", "نتيجتان", "3 نتائج", "10 نتائج", "11 نتيجة",
		"99 نتيجة", "100 نتيجة", "101 نتيجة", "102 نتيجة", "103 نتائج", "111 نتيجة", "1000 نتيجة",
	}
	for i, k := range ks {
		if got := results.Count(k); got != want[i] {
			t.Errorf("%d results: %q, want %q", k, got, want[i])
		}
	}
	slices.Sort(roles)
	if got, want := strings.Join(roles, " "), "date excerpt link places title"; got != want {
		t.Errorf("template#search-result roles %q, want %q", got, want)
	}
}

func must(data []byte, err error) []byte {
	if err != nil {
		panic(err)
	}
	return data
}
