package content

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// messageCase is a file of testdata/messages and the problems it must give,
// each without the "messages/<file>:" every one of them starts with.
type messageCase struct {
	file string
	want []string
}

// checkMessages parses each file and compares its problems, in order, with
// the expected ones.
func checkMessages(t *testing.T, cases []messageCase) {
	t.Helper()
	opts := testOptions(t)
	for _, tc := range cases {
		t.Run(tc.file, func(t *testing.T) {
			src, err := os.ReadFile(filepath.Join("testdata", "messages", tc.file))
			if err != nil {
				t.Fatal(err)
			}
			a, problems := Parse("messages/"+tc.file, src, opts)
			if a != nil {
				t.Errorf("got an article, want none")
			}
			var got []string
			for _, p := range problems {
				got = append(got, p.Error())
			}
			want := make([]string, len(tc.want))
			for i, w := range tc.want {
				want[i] = "messages/" + tc.file + ":" + w
			}
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("problems:\n got: %q\nwant: %q", got, want)
			}
		})
	}
}

// A key written twice, in YAML or TOML, names both lines (or all of them),
// at the second; each key so written is reported once.
func TestDuplicateKeys(t *testing.T) {
	checkMessages(t, []messageCase{
		{"dup-author.md", []string{`6:1: author is given twice (lines 3 and 6): keep one`}},
		{"dup-region.md", []string{`7:1: region is given twice (lines 4 and 7): keep one`}},
		{"dup-three.md", []string{`4:1: title is given 3 times (lines 2, 4 and 6): keep one`}},
		{"dup-toml-quoted.md", []string{`5:1: region is given twice (lines 4 and 5): keep one`}},
		{"dup-toml.md", []string{`5:1: region is given twice (lines 3 and 5): keep one`}},
		{"dup-two-keys.md", []string{`6:1: date is given twice (lines 4 and 6): keep one`, `7:1: draft is given twice (lines 2 and 7): keep one`}},
	})
}

// A value of the wrong type says what the field expects and what was
// found, at the value, for every field, in YAML and TOML: lists, nested
// fields, true/false, numbers, TOML dates and tables, empty values, list
// entries that are lists or fields themselves, aliases.
func TestWrongTypes(t *testing.T) {
	checkMessages(t, []messageCase{
		{"type-alias.md", []string{`6:8: draft must be true or false, found "زيارة ميدانية"`}},
		{"type-author-list.md", []string{"5:9: author must be text, found a list: write one value after `author:`, in quotes if it starts with [ or -"}},
		{"type-date-bool.md", []string{`3:7: date must be a date written year-month-day, e.g. 2024-02-05, found true`}},
		{"type-date-empty.md", []string{`3:6: date is empty: write it as year-month-day, e.g. 2024-02-05`}},
		{"type-date-list.md", []string{`3:7: date must be a date written year-month-day, e.g. 2024-02-05, found a list`}},
		{"type-date-number.md", []string{`3:7: bad date "20240205": write it as year-month-day, e.g. 2024-02-05, or with a time as 2024-02-05 10:30 (Morocco time) or 2024-02-05T10:30:00+01:00`}},
		{"type-draft-empty.md", []string{`5:7: draft is empty: write true or false`}},
		{"type-draft-list.md", []string{`5:8: draft must be true or false, found a list`}},
		{"type-draft-nested.md", []string{`6:3: draft must be true or false, found nested fields`}},
		{"type-draft-number.md", []string{`5:8: draft must be true or false, found the number 1`}},
		{"type-draft-text.md", []string{`5:8: draft must be true or false, found "true": remove the quotes`}},
		{"type-draft-word.md", []string{`5:8: draft must be true or false, found "yes"`}},
		{"type-facility-empty.md", []string{"5:16: facility_type is empty: name a facility type, e.g. `facility_type: dar-taliba`, or remove the line"}},
		{"type-facility-map.md", []string{"5:16: facility_type must be a name or a list of names, found nested fields: write `facility_type: [a, b]`, or one `- name` line per entry"}},
		{"type-image-alt-map.md", []string{"7:3: image_alt must be text, found nested fields: write the value on the line of `image_alt:`, in quotes if it holds \": \" or starts with {"}},
		{"type-image-caption-map.md", []string{"8:3: image_caption must be text, found nested fields: write the value on the line of `image_caption:`, in quotes if it holds \": \" or starts with {"}},
		{"type-image-empty.md", []string{"5:7: image is empty: write the photo's file name, e.g. `image: photo-1.jpg`, or remove the line"}},
		{"type-image-list.md", []string{"5:8: image must be text, found a list: write one value after `image:`, in quotes if it starts with [ or -"}},
		{"type-key-list.md", []string{`3:3: a field name must be a single word such as title, followed by a colon`}},
		{"type-lastmod-empty.md", []string{`5:9: lastmod is empty: write the date of the last update, e.g. 2024-02-07, or remove the line`}},
		{"type-lastmod-map.md", []string{`6:3: lastmod must be a date written year-month-day, e.g. 2024-02-05, found nested fields`}},
		{"type-province-empty.md", []string{"5:10: province is empty: name a province, e.g. `province: taroudant`, or remove the line"}},
		{"type-province-entry-map.md", []string{"7:5: each entry of province must be a single name, found nested fields: write `province: [a, b]`, or one `- name` line per entry"}},
		{"type-region-empty-list.md", []string{"4:9: region is empty: name the region, e.g. `region: souss-massa`"}},
		{"type-region-map.md", []string{"5:3: region must be a name or a list of names, found nested fields: write `region: [a, b]`, or one `- name` line per entry"}},
		{"type-region-nested-list.md", []string{"6:5: each entry of region must be a single name, found a list: write `region: [a, b]`, or one `- name` line per entry"}},
		{"type-slug-empty.md", []string{"5:6: slug is empty: write a few words for the page address, e.g. `slug: dar-taliba-argana`, or remove the line to use the file name"}},
		{"type-slug-list.md", []string{"5:7: slug must be text, found a list: write one value after `slug:`, in quotes if it starts with [ or -"}},
		{"type-summary-list.md", []string{"5:1: summary must be text, found a list: write one value after `summary:`, in quotes if it starts with [ or -"}},
		{"type-tags-map.md", []string{"6:3: tags must be a name or a list of names, found nested fields: write `tags: [a, b]`, or one `- name` line per entry"}},
		{"type-tags-nested.md", []string{"5:8: each entry of tags must be a single name, found a list: write `tags: [a, b]`, or one `- name` line per entry"}},
		{"type-title-block-list.md", []string{"2:1: title must be text, found a list: write one value after `title:`, in quotes if it starts with [ or -"}},
		{"type-title-bool.md", []string{"2:8: title must be text, found true: put it in quotes if it is meant as text, `title: \"true\"`"}},
		{"type-title-list.md", []string{"2:8: title must be text, found a list: write one value after `title:`, in quotes if it starts with [ or -"}},
		{"type-title-map.md", []string{"2:8: title must be text, found nested fields: write the value on the line of `title:`, in quotes if it holds \": \" or starts with {"}},
		{"type-toml-author-bool.md", []string{"5:10: author must be text, found true: put it in quotes if it is meant as text, `author: \"true\"`"}},
		{"type-toml-date-list.md", []string{`3:8: date must be a date written year-month-day, e.g. 2024-02-05, found a list`}},
		{"type-toml-draft-string.md", []string{`5:9: draft must be true or false, found "false": remove the quotes`}},
		{"type-toml-region-nested.md", []string{"4:10: each entry of region must be a single name, found a list: write `region: [a, b]`, or one `- name` line per entry"}},
		{"type-toml-title-date.md", []string{`2:9: title must be text, found a date: put it in quotes if it is meant as text`}},
		{"type-toml-title-table.md", []string{"4:2: title must be text, found nested fields: write the value on the line of `title:`, in quotes if it holds \": \" or starts with {"}},
	})
}

// Characters no page can show are reported where they are in the front
// matter, written raw (one report a line) or as escapes (at the value);
// a UTF-16 file, full of NULs, is told to be saved as UTF-8.
func TestUnprintableInFrontMatter(t *testing.T) {
	checkMessages(t, []messageCase{
		{"ctrl-raw-bell-toml.md", []string{`5:16: the front matter holds the invisible character U+0007 (a control character), which no web page can show: delete it (in most editors it shows as a box, or not at all)`}},
		{"ctrl-raw-c1.md", []string{`2:14: the front matter holds the invisible character U+0085 (a control character), which no web page can show: delete it (in most editors it shows as a box, or not at all)`}},
		{"ctrl-raw-nul.md", []string{`4:15: the front matter holds the invisible character U+0000 (NUL), which no web page can show: delete it (in most editors it shows as a box, or not at all)`}},
		{"ctrl-raw-several.md", []string{`2:12: the front matter holds the invisible character U+001B (a control character), which no web page can show: delete it (in most editors it shows as a box, or not at all)`, `5:11: the front matter holds the invisible character U+FFFE (a noncharacter), which no web page can show: delete it (in most editors it shows as a box, or not at all)`}},
		{"ctrl-yaml-escape-author-caption.md", []string{`7:16: image_caption holds the invisible character U+0007 (a control character), written with a backslash escape such as \u0007: remove it`, `8:9: author holds the invisible character U+0000 (NUL), written with a backslash escape such as \0 or \u0000: remove it`}},
		{"ctrl-toml-escape-plane.md", []string{`6:13: image_alt holds the invisible character U+10FFFF (a noncharacter), written with a backslash escape such as \U0010FFFF: remove it`}},
		{"ctrl-toml-escape.md", []string{`2:9: title holds the invisible character U+0000 (NUL), written with a backslash escape such as \0 or \u0000: remove it`}},
		{"ctrl-yaml-escape-fffe.md", []string{`5:10: summary holds the invisible character U+FFFE (a noncharacter), written with a backslash escape such as \uFFFE: remove it`}},
		{"ctrl-yaml-escape-nul.md", []string{`2:8: title holds the invisible character U+0000 (NUL), written with a backslash escape such as \0 or \u0000: remove it`}},
		{"ctrl-yaml-escape-tag.md", []string{`5:11: tags holds the invisible character U+0007 (a control character), written with a backslash escape such as \u0007: remove it`}},
		{"utf16-no-bom.md", []string{`1:1: no front matter, and the file holds NUL characters: it was probably saved as UTF-16; save it as UTF-8 (in most editors: "Save with encoding" → UTF-8)`}},
	})
}

// Lone CRs (old Mac files) and mixed line ends are line ends: the front
// matter is found and problems are on the editor's lines.
func TestCRLineEnds(t *testing.T) {
	checkMessages(t, []messageCase{
		{"cr-dup-toml.md", []string{`5:1: region is given twice (lines 4 and 5): keep one`}},
		{"cr-endings-bad-region.md", []string{`4:9: unknown region "سوس ماسا" (did you mean "سوس ماسة"?)`}},
		{"crlf-mixed-bad-region.md", []string{`5:9: unknown region "سوس ماسا" (did you mean "سوس ماسة"?)`}},
	})
	src, err := os.ReadFile("testdata/valid/cr-endings.md")
	if err != nil {
		t.Fatal(err)
	}
	a, problems := Parse("content/cr-endings.md", src, testOptions(t))
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	if a.Title != "زيارة ميدانية" || a.BodyLine != 6 || string(a.Body) != "\nنص المقال.\n" {
		t.Errorf("title %q, body line %d, body %q", a.Title, a.BodyLine, a.Body)
	}
	if !strings.Contains(string(src), "\r") {
		t.Error("Parse changed the caller's bytes")
	}
}

// Slugs that a file system or Windows cannot hold are reported at the
// slug, or at the tag they come from.
func TestUnusableSlugs(t *testing.T) {
	checkMessages(t, []messageCase{
		{"slug-com1.md", []string{"5:7: the page address \"com1\" cannot be used: Windows reserves that name for a device, so a site holding it could not be copied or unzipped there; set another `slug:`"}},
		{"slug-con.md", []string{"5:7: the page address \"con\" cannot be used: Windows reserves that name for a device, so a site holding it could not be copied or unzipped there; set another `slug:`"}},
		{"slug-long-arabic.md", []string{"5:7: the page address \"بببببببببببببببببببببببببببببببببببببببب…\" cannot be used: it is 260 bytes long, and a folder name holds at most 255 (about 127 Arabic letters or 255 Latin letters and digits); set another `slug:`"}},
		{"slug-long-latin.md", []string{"5:7: the page address \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa…\" cannot be used: it is 300 bytes long, and a folder name holds at most 255 (about 127 Arabic letters or 255 Latin letters and digits); set another `slug:`"}},
		{"slug-lpt9.md", []string{"5:7: the page address \"lpt9\" cannot be used: Windows reserves that name for a device, so a site holding it could not be copied or unzipped there; set another `slug:`"}},
		{"slug-tag-long.md", []string{`6:5: tag "تتتتتتتتتتتتتتتتتتتتتتتتتتتتتتتتتتتتتتتت…" cannot have a page of its own at /tags/تتتتتتتتتتتتتتتتتتتتتتتتتتتتتتتتتتتتتتتت…/: it is 260 bytes long, and a folder name holds at most 255 (about 127 Arabic letters or 255 Latin letters and digits); write the tag another way`}},
		{"slug-tag-reserved.md", []string{`5:8: tag "AUX" cannot have a page of its own at /tags/aux/: Windows reserves that name for a device, so a site holding it could not be copied or unzipped there; write the tag another way`}},
	})
}

// A slug made from the file or folder name is reported at the top of the
// file, with the fix that fits; names that merely contain a reserved one,
// and numbers as text, are accepted.
func TestUnusableSlugFromFileName(t *testing.T) {
	src := []byte("---\ntitle: 2030\ndate: 2024-02-05\nregion: souss-massa\n---\nنص.\n")
	reserved := "Windows reserves that name for a device, so a site holding it could not be copied or unzipped there"
	cases := []struct{ path, want string }{
		{"content/con.md", `content/con.md:1:1: the page address "con" cannot be used: ` + reserved + "; rename the file or set a `slug:`"},
		{"content/NUL.md", `content/NUL.md:1:1: the page address "nul" cannot be used: ` + reserved + "; rename the file or set a `slug:`"},
		{"content/2024/Com7/index.md", `content/2024/Com7/index.md:1:1: the page address "com7" cannot be used: ` + reserved + "; rename the folder or set a `slug:`"},
		{"content/" + strings.Repeat("ﷺ", 14) + ".md", "content/" + strings.Repeat("ﷺ", 14) + ".md:1:1: the page address \"صلى-الله-عليه-وسلمصلى-الله-عليه-وسلمصلى-…\" cannot be used: it is 462 bytes long, and a folder name holds at most 255 (about 127 Arabic letters or 255 Latin letters and digits); rename the file or set a `slug:`"},
		{"content/con.txt.md", ""},
		{"content/console.md", ""},
		{"content/com10.md", ""},
	}
	opts := testOptions(t)
	for _, tc := range cases {
		a, problems := Parse(tc.path, src, opts)
		if got := problems.Error(); got != tc.want {
			t.Errorf("%s:\n got: %s\nwant: %s", tc.path, got, tc.want)
		}
		if tc.want == "" && (a == nil || a.Title != "2030") {
			t.Errorf("%s: article %+v", tc.path, a)
		}
	}
}

// Characters no page can show are dropped from the body, never reaching
// the Markdown converter, with a warning at each line that had them (ten
// at most, then a count); ReadSource gives the same body as Parse.
func TestUnprintableInBody(t *testing.T) {
	const file = "testdata/valid/body-controls.md"
	src, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	opts := testOptions(t)
	a, problems := Parse("content/body.md", src, opts)
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	var warnings []string
	for _, d := range a.Warnings {
		warnings = append(warnings, d.Error())
	}
	const removed = ": removed the invisible character %s, which no web page can show: delete it from the file (in most editors it shows as a box, or not at all)"
	want := []string{
		"content/body.md:7:5" + strings.Replace(removed, "%s", "U+0000 (NUL)", 1),
		"content/body.md:9:5" + strings.Replace(removed, "%s", "U+000C (a control character)", 1),
		"content/body.md:11:6" + strings.Replace(removed, "%s", "U+001B (a control character)", 1),
	}
	for line := 12; line <= 18; line++ {
		want = append(want, fmt.Sprintf("content/body.md:%d:1", line)+strings.Replace(removed, "%s", "U+0008 (a control character)", 1))
	}
	want = append(want, "content/body.md:23: removed such characters from 5 more lines, up to this one")
	if strings.Join(warnings, "\n") != strings.Join(want, "\n") {
		t.Errorf("warnings:\n got: %q\nwant: %q", warnings, want)
	}
	clean := "\nفقرة أولى.\n\nفقرة ثانية  و.\n\n- بند\n" + strings.Repeat("سطر\n", 12)
	if string(a.Body) != clean {
		t.Errorf("body %q, want %q", a.Body, clean)
	}
	root := t.TempDir()
	if err := os.WriteFile(filepath.Join(root, "body.md"), src, 0o644); err != nil {
		t.Fatal(err)
	}
	a.Path = "body.md"
	again, err := ReadSource(root, a, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := string(again[a.BodyOffset:]); got != clean {
		t.Errorf("ReadSource body %q, want %q", got, clean)
	}
}

// author and image_caption are optional text; a caption without a photo is
// a forgotten image line, told at the caption; both are trimmed.
func TestAuthorAndCaption(t *testing.T) {
	checkMessages(t, []messageCase{
		{"caption-without-image.md", []string{"5:16: image_caption has no photo to go under: add `image:` with the photo's file name (and `image_alt:`), or remove the image_caption line"}},
	})
	src, err := os.ReadFile("testdata/valid/author-caption.md")
	if err != nil {
		t.Fatal(err)
	}
	a, problems := Parse("content/author-caption.md", src, testOptions(t))
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	if a.Author != "فاطمة الزهراء" || a.ImageCaption != "دار الطالبة بأركانة، فبراير 2024" || a.ImageAlt != "التلميذات أمام دار الطالبة" {
		t.Errorf("author %q, caption %q, alt %q", a.Author, a.ImageCaption, a.ImageAlt)
	}
}

// Dates without an offset are Morocco's, whatever the machine's zone:
// date only, with minutes or seconds, after a space or a T, in YAML and
// TOML; an offset is kept. 2024-03-20 falls in Ramadan, when Morocco is on
// UTC+0: the zone's own rules, not a fixed +01:00.
func TestDatesInMorocco(t *testing.T) {
	cases := []struct{ file, date, lastmod string }{
		{"date-only.md", "2024-02-05T00:00:00+01:00", "2024-02-05T00:00:00+01:00"},
		{"space-minutes.md", "2024-02-05T10:30:00+01:00", "2024-02-05T10:30:00+01:00"},
		{"t-minutes.md", "2024-02-05T10:30:00+01:00", "2024-02-05T10:30:00+01:00"},
		{"t-seconds.md", "2024-02-05T10:30:15+01:00", "2024-02-05T10:30:15+01:00"},
		{"space-seconds.md", "2024-02-05T10:30:15+01:00", "2024-02-05T10:30:15+01:00"},
		{"offset.md", "2024-02-05T10:30:00+02:00", "2024-02-05T10:30:00+02:00"},
		{"utc.md", "2024-02-05T10:30:00Z", "2024-02-05T10:30:00Z"},
		{"ramadan.md", "2024-03-20T10:00:00Z", "2024-04-20T10:00:00+01:00"},
		{"toml-date.md", "2024-02-05T00:00:00+01:00", "2024-02-05T00:00:00+01:00"},
		{"toml-datetime.md", "2024-02-05T10:30:00+01:00", "2024-02-05T10:30:00+01:00"},
		{"toml-offset.md", "2024-02-05T10:30:00+02:00", "2024-02-05T10:30:00+02:00"},
		{"lastmod-minutes.md", "2024-02-05T00:00:00+01:00", "2024-02-07T09:15:00+01:00"},
	}
	for _, tc := range cases {
		t.Run(tc.file, func(t *testing.T) {
			src, err := os.ReadFile(filepath.Join("testdata", "dates", tc.file))
			if err != nil {
				t.Fatal(err)
			}
			a, problems := Parse("dates/"+tc.file, src, testOptions(t))
			if len(problems) > 0 {
				t.Fatal(problems)
			}
			if got := a.Date.Format(time.RFC3339); got != tc.date {
				t.Errorf("date %s, want %s", got, tc.date)
			}
			if got := a.Lastmod.Format(time.RFC3339); got != tc.lastmod {
				t.Errorf("lastmod %s, want %s", got, tc.lastmod)
			}
			if a.Date.Location() != Morocco && !strings.Contains(tc.file, "offset") && tc.file != "utc.md" {
				t.Errorf("date in %s, want Africa/Casablanca", a.Date.Location())
			}
		})
	}
	checkMessages(t, []messageCase{
		{"date-bad-hour.md", []string{`3:7: bad date "2024-02-05 25:00": write it as year-month-day, e.g. 2024-02-05, or with a time as 2024-02-05 10:30 (Morocco time) or 2024-02-05T10:30:00+01:00`}},
		{"type-toml-date-time-only.md", []string{`3:8: date must be a date written year-month-day, e.g. 2024-02-05, found only a time of day: write it as year-month-day, e.g. 2024-02-05, or with a time as 2024-02-05 10:30 (Morocco time) or 2024-02-05T10:30:00+01:00`}},
		{"lastmod-before-date-time.md", []string{`4:10: lastmod 2024-02-05 09:00 is before the date 2024-02-05 10:30: an article cannot be updated before it is published`}},
	})
}
