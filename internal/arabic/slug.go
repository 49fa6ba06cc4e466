package arabic

import (
	"fmt"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Slug returns the URL path segment for a title or file name.
//
// Arabic letters are kept as written (دار الطالبة → دار-الطالبة: no hamza or
// ta marbuta folding, unlike Fold) minus tashkeel, tatweel and bidi controls.
// Latin letters are lower-cased and reduced to ASCII (Tétouan → tetouan),
// Arabic-Indic digits become ASCII digits, and every other character
// (spaces, punctuation, quotes, slashes, dots, other scripts) becomes a
// hyphen; runs of hyphens collapse and are trimmed. The result therefore only
// holds a-z, 0-9, '-' and Arabic letters, so it never contains '/', '?', '#',
// '%' or '.'.
//
// Slug returns "" when s has no usable letter (empty, only punctuation or
// only digits, or only non-Latin non-Arabic script); callers report that as
// an error. Invalid UTF-8 bytes act as separators.
func Slug(s string) string {
	s = strings.ToValidUTF8(s, "-")
	s = compatArabicForms(s)
	s = norm.NFC.String(s)

	var b strings.Builder
	b.Grow(len(s))
	sep, letter := false, false
	emit := func(str string) {
		if sep && b.Len() > 0 {
			b.WriteByte('-')
		}
		sep = false
		b.WriteString(str)
	}
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			emit(string(r))
			letter = letter || r >= 'a'
		case r >= 'A' && r <= 'Z':
			emit(string(r + 'a' - 'A'))
			letter = true
		case isArabicMark(r), r == tatweel, isBidiControl(r),
			unicode.Is(unicode.Mn, r), unicode.Is(unicode.Me, r):
			// dropped without separating: they sit inside words
		case r == '\u00AD', r == '\u2060', r == '\uFEFF':
			// soft hyphen, word joiner, BOM: invisible inside words
		default:
			if d, ok := arabicDigit(r); ok {
				emit(string(d))
			} else if (unicode.Is(unicode.Arabic, r) || unicode.Is(unicode.Tifinagh, r)) && unicode.IsLetter(r) {
				// Tifinagh: Amazigh tags and headings keep their letters
				emit(string(r))
				letter = true
			} else if a := latinASCII(r); a != "" {
				emit(a)
				letter = true
			} else {
				sep = true
			}
		}
	}
	if !letter {
		return ""
	}
	return b.String()
}

// latinASCII reduces a non-ASCII Latin letter to lower-case ASCII letters,
// or returns "".
func latinASCII(r rune) string {
	if !unicode.Is(unicode.Latin, r) || !unicode.IsLetter(r) {
		return ""
	}
	r = unicode.ToLower(r)
	if m, ok := foldMap[r]; ok && m[0] < 0x80 {
		return m
	}
	var b strings.Builder
	for _, c := range norm.NFKD.String(string(r)) {
		switch {
		case c >= 'a' && c <= 'z':
			b.WriteRune(c)
		case c >= 'A' && c <= 'Z':
			b.WriteRune(c + 'a' - 'A')
		}
	}
	return b.String()
}

// compatArabicForms replaces Arabic presentation forms (as pasted from PDFs)
// and full-width ASCII by their compatibility equivalents, leaving the rest of
// s alone so hamza and ta marbuta keep their spelling.
func compatArabicForms(s string) string {
	if !strings.ContainsFunc(s, isCompatForm) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if isCompatForm(r) {
			b.WriteString(norm.NFKC.String(string(r)))
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func isCompatForm(r rune) bool {
	return (r >= '\uFB50' && r <= '\uFDFF') || (r >= '\uFE70' && r <= '\uFEFF') ||
		(r >= '\uFF01' && r <= '\uFF5E')
}

// MaxSlugBytes is the longest slug that can name a page's folder: file
// systems hold at most 255 bytes in one file or folder name (ext4, APFS;
// NTFS 255 UTF-16 units, never fewer characters than bytes of UTF-8), and
// an Arabic letter takes two bytes.
const MaxSlugBytes = 255

// SlugProblem says why slug cannot name a folder on every system a site is
// built, copied or unzipped on, or returns "": longer than MaxSlugBytes, a
// device name Windows reserves (con, prn, aux, nul, com0–com9, lpt0–lpt9,
// conin$, conout$, in any case and with any extension: con.txt), or ending
// in a dot or a space, which Windows drops. Slug never makes the last two
// from text, but slugs of the vocabulary are written by hand.
func SlugProblem(slug string) string {
	if len(slug) > MaxSlugBytes {
		return fmt.Sprintf("it is %d bytes long, and a folder name holds at most %d (about %d Arabic letters or %d Latin letters and digits)",
			len(slug), MaxSlugBytes, MaxSlugBytes/2, MaxSlugBytes)
	}
	if windowsDevice(slug) {
		return "Windows reserves that name for a device, so a site holding it could not be copied or unzipped there"
	}
	if strings.HasSuffix(slug, ".") || strings.HasSuffix(slug, " ") {
		return "it ends with a dot or a space, which Windows removes from folder names"
	}
	return ""
}

// windowsDevice reports the names Windows keeps for devices, whatever
// follows their first dot. It compares without allocating: it judges
// every slug of every build.
func windowsDevice(name string) bool {
	if i := strings.IndexByte(name, '.'); i >= 0 {
		name = name[:i]
	}
	name = strings.TrimRight(name, " ")
	if len(name) < 3 || len(name) > len("conout$") {
		return false
	}
	for _, d := range [...]string{"con", "prn", "aux", "nul", "conin$", "conout$"} {
		if strings.EqualFold(name, d) {
			return true
		}
	}
	if !strings.EqualFold(name[:3], "com") && !strings.EqualFold(name[:3], "lpt") {
		return false
	}
	switch name[3:] {
	case "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "¹", "²", "³":
		return true
	}
	return false
}
