// DUS-portalen's own script: initialise Det Fælles Designsystem's components,
// on load and again on what htmx swaps in. No inline scripts: the CSP forbids them.
(function () {
  "use strict";
  function init(scope) {
    if (window.DKFDS) {
      window.DKFDS.init(scope ? { scope: scope } : undefined);
    }
  }
  document.addEventListener("DOMContentLoaded", function () {
    init();
    document.body.addEventListener("htmx:afterSwap", function (event) {
      init(event.detail.target);
    });
  });
})();

// Announce the result of an in-place change to screen readers (HX-Trigger "dus:announce").
document.addEventListener("dus:announce", function (event) {
  var region = document.getElementById("dus-announcer");
  if (region && event.detail && event.detail.message) {
    region.textContent = "";
    window.setTimeout(function () { region.textContent = event.detail.message; }, 50);
  }
});
