/* jihat serve: live reload. Injected by the development server only. */
(function () {
  "use strict";
  var overlay = null;
  function showError(e) {
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.id = "jihat:error"; // a ":" no heading anchor holds
      overlay.setAttribute("role", "alert");
      overlay.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;margin:0;padding:1.5rem;" +
        "background:rgba(20,20,24,.96);color:#fff;font:15px/1.6 ui-monospace,Menlo,Consolas,monospace;white-space:pre-wrap;text-align:start";
      document.body.appendChild(overlay);
    }
    // The words come from the build, in the editor's language.
    overlay.setAttribute("lang", e.lang || "en");
    overlay.setAttribute("dir", e.dir || "ltr");
    overlay.textContent = (e.heading || "") + "\n\n";
    // Each problem on a line of its own, its file:line:col isolated so
    // that right-to-left text does not reorder it.
    String(e.message).split("\n").forEach(function (line) {
      var row = document.createElement("div");
      var m = /^(\S+?:\d+(?::\d+)?:)(\s.*)$/.exec(line);
      if (m) {
        var at = document.createElement("bdi");
        at.dir = "ltr";
        at.textContent = m[1];
        row.appendChild(at);
        row.appendChild(document.createTextNode(m[2]));
      } else {
        row.textContent = line;
      }
      overlay.appendChild(row);
    });
  }
  function hideError() {
    if (overlay) { overlay.remove(); overlay = null; }
  }
  function refreshStyles() {
    var stamp = Date.now();
    document.querySelectorAll('link[rel="stylesheet"]').forEach(function (link) {
      var url = new URL(link.href);
      url.searchParams.set("jihat", stamp);
      var fresh = link.cloneNode();
      fresh.href = url.href;
      fresh.onload = function () { link.remove(); };
      link.after(fresh);
    });
  }
  var source = new EventSource("/_jihat/events");
  source.onopen = function () { document.documentElement.setAttribute("data-jihat-live", "on"); };
  source.onmessage = function (msg) {
    var e = JSON.parse(msg.data);
    if (e.type === "error") { showError(e); return; }
    if (e.type === "css") { hideError(); refreshStyles(); return; }
    if (e.type === "ok") { hideError(); return; }
    if (e.type === "reload") {
      if (e.page && decodeURI(location.pathname) !== decodeURI(e.page)) location.assign(e.page);
      else location.reload();
    }
  };
})();
