package search

import _ "embed"

// AnalyzeJS is the browser's analyzer (assets/analyze.js): a classic script
// defining window.JihatAnalyze, which applies the Rules found in the index
// to queries exactly as Rules.Terms applies them to articles.
//
//go:embed assets/analyze.js
var AnalyzeJS []byte

// Scripts are the search page's scripts, by the names the index is
// written beside (search/<name>): the build also publishes them under
// hashed names for pages to link.
func Scripts() map[string][]byte {
	return map[string][]byte{"search.js": searchJS, "analyze.js": AnalyzeJS}
}
