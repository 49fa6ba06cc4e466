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
      c = { stop: new Set(R.stop), starts: [] };
      ["apostrophes", "space", "drop", "sep"].forEach(function (k) { c[k] = new RegExp(R[k], "gu"); });
      if (R.elision) c.elision = new RegExp(R.elision, "gu");
      // The proper beginnings of the suffixes, longest first: see Query.
      [R.suffixes || []].concat(R.moreSuffixes || []).forEach(function (list) {
        list.forEach(function (a) {
          var cps = Array.from(a.s);
          for (var i = 1; i < cps.length; i++) {
            var p = cps.slice(0, i).join("");
            if (c.starts.indexOf(p) < 0) c.starts.push(p);
          }
        });
      });
      c.starts.sort(function (a, b) { return b.length - a.length; });
      compiled.set(R, c);
    }
    return c;
  }

  // As Rules.Fold (arabic.Fold for Arabic). Lone surrogates (Go: invalid
  // UTF-8) separate words.
  function fold(s, R) {
    var c = compile(R), out = "";
    s = String(s).replace(/[\ud800-\udfff]/gu, " ");
    if (c.elision) s = s.replace(c.elision, "$1 ");
    s = s.replace(c.apostrophes, "").normalize("NFKD").replace(c.space, " ").replace(c.drop, "");
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
    w = strip(strip(w, R.prefixes, R, true), R.suffixes, R, false);
    (R.moreSuffixes || []).forEach(function (list) { w = strip(w, list, R, false); });
    return w;
  }

  function terms(text, R) {
    var stop = compile(R).stop, out = [];
    fold(text, R).split(" ").forEach(function (w) {
      if (w && !stop.has(w)) out.push(stem(w, R));
    });
    return out;
  }

  // As Rules.Query: the terms of every word, each once, and the prefixes
  // the last word may stand for while it is being typed.
  function query(text, R) {
    var c = compile(R), q = { terms: [], prefixes: [], last: "" };
    terms(text, R).forEach(function (t) { if (q.terms.indexOf(t) < 0) q.terms.push(t); });
    var folded = fold(text, R);
    if (!folded || fold(text + "a", R) !== folded + "a") return q;
    var w = folded.slice(folded.lastIndexOf(" ") + 1), min = R.prefixMin || 2;
    if (c.stop.has(w)) return q;
    function add(p) {
      if (Array.from(p).length >= min && q.prefixes.indexOf(p) < 0) q.prefixes.push(p);
    }
    [w, strip(w, R.prefixes, R, true)].forEach(function (f) {
      add(f);
      for (var i = 0; i < c.starts.length; i++) {
        var s = c.starts[i], rest = f.slice(0, f.length - s.length);
        if (f.endsWith(s) && Array.from(rest).length >= R.minStem) { add(rest); break; }
      }
    });
    if (q.prefixes.length) q.last = stem(w, R);
    return q;
  }

  // Whether a word of a result matches query q (from query): one of its
  // terms is a query term or begins with one of q's prefixes, or it is a
  // clitic (R.clitics) plus such a word: li+dar for dar (\u0644\u062f\u0627\u0631).
  function marks(word, R, q) {
    var c = compile(R), ws = fold(word, R).split(" ");
    function hit(t) {
      if (q.terms.indexOf(t) >= 0) return true;
      for (var i = 0; i < q.prefixes.length; i++) if (t.startsWith(q.prefixes[i])) return true;
      return false;
    }
    for (var i = 0; i < ws.length; i++) {
      var w = ws[i];
      if (!w || c.stop.has(w)) continue;
      if (hit(stem(w, R)) || (q.prefixes.length && hit(w))) return true;
      var cl = R.clitics || [];
      for (var j = 0; j < cl.length; j++) {
        var rest = w.slice(cl[j].length);
        if (w.startsWith(cl[j]) && Array.from(rest).length >= 2 && (hit(stem(rest, R)) || (q.prefixes.length && hit(rest)))) return true;
      }
    }
    return false;
  }

  window.JihatAnalyze = { fold: fold, stem: stem, terms: terms, query: query, marks: marks };
})();
