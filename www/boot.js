// Runs before the WebAssembly module: says in words if it is missing or fails to
// load, and shows any uncaught error in the banner so the page never dies silently.
(function () {
  "use strict";
  var messages = {
    noWasm: "This lesson needs WebAssembly, which this browser does not support or has turned off.",
    failed: "The lesson could not be loaded: ",
    slow: "The lesson is taking long to load. Check your connection, then reload the page.",
  };

  function ready() {
    return document.body && document.body.dataset.ready === "true";
  }

  function showStatus(text) {
    var status = document.getElementById("status");
    if (status) {
      status.textContent = text;
      status.classList.add("error");
      status.hidden = false;
    }
  }

  function showBanner(text) {
    var banner = document.getElementById("error-banner");
    var detail = document.getElementById("error-text");
    if (!banner || !detail) return;
    if (!detail.textContent) detail.textContent = text;
    var title = document.getElementById("error-title");
    if (title && !title.textContent) title.textContent = "Something went wrong and the app stopped.";
    var reload = document.getElementById("reload");
    if (reload && !reload.textContent) reload.textContent = "Reload";
    banner.hidden = false;
  }

  function report(reason) {
    var text = String((reason && reason.message) || reason || "unknown error");
    if (ready()) showBanner(text);
    else showStatus(messages.failed + text);
  }

  if (typeof WebAssembly !== "object" || typeof WebAssembly.instantiate !== "function") {
    document.addEventListener("DOMContentLoaded", function () { showStatus(messages.noWasm); });
    return;
  }
  window.addEventListener("error", function (event) { report(event.error || event.message); });
  window.addEventListener("unhandledrejection", function (event) { report(event.reason); });
  document.addEventListener("DOMContentLoaded", function () {
    var reload = document.getElementById("reload");
    if (reload) reload.addEventListener("click", function () { window.location.reload(); });
    setTimeout(function () { if (!ready()) showStatus(messages.slow); }, 20000);
  });
})();
