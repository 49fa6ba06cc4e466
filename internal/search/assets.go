package search

import _ "embed"

// AnalyzeJS is the browser's analyzer (assets/analyze.js): a classic script
// defining window.JihatAnalyze, which applies the Rules found in the index
// to queries exactly as Rules.Terms applies them to articles.
//
//go:embed assets/analyze.js
var AnalyzeJS []byte
