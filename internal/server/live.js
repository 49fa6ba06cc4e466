/* jihat serve: live reload. Injected by the development server only. */
(function () {
  "use strict";
  var overlay = null;
  function showError(message) {
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.id = "jihat:error"; // a ":" no heading anchor holds
      overlay.setAttribute("role", "alert");
      overlay.setAttribute("dir", "ltr");
      overlay.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;margin:0;padding:1.5rem;" +
        "background:rgba(20,20,24,.96);color:#fff;font:15px/1.6 ui-monospace,Menlo,Consolas,monospace;white-space:pre-wrap;text-align:left";
      document.body.appendChild(overlay);
    }
    overlay.textContent = "jihat: the last change could not be built; the page shows the last good version.\n\n" + message;
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
    if (e.type === "error") { showError(e.message); return; }
    if (e.type === "css") { hideError(); refreshStyles(); return; }
    if (e.type === "ok") { hideError(); return; }
    if (e.type === "reload") {
      if (e.page && decodeURI(location.pathname) !== decodeURI(e.page)) location.assign(e.page);
      else location.reload();
    }
  };
})();
