package msg

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Verbs lists the formatting verbs of a format, each as "argument:verb"
// (1-based argument, %w read as %v), sorted, so that a translation that
// reorders its arguments with %[n] still lists the same verbs as its key.
// A format fmt could not read is an error.
func Verbs(format string) ([]string, error) {
	var verbs []string
	arg := 0
	for i := 0; i < len(format); i++ {
		if format[i] != '%' {
			continue
		}
		i++
		// flags
		for i < len(format) && strings.IndexByte("+-# 0", format[i]) >= 0 {
			i++
		}
		explicit := func() error {
			if i < len(format) && format[i] == '[' {
				end := strings.IndexByte(format[i:], ']')
				if end < 0 {
					return fmt.Errorf("unclosed [ in %q", format)
				}
				n, err := strconv.Atoi(format[i+1 : i+end])
				if err != nil || n < 1 {
					return fmt.Errorf("bad argument index in %q", format)
				}
				arg = n - 1
				i += end + 1
			}
			return nil
		}
		if err := explicit(); err != nil {
			return nil, err
		}
		// width and precision; a * takes an argument of its own
		for i < len(format) && (format[i] >= '0' && format[i] <= '9' || format[i] == '.' || format[i] == '*') {
			if format[i] == '*' {
				arg++
				verbs = append(verbs, strconv.Itoa(arg)+":*")
			}
			i++
			if err := explicit(); err != nil {
				return nil, err
			}
		}
		if i >= len(format) {
			return nil, fmt.Errorf("format %q ends in a lone %%", format)
		}
		v := format[i]
		if v == '%' {
			continue
		}
		if v == 'w' {
			v = 'v'
		}
		arg++
		verbs = append(verbs, strconv.Itoa(arg)+":"+string(v))
	}
	slices.Sort(verbs)
	return verbs, nil
}
