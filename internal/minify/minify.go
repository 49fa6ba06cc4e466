// Package minify makes the published HTML, CSS, JavaScript and SVG smaller
// without changing what they do, with tdewolff/minify, the same bytes for
// the same input from run to run.
//
// HTML keeps its document and end tags, its attribute quotes and its
// default attribute values: what follows the build (the offline archive's
// relinker, the Nu checker, a reader's "view source") sees the markup the
// theme wrote, less its spaces.
package minify

import (
	"bytes"
	"path"

	tdminify "github.com/tdewolff/minify/v2"
	"github.com/tdewolff/minify/v2/css"
	"github.com/tdewolff/minify/v2/html"
	"github.com/tdewolff/minify/v2/js"
	"github.com/tdewolff/minify/v2/svg"
)

// types maps the extensions minified to their media types.
var types = map[string]string{
	".html": "text/html",
	".css":  "text/css",
	".js":   "application/javascript",
	".svg":  "image/svg+xml",
}

var m = newMinifier()

func newMinifier() *tdminify.M {
	m := tdminify.New()
	m.Add("text/html", &html.Minifier{
		KeepDocumentTags:    true,
		KeepEndTags:         true,
		KeepQuotes:          true,
		KeepDefaultAttrVals: true,
		KeepSpecialComments: true,
	})
	m.Add("text/css", &css.Minifier{})
	// Scripts stay ES2018, what the search page promises old phones.
	m.Add("application/javascript", &js.Minifier{Version: 2018})
	m.Add("image/svg+xml", &svg.Minifier{})
	return m
}

// Handles reports whether a file of this name is minified.
func Handles(name string) bool {
	_, ok := types[path.Ext(name)]
	return ok
}

// File returns data minified as its name's extension says, or data itself
// for a name Handles refuses. An error means data is not valid for its
// type (a script that does not parse): the caller publishes it as it is.
func File(name string, data []byte) ([]byte, error) {
	out, err := Append(make([]byte, 0, len(data)), name, data)
	if err != nil {
		return data, err
	}
	return out, nil
}

// Append appends data minified to dst, for a caller reusing its buffers;
// a name Handles refuses appends data as it is.
func Append(dst []byte, name string, data []byte) ([]byte, error) {
	mediatype, ok := types[path.Ext(name)]
	if !ok {
		return append(dst, data...), nil
	}
	out := bytes.NewBuffer(dst)
	err := m.Minify(mediatype, out, bytes.NewReader(data))
	return out.Bytes(), err
}
