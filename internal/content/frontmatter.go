package content

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/BurntSushi/toml"
	"github.com/adrg/frontmatter"
	"go.yaml.in/yaml/v3"

	"github.com/jihat/jihat/internal/diag"
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
}

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
		if errors.As(decodeErr, &d) {
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
		return nil, diag.Diagnostic{Line: openLine + root.Line, Col: root.Column, Msg: "front matter must be a list of `key: value` lines"}
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
	msg := err.Error()
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		var n int
		fmt.Sscan(m[1], &n)
		return diag.Diagnostic{Line: openLine + n, Col: 1, Msg: "front matter is not valid YAML: " + m[2] + yamlHint(m[2])}
	}
	// Some YAML errors come without a line; the commonest, an unquoted
	// colon, is easy to find ourselves.
	line := openLine
	if strings.Contains(msg, "mapping values are not allowed") {
		if n := unquotedColonLine(data); n > 0 {
			line = openLine + n
		}
	}
	return diag.Diagnostic{Line: line, Col: 1, Msg: "front matter is not valid YAML: " + strings.TrimPrefix(msg, "yaml: ") + yamlHint(msg)}
}

// yamlField keeps a key's value with the place it was written; Jihat's
// fields are values or lists of values, so a nested block is a mistake.
func yamlField(k, v *yaml.Node, openLine int) (field, error) {
	f := field{Key: k.Value, KeyLin: openLine + k.Line, KeyCol: k.Column, Line: openLine + k.Line, Col: k.Column}
	switch v.Kind {
	case yaml.ScalarNode:
		f.Line, f.Col = openLine+v.Line, v.Column
		f.Value = yamlScalar(v)
	case yaml.SequenceNode:
		items, err := yamlItems(k.Value, v, openLine)
		if err != nil {
			return field{}, err
		}
		f.Value = items
	default:
		return field{}, diag.Diagnostic{Line: openLine + v.Line, Col: v.Column, Msg: fmt.Sprintf("%s: expected a value or a list, not a nested block", k.Value)}
	}
	return f, nil
}

// yamlScalar keeps nulls and booleans typed, so that `draft: true` and an
// empty `title:` are told from text; everything else stays as written.
func yamlScalar(v *yaml.Node) any {
	switch v.Tag {
	case "!!null":
		return nil
	case "!!bool":
		var b bool
		if err := v.Decode(&b); err == nil {
			return b
		}
	}
	return v.Value
}

// yamlItems positions every entry of a list, so that a wrong entry is
// reported where it is written.
func yamlItems(key string, v *yaml.Node, openLine int) ([]item, error) {
	var items []item
	for _, e := range v.Content {
		if e.Kind != yaml.ScalarNode {
			return nil, diag.Diagnostic{Line: openLine + e.Line, Col: e.Column, Msg: fmt.Sprintf("%s: each entry must be a plain value", key)}
		}
		items = append(items, item{Value: e.Value, Line: openLine + e.Line, Col: e.Column})
	}
	return items, nil
}

// yamlHint adds the fix for the YAML mistakes editors make most: a colon
// inside an unquoted title, and tabs.
func yamlHint(msg string) string {
	switch {
	case strings.Contains(msg, "mapping values are not allowed"):
		return " (a value containing \": \" must be quoted: title: \"…\")"
	case strings.Contains(msg, "found character that cannot start any token"), strings.Contains(msg, "tab"):
		return " (indent with spaces, not tabs)"
	}
	return ""
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

var tomlKeyLine = regexp.MustCompile(`^\s*"?([A-Za-z0-9_-]+)"?\s*=`)

func decodeTOML(data []byte, openLine int) ([]field, error) {
	raw := map[string]any{}
	if _, err := toml.Decode(string(data), &raw); err != nil {
		var perr toml.ParseError
		if errors.As(err, &perr) {
			return nil, diag.Diagnostic{Line: openLine + perr.Position.Line, Col: max(perr.Position.Col, 1), Msg: "front matter is not valid TOML: " + perr.Message}
		}
		return nil, diag.Diagnostic{Line: openLine, Col: 1, Msg: "front matter is not valid TOML: " + err.Error()}
	}
	lines, order := tomlKeyLines(data, openLine, raw)
	var fields []field
	for _, k := range order {
		v, ok := raw[k]
		if !ok {
			continue
		}
		f, err := tomlField(k, v, lines[k])
		if err != nil {
			return nil, err
		}
		fields = append(fields, f)
	}
	return fields, nil
}

// tomlKeyLines finds where each top-level key is written, since the TOML
// decoder has no positions: keys sit on their own `key =` line, taken in
// document order. A key written some other way (a table, say) is placed on
// the front matter's first line.
func tomlKeyLines(data []byte, openLine int, raw map[string]any) (map[string]int, []string) {
	lines := map[string]int{}
	var order []string
	sc := bufio.NewScanner(bytes.NewReader(data))
	for n := 1; sc.Scan(); n++ {
		if m := tomlKeyLine.FindStringSubmatch(sc.Text()); m != nil {
			if _, seen := lines[m[1]]; !seen {
				lines[m[1]] = openLine + n
				order = append(order, m[1])
			}
		}
	}
	for k := range raw {
		if _, ok := lines[k]; !ok {
			lines[k] = openLine + 1
			order = append(order, k)
		}
	}
	return lines, order
}

// tomlField brings a TOML value to the few types the checks take (text,
// bool, time, list), so that they need not know the format. Numbers become
// text; list entries take their key's line, the decoder having no
// positions.
func tomlField(k string, v any, line int) (field, error) {
	f := field{Key: k, KeyLin: line, KeyCol: 1, Line: line, Col: 1}
	switch x := v.(type) {
	case string, bool:
		f.Value = x
	case time.Time:
		f.Value = x
	case int64, float64:
		f.Value = fmt.Sprint(x)
	case []any:
		var items []item
		for _, e := range x {
			s, ok := e.(string)
			if !ok {
				s = fmt.Sprint(e)
			}
			items = append(items, item{Value: s, Line: f.Line, Col: 1})
		}
		f.Value = items
	default:
		return field{}, diag.Diagnostic{Line: f.Line, Col: 1, Msg: fmt.Sprintf("%s: expected a value or a list, not a table", k)}
	}
	return f, nil
}
