package locale

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// pattern is a CLDR date pattern, split into fields and literal text.
type pattern []patternPart

type patternPart struct {
	field   string // "EEEE", "d", "MMMM", "y"; "" for literal text
	literal string
}

// parsePattern reads the subset of CLDR date-pattern syntax the data uses:
// the fields EEEE (weekday), d (day), MMMM (month) and y (year), text
// between them, and quoted text such as 'de' (two quotes make one). Any
// other field is an error rather than printed as is.
func parsePattern(s string) (pattern, error) {
	if s == "" {
		return nil, fmt.Errorf("empty")
	}
	var p pattern
	var lit strings.Builder
	flush := func() {
		if lit.Len() > 0 {
			p = append(p, patternPart{literal: lit.String()})
			lit.Reset()
		}
	}
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '\'':
			if i+1 < len(s) && s[i+1] == '\'' {
				lit.WriteByte('\'')
				i += 2
				continue
			}
			// Quoted text runs to the next lone quote; '' in it is a quote.
			for i++; ; i++ {
				if i >= len(s) {
					return nil, fmt.Errorf("%q: unclosed quote", s)
				}
				if s[i] != '\'' {
					lit.WriteByte(s[i])
					continue
				}
				if i+1 < len(s) && s[i+1] == '\'' {
					lit.WriteByte('\'')
					i++
					continue
				}
				i++
				break
			}
		case 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z':
			j := i
			for j < len(s) && s[j] == c {
				j++
			}
			switch f := s[i:j]; f {
			case "EEEE", "d", "MMMM", "y":
				flush()
				p = append(p, patternPart{field: f})
			default:
				return nil, fmt.Errorf("%q: field %q is not supported (only EEEE, d, MMMM, y)", s, f)
			}
			i = j
		default:
			lit.WriteByte(c)
			i++
		}
	}
	flush()
	return p, nil
}

func (p pattern) format(l *Locale, t time.Time) string {
	var b strings.Builder
	for _, part := range p {
		switch part.field {
		case "":
			b.WriteString(part.literal)
		case "EEEE":
			b.WriteString(l.Weekday(t.Weekday()))
		case "d":
			b.WriteString(strconv.Itoa(t.Day()))
		case "MMMM":
			b.WriteString(l.Month(t.Month()))
		case "y":
			b.WriteString(strconv.Itoa(t.Year()))
		}
	}
	return b.String()
}
