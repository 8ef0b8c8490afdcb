/* remit: the "copy the text" button of a matter page's "report it" (report_links.py).
 * Without this script the button stays hidden and the text can be selected by hand. */
(function () {
  "use strict";
  function start() {
    document.querySelectorAll("button[data-copy]").forEach(function (b) {
      if (b.dataset.ready) return;
      b.dataset.ready = "1";
      var area = document.getElementById(b.dataset.copy);
      var note = b.closest(".remit-report").querySelector(".remit-report__note");
      if (!area) return;
      b.hidden = false;
      b.addEventListener("click", function () {
        function done(ok) {
          if (note) note.textContent = ok ? b.dataset.done : b.dataset.failed;
          if (!ok) { area.closest("details").open = true; area.focus(); area.select(); }
        }
        if (navigator.clipboard && navigator.clipboard.writeText) {
          navigator.clipboard.writeText(area.value).then(function () { done(true); },
            function () { done(false); });
        } else {
          done(false);
        }
      });
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
  // Material's instant navigation swaps pages without a reload
  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(start);
  }
})();
