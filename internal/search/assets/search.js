/* Jihat search: classic script, works from file:// (no fetch, no modules).
   Shards are <script> files that call back into JihatSearch. */
(function () {
  "use strict";
  var base = document.currentScript.src.replace(/[^\/]*$/, "");
  var M = null, termShards = {}, docShards = {}, waiting = {}, ready = [];

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
    manifest: function (m) { M = m; ready.forEach(function (f) { f(); }); },
    t: function (n, data) { termShards[n] = data; },
    d: function (n, rows) { docShards[n] = rows; }
  };

  // FNV-1a over UTF-8, as ShardOf in Go.
  function shardOf(term) {
    var bytes = new TextEncoder().encode(term), h = 0x811c9dc5;
    for (var i = 0; i < bytes.length; i++) { h ^= bytes[i]; h = Math.imul(h, 0x01000193) >>> 0; }
    return h % M.shards;
  }

  function postings(term) {
    var n = shardOf(term);
    return load("t/" + n + ".js").then(function () {
      var enc = termShards[n][term], out = new Map();
      if (!enc) return out;
      var doc = -1, score = 0;
      enc.split(",").forEach(function (p) {
        var dot = p.indexOf(".");
        if (dot >= 0) { score = parseInt(p.slice(dot + 1), 36); p = p.slice(0, dot); }
        doc += parseInt(p, 36);
        out.set(doc, score);
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
  // per Arabic plural category (CLDR), with %d for the number.
  function plural(k) {
    var n = status.dataset, m = k % 100;
    var f = k === 0 ? n.zero : k === 1 ? n.one : k === 2 ? n.two : m >= 3 && m <= 10 ? n.few : m >= 11 ? n.many : n.other;
    return (f || n.other || "%d").split("%d").join(String(k));
  }

  // Puts text in el with every word whose analysed form is one of the
  // query's terms in a <mark>, so "المؤسسات" lights up for a query "مؤسسة".
  // Text nodes and <mark> only: nothing in text becomes markup.
  function highlight(el, text) {
    var last = 0, re = /[\p{L}\p{N}\p{M}\u0640]+/gu, m;
    el.textContent = "";
    while ((m = re.exec(text))) {
      var t = JihatAnalyze.terms(m[0], M.rules);
      if (!t.some(function (x) { return current.terms.has(x); })) continue;
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
    // Offline the page sits at search/index.html: links go up one folder
    // and name the file, which file:// needs.
    return location.protocol === "file:" ? ".." + url + "index.html" : url;
  }

  var form, input, region, facility, status, list, template, more, shown = 0, current = null, serial = 0;

  function run() {
    var q = input.value, my = ++serial;
    var terms = Array.from(new Set(JihatAnalyze.terms(q, M.rules)));
    var filters = [];
    if (region.value) filters.push("r:" + region.value);
    if (facility.value) filters.push("f:" + facility.value);
    try {
      var params = new URLSearchParams();
      if (q) params.set("q", q);
      if (region.value) params.set("r", region.value);
      if (facility.value) params.set("f", facility.value);
      history.replaceState(null, "", "?" + params.toString());
    } catch (e) { /* some browsers refuse on file:// */ }
    if (!terms.length && !filters.length) { status.textContent = ""; list.textContent = ""; more.hidden = true; return; }
    Promise.all(terms.concat(filters).map(postings)).then(function (lists) {
      if (my !== serial) return;
      var scores = null;
      lists.forEach(function (l) {
        if (scores === null) { scores = new Map(l); return; }
        var next = new Map();
        l.forEach(function (s, id) { if (scores.has(id)) next.set(id, scores.get(id) + s); });
        scores = next;
      });
      var ids = Array.from(scores.keys()).sort(function (a, b) { return (scores.get(b) - scores.get(a)) || (a - b); });
      current = { ids: ids, terms: new Set(terms) };
      status.textContent = plural(ids.length);
      list.textContent = "";
      shown = 0;
      page(my);
    });
  }

  function page(my) {
    var ids = current.ids.slice(shown, shown + 20);
    shown += ids.length;
    more.hidden = shown >= current.ids.length;
    docs(ids).then(function (rows) {
      if (my !== serial) return;
      rows.forEach(function (d) { list.appendChild(result(d)); });
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
    [["region", region, M.facets.regions], ["facility", facility, M.facets.facilities]].forEach(function (x) {
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
