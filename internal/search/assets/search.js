/* Jihat search: classic script, works from file:// (no fetch, no modules).
   Shards are <script> files that call back into JihatSearch. */
(function () {
  "use strict";
  // The index's folder: where index.js was loaded from (the manifest call
  // runs inside it), so a page at /fr/search/ finds /fr/search/t/0.js,
  // whether the code came from /search/ or from a hashed name.
  var base = document.currentScript.src.replace(/[^\/]*$/, "");
  var M = null, termShards = {}, docShards = {}, waiting = {}, ready = [], decoded = new Map();

  function load(path) {
    if (!waiting[path]) {
      waiting[path] = new Promise(function (resolve, reject) {
        var s = document.createElement("script");
        s.src = base + path;
        s.onload = resolve;
        s.onerror = function () { reject(new Error(path)); };
        document.head.appendChild(s);
      });
    }
    return waiting[path];
  }

  window.JihatSearch = {
    manifest: function (m) {
      if (document.currentScript && document.currentScript.src) base = document.currentScript.src.replace(/[^\/]*$/, "");
      M = m;
      ready.forEach(function (f) { f(); });
    },
    t: function (n, data) { termShards[n] = data; },
    d: function (n, rows) { docShards[n] = rows; }
  };

  // Code point order, as Go compares strings: UTF-16 order but for a
  // surrogate (a code point above U+FFFF) against U+E000-U+FFFF.
  function cmp(a, b) {
    for (var i = 0, n = Math.min(a.length, b.length); i < n; i++) {
      var x = a.charCodeAt(i), y = b.charCodeAt(i);
      if (x === y) continue;
      var xs = x >= 0xd800 && x <= 0xdfff, ys = y >= 0xd800 && y <= 0xdfff;
      return xs !== ys && (x >= 0xe000 || y >= 0xe000) ? (xs ? 1 : -1) : x - y;
    }
    return a.length - b.length;
  }

  // As ShardOf: shards hold sorted ranges of terms; M.bounds[i] is where
  // shard i+1 begins.
  function shardOf(term) {
    var lo = 0, hi = M.bounds.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (cmp(M.bounds[mid], term) <= 0) lo = mid + 1; else hi = mid;
    }
    return lo;
  }

  // Decodes a posting list (base-36 gaps between doc ids, the score after
  // a dot when it changes) into two typed arrays, a character at a time:
  // the lists of common words run to thousands of documents. The last few
  // are kept: typing a word letter by letter asks for the same ones again.
  function decode(term, enc) {
    var out = decoded.get(term);
    if (out) return out;
    enc = enc || "";
    var n = enc ? 1 : 0, i;
    for (i = 0; i < enc.length; i++) if (enc.charCodeAt(i) === 44) n++;
    var ids = new Int32Array(n), sc = new Int32Array(n), doc = -1, score = 0, v = 0, dot = false, k = 0;
    for (i = 0; i <= enc.length && n; i++) {
      var c = i < enc.length ? enc.charCodeAt(i) : 44;
      if (c === 44) {
        if (dot) score = v; else doc += v;
        ids[k] = doc; sc[k] = score; k++;
        v = 0; dot = false;
      } else if (c === 46) {
        doc += v; v = 0; dot = true;
      } else {
        v = v * 36 + (c <= 57 ? c - 48 : c - 87);
      }
    }
    out = { ids: ids, sc: sc };
    if (decoded.size >= 64) decoded.delete(decoded.keys().next().value);
    decoded.set(term, out);
    return out;
  }

  function postings(term) {
    var n = shardOf(term);
    return load("t/" + n + ".js").then(function () {
      return decode(term, termShards[n][term]);
    });
  }

  // The terms that begin with one of prefixes, but not, in lists of
  // [term, postings]; a prefix whose terms spread over more than
  // M.prefixShards shards is too short to choose anything and is skipped.
  function prefixed(prefixes, not) {
    var shards = [];
    prefixes.forEach(function (p) {
      var first = shardOf(p), last = first;
      while (last < M.bounds.length && M.bounds[last].startsWith(p)) last++;
      if (last - first + 1 > M.prefixShards) return;
      for (var n = first; n <= last; n++) shards.push([n, p]);
    });
    return Promise.all(shards.map(function (x) { return load("t/" + x[0] + ".js"); })).then(function () {
      var seen = new Set(), out = [];
      shards.forEach(function (x) {
        var shard = termShards[x[0]];
        for (var term in shard) {
          if (term === not || seen.has(term) || !term.startsWith(x[1]) || term.indexOf(":") >= 0) continue;
          seen.add(term);
          out.push(decode(term, shard[term]));
        }
      });
      return out;
    });
  }

  function docs(ids) {
    var need = {};
    ids.forEach(function (id) { need[Math.floor(id / M.perDoc)] = true; });
    return Promise.all(Object.keys(need).map(function (k) { return load("d/" + k + ".js"); })).then(function () {
      return ids.map(function (id) {
        var r = docShards[Math.floor(id / M.perDoc)][id % M.perDoc];
        return { title: r[0], url: r[1], date: r[2], places: r[3], excerpt: r[4] };
      });
    });
  }

  // The result count in the theme's words: #search-status holds one form
  // per plural category (CLDR) of the page's language, with %d for the
  // number; data-zero, when given, says "no result" whatever the rules.
  // A language the browser has no rules for (zgh) gets some other rules,
  // which name forms its theme does not give: data-other, its only one.
  var rules = new Intl.PluralRules(document.documentElement.lang || "ar");
  function plural(k) {
    var n = status.dataset;
    var f = k === 0 && n.zero ? n.zero : n[rules.select(k)];
    return (f || n.other || "%d").split("%d").join(String(k));
  }

  // Puts text in el with every word that matches the query in a <mark>:
  // by its analysed form, so "المؤسسات" lights up for a query "مؤسسة"
  // and "لدار" for "دار"; by its beginning for the word being typed.
  // Text nodes and <mark> only: nothing in text becomes markup.
  function highlight(el, text) {
    var last = 0, re = /[\p{L}\p{N}\p{M}\u0640\u200d]+/gu, m;
    el.textContent = "";
    while ((m = re.exec(text))) {
      var hit = current.marks.get(m[0]);
      if (hit === undefined) current.marks.set(m[0], hit = JihatAnalyze.marks(m[0], M.rules, current.query));
      if (!hit) continue;
      var mark = document.createElement("mark");
      mark.textContent = m[0];
      el.append(text.slice(last, m.index), mark);
      last = m.index + m[0].length;
    }
    el.append(text.slice(last));
  }

  // One result, from the theme's template#search-result: its elements are
  // filled by their data-result roles, so the theme owns the markup.
  function result(d) {
    var node = template.content.cloneNode(true);
    node.querySelectorAll("[data-result]").forEach(function (el) {
      el.getAttribute("data-result").split(/\s+/).forEach(function (role) {
        if (role === "link") el.setAttribute("href", href(d.url));
        else if (role === "title" || role === "excerpt") highlight(el, d[role]);
        else if (role === "date" || role === "places") el.textContent = d[role];
      });
    });
    return node;
  }

  function href(url) {
    // Offline, links go from the index's folder up to the site's root
    // (M.root: "../" from search/, "../../" from fr/search/) and name the
    // file, which file:// needs.
    return location.protocol === "file:" ? base + M.root + url.replace(/^\//, "") + "index.html" : url;
  }

  var form, input, region, facility, status, list, template, more, shown = 0, current = null, serial = 0;

  function run() {
    var text = input.value, my = ++serial;
    var q = JihatAnalyze.query(text, M.rules), typing = q.prefixes.length > 0;
    var filters = [];
    if (region.value) filters.push("r:" + region.value);
    if (facility.value) filters.push("f:" + facility.value);
    // The address keeps the query, in a task of its own: replaceState
    // takes a few milliseconds, on a phone tens.
    later().then(function () {
      if (my !== serial) return;
      try {
        var params = new URLSearchParams();
        if (text) params.set("q", text);
        if (region.value) params.set("r", region.value);
        if (facility.value) params.set("f", facility.value);
        history.replaceState(null, "", "?" + params.toString());
      } catch (e) { /* some browsers refuse on file:// */ }
    });
    if (!q.terms.length && !filters.length) { status.textContent = ""; list.textContent = ""; more.hidden = true; return; }
    // Every word and filter must match; the word being typed (q.last)
    // by its term, or else by the beginning of another term, ranked after.
    var all = q.terms.filter(function (t) { return !typing || t !== q.last; }).concat(filters);
    Promise.all([
      Promise.all(all.map(postings)),
      typing ? postings(q.last) : null,
      typing ? prefixed(q.prefixes, q.last) : []
    ]).then(function (got) {
      // Scored in a task of its own, after the key's.
      return later().then(function () { return got; });
    }).then(function (got) {
      if (my !== serial) return;
      // Scores in arrays by document: a document is a hit when every
      // list has it. The word being typed is one list: its term's
      // documents, then (tier 1) those of the terms it begins, each with
      // its best score.
      var total = M.total, sum = new Float64Array(total), hits = new Uint8Array(total), need = got[0].length;
      got[0].forEach(function (l) {
        for (var k = 0; k < l.ids.length; k++) { hits[l.ids[k]]++; sum[l.ids[k]] += l.sc[k]; }
      });
      var tier = new Uint8Array(total);
      if (typing) {
        var word = new Int32Array(total), has = new Uint8Array(total), k, id;
        for (k = 0; k < got[1].ids.length; k++) { id = got[1].ids[k]; word[id] = got[1].sc[k]; has[id] = 2; }
        got[2].forEach(function (l) {
          for (var j = 0; j < l.ids.length; j++) {
            var d = l.ids[j];
            if (has[d] === 2) continue;
            has[d] = 1; tier[d] = 1;
            if (l.sc[j] > word[d]) word[d] = l.sc[j];
          }
        });
        for (id = 0; id < total; id++) if (has[id]) { hits[id]++; sum[id] += word[id]; }
        need++;
      }
      var ids = [];
      for (var d = 0; d < total; d++) if (hits[d] === need) ids.push(d);
      later().then(function () {
        if (my !== serial) return;
        ids.sort(function (a, b) { return (tier[a] - tier[b]) || (sum[b] - sum[a]) || (a - b); });
        current = { ids: ids, query: q, marks: new Map() };
        shown = 0;
        page(my, true);
      });
    });
  }

  // A new task: long computations give the page a chance to paint and
  // to take the next key in between.
  function later() { return new Promise(function (resolve) { setTimeout(resolve, 0); }); }

  // Shows the next 20 results; first, the results of a new query replace
  // those of the last, with their count, in the same task (no flash of an
  // empty list).
  function page(my, first) {
    var ids = current.ids.slice(shown, shown + 20), n = current.ids.length;
    shown += ids.length;
    more.hidden = shown >= current.ids.length;
    docs(ids).then(function (rows) {
      return later().then(function () {
        if (my !== serial) return;
        var all = document.createDocumentFragment();
        rows.forEach(function (d) { all.appendChild(result(d)); });
        if (first) { status.textContent = plural(n); list.textContent = ""; }
        list.appendChild(all);
      });
    });
  }

  function start() {
    form = document.getElementById("search-form");
    input = form.querySelector("input[type=search]");
    region = form.querySelector("select[name=r]");
    facility = form.querySelector("select[name=f]");
    status = document.getElementById("search-status");
    list = document.getElementById("search-results");
    template = document.getElementById("search-result");
    if (!template) throw new Error("search: the page has no template#search-result");
    more = document.getElementById("search-more");
    [["region", region, (M.facets || {}).regions], ["facility", facility, (M.facets || {}).facilities]].forEach(function (x) {
      (x[2] || []).forEach(function (f) { x[1].add(new Option(f.n, f.k)); });
    });
    var params = new URLSearchParams(location.search);
    input.value = params.get("q") || "";
    region.value = params.get("r") || "";
    facility.value = params.get("f") || "";
    var timer;
    input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(run, 120); });
    region.addEventListener("change", run);
    facility.addEventListener("change", run);
    form.addEventListener("submit", function (e) { e.preventDefault(); run(); });
    more.addEventListener("click", function () { page(serial); });
    form.hidden = false;
    run();
  }

  function whenReady() {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
    else start();
  }
  ready.push(whenReady);
})();
