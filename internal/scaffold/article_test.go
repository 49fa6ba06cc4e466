package scaffold

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jihat/jihat/internal/content"
	"github.com/jihat/jihat/internal/gazetteer"
)

// newSite is a site holding one article and a facility type of its own.
func newSite(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "content/2023"), 0o755)
	os.WriteFile(filepath.Join(dir, "content/2023/taken.md"), []byte("---\ntitle: x\n---\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "site.toml"), []byte("[[facility_types]]\nslug = \"mobile-unit\"\nname_ar = \"الوحدة المتنقلة\"\n"), 0o644)
	return dir
}

func TestNewArticle(t *testing.T) {
	// 23:30 in London on 31 December is already 1 January in Morocco.
	now := time.Date(2024, 12, 31, 23, 30, 0, 0, time.UTC)
	cases := []struct {
		name string
		a    Article
		path string // written, or "" when err
		want string // the front matter, or the error
	}{
		{"names as editors write them", Article{Title: ` افتتاح "دار الطالبة"  بأركانة: \ توسعة `, Regions: []string{"جهة سوس ماسة"}, Provinces: []string{"إقليم تارودانت، tiznit", "Taroudannt"}, Types: []string{"دار الطالبة", "الوحدة المتنقلة"}},
			"content/2025/افتتاح-دار-الطالبة-بأركانة-توسعة.md",
			"---\ntitle: \"افتتاح \\\"دار الطالبة\\\" بأركانة: \\\\ توسعة\"\ndate: 2025-01-01\nregion: souss-massa\nprovince: [taroudannt, tiznit]\nfacility_type: [dar-taliba, mobile-unit]\nsummary: \"\"\ndraft: true\n---\n\n" + Placeholder + "\n"},
		{"region from the province, slug and date given", Article{Title: "زيارة", Provinces: []string{"khouribga"}, Slug: "Khouribga Visit", Date: "2023-05-06"},
			"content/2023/khouribga-visit.md",
			"---\ntitle: \"زيارة\"\ndate: 2023-05-06\nregion: beni-mellal-khenifra\nprovince: khouribga\nsummary: \"\"\ndraft: true\n---\n\n" + Placeholder + "\n"},
		{"misspelt region", Article{Title: "عنوان", Regions: []string{"سوس ماس"}},
			"", `--region "سوس ماس": unknown region (did you mean "souss-massa" سوس ماسة?)`},
		{"every mistake at once", Article{Title: "عنوان", Regions: []string{"oriental"}, Provinces: []string{"tiznit", "nowhere-at-all-x"}, Types: []string{"دار الطالبه", "zzzzzzzz"}},
			"", `--province "nowhere-at-all-x": unknown province: write a prefecture or province, e.g. taroudannt or "إقليم تارودانت"` + "\n" +
				`--province "tiznit": تيزنيت is in the region سوس ماسة (souss-massa), not in the region given, الشرق (oriental): add --region souss-massa or fix the province` + "\n" +
				`--type "zzzzzzzz": unknown facility type: write a type from the vocabulary, e.g. dar-taliba or "دار الطالبة"; a site can add its own under [[facility_types]] in site.toml`},
		{"typo in a type", Article{Title: "عنوان", Regions: []string{"oriental"}, Types: []string{"دار الطالبةة"}},
			"", `--type "دار الطالبةة": unknown facility type (did you mean "dar-taliba" دار الطالبة?)`},
		{"no region", Article{Title: "عنوان"},
			"", "--region: every article needs its region: add --region with one of the 12 regions: tanger-tetouan-al-hoceima, oriental, fes-meknes, rabat-sale-kenitra, beni-mellal-khenifra, casablanca-settat, marrakech-safi, draa-tafilalet, souss-massa, guelmim-oued-noun, laayoune-sakia-el-hamra, dakhla-oued-ed-dahab"},
		{"no title", Article{Title: "  ", Regions: []string{"oriental"}},
			"", `the article needs a title: jihat new article "عنوان الخبر"`},
		{"bad date", Article{Title: "عنوان", Regions: []string{"oriental"}, Date: "5/2/2024"},
			"", `--date "5/2/2024": write the date as year-month-day, e.g. --date 2024-02-05`},
		{"title without letters", Article{Title: "2024 !", Regions: []string{"oriental"}},
			"", `cannot make a page address from the title "2024 !": give one with --slug, e.g. --slug dar-taliba-argana`},
		{"device name", Article{Title: "CON", Regions: []string{"oriental"}},
			"", `the title makes the page address "con", which cannot be used: Windows reserves that name for a device, so a site holding it could not be copied or unzipped there; give a shorter one with --slug`},
		{"too long", Article{Title: strings.Repeat("ب", 127), Regions: []string{"oriental"}},
			"", `the title makes the page address "` + strings.Repeat("ب", 40) + `…", which cannot be used: with .md it is 257 bytes long, and a file name holds at most 255; give a shorter one with --slug`},
		{"address taken", Article{Title: "Taken", Regions: []string{"oriental"}},
			"", `content/2023/taken.md already has the page address "taken": choose another with --slug`},
		{"invisible character", Article{Title: "عنوان\x07آخر", Regions: []string{"oriental"}},
			"", "the title holds the invisible character U+0007 (a control character), which no page can show: type the title again without it"},
	}
	g, _ := gazetteer.Default()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := newSite(t)
			rel, err := NewArticle(dir, tc.a, now)
			if tc.path == "" {
				if err == nil || err.Error() != tc.want {
					t.Fatalf("got error %v\nwant       %s", err, tc.want)
				}
				return
			}
			if err != nil || rel != tc.path {
				t.Fatalf("got %q, %v; want %q", rel, err, tc.path)
			}
			data, _ := os.ReadFile(filepath.Join(dir, rel))
			if string(data) != tc.want {
				t.Errorf("wrote\n%s\nwant\n%s", data, tc.want)
			}
			gx, _ := g.WithFacilityTypes([]gazetteer.FacilityType{{Slug: "mobile-unit", NameAR: "الوحدة المتنقلة"}})
			a, problems := content.Parse(rel, data, content.Options{Gazetteer: gx})
			if problems != nil || len(a.Warnings) > 0 || !a.Draft {
				t.Errorf("content.Parse: %v %v", problems, a)
			}
			// Never replaced.
			if _, err := NewArticle(dir, tc.a, now); err == nil || !strings.Contains(err.Error(), rel+" already exists") {
				t.Errorf("again: %v", err)
			}
		})
	}
}

func TestNewArticleOutsideSite(t *testing.T) {
	dir := t.TempDir()
	_, err := NewArticle(dir, Article{Title: "عنوان", Regions: []string{"oriental"}}, time.Now())
	if err == nil || err.Error() != dir+" is not a site folder (it has neither content/ nor site.toml): run jihat new in your site's folder, or give it with --source DIR" {
		t.Errorf("got %v", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) > 0 {
		t.Error("wrote in a folder that is no site")
	}
}
