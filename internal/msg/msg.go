// Package msg holds what Jihat says to editors: messages kept as a format
// and its arguments until they are printed, and the catalogues (Arabic,
// French) that print them in the editor's language. The English format
// written in the code is the key of its translation, as in gettext, so a
// message and its words stay side by side in the code.
package msg

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
)

// Localizer is a value that can be written in a catalogue's language.
type Localizer interface {
	Localize(c *Catalog) string
}

// Message is a format and its arguments. Its String is the English text;
// Localize writes it with a catalogue's translation of the format.
//
// A message holds other messages as arguments ("unknown region %q%v",
// with a suggestion); so that it can be kept in the build cache as plain
// data, every message of the tree is a Part of one flat list, the first
// being the whole, and arguments are plain values.
type Message struct {
	Parts []Part
}

// Part is one format of a message, with its arguments.
type Part struct {
	Format string
	Args   []Arg
}

// Arg is one argument, of the Kind it was given as.
type Arg struct {
	Kind  ArgKind
	Str   string
	Int   int64
	Uint  uint64
	Float float64
	Strs  []string
	Part  int // for KindPart: the index in Message.Parts
}

// ArgKind says which field of an Arg holds its value.
type ArgKind uint8

const (
	KindString ArgKind = iota
	KindInt
	KindUint
	KindFloat
	KindBool // Int is 0 or 1
	KindStrings
	KindPart
	KindNil
)

// New returns the message of format and args. An argument that is itself
// a Message or an *Error stays translatable; other values are kept as
// their plain kind (a named string type as a string, another error as
// its text).
func New(format string, args ...any) Message {
	var m Message
	m.add(format, args)
	return m
}

// add appends the part of format and args, and the parts its arguments
// hold, and returns its index.
func (m *Message) add(format string, args []any) int {
	at := len(m.Parts)
	m.Parts = append(m.Parts, Part{Format: format})
	if len(args) == 0 {
		return at
	}
	plain := make([]Arg, len(args))
	for i, a := range args {
		plain[i] = m.plainArg(a)
	}
	m.Parts[at].Args = plain
	return at
}

// graft copies the parts of sub into m, returning where its root went.
func (m *Message) graft(sub Message) Arg {
	if len(sub.Parts) == 0 {
		return Arg{Kind: KindString}
	}
	offset := len(m.Parts)
	for _, p := range sub.Parts {
		args := slices.Clone(p.Args)
		for i := range args {
			if args[i].Kind == KindPart {
				args[i].Part += offset
			}
		}
		m.Parts = append(m.Parts, Part{Format: p.Format, Args: args})
	}
	return Arg{Kind: KindPart, Part: offset}
}

func (m *Message) plainArg(a any) Arg {
	switch x := a.(type) {
	case nil:
		return Arg{Kind: KindNil}
	case Message:
		return m.graft(x)
	case *Error:
		return m.graft(x.msg)
	case string:
		return Arg{Kind: KindString, Str: x}
	case error:
		return Arg{Kind: KindString, Str: x.Error()}
	case fmt.Stringer:
		return Arg{Kind: KindString, Str: x.String()}
	}
	v := reflect.ValueOf(a)
	switch v.Kind() {
	case reflect.String:
		return Arg{Kind: KindString, Str: v.String()}
	case reflect.Bool:
		if v.Bool() {
			return Arg{Kind: KindBool, Int: 1}
		}
		return Arg{Kind: KindBool}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return Arg{Kind: KindInt, Int: v.Int()}
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return Arg{Kind: KindUint, Uint: v.Uint()}
	case reflect.Float32, reflect.Float64:
		return Arg{Kind: KindFloat, Float: v.Float()}
	case reflect.Slice:
		if v.Type().Elem().Kind() == reflect.String {
			s := make([]string, v.Len())
			for i := range s {
				s[i] = v.Index(i).String()
			}
			return Arg{Kind: KindStrings, Strs: s}
		}
	}
	return Arg{Kind: KindString, Str: fmt.Sprint(a)}
}

// String is the message in English.
func (m Message) String() string { return m.Localize(nil) }

// Localize writes m with c's translation of its format (English when c is
// nil or has none), its Message arguments translated too.
func (m Message) Localize(c *Catalog) string {
	if len(m.Parts) == 0 {
		return ""
	}
	return m.part(0, c, 0)
}

// maxDepth bounds the nesting of parts, against a damaged cache.
const maxDepth = 32

func (m Message) part(i int, c *Catalog, depth int) string {
	p := m.Parts[i]
	format := c.translate(p.Format)
	if len(p.Args) == 0 && !strings.Contains(format, "%") {
		return format
	}
	args := make([]any, len(p.Args))
	for k, a := range p.Args {
		switch a.Kind {
		case KindString:
			args[k] = a.Str
		case KindInt:
			args[k] = a.Int
		case KindUint:
			args[k] = a.Uint
		case KindFloat:
			args[k] = a.Float
		case KindBool:
			args[k] = a.Int != 0
		case KindStrings:
			args[k] = a.Strs
		case KindPart:
			if a.Part > i && a.Part < len(m.Parts) && depth < maxDepth {
				args[k] = m.part(a.Part, c, depth+1)
			} else {
				args[k] = ""
			}
		default:
			args[k] = nil
		}
	}
	return fmt.Sprintf(strings.ReplaceAll(format, "%w", "%v"), args...)
}

// IsZero reports whether m holds no message.
func (m Message) IsZero() bool {
	return len(m.Parts) == 0 || m.Parts[0].Format == "" && len(m.Parts[0].Args) == 0
}

// Format is the English format of the message, its key in the catalogues.
func (m Message) Format() string {
	if len(m.Parts) == 0 {
		return ""
	}
	return m.Parts[0].Format
}

// Error is an error whose text can be translated. Unwrap gives the errors
// its format wrapped with %w, as fmt.Errorf does.
type Error struct {
	msg Message
	err error // fmt.Errorf's, for Error and Unwrap
}

// Errorf is fmt.Errorf with a translatable text.
func Errorf(format string, args ...any) error {
	return &Error{msg: New(format, args...), err: fmt.Errorf(format, args...)}
}

func (e *Error) Error() string { return e.err.Error() }

// Localize writes the error in c's language.
func (e *Error) Localize(c *Catalog) string { return e.msg.Localize(c) }

// Message is the error's message.
func (e *Error) Message() Message { return e.msg }

// Unwrap returns the errors wrapped with %w.
func (e *Error) Unwrap() []error {
	switch u := e.err.(type) {
	case interface{ Unwrap() []error }:
		return u.Unwrap()
	case interface{ Unwrap() error }:
		return []error{u.Unwrap()}
	}
	return nil
}

// Text writes err in c's language: translated when it is a Localizer
// (a Jihat message), as it is otherwise (a system error, in English).
func Text(err error, c *Catalog) string {
	if err == nil {
		return ""
	}
	if l, ok := err.(Localizer); ok {
		return l.Localize(c)
	}
	// errors.Join's: one line each.
	if j, ok := err.(interface{ Unwrap() []error }); ok && isJoin(err) {
		var lines []string
		for _, e := range j.Unwrap() {
			lines = append(lines, Text(e, c))
		}
		return strings.Join(lines, "\n")
	}
	return err.Error()
}

// isJoin tells errors.Join's errors from other multiple wrappers, whose
// text is their own.
func isJoin(err error) bool {
	j := err.(interface{ Unwrap() []error })
	var texts []string
	for _, e := range j.Unwrap() {
		texts = append(texts, e.Error())
	}
	return err.Error() == strings.Join(texts, "\n")
}
