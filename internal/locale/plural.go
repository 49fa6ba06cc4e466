package locale

import (
	"fmt"
	"strconv"
	"strings"
)

// pluralCategories are CLDR's categories in the order its rules are tried.
var pluralCategories = []string{"zero", "one", "two", "few", "many", "other"}

// pluralRule is one category's CLDR condition: relations joined by "and",
// those groups joined by "or".
type pluralRule struct {
	category string
	or       [][]relation
}

// relation is "operand [% mod] (= | !=) ranges", e.g. "n % 100 = 3..10".
type relation struct {
	operand byte   // n i v w f t c e
	mod     uint64 // 0: none
	not     bool
	ranges  [][2]uint64
}

// matches evaluates the rule for the integer x ≥ 0. For an integer n and i
// are x, and the operands of visible fraction digits (v w f t) and of the
// compact exponent (c e) are 0: the site counts whole things and writes
// them without exponents.
func (r pluralRule) matches(x uint64) bool {
	for _, and := range r.or {
		all := true
		for _, rel := range and {
			if !rel.matches(x) {
				all = false
				break
			}
		}
		if all && len(and) > 0 {
			return true
		}
	}
	return false
}

func (rel relation) matches(x uint64) bool {
	v := uint64(0)
	if rel.operand == 'n' || rel.operand == 'i' {
		v = x
	}
	if rel.mod != 0 {
		v %= rel.mod
	}
	in := false
	for _, r := range rel.ranges {
		if r[0] <= v && v <= r[1] {
			in = true
			break
		}
	}
	return in != rel.not
}

// parsePlural reads a language's rules, category → CLDR rule text with its
// samples ("i = 0,1 @integer 0, 1 @decimal 0.0~1.5"). "other" must be
// there, with no condition of its own.
func parsePlural(rules map[string]string) ([]pluralRule, []string, error) {
	for c := range rules {
		if !isCategory(c) {
			return nil, nil, fmt.Errorf("unknown category %q (CLDR's are %s)", c, strings.Join(pluralCategories, ", "))
		}
	}
	other, ok := rules["other"]
	if !ok {
		return nil, nil, fmt.Errorf(`no "other" category`)
	}
	if cond, _ := splitSamples(other); cond != "" {
		return nil, nil, fmt.Errorf(`"other" has a condition, %q: it is what no other category matches`, cond)
	}
	var parsed []pluralRule
	var cats []string
	for _, c := range pluralCategories {
		text, ok := rules[c]
		if !ok {
			continue
		}
		cats = append(cats, c)
		if c == "other" {
			continue
		}
		r, err := parseRule(c, text)
		if err != nil {
			return nil, nil, err
		}
		parsed = append(parsed, r)
	}
	return parsed, cats, nil
}

func isCategory(c string) bool {
	for _, k := range pluralCategories {
		if c == k {
			return true
		}
	}
	return false
}

// splitSamples separates a rule's condition from its "@integer …
// @decimal …" samples.
func splitSamples(text string) (cond, samples string) {
	if i := strings.IndexByte(text, '@'); i >= 0 {
		return strings.TrimSpace(text[:i]), text[i:]
	}
	return strings.TrimSpace(text), ""
}

func parseRule(category, text string) (pluralRule, error) {
	cond, _ := splitSamples(text)
	r := pluralRule{category: category}
	if cond == "" {
		return r, fmt.Errorf("%s: no condition", category)
	}
	for _, andText := range strings.Split(cond, " or ") {
		var and []relation
		for _, relText := range strings.Split(andText, " and ") {
			rel, err := parseRelation(relText)
			if err != nil {
				return r, fmt.Errorf("%s: %q: %w", category, cond, err)
			}
			and = append(and, rel)
		}
		r.or = append(r.or, and)
	}
	return r, nil
}

// parseRelation reads "n % 100 = 3..10" or "i != 0,1": CLDR's current
// syntax, without the older "is", "in" and "within".
func parseRelation(s string) (relation, error) {
	var rel relation
	left, right, ok := strings.Cut(s, "!=")
	if ok {
		rel.not = true
	} else if left, right, ok = strings.Cut(s, "="); !ok {
		return rel, fmt.Errorf("%q: no = or !=", strings.TrimSpace(s))
	}
	operand, mod, hasMod := strings.Cut(strings.TrimSpace(left), "%")
	operand = strings.TrimSpace(operand)
	if len(operand) != 1 || !strings.Contains("niwvftce", operand) {
		return rel, fmt.Errorf("%q: unknown operand %q", strings.TrimSpace(s), operand)
	}
	rel.operand = operand[0]
	if hasMod {
		m, err := strconv.ParseUint(strings.TrimSpace(mod), 10, 64)
		if err != nil || m == 0 {
			return rel, fmt.Errorf("%q: modulus %q", strings.TrimSpace(s), strings.TrimSpace(mod))
		}
		rel.mod = m
	}
	for _, item := range strings.Split(strings.ReplaceAll(right, " ", ""), ",") {
		lo, hi, isRange := strings.Cut(item, "..")
		if !isRange {
			hi = lo
		}
		a, err1 := strconv.ParseUint(lo, 10, 64)
		b, err2 := strconv.ParseUint(hi, 10, 64)
		if err1 != nil || err2 != nil || a > b {
			return rel, fmt.Errorf("%q: range %q", strings.TrimSpace(s), item)
		}
		rel.ranges = append(rel.ranges, [2]uint64{a, b})
	}
	return rel, nil
}

// absInt is |n| without overflow at math.MinInt.
func absInt(n int) uint64 {
	if n < 0 {
		return uint64(-(n + 1)) + 1
	}
	return uint64(n)
}
