package content

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/BurntSushi/toml"
	"github.com/adrg/frontmatter"
	"go.yaml.in/yaml/v3"

	"github.com/jihat/jihat/internal/arabic"
	"github.com/jihat/jihat/internal/diag"
	"github.com/jihat/jihat/internal/msg"
)

// field is one front-matter value with the place it was written, so that
// every complaint about it can point at the editor's own line.
type field struct {
	Key    string
	KeyLin int // where the key is written
	KeyCol int
	Line   int // where the value is written (file line, 1-based)
	Col    int
	Value  any // string, bool, time.Time, []item, or nil
}

// item is one element of a list value, positioned like a field.
type item struct {
	Value string
	Line  int
	Col   int
	// Found says what the entry is when it is not a single value ("a
	// list", "nested fields"), for the message; "" for a value.
	Found string
}

// number is a number as written. It serves as text where text is expected
// (`title: 2030`), and is told from text where it is a mistake
// (`draft: 1`).
type number string

// nested is a value made of fields (an indented block, `{…}`, a TOML
// table): never what a Jihat field takes, and reported as such by the
// field's own check, which knows what it expected.
type nested struct{}

// split is a parsed file: its fields, the body, and where the body starts.
type split struct {
	Fields    []field
	Body      []byte
	BodyLine  int // file line of the first body byte
	OpenLine  int // line of the opening delimiter, 0 without front matter
	Delimiter string
}

var errNoFrontMatter = errors.New("no front matter")

// frontMatterReaders recycles the buffered reader adrg/frontmatter wraps
// its input in: it takes a *bufio.Reader of its default size as it is,
// instead of making 4 KB for every file.
var frontMatterReaders = sync.Pool{New: func() any { return bufio.NewReader(nil) }}

// parseFrontMatter separates front matter from body with adrg/frontmatter and
// decodes it keeping positions: YAML through yaml.v3 nodes, TOML through the
// TOML decoder plus a scan for key lines.
func parseFrontMatter(path string, src []byte) (*split, diag.List) {
	var problems diag.List
	open, delim := openingDelimiter(src)
	if open == 0 {
		return nil, problems
	}
	s := &split{OpenLine: open, Delimiter: delim}
	var called bool
	var decodeErr error
	decode := func(kind string) frontmatter.UnmarshalFunc {
		return func(data []byte, _ any) error {
			called = true
			fields, err := decodeFields(kind, data, open)
			s.Fields = fields
			decodeErr = err
			return nil
		}
	}
	// The parser copies all it reads: give it the front matter only, up to
	// the line that closes it as the parser would find it. Should the two
	// ever disagree, the offsets below still follow the parser.
	head := src[:frontMatterEnd(src, open, delim)]
	// YAML and TOML refuse these characters without saying where they
	// are (YAML blames line 1): find them first, each on its line.
	if problems = unprintableInFrontMatter(path, head); problems != nil {
		return nil, problems
	}
	r := frontMatterReaders.Get().(*bufio.Reader)
	r.Reset(bytes.NewReader(head))
	rest, err := frontmatter.Parse(r, nil,
		frontmatter.NewFormat("---", "---", decode("yaml")),
		frontmatter.NewFormat("+++", "+++", decode("toml")),
	)
	r.Reset(nil) // the pool must not keep the file
	frontMatterReaders.Put(r)
	body := src[len(head)-len(rest):]
	if err != nil {
		problems.Add(path, open, 1, "cannot read front matter: %v", err)
		return nil, problems
	}
	if !called {
		problems.Add(path, open, 1, "front matter opened with %q is never closed: add a line with %q after the last field", delim, delim)
		return nil, problems
	}
	if decodeErr != nil {
		var d diag.Diagnostic
		var list diag.List
		if errors.As(decodeErr, &list) {
			for _, d := range list {
				d.Path = path
				problems = append(problems, d)
			}
		} else if errors.As(decodeErr, &d) {
			d.Path = path
			problems = append(problems, d)
		} else {
			problems.Add(path, open, 1, "%v", decodeErr)
		}
		return nil, problems
	}
	s.Body = body
	s.BodyLine = 1 + bytes.Count(src[:len(src)-len(body)], []byte("\n"))
	return s, problems
}

// openingDelimiter reports the line and text of the front-matter opener: the
// first non-blank line must be exactly "---" or "+++".
func openingDelimiter(src []byte) (int, string) {
	for n := 1; len(src) > 0; n++ {
		line := src
		if i := bytes.IndexByte(src, '\n'); i >= 0 {
			line, src = src[:i], src[i+1:]
		} else {
			src = nil
		}
		switch t := string(bytes.TrimSpace(line)); t {
		case "":
			continue
		case "---", "+++":
			return n, t
		}
		return 0, ""
	}
	return 0, ""
}

// frontMatterEnd is the offset just past the line that closes the front
// matter opened on line open with delim: the next line that is delim once
// trimmed. Without one, the whole of src.
func frontMatterEnd(src []byte, open int, delim string) int {
	off := 0
	for n := 1; off < len(src); n++ {
		end := len(src)
		if i := bytes.IndexByte(src[off:], '\n'); i >= 0 {
			end = off + i + 1
		}
		if n > open && string(bytes.TrimSpace(src[off:end])) == delim {
			return end
		}
		off = end
	}
	return len(src)
}

func decodeFields(kind string, data []byte, openLine int) ([]field, error) {
	if kind == "toml" {
		return decodeTOML(data, openLine)
	}
	return decodeYAML(data, openLine)
}

var yamlLine = regexp.MustCompile(`(?:yaml: )?line (\d+): (.*)`)

func decodeYAML(data []byte, openLine int) ([]field, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, yamlError(err, data, openLine)
	}
	if len(doc.Content) == 0 {
		return nil, nil
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil, diag.At("", openLine+root.Line, root.Column, "front matter must be a list of `key: value` lines")
	}
	var fields []field
	for i := 0; i+1 < len(root.Content); i += 2 {
		f, err := yamlField(root.Content[i], root.Content[i+1], openLine)
		if err != nil {
			return nil, err
		}
		fields = append(fields, f)
	}
	return fields, nil
}

// yamlError places a YAML syntax error at its file line: yaml.v3 counts
// lines from the front matter's start, and sometimes gives none.
func yamlError(err error, data []byte, openLine int) error {
	text := err.Error()
	if m := yamlLine.FindStringSubmatch(text); m != nil {
		var n int
		fmt.Sscan(m[1], &n)
		return diag.At("", openLine+n, 1, "front matter is not valid YAML: %s%v", m[2], yamlHint(m[2]))
	}
	// Some YAML errors come without a line; the commonest, an unquoted
	// colon, is easy to find ourselves.
	line := openLine
	if strings.Contains(text, "mapping values are not allowed") {
		if n := unquotedColonLine(data); n > 0 {
			line = openLine + n
		}
	}
	return diag.At("", line, 1, "front matter is not valid YAML: %s%v", strings.TrimPrefix(text, "yaml: "), yamlHint(text))
}

// yamlField keeps a key's value with the place it was written. Nested
// blocks are kept as such, for the field's own check to say what it
// expected instead.
func yamlField(k, v *yaml.Node, openLine int) (field, error) {
	if k.Kind != yaml.ScalarNode {
		return field{}, diag.At("", openLine+k.Line, k.Column, "a field name must be a single word such as title, followed by a colon")
	}
	f := field{Key: k.Value, KeyLin: openLine + k.Line, KeyCol: k.Column, Line: openLine + k.Line, Col: k.Column}
	written := v // an alias is reported where it is used
	v = yamlResolve(v)
	switch {
	case v.Kind == yaml.ScalarNode:
		f.Line, f.Col = openLine+written.Line, written.Column
		f.Value = yamlScalar(v)
	case v.Kind == yaml.SequenceNode:
		// A list in brackets is where it is written; a list of `- `
		// lines, under its key.
		if v.Style&yaml.FlowStyle != 0 || written != v {
			f.Line, f.Col = openLine+written.Line, written.Column
		}
		f.Value = yamlItems(v, openLine)
	default:
		f.Line, f.Col = openLine+written.Line, written.Column
		f.Value = nested{}
	}
	return f, nil
}

// yamlResolve follows an alias (`title: *name`) to the value it names.
func yamlResolve(v *yaml.Node) *yaml.Node {
	for v.Kind == yaml.AliasNode && v.Alias != nil {
		v = v.Alias
	}
	return v
}

// yamlScalar keeps nulls, booleans and numbers typed, so that `draft:
// true` and an empty `title:` are told from text; everything else stays as
// written.
func yamlScalar(v *yaml.Node) any {
	switch v.Tag {
	case "!!null":
		return nil
	case "!!bool":
		var b bool
		if err := v.Decode(&b); err == nil {
			return b
		}
	case "!!int", "!!float":
		return number(v.Value)
	}
	return v.Value
}

// yamlItems positions every entry of a list, so that a wrong entry is
// reported where it is written.
func yamlItems(v *yaml.Node, openLine int) []item {
	items := make([]item, 0, len(v.Content))
	for _, e := range v.Content {
		it := item{Line: openLine + e.Line, Col: e.Column}
		e = yamlResolve(e)
		switch e.Kind {
		case yaml.ScalarNode:
			if e.Tag != "!!null" {
				it.Value = e.Value
			}
		case yaml.SequenceNode:
			it.Found = "a list"
		default:
			it.Found = "nested fields"
		}
		items = append(items, it)
	}
	return items
}

// yamlHint adds the fix for the YAML mistakes editors make most: a colon
// inside an unquoted title, and tabs.
func yamlHint(text string) msg.Message {
	switch {
	case strings.Contains(text, "mapping values are not allowed"):
		return msg.New(" (a value containing \": \" must be quoted: title: \"…\")")
	case strings.Contains(text, "found character that cannot start any token"), strings.Contains(text, "tab"):
		return msg.New(" (indent with spaces, not tabs)")
	}
	return msg.Message{}
}

// unquotedColonLine finds the first `key: value` line whose unquoted value
// holds another ": ".
func unquotedColonLine(data []byte) int {
	sc := bufio.NewScanner(bytes.NewReader(data))
	for n := 1; sc.Scan(); n++ {
		_, value, ok := strings.Cut(sc.Text(), ": ")
		value = strings.TrimSpace(value)
		if ok && value != "" && !strings.ContainsAny(value[:1], "\"'[{|>") && strings.Contains(value, ": ") {
			return n
		}
	}
	return 0
}

var tomlKeyLine = regexp.MustCompile(`^\s*"?([A-Za-z0-9_-]+)"?\s*=\s*`)

// tomlPlace is where a top-level key and its value are written.
type tomlPlace struct{ line, keyCol, col int }

func decodeTOML(data []byte, openLine int) ([]field, error) {
	raw := map[string]any{}
	if _, err := toml.Decode(string(data), &raw); err != nil {
		// The decoder refuses a key given twice, in words of its own and
		// at the second place only: say it as for YAML.
		if dups := tomlDuplicates(data, openLine); dups != nil {
			return nil, dups
		}
		var perr toml.ParseError
		if errors.As(err, &perr) {
			return nil, diag.At("", openLine+perr.Position.Line, max(perr.Position.Col, 1), "front matter is not valid TOML: %s", perr.Message)
		}
		return nil, diag.At("", openLine, 1, "front matter is not valid TOML: %s", err.Error())
	}
	places, order := tomlKeyLines(data, openLine, raw)
	var fields []field
	for _, k := range order {
		v, ok := raw[k]
		if !ok {
			continue
		}
		fields = append(fields, tomlField(k, v, places[k]))
	}
	return fields, nil
}

// tomlDuplicates reports the top-level keys written more than once, each
// at its second line, naming all of them.
func tomlDuplicates(data []byte, openLine int) diag.List {
	var keys []string
	lines := map[string][]int{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for n := 1; sc.Scan(); n++ {
		text := sc.Text()
		if strings.HasPrefix(strings.TrimSpace(text), "[") {
			break // a table: its keys are not the article's fields
		}
		if m := tomlKeyLine.FindStringSubmatch(text); m != nil {
			if lines[m[1]] == nil {
				keys = append(keys, m[1])
			}
			lines[m[1]] = append(lines[m[1]], openLine+n)
		}
	}
	var problems diag.List
	for _, k := range keys {
		if ls := lines[k]; len(ls) > 1 {
			problems.Add("", ls[1], 1, "%v", givenTwice(k, ls))
		}
	}
	return problems
}

// givenTwice is the problem of a key written on each of lines.
func givenTwice(key string, lines []int) msg.Message {
	nums := make([]string, len(lines))
	for i, n := range lines {
		nums[i] = fmt.Sprint(n)
	}
	first, last := strings.Join(nums[:len(nums)-1], ", "), nums[len(nums)-1]
	if len(lines) > 2 {
		return msg.New("%s is given %d times (lines %s and %s): keep one", key, len(lines), first, last)
	}
	return msg.New("%s is given twice (lines %s and %s): keep one", key, first, last)
}

// tomlKeyLines finds where each top-level key is written, since the TOML
// decoder has no positions: keys sit on their own `key = value` line, taken
// in document order, until the first table, whose header gives its name's
// place and whose keys are its own. A key written some other way (dotted,
// say) is placed on the front matter's first line.
func tomlKeyLines(data []byte, openLine int, raw map[string]any) (map[string]tomlPlace, []string) {
	places := map[string]tomlPlace{}
	var order []string
	add := func(k string, p tomlPlace) {
		if _, seen := places[k]; !seen {
			places[k] = p
			order = append(order, k)
		}
	}
	inTable := false
	sc := bufio.NewScanner(bytes.NewReader(data))
	for n := 1; sc.Scan(); n++ {
		text := sc.Text()
		if m := tomlTableLine.FindStringSubmatchIndex(text); m != nil {
			inTable = true
			add(text[m[2]:m[3]], tomlPlace{openLine + n, 1 + utf8.RuneCountInString(text[:m[2]]), 1 + utf8.RuneCountInString(text[:m[2]])})
			continue
		}
		if m := tomlKeyLine.FindStringSubmatchIndex(text); m != nil && !inTable {
			add(text[m[2]:m[3]], tomlPlace{openLine + n, 1 + utf8.RuneCountInString(text[:m[2]]), 1 + utf8.RuneCountInString(text[:m[1]])})
		}
	}
	var rest []string
	for k := range raw {
		if _, ok := places[k]; !ok {
			rest = append(rest, k)
		}
	}
	slices.Sort(rest) // map order would vary from run to run
	for _, k := range rest {
		add(k, tomlPlace{openLine + 1, 1, 1})
	}
	return places, order
}

var tomlTableLine = regexp.MustCompile(`^\s*\[\[?\s*"?([A-Za-z0-9_-]+)`)

// tomlField brings a TOML value to the few types the checks take (text,
// bool, time, number, list, nested), so that they need not know the
// format. List entries take their key's line, the decoder having no
// positions.
func tomlField(k string, v any, at tomlPlace) field {
	f := field{Key: k, KeyLin: at.line, KeyCol: at.keyCol, Line: at.line, Col: at.col}
	switch x := v.(type) {
	case string, bool, time.Time:
		f.Value = x
	case int64, float64:
		f.Value = number(fmt.Sprint(x))
	case []any:
		items := make([]item, 0, len(x))
		for _, e := range x {
			it := item{Line: f.Line, Col: f.Col}
			switch e := e.(type) {
			case string:
				it.Value = e
			case []any:
				it.Found = "a list"
			case map[string]any:
				it.Found = "nested fields"
			case time.Time:
				it.Value = e.Format("2006-01-02")
			default:
				it.Value = fmt.Sprint(e)
			}
			items = append(items, it)
		}
		f.Value = items
	default: // a table, or an array of tables
		f.Value = nested{}
	}
	return f
}

// unprintableInFrontMatter reports every line of the front matter that
// holds a character no page can show, at the first such character: YAML
// and TOML would stop at the first without saying where it is.
func unprintableInFrontMatter(path string, head []byte) diag.List {
	var problems diag.List
	line, lineStart := 1, 0
	for off := 0; ; {
		i, r, size := arabic.NextUnprintable(head[off:])
		if i < 0 {
			return problems
		}
		at := off + i
		for j := bytes.IndexByte(head[lineStart:at], '\n'); j >= 0; j = bytes.IndexByte(head[lineStart:at], '\n') {
			line, lineStart = line+1, lineStart+j+1
		}
		problems.Add(path, line, 1+utf8.RuneCount(head[lineStart:at]), "the front matter holds the invisible character %s, which no web page can show: delete it (in most editors it shows as a box, or not at all)", arabic.DescribeUnprintable(r))
		// One report a line: the rest of it is likely the same paste.
		off = at + size
		if next := bytes.IndexByte(head[off:], '\n'); next >= 0 {
			off += next
		} else {
			return problems
		}
	}
}
