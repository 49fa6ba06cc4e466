package markdown

import (
	"strings"
	"testing"
	"time"
)

// fill repeats unit up to n bytes.
func fill(unit string, n int) string { return strings.Repeat(unit, n/len(unit)) }

// Bodies past a limit are refused at their line, with the fix; nothing is
// converted.
func TestLimits(t *testing.T) {
	tests := []struct {
		name string
		body string
		want string
	}{
		{"too long", fill("نص ", MaxBodyBytes+10),
			"a.md:7: the article's body is 1 MB: Jihat converts bodies of up to 1 MB; split it into several articles"},
		{"link openings, the reported case", strings.Repeat("[a](", 100_000),
			`a.md:7: the line is 400000 characters long and 100000 of its links ("](") do not close before the next one: reading their addresses would take too long; close each link with ")" or remove the stray brackets`},
		{"image openings on a later line", "فقرة.\n\n" + strings.Repeat("![a](", 2000),
			`a.md:9: the line is 10000 characters long and 2000 of its links ("](") do not close before the next one: reading their addresses would take too long; close each link with ")" or remove the stray brackets`},
		{"angle addresses that never close", strings.Repeat("[a](<x ", 2000),
			`a.md:7: the line is 14000 characters long and 2000 of its links ("](") do not close before the next one: reading their addresses would take too long; close each link with ")" or remove the stray brackets`},
		{"link openings over many lines", strings.Repeat(strings.Repeat("[a](", 900)+"\n\n", 30),
			`a.md:55: the article has too many links ("](") whose address or title does not close, up to this line: reading them would take too long; close each link with ")" (and its title with its quote) or remove the stray brackets`},
		{"quotes nested deep", "أ\n" + strings.Repeat(">", 300) + " ب",
			"a.md:8:1: the line begins with 300 characters of quote marks (>), list markers and indentation: Jihat allows 256, as lists and quotes never nest that deep; remove the stray marks"},
		{"lists nested deep", strings.Repeat("- ", 129) + "ب",
			"a.md:7:1: the line begins with 258 characters of quote marks (>), list markers and indentation: Jihat allows 256, as lists and quotes never nest that deep; remove the stray marks"},
		{"numbered lists and quotes", strings.Repeat("> 1. ", 52) + "ب",
			"a.md:7:1: the line begins with 260 characters of quote marks (>), list markers and indentation: Jihat allows 256, as lists and quotes never nest that deep; remove the stray marks"},
		{"link titles that never close, over many lines", strings.Repeat("[a](b '\n", 20000),
			`a.md:258: the article has too many links ("](") whose address or title does not close, up to this line: reading them would take too long; close each link with ")" (and its title with its quote) or remove the stray brackets`},
		{"link definitions in a row", fill("[a]: /x\n", 8*1001),
			"a.md:1007:1: more than 1000 link definitions ([name]: address) follow one another up to this line: leave a blank line between groups of them"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, problems := convert(t, Options{}, tt.body, newResolver())
			checkDiags(t, problems, []string{tt.want})
			if len(doc.HTML) != 0 {
				t.Errorf("a refused body was converted (%d bytes)", len(doc.HTML))
			}
		})
	}
}

// Lines that look deep or long but are ordinary Markdown pass.
func TestLimitsLetOrdinaryBodiesThrough(t *testing.T) {
	for name, body := range map[string]string{
		"thematic break":            strings.Repeat("-", 400),
		"long number":               strings.Repeat("7", 400) + ". نص",
		"a long paragraph":          fill("نص عربي طويل [رابط](#x) ", 200_000),
		"links without spaces":      fill("[a](#x)[b](<#y z>)[c](/a(b)c)", 200_000),
		"definitions in groups":     strings.Repeat(fill("[a]: /x\n", 8*1000)+"\n", 3),
		"nested just to the cap":    strings.Repeat("> ", 128) + "ب",
		"a blank line of spaces":    "أ\n" + strings.Repeat(" ", 300) + "\nب",
		"tabs":                      strings.Repeat("\t", 300) + "x",
		"code indented in a list":   "- أ\n\n" + strings.Repeat(" ", 300) + "code",
		"a rule of list-like marks": strings.Repeat("- ", 140),
		"a title on the next line":  "[a](/x\n\"عنوان\")",
	} {
		t.Run(name, func(t *testing.T) {
			_, problems := convert(t, Options{}, body, nil)
			checkDiags(t, problems, nil)
		})
	}
}

// The worst bodies under the limits, 1 MB of the inputs goldmark is slow
// on, convert: none hangs. The bound is a hang detector, twenty times what
// the slowest takes on the CI machine (see BENCHMARKS.md, "Limits"); the
// times are logged (go test -run TestLimitsBoundTime -v).
func TestLimitsBoundTime(t *testing.T) {
	const hang = 20 * time.Second
	nestedLists := func() string {
		var b strings.Builder
		for b.Len() < MaxBodyBytes-300 {
			for i := 0; i < 128 && b.Len() < MaxBodyBytes-300; i++ {
				b.WriteString(strings.Repeat("  ", i) + "- x\n")
			}
		}
		return b.String()
	}
	linkLines := func(opening string) string {
		var b strings.Builder
		for range 10 {
			b.WriteString(strings.Repeat(opening, 3999/len(opening)) + "\n\n")
		}
		return b.String() + fill("نص عربي ", MaxBodyBytes-b.Len())
	}
	for name, body := range map[string]string{
		"link openings at the line limit":  linkLines("[a]("),
		"angle destinations":               linkLines("[a](<"),
		"image openings":                   linkLines("![a]("),
		"lists nested to the limit":        nestedLists(),
		"quotes nested to the limit":       fill(strings.Repeat(">", 250)+" x\n", MaxBodyBytes),
		"quotes and lists":                 fill(strings.Repeat("> - ", 60)+" x\n", MaxBodyBytes),
		"definitions in runs at the limit": fill(fill("[a]: /x\n", 8*1000)+"\n", MaxBodyBytes),
		"reference links":                  fill("[a][", MaxBodyBytes),
		"emphasis":                         fill("*a _b ", MaxBodyBytes),
		"emphasis without spaces":          fill("*a**_b__", MaxBodyBytes),
		"nested emphasis":                  fill("*_", MaxBodyBytes/2) + fill("_*", MaxBodyBytes/2),
		"code spans":                       fill("`a ``b ", MaxBodyBytes),
		"brackets":                         fill("[", MaxBodyBytes),
		"footnote openings":                fill("[^", MaxBodyBytes),
		"raw HTML openings":                fill("<a ", MaxBodyBytes),
		"table rows":                       "|a|b|\n|-|-|\n" + fill("|x|y|\n", MaxBodyBytes-12),
		"headings, all alike":              fill("## a\n", MaxBodyBytes),
		"setext headings":                  fill("a\n=\n", MaxBodyBytes),
		"strikethrough":                    fill("~~a ", MaxBodyBytes),
		"autolinks":                        fill("www.a.", MaxBodyBytes),
		"parentheses in a destination":     "[a](" + fill("(", MaxBodyBytes-4),
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			start := time.Now()
			doc, problems := New(Options{}).Convert(testPath, testLine, []byte(body), newResolver())
			took := time.Since(start)
			if len(problems) > 0 && !strings.Contains(problems[0].Msg.String(), "no article") && !strings.Contains(problems[0].Msg.String(), "no file") {
				t.Fatalf("refused: %v", problems[0])
			}
			t.Logf("%s: %d bytes in %v, %d bytes of HTML", name, len(body), took.Round(time.Millisecond), len(doc.HTML))
			if took > hang {
				t.Errorf("took %v: the limits do not bound this input", took)
			}
		})
	}
}
