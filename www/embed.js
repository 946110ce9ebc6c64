// For pages that embed the lesson: sizes each <iframe data-gdlab> to the height its
// content reports, so the figure has no inner scrollbar and the article does not jump.
// Usage: <script src="embed.js" defer></script> once per page (see README.md).
(function () {
  "use strict";
  window.addEventListener("message", function (event) {
    var data = event.data;
    if (!data || data.type !== "gdlab:height" || typeof data.height !== "number") return;
    var height = Math.max(120, Math.min(Math.ceil(data.height), 20000));
    var frames = document.querySelectorAll("iframe[data-gdlab]");
    for (var i = 0; i < frames.length; i++) {
      if (frames[i].contentWindow === event.source) frames[i].style.height = height + "px";
    }
  });
})();
