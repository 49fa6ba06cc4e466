package cachedir

import (
	"errors"
	"fmt"
	"os"
	"reflect"
	"testing"
	"time"

	"github.com/jihat/jihat/internal/content"
	"github.com/jihat/jihat/internal/gazetteer"
)

// filler gives every field reachable from a value a value of its own, not
// the zero value: a field the cache drops then shows as a difference.
type filler struct {
	t *testing.T
	n int
	// special fills the values it knows (pointers into the gazetteer) and
	// says so.
	special func(path string, v reflect.Value) bool
}

func (f *filler) fill(path string, v reflect.Value) {
	f.n++
	if f.special != nil && f.special(path, v) {
		return
	}
	switch v.Kind() {
	case reflect.String:
		v.SetString(fmt.Sprintf("s%d", f.n))
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(int64(f.n%100 + 1))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		v.SetUint(uint64(f.n%100 + 1))
	case reflect.Float32, reflect.Float64:
		v.SetFloat(float64(f.n) + 0.5)
	case reflect.Array:
		for i := range v.Len() {
			f.fill(fmt.Sprintf("%s[%d]", path, i), v.Index(i))
		}
	case reflect.Slice:
		v.Set(reflect.MakeSlice(v.Type(), 2, 2))
		for i := range 2 {
			f.fill(fmt.Sprintf("%s[%d]", path, i), v.Index(i))
		}
	case reflect.Map:
		v.Set(reflect.MakeMap(v.Type()))
		for i := range 2 {
			k, e := reflect.New(v.Type().Key()).Elem(), reflect.New(v.Type().Elem()).Elem()
			f.fill(fmt.Sprintf("%s[key %d]", path, i), k)
			f.fill(fmt.Sprintf("%s[%d]", path, i), e)
			v.SetMapIndex(k, e)
		}
	case reflect.Pointer:
		v.Set(reflect.New(v.Type().Elem()))
		f.fill(path, v.Elem())
	case reflect.Struct:
		if v.Type() == reflect.TypeFor[time.Time]() {
			v.Set(reflect.ValueOf(time.Date(2020, 1, 1+f.n%27, f.n%24, 0, f.n%60, f.n, time.UTC)))
			return
		}
		for i := range v.NumField() {
			field := v.Type().Field(i)
			if !field.IsExported() {
				// gob writes exported fields only: this one would be
				// lost without a word.
				f.t.Errorf("%s.%s (%s) is unexported: the cache would drop it", path, field.Name, v.Type())
				continue
			}
			f.fill(path+"."+field.Name, v.Field(i))
		}
	default:
		f.t.Errorf("%s: a %s cannot be kept in the cache", path, v.Kind())
	}
}

// differences lists the fields where got and want differ, by path.
func differences(path string, got, want reflect.Value) []string {
	if reflect.DeepEqual(got.Interface(), want.Interface()) {
		return nil
	}
	switch want.Kind() {
	case reflect.Struct:
		if want.Type() == reflect.TypeFor[time.Time]() {
			break
		}
		var out []string
		for i := range want.NumField() {
			if want.Type().Field(i).IsExported() {
				out = append(out, differences(path+"."+want.Type().Field(i).Name, got.Field(i), want.Field(i))...)
			}
		}
		return out
	case reflect.Pointer:
		if !got.IsNil() && !want.IsNil() {
			return differences(path, got.Elem(), want.Elem())
		}
	case reflect.Map:
		if got.Len() == want.Len() {
			var out []string
			for _, k := range want.MapKeys() {
				if g := got.MapIndex(k); g.IsValid() {
					out = append(out, differences(fmt.Sprintf("%s[%v]", path, k), g, want.MapIndex(k))...)
				} else {
					out = append(out, fmt.Sprintf("%s[%v] missing", path, k))
				}
			}
			return out
		}
	}
	return []string{fmt.Sprintf("%s: got %v, want %v", path, got, want)}
}

// Every field of build.gob, filled, comes back as it was.
func TestBuildRoundTrip(t *testing.T) {
	var want Build
	(&filler{t: t}).fill("Build", reflect.ValueOf(&want).Elem())
	want.Format = Format
	dir := t.TempDir()
	if err := WriteBuild(dir, &want); err != nil {
		t.Fatal(err)
	}
	got, r, err := ReadBuild(dir, want.Engine)
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Rest(got); err != nil {
		t.Fatal(err)
	}
	for _, d := range differences("Build", reflect.ValueOf(got).Elem(), reflect.ValueOf(&want).Elem()) {
		t.Errorf("not kept: %s", d)
	}
	if _, _, err := ReadBuild(dir, "another jihat"); !errors.Is(err, ErrStale) {
		t.Errorf("a cache of another engine was read: %v", err)
	}
}

// Every field of search.gob, filled, comes back as it was.
func TestSearchRoundTrip(t *testing.T) {
	var want Search
	(&filler{t: t}).fill("Search", reflect.ValueOf(&want).Elem())
	want.Format = Format
	dir := t.TempDir()
	if err := WriteSearch(dir, &want); err != nil {
		t.Fatal(err)
	}
	if len(want.Index.Docs) == 0 {
		t.Fatal("WriteSearch changed the caller's index")
	}
	got, err := ReadSearch(dir, want.Engine)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range differences("Search", reflect.ValueOf(got).Elem(), reflect.ValueOf(&want).Elem()) {
		t.Errorf("not kept: %s", d)
	}
}

// The content.Article fields the cache does not keep, and why. Any other
// field, a new front-matter field among them, must survive the cache.
var notKept = map[string]string{
	"Scheduled": "set by content.Load at every load, from the date and the build's time",
	"Body":      "read again from the file at BodyOffset when it is converted",
	"Resources": "listed again from the bundle's folder at every load",
}

// A parsed article, every field filled, comes back through build.gob as it
// was, but for the fields notKept names.
func TestArticleRoundTrip(t *testing.T) {
	g, err := gazetteer.Default()
	if err != nil {
		t.Fatal(err)
	}
	region := g.Regions()[0]
	fromGazetteer := func(path string, v reflect.Value) bool {
		switch v.Type() {
		case reflect.TypeFor[*gazetteer.Region]():
			v.Set(reflect.ValueOf(region))
		case reflect.TypeFor[*gazetteer.Province]():
			v.Set(reflect.ValueOf(region.Provinces[0]))
		case reflect.TypeFor[*gazetteer.FacilityType]():
			v.Set(reflect.ValueOf(g.FacilityTypes()[0]))
		default:
			return false
		}
		return true
	}
	var want content.Article
	(&filler{t: t, special: fromGazetteer}).fill("content.Article", reflect.ValueOf(&want).Elem())
	dir := t.TempDir()
	c := &Build{Engine: "e", Parsed: map[string]Article{want.Path: NewArticle(7, 9, &want)}}
	if err := WriteBuild(dir, c); err != nil {
		t.Fatal(err)
	}
	read, r, err := ReadBuild(dir, "e")
	if err != nil {
		t.Fatal(err)
	}
	r.Close()
	kept := read.Parsed[want.Path]
	if kept.Size != 7 || kept.ModTime != 9 {
		t.Errorf("file identity %d %d, want 7 9", kept.Size, kept.ModTime)
	}
	got, ok := kept.Article(g)
	if !ok {
		t.Fatal("the article's places are not found again")
	}
	wv, gv := reflect.ValueOf(want), reflect.ValueOf(*got)
	for i := range wv.NumField() {
		name := wv.Type().Field(i).Name
		if why, ok := notKept[name]; ok {
			if !gv.Field(i).IsZero() {
				t.Errorf("%s is said not to be kept (%s), yet it came back", name, why)
			}
			continue
		}
		for _, d := range differences("content.Article."+name, gv.Field(i), wv.Field(i)) {
			t.Errorf("not kept in the cache: %s — add the field to cachedir.Article, NewArticle and Article, or to notKept with the reason", d)
		}
	}
	// The gazetteer changed under the cache: the article is parsed again.
	bad := NewArticle(1, 1, &want)
	bad.Provinces = []string{"no-such-province"}
	if _, ok := bad.Article(g); ok {
		t.Error("an article naming a province the gazetteer lost was restored")
	}
}

// A truncated file is an error, never a half-read cache.
func TestTruncated(t *testing.T) {
	var want Build
	(&filler{t: t}).fill("Build", reflect.ValueOf(&want).Elem())
	dir := t.TempDir()
	if err := WriteBuild(dir, &want); err != nil {
		t.Fatal(err)
	}
	name := dir + "/" + BuildFile
	data := readFile(t, name)
	for _, cut := range []int{len(data) / 3, len(data) - 5} {
		writeFile(t, name, data[:cut])
		got, r, err := ReadBuild(dir, want.Engine)
		if err == nil {
			err = r.Rest(got)
		}
		if err == nil {
			t.Errorf("a file cut at %d of %d bytes was read", cut, len(data))
		}
	}
}

func readFile(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func writeFile(t *testing.T, name string, data []byte) {
	t.Helper()
	if err := os.WriteFile(name, data, 0o644); err != nil {
		t.Fatal(err)
	}
}
