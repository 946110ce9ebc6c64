// Runs before the WebAssembly module: says in words (Chinese or English) if it is
// missing or fails to load, shows any uncaught error in the banner so the page never
// dies silently, and in embed mode tells the host page how tall the content is.
(function () {
  "use strict";
  var params = new URLSearchParams(window.location.search);
  var languages = [params.get("lang")].concat(navigator.languages || [navigator.language]);
  var chinese = false;
  for (var i = 0; i < languages.length; i++) {
    var code = String(languages[i] || "").toLowerCase();
    if (code.indexOf("zh") === 0) { chinese = true; break; }
    if (code.indexOf("en") === 0) break;
  }
  var messages = chinese
    ? {
        loading: "正在加载……",
        noWasm: "本演示需要 WebAssembly，但当前浏览器不支持或已将其关闭。",
        failed: "无法加载本演示：",
        slow: "加载时间过长。请检查网络连接后重新加载页面。",
        title: "出错了，应用已停止运行。",
        reload: "重新加载",
      }
    : {
        loading: "Loading the lesson…",
        noWasm: "This lesson needs WebAssembly, which this browser does not support or has turned off.",
        failed: "The lesson could not be loaded: ",
        slow: "The lesson is taking long to load. Check your connection, then reload the page.",
        title: "Something went wrong and the app stopped.",
        reload: "Reload",
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
    if (title && !title.textContent) title.textContent = messages.title;
    var reload = document.getElementById("reload");
    if (reload && !reload.textContent) reload.textContent = messages.reload;
    banner.hidden = false;
  }

  function report(reason) {
    var text = String((reason && reason.message) || reason || "unknown error");
    if (ready()) showBanner(text);
    else showStatus(messages.failed + text);
  }

  // The host page's resize script (www/embed.js) listens for this message.
  function reportHeight() {
    if (window.parent === window) return;
    var height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    window.parent.postMessage({ type: "gdlab:height", height: height }, "*");
  }

  if (typeof WebAssembly !== "object" || typeof WebAssembly.instantiate !== "function") {
    document.addEventListener("DOMContentLoaded", function () { showStatus(messages.noWasm); });
    return;
  }
  window.addEventListener("error", function (event) { report(event.error || event.message); });
  window.addEventListener("unhandledrejection", function (event) { report(event.reason); });
  document.addEventListener("DOMContentLoaded", function () {
    var status = document.getElementById("status");
    if (status && !status.classList.contains("error")) status.textContent = messages.loading;
    var reload = document.getElementById("reload");
    if (reload) reload.addEventListener("click", function () { window.location.reload(); });
    setTimeout(function () { if (!ready()) showStatus(messages.slow); }, 20000);
    if (params.get("embed") === "1" && typeof ResizeObserver === "function") {
      new ResizeObserver(reportHeight).observe(document.documentElement);
    }
  });
})();
