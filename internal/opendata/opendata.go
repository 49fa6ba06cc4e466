// Package opendata encodes the site's published articles as open data: a
// CSV file for spreadsheets and a JSON file for programs, for every
// published article (/data/articles.csv, .json) and for each region that
// has some (/data/regions/<region>.csv, .json).
//
// What belongs here is the encoding: the columns and keys, how a list is
// written in one CSV cell, dates, the byte order mark, formula
// neutralisation, and the digest that says when a file's bytes would
// change. Which articles are published and the files' addresses are the
// site graph's (site.DataSets), so that the files written and the links an
// article may make to them cannot disagree; when the files are written is
// the build's.
//
// The CSV files are UTF-8 with a byte order mark (so that Excel reads the
// Arabic as UTF-8), CRLF line ends and a header row (RFC 4180). A field of
// a list (regions, provinces, facility types, tags) holds its values joined
// by "|"; the slug columns never contain "|", and a "|" inside a name is
// written "¦" (U+00A6), so splitting both columns on "|" always gives the
// same number of values, in the same order. A field that begins with =, +,
// -, @, a tab or a carriage return, which a spreadsheet would run as a
// formula, begins with an apostrophe ' put in front of it (OWASP's advice
// on CSV injection); the JSON files keep every value as it is.
//
// The JSON files are UTF-8 without a byte order mark, compact, on one line
// ending with a newline: the data is for programs, which do not need the
// indentation (a quarter of the file's size in spaces), and a pretty
// printer shows it to a person (jq . articles.json); the newline makes it a
// text file for the tools that count lines or compare them. Keys are in a
// fixed order; <, > and & are written as they are.
//
// Dates are RFC 3339 (ISO 8601) in Morocco's time, with the offset of that
// day, in digits even when it is +00:00 (2024-02-05T10:30:00+01:00,
// 2024-03-20T21:15:00+00:00 in Ramadan); a date written without a time is
// its midnight. Lists follow the graph: articles newest first, as on the site;
// an article's regions, provinces, facility types and tags in the order
// its front matter gives them. The files' bytes depend only on the
// articles, the site's title and its base URL: a build of unchanged input
// writes the same bytes.
package opendata

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/jihat/jihat/internal/content"
	"github.com/jihat/jihat/internal/site"
)

// Columns are the CSV files' header, in order. See Row for what each holds.
var Columns = []string{
	"date", "title", "url",
	"regions", "regions_ar",
	"provinces", "provinces_ar",
	"facility_types", "facility_types_ar",
	"tags", "tags_names",
	"summary",
}

// BOM is the byte order mark the CSV files begin with.
const BOM = "\uFEFF"

// Separator joins the values of a list in one CSV field.
const Separator = "|"

// separatorInName replaces Separator inside a name.
const separatorInName = "¦"

// formatVersion changes with the files' layout, so that a digest taken
// by an older encoder never keeps files an encoder of another layout made.
const formatVersion = "jihat open data 1"

// Options say how to write the files.
type Options struct {
	// Offline: the files are for reading from disk (jihat archive), where
	// no address points at the online site: an article's url is its path
	// in the site (/articles/<slug>/), the same in every file.
	Offline bool
}

// Term is a region, province, facility type or tag as the files name it:
// its slug (the address of its page) and its name (Arabic for the
// vocabulary, as the tag's page spells it for a tag).
type Term struct {
	Slug string `json:"slug"`
	Name string `json:"name"`
}

// Row is one article as the files hold it; the JSON keys are the CSV
// columns, lists being arrays of terms rather than two joined columns.
type Row struct {
	Date          string `json:"date"` // RFC 3339, Morocco's time
	Title         string `json:"title"`
	URL           string `json:"url"` // absolute; site-relative offline
	Regions       []Term `json:"regions"`
	Provinces     []Term `json:"provinces"`
	FacilityTypes []Term `json:"facility_types"`
	Tags          []Term `json:"tags"`
	Summary       string `json:"summary"` // the front matter's; "" when none

	// size is the bytes of the values and terms the number of terms:
	// the files' size is guessed from them, so that their buffers are
	// allocated once (tens of megabytes each for a large site).
	size, terms int
}

// Document is a JSON file: a short header, then the articles.
type Document struct {
	// Title is the site's title.
	Title string `json:"title"`
	// Region is the region of a region's file; absent from the file of
	// every article.
	Region *Term `json:"region,omitempty"`
	// Updated is the newest lastmod of the file's articles, as the Atom
	// feeds' <updated> (the site's, for a file without articles): not the
	// clock, so that unchanged articles give unchanged bytes.
	Updated string `json:"updated"`
	Count   int    `json:"count"`
	// Articles come last: JSON writes the header, then one article at a
	// time into the same buffer.
	Articles []*Row `json:"articles"`
}

// Set is one data set ready to be encoded: its files' names, and the digest
// of everything they hold.
type Set struct {
	// Name is the files' path in the output without the extension:
	// data/articles, data/regions/<region>.
	Name string
	// Digest identifies what the files hold: equal digests, equal bytes
	// (from this encoder; the build adds which jihat encoded them).
	Digest site.Digest

	doc  Document
	rows []*Row
	// size and terms add up the rows'.
	size, terms int
}

// Files are the set's file names, in the order of site.DataFormats.
func (set *Set) Files() []string {
	files := make([]string, len(site.DataFormats))
	for i, ext := range site.DataFormats {
		files[i] = set.Name + ext
	}
	return files
}

// Plan makes the rows of every data set the site publishes (site.DataSets)
// and their digests, without encoding them: a build encodes only the sets
// whose digest changed. Each article's row is made once, whatever the
// number of sets it is in.
func Plan(s *site.Site, opts Options) []*Set {
	rows := map[*site.Article]*Row{}
	digests := map[*Row][32]byte{}
	var sets []*Set
	for _, d := range s.DataSets() {
		set := &Set{Name: strings.TrimPrefix(d.URL, "/"), rows: make([]*Row, len(d.Articles))}
		set.doc = Document{Title: s.Config.Title, Updated: formatDate(newest(s, d.Articles)), Count: len(d.Articles)}
		if d.Region != nil {
			set.doc.Region = &Term{Slug: d.Region.Slug, Name: d.Region.Name}
		}
		h := newHasher()
		h.str(formatVersion)
		h.str(set.Name)
		h.str(set.doc.Title)
		if r := set.doc.Region; r != nil {
			h.str(r.Slug)
			h.str(r.Name)
		}
		h.str(set.doc.Updated)
		h.int(len(d.Articles))
		for i, a := range d.Articles {
			row := rows[a]
			if row == nil {
				row = rowOf(s, a, opts)
				rows[a] = row
				digests[row] = row.digest()
			}
			set.rows[i] = row
			set.size += row.size
			set.terms += row.terms
			sum := digests[row]
			h.buf = append(h.buf, sum[:]...)
		}
		set.Digest = h.sum()
		sets = append(sets, set)
	}
	return sets
}

// newest is the newest lastmod of the articles, or the site's time.
func newest(s *site.Site, list []*site.Article) time.Time {
	if len(list) == 0 {
		return s.Built
	}
	var t time.Time
	for _, a := range list {
		if a.Lastmod.After(t) {
			t = a.Lastmod
		}
	}
	return t
}

// rowOf is an article's row.
func rowOf(s *site.Site, a *site.Article, opts Options) *Row {
	url := a.URL
	if !opts.Offline {
		url = s.AbsURL(a.URL)
	}
	r := &Row{
		Date:          formatDate(a.Date),
		Title:         a.Title,
		URL:           url,
		Regions:       terms(a.RegionTerms),
		Provinces:     terms(a.ProvinceTerms),
		FacilityTypes: terms(a.FacilityTerms),
		Tags:          terms(a.TagTerms),
		Summary:       a.Summary,
	}
	r.size = len(r.Date) + len(r.Title) + len(r.URL) + len(r.Summary)
	for _, list := range [][]Term{r.Regions, r.Provinces, r.FacilityTypes, r.Tags} {
		r.terms += len(list)
		for _, t := range list {
			r.size += len(t.Slug) + len(t.Name)
		}
	}
	return r
}

func terms(list []*site.Term) []Term {
	out := make([]Term, len(list)) // [] rather than null in JSON
	for i, t := range list {
		out[i] = Term{Slug: t.Slug, Name: t.Name}
	}
	return out
}

// dateLayout is RFC 3339 with the offset always in digits: Morocco's
// +00:00 (around Ramadan) is not written Z, which reads as UTC.
const dateLayout = "2006-01-02T15:04:05-07:00"

// formatDate writes t in Morocco's time: the same instant gives the same
// text whatever zone it was read in (a date kept by the cache folder has
// its offset alone).
func formatDate(t time.Time) string {
	return t.In(content.Morocco).Format(dateLayout)
}

// Fingerprint identifies what the files hold of one article: jihat serve
// leaves the data sets alone after an edit that keeps it (a body edited).
func Fingerprint(s *site.Site, a *site.Article) [32]byte {
	return rowOf(s, a, Options{}).digest()
}

// digest identifies a row's values.
func (r *Row) digest() [32]byte {
	h := newHasher()
	h.str(r.Date)
	h.str(r.Title)
	h.str(r.URL)
	for _, list := range [][]Term{r.Regions, r.Provinces, r.FacilityTypes, r.Tags} {
		h.int(len(list))
		for _, t := range list {
			h.str(t.Slug)
			h.str(t.Name)
		}
	}
	h.str(r.Summary)
	return sha256.Sum256(h.buf)
}

// hasher collects length-prefixed values to hash at once.
type hasher struct{ buf []byte }

func newHasher() *hasher { return &hasher{buf: make([]byte, 0, 512)} }

func (h *hasher) int(n int) { h.buf = binary.AppendUvarint(h.buf, uint64(n)) }

func (h *hasher) str(s string) {
	h.int(len(s))
	h.buf = append(h.buf, s...)
}

func (h *hasher) sum() site.Digest {
	full := sha256.Sum256(h.buf)
	return site.Digest(full[:len(site.Digest{})])
}

// Encode writes the set's files: file name → bytes, in the output's slash
// paths (data/articles.csv, data/articles.json).
func (set *Set) Encode() (map[string][]byte, error) {
	out := make(map[string][]byte, len(site.DataFormats))
	for _, ext := range site.DataFormats {
		data, err := set.File(ext)
		if err != nil {
			return nil, err
		}
		out[set.Name+ext] = data
	}
	return out, nil
}

// File writes the set's file of one of site.DataFormats.
func (set *Set) File(ext string) ([]byte, error) {
	switch ext {
	case ".csv":
		return set.CSV()
	case ".json":
		return set.JSON()
	}
	return nil, fmt.Errorf("%s%s: no encoder for this format", set.Name, ext)
}

// CSV is the set's CSV file.
func (set *Set) CSV() ([]byte, error) {
	var buf bytes.Buffer
	// Each row: its values, a separator a term, commas, quotes, CRLF.
	buf.Grow(len(BOM) + 160 + set.size + 2*set.terms + 24*len(set.rows))
	buf.WriteString(BOM)
	w := csv.NewWriter(&buf)
	w.UseCRLF = true
	if err := w.Write(Columns); err != nil {
		return nil, fmt.Errorf("%s.csv: %w", set.Name, err)
	}
	record := make([]string, len(Columns))
	for _, r := range set.rows {
		record = append(record[:0],
			r.Date, r.Title, r.URL,
			slugs(r.Regions), names(r.Regions),
			slugs(r.Provinces), names(r.Provinces),
			slugs(r.FacilityTypes), names(r.FacilityTypes),
			slugs(r.Tags), names(r.Tags),
			r.Summary)
		for i, f := range record {
			record[i] = Neutralise(f)
		}
		if err := w.Write(record); err != nil {
			return nil, fmt.Errorf("%s.csv: %s: %w", set.Name, r.URL, err)
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return nil, fmt.Errorf("%s.csv: %w", set.Name, err)
	}
	return buf.Bytes(), nil
}

// JSON is the set's JSON file. It is what encoding/json writes of the
// Document (with SetEscapeHTML(false)), made one article at a time so that
// the file is in memory once, not twice.
func (set *Set) JSON() ([]byte, error) {
	var buf bytes.Buffer
	// Each row: its values, the keys (about 90 bytes), a term's braces
	// and keys (about 20 bytes each).
	buf.Grow(256 + set.size + 24*set.terms + 96*len(set.rows))
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	head := set.doc
	head.Articles = []*Row{}
	if err := enc.Encode(head); err != nil {
		return nil, fmt.Errorf("%s.json: %w", set.Name, err)
	}
	// The header ends with "articles":[]} and the newline Encode adds:
	// the rows go between the brackets.
	const end = "]}\n"
	if !bytes.HasSuffix(buf.Bytes(), []byte(end)) {
		return nil, fmt.Errorf("%s.json: the header does not end with the articles", set.Name)
	}
	buf.Truncate(buf.Len() - len(end))
	for i, r := range set.rows {
		if i > 0 {
			buf.WriteByte(',')
		}
		if err := enc.Encode(r); err != nil {
			return nil, fmt.Errorf("%s.json: %s: %w", set.Name, r.URL, err)
		}
		buf.Truncate(buf.Len() - 1) // Encode's newline
	}
	buf.WriteString(end)
	return buf.Bytes(), nil
}

func slugs(list []Term) string {
	parts := make([]string, len(list))
	for i, t := range list {
		parts[i] = t.Slug
	}
	return strings.Join(parts, Separator)
}

func names(list []Term) string {
	parts := make([]string, len(list))
	for i, t := range list {
		parts[i] = strings.ReplaceAll(t.Name, Separator, separatorInName)
	}
	return strings.Join(parts, Separator)
}

// Neutralise keeps a spreadsheet from reading a CSV field as a formula: a
// field beginning with =, +, -, @, a tab or a carriage return gets an
// apostrophe in front, which spreadsheets show as text and do not run.
// Other fields are returned as they are.
func Neutralise(field string) string {
	if field != "" && strings.IndexByte("=+-@\t\r", field[0]) >= 0 {
		return "'" + field
	}
	return field
}

// Files encodes every data set the site publishes: file name → bytes.
func Files(s *site.Site, opts Options) (map[string][]byte, error) {
	out := map[string][]byte{}
	for _, set := range Plan(s, opts) {
		files, err := set.Encode()
		if err != nil {
			return nil, err
		}
		for name, data := range files {
			out[name] = data
		}
	}
	return out, nil
}
