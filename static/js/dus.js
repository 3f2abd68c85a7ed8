// DUS-portalen's own script. No inline scripts: the CSP forbids them.
(function () {
  "use strict";

  // Det Fælles Designsystem's components, once per page. Not again on what htmx
  // swaps in: DKFDS.init() always re-initialises the global navigation as well
  // (whatever its scope), which duplicates the menu's "Mere" button. A fragment
  // that needs a DKFDS component initialises that component alone.
  document.addEventListener("DOMContentLoaded", function () {
    if (window.DKFDS) {
      window.DKFDS.init();
    }
  });

  // Announce the result of an in-place change to screen readers (HX-Trigger "dus:announce").
  document.addEventListener("dus:announce", function (event) {
    var region = document.getElementById("dus-announcer");
    if (region && event.detail && event.detail.message) {
      region.textContent = "";
      window.setTimeout(function () {
        region.textContent = event.detail.message;
      }, 50);
    }
  });
})();
