package locale

import (
	"strings"
	"testing"
)

func TestParseErrors(t *testing.T) {
	// A locale that loads; each case breaks one thing.
	const good = `{"locales": [{"code": "fr", "name": "français", "script": "Latn", "dir": "ltr", "tag": "fr", "og_locale": "fr_MA",
		"numbering_system": "latn", "date_pattern": "EEEE d MMMM y", "month_year_pattern": "MMMM y",
		"months": ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12"], "weekdays": ["a", "b", "c", "d", "e", "f", "g"],
		"plural": {"one": "i = 0,1 @integer 0, 1", "other": " @integer 2~17"}}]}`
	if _, err := parse([]byte(good)); err != nil {
		t.Fatalf("the base case does not load: %v", err)
	}
	tests := []struct {
		old, new, want string
	}{
		{`"locales"`, `"locales": 1, "x"`, "locales.json: json: cannot unmarshal number"},
		{`"locales"`, `"locale"`, "locales.json: no locales"},
		{`"code": "fr"`, `"code": ""`, "code, name, script, tag and og_locale are required"},
		{`"dir": "ltr"`, `"dir": "LTR"`, `dir is "LTR", not rtl or ltr`},
		{`"numbering_system": "latn"`, `"numbering_system": "tfng"`, `unknown numbering_system "tfng"`},
		{`"12"]`, `"12", "13"]`, "13 months and 7 weekdays, want 12 and 7"},
		{`"weekdays": ["a"`, `"weekdays": [" "`, "an empty month or weekday name"},
		{`"EEEE d MMMM y"`, `"EEE d MMM y"`, `date_pattern: "EEE d MMM y": field "EEE" is not supported`},
		{`"MMMM y"`, `"MMMM 'de y"`, `month_year_pattern: "MMMM 'de y": unclosed quote`},
		{`"MMMM y"`, `""`, "month_year_pattern: empty"},
		{`"one": "i = 0,1`, `"uno": "i = 0,1`, `plural: unknown category "uno"`},
		{`"other": " @integer 2~17"`, `"few": " @integer 2~17"`, `plural: no "other" category`},
		{`"other": " @integer 2~17"`, `"other": "i = 2"`, `plural: "other" has a condition, "i = 2"`},
		{`"i = 0,1 @`, `"i in 0,1 @`, `plural: one: "i in 0,1": "i in 0,1": no = or !=`},
		{`"i = 0,1 @`, `"x = 0,1 @`, `unknown operand "x"`},
		{`"i = 0,1 @`, `"i % 0 = 0,1 @`, `modulus "0"`},
		{`"i = 0,1 @`, `"i = 1..0 @`, `range "1..0"`},
		{`"i = 0,1 @`, `" @`, `plural: one: no condition`},
	}
	for _, tt := range tests {
		data := strings.Replace(good, tt.old, tt.new, 1)
		if data == good {
			t.Fatalf("%q is not in the base case", tt.old)
		}
		_, err := parse([]byte(data))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s → %s: error %v, want one with %q", tt.old, tt.new, err, tt.want)
		}
	}
	dup := strings.Replace(good, `}]}`, `}, `+good[len(`{"locales": [`):], 1)
	if _, err := parse([]byte(dup)); err == nil || !strings.Contains(err.Error(), `locales[1] ("fr"): code given twice`) {
		t.Errorf("a code given twice: error %v", err)
	}
}

func TestPatternQuotes(t *testing.T) {
	p, err := parsePattern("d 'de' MMMM 'l''an' y")
	if err != nil {
		t.Fatal(err)
	}
	var lits []string
	for _, part := range p {
		if part.field == "" {
			lits = append(lits, part.literal)
		}
	}
	if got := strings.Join(lits, "|"); got != " de | l'an " {
		t.Errorf("literals %q", got)
	}
}
