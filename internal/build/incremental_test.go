package build

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io/fs"
	"maps"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jihat/jihat"
	"github.com/jihat/jihat/internal/corpus"
)

// edit is one change an editor makes between two builds.
type edit struct {
	name  string
	apply func(t *testing.T, root string)
	// fails: the build must fail and leave the last good output.
	fails bool
	// clock, when set, moves the build's time or turns --future on or off
	// (in every mode and in the clean build).
	clock func(c *clock)
}

// clock is what the builds of TestIncrementalEqualsCleanBuild take as
// their time and --future.
type clock struct {
	now    time.Time
	future bool
}

// testNow is the test site's "now": after every article it starts with.
var testNow = time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)

const scheduled = "content/2025/scheduled.md"

func writeSource(t *testing.T, root, rel, text string) {
	t.Helper()
	full := filepath.Join(root, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(full, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	// A later time than any earlier write, as a real save a moment later.
	later := time.Now().Add(time.Duration(len(text)) * time.Microsecond)
	if err := os.Chtimes(full, later, later); err != nil {
		t.Fatal(err)
	}
}

func replace(t *testing.T, root, rel, old, new string) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(rel)))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(data, []byte(old)) {
		t.Fatalf("%s does not contain %q", rel, old)
	}
	writeSource(t, root, rel, strings.Replace(string(data), old, new, 1))
}

func remove(t *testing.T, root, rel string) {
	t.Helper()
	if err := os.RemoveAll(filepath.Join(root, filepath.FromSlash(rel))); err != nil {
		t.Fatal(err)
	}
}

func pngOf(t *testing.T, w, h int) string {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	img.Set(0, 0, color.RGBA{200, 30, 30, 255})
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

const tiznit = "content/2023/tiznit.md"
const argana = "content/2024/argana-visit/index.md"

func newArticle(title, date, region, province, facility string, tags string) string {
	return "---\ntitle: \"" + title + "\"\ndate: " + date + "\nregion: " + region + "\nprovince: " + province +
		"\nfacility_type: " + facility + "\ntags: [" + tags + "]\n---\n\nفقرة أولى عن " + title + ".\n\n## تفاصيل\n\nنص ثان.\n"
}

var edits = []edit{
	{name: "nothing"},
	{name: "body", apply: func(t *testing.T, r string) {
		replace(t, r, argana, "ودعم دراسي مسائي.", "ودعم دراسي مسائي ومكتبة.")
	}},
	{name: "first paragraph (the excerpt)", apply: func(t *testing.T, r string) {
		replace(t, r, argana, "زارت الوزيرة", "زارت السيدة الوزيرة")
	}},
	{name: "title", apply: func(t *testing.T, r string) { replace(t, r, tiznit, "افتتاح مركز", "تدشين مركز") }},
	{name: "summary", apply: func(t *testing.T, r string) {
		replace(t, r, tiznit, "مركز جديد لمواكبة", "مركز حديث لمواكبة")
	}},
	{name: "date moves it in every list", apply: func(t *testing.T, r string) { replace(t, r, tiznit, "2023-05-10", "2024-06-10") }},
	{name: "region and province", apply: func(t *testing.T, r string) {
		replace(t, r, tiznit, `region = "Souss-Massa"`, `region = "oriental"`)
		replace(t, r, tiznit, `province = ["إقليم تيزنيت"]`, `province = ["oujda-angad"]`)
	}},
	{name: "new article in a new folder", apply: func(t *testing.T, r string) {
		writeSource(t, r, "content/2025/new/visit.md", newArticle("زيارة جديدة لمركز", "2025-01-15", "souss-massa", "taroudannt", "dar-taliba", "التمدرس القروي"))
	}},
	{name: "new article linking to another", apply: func(t *testing.T, r string) {
		writeSource(t, r, "content/2025/linked.md", newArticle("مقال يحيل", "2025-02-01", "oriental", "oujda-angad", "dar-taliba", "")+"\nانظر [الزيارة](new/visit.md).\n")
	}},
	{name: "rename the linked article (the link breaks)", fails: true, apply: func(t *testing.T, r string) {
		if err := os.Rename(filepath.Join(r, "content/2025/new/visit.md"), filepath.Join(r, "content/2025/new/visit-2.md")); err != nil {
			t.Fatal(err)
		}
	}},
	{name: "fix the link", apply: func(t *testing.T, r string) {
		replace(t, r, "content/2025/linked.md", "new/visit.md", "new/visit-2.md")
	}},
	{name: "slug", apply: func(t *testing.T, r string) {
		replace(t, r, "content/2025/new/visit-2.md", "tags:", "slug: ziyara\ntags:")
	}},
	{name: "tags", apply: func(t *testing.T, r string) {
		replace(t, r, argana, "tags: [التمدرس القروي]", "tags: [التمدرس القروي, الإيواء]")
	}},
	{name: "broken front matter", fails: true, apply: func(t *testing.T, r string) { replace(t, r, argana, "date: 2024-02-05", "date: 2024-13-45") }},
	{name: "fixed front matter", apply: func(t *testing.T, r string) { replace(t, r, argana, "date: 2024-13-45", "date: 2024-02-05") }},
	{name: "lead image replaced by another size", apply: func(t *testing.T, r string) {
		writeSource(t, r, "content/2024/argana-visit/lead.png", pngOf(t, 37, 23))
	}},
	{name: "file added to a bundle", apply: func(t *testing.T, r string) {
		writeSource(t, r, "content/2024/argana-visit/notes.txt", "ملاحظات")
	}},
	{name: "image beside a plain article", apply: func(t *testing.T, r string) {
		writeSource(t, r, "content/2023/map.png", pngOf(t, 12, 10))
		data, err := os.ReadFile(filepath.Join(r, tiznit))
		if err != nil {
			t.Fatal(err)
		}
		writeSource(t, r, tiznit, string(data)+"\n![خريطة الموقع](map.png)\n")
	}},
	{name: "that image replaced by another size", apply: func(t *testing.T, r string) {
		writeSource(t, r, "content/2023/map.png", pngOf(t, 24, 20))
	}},
	{name: "template partial", apply: func(t *testing.T, r string) {
		data, err := fs.ReadFile(jihat.Theme, "layouts/partials/card.html")
		if err != nil {
			t.Fatal(err)
		}
		writeSource(t, r, "layouts/partials/card.html", strings.Replace(string(data), `<article class="card">`, `<article class="card card-x">`, 1))
	}},
	{name: "template reading a new site-wide list", apply: func(t *testing.T, r string) {
		data, err := fs.ReadFile(jihat.Theme, "layouts/article.html")
		if err != nil {
			t.Fatal(err)
		}
		writeSource(t, r, "layouts/article.html", strings.Replace(string(data), `<div class="body">`, `<p class="n">{{len .Site.Articles}}</p><div class="body">`, 1))
	}},
	{name: "an article added, counted on every article page", apply: func(t *testing.T, r string) {
		writeSource(t, r, "content/2021/old.md", newArticle("خبر قديم", "2021-03-03", "draa-tafilalet", "errachidia", "dar-taliba", ""))
	}},
	// Templates that reach articles no page declares it shows: through
	// .Site, every article's body, word count and title.
	{name: "home page shows every article's body and word count", apply: func(t *testing.T, r string) {
		themeEdit(t, r, "layouts/home.html", `<div class="home">`,
			`<div class="all">{{range .Site.Articles}}<section><p>{{.WordCount}}</p>{{.Body}}</section>{{end}}</div><div class="home">`)
	}},
	{name: "home page lists one article", apply: func(t *testing.T, r string) { replace(t, r, "site.toml", "home_articles = 3", "home_articles = 1") }},
	{name: "body of an article the home page does not list", apply: func(t *testing.T, r string) {
		replace(t, r, tiznit, "نص فيه", "نص جديد فيه كلمات أخرى")
	}},
	{name: "article pages list every tag", apply: func(t *testing.T, r string) {
		data, err := os.ReadFile(filepath.Join(r, "layouts/article.html"))
		if err != nil {
			t.Fatal(err)
		}
		writeSource(t, r, "layouts/article.html", strings.Replace(string(data), `<div class="body">`,
			`<ul class="all-tags">{{range .Site.Tags}}<li>{{.Name}} {{len .Articles}}</li>{{end}}</ul><div class="body">`, 1))
	}},
	{name: "a tag added to one article", apply: func(t *testing.T, r string) {
		replace(t, r, tiznit, `tags = ["حماية الطفولة"]`, `tags = ["حماية الطفولة", "وسم جديد"]`)
	}},
	{name: "an author, a lead photo's caption and a captioned photo", apply: func(t *testing.T, r string) {
		replace(t, r, argana, `image_alt: "واجهة دار الطالبة"`, `image_alt: "واجهة دار الطالبة"`+"\nimage_caption: \"مدخل الدار\"\nauthor: \"مراسل جهات\"")
		replace(t, r, argana, "![قاعة المراجعة](lead.png)", `![قاعة المراجعة](lead.png "القاعة بعد التجديد")`)
	}},
	{name: "the author changed", apply: func(t *testing.T, r string) {
		replace(t, r, argana, `author: "مراسل جهات"`, `author: "Fatima Zahra"`)
	}},
	{name: "a tag spelled another way: one page, the spelling most use", apply: func(t *testing.T, r string) {
		replace(t, r, argana, "tags: [التمدرس القروي", "tags: [حمايه الطفوله, التمدرس القروي")
		replace(t, r, "content/2023/طاطا-مركز.md", "facility_type: womens-multifunctional-space", "facility_type: womens-multifunctional-space\ntags: [حمايه الطفوله]")
	}},
	{name: "home page shows titles through the regions", apply: func(t *testing.T, r string) {
		replace(t, r, "layouts/home.html", `<div class="all">`, `<ul class="by-region">{{range .Site.Regions}}{{range .Articles}}<li>{{.Title}}</li>{{end}}{{end}}</ul><div class="all">`)
	}},
	{name: "title of an article the home page does not list", apply: func(t *testing.T, r string) {
		replace(t, r, "content/2023/طاطا-مركز.md", "مركز متعدد الوظائف للنساء", "فضاء متعدد الوظائف للنساء")
	}},
	{name: "body and title of one article at once", apply: func(t *testing.T, r string) {
		replace(t, r, tiznit, "نص جديد فيه", "نص أحدث فيه")
		replace(t, r, tiznit, "لحماية الطفولة بتيزنيت", "لحماية الطفولة في تيزنيت")
	}},
	{name: "headings named like the theme's ids, and links to them", apply: func(t *testing.T, r string) {
		replace(t, r, argana, "ومكتبة.", "ومكتبة.\n\n## related\n\n## main\n\n[الخدمات](#الخدمات-المقدمة-2) و[المزيد](#related)")
	}},
	{name: "the theme gives an id a heading has", apply: func(t *testing.T, r string) {
		replace(t, r, "layouts/article.html", `<div class="body">`, `<p id="الخدمات-المقدمة">x</p><div class="body">`)
	}},
	{name: "the theme computes ids under a heading's prefix", apply: func(t *testing.T, r string) {
		replace(t, r, "layouts/article.html", `<div class="body">`, `<p id="rel{{.Page.Article.Slug}}">y</p><div class="body">`)
	}},
	{name: "a label of the theme changed (titles, crumbs, feed titles)", apply: func(t *testing.T, r string) {
		writeSource(t, r, "layouts/strings.toml", "home = \"البداية\"\nfeed = \"{site}: {title}\"\n")
	}},
	{name: "a label with an unknown placeholder", fails: true, apply: func(t *testing.T, r string) {
		writeSource(t, r, "layouts/strings.toml", "home = \"البداية {name}\"\n")
	}},
	{name: "template removed (back to the theme)", apply: func(t *testing.T, r string) {
		remove(t, r, "layouts/strings.toml")
		remove(t, r, "layouts/article.html")
		remove(t, r, "layouts/partials/card.html")
		remove(t, r, "layouts/home.html")
	}},
	{name: "configuration", apply: func(t *testing.T, r string) {
		replace(t, r, "site.toml", `title = "موقع الاختبار"`, `title = "موقع التجربة"`)
	}},
	{name: "page size", apply: func(t *testing.T, r string) { replace(t, r, "site.toml", "page_size = 2", "page_size = 3") }},
	// The map and the charts: their digits, and the counts they draw.
	{name: "digits: Arabic-Indic", apply: func(t *testing.T, r string) {
		replace(t, r, "site.toml", "page_size = 3", "page_size = 3\ndigits = \"arabic\"")
	}},
	{name: "an article given another region, the map's counts with it", apply: func(t *testing.T, r string) {
		replace(t, r, "content/2023/طاطا-مركز.md", "region: [souss-massa, جهة درعة تافيلالت]", "region: [souss-massa, جهة درعة تافيلالت, oriental]")
	}},
	{name: "it links the open data of the region it was given", apply: func(t *testing.T, r string) {
		data, err := os.ReadFile(filepath.Join(r, "content/2023/طاطا-مركز.md"))
		if err != nil {
			t.Fatal(err)
		}
		writeSource(t, r, "content/2023/طاطا-مركز.md", string(data)+"\n[بيانات الجهة](/data/regions/oriental.csv)\n")
	}},
	{name: "digits: back to Western", apply: func(t *testing.T, r string) {
		replace(t, r, "site.toml", "digits = \"arabic\"", "digits = \"western\"")
	}},
	{name: "static file added", apply: func(t *testing.T, r string) { writeSource(t, r, "static/docs/guide.txt", "دليل") }},
	{name: "static file changed", apply: func(t *testing.T, r string) { writeSource(t, r, "static/docs/guide.txt", "دليل محدث") }},
	{name: "static file overriding the theme", apply: func(t *testing.T, r string) { writeSource(t, r, "static/style.css", "body{color:#111}\n") }},
	{name: "stylesheet changed again", apply: func(t *testing.T, r string) { writeSource(t, r, "static/style.css", "body{color:#222}\n") }},
	{name: "static files removed", apply: func(t *testing.T, r string) { remove(t, r, "static") }},
	// The brand: settings, and a stylesheet the site adds, which every page
	// links while it exists.
	{name: "brand: accent, logo, footer, publisher logo", apply: func(t *testing.T, r string) {
		writeSource(t, r, "static/brand/logo.svg", `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 4"><rect width="4" height="4"/></svg>`)
		replace(t, r, "site.toml", "page_size = 3", "page_size = 3\naccent = \"#7a1f5c\"\nlogo = \"brand/logo.svg\"\npublisher_logo = \"brand/logo.svg\"\nfooter = \"وزارة التضامن\"")
	}},
	{name: "a logo that is not there", fails: true, apply: func(t *testing.T, r string) {
		replace(t, r, "site.toml", `logo = "brand/logo.svg"`, `logo = "brand/logo.png"`)
	}},
	{name: "the logo fixed, the footer changed", apply: func(t *testing.T, r string) {
		replace(t, r, "site.toml", `logo = "brand/logo.png"`, `logo = "brand/logo.svg"`)
		replace(t, r, "site.toml", `footer = "وزارة التضامن"`, `footer = "وزارة التضامن والإدماج الاجتماعي"`)
	}},
	{name: "custom.css added", apply: func(t *testing.T, r string) { writeSource(t, r, "static/custom.css", ".x{color:#123}\n") }},
	{name: "custom.css changed", apply: func(t *testing.T, r string) { writeSource(t, r, "static/custom.css", ".x{color:#456}\n") }},
	{name: "custom.css removed", apply: func(t *testing.T, r string) { remove(t, r, "static/custom.css") }},
	// Plain pages and the menu.
	{name: "a plain page added, linked from an article", apply: func(t *testing.T, r string) {
		writeSource(t, r, "content/pages/about.md", "---\ntitle: من نحن\nslug: about\n---\n\nموقع تجريبي. [الجهات](/regions/)\n\n## related\n")
		replace(t, r, tiznit, "نص أحدث فيه", "نص أحدث ([من نحن](../pages/about.md)) فيه")
	}},
	{name: "the plain page's body edited", apply: func(t *testing.T, r string) {
		replace(t, r, "content/pages/about.md", "موقع تجريبي.", "موقع تجريبي للاختبار.")
	}},
	{name: "the menu links it", apply: func(t *testing.T, r string) {
		data, err := os.ReadFile(filepath.Join(r, "site.toml"))
		if err != nil {
			t.Fatal(err)
		}
		writeSource(t, r, "site.toml", string(data)+"\n[[menu]]\nname = \"من نحن\"\nurl = \"/about/\"\n")
	}},
	{name: "a menu link to no page", fails: true, apply: func(t *testing.T, r string) {
		replace(t, r, "site.toml", `url = "/about/"`, `url = "/about-us/"`)
	}},
	{name: "the plain page renamed to match", apply: func(t *testing.T, r string) {
		replace(t, r, "content/pages/about.md", "slug: about", "slug: about-us")
		replace(t, r, "site.toml", `name = "من نحن"`, `name = "عن الموقع"`)
	}},
	// Scheduling: an article dated after the build's time is held back,
	// built with --future (marked), and shows once its time came.
	{name: "an article dated after the build", apply: func(t *testing.T, r string) {
		writeSource(t, r, scheduled, newArticle("افتتاح مجدول", "2025-07-01 10:00", "souss-massa", "taroudannt", "dar-taliba", "التمدرس القروي"))
	}},
	{name: "--future builds it, marked", clock: func(c *clock) { c.future = true }},
	{name: "its body edited while scheduled", apply: func(t *testing.T, r string) {
		replace(t, r, scheduled, "نص ثان.", "نص ثان معدل.")
	}},
	{name: "--future off: held back again", clock: func(c *clock) { c.future = false }},
	{name: "its time came", clock: func(c *clock) { c.now = time.Date(2025, 7, 1, 9, 0, 1, 0, time.UTC) }},
	{name: "another, scheduled with --future", clock: func(c *clock) { c.future = true }, apply: func(t *testing.T, r string) {
		replace(t, r, scheduled, "2025-07-01 10:00", "2025-08-01")
	}},
	// With a body edit, which jihat serve would apply to the graph it
	// keeps, mark and all, if it did not look at the clock.
	{name: "its time came with --future: the mark goes", clock: func(c *clock) { c.now = time.Date(2025, 8, 2, 0, 0, 0, 0, time.UTC) }, apply: func(t *testing.T, r string) {
		replace(t, r, argana, "ودعم دراسي", "ودعم مدرسي")
	}},
	{name: "--future off after its time", clock: func(c *clock) { c.future = false }},
	{name: "draft published", apply: func(t *testing.T, r string) { replace(t, r, "content/2022-draft.md", "draft: true", "draft: false") }},
	{name: "article a link points to deleted", fails: true, apply: func(t *testing.T, r string) { remove(t, r, tiznit) }},
	{name: "the article linking to it deleted too", apply: func(t *testing.T, r string) { remove(t, r, "content/2024/argana-visit") }},
	// Photos: published as resized variants named by their content.
	{name: "a camera photo added as the lead image", apply: func(t *testing.T, r string) {
		writeSource(t, r, "content/2025/camera/photo.jpg", smallCamera(t, 1, 6, true))
		writeSource(t, r, "content/2025/camera/index.md", newArticle("زيارة مصورة", "2025-04-01", "oriental", "oujda-angad", "dar-taliba", "")+
			"\n![المدخل من الداخل](photo.jpg \"المدخل\")\n")
		replace(t, r, "content/2025/camera/index.md", "tags:", "image: photo.jpg\nimage_alt: \"مدخل المركز\"\ntags:")
	}},
	{name: "the photo replaced by another", apply: func(t *testing.T, r string) {
		writeSource(t, r, "content/2025/camera/photo.jpg", smallCamera(t, 2, 1, true))
	}},
	{name: "keep_originals on", apply: func(t *testing.T, r string) {
		data, err := os.ReadFile(filepath.Join(r, "site.toml"))
		if err != nil {
			t.Fatal(err)
		}
		writeSource(t, r, "site.toml", string(data)+"\n[photos]\nkeep_originals = true\n")
	}},
	{name: "keep_originals off", apply: func(t *testing.T, r string) {
		replace(t, r, "site.toml", "keep_originals = true", "keep_originals = false")
	}},
	// Languages: a second one, translations coming and going, its words.
	{name: "French added to the languages: every page gains a switcher", apply: func(t *testing.T, r string) {
		appendSource(t, r, "site.toml", "\n[[languages]]\ncode = \"ar\"\n\n[[languages]]\ncode = \"fr\"\ntitle = \"Site de test\"\n")
	}},
	{name: "a French translation of an article: both pages gain hreflang", apply: func(t *testing.T, r string) {
		writeSource(t, r, "content/fr/2025/linked.md", frArticle("Un article traduit", "2025-02-01", "oriental", "oujda-angad", "dar-taliba", "scolarisation"))
	}},
	{name: "the translation's title edited", apply: func(t *testing.T, r string) {
		replace(t, r, "content/fr/2025/linked.md", "Un article traduit", "Un article bien traduit")
	}},
	{name: "the French about page: the French menu takes its title", apply: func(t *testing.T, r string) {
		writeSource(t, r, "content/fr/pages/about.md", "---\ntitle: À propos\nslug: about-us\n---\n\nUn site d'essai.\n")
	}},
	{name: "its title edited: the French menu follows", apply: func(t *testing.T, r string) {
		replace(t, r, "content/fr/pages/about.md", "À propos", "Qui sommes-nous")
	}},
	{name: "a French article of another name linked by translation_key", apply: func(t *testing.T, r string) {
		writeSource(t, r, "content/fr/2025/visite.md", strings.Replace(frArticle("Une visite", "2025-01-15", "souss-massa", "taroudannt", "dar-taliba", ""), "---\n\n", "translation_key: 2025/new/visit-2\n---\n\n", 1))
	}},
	{name: "two French articles with one translation_key", fails: true, apply: func(t *testing.T, r string) {
		replace(t, r, "content/fr/2025/linked.md", "tags:", "translation_key: 2025/new/visit-2\ntags:")
	}},
	{name: "the key removed again", apply: func(t *testing.T, r string) {
		replace(t, r, "content/fr/2025/linked.md", "translation_key: 2025/new/visit-2\ntags:", "tags:")
	}},
	{name: "a French label of the theme changed", apply: func(t *testing.T, r string) {
		writeSource(t, r, "layouts/strings.fr.toml", "related = \"À lire aussi\"\nnewer = \"Plus récent\"\n")
	}},
	{name: "a French plural changed", apply: func(t *testing.T, r string) {
		appendSource(t, r, "layouts/strings.fr.toml", "articles = { one = \"{n} article publié\", other = \"{n} articles publiés\" }\n")
	}},
	{name: "Amazigh added, with an article and a Tifinagh tag", apply: func(t *testing.T, r string) {
		appendSource(t, r, "site.toml", "\n[[languages]]\ncode = \"zgh\"\n")
		writeSource(t, r, "content/zgh/2025/linked.md", frArticle("ⴰⵎⴰⴳⵔⴰⴷ", "2025-02-01", "oriental", "oujda-angad", "dar-taliba", "ⴰⵙⵍⵎⴷ"))
	}},
	{name: "a French menu of its own", apply: func(t *testing.T, r string) {
		appendSource(t, r, "site.toml", "\n[[menu]]\nname = \"Contact\"\nurl = \"/fr/about-us/\"\nlang = \"fr\"\n")
	}},
	{name: "an article in French by its lang field, outside the French folder", apply: func(t *testing.T, r string) {
		writeSource(t, r, "content/2025/by-field.md", strings.Replace(frArticle("Par le champ lang", "2025-03-01", "oriental", "oujda-angad", "dar-taliba", ""), "---\n\n", "lang: fr\n---\n\n", 1))
	}},
	{name: "a lang the site does not have", fails: true, apply: func(t *testing.T, r string) {
		replace(t, r, "content/2025/by-field.md", "lang: fr", "lang: es")
	}},
	{name: "its lang field removed: the article is Arabic again", apply: func(t *testing.T, r string) {
		replace(t, r, "content/2025/by-field.md", "lang: es\n", "")
	}},
	{name: "the French translation deleted: the Arabic page loses French", apply: func(t *testing.T, r string) {
		remove(t, r, "content/fr/2025/linked.md")
	}},
	{name: "French dropped from the languages, its folder left: a slug clash", fails: true, apply: func(t *testing.T, r string) {
		replace(t, r, "site.toml", "[[languages]]\ncode = \"fr\"\ntitle = \"Site de test\"\n", "")
	}},
	{name: "and its folder and menu removed", apply: func(t *testing.T, r string) {
		replace(t, r, "site.toml", "\n[[menu]]\nname = \"Contact\"\nurl = \"/fr/about-us/\"\nlang = \"fr\"\n", "")
		remove(t, r, "content/fr")
		remove(t, r, "layouts/strings.fr.toml")
	}},
}

func appendSource(t *testing.T, root, rel, text string) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(rel)))
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		t.Fatal(err)
	}
	writeSource(t, root, rel, string(data)+text)
}

func frArticle(title, date, region, province, facility string, tags string) string {
	return "---\ntitle: \"" + title + "\"\ndate: " + date + "\nregion: " + region + "\nprovince: " + province +
		"\nfacility_type: " + facility + "\ntags: [" + tags + "]\n---\n\nUn premier paragraphe : " + title + ".\n\n## Détails\n\nUn second texte.\n"
}

// themeEdit overrides a theme file in the site with one change.
func themeEdit(t *testing.T, root, rel, old, new string) {
	t.Helper()
	data, err := fs.ReadFile(jihat.Theme, rel)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(data, []byte(old)) {
		t.Fatalf("the theme's %s does not contain %q", rel, old)
	}
	writeSource(t, root, rel, strings.Replace(string(data), old, new, 1))
}

// Every build after an edit must write exactly what a clean build of the
// same files writes, whether the Builder stayed in memory (jihat serve) or
// came back from the cache folder (jihat build).
func TestIncrementalEqualsCleanBuild(t *testing.T) {
	modes := []struct {
		name  string
		build func(t *testing.T, root, dest, cache string, c *clock, mem **Builder) (*Result, error)
	}{
		{"serving, updated from the changed files", func(t *testing.T, root, dest, cache string, c *clock, mem **Builder) (*Result, error) {
			if *mem == nil {
				*mem = New(Options{Source: root, Destination: dest, Theme: jihat.Theme, Serving: true, Now: c.now, Future: c.future})
				changedSince(t, root)
				res, err := (*mem).Build()
				if err == nil {
					err = (*mem).FinishSearch()
				}
				return res, err
			}
			(*mem).opts.Now, (*mem).opts.Future = c.now, c.future // the clock moves; the test turns --future
			res, err := (*mem).Update(changedSince(t, root))
			if err == nil {
				err = (*mem).FinishSearch()
			}
			return res, err
		}},
		{"in memory", func(t *testing.T, root, dest, cache string, c *clock, mem **Builder) (*Result, error) {
			if *mem == nil {
				*mem = New(Options{Source: root, Destination: dest, Theme: jihat.Theme})
			}
			(*mem).opts.Now, (*mem).opts.Future = c.now, c.future
			return (*mem).Build()
		}},
		{"serving, search later", func(t *testing.T, root, dest, cache string, c *clock, mem **Builder) (*Result, error) {
			if *mem == nil {
				*mem = New(Options{Source: root, Destination: dest, Theme: jihat.Theme, Serving: true})
			}
			(*mem).opts.Now, (*mem).opts.Future = c.now, c.future
			res, err := (*mem).Build()
			if err == nil {
				err = (*mem).FinishSearch()
			}
			return res, err
		}},
		{"cache folder", func(t *testing.T, root, dest, cache string, c *clock, mem **Builder) (*Result, error) {
			return Build(Options{Source: root, Destination: dest, Theme: jihat.Theme, Cache: cache, Now: c.now, Future: c.future})
		}},
		// jihat build's own options: the output minified, the stylesheets
		// and scripts linked by hashed names.
		{"as jihat build: cache folder, minified, fingerprinted", func(t *testing.T, root, dest, cache string, c *clock, mem **Builder) (*Result, error) {
			return Build(Options{Source: root, Destination: dest, Theme: jihat.Theme, Cache: cache, Now: c.now, Future: c.future, Minify: true, Fingerprint: true})
		}},
	}
	for _, mode := range modes {
		t.Run(mode.name, func(t *testing.T) {
			root, dest, cache := t.TempDir(), filepath.Join(t.TempDir(), "public"), filepath.Join(t.TempDir(), "cache")
			copyTree(t, testSite, root)
			var mem *Builder
			c := &clock{now: testNow}
			if _, err := mode.build(t, root, dest, cache, c, &mem); err != nil {
				t.Fatal(err)
			}
			for _, e := range edits {
				if e.apply != nil {
					e.apply(t, root)
				}
				if e.clock != nil {
					e.clock(c)
				}
				before := tree(t, dest)
				res, err := mode.build(t, root, dest, cache, c, &mem)
				if e.fails {
					if err == nil {
						t.Fatalf("%s: the build should have failed", e.name)
					}
					if after := tree(t, dest); !sameTree(before, after) {
						t.Fatalf("%s: a failed build changed the output", e.name)
					}
					continue
				}
				if err != nil {
					t.Fatalf("%s: %v", e.name, err)
				}
				clean := filepath.Join(t.TempDir(), "clean")
				production := strings.HasPrefix(mode.name, "as jihat build")
				if _, err := Build(Options{Source: root, Destination: clean, Theme: jihat.Theme, Now: c.now, Future: c.future, Minify: production, Fingerprint: production}); err != nil {
					t.Fatalf("%s: clean build: %v", e.name, err)
				}
				got, want := tree(t, dest), tree(t, clean)
				for _, name := range sortedNames(want) {
					if g, ok := got[name]; !ok {
						t.Errorf("%s: %s missing from the incremental build", e.name, name)
					} else if !bytes.Equal(g, want[name]) {
						t.Errorf("%s: %s differs from a clean build:\n%s", e.name, name, firstDifference(g, want[name]))
					}
				}
				for _, name := range sortedNames(got) {
					if _, ok := want[name]; !ok {
						t.Errorf("%s: %s left over in the incremental build", e.name, name)
					}
				}
				if e.name == "static file changed" && (res.Written != 1 || res.Rendered != 0) {
					t.Errorf("a static file edit rendered %d pages and wrote %d files", res.Rendered, res.Written)
				}
				if e.name == "body" && res.Rendered*2 > res.Pages {
					t.Errorf("a body edit rendered %d of %d pages", res.Rendered, res.Pages)
				}
				checkSchedule(t, e.name, res, got)
				if e.name == "nothing" && (res.Written != 0 || res.Rendered != 0) {
					t.Errorf("nothing changed, yet %d pages were rendered and %d files written", res.Rendered, res.Written)
				}
				// Only jihat build finds nothing changed at once; jihat
				// serve goes by what its watcher reports.
				canShortcut := !strings.HasPrefix(mode.name, "serving")
				// --future without a scheduled article changes nothing.
				if want := canShortcut && (e.name == "nothing" || e.name == "--future off after its time"); res.Unchanged != want {
					t.Errorf("%s: Unchanged = %v, want %v", e.name, res.Unchanged, want)
				}
				if canShortcut {
					// Built again at once: nothing changed, whatever the
					// edit was, and the output stays as it is.
					again, err := mode.build(t, root, dest, cache, c, &mem)
					if err != nil {
						t.Fatalf("%s, built again: %v", e.name, err)
					}
					if !again.Unchanged || again.Written != 0 || again.Pages != res.Pages || again.Files != res.Files {
						t.Errorf("%s, built again: unchanged %v, %d written, %d pages (%d before), %d files (%d before)",
							e.name, again.Unchanged, again.Written, again.Pages, res.Pages, again.Files, res.Files)
					}
					if !sameTree(got, tree(t, dest)) {
						t.Errorf("%s, built again: the output changed", e.name)
					}
				}
				if t.Failed() {
					t.FailNow()
				}
			}
		})
	}
}

// checkSchedule checks, at the scheduling steps, that the scheduled
// article is held back (and said to be), built with its mark, or
// published without it: equal to a clean build is not enough, the clean
// build could be as wrong.
func checkSchedule(t *testing.T, step string, res *Result, got map[string][]byte) {
	t.Helper()
	page := got["articles/scheduled/index.html"]
	mark := []byte(`class="scheduled wrap"`)
	var wantHeld, wantPage, wantMark bool
	switch step {
	case "an article dated after the build", "--future off: held back again":
		wantHeld = true
	case "--future builds it, marked", "its body edited while scheduled", "another, scheduled with --future":
		wantPage, wantMark = true, true
	case "its time came", "its time came with --future: the mark goes", "--future off after its time":
		wantPage = true
	default:
		return
	}
	held := len(res.HeldBack) == 1 && res.HeldBack[0].Path == scheduled
	if held != wantHeld || (page != nil) != wantPage || bytes.Contains(page, mark) != wantMark {
		t.Errorf("%s: held back %v (%v), page %v, marked %v; want %v, %v, %v", step, held, res.HeldBack, page != nil, bytes.Contains(page, mark), wantHeld, wantPage, wantMark)
	}
	if wantMark && !bytes.Contains(got["index.html"], []byte(`<p class="scheduled">`)) {
		t.Errorf("%s: the home page's card has no scheduled mark", step)
	}
}

var lastSources = map[string]map[string][]byte{}

// changedSince lists the source files added, changed or removed since the
// previous call for root, as the watcher would report them.
func changedSince(t *testing.T, root string) []string {
	now := tree(t, root)
	before := lastSources[root]
	lastSources[root] = now
	var changed []string
	for name, data := range now {
		if old, ok := before[name]; !ok || !bytes.Equal(old, data) {
			changed = append(changed, name)
		}
	}
	for name := range before {
		if _, ok := now[name]; !ok {
			changed = append(changed, name)
		}
	}
	return changed
}

func sameTree(a, b map[string][]byte) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if !bytes.Equal(v, b[k]) {
			return false
		}
	}
	return true
}

func firstDifference(got, want []byte) string {
	i := 0
	for i < len(got) && i < len(want) && got[i] == want[i] {
		i++
	}
	lo := max(0, i-80)
	return "got:  …" + string(got[lo:min(len(got), i+80)]) + "\nwant: …" + string(want[lo:min(len(want), i+80)])
}

// Unchanged files keep their time: a deploy uploads only what changed.
func TestUnchangedFilesKeepTheirTime(t *testing.T) {
	root, dest := t.TempDir(), filepath.Join(t.TempDir(), "public")
	copyTree(t, testSite, root)
	b := New(Options{Source: root, Destination: dest, Theme: jihat.Theme})
	if _, err := b.Build(); err != nil {
		t.Fatal(err)
	}
	times := map[string]time.Time{}
	filepath.WalkDir(dest, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			info, _ := d.Info()
			times[p] = info.ModTime()
		}
		return err
	})
	replace(t, root, argana, "ودعم دراسي مسائي.", "ودعم دراسي مسائي ومكتبة.")
	res, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	changed := 0
	for p, before := range times {
		info, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if !info.ModTime().Equal(before) {
			changed++
		}
	}
	if changed != res.Written || changed == 0 || changed > len(times)/2 {
		t.Errorf("%d of %d files have a new time, the build says it wrote %d", changed, len(times), res.Written)
	}
}

// The same check on a generated site large enough for pagination, related
// articles and neighbours to differ: random edits of the kinds editors make
// most, each followed by an update in memory and by a clean build.
func TestIncrementalOnGeneratedSite(t *testing.T) {
	root := filepath.Join(t.TempDir(), "site")
	if _, err := corpus.Generate(corpus.Options{Dir: root, N: 60, Seed: 7}); err != nil {
		t.Fatal(err)
	}
	// Smaller pages and more related articles: more pages show each article.
	replace(t, root, "site.toml", "page_size = 20", "page_size = 4\nrelated_articles = 4\nhome_articles = 6")
	var files []string
	filepath.WalkDir(filepath.Join(root, "content"), func(p string, d fs.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(p, ".md") {
			rel, _ := filepath.Rel(root, p)
			files = append(files, filepath.ToSlash(rel))
		}
		return err
	})
	dest := filepath.Join(t.TempDir(), "public")
	b := New(Options{Source: root, Destination: dest, Theme: jihat.Theme, Serving: true})
	changedSince(t, root)
	if _, err := b.Build(); err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(7, 7))
	lineEdits := []struct {
		kind string
		edit func(line string, i int) string
	}{
		{"title", func(l string, i int) string {
			return strings.Replace(l, `title: "`, fmt.Sprintf(`title: "(%d) `, i), 1)
		}},
		{"summary", func(l string, i int) string {
			return strings.Replace(l, `summary: "`, fmt.Sprintf(`summary: "تحديث %d: `, i), 1)
		}},
		{"date", func(l string, i int) string { return fmt.Sprintf("date: 20%02d-%02d-%02d", 15+i%10, 1+i%12, 1+i%27) }},
	}
	for i := range 16 {
		rel := files[rng.IntN(len(files))]
		data, err := os.ReadFile(filepath.Join(root, rel))
		if err != nil {
			t.Fatal(err)
		}
		text, kind := string(data), "body"
		if k := rng.IntN(len(lineEdits) + 2); k < len(lineEdits) {
			kind = lineEdits[k].kind
			lines := strings.Split(text, "\n")
			for j, l := range lines {
				if strings.HasPrefix(l, kind+":") {
					lines[j] = lineEdits[k].edit(l, i)
					break
				}
			}
			text = strings.Join(lines, "\n")
		} else {
			text += fmt.Sprintf("\nفقرة مضافة رقم %d.\n", i)
		}
		writeSource(t, root, rel, text)
		res, err := b.Update(changedSince(t, root))
		if err == nil {
			err = b.FinishSearch()
		}
		if err != nil {
			t.Fatalf("edit %d (%s of %s): %v", i, kind, rel, err)
		}
		clean := filepath.Join(t.TempDir(), "clean")
		if _, err := Build(Options{Source: root, Destination: clean, Theme: jihat.Theme}); err != nil {
			t.Fatal(err)
		}
		got, want := tree(t, dest), tree(t, clean)
		if !sameTree(got, want) {
			for _, name := range sortedNames(want) {
				if !bytes.Equal(got[name], want[name]) {
					t.Errorf("edit %d (%s of %s, %d pages rendered): %s differs from a clean build:\n%s", i, kind, rel, res.Rendered, name, firstDifference(got[name], want[name]))
				}
			}
			for _, name := range sortedNames(got) {
				if _, ok := want[name]; !ok {
					t.Errorf("edit %d (%s of %s): %s left over", i, kind, rel, name)
				}
			}
			t.FailNow()
		}
	}
}

// An index computed while an edit came in is not written: the edit's index
// is, at the next pause.
func TestLateSearchOutdatedByAnEdit(t *testing.T) {
	root, dest := t.TempDir(), filepath.Join(t.TempDir(), "public")
	copyTree(t, testSite, root)
	b := New(Options{Source: root, Destination: dest, Theme: jihat.Theme, Serving: true})
	if _, err := b.Build(); err != nil {
		t.Fatal(err)
	}
	if err := b.FinishSearch(); err != nil {
		t.Fatal(err)
	}
	replace(t, root, argana, "ودعم دراسي مسائي.", "ودعم دراسي مسائي وكلمةجديدة.")
	if _, err := b.Update([]string{argana}); err != nil {
		t.Fatal(err)
	}
	if !b.SearchLate() {
		t.Fatal("a body edit should leave the search index late")
	}
	work := b.StartSearch()
	replace(t, root, argana, "وكلمةجديدة", "وكلمةأخرى")
	if _, err := b.Update([]string{argana}); err != nil {
		t.Fatal(err)
	}
	if err := b.ApplySearch(work()); !errors.Is(err, ErrStaleSearch) {
		t.Fatalf("an index computed before the last edit was applied: %v", err)
	}
	if err := b.FinishSearch(); err != nil {
		t.Fatal(err)
	}
	clean := filepath.Join(t.TempDir(), "clean")
	if _, err := Build(Options{Source: root, Destination: clean, Theme: jihat.Theme}); err != nil {
		t.Fatal(err)
	}
	if !sameTree(tree(t, dest), tree(t, clean)) {
		t.Error("after the late index, the output differs from a clean build")
	}
}

// A build that finds nothing changed in the sources still looks at the
// destination: what was edited, removed or touched there is made again.
// Otherwise it reports what the build before it reported.
func TestNothingChangedChecksTheOutput(t *testing.T) {
	root, dest, cache := t.TempDir(), filepath.Join(t.TempDir(), "public"), filepath.Join(t.TempDir(), "cache")
	copyTree(t, testSite, root)
	opts := Options{Source: root, Destination: dest, Theme: jihat.Theme, Cache: cache}
	first, err := Build(opts)
	if err != nil {
		t.Fatal(err)
	}
	want := tree(t, dest)
	second, err := Build(opts)
	if err != nil {
		t.Fatal(err)
	}
	if !second.Unchanged || second.Pages != first.Pages || second.Articles != first.Articles || second.Drafts != first.Drafts ||
		second.Files != first.Files || !second.Updated.Equal(first.Updated) || !maps.Equal(second.Sources, first.Sources) {
		t.Errorf("nothing changed: got %+v, want the counts of %+v", second, first)
	}
	page := filepath.Join(dest, "index.html")
	for _, c := range []struct {
		name  string
		apply func()
	}{
		{"a page edited", func() { writeSource(t, dest, "index.html", "<p>edited</p>") }},
		{"a file removed", func() { remove(t, dest, "feed.xml") }},
		{"a page touched", func() {
			later := time.Now().Add(time.Hour)
			if err := os.Chtimes(page, later, later); err != nil {
				t.Fatal(err)
			}
		}},
	} {
		c.apply()
		res, err := Build(opts)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if res.Unchanged {
			t.Errorf("%s in the output: the build found nothing changed", c.name)
		}
		if !sameTree(tree(t, dest), want) {
			t.Errorf("%s in the output: not made again", c.name)
		}
		if again, err := Build(opts); err != nil || !again.Unchanged {
			t.Errorf("%s, built again: unchanged %v, %v", c.name, again != nil && again.Unchanged, err)
		}
	}
}
