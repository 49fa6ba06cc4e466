/* Jihat search analysis: the browser half of search.Rules (analyze.go).
   Classic script, ES2018, no dependencies. It applies the rules the index
   carries, so a query is folded and stemmed exactly as Go indexed the
   articles; analyze_browser_test.go proves both give the same terms. */
(function () {
  "use strict";
  var compiled = new WeakMap();

  function has(o, k) { return !!o && Object.prototype.hasOwnProperty.call(o, k); }

  function compile(R) {
    var c = compiled.get(R);
    if (!c) {
      c = { stop: new Set(R.stop) };
      ["apostrophes", "space", "drop", "sep"].forEach(function (k) { c[k] = new RegExp(R[k], "gu"); });
      compiled.set(R, c);
    }
    return c;
  }

  // As arabic.Fold. Lone surrogates (Go: invalid UTF-8) separate words.
  function fold(s, R) {
    var c = compile(R), out = "";
    s = String(s).replace(/[\ud800-\udfff]/gu, " ").replace(c.apostrophes, "")
      .normalize("NFKD").replace(c.space, " ").replace(c.drop, "");
    for (var ch of s) {
      ch = ch.toLowerCase(); // one code point at a time, as Go: no final sigma
      out += has(R.map, ch) ? R.map[ch] : ch;
    }
    return out.replace(c.sep, " ").trim().normalize("NFC");
  }

  // The first applicable affix of list, removed from w: see Rules.Stem.
  function strip(w, list, R, pre) {
    for (var i = 0; list && i < list.length; i++) {
      var a = list[i], n = a.s.length, rest;
      if (pre ? !w.startsWith(a.s) : !w.endsWith(a.s)) continue;
      rest = Array.from(pre ? w.slice(n) : w.slice(0, w.length - n));
      if (rest.length < (a.min || R.minStem)) continue;
      if (pre ? a.before && a.before.indexOf(rest[0]) < 0
              : a.notAfter && a.notAfter.indexOf(rest[rest.length - 1]) >= 0) continue;
      return rest.join("") + (pre ? "" : a.add || "");
    }
    return w;
  }

  function stem(w, R) {
    if (has(R.irregular, w)) w = R.irregular[w];
    return strip(strip(w, R.prefixes, R, true), R.suffixes, R, false);
  }

  function terms(text, R) {
    var stop = compile(R).stop, out = [];
    fold(text, R).split(" ").forEach(function (w) {
      if (w && !stop.has(w)) out.push(stem(w, R));
    });
    return out;
  }

  window.JihatAnalyze = { fold: fold, stem: stem, terms: terms };
})();
